"""The Impact page, one annual report per academic year, the open data page, and
the files they publish (charts, CSVs, ``datapackage.json``).

Everything here reads the disclosure-controlled tables ``stats.compute``
returns; it formats cells into display strings and never computes a figure
of its own, so a report's numbers are the statistics module's numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.model.programme import Disclosure
from mentorkit.render import charts, opendata
from mentorkit.render.charts import Bar, BarChart, LineChart
from mentorkit.render.consented import PublicTestimonial, public_testimonials
from mentorkit.render.environment import Page
from mentorkit.stats.disclosure import SYMBOLS, Cell, Column, PublishedTable
from mentorkit.stats.figures import ALL_YEARS, PROGRAMME, SCHOOL
from mentorkit.stats.memo import by_identity

SECTION = ("Impact",)
RESPONDENTS = {"mentee": "Mentees", "teacher": "Teachers", "mentor": "Mentors", "parent": "Parents"}


# ---------------------------------------------------------------- formatting cells


def show(cell: Cell, column: Column) -> str:
    """One cell as a reader sees it: 1,234 / 86% / +0.42 / [c]."""
    if not cell.shown:
        return f"[{cell.symbol}]"
    value = cell.value
    if column.role == "percent" or (column.role == "ratio" and column.unit == "share"):
        return f"{value * 100:.0f}%"
    if column.role == "ratio":
        return f"{value:+.{column.places}f}"
    if column.role in ("people", "tally"):
        return f"{value:,}"
    if column.role == "number":
        return f"{value:.{column.places}f}"
    return str(value)


def share_with_n(row: dict[str, Cell], table: PublishedTable, share: str, count: str, base: str) -> str:
    """86% (144 of 167): a percentage never appears without its base."""
    cols = {c.name: c for c in table.columns}
    n = show(row[base], cols[base])
    if row[share].shown:
        return f"{show(row[share], cols[share])} ({show(row[count], cols[count])} of {n})"
    if row[count].shown:
        return f"{show(row[count], cols[count])} of {n}"
    return f"{show(row[share], cols[share])} (n = {n})"


def interval(row: dict[str, Cell]) -> str:
    if row["lower"].shown and row["upper"].shown:
        return f"{row['lower'].value * 100:.0f}% to {row['upper'].value * 100:.0f}%"
    return f"[{row['lower'].symbol or row['upper'].symbol}]"


@dataclass
class Display:
    """A table as display strings, with the symbols it uses (for its footnote)."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""
    align: list[str] = field(default_factory=list)
    #: What short headers stand for, as (header, meaning), listed above the table.
    key: list[tuple[str, str]] = field(default_factory=list)

    @property
    def symbols(self) -> list[str]:
        found = {s for row in self.rows for cell in row for s in SYMBOLS if f"[{s}]" in cell}
        return [s for s in SYMBOLS if s in found]


def policy_text(policy: Disclosure) -> str:
    """The disclosure rule in plain English, from the policy actually applied."""
    small = f"1 to {policy.min_count - 1}" if policy.min_count > 2 else "1"
    parts = [f"counts of {small} people"]
    if policy.complement:
        parts.append(f"counts that leave {small} people in the rest of their group")
    parts.append(f"percentages, intervals, averages or rates about fewer than {policy.min_base} people")
    parts.append("further figures that would let a withheld one be worked out from a total")
    return "We do not publish " + "; ".join(parts[:-1]) + "; or " + parts[-1] + ". A zero is a true zero."


def footnote(symbols: list[str], policy: Disclosure) -> str:
    notes = []
    if "c" in symbols:
        text = f"[c] withheld to protect the young people behind it. {policy_text(policy)}"
        if policy.rationale:
            text += f" {' '.join(policy.rationale.split())}"
        notes.append(text)
    notes += [f"[{s}] {SYMBOLS[s]}." for s in symbols if s != "c"]
    return " ".join(notes)


# ---------------------------------------------------------------- views of the tables


def _cols(table: PublishedTable) -> dict[str, Column]:
    return {c.name: c for c in table.columns}


def _value(row: dict[str, Cell], name: str) -> Any:
    return row[name].value


def question_rows(figures: dict[str, Any], year: str, level: str = PROGRAMME) -> list[dict[str, Cell]]:
    table = figures["tables"].get("outcomes")
    if table is None:
        return []
    return _rows_by_year_and_level(table).get((year, level), [])


@by_identity()
def _rows_by_year_and_level(table: PublishedTable) -> dict[tuple[Any, Any], list[dict[str, Cell]]]:
    """The outcomes table's rows grouped once, not scanned again for every year and level.

    At national scale the table has 100,000 rows and pages ask for them 70 times.
    """
    index: dict[tuple[Any, Any], list[dict[str, Cell]]] = {}
    for row in table.rows:
        index.setdefault((_value(row, "academic_year"), _value(row, "level")), []).append(row)
    return index


def outcome_sections(site: CheckedSite, figures: dict[str, Any], year: str) -> list[dict[str, Any]]:
    """Per programme outcome: a table of its questions (post surveys and pre surveys alike)."""
    table = figures["tables"].get("outcomes")
    rows = question_rows(figures, year)
    if table is None or not rows:
        return []
    texts = {o.id: o.text for o in site.programme.outcomes.short_term}
    sections = []
    for outcome in [*texts, ""]:
        mine = [r for r in rows if _value(r, "outcome") == outcome]
        if not mine:
            continue
        display = Display(
            ["Question", "Who answered", "When", "Answered positively", "95% interval"], align=["l", "l", "l", "r", "r"]
        )
        for r in mine:
            survey = site.surveys.get(_value(r, "survey"))
            when = {"pre": "Before", "post": "After", "session": "After a session"}.get(
                survey.timing if survey else "", ""
            )
            display.rows.append(
                [
                    _value(r, "question_text"),
                    RESPONDENTS.get(_value(r, "respondent"), ""),
                    when,
                    share_with_n(r, table, "positive_share", "positive", "answered"),
                    interval(r),
                ]
            )
        sections.append({"title": texts.get(outcome, "Other questions"), "table": display})
    return sections


def views_side_by_side(site: CheckedSite, figures: dict[str, Any], year: str) -> Display | None:
    """Mentees' and teachers' answers on the same outcome, side by side (after the programme)."""
    table = figures["tables"].get("outcomes")
    rows = [r for r in question_rows(figures, year) if _value(r, "outcome")]
    post = [r for r in rows if (s := site.surveys.get(_value(r, "survey"))) and s.timing == "post"]
    if table is None or {_value(r, "respondent") for r in post} < {"mentee", "teacher"}:
        return None
    display = Display(["Outcome", "Mentees say", "Teachers say"], align=["l", "r", "r"])
    for outcome in site.programme.outcomes.short_term:
        cells = []
        for respondent in ("mentee", "teacher"):
            mine = [r for r in post if _value(r, "outcome") == outcome.id and _value(r, "respondent") == respondent]
            items = [share_with_n(r, table, "positive_share", "positive", "answered") for r in mine]
            if len(mine) > 1:
                items = [f"{_value(r, 'question_text')} {item}" for r, item in zip(mine, items)]
            cells.append("; ".join(items) if items else "[z]")
        if cells != ["[z]", "[z]"]:
            display.rows.append([outcome.text, *cells])
    return display


def change_display(figures: dict[str, Any], year: str) -> Display | None:
    table = figures["tables"].get("change")
    if table is None:
        return None
    rows = [r for r in table.rows if _value(r, "academic_year") == year and _value(r, "level") == PROGRAMME]
    if not rows:
        return None
    cols = _cols(table)
    display = Display(
        ["Question", "Matched (n)", "Improved", "Same", "Worse", "Mean change (scale points)"],
        align=["l", "r", "r", "r", "r", "r"],
    )
    for r in rows:
        display.rows.append(
            [
                _value(r, "question_text"),
                show(r["matched"], cols["matched"]),
                share_with_n(r, table, "improved_share", "improved", "matched"),
                share_with_n(r, table, "same_share", "same", "matched"),
                share_with_n(r, table, "worse_share", "worse", "matched"),
                show(r["mean_change"], cols["mean_change"]),
            ]
        )
    return display


def participation_display(figures: dict[str, Any], years: list[str], by_school: bool) -> Display | None:
    table = figures["tables"].get("participation")
    if table is None:
        return None
    cols = _cols(table)
    rows = [
        r for r in table.rows if _value(r, "academic_year") in years and (by_school or _value(r, "level") == PROGRAMME)
    ]
    if not rows:
        return None
    first = "School" if by_school else "Year"
    display = Display(
        [first, "Schools", "Mentees", "Mentors", "Sessions delivered", "Attendance"],
        align=["l", "r", "r", "r", "r", "r"],
    )
    for r in rows:
        label = _value(r, "group") if by_school else _value(r, "academic_year")
        delivered = f"{show(r['sessions_delivered'], cols['sessions_delivered'])} of {show(r['sessions_planned'], cols['sessions_planned'])} planned"
        attendance = show(r["attendance"], cols["attendance"])
        if r["attendance"].shown:
            attendance += f" (mentees: {show(r['mentees'], cols['mentees'])})"
        display.rows.append(
            [
                label,
                show(r["schools"], cols["schools"]),
                show(r["mentees"], cols["mentees"]),
                show(r["mentors"], cols["mentors"]),
                delivered,
                attendance,
            ]
        )
    return display


def qualification_display(figures: dict[str, Any], years: list[str] | None) -> Display | None:
    table = figures["tables"].get("qualifications")
    if table is None:
        return None
    cols = _cols(table)
    rows = [r for r in table.rows if years is None or _value(r, "academic_year") in years]
    if not rows:
        return None
    display = Display(
        ["Year", "Group", "Enrolled", "Achieved", "Withdrawn", "Still studying", "Achievement rate"],
        align=["l", "l", "r", "r", "r", "r", "r"],
    )
    for r in rows:
        display.rows.append(
            [
                _value(r, "academic_year"),
                _value(r, "group"),
                *(show(r[n], cols[n]) for n in ("enrolled", "achieved", "withdrawn", "studying")),
                share_with_n(r, table, "achievement_rate", "achieved", "enrolled"),
            ]
        )
    return display


def school_matrix(site: CheckedSite, figures: dict[str, Any], year: str) -> Display | None:
    """Each question by school: per-school figures, each withheld where the policy says."""
    table = figures["tables"].get("outcomes")
    if table is None:
        return None
    rows = question_rows(figures, year, SCHOOL)
    schools = sorted({_value(r, "group") for r in rows})
    if len(schools) < 2:
        return None
    return _question_pivot(site, table, rows, "group", schools)


#: Beyond this many schools or years a column each is unreadable (a national
#: programme has 500 schools): the table turns, one row each, questions across.
MAX_PIVOT_COLUMNS = 8


def _question_pivot(
    site: CheckedSite, table: Any, rows: list[dict[str, Cell]], by: str, columns: list[str], label: str = "School"
) -> Display:
    """One row per question, one column per value of ``by``; [x] where a column has no figure.

    With more than ``MAX_PIVOT_COLUMNS`` values of ``by``, one row per value
    instead, the questions across as Q1, Q2, ... with a key above.
    """
    by_question: dict[tuple[str, str], dict[str, dict[str, Cell]]] = {}
    for r in rows:
        by_question.setdefault((_value(r, "survey"), _value(r, "question")), {})[_value(r, by)] = r

    def figure(mine: dict[str, dict[str, Cell]], column: str) -> str:
        return share_with_n(mine[column], table, "positive_share", "positive", "answered") if column in mine else "[x]"

    questions = list(by_question.values())
    if len(columns) > MAX_PIVOT_COLUMNS:
        short = [f"Q{i}" for i in range(1, len(questions) + 1)]
        display = Display([label, *short], align=["l", *["r"] * len(short)])
        for name, mine in zip(short, questions):
            any_row = next(iter(mine.values()))
            display.key.append((name, f"{_value(any_row, 'question_text')} ({_who(site, any_row)})"))
        display.rows = [[column, *(figure(mine, column) for mine in questions)] for column in columns]
        return display
    display = Display(["Question", "Who answered", *columns], align=["l", "l", *["r"] * len(columns)])
    for mine in questions:
        any_row = next(iter(mine.values()))
        display.rows.append(
            [_value(any_row, "question_text"), _who(site, any_row), *(figure(mine, c) for c in columns)]
        )
    return display


def _who(site: CheckedSite, row: dict[str, Cell]) -> str:
    who = RESPONDENTS.get(_value(row, "respondent"), "")
    found = site.surveys.get(_value(row, "survey"))
    return f"{who} (before)" if found and found.timing == "pre" else who


def trend_display(site: CheckedSite, figures: dict[str, Any], years: list[str]) -> Display | None:
    """Every question, year by year, at programme level: the 'all years' view of outcomes."""
    table = figures["tables"].get("outcomes")
    if table is None:
        return None
    rows = [r for r in table.rows if _value(r, "level") == PROGRAMME]
    shown_years = [y for y in years if any(_value(r, "academic_year") == y for r in rows)]
    if not shown_years:
        return None
    return _question_pivot(site, table, rows, "academic_year", shown_years, label="Year")


# ---------------------------------------------------------------- charts


def chart_path(name: str) -> str:
    return f"assets/charts/{name}.svg"


def outcome_chart(site: CheckedSite, figures: dict[str, Any], year: str) -> BarChart | None:
    """Post-programme answers of the year, programme level, one bar per question."""
    rows = [
        r for r in question_rows(figures, year) if (s := site.surveys.get(_value(r, "survey"))) and s.timing == "post"
    ]
    if not rows or len(rows) > charts.MAX_BARS:
        return None
    respondents = list(dict.fromkeys(_value(r, "respondent") for r in rows))
    bars = tuple(
        Bar(
            f"{RESPONDENTS.get(_value(r, 'respondent'), '')}: {_value(r, 'question_text')}",
            r["positive_share"],
            r["lower"],
            r["upper"],
            r["answered"],
            respondents.index(_value(r, "respondent")),
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
        r for r in rows if (s := site.surveys.get(_value(r, "survey"))) and s.timing == "post" and _value(r, "outcome")
    ]
    if not post:
        return None
    first = (_value(post[0], "survey"), _value(post[0], "question"))
    mine = [r for r in post if (_value(r, "survey"), _value(r, "question")) == first]
    if len(mine) < 2 or len(mine) > charts.MAX_BARS:
        return None
    bars = tuple(Bar(_value(r, "group"), r["positive_share"], r["lower"], r["upper"], r["answered"]) for r in mine)
    return BarChart(chart_path(f"{year}-by-school"), f"By school, {year}: {_value(mine[0], 'question_text')}", bars)


def indicator_charts(site: CheckedSite, figures: dict[str, Any]) -> list[tuple[str, LineChart]]:
    table = figures["tables"].get("indicators")
    if table is None:
        return []
    out = []
    for key in dict.fromkeys(_value(r, "indicator") for r in table.rows):
        rows = [r for r in table.rows if _value(r, "indicator") == key]
        indicator = site.indicators[key]
        years = tuple(_value(r, "year") for r in rows)
        series = (
            (indicator.area, tuple(_value(r, "value") for r in rows)),
            (indicator.comparator_name, tuple(_value(r, "comparator") for r in rows)),
        )
        note = "Illustrative values, not read from the source" if indicator.illustrative else ""
        out.append((key, LineChart(chart_path(f"indicator-{key}"), indicator.title, years, series, "Percent", note)))
    return out


def all_charts(site: CheckedSite, figures: dict[str, Any]) -> list[charts.Chart]:
    found: list[Any] = []
    for year in figures["years"]:
        found += [outcome_chart(site, figures, year), school_chart(site, figures, year)]
    found += [chart for _, chart in indicator_charts(site, figures)]
    return [c for c in found if c is not None]


# ---------------------------------------------------------------- pages


def report_path(year: str) -> str:
    return f"impact/{year}.md"


def _testimonials_for(site: CheckedSite, year: str) -> list[PublicTestimonial]:
    start, end = dt.date(int(year[:4]), 9, 1), dt.date(int(year[:4]) + 1, 8, 31)
    keys = {k for k, t in site.testimonials.items() if t.date is None or start <= t.date <= end}
    return public_testimonials({k: site.testimonials[k] for k in keys}, site.schools)


def _illustrative(site: CheckedSite) -> bool:
    return any(site.indicators[k].illustrative for k in site.series if k in site.indicators)


def impact(site: CheckedSite, figures: dict[str, Any]) -> list[Page]:
    years = figures["years"]
    if not years or not figures["tables"]:
        return []
    latest = figures["latest"]
    indicators = []
    for key, chart in indicator_charts(site, figures):
        indicator = site.indicators[key]
        table = figures["tables"]["indicators"]
        cols = _cols(table)
        display = Display(["Year", indicator.area, indicator.comparator_name], align=["l", "r", "r"])
        for r in table.rows:
            if _value(r, "indicator") == key:
                display.rows.append(
                    [_value(r, "year"), show(r["value"], cols["value"]), show(r["comparator"], cols["comparator"])]
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
        Page(
            "impact/index.md",
            "pages/impact.md.j2",
            "Impact",
            context,
            section=SECTION,
            order=70,
            description="What changed for the young people who took part: every figure with its base, small numbers withheld.",
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
            for t in ("outcomes", "change", "participation", "qualifications")
        },
        "report_pdf": report_pdf_path(year),
    }


def report_title(context: dict[str, Any]) -> str:
    return context["report"].title if context["report"] else f"Annual report {context['year']}"


def annual_reports(site: CheckedSite, figures: dict[str, Any]) -> list[Page]:
    pages = []
    for position, year in enumerate(reversed(figures["years"])):
        context = report_context(site, figures, year)
        pages.append(
            Page(
                report_path(year),
                "pages/report.md.j2",
                report_title(context),
                context,
                section=SECTION,
                order=71 + position,
                description=f"The {site.programme.short_name} annual report for {year}: delivery, outcomes and qualifications.",
            )
        )
    return pages


def open_data(site: CheckedSite, figures: dict[str, Any]) -> list[Page]:
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
    }
    return [
        Page(
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
    cols = _cols(table)
    row = next((r for r in table.rows if _value(r, "academic_year") == year and _value(r, "level") == PROGRAMME), None)
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
            f"{site.programme.id}-figures", f"{site.programme.name}: published figures", description, tables, sources
        )
    )
    return out
