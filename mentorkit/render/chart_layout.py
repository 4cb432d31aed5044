"""Where everything in a chart goes: the bar chart's and the line chart's layouts, in viewBox pixels."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mentorkit.render.chart_geometry import (
    Layout,
    LegendItem,
    Line,
    Pattern,
    Rect,
    Series,
    Text,
    Whisker,
    baseline,
    decimal_places,
    heading,
    legend_rows,
    nice_ticks,
    px,
    text_block,
)
from mentorkit.render.chart_style import (
    AXIS_FONT,
    DASHES,
    FONT,
    GAP,
    LEADING,
    MARKERS,
    PAD,
    SERIES,
    WIDTH,
    text_width,
    wrap_label,
)

if TYPE_CHECKING:
    from mentorkit.render.charts import Bar, BarChart, LineChart

MIN_PLOT = 240  # px: below this the bars are too short to compare; the chart grows wider
LINE_PLOT_HEIGHT = 220


def share_text(bar: Bar) -> str:
    if not bar.cell.shown:
        return f"[{bar.cell.symbol}]"
    n = f"n = {bar.n.value:,}" if bar.n.shown else "n [c]"
    return f"{bar.cell.value * 100:.0f}% ({n})"


# ---------------------------------------------------------------- bar chart


def share_x(share: float, x0: float, plot_width: float) -> float:
    """Where a share (0..1) falls on the bar chart's axis."""
    return x0 + plot_width * min(max(share, 0.0), 1.0)


def _interval(bar: Bar) -> tuple[float, float] | None:
    if bar.cell.shown and bar.lower.shown and bar.upper.shown:
        return bar.lower.value, bar.upper.value
    return None


def _label_from(bar: Bar) -> float:
    """The share after which a bar's value label starts: past the bar and its whisker."""
    if not bar.cell.shown:
        return 0.0
    interval = _interval(bar)
    return max(bar.cell.value, interval[1]) if interval else bar.cell.value


def plot_width_for(bars: tuple[Bar, ...], x0: float, width: float) -> float:
    """The widest the 0-100% axis can be with every value label still inside the chart."""
    right = width - PAD
    widest = right - x0 - text_width("100%", FONT) / 2
    for bar in bars:
        start = min(max(_label_from(bar), 0.0), 1.0)
        if start > 0:
            widest = min(widest, (right - GAP - text_width(share_text(bar), FONT) - x0) / start)
    return widest


@dataclass
class _BarPlot:
    """The bar chart's frame: the axis from x0, ``plot`` wide; a row per bar from ``top``."""

    x0: float
    plot: float
    top: float
    row: float
    count: int

    @property
    def bottom(self) -> float:
        return self.top + self.row * self.count

    def x(self, share: float) -> float:
        return share_x(share, self.x0, self.plot)


def bar_layout(chart: BarChart) -> Layout:
    bars = chart.bars
    labels = [wrap_label(b.label).split("\n") for b in bars]
    x0 = PAD + max((text_width(line, FONT) for lines in labels for line in lines), default=0) + 10
    width = float(WIDTH)
    plot = plot_width_for(bars, x0, width)
    if plot < MIN_PLOT:
        width += MIN_PLOT - plot
        plot = MIN_PLOT

    title, y = heading(chart.title, width)
    legend: list[LegendItem] = []
    if len(chart.legend) > 1:
        legend, y = legend_rows(list(chart.legend), y + 6, width, key=14)
    row = max(26, FONT * LEADING * max((len(lines) for lines in labels), default=1) + 8)
    frame = _BarPlot(x0, plot, y + 8, row, len(bars))
    texts, rects, whiskers, values = _bars(frame, bars, labels)
    ticks, grid, axis_texts, axis_y = _share_axis(frame, chart.axis_label)
    used = sorted({b.series % len(SERIES) for b in bars} | set(range(len(legend))))
    return Layout(
        width=px(width),
        height=px(axis_y + 4 + PAD),
        title=tuple(title),
        legend=tuple(legend),
        patterns=tuple(Pattern(f"mk-hatch-{i}", *SERIES[i]) for i in used if SERIES[i][1]),
        fills=tuple(f"url(#mk-hatch-{i})" if hatch else colour for i, (colour, hatch) in enumerate(SERIES)),
        grid=tuple(grid),
        axes=_axes(x0, frame.top, x0 + plot, frame.bottom),
        ticks=tuple(ticks),
        labels=tuple(texts + axis_texts),
        bars=tuple(rects),
        whiskers=tuple(whiskers),
        values=tuple(values),
    )


def _bars(
    frame: _BarPlot, bars: tuple[Bar, ...], labels: list[list[str]]
) -> tuple[list[Text], list[Rect], list[Whisker], list[Text]]:
    """Each bar's label, bar, whisker and value text (a withheld bar has only its label and "[c]")."""
    thickness = min(22, frame.row - 8)
    texts: list[Text] = []
    rects, whiskers, values = [], [], []
    for i, (bar, lines) in enumerate(zip(bars, labels)):
        centre = frame.top + frame.row * (i + 0.5)
        texts += text_block(lines, frame.x0 - 8, centre, anchor="end")
        if bar.cell.shown:
            length = frame.x(bar.cell.value) - frame.x0
            rects.append(
                Rect(px(frame.x0), px(centre - thickness / 2), px(length), thickness, bar.series % len(SERIES))
            )
            if interval := _interval(bar):
                low, high = px(frame.x(interval[0])), px(frame.x(interval[1]))
                whiskers.append(Whisker(low, high, px(centre), px(centre - 4), px(centre + 4)))
        values.append(Text(px(frame.x(_label_from(bar)) + GAP), px(baseline(centre, FONT)), share_text(bar)))
    return texts, rects, whiskers, values


def _share_axis(frame: _BarPlot, axis_label: str) -> tuple[list[Line], list[Line], list[Text], float]:
    """Ticks and grid at 0, 25, 50, 75 and 100%, their labels and the axis title; returns the title's baseline too."""
    ticks, grid, texts = [], [], []
    bottom = frame.bottom
    for share in (0, 0.25, 0.5, 0.75, 1):
        x = px(frame.x(share))
        ticks.append(Line(x, px(bottom), x, px(bottom + 4)))
        if share:
            grid.append(Line(x, px(frame.top), x, px(bottom)))
        texts.append(Text(x, px(bottom + 6 + FONT), f"{share * 100:.0f}%", "middle"))
    axis_y = bottom + 6 + FONT + 6 + AXIS_FONT
    texts.append(Text(px(frame.x0 + frame.plot / 2), px(axis_y), axis_label, "middle", AXIS_FONT))
    return ticks, grid, texts, axis_y


def _axes(x0: float, top: float, x1: float, bottom: float) -> tuple[Line, Line]:
    return Line(px(x0), px(top), px(x0), px(bottom)), Line(px(x0), px(bottom), px(x1), px(bottom))


# ---------------------------------------------------------------- line chart


@dataclass
class _LinePlot:
    """The line chart's frame: years across from x0 to x1, values ``low..high`` up from ``bottom``."""

    x0: float
    x1: float
    top: float
    low: float
    high: float
    years: int

    @property
    def bottom(self) -> float:
        return self.top + LINE_PLOT_HEIGHT

    @property
    def step(self) -> float:
        return (self.x1 - self.x0) / max(self.years, 1)

    def x(self, i: int) -> float:
        return self.x0 + self.step * (i + 0.5)

    def y(self, value: float) -> float:
        return self.bottom - LINE_PLOT_HEIGHT * (value - self.low) / (self.high - self.low)


def line_layout(chart: LineChart) -> Layout:
    width = WIDTH
    title, y = heading(chart.title, width, chart.note)
    legend, y = legend_rows([name for name, _ in chart.series], y + 6, width, key=28)
    known = [v for _, values in chart.series for v in values if v is not None]
    ticks = nice_ticks(min(known), max(known)) if known else [0.0, 1.0]
    places = decimal_places(ticks)
    tick_labels = [f"{t:.{places}f}" for t in ticks]
    x0 = PAD + AXIS_FONT * LEADING + 6 + max(text_width(t, FONT) for t in tick_labels) + 8
    x1 = width - PAD - (text_width(chart.years[-1], FONT) / 2 if chart.years else 0)
    frame = _LinePlot(x0, x1, y + 10, ticks[0], ticks[-1], len(chart.years))
    grid, value_texts = _value_axis(frame, ticks, tick_labels)
    marks, year_texts = _year_axis(frame, chart.years)
    unit = Text(px(PAD + AXIS_FONT), px((frame.top + frame.bottom) / 2), chart.unit_label, "middle", AXIS_FONT)
    return Layout(
        width=width,
        height=px(frame.bottom + 6 + FONT + 4 + PAD),
        title=tuple(title),
        legend=tuple(legend),
        grid=tuple(grid),
        axes=_axes(x0, frame.top, x1, frame.bottom),
        ticks=tuple(marks),
        labels=tuple(value_texts + year_texts),
        series=tuple(_lines(frame, chart.series)),
        unit_label=unit,
    )


def _value_axis(frame: _LinePlot, ticks: list[float], labels: list[str]) -> tuple[list[Line], list[Text]]:
    grid, texts = [], []
    for value, label in zip(ticks, labels):
        grid.append(Line(px(frame.x0), px(frame.y(value)), px(frame.x1), px(frame.y(value))))
        texts.append(Text(px(frame.x0 - 8), px(baseline(frame.y(value), FONT)), label, "end"))
    return grid, texts


def _year_axis(frame: _LinePlot, years: tuple[str, ...]) -> tuple[list[Line], list[Text]]:
    # Every year has a tick; labels are thinned when they would run into each other.
    every = max(1, math.ceil((max((text_width(y, FONT) for y in years), default=0) + 8) / frame.step))
    marks, texts = [], []
    for i, year in enumerate(years):
        marks.append(Line(px(frame.x(i)), px(frame.bottom), px(frame.x(i)), px(frame.bottom + 4)))
        if i % every == 0:
            texts.append(Text(px(frame.x(i)), px(frame.bottom + 6 + FONT), year, "middle"))
    return marks, texts


def _lines(frame: _LinePlot, all_series: tuple[tuple[str, tuple[float | None, ...]], ...]) -> list[Series]:
    series = []
    for i, (_, values) in enumerate(all_series):
        runs: list[tuple[tuple[float | int, float | int], ...]] = []
        run: list[tuple[float | int, float | int]] = []
        for j, value in enumerate(values):
            if value is None:  # a missing year is a gap in the line, not a guess
                if run:
                    runs.append(tuple(run))
                run = []
            else:
                run.append((px(frame.x(j)), px(frame.y(value))))
        if run:
            runs.append(tuple(run))
        series.append(
            Series(SERIES[i % len(SERIES)][0], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)], tuple(runs))
        )
    return series
