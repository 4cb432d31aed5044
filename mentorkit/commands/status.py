"""``build.py status``: the staff readiness table for the current cohorts.

For the programme team, not the public: it names mentors (staff need to
chase checks) but never prints a mentee's pseudonym, only counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table

from mentorkit.check.safeguarding import DBS_VALID_YEARS, TRAINING_VALID_YEARS, mentor_checks
from mentorkit.load.content import CheckedSite, Site
from mentorkit.model.attendance import attendance, sessions_delivered


@dataclass
class Readiness:
    year: str
    mentor_checks: list[tuple[str, str, str]] = field(default_factory=list)  # mentor, problem, fix
    unmatched: list[tuple[str, int]] = field(default_factory=list)  # school, count
    over_capacity: list[tuple[str, int, int]] = field(default_factory=list)  # mentor, mentees, max
    undelivered: list[tuple[str, int, str, str]] = field(default_factory=list)  # school, session, status, date
    attendance: list[tuple[str, int, int, int]] = field(default_factory=list)  # school, mentees, attended, possible


def readiness(site: CheckedSite, year: str | None = None) -> Readiness:
    """What staff must act on for ``year`` (default: the latest year with cohorts)."""
    year = year or (site.academic_years[-1] if site.academic_years else "")
    out = Readiness(year)
    cohorts = [c for _, c in site.cohorts_in(year)]
    for finding in mentor_checks(site):
        if finding.cohort.startswith(f"{year}/"):
            row = (finding.mentor, finding.message, finding.hint)
            if row not in out.mentor_checks:
                out.mentor_checks.append(row)
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
    for mentor_id, count in sorted(load.items()):
        mentor = site.mentors.get(mentor_id)
        if mentor and mentor.max_mentees and count > mentor.max_mentees:
            out.over_capacity.append((mentor_id, count, mentor.max_mentees))
    return out


def print_readiness(site: Site, report: Readiness, console: Console | None = None) -> None:
    console = console or Console()
    console.print(
        f"[bold]{site.programme.name if site.programme else 'Programme'}[/bold]: readiness for "
        f"{report.year or 'no cohorts'}"
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
        "every matched mentor's DBS and training are in date",
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
        (school, mentees, attended, f"{attended / possible:.0%}" if possible else "–")
        for school, mentees, attended, possible in report.attendance
    ]
    table("Attendance by school", ["School", "Mentees", "Attendances", "Rate"], rows, "no deliveries yet")
    console.print(
        f"DBS checks are accepted for {DBS_VALID_YEARS} years unless on the Update Service; safeguarding training for "
        f"{TRAINING_VALID_YEARS} years.",
        style="dim",
    )
