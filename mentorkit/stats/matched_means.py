"""The same young people's average answer before and after: the figures behind the before/after chart.

Per academic year and scale question shared by a post survey and its pre
survey, programme level: the matched pupils (who answered the question both
times, as in the change table), their mean answer on the question's scale
before and after, each with its t-based 95% interval. The change table's mean
change is the after mean minus the before mean, and its effect size is
standardised on the same two standard deviations.

Means, not positive shares: the outcomes table publishes every answerer's
positive share, and the matched pupils' positive shares subtracted from it
would give away the answers of the few who answered only once. A mean does
not, with one exception this module guards against: a mean and its interval
tell a reader the sum and the sum of squares of the answers, and on a short
scale (two or three labels) or with answers all at one end those fix how many
gave each answer (``moments.fixed_counts``). Such a count is treated as
published: the question's means are withheld if it is small, or if it is the
matched pupils' positive count and, beside the outcomes table's, it would tell
the once-only answerers' answers or a count that table withholds (``_tells``).

The rest of the protection:

- a mean about fewer than ``min_base`` people is withheld (``strict``);
- ``matched`` is the change table's programme Matched, withheld where that
  table withholds it (``protect``'s ``follow``);
- a question's means are withheld wherever the change table's programme row
  withholds its Matched or its mean change (after - before would give the
  mean change away);
- before and after are published together or not at all.
"""

from __future__ import annotations

from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.model import Question, Scale
from mentorkit.model.programme import Disclosure
from mentorkit.stats.breakdowns import PROGRAMME, groups
from mentorkit.stats.disclosure import _WITHHELD, Column, PublishedTable, StatTable, primary
from mentorkit.stats.measures import mean_interval
from mentorkit.stats.moments import fixed_counts
from mentorkit.stats.survey_tables import CHANGE_COLUMNS, paired_surveys, scale_questions

WHEN = {"before": "before the programme", "after": "after the programme"}


def _columns(when: str) -> list[Column]:
    return [
        Column(
            f"{when}_{name}",
            f"Mean answer {when}{title}",
            "ratio",
            what,
            base="matched",
            hidden=f"_{when}_sum",
            places=2,
            unit="mean",
            strict=True,
        )
        for name, title, what in (
            ("mean", "", f"Matched people's mean answer {WHEN[when]}, on the scale's codes 1 to N."),
            ("lower", ", 95% interval, lower", f"Lower end of the t-based 95% interval of {when}_mean (at least 1)."),
            ("upper", ", 95% interval, upper", f"Upper end of the t-based 95% interval of {when}_mean (at most N)."),
        )
    ]


MATCHED_MEAN_COLUMNS = [*CHANGE_COLUMNS[:8], *_columns("before"), *_columns("after")]
FIGURES = [c.name for c in MATCHED_MEAN_COLUMNS if c.name.startswith(("before_", "after_"))]


def means_row(
    labels: dict[str, str], before: dict[str, Any], after: dict[str, Any], scales: tuple[Scale, Scale]
) -> dict[str, Any]:
    """A row: the matched pupils' mean answers, and (private, never published) what ``published`` checks.

    ``before`` and ``after``: each pupil's answer code (None for a blank), by pseudonym."""
    given = [{k: int(v) for k, v in answers.items() if v is not None} for answers in (before, after)]
    matched = sorted(given[0].keys() & given[1].keys())
    row: dict[str, Any] = labels | {"matched": len(matched)}
    for when, answers, scale in zip(WHEN, given, scales):
        total = sum(answers[k] for k in matched)
        squares = sum(answers[k] ** 2 for k in matched)
        mean = mean_interval(total, squares, len(matched))
        # A mean of answers 1..N cannot fall outside them: the interval is cut at the scale's ends.
        row |= {
            f"{when}_mean": mean.estimate if mean else None,
            f"{when}_lower": max(mean.lower, 1) if mean else None,
            f"{when}_upper": min(mean.upper, len(scale.labels)) if mean else None,
            f"_{when}_sum": total,
            f"_{when}_squares": squares,
            f"_{when}_others": len(answers) - len(matched),
            f"_{when}_scale": (len(scale.labels), scale.positive_code),
        }
    return row


def new_table() -> StatTable:
    return StatTable(
        "matched_means",
        "Average answer before and after, matched",
        "The mean answer on the question's scale before the programme and after it, of the same people: "
        "those who answered the question both times.",
        list(MATCHED_MEAN_COLUMNS),
    )


def matched_means_table(site: CheckedSite, years: list[str]) -> StatTable:
    """Per year and scale question shared by a post survey and its pre survey: the programme's matched means."""
    table = new_table()
    for year in years:
        schools = groups(site, year)[0].schools
        for survey_id, pre_id in paired_surveys(site, year):
            pre, post = site.surveys[pre_id], site.surveys[survey_id]
            assert pre.scale is not None and post.scale is not None  # they share a scale question
            before_rows = [r for r in site.responses[(year, pre_id)].rows if r["school"] in schools]
            after_rows = [r for r in site.responses[(year, survey_id)].rows if r["school"] in schools]
            for question in scale_questions(site, survey_id, pre_id):
                row = means_row(
                    _labels(year, survey_id, question),
                    {r["mentee"]: r.get(question.id) for r in before_rows},
                    {r["mentee"]: r.get(question.id) for r in after_rows},
                    (pre.scale, post.scale),
                )
                table.rows.append(row | {"_pre_survey": pre_id})
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


def followed(published: dict[str, PublishedTable], table: StatTable) -> dict[str, set[int]]:
    """Rows where the change table withholds its programme Matched, which this table repeats."""
    withheld = {_key(r) for r in _programme_rows(published.get("change")) if r["matched"].symbol}
    return {"matched": {i for i, row in enumerate(table.rows) if _true_key(row) in withheld}}


def published(table: StatTable, shown: PublishedTable, others: dict[str, PublishedTable]) -> PublishedTable:
    """The table as published: each question's means withheld where they or another table's figures would tell."""
    change = {_key(r): r for r in _programme_rows(others.get("change"))}
    outcomes = {_key(r): r for r in _programme_rows(others.get("outcomes"))}
    for true, row in zip(table.rows, shown.rows):
        key = _true_key(true)
        pre = true["_pre_survey"]
        ours = change.get(key)
        withhold = (
            any(row[name].symbol == "c" for name in FIGURES)
            or ours is None
            or any(ours[name].symbol == "c" for name in ("matched", "mean_change"))
            or any(
                _tells(true, when, outcomes.get((key[0], survey, key[2])), shown.policy)
                for when, survey in (("before", pre), ("after", true["survey"]))
            )
        )
        if withhold:
            row.update({name: _WITHHELD for name in FIGURES})
    return shown


def _tells(true: dict[str, Any], when: str, outcome_row: dict[str, Any] | None, policy: Disclosure) -> bool:
    """Whether this time's mean and interval (the sum and the sum of squares of the answers) fix a count
    that must not be published: a small one, or the matched pupils' positive answers where, beside the
    outcomes table, that count tells the once-only answerers' answers or a count the table withholds."""
    labels, positive_from = true[f"_{when}_scale"]
    n = true["matched"]
    fixed = fixed_counts(n, true[f"_{when}_sum"], true[f"_{when}_squares"], labels, positive_from)
    if fixed is None:
        return True  # too many ways to try: assume the worst
    if any(primary(count, n, policy) for count in [*fixed.codes.values(), fixed.positive] if count is not None):
        return True
    if fixed.positive is None:
        return False
    published = outcome_row is not None and outcome_row["positive"].shown
    # Nobody answered only once and the outcomes table publishes the same count: it tells nothing new.
    return bool(true[f"_{when}_others"]) or not published


def _programme_rows(table: PublishedTable | None) -> list[dict[str, Any]]:
    return [r for r in table.rows if r["level"].value == PROGRAMME] if table else []


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["academic_year"].value, row["survey"].value, row["question"].value)


def _true_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["academic_year"], row["survey"], row["question"])
