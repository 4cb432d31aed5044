"""The groups a row of figures describes (programme, school, year group) and how their counts add up."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from mentorkit.load.content import CheckedSite
from mentorkit.stats.disclosure import Column, Relation

T = TypeVar("T")


@dataclass(frozen=True)
class Group:
    """A set of schools a row of figures describes: the programme, one school or one year group."""

    level: str  # "Programme", "School", "Year group"
    label: str
    schools: frozenset[str]


PROGRAMME, SCHOOL, YEAR_GROUP = "Programme", "School", "Year group"
ALL_SCHOOLS = "All schools"
ALL_YEARS = "All years"


def groups(site: CheckedSite, year: str) -> list[Group]:
    """The programme, then each school and each year group, when there is more than one."""
    cohorts = [c for _, c in site.cohorts_in(year)]
    out = [Group(PROGRAMME, ALL_SCHOOLS, frozenset(c.school for c in cohorts))]
    if len(cohorts) > 1:
        for cohort in sorted(cohorts, key=lambda c: school_name(site, c.school)):
            out.append(Group(SCHOOL, school_name(site, cohort.school), frozenset([cohort.school])))
    year_groups = sorted({c.year_group for c in cohorts})
    if len(year_groups) > 1:
        for number in year_groups:
            out.append(
                Group(YEAR_GROUP, f"Year {number}", frozenset(c.school for c in cohorts if c.year_group == number))
            )
    return out


def group_relations(first: int, found: list[Group]) -> list[Relation]:
    """Programme = sum of schools = sum of year groups; a year group = sum of its schools."""
    index = {id(g): first + i for i, g in enumerate(found)}
    schools = [g for g in found if g.level == SCHOOL]
    year_groups = [g for g in found if g.level == YEAR_GROUP]
    relations = []
    for parts in (schools, year_groups):
        if parts:
            relations.append(Relation(first, tuple(index[id(g)] for g in parts)))
    for year_group in year_groups:
        members = [g for g in schools if g.schools <= year_group.schools]
        if members:
            relations.append(Relation(index[id(year_group)], tuple(index[id(g)] for g in members)))
    return relations


def split_by_school(items: Iterable[T], school: Callable[[T], str]) -> dict[str, list[T]]:
    found: dict[str, list[T]] = {}
    for item in items:
        found.setdefault(school(item), []).append(item)
    return found


def in_group(by_school: Mapping[str, list[T]], group: Group) -> list[T]:
    """The items of a group's schools: one look-up per school, not one test per item per group."""
    return [item for school in sorted(group.schools) for item in by_school.get(school, [])]


def school_name(site: CheckedSite, school: str) -> str:
    found = site.schools.get(school)
    return found.name if found else school


#: The first columns of every table broken down by year and group.
BREAKDOWN = [
    Column("academic_year", "Academic year", "label", "Academic year, e.g. 2024-25 (1 September to 31 August)."),
    Column("level", "Level", "label", "Programme (all schools), School or Year group."),
    Column("group", "Group", "label", "The school or year group the row describes; 'All schools' for the programme."),
]
