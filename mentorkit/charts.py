"""Static SVG charts of published (already disclosure-controlled) tables.

Each chart has a title, alt text written from the same cells, a colour-blind
safe palette (Okabe-Ito) with hatching so series survive a black-and-white
print, error bars for 95% intervals, and a table of the same numbers beside
it on the page. A withheld cell is drawn as "[c]" with no bar: the chart
cannot show what the table withholds.

Output is deterministic (fixed ``svg.hashsalt``, no date) so an unchanged
site rebuilds byte for byte. Text stays text (``svg.fonttype: none``): it
prints sharply, is searchable, and the privacy gate can read it.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from .disclosure import Cell

#: Okabe & Ito (2008), distinguishable with every common colour-vision deficiency.
PALETTE = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00", "sky": "#56B4E9", "grey": "#595959"}
SERIES = [(PALETTE["blue"], ""), (PALETTE["orange"], "//"), (PALETTE["green"], ".."), (PALETTE["vermillion"], "xx")]

RC = {
    "svg.hashsalt": "mentorkit",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#333333",
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "hatch.color": "#ffffff",
    "figure.facecolor": "white",
}

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
        return f"{self.title}. Bar chart; black lines show 95% intervals. " + "; ".join(f"{b.label}: {share_text(b)}" for b in self.bars) + "."

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
        described = "; ".join(f"{name}: " + ", ".join(f"{y} {v:g}" for y, v in zip(self.years, values) if v is not None) for name, values in self.series)
        return f"{self.title}. Line chart{' (' + self.note + ')' if self.note else ''}. {described}."

    def render(self) -> str:
        return line_chart(self)


Chart = BarChart | LineChart


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure  # imported here: only sites with figures pay for it

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _svg(figure: Any, title: str, alt: str) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Title": title, "Description": alt})
    text = buffer.getvalue()
    # An accessible name for the SVG opened on its own (the page's <img> has the alt text).
    start = text.index(">", text.index("<svg")) + 1
    label = f"<title>{html.escape(title)}</title><desc>{html.escape(alt)}</desc>"
    return text[:start].replace("<svg ", '<svg role="img" ', 1) + label + text[start:]


def share_text(bar: Bar) -> str:
    if not bar.cell.shown:
        return f"[{bar.cell.symbol}]"
    n = f"n = {bar.n.value:,}" if bar.n.shown else "n [c]"
    return f"{bar.cell.value * 100:.0f}% ({n})"


def bar_chart(chart: BarChart) -> str:
    import matplotlib

    bars, legend, title = chart.bars, chart.legend, chart.title

    with matplotlib.rc_context(RC):
        figure = _figure(7.5, 1.0 + 0.42 * len(bars))
        axes = figure.add_subplot()
        positions = list(range(len(bars)))[::-1]
        for y, bar in zip(positions, bars):
            colour, hatch = SERIES[bar.series % len(SERIES)]
            if bar.cell.shown:
                value = bar.cell.value * 100
                axes.barh(y, value, color=colour, hatch=hatch, edgecolor=colour, height=0.7)
                if bar.lower.shown and bar.upper.shown:
                    axes.errorbar(value, y, xerr=[[value - bar.lower.value * 100], [bar.upper.value * 100 - value]], fmt="none", ecolor="#111111", capsize=3, linewidth=1)
                    text_x = bar.upper.value * 100 + 1.5
                else:
                    text_x = value + 1.5
            else:
                text_x = 1.5
            axes.text(min(text_x, 101), y, share_text(bar), va="center", fontsize=9, color="#111111")
        axes.set_yticks(positions, [_wrap(b.label) for b in bars], fontsize=9)
        axes.set_xlim(0, 125)
        axes.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        axes.set_xlabel(chart.axis_label)
        axes.set_title(title, loc="left")
        if len(legend) > 1:
            from matplotlib.patches import Patch

            handles = [Patch(facecolor=SERIES[i][0], hatch=SERIES[i][1], edgecolor=SERIES[i][0], label=name) for i, name in enumerate(legend)]
            axes.legend(handles=handles, loc="lower right", frameon=False, fontsize=9)
        return _svg(figure, title, chart.alt)


def line_chart(chart: LineChart) -> str:
    import matplotlib

    title, years, note = chart.title, chart.years, chart.note

    with matplotlib.rc_context(RC):
        figure = _figure(7.5, 3.4)
        axes = figure.add_subplot()
        markers, styles = ["o", "s", "^"], ["-", "--", ":"]
        for i, (name, values) in enumerate(chart.series):
            points = [(x, v) for x, v in enumerate(values) if v is not None]
            axes.plot([p[0] for p in points], [p[1] for p in points], marker=markers[i % 3], linestyle=styles[i % 3], color=SERIES[i % len(SERIES)][0], label=name, linewidth=2)
        axes.set_xticks(range(len(years)), years, fontsize=9)
        axes.set_ylabel(chart.unit_label)
        axes.set_title(title if not note else f"{title}\n{note}", loc="left")
        axes.legend(frameon=False, fontsize=9)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        return _svg(figure, title, chart.alt)


def _wrap(label: str, width: int = 38) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines[:3])


@lru_cache(maxsize=512)
def render(chart: Chart) -> str:
    """The SVG of a chart; unchanged charts are not drawn again (``serve`` rebuilds often)."""
    return chart.render()


def files(charts: list[Chart]) -> Iterator[tuple[str, str]]:
    for chart in charts:
        yield chart.path, render(chart)
