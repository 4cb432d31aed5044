"""The Impact page, one annual report per academic year, the open data page, and
the files they publish (charts, CSVs, ``datapackage.json``).

The tables they show are built in ``outcome_views``, the charts in
``outcome_charts``, the cells formatted in ``display``.

Everything here reads the disclosure-controlled tables ``stats.compute``
returns; it formats cells into display strings and never computes a figure
of its own, so a report's numbers are the statistics module's numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.render import change_views, charts, ees, opendata
from mentorkit.render.consented import PublicTestimonial, public_testimonials
from mentorkit.render.display import Display, columns_by_name, footnote, policy_text, show, value_of
from mentorkit.render.environment import PlannedPage
from mentorkit.render.outcome_charts import all_charts, indicator_charts, outcome_chart, school_chart
from mentorkit.render.outcome_views import (
    CHANGE_NOTES,
    attrition_display,
    change_display,
    dosage_display,
    outcome_sections,
    participation_display,
    qualification_display,
    school_matrix,
    trend_display,
    views_side_by_side,
)
from mentorkit.stats.breakdowns import ALL_YEARS, PROGRAMME, SCHOOL
from mentorkit.stats.disclosure import SYMBOLS

SECTION = ("Impact",)


def report_path(year: str) -> str:
    return f"impact/{year}.md"


def _testimonials_for(site: CheckedSite, year: str) -> list[PublicTestimonial]:
    start, end = dt.date(int(year[:4]), 9, 1), dt.date(int(year[:4]) + 1, 8, 31)
    keys = {k for k, t in site.testimonials.items() if t.date is None or start <= t.date <= end}
    return public_testimonials({k: site.testimonials[k] for k in keys}, site.schools)


def _illustrative(site: CheckedSite) -> bool:
    return any(site.indicators[k].illustrative for k in site.series if k in site.indicators)


def impact(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    years = figures["years"]
    if not years or not figures["tables"]:
        return []
    latest = figures["latest"]
    indicators = []
    for key, chart in indicator_charts(site, figures):
        indicator = site.indicators[key]
        table = figures["tables"]["indicators"]
        cols = columns_by_name(table)
        display = Display(["Year", indicator.area, indicator.comparator_name], align=["l", "r", "r"])
        for r in table.rows:
            if value_of(r, "indicator") == key:
                display.rows.append(
                    [value_of(r, "year"), show(r["value"], cols["value"]), show(r["comparator"], cols["comparator"])]
                )
        indicators.append(
            {
                "indicator": indicator,
                "chart": chart,
                "table": display,
                "outcome": next((o.text for o in site.programme.outcomes.long_term if o.indicator == key), ""),
            }
        )
    context = {
        "latest": latest,
        "years": years,
        "sections": outcome_sections(site, figures, latest),
        "views": views_side_by_side(site, figures, latest),
        "chart": outcome_chart(site, figures, latest),
        "change": change_display(figures, latest),
        "attrition": attrition_display(figures, years),
        "dosage": dosage_display(figures, latest),
        "dosage_measured": any(value_of(r, "academic_year") == latest for r in _rows(figures, "dosage")),
        "change_notes": CHANGE_NOTES,
        **_matched(site, figures, latest),
        "trend": trend_display(site, figures, years),
        "participation": participation_display(figures, [*years, ALL_YEARS], by_school=False),
        "qualifications": qualification_display(figures, None),
        "indicators": indicators,
        "illustrative": _illustrative(site),
        "reports": [(y, report_path(y).removeprefix("impact/")) for y in reversed(years)],
        "policy": figures["policy"],
        "policy_text": policy_text(figures["policy"]),
        "footnote": lambda display: footnote(display.symbols, figures["policy"]),
    }
    return [
        PlannedPage(
            "impact/index.md",
            "pages/impact.md.j2",
            "Impact",
            context,
            section=SECTION,
            order=70,
            description=(
                "What changed for the young people who took part: every figure with its base, small numbers withheld."
            ),
        )
    ]


def report_pdf_path(year: str) -> str:
    """Docs-relative path of a year's report as PDF (``report_pdfs.py`` renders it)."""
    return f"pdf/annual-report-{year}.pdf"


def report_context(site: CheckedSite, figures: dict[str, Any], year: str) -> dict[str, Any]:
    """Everything a year's report shows: the page and its PDF render this same context."""
    report = next((r for r in site.reports.values() if r.academic_year == year), None)
    return {
        "year": year,
        "report": report,
        "participation_row": _programme_participation(figures, year),
        "sections": outcome_sections(site, figures, year),
        "views": views_side_by_side(site, figures, year),
        "chart": outcome_chart(site, figures, year),
        "change": change_display(figures, year),
        "change_schools": _with_a_figure(change_display(figures, year, SCHOOL)),
        "attrition": attrition_display(figures, [year]),
        "dosage": dosage_display(figures, year),
        "dosage_measured": any(value_of(r, "academic_year") == year for r in _rows(figures, "dosage")),
        "attrition_schools": attrition_display(figures, [year], by_school=True),
        "change_notes": CHANGE_NOTES,
        **_matched(site, figures, year),
        "delivery": participation_display(figures, [year], by_school=True),
        "qualifications": qualification_display(figures, [year]),
        "schools": school_matrix(site, figures, year),
        "school_chart": school_chart(site, figures, year),
        "testimonials": _testimonials_for(site, year),
        "policy": figures["policy"],
        "policy_text": policy_text(figures["policy"]),
        "footnote": lambda display: footnote(display.symbols, figures["policy"]),
        "csv": {
            t: f"../{opendata.csv_path(t)}" if t in figures["tables"] else ""
            for t in ("outcomes", "change", "matched_means", "attrition", "dosage", "participation", "qualifications")
        },
        "report_pdf": report_pdf_path(year),
    }


def _matched(site: CheckedSite, figures: dict[str, Any], year: str) -> dict[str, Any]:
    """The same young people before and after: a dot chart and table per outcome, or a note saying why not."""
    return {
        "matched_sections": change_views.sections(site, figures, year),
        "matched_measured": change_views.measured(figures, year),
        "matched_notes": change_views.NOTES,
    }


def _rows(figures: dict[str, Any], table: str) -> list[Any]:
    found = figures["tables"].get(table)
    return found.rows if found else []


def _with_a_figure(display: Display | None) -> Display | None:
    """A by-school table only when some school's effect size is published (else it is all [c])."""
    if display is None or all(row[-1].startswith("[") for row in display.rows):
        return None
    return display


def report_title(context: dict[str, Any]) -> str:
    return context["report"].title if context["report"] else f"Annual report {context['year']}"


def annual_reports(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    pages = []
    for position, year in enumerate(reversed(figures["years"])):
        context = report_context(site, figures, year)
        pages.append(
            PlannedPage(
                report_path(year),
                "pages/report.md.j2",
                report_title(context),
                context,
                section=SECTION,
                order=71 + position,
                description=(
                    f"The {site.programme.short_name} annual report for {year}: delivery, outcomes and qualifications."
                ),
            )
        )
    return pages


def open_data(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    tables = list(figures["tables"].values())
    if not tables:
        return []
    context = {
        "tables": [(t, f"../{opendata.csv_path(t.id)}") for t in tables],
        "descriptor": f"../{opendata.DESCRIPTOR}",
        "policy_text": policy_text(figures["policy"]),
        "policy": figures["policy"],
        "illustrative": _illustrative(site),
        "symbols": SYMBOLS,
        **ees.page_context(site, figures, "../"),
    }
    return [
        PlannedPage(
            "impact/open-data.md",
            "pages/open-data.md.j2",
            "Open data",
            context,
            section=SECTION,
            order=79,
            description="Every published table as CSV, described by a Frictionless Data Package.",
        )
    ]


def _programme_participation(figures: dict[str, Any], year: str) -> dict[str, str] | None:
    table = figures["tables"].get("participation")
    if table is None:
        return None
    cols = columns_by_name(table)
    row = next(
        (r for r in table.rows if value_of(r, "academic_year") == year and value_of(r, "level") == PROGRAMME), None
    )
    return {name: show(cell, cols[name]) for name, cell in row.items()} if row else None


BUILDERS = [impact, annual_reports, open_data]


# ---------------------------------------------------------------- published files


def files(site: CheckedSite, figures: dict[str, Any]) -> dict[str, str]:
    """Charts (SVG), tables (CSV) and ``datapackage.json``, by docs-relative path."""
    tables = list(figures.get("tables", {}).values())
    if not tables:
        return {}
    out = dict(charts.files(all_charts(site, figures)))
    sources = [
        {"title": f"{i.source.publisher}: {i.source.title}", "path": i.source.url}
        for k, i in sorted(site.indicators.items())
        if k in site.series
    ]
    description = (
        f"Published figures of {site.programme.name}, with small numbers withheld ({policy_text(figures['policy'])})"
    )
    if _illustrative(site):
        description += (
            " The indicator values marked illustrative were not read from their source and must not be quoted."
        )
    if site.programme.site.example_data:
        description += " Example data: the schools, rosters and survey answers behind these figures are invented."
    out.update(
        opendata.files(
            f"{site.programme.id}-figures",
            f"{site.programme.name}: published figures",
            description,
            tables,
            sources,
            site.programme.licence,
        )
    )
    out.update(ees.files(site, figures))
    return out
