"""Attrition: how many young people the matched before/after figures rest on, out of how many took part.

The Education Endowment Foundation asks every evaluation to report it: a change
measured on the few who answered twice says little about a cohort most of whom
did not. Per academic year and each mentees' survey compared with a "before"
survey: enrolled (mentees in the cohorts), answered before, answered after, and
answered both (matched on pseudonym, as in the change table).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.stats.breakdowns import BREAKDOWN, Group, group_relations, groups, in_group, split_by_school
from mentorkit.stats.disclosure import Column, PublishedTable, StatTable

ATTRITION_COLUMNS = BREAKDOWN + [
    Column(
        "survey", "Survey", "label", "The mentees' survey after the programme (compared with its pairs_with survey)."
    ),
    Column("enrolled", "Enrolled", "people", "Mentees in the cohorts of the group's schools that year."),
    Column("answered_before", "Answered before", "people", "Mentees who answered the survey before the programme."),
    Column("answered_after", "Answered after", "people", "Mentees who answered the survey after the programme."),
    Column(
        "matched",
        "Answered both",
        "people",
        "Mentees who answered both, matched on pseudonym (both answers from the group's schools).",
    ),
    Column(
        "matched_share",
        "Answered both (share of enrolled)",
        "percent",
        "matched / enrolled, from 0 to 1.",
        base="enrolled",
        count="matched",
    ),
]


def attrition_table(site: CheckedSite, years: list[str]) -> StatTable:
    """Per year, mentees' paired survey and group: enrolled, answered before, after, and both."""
    table = StatTable(
        "attrition",
        "Who answered before and after",
        "Mentees enrolled, and how many answered the survey before the programme, after it, and both.",
        list(ATTRITION_COLUMNS),
    )
    for year in years:
        found = groups(site, year)
        cohorts = split_by_school((c for _, c in site.cohorts_in(year)), lambda c: c.school)
        for survey_id, pre_id in _paired_mentee_surveys(site, year):
            before = _pseudonyms_by_school(site.responses[(year, pre_id)].rows)
            after = _pseudonyms_by_school(site.responses[(year, survey_id)].rows)
            first = len(table.rows)
            for group in found:
                enrolled = sum(len(c.mentees) for c in in_group(cohorts, group))
                labels = {"academic_year": year, "level": group.level, "group": group.label, "survey": survey_id}
                table.rows.append(labels | _answered(before, after, group, enrolled))
            table.relations += group_relations(first, found)
    return table


def _answered(
    before: Mapping[str, set[str]], after: Mapping[str, set[str]], group: Group, enrolled: int
) -> dict[str, Any]:
    mine_before = _union(before.get(s, set()) for s in group.schools)
    mine_after = _union(after.get(s, set()) for s in group.schools)
    matched = len(mine_before & mine_after)
    return {
        "enrolled": enrolled,
        "answered_before": len(mine_before),
        "answered_after": len(mine_after),
        "matched": matched,
        "matched_share": matched / enrolled if enrolled else None,
    }


def _union(sets: Iterable[set[str]]) -> set[str]:
    found: set[str] = set()
    for s in sets:
        found |= s
    return found


def _pseudonyms_by_school(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["school"], set()).add(row["mentee"])
    return found


def _paired_mentee_surveys(site: CheckedSite, year: str) -> list[tuple[str, str]]:
    """(post survey, its pre survey) for the mentees' surveys with responses to both that year."""
    found = []
    for (y, survey_id), _ in sorted(site.responses.items()):
        survey = site.surveys.get(survey_id)
        if y != year or survey is None or survey.respondent != "mentee" or not survey.pairs_with:
            continue
        if (year, survey.pairs_with) in site.responses and survey.pairs_with in site.surveys:
            found.append((survey_id, survey.pairs_with))
    return found


def enrolled_withheld(participation: PublishedTable | None, table: StatTable) -> dict[str, set[int]]:
    """Rows whose Enrolled the participation table withholds as Mentees: they are the same
    figures, so Enrolled is withheld exactly there (``protect``'s ``follow``), or a reader
    could take one table's published count and the other's totals to work out both."""
    if participation is None:
        return {}
    withheld = {
        (r["academic_year"].value, r["level"].value, r["group"].value)
        for r in participation.rows
        if r["mentees"].symbol == "c"
    }
    return {
        "enrolled": {i for i, r in enumerate(table.rows) if (r["academic_year"], r["level"], r["group"]) in withheld}
    }
