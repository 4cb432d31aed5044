"""Static SVG charts of published (already disclosure-controlled) tables.

Each chart has a title, alt text written from the same cells, a colour-blind
safe palette (Okabe-Ito) with hatching so series survive a black-and-white
print, error bars for 95% intervals, and a table of the same numbers beside
it on the page. A withheld cell is drawn as "[c]" with no bar: the chart
cannot show what the table withholds.

The charts are drawn here, not by a plotting library: the functions below
work out the geometry (scales, wrapped labels, ticks, bars, whiskers, where
each label goes) and ``templates/charts/*.svg.j2`` writes it out as SVG.
Two simple shapes do not need matplotlib, which took about 95% of the
render stage (constrained layout measuring every text). Text stays real
``<text>``: it prints sharply, can be selected and searched, screen readers
get the ``<title>`` and ``<desc>``, and the privacy gate can read it.

Output is deterministic (no date, ids from the series number, coordinates
rounded to a tenth) so an unchanged site rebuilds byte for byte.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment

from mentorkit.render.filters import sentence
from mentorkit.stats.disclosure import Cell

#: Okabe & Ito (2008), distinguishable with every common colour-vision deficiency.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "grey": "#595959",
}
#: (colour, hatch) per series: the hatch ("//" diagonal, ".." dots, "xx" crossed) is a
#: second cue beside colour, drawn as an SVG <pattern> (templates/charts/chart.svg.j2).
SERIES = [(PALETTE["blue"], ""), (PALETTE["orange"], "//"), (PALETTE["green"], ".."), (PALETTE["vermillion"], "xx")]
#: Line charts tell series apart by marker and dash too, not only by colour.
MARKERS = ("circle", "square", "triangle")
DASHES = ("", "7 4", "2 3")  # solid, dashed, dotted (stroke-dasharray)

#: Text is #111 on white (contrast 18.9:1); rules and grid are quieter.
INK, AXIS, GRID = "#111111", "#333333", "#dddddd"
FONT_FAMILY = (
    "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Liberation Sans, DejaVu Sans, sans-serif"
)
WIDTH, PAD = 720, 12  # viewBox width and margin, in px
FONT, TITLE_FONT, AXIS_FONT = 12, 15, 13
LEADING = 1.25  # line height, in font sizes
GAP = 6  # between a bar (or its whisker) and its label

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


Chart = BarChart | LineChart


def share_text(bar: Bar) -> str:
    if not bar.cell.shown:
        return f"[{bar.cell.symbol}]"
    n = f"n = {bar.n.value:,}" if bar.n.shown else "n [c]"
    return f"{bar.cell.value * 100:.0f}% ({n})"


# ---------------------------------------------------------------- text


# Advance widths (hundredths of an em) of printable ASCII in DejaVu Sans, regular
# and bold: the widest of the fonts the family stack can land on, so text measured
# with them fits whichever font the reader's system picks.
_REGULAR = tuple(
    map(
        int,
        (
            "32 40 46 84 64 95 78 27 39 39 50 84 32 36 32 34 64 64 64 64 64 64 64 64 64 64 34 34 84 84 84 53 100 68 69 70 77 63 58 77 75 29 29 66 56 "
            "86 75 79 60 79 69 63 61 73 68 99 69 61 69 39 34 39 84 50 50 61 63 55 63 62 35 63 63 28 28 58 28 97 63 61 63 63 41 52 39 63 59 82 59 59 52 64 34 64 84"
        ).split(),
    )
)
_BOLD = tuple(
    map(
        int,
        (
            "35 46 52 84 70 100 87 31 46 46 52 84 38 42 38 37 70 70 70 70 70 70 70 70 70 70 40 40 84 84 84 58 100 77 76 73 83 68 68 82 84 37 37 77 64 "
            "100 84 85 73 85 77 72 68 81 77 110 77 72 73 46 37 46 84 50 50 67 72 59 72 68 44 72 71 34 34 67 34 104 71 69 72 72 49 60 48 71 65 92 65 65 58 71 37 71 84"
        ).split(),
    )
)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` is set at ``size`` px (an estimate on the generous side)."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for char in text:
        code = ord(char)
        if 32 <= code < 127:
            total += table[code - 32]
        else:  # accented letters are about as wide as their base; CJK is a full em
            total += 100 if unicodedata.east_asian_width(char) in "WF" else 70
    return total * size / 100


def _wrap(label: str, width: int = 38) -> str:
    """A bar's label on at most three lines of ``width`` characters; "…" if it goes on."""
    words, lines, line = [], [], ""
    for word in label.split():  # a word longer than a line is broken
        words += [word[i : i + width] for i in range(0, len(word), width)]
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 3:
        lines = lines[:2] + [lines[2].rstrip(".,;:") + "…"]
    return "\n".join(lines)


def wrap_width(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` px (a longer single word keeps its own line)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and text_width(candidate, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines


# ---------------------------------------------------------------- geometry


def _px(value: float) -> float | int:
    # A tenth of a pixel is finer than any screen or printer shows, and keeps the
    # file small and its bytes independent of float noise.
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


@dataclass(frozen=True)
class Text:
    x: float | int
    y: float | int  # the baseline
    text: str
    anchor: str = "start"  # SVG text-anchor: start, middle, end
    size: int = FONT
    bold: bool = False


@dataclass(frozen=True)
class Rect:
    x: float | int
    y: float | int
    width: float | int
    height: float | int
    series: int = 0


@dataclass(frozen=True)
class Line:
    x1: float | int
    y1: float | int
    x2: float | int
    y2: float | int


@dataclass(frozen=True)
class Whisker:
    """A 95% interval: a line from lower to upper at ``y``, a cap from ``top`` to ``bottom`` at each end."""

    x1: float | int
    x2: float | int
    y: float | int
    top: float | int
    bottom: float | int


@dataclass(frozen=True)
class LegendItem:
    """A series' key, 14 px high from (x, y) to x2 (a swatch; or a line sample, its marker at the centre), and its name."""

    x: float | int
    y: float | int
    x2: float | int
    cx: float | int
    cy: float | int
    series: int
    label: Text


@dataclass(frozen=True)
class Series:
    colour: str
    dash: str
    marker: str
    runs: tuple[tuple[tuple[float | int, float | int], ...], ...]  # unbroken stretches of points

    @property
    def points(self) -> tuple[tuple[float | int, float | int], ...]:
        return tuple(p for run in self.runs for p in run)


@dataclass(frozen=True)
class Pattern:
    id: str
    colour: str
    hatch: str


@dataclass(frozen=True)
class Layout:
    """Everything a chart template draws, in viewBox pixels."""

    width: float | int
    height: float | int
    title: tuple[Text, ...]
    legend: tuple[LegendItem, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    fills: tuple[str, ...] = ()  # by series: its colour, or its hatch pattern
    grid: tuple[Line, ...] = ()
    axes: tuple[Line, ...] = ()
    ticks: tuple[Line, ...] = ()
    labels: tuple[Text, ...] = ()  # tick and category labels, axis titles
    bars: tuple[Rect, ...] = ()
    whiskers: tuple[Whisker, ...] = ()
    values: tuple[Text, ...] = ()  # "86% (n = 167)" or "[c]" beside each bar
    series: tuple[Series, ...] = ()
    unit_label: Text | None = None  # drawn turned a quarter left, reading upwards


def baseline(centre: float, size: float) -> float:
    """The baseline that centres a line of text of ``size`` on ``centre`` (cap height ≈ 0.7 em)."""
    return centre + 0.35 * size


def text_block(lines: list[str], x: float, centre: float, size: int = FONT, anchor: str = "start") -> list[Text]:
    """Lines of text centred as a block on ``centre``."""
    first = centre - (len(lines) - 1) * size * LEADING / 2
    return [
        Text(_px(x), _px(baseline(first + i * size * LEADING, size)), line, anchor, size)
        for i, line in enumerate(lines)
    ]


def heading(title: str, width: float, note: str = "") -> tuple[list[Text], float]:
    """The title (bold, left-aligned, wrapped) and a note under it; returns them and the y below."""
    texts, y = [], PAD
    for line in wrap_width(title, width - 2 * PAD, TITLE_FONT, bold=True):
        y += TITLE_FONT * LEADING
        texts.append(Text(PAD, _px(y - 0.3 * TITLE_FONT), line, size=TITLE_FONT, bold=True))
    for line in wrap_width(note, width - 2 * PAD, AXIS_FONT) if note else []:
        y += AXIS_FONT * LEADING
        texts.append(Text(PAD, _px(y - 0.3 * AXIS_FONT), line, size=AXIS_FONT))
    return texts, y


def legend_rows(names: list[str], top: float, width: float, key: float) -> tuple[list[LegendItem], float]:
    """Legend items left to right, on as many rows as they need; returns them and the y below.

    ``key`` is the width of each item's sample (a swatch, or a line with its marker).
    """
    items, x, y, row = [], float(PAD), top, 20
    for i, name in enumerate(names):
        span = key + 6 + text_width(name, FONT)
        if x > PAD and x + span > width - PAD:
            x, y = PAD, y + row
        key_box = (_px(x), _px(y), _px(x + key), _px(x + key / 2), _px(y + 7))
        items.append(LegendItem(*key_box, i, Text(_px(x + key + 6), _px(baseline(y + 7, FONT)), name)))
        x += span + 18
    return items, (y + row if names else top)


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


MIN_PLOT = 240  # px: below this the bars are too short to compare; the chart grows wider


def bar_layout(chart: BarChart) -> Layout:
    bars = chart.bars
    labels = [_wrap(b.label).split("\n") for b in bars]
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
    top = y + 8
    row = max(26, FONT * LEADING * max((len(lines) for lines in labels), default=1) + 8)
    thickness = min(22, row - 8)
    bottom = top + row * len(bars)

    texts: list[Text] = []
    rects, whiskers, values = [], [], []
    for i, (bar, lines) in enumerate(zip(bars, labels)):
        centre = top + row * (i + 0.5)
        texts += text_block(lines, x0 - 8, centre, anchor="end")
        if bar.cell.shown:
            rects.append(
                Rect(
                    _px(x0),
                    _px(centre - thickness / 2),
                    _px(share_x(bar.cell.value, x0, plot) - x0),
                    thickness,
                    bar.series % len(SERIES),
                )
            )
            if interval := _interval(bar):
                whiskers.append(
                    Whisker(
                        _px(share_x(interval[0], x0, plot)),
                        _px(share_x(interval[1], x0, plot)),
                        _px(centre),
                        _px(centre - 4),
                        _px(centre + 4),
                    )
                )
        values.append(
            Text(_px(share_x(_label_from(bar), x0, plot) + GAP), _px(baseline(centre, FONT)), share_text(bar))
        )

    ticks, grid = [], []
    for share in (0, 0.25, 0.5, 0.75, 1):
        x = _px(share_x(share, x0, plot))
        ticks.append(Line(x, _px(bottom), x, _px(bottom + 4)))
        if share:
            grid.append(Line(x, _px(top), x, _px(bottom)))
        texts.append(Text(x, _px(bottom + 6 + FONT), f"{share * 100:.0f}%", "middle"))
    axis_y = bottom + 6 + FONT + 6 + AXIS_FONT
    texts.append(Text(_px(x0 + plot / 2), _px(axis_y), chart.axis_label, "middle", AXIS_FONT))
    used = sorted({b.series % len(SERIES) for b in bars} | set(range(len(legend))))
    patterns = tuple(Pattern(f"mk-hatch-{i}", *SERIES[i]) for i in used if SERIES[i][1])
    return Layout(
        width=_px(width),
        height=_px(axis_y + 4 + PAD),
        title=tuple(title),
        legend=tuple(legend),
        patterns=patterns,
        fills=tuple(f"url(#mk-hatch-{i})" if hatch else colour for i, (colour, hatch) in enumerate(SERIES)),
        grid=tuple(grid),
        axes=(Line(_px(x0), _px(top), _px(x0), _px(bottom)), Line(_px(x0), _px(bottom), _px(x0 + plot), _px(bottom))),
        ticks=tuple(ticks),
        labels=tuple(texts),
        bars=tuple(rects),
        whiskers=tuple(whiskers),
        values=tuple(values),
    )


def nice_ticks(low: float, high: float, most: int = 7) -> list[float]:
    """Round tick values covering ``low..high``: steps of 1, 2 or 5 times a power of ten."""
    if high - low < 1e-9:
        low, high = low - max(abs(low) * 0.1, 1), high + max(abs(high) * 0.1, 1)
    raw = (high - low) / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def _places(ticks: list[float]) -> int:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return next(p for p in range(7) if abs(round(step, p) - step) < 1e-9)


def line_layout(chart: LineChart) -> Layout:
    width = WIDTH
    title, y = heading(chart.title, width, chart.note)
    names = [name for name, _ in chart.series]
    legend, y = legend_rows(names, y + 6, width, key=28)
    top, plot_height = y + 10, 220
    bottom = top + plot_height

    known = [v for _, values in chart.series for v in values if v is not None]
    ticks = nice_ticks(min(known), max(known)) if known else [0.0, 1.0]
    places = _places(ticks)
    tick_labels = [f"{t:.{places}f}" for t in ticks]
    x0 = PAD + AXIS_FONT * LEADING + 6 + max(text_width(t, FONT) for t in tick_labels) + 8
    x1 = width - PAD - (text_width(chart.years[-1], FONT) / 2 if chart.years else 0)
    low, high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return bottom - plot_height * (value - low) / (high - low)

    step = (x1 - x0) / max(len(chart.years), 1)

    def x_of(i: int) -> float:
        return x0 + step * (i + 0.5)

    texts: list[Text] = []
    grid, marks = [], []
    for value, label in zip(ticks, tick_labels):
        grid.append(Line(_px(x0), _px(y_of(value)), _px(x1), _px(y_of(value))))
        texts.append(Text(_px(x0 - 8), _px(baseline(y_of(value), FONT)), label, "end"))
    # Every year has a tick; labels are thinned when they would run into each other.
    every = max(1, math.ceil((max((text_width(y, FONT) for y in chart.years), default=0) + 8) / step))
    for i, year in enumerate(chart.years):
        marks.append(Line(_px(x_of(i)), _px(bottom), _px(x_of(i)), _px(bottom + 4)))
        if i % every == 0:
            texts.append(Text(_px(x_of(i)), _px(bottom + 6 + FONT), year, "middle"))

    series = []
    for i, (_, values) in enumerate(chart.series):
        runs: list[tuple[tuple[float | int, float | int], ...]] = []
        run: list[tuple[float | int, float | int]] = []
        for j, value in enumerate(values):
            if value is None:  # a missing year is a gap in the line, not a guess
                if run:
                    runs.append(tuple(run))
                run = []
            else:
                run.append((_px(x_of(j)), _px(y_of(value))))
        if run:
            runs.append(tuple(run))
        series.append(
            Series(SERIES[i % len(SERIES)][0], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)], tuple(runs))
        )

    unit = Text(_px(PAD + AXIS_FONT), _px((top + bottom) / 2), chart.unit_label, "middle", AXIS_FONT)
    return Layout(
        width=width,
        height=_px(bottom + 6 + FONT + 4 + PAD),
        title=tuple(title),
        legend=tuple(legend),
        grid=tuple(grid),
        axes=(Line(_px(x0), _px(top), _px(x0), _px(bottom)), Line(_px(x0), _px(bottom), _px(x1), _px(bottom))),
        ticks=tuple(marks),
        labels=tuple(texts),
        series=tuple(series),
        unit_label=unit,
    )


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
