"""Gatsby Benchmark 5: every pupil's encounters with employers, for their school.

Benchmark 5 asks that every pupil has a meaningful encounter with an employer
each year, and schools record them in their careers system (e.g. Compass+).
A session a pupil attended with a business mentor is an employer encounter;
it is *meaningful* when the programme or the session plan says how it meets
all four criteria (``model/meaningful.py``). Peer mentors are students, not
employers, so their sessions are not counted.

Two outputs from the same rows:

- private (``build.py private``, ``encounter_evidence.py``): per school and
  year, one row per pupil per encounter and one row per pupil on the roster
  ("at least one meaningful encounter this year"), by pseudonym; the school
  alone holds the key from pseudonyms to its pupils;
- public (the For schools page): per school and year, pupils reached,
  encounters per pupil and the share with a meaningful encounter, with
  employer sizes and modes for the programme, through ``disclosure.protect``
  like every figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mentorkit.check.encounters import has_employers
from mentorkit.load.content import CheckedSite
from mentorkit.model import Delivery, Mentor, SessionPlan
from mentorkit.model.attendance import recorded
from mentorkit.model.deliveries import employer_size, invited, meets_employer, mentor_met, mode
from mentorkit.model.meaningful import CRITERIA, NOT_RECORDED, unmet
from mentorkit.render import encounter_views as views
from mentorkit.render.display import footnote
from mentorkit.stats.breakdowns import PROGRAMME, group_relations, groups
from mentorkit.stats.disclosure import PublishedTable, StatTable, protect
from mentorkit.stats.encounter_table import RECORDED, GroupCounts, encounter_row, new_table
from mentorkit.stats.figures import data_years
from mentorkit.stats.programme_tables import participation_table

#: One row per pupil per encounter. A careers system's activity import needs who
#: (pupil code, school URN), when (date, academic year), what (activity, benchmark,
#: type, format, minutes) and with whom (employer sector, size, provider); the
#: columns added for the refreshed benchmark come last, so an import mapped to
#: the earlier file still reads it.
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
    "meaningful",
    "employer_size",
    "mode",
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
    meaningful: bool = False
    employer_size: str | None = None
    mode: str | None = None


def meaningful_sessions(site: CheckedSite) -> frozenset[int]:
    """The numbers of the session plans that meet all four criteria (with the programme's declaration)."""
    declared = site.programme.meaningful_encounter
    return frozenset(n for n, plan in site.sessions_by_number.items() if not unmet(declared, plan.meaningful_encounter))


def _met_employers(site: CheckedSite, key: str) -> Iterator[tuple[Delivery, str, Mentor | None]]:
    """(delivery, pupil, mentor met) for every delivered session of cohort ``key`` a pupil attended
    with an employer; the mentor is None when the roster names none (a business programme's)."""
    cohort = site.cohorts[key]
    mentees = {m.id: m for m in cohort.mentees}
    for delivery in cohort.deliveries:
        if delivery.status != "delivered":
            continue
        for pupil in delivery.attended:
            mentee = mentees.get(pupil)
            if mentee is None:
                continue
            mentor = site.mentors.get(mentor_met(delivery, mentee) or "")
            if meets_employer(mentor, site.programme):
                yield delivery, pupil, mentor


def _invited_with_employer(site: CheckedSite, key: str, delivery: Delivery) -> list[str]:
    """The pupils a delivery was meant for who would have met an employer there."""
    return [
        mentee.id
        for mentee in invited(site.cohorts[key], delivery)
        if meets_employer(site.mentors.get(mentor_met(delivery, mentee) or ""), site.programme)
    ]


def unrecorded_encounters(site: CheckedSite, key: str) -> tuple[list[Delivery], int]:
    """Cohort ``key``'s delivered sessions with an employer that have no attendance record, and
    how many such sessions were delivered in all: pupils' encounters there cannot be counted."""
    employer = [
        d for d in site.cohorts[key].deliveries if d.status == "delivered" and _invited_with_employer(site, key, d)
    ]
    return [d for d in employer if not recorded(d)], len(employer)


def unrecorded_meaningful(site: CheckedSite, key: str, meaningful: frozenset[int]) -> set[str]:
    """Pupils invited to a meaningful session with an employer whose attendance was not recorded:
    whether they had a meaningful encounter is not known."""
    missing, _ = unrecorded_encounters(site, key)
    return {p for d in missing if d.session in meaningful for p in _invited_with_employer(site, key, d)}


def encounters(site: CheckedSite, key: str) -> list[Encounter]:
    """Every employer encounter of cohort ``key``'s pupils: sessions delivered and attended."""
    cohort = site.cohorts[key]
    plans = site.sessions_by_number
    meaningful = meaningful_sessions(site)
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
                delivery.session in meaningful,
                employer_size(delivery, mentor),
                mode(delivery, mentor),
            )
        )
    return sorted(found, key=lambda e: (e.pupil, e.date, e.session))


@dataclass
class Reach:
    """Who in one cohort met an employer, how often, and who had a meaningful encounter with whom."""

    pupils: set[str] = field(default_factory=set)
    count: int = 0
    meaningful: set[str] = field(default_factory=set)
    #: employer size (or "not recorded") -> pupils with a meaningful encounter with such an employer
    sizes: dict[str, set[str]] = field(default_factory=dict)
    modes: dict[str, set[str]] = field(default_factory=dict)


def reach(site: CheckedSite, key: str, meaningful: frozenset[int]) -> Reach:
    """The public table's figures of cohort ``key``.

    Counted straight from the deliveries: not building an Encounter per pupil
    per session saves seconds at national scale.
    """
    found = Reach()
    for delivery, pupil, mentor in _met_employers(site, key):
        found.pupils.add(pupil)
        found.count += 1
        if delivery.session in meaningful:
            found.meaningful.add(pupil)
            found.sizes.setdefault(employer_size(delivery, mentor) or NOT_RECORDED, set()).add(pupil)
            found.modes.setdefault(mode(delivery, mentor) or NOT_RECORDED, set()).add(pupil)
    return found


# ---------------------------------------------------------------- the public summary


def encounter_table(site: CheckedSite, years: list[str]) -> StatTable | None:
    """Per year, for the programme and each school: pupils, pupils reached, encounters per pupil reached,
    pupils with a meaningful encounter; for the programme, those by employer size and by mode."""
    table = new_table()
    meaningful = meaningful_sessions(site)
    by_cohort = {key: reach(site, key, meaningful) for key in site.cohorts}
    missing = {key: unrecorded_encounters(site, key) for key in site.cohorts}
    if not any(r.count for r in by_cohort.values()) and not any(m for m, _ in missing.values()):
        return None
    for year in years:
        found = groups(site, year)
        cohorts = [(key, c) for key, c in site.cohorts_in(year)]
        if not cohorts:
            continue
        first = len(table.rows)
        for group in found:
            mine = [(key, c) for key, c in cohorts if c.school in group.schools]
            counts = _counts(mine, by_cohort, missing, bool(meaningful), group.level == PROGRAMME)
            table.rows.append(encounter_row(year, group.level, group.label, counts))
        table.relations += group_relations(first, found)
    return table if table.rows else None


def _counts(
    mine: list[tuple[str, Any]],
    by_cohort: dict[str, Reach],
    missing: dict[str, tuple[list[Delivery], int]],
    any_meaningful: bool,
    breakdown: bool,
) -> GroupCounts:
    """One group's counts; pupils by (school, pseudonym), as a pseudonym is unique only within its school."""

    def pupils(found: Any) -> set[tuple[str, str]]:
        return {(c.school, pupil) for key, c in mine for pupil in found(by_cohort[key])}

    def split(kind: str) -> dict[str, int]:
        found: dict[str, set[tuple[str, str]]] = {}
        for key, c in mine:
            for value, members in getattr(by_cohort[key], kind).items():
                found.setdefault(value, set()).update((c.school, pupil) for pupil in members)
        return {value: len(members) for value, members in found.items()}

    return GroupCounts(
        pupils=sum(len(c.mentees) for _, c in mine),
        reached=len(pupils(lambda r: r.pupils)),
        encounters=sum(by_cohort[key].count for key, _ in mine),
        meaningful=len(pupils(lambda r: r.meaningful)) if any_meaningful else None,
        sizes=split("sizes") if breakdown else None,
        modes=split("modes") if breakdown else None,
        record=_record(sum(len(missing[k][0]) for k, _ in mine), sum(missing[k][1] for k, _ in mine)),
    )


def _record(unrecorded: int, sessions: int) -> str:
    if not unrecorded:
        return RECORDED
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
    counted = bool(meaningful_sessions(site))
    return {
        "years": [
            {
                "year": year,
                "table": views.summary(published, year),
                "meaningful": views.meaningful(published, year) if counted else None,
                "kinds": views.kinds(published, year) if counted else None,
            }
            for year in years
        ],
        "meaningful_counted": counted,
        "criteria": _criteria(site),
        "footnote": lambda display: footnote(display.symbols, policy),
    }


def _criteria(site: CheckedSite, plan: SessionPlan | None = None) -> list[tuple[str, str]]:
    """How sessions (or the one ``plan``) meet each criterion, as (criterion, text): the plan's own
    words where it has them, else the programme's."""
    found = []
    for key, title in CRITERIA.items():
        texts = [
            getattr(d, key) or ""
            for d in (plan and plan.meaningful_encounter, site.programme.meaningful_encounter)
            if d
        ]
        text = next((t for t in texts if t.strip()), "")
        if text:
            found.append((title[:1].upper() + title[1:], text))
    return found


def session_criteria(site: CheckedSite, plan: SessionPlan) -> list[tuple[str, str]]:
    """For a session's page: how it meets all four criteria, or nothing when it does not count as a
    meaningful encounter (or the programme's mentors are not employers)."""
    if not has_employers(site) or unmet(site.programme.meaningful_encounter, plan.meaningful_encounter):
        return []
    return _criteria(site, plan)


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
