"""The same young people before and after: a dot chart and its table per outcome (Impact page, reports, PDFs).

Each reads the disclosure-controlled ``matched_means`` table and only formats
its cells; a question whose figures are withheld is drawn as "Withheld [c]".
Only scale questions have a mean: a yes/no question has no row here.
"""

from __future__ import annotations

from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.render.charts import DotChart, DotPair, bounds_text
from mentorkit.render.display import Display, columns_by_name, show, value_of
from mentorkit.stats.disclosure import Cell

NOTES = {
    "intro": (
        "The average answer on each question's scale before the programme and after it, of the same young "
        "people: those who answered the question both times. The lines are 95% intervals."
    ),
    "different": (
        "Before and After in these tables are different groups of young people (everyone who answered each "
        "survey), so they are not a like-for-like comparison."
    ),
    "matched_below": "The matched figures below compare the same young people before and after.",
    "none_shown": (
        "The same young people's answers before and after, question by question, are not shown this year, to "
        "protect the young people behind them: too few answered both times."
    ),
}


def chart_path(year: str, outcome: str) -> str:
    return f"assets/charts/{year}-matched-{outcome or 'other'}.svg"


def _rows(figures: dict[str, Any], year: str) -> list[dict[str, Cell]]:
    table = figures["tables"].get("matched_means")
    return [r for r in table.rows if value_of(r, "academic_year") == year] if table else []


def _point(row: dict[str, Cell], when: str) -> tuple[Cell, Cell, Cell]:
    return row[f"{when}_mean"], row[f"{when}_lower"], row[f"{when}_upper"]


def dot_pairs(rows: list[dict[str, Cell]]) -> tuple[DotPair, ...]:
    """The chart's pairs, from the published cells only: a withheld cell has no value to draw."""
    return tuple(
        DotPair(value_of(r, "question_text"), r["matched"], _point(r, "before"), _point(r, "after")) for r in rows
    )


def measured(figures: dict[str, Any], year: str) -> bool:
    """Whether the year has matched before/after answers at all (published or withheld)."""
    return bool(_rows(figures, year))


def sections(site: CheckedSite, figures: dict[str, Any], year: str) -> list[dict[str, Any]]:
    """Per outcome: its title, dot chart (None if every question is withheld) and table.

    None at all when no question's figures can be published: a note says why instead.
    """
    rows = _rows(figures, year)
    if not any(r["before_mean"].shown and r["after_mean"].shown for r in rows):
        return []
    texts = {o.id: o.text for o in site.programme.outcomes.short_term}
    found = []
    for outcome in [*texts, *sorted({value_of(r, "outcome") for r in rows} - set(texts))]:
        mine = [r for r in rows if value_of(r, "outcome") == outcome]
        if not mine:
            continue
        title = texts.get(outcome, "Other questions")
        pairs = dot_pairs(mine)
        # An outcome whose every question is withheld gets its table ([c]) and no chart: it would draw nothing.
        chart = (
            DotChart(
                chart_path(year, outcome),
                f"The same young people before and after, {year}: {title}",
                pairs,
                scale(site, mine),
            )
            if any(p.shown for p in pairs)
            else None
        )
        # Headed apart from the outcome's own table above (a scrolling table is named after its heading).
        heading = f"The same young people: {title}"
        found.append({"title": title, "heading": heading, "chart": chart, "table": _display(figures, mine)})
    return found


def scale(site: CheckedSite, rows: list[dict[str, Cell]]) -> tuple[str, ...]:
    """The labels of the scale the outcome's questions were answered on (its post survey's)."""
    survey = site.surveys[value_of(rows[0], "survey")]
    assert survey.scale is not None  # only scale questions have a row
    return tuple(survey.scale.labels)


def _display(figures: dict[str, Any], rows: list[dict[str, Cell]]) -> Display:
    cols = columns_by_name(figures["tables"]["matched_means"])
    display = Display(
        [
            "Question",
            "Answered both (n)",
            "Before (mean)",
            "Before, 95% interval",
            "After (mean)",
            "After, 95% interval",
        ],
        align=["l", "r", "r", "r", "r", "r"],
    )
    for r in rows:
        cells = [value_of(r, "question_text"), show(r["matched"], cols["matched"])]
        for when in ("before", "after"):
            mean, lower, upper = _point(r, when)
            cells.append(show(mean, cols[f"{when}_mean"]))
            cells.append(bounds_text(lower, upper))
        display.rows.append(cells)
    return display


def charts(site: CheckedSite, figures: dict[str, Any]) -> list[DotChart]:
    """Every year's dot charts, for the published files."""
    return [s["chart"] for year in figures["years"] for s in sections(site, figures, year) if s["chart"]]
