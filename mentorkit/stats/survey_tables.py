"""The survey tables: positive answers per question, and matched before/after change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.model import Question, Survey
from mentorkit.stats.breakdowns import BREAKDOWN, Group, group_relations, groups, split_by_school
from mentorkit.stats.disclosure import Column, StatTable
from mentorkit.stats.measures import (
    EFFECT_SIZE_METHOD,
    Change,
    Proportion,
    matched_change,
    paired_effect_size,
    positive_test,
    proportion,
)

#: Before and after rows of one person, by the school of each answer (a pair
#: belongs to a group when both answers come from the group's schools).
_Pairs = dict[str, dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]]

_QUESTION_COLUMNS = BREAKDOWN + [
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


def question_table(site: CheckedSite, years: list[str]) -> StatTable:
    """Per question: how many answered, how many positively, the share and its Wilson 95% interval."""
    table = StatTable(
        "outcomes",
        "Survey answers by question",
        "Positive answers to each survey question, with their base and a 95% interval.",
        list(_QUESTION_COLUMNS),
    )
    for year in years:
        found = groups(site, year)
        for survey_id, survey in _surveys_in(site, year):
            _question_rows(table, site.responses[(year, survey_id)].rows, year, survey_id, survey, found)
    return table


def _question_rows(
    table: StatTable, rows: list[dict[str, Any]], year: str, survey_id: str, survey: Survey, found: list[Group]
) -> None:
    """One survey's rows of the question table: a row per question and group."""
    by_school = split_by_school(rows, lambda r: r["school"])
    for question in survey.questions:
        if question.kind == "text":
            continue
        # Counts add up, so each school's are taken once and summed for the larger groups.
        test = positive_test(question, survey.scale)
        per_school = {}
        for school, school_rows in by_school.items():
            answers = (r.get(question.id) for r in school_rows)
            per_school[school] = proportion(None if a is None else test(a) for a in answers)
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


CHANGE_COLUMNS = BREAKDOWN + [
    Column("survey", "Survey", "label", "The post survey's id (compared with its pairs_with survey)."),
    Column("question", "Question id", "label", "The question's id, asked before and after."),
    Column("question_text", "Question", "label", "The question as respondents read it."),
    Column("outcome", "Outcome", "label", "The programme outcome the question measures."),
    Column("matched", "Matched", "people", "People who answered the question both before and after."),
    Column("improved", "Improved", "people", "Matched people whose answer moved up the scale.", base="matched"),
    Column("same", "Same", "people", "Matched people whose answer did not change.", base="matched"),
    Column("worse", "Worse", "people", "Matched people whose answer moved down the scale.", base="matched"),
    Column("improved_share", "Improved (share)", "percent", "improved / matched.", base="matched", count="improved"),
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
    *(
        Column(
            name,
            title,
            "ratio",
            f"{what} {EFFECT_SIZE_METHOD}",
            base="matched",
            hidden="_total_change",
            places=2,
            unit="sd",
            moves=("improved", "worse"),
            strict=True,
        )
        for name, title, what in (
            ("effect_size", "Effect size (g_av)", "Standardised mean change in standard deviations."),
            ("effect_lower", "Effect size, 95% interval, lower", "Lower end of the effect size's 95% interval."),
            ("effect_upper", "Effect size, 95% interval, upper", "Upper end of the effect size's 95% interval."),
        )
    ),
]


def change_table(site: CheckedSite, years: list[str]) -> StatTable:
    """Before/after pairs of a post survey and its pre survey, matched on pseudonym."""
    table = StatTable(
        "change",
        "Before and after, matched",
        "Answers before and after the programme from the same people, matched on pseudonym.",
        list(CHANGE_COLUMNS),
        sums=[("matched", ("improved", "same", "worse"))],
    )
    for year in years:
        found = groups(site, year)
        for survey_id, pre_id in paired_surveys(site, year):
            pairs = _pairs(site.responses[(year, pre_id)].rows, site.responses[(year, survey_id)].rows)
            for question in scale_questions(site, survey_id, pre_id):
                _change_rows(table, pairs, year, survey_id, question, found)
    return table


def paired_surveys(site: CheckedSite, year: str) -> list[tuple[str, str]]:
    """(survey, its pairs_with survey) for the surveys with responses to both that year."""
    found = []
    for survey_id, survey in _surveys_in(site, year):
        pre_id = survey.pairs_with
        if pre_id and (year, pre_id) in site.responses and pre_id in site.surveys:
            found.append((survey_id, pre_id))
    return found


def scale_questions(site: CheckedSite, survey_id: str, pre_id: str) -> list[Question]:
    """The scale questions a survey shares with its pairs_with survey (the ones a change can be measured on)."""
    pre_questions = {q.id for q in site.surveys[pre_id].questions if q.kind == "scale"}
    return [q for q in site.surveys[survey_id].questions if q.kind == "scale" and q.id in pre_questions]


def _change_rows(
    table: StatTable, pairs: _Pairs, year: str, survey_id: str, question: Question, found: list[Group]
) -> None:
    """One question's rows of the change table: a row per group."""
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
        change = sum_changes(
            c for s in sorted(group.schools) for other, c in parts.get(s, {}).items() if other in group.schools
        )
        labels = {"academic_year": year, "level": group.level, "group": group.label, "survey": survey_id}
        question_labels = {"question": question.id, "question_text": question.text, "outcome": question.outcome or ""}
        table.rows.append(change_row(labels | question_labels, change))
    table.relations += group_relations(first, found)


def change_row(labels: dict[str, str], change: Change) -> dict[str, Any]:
    """A row of the change table: its labels, then the counts, shares, mean and effect size of ``change``."""
    effect = paired_effect_size(change)
    return labels | {
        "matched": change.matched,
        "improved": change.improved,
        "same": change.same,
        "worse": change.worse,
        "improved_share": _share(change.improved, change.matched),
        "same_share": _share(change.same, change.matched),
        "worse_share": _share(change.worse, change.matched),
        "mean_change": change.mean,
        "_total_change": change.total,
        "effect_size": effect.estimate if effect else None,
        "effect_lower": effect.lower if effect else None,
        "effect_upper": effect.upper if effect else None,
    }


def _pairs(pre_rows: list[dict[str, Any]], post_rows: list[dict[str, Any]]) -> _Pairs:
    """Each person's before and after rows, by the school of each: a pair belongs to a
    group when both its answers come from the group's schools."""
    before = {r["mentee"]: r for r in pre_rows}
    found: _Pairs = {}
    for after in post_rows:
        pre = before.get(after["mentee"])
        if pre is not None:
            found.setdefault(pre["school"], {}).setdefault(after["school"], []).append((pre, after))
    return found


def sum_changes(changes: Iterable[Change]) -> Change:
    found = list(changes)
    return Change(*(sum(getattr(c, f.name) for c in found) for f in fields(Change)))


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _surveys_in(site: CheckedSite, year: str) -> list[tuple[str, Survey]]:
    """Surveys with responses that year: mentees' first, then teachers', mentors', parents'."""
    order = {"mentee": 0, "teacher": 1, "mentor": 2, "parent": 3}
    found = [(sid, site.surveys[sid]) for (y, sid) in site.responses if y == year and sid in site.surveys]
    return sorted(found, key=lambda item: (order[item[1].respondent], item[1].timing != "pre", item[0]))
