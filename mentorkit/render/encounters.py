"""Gatsby Benchmark 5: every pupil's encounters with employers, for their school.

Benchmark 5 asks that every pupil has a meaningful encounter with an employer
each year, and schools record them in their careers system (e.g. Compass+).
A session a pupil attended with a business mentor is such an encounter: it
has a purpose, two-way talk and reflection. Peer mentors are students, not
employers, so their sessions are not counted.

Two outputs from the same rows:

- private (``build.py private``): one CSV per school and year, one row per
  pupil per encounter, by pseudonym; the school alone holds the key from
  pseudonyms to its pupils, so it can import the rows into its own records;
- public (the For schools page): per school and year, pupils reached and
  encounters per pupil, through ``disclosure.protect`` like every figure.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.model import Delivery, Mentor
from mentorkit.model.attendance import recorded
from mentorkit.model.deliveries import invited, mentor_met
from mentorkit.render.display import Display, footnote, share_with_n, show
from mentorkit.render.safecsv import neutralise_cell
from mentorkit.stats.breakdowns import PROGRAMME, SCHOOL, group_relations, groups
from mentorkit.stats.disclosure import Column, PublishedTable, StatTable, protect
from mentorkit.stats.figures import data_years
from mentorkit.stats.programme_tables import participation_table

BENCHMARK = "5"
ENCOUNTER_TYPE = "Employer mentoring"

#: One row per pupil per encounter. A careers system's activity import needs who
#: (pupil code, school URN), when (date, academic year), what (activity, benchmark,
#: type, format, minutes) and with whom (employer sector, provider).
CSV_COLUMNS = [
    "pupil_code",
    "school_urn",
    "school",
    "academic_year",
    "year_group",
    "date",
    "activity",
    "gatsby_benchmark",
    "encounter_type",
    "format",
    "minutes",
    "employer_sector",
    "provider",
]


@dataclass(frozen=True)
class Encounter:
    pupil: str
    school: str
    academic_year: str
    year_group: int
    date: str
    session: int
    title: str
    format: str
    minutes: int
    sector: str


def _met_employers(site: CheckedSite, key: str) -> Iterator[tuple[Delivery, str, Mentor | None]]:
    """(delivery, pupil, mentor met) for every delivered session of cohort ``key`` a pupil attended
    with an employer; the mentor is None when the roster names none (a business programme's)."""
    cohort = site.cohorts[key]
    mentees = {m.id: m for m in cohort.mentees}
    business_programme = site.programme.mentor_kind == "business"
    for delivery in cohort.deliveries:
        if delivery.status != "delivered":
            continue
        for pupil in delivery.attended:
            mentee = mentees.get(pupil)
            if mentee is None:
                continue
            mentor = site.mentors.get(mentor_met(delivery, mentee) or "")
            if (mentor.kind == "business") if mentor is not None else business_programme:
                yield delivery, pupil, mentor


def _with_employer(site: CheckedSite, key: str, delivery: Delivery) -> bool:
    """Whether a delivery is a session with an employer for anyone it was meant for."""
    cohort = site.cohorts[key]
    business_programme = site.programme.mentor_kind == "business"
    for mentee in invited(cohort, delivery):
        mentor = site.mentors.get(mentor_met(delivery, mentee) or "")
        if (mentor.kind == "business") if mentor is not None else business_programme:
            return True
    return False


def unrecorded_encounters(site: CheckedSite, key: str) -> tuple[list[Delivery], int]:
    """Cohort ``key``'s delivered sessions with an employer that have no attendance record, and
    how many such sessions were delivered in all: pupils' encounters there cannot be counted."""
    employer = [d for d in site.cohorts[key].deliveries if d.status == "delivered" and _with_employer(site, key, d)]
    return [d for d in employer if not recorded(d)], len(employer)


def encounters(site: CheckedSite, key: str) -> list[Encounter]:
    """Every employer encounter of cohort ``key``'s pupils: sessions delivered and attended."""
    cohort = site.cohorts[key]
    plans = site.sessions_by_number
    found = []
    for delivery, pupil, mentor in _met_employers(site, key):
        plan = plans.get(delivery.session)
        found.append(
            Encounter(
                pupil,
                cohort.school,
                cohort.academic_year,
                cohort.year_group,
                delivery.date.isoformat(),
                delivery.session,
                plan.title if plan else f"Session {delivery.session}",
                delivery.format,
                plan.duration_minutes if plan else 0,
                mentor.sector if mentor else "",
            )
        )
    return sorted(found, key=lambda e: (e.pupil, e.date, e.session))


def _reach(site: CheckedSite, key: str) -> tuple[set[str], int]:
    """The pupils of cohort ``key`` who met an employer, and how many encounters they had.

    The public table needs only these two figures: not building an Encounter
    per pupil per session saves seconds at national scale.
    """
    pupils: set[str] = set()
    count = 0
    for _, pupil, _ in _met_employers(site, key):
        pupils.add(pupil)
        count += 1
    return pupils, count


def evidence_csv(site: CheckedSite, key: str) -> str | None:
    """The school's Benchmark 5 evidence for one year, or None when there is none."""
    rows = encounters(site, key)
    if not rows:
        return None
    programme = site.programme
    school = site.schools.get(site.cohorts[key].school)
    provider = programme.organisation.name + (f", {programme.organisation.team}" if programme.organisation.team else "")
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: CRLF line ends, quotes where needed
    writer.writerow(CSV_COLUMNS)
    for e in rows:
        cells = [
            e.pupil,
            school.urn if school and school.urn else "",
            school.name if school else e.school,
            e.academic_year,
            str(e.year_group),
            e.date,
            f"{programme.name}: session {e.session}, {e.title}",
            BENCHMARK,
            ENCOUNTER_TYPE,
            e.format,
            str(e.minutes),
            e.sector,
            provider,
        ]
        writer.writerow([neutralise_cell(c) for c in cells])
    return out.getvalue()


def missing_records_text(site: CheckedSite, key: str) -> str | None:
    """For the school's evidence folder: the sessions with an employer whose attendance was
    not recorded, so the school knows its CSV is short of them (None when there are none)."""
    missing, total = unrecorded_encounters(site, key)
    if not missing:
        return None
    cohort = site.cohorts[key]
    school = site.schools.get(cohort.school)
    plans = site.sessions_by_number
    lines = [
        f"{school.name if school else cohort.school}, {cohort.academic_year}: attendance not recorded for "
        f"{len(missing)} of {total} sessions with an employer. Pupils who came to them are missing from "
        f"{cohort.academic_year}/{cohort.school}.csv until the attendance is added to the cohort file "
        f"(content/cohorts/{key}.yaml, attended: under each delivery) and build.py private is run again.",
        "",
    ]
    for delivery in missing:
        plan = plans.get(delivery.session)
        title = plan.title if plan else f"Session {delivery.session}"
        lines.append(f"- {delivery.date.isoformat()}: session {delivery.session}, {title} ({delivery.format})")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the public summary


def encounter_table(site: CheckedSite, years: list[str]) -> StatTable | None:
    """Per year, for the programme and each school: pupils, pupils reached, encounters per pupil reached."""
    columns = [
        Column("academic_year", "Academic year", "label", "Academic year, e.g. 2024-25."),
        Column("level", "Level", "label", "Programme (all schools), School or Year group."),
        Column("group", "Group", "label", "The school or year group; 'All schools' for the programme."),
        Column("pupils", "Pupils", "people", "Young people in the cohorts."),
        Column(
            "reached",
            "Pupils with an employer encounter",
            "people",
            "Pupils who attended at least one session with a business mentor.",
            base="pupils",
        ),
        Column("reached_share", "Reached (share)", "percent", "reached / pupils.", base="pupils", count="reached"),
        Column(
            "per_pupil",
            "Encounters per pupil reached",
            "ratio",
            "Sessions attended with a business mentor, per pupil reached.",
            base="reached",
            hidden="_encounters",
            places=1,
            unit="count",
        ),
        Column(
            "attendance_record",
            "Attendance record",
            "label",
            "recorded; or how many sessions with an employer were delivered with no attendance list, "
            "in which case no count of pupils reached is given (never 0).",
        ),
    ]
    table = StatTable(
        "encounters",
        "Employer encounters (Gatsby Benchmark 5)",
        "Pupils who met an employer through the programme, and how often.",
        columns,
    )
    by_cohort = {key: _reach(site, key) for key in site.cohorts}
    missing = {key: unrecorded_encounters(site, key) for key in site.cohorts}
    if not any(count for _, count in by_cohort.values()) and not any(m for m, _ in missing.values()):
        return None
    for year in years:
        found = groups(site, year)
        cohorts = [(key, c) for key, c in site.cohorts_in(year)]
        if not cohorts:
            continue
        first = len(table.rows)
        for group in found:
            mine = [(key, c) for key, c in cohorts if c.school in group.schools]
            table.rows.append(_encounter_row(year, group.level, group.label, mine, by_cohort, missing))
        table.relations += group_relations(first, found)
    return table if table.rows else None


def _encounter_row(
    year: str,
    level: str,
    label: str,
    mine: list[tuple[str, Any]],
    by_cohort: dict[str, tuple[set[str], int]],
    missing: dict[str, tuple[list[Delivery], int]],
) -> dict[str, Any]:
    pupils = sum(len(c.mentees) for _, c in mine)
    count = sum(by_cohort[key][1] for key, _ in mine)
    reached = len({(c.school, pupil) for key, c in mine for pupil in by_cohort[key][0]})
    row = {
        "academic_year": year,
        "level": level,
        "group": label,
        "pupils": pupils,
        "reached": reached,
        "reached_share": reached / pupils if pupils else None,
        "per_pupil": count / reached if reached else None,
        "_encounters": count,
        "attendance_record": _record(sum(len(missing[k][0]) for k, _ in mine), sum(missing[k][1] for k, _ in mine)),
    }
    if row["attendance_record"] != "recorded":
        # Unrecorded sessions would count as nobody reached: no figure rather than a false 0.
        row.update(reached=None, reached_share=None, per_pupil=None, _encounters=None)
    return row


def _record(unrecorded: int, sessions: int) -> str:
    if not unrecorded:
        return "recorded"
    return "not recorded" if unrecorded == sessions else f"not recorded for {unrecorded} of {sessions} sessions"


def sections(site: CheckedSite, participation: PublishedTable | None = None) -> dict[str, Any] | None:
    """The For schools page's Benchmark 5 tables, newest year first, disclosure-controlled.

    ``participation``: the published participation table (``stats.compute``'s),
    when the caller has it; it is worked out again otherwise.
    """
    years = data_years(site)
    table = encounter_table(site, years)
    if table is None:
        return None
    policy = site.programme.disclosure
    if participation is None:
        participation = protect(participation_table(site, years), policy)
    published = protect(table, policy, follow={"pupils": _withheld_mentees(participation, table)})
    years = sorted({r["academic_year"].value for r in published.rows}, reverse=True)
    return {
        "years": [{"year": year, "table": _display(published, year)} for year in years],
        "footnote": lambda display: footnote(display.symbols, policy),
    }


def _withheld_mentees(participation: PublishedTable, table: StatTable) -> set[int]:
    """Rows whose Pupils the participation table withholds as Mentees.

    They are the same figures: were the two tables to withhold different
    cells around a small school, a reader could take one table's published
    count and the other's totals and work out what both withhold. So Pupils
    follows Mentees exactly, and this table protects its own columns around it.
    """
    withheld = {
        (r["academic_year"].value, r["level"].value, r["group"].value)
        for r in participation.rows
        if r["mentees"].symbol == "c"
    }
    return {i for i, r in enumerate(table.rows) if (r["academic_year"], r["level"], r["group"]) in withheld}


def _display(table: PublishedTable, year: str) -> Display:
    cols = {c.name: c for c in table.columns}
    display = Display(
        ["School", "Pupils", "Had an employer encounter", "Encounters per pupil reached"], align=["l", "r", "r", "r"]
    )
    rows = [r for r in table.rows if r["academic_year"].value == year and r["level"].value in (PROGRAMME, SCHOOL)]
    # Schools first, then the programme's total, as a reader adds them up.
    for r in sorted(rows, key=lambda r: r["level"].value == PROGRAMME):
        per_pupil, record = r["per_pupil"], r["attendance_record"].value
        if record != "recorded":
            # Never "0% (0 of 12)": the sessions happened, who came was not written down.
            display.rows.append([r["group"].value, show(r["pupils"], cols["pupils"]), record, record])
            continue
        display.rows.append(
            [
                r["group"].value,
                show(r["pupils"], cols["pupils"]),
                share_with_n(r, table, "reached_share", "reached", "pupils"),
                f"{per_pupil.value:.1f}" if per_pupil.shown else f"[{per_pupil.symbol}]",
            ]
        )
    return display
