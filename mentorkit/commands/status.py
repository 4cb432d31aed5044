"""``build.py status``: the staff readiness table for the current cohorts.

For the programme team, not the public: it names mentors (staff need to
chase checks) but never prints a mentee's pseudonym, only counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table

from mentorkit.check.safeguarding import DBS_VALID_YEARS, TRAINING_VALID_YEARS, mentor_checks, mentor_clearance
from mentorkit.load.content import CheckedSite, Site
from mentorkit.model import Cohort
from mentorkit.model.attendance import attendance, sessions_delivered, unrecorded

#: The checks that say whether a mentor's DBS and training cover a cohort's dates (not
#: the barred-list warning, which depends on the sessions a matched mentor will lead).
COVER = {"dbs-missing", "dbs-not-enhanced", "dbs-expired", "dbs-lapses"} | {
    "training-missing",
    "training-after-start",
    "training-lapses",
}


@dataclass
class Readiness:
    year: str
    mentor_checks: list[tuple[str, str, str]] = field(default_factory=list)  # mentor, problem, fix
    unmatched: list[tuple[str, int]] = field(default_factory=list)  # school, count
    over_capacity: list[tuple[str, int, int]] = field(default_factory=list)  # mentor, mentees, max
    undelivered: list[tuple[str, int, str, str]] = field(default_factory=list)  # school, session, status, date
    attendance: list[tuple[str, int, int, int]] = field(default_factory=list)  # school, mentees, attended, possible
    unrecorded: dict[str, int] = field(default_factory=dict)  # school -> delivered sessions with no attendance list
    cohorts: int = 0


def readiness(site: CheckedSite, year: str | None = None) -> Readiness:
    """What staff must act on for ``year`` (default: the latest year with cohorts)."""
    year = year or (site.academic_years[-1] if site.academic_years else "")
    out = Readiness(year)
    cohorts = [c for _, c in site.cohorts_in(year)]
    out.cohorts = len(cohorts)
    for finding in mentor_checks(site):
        if finding.cohort.startswith(f"{year}/"):
            row = (finding.mentor, finding.message, finding.hint)
            if row not in out.mentor_checks:
                out.mentor_checks.append(row)
    out.mentor_checks += _unmatched_mentor_checks(site, cohorts)
    load: dict[str, int] = {}
    for cohort in cohorts:
        missing = sum(1 for m in cohort.mentees if not m.mentor)
        if missing:
            out.unmatched.append((cohort.school, missing))
        for mentee in cohort.mentees:
            if mentee.mentor:
                load[mentee.mentor] = load.get(mentee.mentor, 0) + 1
        delivered = sessions_delivered(cohort)
        for number in sorted(p.number for p in site.sessions.values()):
            if number not in delivered:
                planned = [d for d in cohort.deliveries if d.session == number and d.status == "planned"]
                when = min(d.date for d in planned).isoformat() if planned else "not scheduled"
                out.undelivered.append((cohort.school, number, "planned" if planned else "missing", when))
        attended, possible = attendance(cohort)
        out.attendance.append((cohort.school, len(cohort.mentees), attended, possible))
        missing = len({d.session for _, d in unrecorded(cohort)})
        if missing:
            out.unrecorded[cohort.school] = missing
    for mentor_id, count in sorted(load.items()):
        mentor = site.mentors.get(mentor_id)
        if mentor and mentor.max_mentees and count > mentor.max_mentees:
            out.over_capacity.append((mentor_id, count, mentor.max_mentees))
    return out


def _unmatched_mentor_checks(site: CheckedSite, cohorts: list[Cohort]) -> list[tuple[str, str, str]]:
    """Active mentors matched in none of the year's cohorts whose DBS or training would not
    cover a cohort they could be matched in (one at a school they offer, or any)."""
    matched = {m.mentor for c in cohorts for m in c.mentees if m.mentor} | {
        d.mentor for c in cohorts for d in c.deliveries if d.mentor
    }
    rows: list[tuple[str, str, str]] = []
    for mentor_id, mentor in sorted(site.mentors.items()):
        if not mentor.active or mentor_id in matched:
            continue
        seen: set[str] = set()
        for cohort in sorted(cohorts, key=lambda c: c.start):
            if mentor.schools and cohort.school not in mentor.schools:
                continue
            for code, message, hint, _ in mentor_clearance(mentor_id, mentor, cohort):
                if code in COVER and code not in seen:
                    seen.add(code)
                    rows.append((mentor_id, f"{message} (not matched yet: {cohort.school}'s cohort)", hint))
    return rows


def print_readiness(site: Site, report: Readiness, console: Console | None = None) -> None:
    console = console or Console()
    name = site.programme.name if site.programme else "Programme"
    if not report.cohorts:
        _no_cohorts(console, site, name, report.year)
        return
    console.print(
        f"[bold]{name}[/bold]: readiness for {report.year} "
        f"({report.cohorts} cohort{'s' if report.cohorts != 1 else ''})"
    )

    def table(title: str, columns: list[str], rows: Sequence[tuple[object, ...]], empty: str) -> None:
        if not rows:
            console.print(f"[green]✓[/green] {title}: {empty}")
            return
        grid = Table(title=title, title_justify="left", show_lines=False)
        for column in columns:
            grid.add_column(column)
        for row in rows:
            grid.add_row(*(str(cell) for cell in row))
        console.print(grid)

    table(
        "Mentors missing checks",
        ["Mentor", "Problem", "What to do"],
        report.mentor_checks,
        "every active mentor's DBS and training cover this year's cohorts",
    )
    table("Unmatched mentees", ["School", "Mentees without a mentor"], report.unmatched, "every mentee has a mentor")
    table(
        "Mentors over their limit",
        ["Mentor", "Mentees", "Limit"],
        report.over_capacity,
        "no mentor is over their limit",
    )
    table(
        "Sessions not yet delivered",
        ["School", "Session", "Status", "Date"],
        report.undelivered,
        "every session has been delivered",
    )
    rows = [
        (
            school,
            mentees,
            attended if possible or not report.unrecorded.get(school) else "–",
            _rate(attended, possible, report.unrecorded.get(school, 0)),
        )
        for school, mentees, attended, possible in report.attendance
    ]
    table("Attendance by school", ["School", "Mentees", "Attendances", "Rate"], rows, "no deliveries yet")
    console.print(
        f"DBS checks are accepted for {DBS_VALID_YEARS} years unless on the Update Service; "
        f"safeguarding training for {TRAINING_VALID_YEARS} years.",
        style="dim",
    )


def _no_cohorts(console: Console, site: Site, name: str, year: str) -> None:
    # Every list would be empty and show a green tick: say instead that nothing was checked.
    years = ", ".join(site.academic_years) or "none yet"
    console.print(
        f"[bold]{name}[/bold]: no cohorts in {year or 'any year'}, so mentors' checks, matching, "
        "sessions and attendance cannot be checked for it.\n"
        "Add the year's cohorts (python build.py new cohort YEAR SCHOOL), "
        f"or give --year (years with cohorts: {years})."
    )


def _rate(attended: int, possible: int, unrecorded: int) -> str:
    """The attendance rate over recorded sessions; never 0% for sessions nobody recorded."""
    if not possible:
        return "not recorded" if unrecorded else "–"
    rate = f"{attended / possible:.0%}"
    if unrecorded:
        rate += f" ({unrecorded} session{'s' if unrecorded > 1 else ''} not recorded)"
    return rate
