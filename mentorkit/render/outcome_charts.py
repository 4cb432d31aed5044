"""The outcome pages' charts: the year's answers, school by school, and the long-term indicators."""

from __future__ import annotations

from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.render import change_views, charts
from mentorkit.render.charts import Bar, BarChart, LineChart
from mentorkit.render.display import value_of
from mentorkit.render.outcome_views import RESPONDENTS, question_rows
from mentorkit.stats.breakdowns import SCHOOL


def chart_path(name: str) -> str:
    return f"assets/charts/{name}.svg"


def outcome_chart(site: CheckedSite, figures: dict[str, Any], year: str) -> BarChart | None:
    """Post-programme answers of the year, programme level, one bar per question."""
    rows = [
        r for r in question_rows(figures, year) if (s := site.surveys.get(value_of(r, "survey"))) and s.timing == "post"
    ]
    if not rows or len(rows) > charts.MAX_BARS:
        return None
    respondents = list(dict.fromkeys(value_of(r, "respondent") for r in rows))
    bars = tuple(
        Bar(
            f"{RESPONDENTS.get(value_of(r, 'respondent'), '')}: {value_of(r, 'question_text')}",
            r["positive_share"],
            r["lower"],
            r["upper"],
            r["answered"],
            respondents.index(value_of(r, "respondent")),
        )
        for r in rows
    )
    return BarChart(
        chart_path(f"{year}-outcomes"),
        f"Answers after the programme, {year}",
        bars,
        tuple(RESPONDENTS.get(r, r) for r in respondents),
    )


def school_chart(site: CheckedSite, figures: dict[str, Any], year: str) -> BarChart | None:
    """The year's first post-programme mentee question, school by school."""
    rows = question_rows(figures, year, SCHOOL)
    post = [
        r
        for r in rows
        if (s := site.surveys.get(value_of(r, "survey"))) and s.timing == "post" and value_of(r, "outcome")
    ]
    if not post:
        return None
    first = (value_of(post[0], "survey"), value_of(post[0], "question"))
    mine = [r for r in post if (value_of(r, "survey"), value_of(r, "question")) == first]
    if len(mine) < 2 or len(mine) > charts.MAX_BARS:
        return None
    bars = tuple(Bar(value_of(r, "group"), r["positive_share"], r["lower"], r["upper"], r["answered"]) for r in mine)
    return BarChart(chart_path(f"{year}-by-school"), f"By school, {year}: {value_of(mine[0], 'question_text')}", bars)


def indicator_charts(site: CheckedSite, figures: dict[str, Any]) -> list[tuple[str, LineChart]]:
    table = figures["tables"].get("indicators")
    if table is None:
        return []
    out = []
    for key in dict.fromkeys(value_of(r, "indicator") for r in table.rows):
        rows = [r for r in table.rows if value_of(r, "indicator") == key]
        indicator = site.indicators[key]
        years = tuple(value_of(r, "year") for r in rows)
        series = (
            (indicator.area, tuple(value_of(r, "value") for r in rows)),
            (indicator.comparator_name, tuple(value_of(r, "comparator") for r in rows)),
        )
        note = "Illustrative values, not read from the source" if indicator.illustrative else ""
        out.append((key, LineChart(chart_path(f"indicator-{key}"), indicator.title, years, series, "Percent", note)))
    return out


def all_charts(site: CheckedSite, figures: dict[str, Any]) -> list[charts.Chart]:
    found: list[Any] = []
    for year in figures["years"]:
        found += [outcome_chart(site, figures, year), school_chart(site, figures, year)]
    found += [chart for _, chart in indicator_charts(site, figures)]
    found += change_views.charts(site, figures)
    return [c for c in found if c is not None]
