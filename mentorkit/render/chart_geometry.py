"""The shapes a chart template draws (text, bars, lines, whiskers, legend keys), and the helpers that place them."""

from __future__ import annotations

import math
from dataclasses import dataclass

from mentorkit.render.chart_style import AXIS_FONT, FONT, LEADING, PAD, TITLE_FONT, text_width, wrap_width


def px(value: float) -> float | int:
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
class Dot:
    """A share's marker at (x, y): series 0 (before) a hollow circle, 1 (after) a filled diamond."""

    x: float | int
    y: float | int
    series: int


@dataclass(frozen=True)
class LegendItem:
    """A series' key and its name: 14 px high from (x, y) to x2, a swatch, or a line sample
    with its marker at the centre."""

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
    dots: tuple[Dot, ...] = ()
    unit_label: Text | None = None  # drawn turned a quarter left, reading upwards


def baseline(centre: float, size: float) -> float:
    """The baseline that centres a line of text of ``size`` on ``centre`` (cap height ≈ 0.7 em)."""
    return centre + 0.35 * size


def text_block(lines: list[str], x: float, centre: float, size: int = FONT, anchor: str = "start") -> list[Text]:
    """Lines of text centred as a block on ``centre``."""
    first = centre - (len(lines) - 1) * size * LEADING / 2
    return [
        Text(px(x), px(baseline(first + i * size * LEADING, size)), line, anchor, size) for i, line in enumerate(lines)
    ]


def heading(title: str, width: float, note: str = "") -> tuple[list[Text], float]:
    """The title (bold, left-aligned, wrapped) and a note under it; returns them and the y below."""
    texts: list[Text] = []
    y: float = PAD
    for line in wrap_width(title, width - 2 * PAD, TITLE_FONT, bold=True):
        y += TITLE_FONT * LEADING
        texts.append(Text(PAD, px(y - 0.3 * TITLE_FONT), line, size=TITLE_FONT, bold=True))
    for line in wrap_width(note, width - 2 * PAD, AXIS_FONT) if note else []:
        y += AXIS_FONT * LEADING
        texts.append(Text(PAD, px(y - 0.3 * AXIS_FONT), line, size=AXIS_FONT))
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
        key_box = (px(x), px(y), px(x + key), px(x + key / 2), px(y + 7))
        items.append(LegendItem(*key_box, i, Text(px(x + key + 6), px(baseline(y + 7, FONT)), name)))
        x += span + 18
    return items, (y + row if names else top)


def nice_ticks(low: float, high: float, most: int = 7) -> list[float]:
    """Round tick values covering ``low..high``: steps of 1, 2 or 5 times a power of ten."""
    if high - low < 1e-9:
        low, high = low - max(abs(low) * 0.1, 1), high + max(abs(high) * 0.1, 1)
    raw = (high - low) / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def decimal_places(ticks: list[float]) -> int:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return next(p for p in range(7) if abs(round(step, p) - step) < 1e-9)
