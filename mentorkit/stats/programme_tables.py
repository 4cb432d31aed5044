"""The programme tables: participation and delivery, peer mentors' qualifications, long-term indicators."""

from __future__ import annotations

from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.model import Mentor
from mentorkit.stats.breakdowns import (
    ALL_SCHOOLS,
    ALL_YEARS,
    BREAKDOWN,
    PROGRAMME,
    SCHOOL,
    Group,
    group_relations,
    groups,
    in_group,
    school_name,
    split_by_school,
)
from mentorkit.stats.disclosure import Column, Relation, StatTable
from mentorkit.stats.measures import Participation, participation, qualification_results


def participation_table(site: CheckedSite, years: list[str]) -> StatTable:
    peer = site.programme.mentor_kind == "peer"
    columns = BREAKDOWN + [
        Column("schools", "Schools", "tally", "Schools with a cohort."),
        Column("mentees", "Mentees", "people", "Young people in the cohorts (in 'All years', counted once a year)."),
        Column("mentors", "Mentors", "people" if peer else "tally", "Mentors matched with at least one mentee."),
        Column(
            "sessions_planned",
            "Sessions planned",
            "tally",
            "Sessions in the calendar: delivered, cancelled or still planned.",
        ),
        Column("sessions_delivered", "Sessions delivered", "tally", "Sessions that took place."),
        Column("sessions_cancelled", "Sessions cancelled", "tally", "Sessions that did not take place."),
        Column(
            "delivery_share",
            "Delivered (share)",
            "percent",
            "sessions_delivered / sessions_planned.",
            base="sessions_planned",
            count="sessions_delivered",
        ),
        Column(
            "attendance",
            "Attendance",
            "ratio",
            "Places taken at sessions for a whole cohort or group, as a share of the places.",
            base="mentees",
            hidden="_attended",
        ),
        Column(
            "attendance_record",
            "Attendance record",
            "label",
            "recorded; not recorded (delivered sessions with no attendance list, so no rate is given, never 0%); "
            "or how many sessions were not recorded (the rate is over the recorded ones).",
        ),
    ]
    table = StatTable(
        "participation", "Participation and delivery", "Schools, mentees, mentors and sessions each year.", columns
    )
    year_rows = []
    for year in years:
        found = groups(site, year)
        first = len(table.rows)
        year_rows.append(first)
        by_school = split_by_school((c for _, c in site.cohorts_in(year)), lambda c: c.school)
        for group in found:
            result = participation(in_group(by_school, group))
            table.rows.append(_participation_row(year, group.level, group.label, result))
        table.relations += group_relations(first, found)
    if len(years) > 1:
        result = participation(c for c in site.cohorts.values() if c.academic_year in years)
        table.rows.append(_participation_row(ALL_YEARS, PROGRAMME, ALL_SCHOOLS, result))
        table.relations.append(Relation(len(table.rows) - 1, tuple(year_rows)))
    return table


def _participation_row(year: str, level: str, label: str, result: Participation) -> dict[str, Any]:
    return {
        "academic_year": year,
        "level": level,
        "group": label,
        "schools": result.schools,
        "mentees": result.mentees,
        "mentors": result.mentors,
        "sessions_planned": result.planned,
        "sessions_delivered": result.delivered,
        "sessions_cancelled": result.cancelled,
        "delivery_share": result.delivery,
        "attendance": result.attendance,
        "_attended": result.attended,
        "attendance_record": result.attendance_record,
    }


def qualification_table(site: CheckedSite, years: list[str]) -> StatTable | None:
    """Peer mentors' qualification results, by the year they studied for it."""
    peers = [m for m in site.mentors.values() if m.kind == "peer" and m.qualification]
    if not peers:
        return None
    columns = BREAKDOWN + [
        Column("qualification", "Qualification", "label", "The qualification the mentors took."),
        Column("enrolled", "Enrolled", "people", "Mentors who started the qualification that year."),
        Column("achieved", "Achieved", "people", "Mentors who achieved it.", base="enrolled"),
        Column("withdrawn", "Withdrawn", "people", "Mentors who withdrew.", base="enrolled"),
        Column("studying", "Still studying", "people", "Mentors still working towards it.", base="enrolled"),
        Column(
            "achievement_rate", "Achievement rate", "percent", "achieved / enrolled.", base="enrolled", count="achieved"
        ),
    ]
    table = StatTable(
        "qualifications",
        "Peer mentors' qualifications",
        "Peer mentors who enrolled on, achieved or withdrew from the qualification.",
        columns,
        sums=[("enrolled", ("achieved", "withdrawn", "studying"))],
    )
    by_year: dict[str, list[Mentor]] = {}
    for mentor in peers:
        assert mentor.qualification
        by_year.setdefault(mentor.qualification.academic_year, []).append(mentor)
    for year in sorted(by_year):
        people = by_year[year]
        schools = sorted({m.school or "" for m in people}, key=lambda s: school_name(site, s))
        found = [Group(PROGRAMME, ALL_SCHOOLS, frozenset(schools))]
        if len(schools) > 1:
            found += [Group(SCHOOL, school_name(site, s), frozenset([s])) for s in schools]
        first = len(table.rows)
        for group in found:
            members = [m for m in people if (m.school or "") in group.schools]
            result = qualification_results(m.qualification.status for m in members if m.qualification)
            names = sorted({m.qualification.name for m in members if m.qualification})
            table.rows.append(
                {
                    "academic_year": year,
                    "level": group.level,
                    "group": group.label,
                    "qualification": "; ".join(names),
                    "enrolled": result.enrolled,
                    "achieved": result.achieved,
                    "withdrawn": result.withdrawn,
                    "studying": result.studying,
                    "achievement_rate": result.rate,
                }
            )
        table.relations += group_relations(first, found)
    return table


def indicator_table(site: CheckedSite) -> StatTable | None:
    """Long-term indicators: the area's series beside its comparator, with the source."""
    if not site.series:
        return None
    columns = [
        Column("indicator", "Indicator id", "label", "The indicator's id."),
        Column("title", "Indicator", "label", "What is measured."),
        Column("area", "Area", "label", "The area the value describes."),
        Column("year", "Year", "label", "Year or academic year of the value."),
        Column("value", "Value (%)", "number", "The area's value, in percent.", places=1),
        Column("comparator_name", "Comparator", "label", "What the comparator describes, e.g. England."),
        Column("comparator", "Comparator value (%)", "number", "The comparator's value, in percent.", places=1),
        Column("better", "Better when", "label", "higher or lower."),
        Column("publisher", "Publisher", "label", "Who publishes the series."),
        Column("source", "Source", "label", "Title of the publication."),
        Column("url", "Source address", "label", "Web address of the publication."),
        Column(
            "illustrative",
            "Illustrative",
            "label",
            "yes when the values were not read from the source and must not be quoted.",
        ),
    ]
    table = StatTable(
        "indicators",
        "Long-term indicators",
        "Area statistics the programme aims to move, beside a comparator, with their source.",
        columns,
    )
    for key in sorted(site.series):
        indicator = site.indicators.get(key)
        if indicator is None:
            continue
        for row in site.series[key].rows:
            table.rows.append(
                {
                    "indicator": key,
                    "title": indicator.title,
                    "area": indicator.area,
                    "year": row["year"],
                    "value": row["value"],
                    "comparator_name": indicator.comparator_name,
                    "comparator": row.get("comparator"),
                    "better": indicator.better,
                    "publisher": indicator.source.publisher,
                    "source": indicator.source.title,
                    "url": indicator.source.url,
                    "illustrative": "yes" if indicator.illustrative else "no",
                }
            )
    return table
