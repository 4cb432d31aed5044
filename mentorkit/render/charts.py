"""Static SVG charts of published (already disclosure-controlled) tables.

Each chart has a title, alt text written from the same cells, a colour-blind
safe palette (Okabe-Ito) with hatching so series survive a black-and-white
print, error bars for 95% intervals, and a table of the same numbers beside
it on the page. A withheld cell is drawn as "[c]" with no bar: the chart
cannot show what the table withholds.

The charts are drawn here, not by a plotting library: ``chart_layout`` (with
``chart_geometry`` and ``chart_style``) works out the geometry (scales, wrapped labels, ticks, bars, whiskers, where
each label goes) and ``templates/charts/*.svg.j2`` writes it out as SVG.
Two simple shapes do not need matplotlib, which took about 95% of the
render stage (constrained layout measuring every text). Text stays real
``<text>``: it prints sharply, can be selected and searched, screen readers
get the ``<title>`` and ``<desc>``, and the privacy gate can read it.

Output is deterministic (no date, ids from the series number, coordinates
rounded to a tenth) so an unchanged site rebuilds byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment

from mentorkit.render.chart_geometry import Layout
from mentorkit.render.chart_layout import bar_layout, line_layout, share_text
from mentorkit.render.chart_style import AXIS, FONT, FONT_FAMILY, GRID, INK
from mentorkit.render.dot_layout import dot_layout, withheld_text
from mentorkit.render.filters import sentence
from mentorkit.stats.disclosure import Cell

#: Above this many bars a chart stops being readable; the table carries the figures alone.
MAX_BARS = 30


@dataclass(frozen=True)
class Bar:
    label: str
    cell: Cell  # a share 0..1, or withheld
    lower: Cell
    upper: Cell
    n: Cell
    series: int = 0


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars of shares with 95% intervals; withheld bars are labelled [c]."""

    path: str  # docs-relative, e.g. assets/charts/2023-24-outcomes.svg
    title: str
    bars: tuple[Bar, ...]
    legend: tuple[str, ...] = ()
    axis_label: str = "Share answering positively"

    @property
    def alt(self) -> str:
        return (
            f"{sentence(self.title)} Bar chart; black lines show 95% intervals. "
            + "; ".join(f"{b.label}: {share_text(b)}" for b in self.bars)
            + "."
        )

    def render(self) -> str:
        return bar_chart(self)


@dataclass(frozen=True)
class LineChart:
    """A series against its comparator, year by year (area statistics, never withheld)."""

    path: str
    title: str
    years: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    unit_label: str = "Percent"
    note: str = ""

    @property
    def alt(self) -> str:
        described = "; ".join(
            f"{name}: " + ", ".join(f"{y} {v:g}" for y, v in zip(self.years, values) if v is not None)
            for name, values in self.series
        )
        return f"{sentence(self.title)} Line chart{' (' + self.note + ')' if self.note else ''}. {described}."

    def render(self) -> str:
        return line_chart(self)


#: A mean answer, its interval's lower and upper ends.
Point = tuple[Cell, Cell, Cell]


@dataclass(frozen=True)
class DotPair:
    """One question's mean answer before and after, of the same people (``n`` of them)."""

    label: str
    n: Cell
    before: Point
    after: Point

    @property
    def shown(self) -> bool:
        """Drawn only when both means are published: one alone beside [c] is not a comparison."""
        return self.before[0].shown and self.after[0].shown


@dataclass(frozen=True)
class DotChart:
    """Before/after pairs of mean answers with 95% intervals on the questions' scale (its labels, lowest
    first); a withheld question says so and draws nothing."""

    path: str
    title: str
    pairs: tuple[DotPair, ...]
    scale: tuple[str, ...]
    axis_label: str = "Average answer, the same young people before and after"

    @property
    def alt(self) -> str:
        first, last = self.scale[0], self.scale[-1]
        return (
            f"{sentence(self.title)} Dot chart: hollow circles show the mean answer before the programme, filled "
            f"diamonds the mean after, black lines 95% intervals, on a scale from 1 ({first}) to "
            f"{len(self.scale)} ({last}). "
            + "; ".join(f"{p.label.rstrip('.')}: {pair_text(p)}" for p in self.pairs)
            + "."
        )

    def render(self) -> str:
        return _svg("charts/dots.svg.j2", dot_layout(self), self.title, self.alt)


def bounds_text(lower: Cell, upper: Cell) -> str:
    """2.80 to 3.23: a mean's 95% interval, or the symbol of the end that is not published."""
    if lower.shown and upper.shown:
        return f"{lower.value:.2f} to {upper.value:.2f}"
    return f"[{lower.symbol or upper.symbol}]"


def mean_text(point: Point) -> str:
    """3.02 (95% interval 2.80 to 3.23)."""
    mean, lower, upper = point
    return f"{mean.value:.2f} (95% interval {bounds_text(lower, upper)})"


def pair_text(pair: DotPair) -> str:
    """before 3.02 (95% interval 2.80 to 3.23), after 3.74 (95% interval 3.46 to 4.01), 61 answered both."""
    n = f"{pair.n.value:,}" if pair.n.shown else f"[{pair.n.symbol}]"
    if not pair.shown:
        return f"{withheld_text(pair).lower()} ({n} answered both)"
    return f"before {mean_text(pair.before)}, after {mean_text(pair.after)}, {n} answered both"


Chart = BarChart | LineChart | DotChart


# ---------------------------------------------------------------- SVG


@lru_cache(maxsize=1)
def _templates() -> Environment:
    from mentorkit.render.environment import environment  # the site's own conventions: StrictUndefined, autoescape

    return environment()


def _svg(template: str, layout: Layout, title: str, alt: str) -> str:
    return (
        _templates()
        .get_template(template)
        .render(layout=layout, title=title, alt=alt, font_family=FONT_FAMILY, font=FONT, ink=INK, axis=AXIS, grid=GRID)
    )


def bar_chart(chart: BarChart) -> str:
    return _svg("charts/bar.svg.j2", bar_layout(chart), chart.title, chart.alt)


def line_chart(chart: LineChart) -> str:
    return _svg("charts/line.svg.j2", line_layout(chart), chart.title, chart.alt)


@lru_cache(maxsize=512)
def render(chart: Chart) -> str:
    """The SVG of a chart; unchanged charts are not drawn again (``serve`` rebuilds often)."""
    return chart.render()


def files(charts: list[Chart]) -> Iterator[tuple[str, str]]:
    for chart in charts:
        yield chart.path, render(chart)
