"""Where everything in a before/after dot chart goes (``charts.DotChart``), in viewBox pixels.

A row per question: the mean answer before the programme as a hollow circle
on the upper line, the mean after as a filled diamond on the lower line, each
with its 95% interval as a whisker and its value written beside it, so the
chart reads without its legend and without colour. The axis is the question's
scale, 1 to the number of labels, its two ends named. A withheld question has
its label and "Withheld [c]" and nothing else: no marker, whisker or position
that could stand for the figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorkit.render.chart_geometry import (
    Dot,
    Layout,
    Line,
    Text,
    Whisker,
    baseline,
    heading,
    legend_rows,
    px,
    text_block,
)
from mentorkit.render.chart_layout import MIN_PLOT, _axes, _BarPlot
from mentorkit.render.chart_style import AXIS_FONT, FONT, GAP, LEADING, PAD, WIDTH, text_width, wrap_label

if TYPE_CHECKING:
    from mentorkit.render.charts import DotChart, DotPair, Point

#: Vertical distance of the before and after lines from a row's centre.
OFFSET = 9
WHEN = ("Before", "After")
LEGEND = ("Before the programme", "After the programme")


def point_text(when: str, point: Point) -> str:
    """Before 3.02: a marker's value, written beside it."""
    return f"{when} {point[0].value:.2f}"


def end_labels(scale: tuple[str, ...]) -> tuple[str, str]:
    """1 Strongly disagree, 5 Strongly agree: the axis's two ends, named."""
    return f"1 {scale[0]}", f"{len(scale)} {scale[-1]}"


def withheld_text(pair: DotPair) -> str:
    symbol = next((c.symbol for p in (pair.before, pair.after) for c in p if not c.shown), "c")
    return "Withheld [c]" if symbol == "c" else f"Not available [{symbol}]"


def row_label(pair: DotPair) -> list[str]:
    """The question, wrapped, and how many answered both times."""
    n = f"{pair.n.value:,}" if pair.n.shown else f"[{pair.n.symbol}]"
    return [*wrap_label(pair.label).split("\n"), f"({n} answered both)"]


def along(value: float, scale: tuple[str, ...]) -> float:
    """Where a mean answer falls along the axis, from 0 (the scale's first label) to 1 (its last)."""
    return min(max((value - 1) / (len(scale) - 1), 0.0), 1.0)


def _label_from(point: Point, scale: tuple[str, ...]) -> float:
    """How far along the axis a marker's value label starts: past the marker and its whisker."""
    mean, lower, upper = point
    return along(max(mean.value, upper.value if upper.shown else 0.0), scale)


def _plot_width(chart: DotChart, x0: float, width: float) -> float:
    """The widest the axis can be with every value label still inside the chart."""
    right = width - PAD
    widest = right - x0 - text_width(str(len(chart.scale)), FONT) / 2
    for pair in chart.pairs:
        if pair.shown:
            for when, point in zip(WHEN, (pair.before, pair.after)):
                start = _label_from(point, chart.scale)
                if start > 0:
                    widest = min(widest, (right - GAP - 6 - text_width(point_text(when, point), FONT) - x0) / start)
    return widest


def _scale_axis(frame: _BarPlot, chart: DotChart) -> tuple[list[Line], list[Line], list[Text], float]:
    """A tick and its number at each answer code, the two ends named under them, then the axis title."""
    ticks, grid, texts = [], [], []
    bottom, count = frame.bottom, len(chart.scale)
    for code in range(1, count + 1):
        x = px(frame.x((code - 1) / (count - 1)))
        ticks.append(Line(x, px(bottom), x, px(bottom + 4)))
        if code > 1:
            grid.append(Line(x, px(frame.top), x, px(bottom)))
        texts.append(Text(x, px(bottom + 6 + FONT), str(code), "middle"))
    ends_y = bottom + 6 + FONT + 4 + FONT
    first, last = end_labels(chart.scale)
    texts.append(Text(px(frame.x0), px(ends_y), first, "start"))
    texts.append(Text(px(frame.x0 + frame.plot), px(ends_y), last, "end"))
    axis_y = ends_y + 6 + AXIS_FONT
    texts.append(Text(px(frame.x0 + frame.plot / 2), px(axis_y), chart.axis_label, "middle", AXIS_FONT))
    return ticks, grid, texts, axis_y


def dot_layout(chart: DotChart) -> Layout:
    labels = [row_label(p) for p in chart.pairs]
    x0 = PAD + max((text_width(line, FONT) for lines in labels for line in lines), default=0) + 10
    width = float(WIDTH)
    plot = _plot_width(chart, x0, width)
    # The two named ends side by side on one line, with room between them.
    ends = sum(text_width(end, FONT) for end in end_labels(chart.scale)) + 4 * GAP
    least = max(MIN_PLOT, ends)
    if plot < least:
        width += least - plot
        plot = least
    title, y = heading(chart.title, width)
    legend, y = legend_rows(list(LEGEND), y + 6, width, key=14)
    row = max(2 * OFFSET + 26, FONT * LEADING * max((len(lines) for lines in labels), default=1) + 10)
    frame = _BarPlot(x0, plot, y + 8, row, len(chart.pairs))
    texts: list[Text] = []
    whiskers, dots, values = [], [], []
    for i, (pair, lines) in enumerate(zip(chart.pairs, labels)):
        centre = frame.top + frame.row * (i + 0.5)
        texts += text_block(lines, frame.x0 - 8, centre, anchor="end")
        if not pair.shown:
            values.append(Text(px(frame.x0 + GAP), px(baseline(centre, FONT)), withheld_text(pair)))
            continue
        for series, (when, point) in enumerate(zip(WHEN, (pair.before, pair.after))):
            line_y = centre + (2 * series - 1) * OFFSET
            mean, lower, upper = point
            dots.append(Dot(px(frame.x(along(mean.value, chart.scale))), px(line_y), series))
            if lower.shown and upper.shown:
                low, high = (px(frame.x(along(end.value, chart.scale))) for end in (lower, upper))
                whiskers.append(Whisker(low, high, px(line_y), px(line_y - 4), px(line_y + 4)))
            start = frame.x(_label_from(point, chart.scale)) + GAP + 6
            values.append(Text(px(start), px(baseline(line_y, FONT)), point_text(when, point)))
    ticks, grid, axis_texts, axis_y = _scale_axis(frame, chart)
    return Layout(
        width=px(width),
        height=px(axis_y + 4 + PAD),
        title=tuple(title),
        legend=tuple(legend),
        grid=tuple(grid),
        axes=_axes(x0, frame.top, x0 + plot, frame.bottom),
        ticks=tuple(ticks),
        labels=tuple(texts + axis_texts),
        whiskers=tuple(whiskers),
        values=tuple(values),
        dots=tuple(dots),
    )
