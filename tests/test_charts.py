"""The hand-drawn SVG charts, read back as XML: what each shape says matches the figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from mentorkit.render.chart_geometry import nice_ticks
from mentorkit.render.chart_style import FONT, PAD, SERIES, TITLE_FONT, text_width, wrap_label
from mentorkit.render.charts import Bar, BarChart, LineChart, share_text
from mentorkit.stats.disclosure import Cell

NS = {"svg": "http://www.w3.org/2000/svg"}
WITHHELD = Cell(None, "c")


def shown(share: float, lower: float, upper: float, n: int, label: str = "Question", series: int = 0) -> Bar:
    return Bar(label, Cell(share), Cell(lower), Cell(upper), Cell(n), series)


def withheld(label: str = "Small school") -> Bar:
    return Bar(label, WITHHELD, WITHHELD, WITHHELD, WITHHELD)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars_of(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:rect[@class='mk-bar']", NS)


def texts_of(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:text", NS)


def axis_x(root: ET.Element, label: str) -> float:
    """Where a tick label of the x axis ("0%", "100%") stands."""
    return next(float(t.get("x")) for t in texts_of(root) if t.text == label)


def whisker_ends(path: ET.Element) -> tuple[float, float]:
    start, end = re.match(r"M([\d.]+) [\d.]+H([\d.]+)", path.get("d")).groups()
    return float(start), float(end)


def test_a_chart_is_well_formed_svg_with_an_accessible_name_and_description():
    chart = BarChart("assets/charts/x.svg", "Answers <after> & before", (shown(0.5, 0.3, 0.7, 20), withheld()))
    root = parse(chart.render())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "Answers <after> & before"
    assert root.find("svg:desc", NS).text == chart.alt
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


def test_a_bars_width_is_proportional_to_its_share():
    root = parse(
        BarChart(
            "a.svg", "T", (shown(0.25, 0.2, 0.3, 100), shown(0.5, 0.4, 0.6, 100), shown(1.0, 0.9, 1.0, 100))
        ).render()
    )
    zero, full = axis_x(root, "0%"), axis_x(root, "100%")
    rects = bars_of(root)
    assert [float(r.get("x")) for r in rects] == [zero] * 3
    for rect, share in zip(rects, (0.25, 0.5, 1.0)):
        assert float(rect.get("width")) == pytest.approx(share * (full - zero), abs=0.15)


def test_a_withheld_bar_draws_no_rect_and_says_c():
    root = parse(BarChart("a.svg", "T", (shown(0.5, 0.3, 0.7, 20, "Big school"), withheld("Small school"))).render())
    assert len(bars_of(root)) == 1
    assert len(root.findall(".//svg:path[@class='mk-interval']", NS)) == 1
    values = [t.text for t in root.findall(".//svg:g[@class='mk-values']/svg:text", NS)]
    assert values == ["50% (n = 20)", "[c]"]
    assert "Small school: [c]" in root.find("svg:desc", NS).text


def test_the_interval_whisker_spans_lower_to_upper_and_the_value_label_starts_after_it():
    root = parse(BarChart("a.svg", "T", (shown(0.6, 0.45, 0.8, 40),)).render())
    zero, full = axis_x(root, "0%"), axis_x(root, "100%")
    start, end = whisker_ends(root.find(".//svg:path[@class='mk-interval']", NS))
    assert start == pytest.approx(zero + 0.45 * (full - zero), abs=0.15)
    assert end == pytest.approx(zero + 0.8 * (full - zero), abs=0.15)
    label = root.find(".//svg:g[@class='mk-values']/svg:text", NS)
    assert label.text == "60% (n = 40)" and float(label.get("x")) > end


def test_every_value_label_fits_inside_the_chart_even_beside_a_full_bar():
    chart = BarChart("a.svg", "T", (shown(0.99, 0.95, 1.0, 12_345), shown(0.1, 0.05, 0.2, 10)))
    root = parse(chart.render())
    for text, bar in zip(root.findall(".//svg:g[@class='mk-values']/svg:text", NS), chart.bars):
        assert float(text.get("x")) + text_width(share_text(bar), FONT) <= float(root.get("width"))


def test_long_labels_wrap_to_at_most_three_lines_and_say_they_go_on():
    label = (
        "Teachers: has this student's behaviour, attendance or engagement in lessons improved since the programme "
        "started this year?"
    )
    lines = wrap_label(label).split("\n")
    assert len(lines) == 3 and all(len(line) <= 39 for line in lines)
    assert lines[-1].endswith("…")
    root = parse(BarChart("a.svg", "T", (shown(0.5, 0.4, 0.6, 30, label),)).render())
    drawn = [t.text for t in texts_of(root) if t.get("text-anchor") == "end"]
    assert drawn == lines
    assert wrap_label("Short label") == "Short label"


def test_labels_never_reach_into_the_bars():
    label = "A very long school name that runs on well past the usual width"
    root = parse(BarChart("a.svg", "T", (shown(0.5, 0.4, 0.6, 30, label),)).render())
    zero = axis_x(root, "0%")
    for text in (t for t in texts_of(root) if t.get("text-anchor") == "end"):
        assert float(text.get("x")) < zero
        assert float(text.get("x")) - text_width(text.text, FONT) >= 0


def test_a_legend_names_each_series_and_hatches_all_but_the_first():
    bars = (shown(0.5, 0.4, 0.6, 30, "Mentees: a", 0), shown(0.7, 0.6, 0.8, 30, "Teachers: b", 1))
    root = parse(BarChart("a.svg", "T", bars, ("Mentees", "Teachers")).render())
    assert [t.text for t in root.findall(".//svg:g[@class='mk-legend']/svg:text", NS)] == ["Mentees", "Teachers"]
    assert [p.get("id") for p in root.findall(".//svg:pattern", NS)] == ["mk-hatch-1"]
    assert [r.get("fill") for r in bars_of(root)] == [SERIES[0][0], "url(#mk-hatch-1)"]
    one_series = parse(BarChart("a.svg", "T", bars[:1], ("Mentees",)).render())
    assert one_series.find(".//svg:g[@class='mk-legend']", NS) is None


def test_the_x_axis_has_ticks_at_quarters_and_its_label():
    root = parse(BarChart("a.svg", "T", (shown(0.5, 0.4, 0.6, 30),), axis_label="Share agreeing").render())
    labels = [t.text for t in texts_of(root)]
    assert ["0%", "25%", "50%", "75%", "100%"] == [x for x in labels if x.endswith("%") and " " not in x]
    assert "Share agreeing" in labels
    positions = [axis_x(root, f"{p}%") for p in (0, 25, 50, 75, 100)]
    steps = [b - a for a, b in zip(positions, positions[1:])]
    assert max(steps) - min(steps) <= 0.2


def test_a_long_title_wraps_inside_the_chart():
    title = "16 and 17-year-olds not in education, employment or training (NEET) or whose activity is not known"
    root = parse(LineChart("l.svg", title, ("2023", "2024"), (("Area", (5.0, 4.0)),)).render())
    lines = [t for t in texts_of(root) if t.get("font-weight") == "bold"]
    assert len(lines) == 2 and " ".join(t.text for t in lines) == title
    assert all(text_width(t.text, TITLE_FONT, bold=True) <= float(root.get("width")) - 2 * PAD for t in lines)


def test_a_line_chart_leaves_a_gap_for_a_missing_year():
    chart = LineChart(
        "l.svg",
        "T",
        ("2020", "2021", "2022", "2023", "2024"),
        (("Area", (5.0, 5.5, None, 6.0, 6.5)), ("England", (4.0, 4.5, 5.0, 5.5, 6.0))),
    )
    root = parse(chart.render())
    area, england = root.findall(".//svg:g[@class='mk-series']", NS)
    assert [len(p.get("points").split()) for p in area.findall("svg:polyline", NS)] == [2, 2]
    assert [len(p.get("points").split()) for p in england.findall("svg:polyline", NS)] == [5]
    assert len(area.findall("svg:use", NS)) == 4, "a marker for each known year, none for the missing one"


def test_line_series_differ_in_marker_and_dash_not_only_colour():
    chart = LineChart("l.svg", "T", ("2023", "2024"), (("A", (1.0, 2.0)), ("B", (2.0, 3.0)), ("C", (3.0, 1.0))))
    root = parse(chart.render())
    groups = root.findall(".//svg:g[@class='mk-series']", NS)
    markers = [g.find("svg:use", NS).get("href") for g in groups]
    dashes = [g.find("svg:polyline", NS).get("stroke-dasharray") for g in groups]
    assert len(set(markers)) == 3 and len(set(dashes)) == 3
    assert [t.text for t in root.findall(".//svg:g[@class='mk-legend']/svg:text", NS)] == ["A", "B", "C"]


def test_a_line_charts_y_ticks_cover_every_value_at_round_steps():
    chart = LineChart("l.svg", "T", ("2023", "2024", "2025"), (("A", (4.7, 6.1, 5.2)),), note="Illustrative")
    root = parse(chart.render())
    ticks = [float(t.text) for t in texts_of(root) if t.get("text-anchor") == "end"]
    assert ticks[0] <= 4.7 and ticks[-1] >= 6.1
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1 and steps.pop() in (0.1, 0.2, 0.5, 1.0)
    assert [t.text for t in texts_of(root) if t.get("text-anchor") == "middle"][:3] == ["2023", "2024", "2025"]
    assert "Illustrative" in [t.text for t in texts_of(root)]


@pytest.mark.parametrize("low,high", [(4.7, 6.1), (0, 100), (12, 12), (-3, 2), (0.01, 0.04)])
def test_nice_ticks_are_evenly_spaced_and_cover_the_range(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    assert 2 <= len(ticks) <= 12
    steps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert max(steps) - min(steps) < 1e-9


def test_a_title_that_ends_a_sentence_gets_no_second_full_stop():
    from mentorkit.render.filters import sentence

    assert [sentence(t) for t in ("I feel confident.", "Was it useful?", "Outcomes", "Wow!")] == [
        "I feel confident.",
        "Was it useful?",
        "Outcomes.",
        "Wow!",
    ]
    chart = BarChart("assets/charts/q.svg", "I feel confident about my future.", ())
    assert chart.alt.startswith("I feel confident about my future. Bar chart;")
