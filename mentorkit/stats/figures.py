"""Every published figure, computed from the content; never typed into a template.

The first half is small pure functions on plain values (a Wilson interval, a
proportion of positive answers, a matched pre/post change, participation,
qualification results), each tested against hand-worked values. The second
half assembles them into tables broken down by academic year, school and
year group, and ``compute`` hands pages only the disclosure-controlled
versions (``disclosure.protect``): no page ever sees a true small number.
"""

from __future__ import annotations

import gc
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, TypeVar

from mentorkit.load.content import Site
from mentorkit.model import Cohort, Mentor, Question, Scale, Survey
from mentorkit.model.programme import Disclosure
from mentorkit.stats.disclosure import Column, PublishedTable, Relation, StatTable, protect

#: The two-sided 95% normal quantile (1.959964...), not the rounded 1.96.
Z95 = NormalDist().inv_cdf(0.975)

T = TypeVar("T")


# ---------------------------------------------------------------- pure statistics


def wilson(positive: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``positive`` of ``n``: stays inside 0..1 and behaves at 0% and 100%."""
    if n <= 0 or not 0 <= positive <= n:
        raise ValueError(f"need 0 <= positive <= n and n > 0, got {positive} of {n}")
    p = positive / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Proportion:
    answered: int
    positive: int

    @property
    def share(self) -> float | None:
        return self.positive / self.answered if self.answered else None

    @property
    def interval(self) -> tuple[float, float] | tuple[None, None]:
        return wilson(self.positive, self.answered) if self.answered else (None, None)


def is_positive(question: Question, scale: Scale | None, answer: Any) -> bool | None:
    """Whether one answer counts as positive; None for no answer (or a text question)."""
    if answer is None or question.kind == "text":
        return None
    return positive_test(question, scale)(answer)


def positive_test(question: Question, scale: Scale | None) -> Callable[[Any], bool]:
    """How a given answer to a yes/no or scale question counts: yes, or the scale's positive labels."""
    if question.kind == "yes_no":
        return lambda answer: bool(answer == "yes")
    assert scale is not None
    code = scale.positive_code  # looked up once per question, not once per answer
    return lambda answer: bool(int(answer) >= code)


def proportion(answers: Iterable[bool | None]) -> Proportion:
    """Positive answers out of those who answered (blanks are not in the base)."""
    given = [a for a in answers if a is not None]
    return Proportion(len(given), sum(given))


@dataclass(frozen=True)
class Change:
    matched: int
    improved: int
    same: int
    worse: int
    #: Sum of (after - before) in scale points; the mean's additive numerator.
    total: int

    @property
    def mean(self) -> float | None:
        return self.total / self.matched if self.matched else None


def matched_change(before: Mapping[str, int | None], after: Mapping[str, int | None]) -> Change:
    """Pre/post answers matched on pseudonym; only people who answered both count."""
    pairs = [
        (before[k], after[k])
        for k in sorted(before.keys() & after.keys())
        if before[k] is not None and after[k] is not None
    ]
    deltas = [int(post) - int(pre) for pre, post in pairs]  # type: ignore[arg-type]
    return Change(
        len(deltas), sum(d > 0 for d in deltas), sum(d == 0 for d in deltas), sum(d < 0 for d in deltas), sum(deltas)
    )


@dataclass(frozen=True)
class Participation:
    schools: int
    mentees: int
    mentors: int
    planned: int
    delivered: int
    cancelled: int
    #: Attendances at sessions run for a whole cohort or group, and the places at them.
    attended: int
    places: int

    @property
    def attendance(self) -> float | None:
        return self.attended / self.places if self.places else None

    @property
    def delivery(self) -> float | None:
        return self.delivered / self.planned if self.planned else None


def participation(cohorts: Iterable[Cohort]) -> Participation:
    """Schools, mentees, mentors and sessions of some cohorts.

    ``planned`` counts every delivery in the calendar (delivered, cancelled or
    still planned). Attendance is measured at sessions meant for a whole cohort
    or group; a tutorial with a named mentor is booked for whoever comes, so it
    counts as delivered but has no "places" to fill.
    """
    cohorts = list(cohorts)
    schools, mentees, mentors = set(), 0, set()
    planned = delivered = cancelled = attended = places = 0
    for cohort in cohorts:
        schools.add(cohort.school)
        mentees += len(cohort.mentees)
        mentors |= {m.mentor for m in cohort.mentees if m.mentor}
        for delivery in cohort.deliveries:
            planned += 1
            cancelled += delivery.status == "cancelled"
            if delivery.status != "delivered":
                continue
            delivered += 1
            invited = _invited(cohort, delivery.group, delivery.mentor, delivery.format)
            if invited is not None:
                places += len(invited)
                attended += len(invited & set(delivery.attended))
    return Participation(len(schools), mentees, len(mentors), planned, delivered, cancelled, attended, places)


def _invited(cohort: Cohort, group: str | None, mentor: str | None, fmt: str) -> set[str] | None:
    if fmt == "one-to-one" and mentor:
        return None
    return {
        m.id for m in cohort.mentees if (group is None or m.group == group) and (mentor is None or m.mentor == mentor)
    }


@dataclass(frozen=True)
class Qualifications:
    enrolled: int
    achieved: int
    withdrawn: int
    studying: int

    @property
    def rate(self) -> float | None:
        return self.achieved / self.enrolled if self.enrolled else None


def qualification_results(statuses: Iterable[str]) -> Qualifications:
    """Statuses (enrolled / achieved / withdrawn) of everyone who started a qualification."""
    count = Counter(statuses)
    return Qualifications(sum(count.values()), count["achieved"], count["withdrawn"], count["enrolled"])


# ---------------------------------------------------------------- breakdowns


@dataclass(frozen=True)
class Group:
    """A set of schools a row of figures describes: the programme, one school or one year group."""

    level: str  # "Programme", "School", "Year group"
    label: str
    schools: frozenset[str]


PROGRAMME, SCHOOL, YEAR_GROUP = "Programme", "School", "Year group"
ALL_SCHOOLS = "All schools"
ALL_YEARS = "All years"


def groups(site: Site, year: str) -> list[Group]:
    """The programme, then each school and each year group, when there is more than one."""
    cohorts = [c for _, c in site.cohorts_in(year)]
    out = [Group(PROGRAMME, ALL_SCHOOLS, frozenset(c.school for c in cohorts))]
    if len(cohorts) > 1:
        for cohort in sorted(cohorts, key=lambda c: _school_name(site, c.school)):
            out.append(Group(SCHOOL, _school_name(site, cohort.school), frozenset([cohort.school])))
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


def _by_school(items: Iterable[T], school: Callable[[T], str]) -> dict[str, list[T]]:
    found: dict[str, list[T]] = {}
    for item in items:
        found.setdefault(school(item), []).append(item)
    return found


def _in_group(by_school: Mapping[str, list[T]], group: Group) -> list[T]:
    """The items of a group's schools: one look-up per school, not one test per item per group."""
    return [item for school in sorted(group.schools) for item in by_school.get(school, [])]


def _school_name(site: Site, school: str) -> str:
    found = site.schools.get(school)
    return found.name if found else school


# ---------------------------------------------------------------- tables

_BREAKDOWN = [
    Column("academic_year", "Academic year", "label", "Academic year, e.g. 2024-25 (1 September to 31 August)."),
    Column("level", "Level", "label", "Programme (all schools), School or Year group."),
    Column("group", "Group", "label", "The school or year group the row describes; 'All schools' for the programme."),
]


def question_table(site: Site, years: list[str]) -> StatTable:
    """Per question: how many answered, how many positively, the share and its Wilson 95% interval."""
    columns = _BREAKDOWN + [
        Column("survey", "Survey", "label", "The survey's id."),
        Column("respondent", "Who answered", "label", "mentee, teacher, mentor or parent."),
        Column("question", "Question id", "label", "The question's id (a column of the response file)."),
        Column("question_text", "Question", "label", "The question as respondents read it."),
        Column("outcome", "Outcome", "label", "The programme outcome the question measures."),
        Column("answered", "Answered", "people", "People who answered the question (blanks are not counted)."),
        Column(
            "positive",
            "Positive",
            "people",
            "Answers counted as positive: yes, or the scale's positive labels.",
            base="answered",
        ),
        Column(
            "positive_share",
            "Positive (share)",
            "percent",
            "positive / answered, from 0 to 1.",
            base="answered",
            count="positive",
        ),
        Column(
            "lower",
            "95% interval, lower",
            "percent",
            "Lower end of the Wilson score 95% interval of the share.",
            base="answered",
            count="positive",
        ),
        Column(
            "upper",
            "95% interval, upper",
            "percent",
            "Upper end of the Wilson score 95% interval of the share.",
            base="answered",
            count="positive",
        ),
    ]
    table = StatTable(
        "outcomes",
        "Survey answers by question",
        "Positive answers to each survey question, with their base and a 95% interval.",
        columns,
    )
    for year in years:
        found = groups(site, year)
        for survey_id, survey in _surveys_in(site, year):
            by_school = _by_school(site.responses[(year, survey_id)].rows, lambda r: r["school"])
            for question in survey.questions:
                if question.kind == "text":
                    continue
                # Counts add up, so each school's are taken once and summed for the larger groups.
                test = positive_test(question, survey.scale)
                per_school = {}
                for school, rows in by_school.items():
                    given = [a for a in (r.get(question.id) for r in rows) if a is not None]
                    per_school[school] = Proportion(len(given), sum(map(test, given)))
                first = len(table.rows)
                for group in found:
                    parts = [per_school[s] for s in group.schools if s in per_school]
                    result = Proportion(sum(p.answered for p in parts), sum(p.positive for p in parts))
                    lower, upper = result.interval
                    table.rows.append(
                        {
                            "academic_year": year,
                            "level": group.level,
                            "group": group.label,
                            "survey": survey_id,
                            "respondent": survey.respondent,
                            "question": question.id,
                            "question_text": question.text,
                            "outcome": question.outcome or "",
                            "answered": result.answered,
                            "positive": result.positive,
                            "positive_share": result.share,
                            "lower": lower,
                            "upper": upper,
                        }
                    )
                table.relations += group_relations(first, found)
    return table


def change_table(site: Site, years: list[str]) -> StatTable:
    """Before/after pairs of a post survey and its pre survey, matched on pseudonym."""
    columns = _BREAKDOWN + [
        Column("survey", "Survey", "label", "The post survey's id (compared with its pairs_with survey)."),
        Column("question", "Question id", "label", "The question's id, asked before and after."),
        Column("question_text", "Question", "label", "The question as respondents read it."),
        Column("outcome", "Outcome", "label", "The programme outcome the question measures."),
        Column("matched", "Matched", "people", "People who answered the question both before and after."),
        Column("improved", "Improved", "people", "Matched people whose answer moved up the scale.", base="matched"),
        Column("same", "Same", "people", "Matched people whose answer did not change.", base="matched"),
        Column("worse", "Worse", "people", "Matched people whose answer moved down the scale.", base="matched"),
        Column(
            "improved_share", "Improved (share)", "percent", "improved / matched.", base="matched", count="improved"
        ),
        Column("same_share", "Same (share)", "percent", "same / matched.", base="matched", count="same"),
        Column("worse_share", "Worse (share)", "percent", "worse / matched.", base="matched", count="worse"),
        Column(
            "mean_change",
            "Mean change",
            "ratio",
            "Mean of (after - before) in scale points.",
            base="matched",
            hidden="_total_change",
            places=2,
            unit="points",
            moves=("improved", "worse"),
        ),
    ]
    table = StatTable(
        "change",
        "Before and after, matched",
        "Answers before and after the programme from the same people, matched on pseudonym.",
        columns,
        sums=[("matched", ("improved", "same", "worse"))],
    )
    for year in years:
        found = groups(site, year)
        for survey_id, survey in _surveys_in(site, year):
            pre_id = survey.pairs_with
            if not pre_id or (year, pre_id) not in site.responses or pre_id not in site.surveys:
                continue
            pre_questions = {q.id for q in site.surveys[pre_id].questions if q.kind == "scale"}
            pairs = _pairs(site.responses[(year, pre_id)].rows, site.responses[(year, survey_id)].rows)
            for question in survey.questions:
                if question.kind != "scale" or question.id not in pre_questions:
                    continue
                # Changes add up: each pair of schools' once, summed for the groups.
                parts = {
                    school: {
                        other: matched_change(
                            {b["mentee"]: b.get(question.id) for b, _ in found_pairs},
                            {a["mentee"]: a.get(question.id) for _, a in found_pairs},
                        )
                        for other, found_pairs in by_post.items()
                    }
                    for school, by_post in pairs.items()
                }
                first = len(table.rows)
                for group in found:
                    change = _sum_changes(
                        c
                        for s in sorted(group.schools)
                        for other, c in parts.get(s, {}).items()
                        if other in group.schools
                    )
                    table.rows.append(
                        {
                            "academic_year": year,
                            "level": group.level,
                            "group": group.label,
                            "survey": survey_id,
                            "question": question.id,
                            "question_text": question.text,
                            "outcome": question.outcome or "",
                            "matched": change.matched,
                            "improved": change.improved,
                            "same": change.same,
                            "worse": change.worse,
                            "improved_share": _share(change.improved, change.matched),
                            "same_share": _share(change.same, change.matched),
                            "worse_share": _share(change.worse, change.matched),
                            "mean_change": change.mean,
                            "_total_change": change.total,
                        }
                    )
                table.relations += group_relations(first, found)
    return table


def _pairs(
    pre_rows: list[dict[str, Any]], post_rows: list[dict[str, Any]]
) -> dict[str, dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]]:
    """Each person's before and after rows, by the school of each: a pair belongs to a
    group when both its answers come from the group's schools."""
    before = {r["mentee"]: r for r in pre_rows}
    found: dict[str, dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]] = {}
    for after in post_rows:
        pre = before.get(after["mentee"])
        if pre is not None:
            found.setdefault(pre["school"], {}).setdefault(after["school"], []).append((pre, after))
    return found


def _sum_changes(changes: Iterable[Change]) -> Change:
    found = list(changes)
    return Change(*(sum(getattr(c, name) for c in found) for name in ("matched", "improved", "same", "worse", "total")))


def participation_table(site: Site, years: list[str]) -> StatTable:
    assert site.programme
    peer = site.programme.mentor_kind == "peer"
    columns = _BREAKDOWN + [
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
    ]
    table = StatTable(
        "participation", "Participation and delivery", "Schools, mentees, mentors and sessions each year.", columns
    )
    year_rows = []
    for year in years:
        found = groups(site, year)
        first = len(table.rows)
        year_rows.append(first)
        by_school = _by_school((c for _, c in site.cohorts_in(year)), lambda c: c.school)
        for group in found:
            result = participation(_in_group(by_school, group))
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
    }


def qualification_table(site: Site, years: list[str]) -> StatTable | None:
    """Peer mentors' qualification results, by the year they studied for it."""
    peers = [m for m in site.mentors.values() if m.kind == "peer" and m.qualification]
    if not peers:
        return None
    columns = _BREAKDOWN + [
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
        schools = sorted({m.school or "" for m in people}, key=lambda s: _school_name(site, s))
        found = [Group(PROGRAMME, ALL_SCHOOLS, frozenset(schools))]
        if len(schools) > 1:
            found += [Group(SCHOOL, _school_name(site, s), frozenset([s])) for s in schools]
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


def indicator_table(site: Site) -> StatTable | None:
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


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _surveys_in(site: Site, year: str) -> list[tuple[str, Survey]]:
    """Surveys with responses that year: mentees' first, then teachers', mentors', parents'."""
    order = {"mentee": 0, "teacher": 1, "mentor": 2, "parent": 3}
    found = [(sid, site.surveys[sid]) for (y, sid) in site.responses if y == year and sid in site.surveys]
    return sorted(found, key=lambda item: (order[item[1].respondent], item[1].timing != "pre", item[0]))


def data_years(site: Site) -> list[str]:
    """Academic years with cohorts, responses or a report."""
    years = set(site.academic_years) | {y for y, _ in site.responses} | {r.academic_year for r in site.reports.values()}
    return sorted(years)


def tables(site: Site) -> list[StatTable]:
    """Every statistics table, with true values (for ``compute`` and tests only)."""
    years = data_years(site)
    found = [
        participation_table(site, years),
        question_table(site, years),
        change_table(site, years),
        qualification_table(site, years),
        indicator_table(site),
    ]
    return [t for t in found if t is not None and t.rows]


def compute(site: Site) -> dict[str, Any]:
    """All published figures, disclosure control applied."""
    assert site.programme
    policy: Disclosure = site.programme.disclosure
    with _loaded_content_left_alone():
        published: dict[str, PublishedTable] = {t.id: protect(t, policy) for t in tables(site)}
    years = data_years(site)
    return {
        "policy": policy,
        "years": years,
        "latest": years[-1] if years else None,
        "tables": published,
        "schools": len({c.school for c in site.cohorts.values()}),
    }


@contextmanager
def _loaded_content_left_alone() -> Iterator[None]:
    """Keep the garbage collector off the loaded site while the tables are built.

    At 500 schools the site is millions of objects, none of which dies here, and
    each full collection walks them all again: 40% of this stage. Frozen objects
    are skipped; they go back to the collector afterwards (unless the caller had
    frozen them already).
    """
    already = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not already:
            gc.unfreeze()
