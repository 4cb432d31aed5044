"""The before/after dot chart: what it draws, what it never draws, and its numbers against the raw answers.

The figures are the matched pupils' positive answers before and after
(``stats.matched_shares``). The 60 Minute Mentor example publishes none of
them: a few pupils answered only after the programme, and the matched figures
beside the outcomes table's would give those pupils' answers away. A copy of
the example without those few answers (``matched_copy``) publishes some, and
is what the chart is checked on end to end.
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mentorkit.load.content import checked, read_site
from mentorkit.model.programme import Disclosure
from mentorkit.render.change_views import chart_path, dot_pairs, sections
from mentorkit.render.charts import DotChart, DotPair
from mentorkit.render.outcomes import files as published_files
from mentorkit.stats import figures as stats
from mentorkit.stats.disclosure import Cell, primary, protect
from mentorkit.stats.matched_shares import FOLLOWED, new_table, published, shares_row

from .conftest import REPO

NS = {"svg": "http://www.w3.org/2000/svg"}
WITHHELD = (Cell(None, "c"),) * 3
Z95 = 1.959963984540054


def point(share: float, lower: float, upper: float) -> tuple[Cell, Cell, Cell]:
    return Cell(share), Cell(lower), Cell(upper)


def parse(chart: DotChart) -> ET.Element:
    return ET.fromstring(chart.render())


def axis(root: ET.Element) -> tuple[float, float]:
    """Where 0% and 100% stand on the x axis."""
    ticks = {t.text: float(t.get("x")) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    return ticks["0%"], ticks["100%"]


def dots(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:g[@class='mk-dots']/svg:use", NS)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


# ---------------------------------------------------------------- the chart


def test_before_and_after_differ_by_shape_and_fill_not_only_colour():
    pair = DotPair("I have ideas.", Cell(61), point(0.28, 0.18, 0.4), point(0.64, 0.51, 0.75))
    root = parse(DotChart("a.svg", "T", (pair,)))
    before, after = dots(root)
    assert before.get("href") == "#mk-dot-before" and after.get("href") == "#mk-dot-after"
    assert root.find(".//svg:circle[@id='mk-dot-before']", NS) is not None
    assert root.find(".//svg:path[@id='mk-dot-after']", NS) is not None
    assert before.get("fill") == "#ffffff" and after.get("fill") != "#ffffff", "hollow before, filled after"
    legend = [t.text for t in root.findall(".//svg:g[@class='mk-legend']/svg:text", NS)]
    assert legend == ["Before the programme", "After the programme"]
    assert len(root.findall(".//svg:g[@class='mk-legend']/svg:use", NS)) == 2


def test_each_dot_stands_at_its_share_with_its_interval_and_a_direct_label():
    pair = DotPair("I have ideas.", Cell(61), point(0.28, 0.18, 0.4), point(0.64, 0.51, 0.75))
    root = parse(DotChart("a.svg", "T", (pair,)))
    zero, full = axis(root)
    for dot, share in zip(dots(root), (0.28, 0.64)):
        assert float(dot.get("x")) == pytest.approx(zero + share * (full - zero), abs=0.15)
    whiskers = root.findall(".//svg:path[@class='mk-interval']", NS)
    for path, (lower, upper) in zip(whiskers, ((0.18, 0.4), (0.51, 0.75))):
        start, end = map(float, re.match(r"M([\d.]+) [\d.]+H([\d.]+)", path.get("d")).groups())
        assert start == pytest.approx(zero + lower * (full - zero), abs=0.15)
        assert end == pytest.approx(zero + upper * (full - zero), abs=0.15)
    values = [t.text for t in root.findall(".//svg:g[@class='mk-values']/svg:text", NS)]
    assert values == ["Before 28%", "After 64%"]
    assert "(61 answered both)" in texts(root)


def test_a_withheld_question_draws_nothing_and_says_withheld():
    shown = DotPair("Shown.", Cell(61), point(0.28, 0.18, 0.4), point(0.64, 0.51, 0.75))
    hidden = DotPair("Hidden.", Cell(63), WITHHELD, WITHHELD)
    chart = DotChart("a.svg", "T", (hidden, shown))
    root = parse(chart)
    assert len(dots(root)) == 2 and len(root.findall(".//svg:path[@class='mk-interval']", NS)) == 2
    values = [t.text for t in root.findall(".//svg:g[@class='mk-values']/svg:text", NS)]
    assert values == ["Withheld [c]", "Before 28%", "After 64%"]
    assert "Hidden: withheld [c] (63 answered both)" in chart.alt


def test_the_chart_has_an_accessible_name_a_description_and_every_label_inside_it():
    long = "I understand what employers look for when they take on young people, and how to show it. " * 2
    pairs = (DotPair(long, Cell(1234), point(0.99, 0.97, 1.0), point(1.0, 0.99, 1.0)),)
    chart = DotChart("a.svg", "A title & <more>", pairs)
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "A title & <more>"
    assert root.find("svg:desc", NS).text == chart.alt
    assert "before 99% (95% interval 97% to 100%), after 100% (95% interval 99% to 100%), 1,234 answered both" in (
        chart.alt
    )
    width = float(root.get("width"))
    from mentorkit.render.chart_style import FONT, text_width

    for t in root.findall(".//svg:g[@class='mk-values']/svg:text", NS):
        assert float(t.get("x")) + text_width(t.text, FONT) <= width


# ---------------------------------------------------------------- disclosure, for random small cohorts

answer = st.one_of(st.none(), st.integers(1, 5))
cohorts = st.lists(st.lists(st.tuples(answer, answer), max_size=40), min_size=1, max_size=3)
policies = st.builds(Disclosure, min_count=st.integers(2, 6), complement=st.booleans(), min_base=st.integers(5, 12))


def _protected(questions: list[list[tuple[int | None, int | None]]], policy: Disclosure):
    """The true table and its published version, the outcomes and change tables taken as publishing theirs."""
    table = new_table()
    for q, pupils in enumerate(questions):
        labels = {"academic_year": "2024-25", "level": "Programme", "group": "All schools", "survey": "post"}
        labels |= {"question": f"q{q}", "question_text": f"Question {q}.", "outcome": "o"}
        before = {f"p{i}": pre for i, (pre, _) in enumerate(pupils)}
        after = {f"p{i}": post for i, (_, post) in enumerate(pupils)}
        table.rows.append(shares_row(labels, before, after, lambda a: a >= 4, lambda a: a >= 4))
    return table, published(protect(table, policy, {name: set() for name in FOLLOWED}))


@settings(max_examples=150, deadline=None)
@given(cohorts, policies)
@example([[(4, 5)] * 20 + [(None, 4)] * 2], Disclosure())  # two answered only after, both positively
@example([[(2, 4)] * 12 + [(4, None)] * 6 + [(4, 4)] * 3], Disclosure())
def test_no_published_matched_figure_gives_away_a_small_count(questions, policy):
    table, shown = _protected(questions, policy)
    figures = [c.name for c in shown.columns if c.name.startswith(("before_", "after_"))]
    for true, row in zip(table.rows, shown.rows):
        states = {row[name].symbol == "c" for name in figures}
        assert len(states) == 1, "before and after are published together or not at all"
        if not row["before_share"].shown:
            continue
        assert true["matched"] >= policy.min_base
        for when in ("before", "after"):
            assert not primary(true[f"{when}_positive"], true["matched"], policy)
            # The outcomes table's answered and positive, minus these, are the once-only answerers' figures.
            assert not primary(true[f"_{when}_others_positive"], true[f"_{when}_others"], policy), (when, true)
    assert not any(name.startswith("_") for row in shown.rows for name in row), "the helper figures are not published"


@settings(max_examples=150, deadline=None)
@given(cohorts, policies)
def test_the_chart_draws_only_published_figures_and_nothing_where_one_is_withheld(questions, policy):
    _, shown = _protected(questions, policy)
    chart = DotChart("a.svg", "T", dot_pairs(shown.rows))
    root = parse(chart)
    zero, full = axis(root)
    drawn = [r for r in shown.rows if r["before_share"].shown]
    expected = [zero + r[f"{w}_share"].value * (full - zero) for r in drawn for w in ("before", "after")]
    assert [float(d.get("x")) for d in dots(root)] == pytest.approx(expected, abs=0.15)
    assert len(root.findall(".//svg:path[@class='mk-interval']", NS)) == 2 * len(drawn)
    values = [t.text for t in root.findall(".//svg:g[@class='mk-values']/svg:text", NS)]
    assert values.count("Withheld [c]") == sum(r["before_share"].symbol == "c" for r in shown.rows)
    # Every percentage in the chart's text and description is a published cell (or an axis tick).
    published_percents = {
        f"{r[f'{w}_{p}'].value * 100:.0f}%"
        for r in drawn
        for w in ("before", "after")
        for p in ("share", "lower", "upper")
    }
    said = re.findall(r"\d+%", " ".join(texts(root)) + " " + chart.alt)
    assert set(said) <= published_percents | {"0%", "25%", "50%", "75%", "100%", "95%"}
    counts = {str(r["matched"].value) for r in shown.rows if r["matched"].shown}
    assert set(re.findall(r"\((\d+) answered both\)", chart.alt)) <= counts


# ---------------------------------------------------------------- the examples, recomputed from their raw files


def matched_copy(target: Path) -> Path:
    """The 60 Minute Mentor example without the answers of pupils who answered only after the programme."""
    for name in ("content", "sessions", "site_overrides"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for folder in (target / "content" / "surveys" / "responses").iterdir():
        before = set(_responses(folder, "mentee-pre"))
        post = folder / "mentee-post.csv"
        lines = post.read_text(encoding="utf-8").splitlines(keepends=True)
        post.write_text("".join(lines[:1] + [li for li in lines[1:] if li.split(",", 1)[0] in before]), "utf-8")
    return target


def _responses(folder: Path, survey: str) -> dict[str, dict[str, str]]:
    with (folder / f"{survey}.csv").open(newline="", encoding="utf-8") as f:
        return {row["mentee"]: row for row in csv.DictReader(f)}


def _positive_codes(root: Path, survey: str) -> set[str]:
    scale = yaml.safe_load((root / "content" / "surveys" / f"{survey}.yaml").read_text())["scale"]
    first = scale["labels"].index(scale["positive_from"]) + 1
    return {str(code) for code in range(first, len(scale["labels"]) + 1)}


def _wilson(k: int, n: int) -> tuple[float, float]:
    p, z2 = k / n, Z95 * Z95
    centre, half = (p + z2 / (2 * n)) / (1 + z2 / n), Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return centre - half, centre + half


def recomputed(root: Path, year: str, question: str) -> dict[str, float]:
    """The matched pupils' positive answers before and after, from the response CSVs and the scale alone."""
    folder = root / "content" / "surveys" / "responses" / year
    before, after = _responses(folder, "mentee-pre"), _responses(folder, "mentee-post")
    both = [m for m in before.keys() & after.keys() if before[m][question] and after[m][question]]
    out: dict[str, float] = {"matched": len(both)}
    for when, answers, survey in (("before", before, "mentee-pre"), ("after", after, "mentee-post")):
        positive = _positive_codes(root, survey)
        k = sum(answers[m][question] in positive for m in both)
        everyone = [a[question] for a in answers.values() if a[question]]
        lower, upper = _wilson(k, len(both))
        out |= {f"{when}_positive": k, f"{when}_share": k / len(both), f"{when}_lower": lower, f"{when}_upper": upper}
        out[f"{when}_only"] = len(everyone) - len(both)
        out[f"{when}_only_positive"] = sum(a in positive for a in everyone) - k
    return out


def _published(root: Path):
    site, _ = read_site(root)
    loaded = checked(site)
    assert loaded
    figures = stats.compute(loaded)
    out = published_files(loaded, figures)
    return loaded, figures, out, list(csv.DictReader(io.StringIO(out["data/matched_shares.csv"])))


@pytest.fixture(scope="module")
def example() -> tuple:
    return _published(REPO)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> tuple[Path, tuple]:
    root = matched_copy(tmp_path_factory.mktemp("matched") / "site")
    return root, _published(root)


QUESTIONS = ("confident-future", "have-ideas", "understand-work", "know-post-16", "can-decide")


@pytest.mark.parametrize("year", ("2023-24", "2024-25"))
def test_the_example_withholds_the_matched_shares_because_a_few_answered_only_after(example, year):
    loaded, figures, out, rows = example
    for question in QUESTIONS:
        row = next(r for r in rows if r["academic_year"] == year and r["question"] == question)
        raw = recomputed(REPO, year, question)
        assert int(row["matched"]) == raw["matched"]
        assert 0 < raw["after_only"] < 5, "pupils who answered only after: few enough to single out"
        assert {row[k] for k in row if k.startswith(("before_", "after_"))} == {"c"}
    assert sections(loaded, figures, year) == []  # no chart: every question would say withheld
    assert not any(path.startswith(f"assets/charts/{year}-matched") for path in out)


@pytest.mark.parametrize("year", ("2023-24", "2024-25"))
@pytest.mark.parametrize("question", QUESTIONS)
def test_published_matched_shares_and_the_chart_equal_a_recomputation_from_the_raw_answers(copy, year, question):
    root, (loaded, figures, out, rows) = copy
    row = next(r for r in rows if r["academic_year"] == year and r["question"] == question)
    raw = recomputed(root, year, question)
    assert int(row["matched"]) == raw["matched"]
    if row["before_share"] == "c":
        # Withheld: because a once-only group's count is small, never for no reason.
        small = [raw[f"{w}_only_positive"] for w in ("before", "after") if raw[f"{w}_only"]]
        complements = [raw[f"{w}_only"] - raw[f"{w}_only_positive"] for w in ("before", "after") if raw[f"{w}_only"]]
        counts = [raw["before_positive"], raw["after_positive"]]
        assert any(0 < v < 5 for v in small + complements + counts + [raw["matched"] - c for c in counts])
        return
    for name in ("before_positive", "before_share", "before_lower", "before_upper"):
        assert float(row[name]) == pytest.approx(raw[name], abs=5e-5), name
    for name in ("after_positive", "after_share", "after_lower", "after_upper"):
        assert float(row[name]) == pytest.approx(raw[name], abs=5e-5), name
    outcome = next(q["outcome"] for q in _questions(root) if q["id"] == question)
    svg = out[chart_path(year, outcome)]
    text = next(q["text"] for q in _questions(root) if q["id"] == question).rstrip(".")
    said = (
        f"{text}: before {raw['before_share'] * 100:.0f}% (95% interval {raw['before_lower'] * 100:.0f}% to "
        f"{raw['before_upper'] * 100:.0f}%), after {raw['after_share'] * 100:.0f}% (95% interval "
        f"{raw['after_lower'] * 100:.0f}% to {raw['after_upper'] * 100:.0f}%), {raw['matched']} answered both"
    )
    assert said in svg


def _questions(root: Path) -> list[dict]:
    return yaml.safe_load((root / "content" / "surveys" / "mentee-post.yaml").read_text())["questions"]


def test_the_copy_draws_have_ideas_in_2023_24_and_says_withheld_for_confident_future(copy):
    root, (loaded, figures, out, rows) = copy
    found = {s["title"]: s for s in sections(loaded, figures, "2023-24")}
    confidence = found["Students are more self-confident and have higher aspirations."]
    pairs = {p.label: p for p in confidence["chart"].pairs}
    ideas = pairs["I have some ideas about jobs I would like to do one day."]
    assert ideas.shown and ideas.n.value == 61
    assert not pairs["I feel confident about my future career."].shown
    assert confidence["table"].rows[1][2:] == ["28% (17 of 61)", "18% to 40%", "64% (39 of 61)", "51% to 75%"]
    work = found["Students have a better understanding of the world of work."]
    assert work["chart"] is None and work["table"].rows[0][2:] == ["[c] (n = 59)", "[c]", "[c] (n = 59)", "[c]"]
    assert not any("2023-24-matched-world-of-work" in path for path in out), "no chart that would draw nothing"


@pytest.mark.slow
def test_the_printed_report_draws_the_chart_as_vector_text_with_its_table(copy, tmp_path):
    from mentorkit.build.pipeline import BuildOptions, build
    from mentorkit.render.outcomes import report_pdf_path

    from .test_pdf import text_of

    root, _ = copy
    built = build(BuildOptions(root, site_dir=tmp_path / "out")).output
    text = " ".join(text_of(built / report_pdf_path("2023-24")))
    assert "different groups of young people" in text
    start = text.index("The same young people, before and after")
    section = text[start:]
    # The SVG's own text (not a bitmap), then the table that carries the same figures.
    assert "Before 28%" in section and "After 64%" in section and "Withheld [c]" in section
    assert section.index("After 64%") < section.index("28% (17 of 61)")
