"""Positive answers before and after, of the same young people: the figures behind the before/after chart.

The outcomes table sets the share answering positively before the programme
(everyone who answered then) beside the share after (everyone who answered
then): two different sets of pupils. Here both shares are of the matched
pupils only, who answered the question both times (as in the change table),
each with its Wilson 95% interval. Programme level only, per academic year and
question: the chart on the Impact page and in the reports shows the programme.

Two other tables publish figures these are tied to, and the protection covers
the ties:

- ``matched`` is the change table's programme Matched: withheld exactly where
  that table withholds it (``protect``'s ``follow``);
- the outcomes table publishes how many answered before (and after) and how many
  positively. Minus the matched pupils' figures, those give the answers of the
  pupils who answered only once ("of the 3 who did not answer again, 2 said
  yes"). Those figures are kept as columns here while disclosure control runs
  (with the outcomes table's cells followed, so never chosen to be withheld
  here), so a small one is withheld and the matched figure that would give it
  away is withheld too; then they are dropped (``published``).

All or nothing: a question's before and after figures are published together
or not at all, so a published one and the change table's Improved and Worse
(every mover changes a positive count by at most one) cannot pin down the other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.model import Question
from mentorkit.stats.breakdowns import PROGRAMME, groups
from mentorkit.stats.disclosure import _WITHHELD, Column, PublishedTable, StatTable
from mentorkit.stats.measures import positive_test, wilson
from mentorkit.stats.survey_tables import CHANGE_COLUMNS, paired_surveys, scale_questions

WHEN = {"before": "before the programme", "after": "after the programme"}


def _columns(when: str) -> list[Column]:
    return [
        Column(
            f"{when}_positive",
            f"Positive {when}",
            "people",
            f"Matched people whose answer {WHEN[when]} was positive (the scale's positive labels).",
            base="matched",
        ),
        *(
            Column(
                f"{when}_{name}",
                f"{title} {when}",
                "percent",
                what,
                base="matched",
                count=f"{when}_positive",
            )
            for name, title, what in (
                ("share", "Positive (share)", f"{when}_positive / matched, from 0 to 1."),
                ("lower", "95% interval, lower", f"Lower end of the Wilson score 95% interval of {when}_share."),
                ("upper", "95% interval, upper", f"Upper end of the Wilson score 95% interval of {when}_share."),
            )
        ),
    ]


MATCHED_SHARE_COLUMNS = [*CHANGE_COLUMNS[:8], *_columns("before"), *_columns("after")]


def _helpers(when: str) -> list[Column]:
    """Figures the outcomes table publishes (answered, positive) and the once-only answerers' part of them."""
    return [
        Column(f"_{when}_answered", "", "people", ""),
        Column(f"_{when}_all_positive", "", "people", "", base=f"_{when}_answered"),
        Column(f"_{when}_others", "", "people", ""),
        Column(f"_{when}_others_positive", "", "people", "", base=f"_{when}_others"),
    ]


HELPERS = [*_helpers("before"), *_helpers("after")]
#: Followed from other tables: never withheld here on this table's own account.
FOLLOWED = ("matched", "_before_answered", "_before_all_positive", "_after_answered", "_after_all_positive")


def shares_row(
    labels: dict[str, str],
    before: dict[str, Any],
    after: dict[str, Any],
    before_test: Callable[[Any], bool],
    after_test: Callable[[Any], bool],
) -> dict[str, Any]:
    """A row: the matched pupils' positive answers before and after, and every answer's (for the protection)."""
    given_before = {k: v for k, v in before.items() if v is not None}
    given_after = {k: v for k, v in after.items() if v is not None}
    matched = sorted(given_before.keys() & given_after.keys())
    row: dict[str, Any] = labels | {"matched": len(matched)}
    for when, given, test in (("before", given_before, before_test), ("after", given_after, after_test)):
        positive = sum(test(given[k]) for k in matched)
        everyone = sum(test(v) for v in given.values())
        lower, upper = wilson(positive, len(matched)) if matched else (None, None)
        row |= {
            f"{when}_positive": positive,
            f"{when}_share": positive / len(matched) if matched else None,
            f"{when}_lower": lower,
            f"{when}_upper": upper,
            f"_{when}_answered": len(given),
            f"_{when}_all_positive": everyone,
            f"_{when}_others": len(given) - len(matched),
            f"_{when}_others_positive": everyone - positive,
        }
    return row


def new_table() -> StatTable:
    return StatTable(
        "matched_shares",
        "Positive answers before and after, matched",
        "The share answering positively before the programme and after it, of the same people: "
        "those who answered the question both times.",
        MATCHED_SHARE_COLUMNS + HELPERS,
        sums=[
            (f"_{when}_{total}", (first, f"_{when}_{rest}"))
            for when in ("before", "after")
            for total, first, rest in (
                ("answered", "matched", "others"),
                ("all_positive", f"{when}_positive", "others_positive"),
            )
        ],
    )


def matched_shares_table(site: CheckedSite, years: list[str]) -> StatTable:
    """Per year and question shared by a post survey and its pre survey: the programme's matched shares."""
    table = new_table()
    for year in years:
        schools = groups(site, year)[0].schools
        for survey_id, pre_id in paired_surveys(site, year):
            pre, post = site.surveys[pre_id], site.surveys[survey_id]
            before_rows = [r for r in site.responses[(year, pre_id)].rows if r["school"] in schools]
            after_rows = [r for r in site.responses[(year, survey_id)].rows if r["school"] in schools]
            for question in scale_questions(site, survey_id, pre_id):
                pre_question = next(q for q in pre.questions if q.id == question.id)
                table.rows.append(
                    shares_row(
                        _labels(year, survey_id, question),
                        {r["mentee"]: r.get(question.id) for r in before_rows},
                        {r["mentee"]: r.get(question.id) for r in after_rows},
                        positive_test(pre_question, pre.scale),
                        positive_test(question, post.scale),
                    )
                )
    return table


def _labels(year: str, survey_id: str, question: Question) -> dict[str, str]:
    return {
        "academic_year": year,
        "level": PROGRAMME,
        "group": "All schools",
        "survey": survey_id,
        "question": question.id,
        "question_text": question.text,
        "outcome": question.outcome or "",
    }


def followed(site: CheckedSite, published: dict[str, PublishedTable], table: StatTable) -> dict[str, set[int]]:
    """Rows where the change and outcomes tables withhold the figures this table repeats (``protect``'s ``follow``)."""
    follow: dict[str, set[int]] = {name: set() for name in FOLLOWED}
    change, outcomes = published.get("change"), published.get("outcomes")
    withheld_change = {_key(r) for r in change.rows if _programme(r) and r["matched"].symbol} if change else set()
    by_survey: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in outcomes.rows if outcomes else []:
        if _programme(r):
            by_survey[_key(r)] = r
    for i, row in enumerate(table.rows):
        key = (row["academic_year"], row["survey"], row["question"])
        if key in withheld_change:
            follow["matched"].add(i)
        pre = site.surveys[row["survey"]].pairs_with or ""
        for when, survey in (("before", pre), ("after", row["survey"])):
            source = by_survey.get((row["academic_year"], survey, row["question"]))
            for name, column in (("answered", "answered"), ("all_positive", "positive")):
                if source is None or source[column].symbol:
                    follow[f"_{when}_{name}"].add(i)
    return follow


def _programme(row: dict[str, Any]) -> bool:
    return bool(row["level"].value == PROGRAMME)


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["academic_year"].value, row["survey"].value, row["question"].value)


def published(table: PublishedTable) -> PublishedTable:
    """The table as published: each question's before and after figures all or nothing, the helpers dropped."""
    figures = [c.name for c in MATCHED_SHARE_COLUMNS if c.name.startswith(("before_", "after_"))]
    for row in table.rows:
        if any(row[name].symbol == "c" for name in figures):
            row.update({name: _WITHHELD for name in figures})
    keep = [c for c in table.columns if not c.name.startswith("_")]
    rows = [{c.name: row[c.name] for c in keep} for row in table.rows]
    return PublishedTable(table.id, table.title, table.description, keep, rows, table.policy, table.equations)
