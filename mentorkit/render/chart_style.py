"""How the charts look (palette, fonts, sizes) and how wide text set in them is."""

from __future__ import annotations

import unicodedata

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


# Advance widths (hundredths of an em) of printable ASCII in DejaVu Sans, regular
# and bold: the widest of the fonts the family stack can land on, so text measured
# with them fits whichever font the reader's system picks.
_REGULAR = tuple(
    map(
        int,
        (
            "32 40 46 84 64 95 78 27 39 39 50 84 32 36 32 34 64 64 64 64 64 64 64 64 64 64 34 34 84 84 84 53 100 "
            "68 69 70 77 63 58 77 75 29 29 66 56 86 75 79 60 79 69 63 61 73 68 99 69 61 69 39 34 39 84 50 50 61 "
            "63 55 63 62 35 63 63 28 28 58 28 97 63 61 63 63 41 52 39 63 59 82 59 59 52 64 34 64 84"
        ).split(),
    )
)
_BOLD = tuple(
    map(
        int,
        (
            "35 46 52 84 70 100 87 31 46 46 52 84 38 42 38 37 70 70 70 70 70 70 70 70 70 70 40 40 84 84 84 58 100 "
            "77 76 73 83 68 68 82 84 37 37 77 64 100 84 85 73 85 77 72 68 81 77 110 77 72 73 46 37 46 84 50 50 67 "
            "72 59 72 68 44 72 71 34 34 67 34 104 71 69 72 72 49 60 48 71 65 92 65 65 58 71 37 71 84"
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


def wrap_label(label: str, width: int = 38) -> str:
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
