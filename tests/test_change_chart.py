"""The before/after dot chart: what it draws, what it never draws, and its numbers against the raw answers.

The figures are the matched pupils' mean answers before and after, on the
question's scale (``stats.matched_means``). Means rather than positive shares:
the outcomes table publishes every answerer's positive share, and the matched
pupils' shares beside it gave away the few once-only answerers' answers, so
the 60 Minute Mentor example showed no chart at all.
"""

from __future__ import annotations

import csv
import io
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.stats import t as student_t

from mentorkit.load.content import checked, read_site
from mentorkit.model import Scale
from mentorkit.model.programme import Disclosure
from mentorkit.render.change_views import NOTES, chart_path, dot_pairs, sections
from mentorkit.render.charts import DotChart, DotPair
from mentorkit.render.outcomes import files as published_files
from mentorkit.stats import figures as stats
from mentorkit.stats.disclosure import Cell, StatTable, primary, protect
from mentorkit.stats.matched_means import followed, means_row, new_table, published
from mentorkit.stats.measures import matched_change, mean_interval, proportion
from mentorkit.stats.moments import Fixed, fixed_counts
from mentorkit.stats.survey_tables import _QUESTION_COLUMNS, CHANGE_COLUMNS, change_row

from .conftest import REPO

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
WITHHELD = (Cell(None, "c"),) * 3
AGREE = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")


def point(mean: float, lower: float, upper: float) -> tuple[Cell, Cell, Cell]:
    return Cell(mean), Cell(lower), Cell(upper)


def parse(chart: DotChart) -> ET.Element:
    return ET.fromstring(chart.render())


def axis(root: ET.Element, labels: int) -> tuple[float, float]:
    """Where the scale's first and last codes stand on the x axis."""
    ticks = {t.text: float(t.get("x")) for t in root.iter(SVG_TEXT)}
    return ticks["1"], ticks[str(labels)]


def at(value: float, ends: tuple[float, float], labels: int) -> float:
    return ends[0] + (value - 1) / (labels - 1) * (ends[1] - ends[0])


def dots(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:g[@class='mk-dots']/svg:use", NS)


def whiskers(root: ET.Element) -> list[tuple[float, float]]:
    paths = root.findall(".//svg:path[@class='mk-interval']", NS)
    return [tuple(map(float, re.match(r"M([\d.]+) [\d.]+H([\d.]+)", p.get("d")).groups())) for p in paths]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(SVG_TEXT)]


def values(root: ET.Element) -> list[str]:
    return [t.text for t in root.findall(".//svg:g[@class='mk-values']/svg:text", NS)]


IDEAS = DotPair("I have ideas.", Cell(61), point(3.0164, 2.7996, 3.2332), point(3.7377, 3.4615, 4.0139))


# ---------------------------------------------------------------- the mean and its interval, by hand


def test_the_mean_interval_is_t_based_on_the_sample_standard_deviation():
    # 1, 2, 3, 4, 5: mean 3, variance (55 - 45) / 4 = 2.5, s / sqrt(5) = 0.70711, t(0.975, 4) = 2.77645.
    found = mean_interval(15, 55, 5)
    assert found.estimate == 3
    assert (found.lower, found.upper) == pytest.approx((3 - 1.963243, 3 + 1.963243), abs=1e-6)
    # 2, 2, 3, 3: mean 2.5, variance (26 - 25) / 3 = 1/3, s / sqrt(4) = 0.288675, t(0.975, 3) = 3.182446.
    found = mean_interval(10, 26, 4)
    assert (found.estimate, found.lower, found.upper) == pytest.approx((2.5, 2.5 - 0.918693, 2.5 + 0.918693), abs=1e-6)


def test_no_interval_below_two_answers_and_none_wide_when_everyone_gave_the_same_answer():
    assert mean_interval(4, 16, 1) is None and mean_interval(0, 0, 0) is None
    found = mean_interval(40, 160, 10)
    assert (found.estimate, found.lower, found.upper) == (4, 4, 4)


def test_a_mean_and_its_interval_fix_the_counts_on_a_short_scale_or_at_an_end():
    # Two labels: 5 "1"s and 7 "2"s sum to 19, their squares to 33; nothing else does.
    assert fixed_counts(12, 19, 33, 2, 2) == Fixed({1: 5, 2: 7}, 7)
    # Three labels: n, the sum and the sum of squares are three equations in three counts.
    assert fixed_counts(12, 28, 74, 3, 3) == Fixed({1: 3, 2: 2, 3: 7}, 7)
    # Five labels, all at the top but one "Agree".
    assert fixed_counts(20, 99, 491, 5, 4) == Fixed({1: 0, 2: 0, 3: 0, 4: 1, 5: 19}, 20)
    # "Have ideas" before, 2023-24: 61 answers summing to 184, squares to 598 fix no count.
    assert fixed_counts(61, 184, 598, 5, 4) == Fixed({}, None)


# ---------------------------------------------------------------- the chart


def test_before_and_after_differ_by_shape_and_fill_not_only_colour():
    root = parse(DotChart("a.svg", "T", (IDEAS,), AGREE))
    before, after = dots(root)
    assert before.get("href") == "#mk-dot-before" and after.get("href") == "#mk-dot-after"
    assert root.find(".//svg:circle[@id='mk-dot-before']", NS) is not None
    assert root.find(".//svg:path[@id='mk-dot-after']", NS) is not None
    assert before.get("fill") == "#ffffff" and after.get("fill") != "#ffffff", "hollow before, filled after"
    legend = [t.text for t in root.findall(".//svg:g[@class='mk-legend']/svg:text", NS)]
    assert legend == ["Before the programme", "After the programme"]
    assert len(root.findall(".//svg:g[@class='mk-legend']/svg:use", NS)) == 2


def test_each_dot_stands_at_its_mean_on_the_scale_with_its_interval_and_a_direct_label():
    root = parse(DotChart("a.svg", "T", (IDEAS,), AGREE))
    ends = axis(root, 5)
    for dot, mean in zip(dots(root), (3.0164, 3.7377)):
        assert float(dot.get("x")) == pytest.approx(at(mean, ends, 5), abs=0.15)
    for (start, end), (lower, upper) in zip(whiskers(root), ((2.7996, 3.2332), (3.4615, 4.0139))):
        assert (start, end) == pytest.approx((at(lower, ends, 5), at(upper, ends, 5)), abs=0.15)
    assert values(root) == ["Before 3.02", "After 3.74"]
    said = texts(root)
    assert "(61 answered both)" in said
    assert {"1", "2", "3", "4", "5", "1 Strongly disagree", "5 Strongly agree"} <= set(said)
    assert "Average answer, the same young people before and after" in said


def test_a_withheld_question_draws_nothing_and_says_withheld():
    hidden = DotPair("Hidden.", Cell(63), WITHHELD, WITHHELD)
    chart = DotChart("a.svg", "T", (hidden, IDEAS), AGREE)
    root = parse(chart)
    assert len(dots(root)) == 2 and len(whiskers(root)) == 2
    assert values(root) == ["Withheld [c]", "Before 3.02", "After 3.74"]
    assert "Hidden: withheld [c] (63 answered both)" in chart.alt


def test_the_chart_has_an_accessible_name_a_description_and_every_label_inside_it():
    from mentorkit.render.chart_style import FONT, text_width

    long = "I understand what employers look for when they take on young people, and how to show it. " * 2
    pairs = (DotPair(long, Cell(1234), point(4.98, 4.9, 5.0), point(5.0, 5.0, 5.0)),)
    chart = DotChart("a.svg", "A title & <more>", pairs, AGREE)
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "A title & <more>"
    assert root.find("svg:desc", NS).text == chart.alt
    assert "on a scale from 1 (Strongly disagree) to 5 (Strongly agree)" in chart.alt
    assert "before 4.98 (95% interval 4.90 to 5.00), after 5.00 (95% interval 5.00 to 5.00), 1,234 answered both" in (
        chart.alt
    )
    width = float(root.get("width"))
    for t in root.findall(".//svg:g[@class='mk-values']/svg:text", NS):
        assert float(t.get("x")) + text_width(t.text, FONT) <= width


# ---------------------------------------------------------------- disclosure, for random small cohorts

POST = {"academic_year": "2024-25", "level": "Programme", "group": "All schools", "survey": "post"}
scales = st.integers(2, 5).flatmap(
    lambda n: st.builds(
        lambda first: Scale(id="s", labels=[f"L{i}" for i in range(1, n + 1)], positive_from=f"L{first}"),
        st.integers(2, n),
    )
)
#: An answer code, blank one time in six; a pupil's before and after. Groups of pupils alike (a run of
#: the same pair) make counts of 0 and large ones, so some rows get published and their means checked.
code = st.integers(0, 5).map(lambda a: a or None)
runs = st.lists(st.tuples(st.tuples(code, code), st.integers(1, 12)), min_size=1, max_size=6)
cohorts = st.lists(
    runs.map(lambda found: [pair for pair, times in found for _ in range(times)]), min_size=1, max_size=3
)
policies = st.builds(Disclosure, min_count=st.integers(2, 6), complement=st.booleans(), min_base=st.integers(5, 12))


def _clip(pupils: list[tuple[int | None, int | None]], scale: Scale) -> list[tuple[int | None, int | None]]:
    top = len(scale.labels)
    return [tuple(None if a is None else min(a, top) for a in pair) for pair in pupils]


def _protected(questions: list[list[tuple[int | None, int | None]]], scale: Scale, policy: Disclosure):
    """The true means table and the published one, beside the change and outcomes tables as they publish."""
    means, change = new_table(), StatTable("change", "", "", list(CHANGE_COLUMNS))
    outcomes = StatTable("outcomes", "", "", list(_QUESTION_COLUMNS))
    for q, pupils in enumerate(questions):
        labels = POST | {"question": f"q{q}", "question_text": f"Question {q}.", "outcome": "o"}
        pupils = _clip(pupils, scale)
        before = {f"p{i}": pre for i, (pre, _) in enumerate(pupils)}
        after = {f"p{i}": post for i, (_, post) in enumerate(pupils)}
        means.rows.append(means_row(labels, before, after, (scale, scale)) | {"_pre_survey": "pre"})
        change.rows.append(change_row(labels, matched_change(before, after)))
        for survey, answered in (("pre", before), ("post", after)):
            found = proportion(None if a is None else a >= scale.positive_code for a in answered.values())
            lower, upper = found.interval
            outcomes.rows.append(
                labels
                | {"survey": survey, "respondent": "mentee", "answered": found.answered, "positive": found.positive}
                | {"positive_share": found.share, "lower": lower, "upper": upper}
            )
    others = {"change": protect(change, policy), "outcomes": protect(outcomes, policy)}
    return means, published(means, protect(means, policy, followed(others, means)), others), others


def _fewest_and_most(n: int, total: int, squares: int, scale: Scale) -> list[tuple[int, int]]:
    """For each answer code, then for the positive answers: the fewest and most of them any n answers with
    this sum and sum of squares can hold (integer programming, apart from ``fixed_counts``'s own search)."""
    codes = np.arange(1, len(scale.labels) + 1)
    sums = [n, total, squares]
    moments = LinearConstraint(np.vstack([np.ones_like(codes), codes, codes**2]), sums, sums)
    found = []
    for counted in [*(codes == c for c in codes), codes >= scale.positive_code]:
        ends = [
            milp(
                sign * counted.astype(float), constraints=moments, integrality=np.ones(len(codes)), bounds=Bounds(0, n)
            )
            for sign in (1, -1)
        ]
        found.append((round(ends[0].fun), round(-ends[1].fun)))
    return found


FIGURES = ("before_mean", "before_lower", "before_upper", "after_mean", "after_lower", "after_upper")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(cohorts, scales, policies)
@example([[(4, 5)] * 20 + [(None, 4)] * 2], Scale(id="s", labels=list(AGREE), positive_from="Agree"), Disclosure())
@example(
    [[(1, 2)] * 8 + [(2, 2)] * 6 + [(None, 2)]], Scale(id="s", labels=["No", "Yes"], positive_from="Yes"), Disclosure()
)
def test_no_published_mean_is_about_too_few_or_gives_away_a_withheld_or_once_only_count(questions, scale, policy):
    table, shown, others = _protected(questions, scale, policy)
    change = {r["question"].value: r for r in others["change"].rows}
    outcomes = {(r["survey"].value, r["question"].value): r for r in others["outcomes"].rows}
    for true, row in zip(table.rows, shown.rows):
        assert len({row[name].symbol == "c" for name in FIGURES}) == 1, "before and after together or not at all"
        assert row["matched"].symbol == change[true["question"]]["matched"].symbol, "Matched as the change table has it"
        if not row["before_mean"].shown:
            continue
        assert true["matched"] >= policy.min_base, "no mean about fewer than min_base people"
        ours = change[true["question"]]
        assert ours["matched"].shown and ours["mean_change"].shown, "published only where the change row is"
        assert row["after_mean"].value - row["before_mean"].value == pytest.approx(ours["mean_change"].value)
        n = true["matched"]
        for when, survey in (("before", "pre"), ("after", "post")):
            *codes, positive = _fewest_and_most(n, true[f"_{when}_sum"], true[f"_{when}_squares"], scale)
            # A count the mean and its interval fix is as good as published: never a small one.
            assert not any(low == high and primary(low, n, policy) for low, high in [*codes, positive]), (when, true)
            if positive[0] == positive[1]:
                # Beside the outcomes table's, it would tell the once-only answerers' or a withheld count:
                # fixed only where nobody answered only once and the outcomes table publishes the same count.
                assert not true[f"_{when}_others"], (when, true)
                assert outcomes[(survey, true["question"])]["positive"].value == positive[0]
    assert not any(name.startswith("_") for row in shown.rows for name in row), "the private sums are not published"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(cohorts, scales, policies)
def test_the_chart_draws_only_published_figures_and_nothing_where_one_is_withheld(questions, scale, policy):
    _, shown, _ = _protected(questions, scale, policy)
    labels = tuple(scale.labels)
    chart = DotChart("a.svg", "T", dot_pairs(shown.rows), labels)
    root = parse(chart)
    ends = axis(root, len(labels))
    drawn = [r for r in shown.rows if r["before_mean"].shown]
    expected = [at(r[f"{w}_mean"].value, ends, len(labels)) for r in drawn for w in ("before", "after")]
    assert [float(d.get("x")) for d in dots(root)] == pytest.approx(expected, abs=0.15)
    bounds = [
        tuple(at(r[f"{w}_{e}"].value, ends, len(labels)) for e in ("lower", "upper"))
        for r in drawn
        for w in ("before", "after")
    ]
    assert [pytest.approx(b, abs=0.15) for b in bounds] == whiskers(root)
    assert values(root).count("Withheld [c]") == sum(r["before_mean"].symbol == "c" for r in shown.rows)
    # Every number in the chart's text and description is a published cell (or an axis tick).
    published_numbers = {f"{r[name].value:.2f}" for r in drawn for name in FIGURES}
    said = " ".join(texts(root)) + " " + chart.alt
    assert set(re.findall(r"\d+\.\d+", said)) <= published_numbers
    counts = {str(r["matched"].value) for r in shown.rows if r["matched"].shown}
    assert set(re.findall(r"\((\d+) answered both\)", said)) <= counts


# ---------------------------------------------------------------- the example, recomputed from its raw files


def _responses(folder: Path, survey: str) -> dict[str, dict[str, str]]:
    with (folder / f"{survey}.csv").open(newline="", encoding="utf-8") as f:
        return {row["mentee"]: row for row in csv.DictReader(f)}


def recomputed(root: Path, year: str, question: str) -> dict[str, float]:
    """The matched pupils' mean answers before and after, from the response CSVs alone."""
    folder = root / "content" / "surveys" / "responses" / year
    before, after = _responses(folder, "mentee-pre"), _responses(folder, "mentee-post")
    both = [m for m in before.keys() & after.keys() if before[m][question] and after[m][question]]
    n = len(both)
    out: dict[str, float] = {"matched": n}
    for when, answers in (("before", before), ("after", after)):
        codes = [int(answers[m][question]) for m in both]
        mean = sum(codes) / n
        s = math.sqrt(sum((c - mean) ** 2 for c in codes) / (n - 1))
        half = student_t.ppf(0.975, n - 1) * s / math.sqrt(n)
        out |= {f"{when}_sum": sum(codes), f"{when}_mean": mean, f"{when}_lower": mean - half}
        out[f"{when}_upper"] = mean + half
    return out


@pytest.fixture(scope="module")
def example() -> tuple:
    site, _ = read_site(REPO)
    loaded = checked(site)
    assert loaded
    figures = stats.compute(loaded)
    out = published_files(loaded, figures)
    return loaded, figures, out, list(csv.DictReader(io.StringIO(out["data/matched_means.csv"])))


QUESTIONS = ("confident-future", "have-ideas", "understand-work", "know-post-16", "can-decide")


def test_have_ideas_in_2023_24_is_the_hand_worked_example():
    raw = recomputed(REPO, "2023-24", "have-ideas")
    assert (raw["matched"], raw["before_sum"], raw["after_sum"]) == (61, 184, 228)
    assert (raw["before_mean"], raw["after_mean"]) == pytest.approx((3.0164, 3.7377), abs=5e-5)


@pytest.mark.parametrize("year", ("2023-24", "2024-25"))
@pytest.mark.parametrize("question", QUESTIONS)
def test_published_means_and_the_chart_equal_a_recomputation_from_the_raw_answers(example, year, question):
    loaded, figures, out, rows = example
    row = next(r for r in rows if r["academic_year"] == year and r["question"] == question)
    raw = recomputed(REPO, year, question)
    assert int(row["matched"]) == raw["matched"]
    change = next(
        r for r in figures["tables"]["change"].where(academic_year=year, question=question, level="Programme")
    )
    if row["before_mean"] == "c":
        assert change["mean_change"].symbol == "c", "withheld only where the change table withholds the row"
        return
    for name in ("before_mean", "before_lower", "before_upper", "after_mean", "after_lower", "after_upper"):
        assert float(row[name]) == pytest.approx(raw[name], abs=5e-5), name
    assert raw["after_mean"] - raw["before_mean"] == pytest.approx(change["mean_change"].value)
    questions = yaml.safe_load((REPO / "content" / "surveys" / "mentee-post.yaml").read_text())["questions"]
    found = next(q for q in questions if q["id"] == question)
    said = (
        f"{found['text'].rstrip('.')}: before {raw['before_mean']:.2f} (95% interval {raw['before_lower']:.2f} to "
        f"{raw['before_upper']:.2f}), after {raw['after_mean']:.2f} (95% interval {raw['after_lower']:.2f} to "
        f"{raw['after_upper']:.2f}), {raw['matched']} answered both"
    )
    assert said in out[chart_path(year, found["outcome"])]


#: Outcomes whose chart shows a question, by year (the others' every question is withheld with its change row).
CHARTED = {
    "2023-24": {"confidence", "post-16-knowledge", "informed-decisions"},
    "2024-25": {"confidence", "world-of-work"},
}


@pytest.mark.parametrize("year", CHARTED)
def test_the_example_draws_a_chart_for_each_outcome_with_a_published_question(example, year):
    loaded, figures, out, rows = example
    charts = {path for path in out if path.startswith(f"assets/charts/{year}-matched-")}
    assert charts == {chart_path(year, outcome) for outcome in CHARTED[year]}
    found = sections(loaded, figures, year)
    assert [s["chart"] is not None for s in found] == [
        outcome in CHARTED[year]
        for outcome in ("confidence", "world-of-work", "post-16-knowledge", "informed-decisions")
    ]


def test_the_confidence_chart_of_2023_24_draws_have_ideas_and_says_withheld_for_confident_future(example):
    loaded, figures, out, rows = example
    found = {s["title"]: s for s in sections(loaded, figures, "2023-24")}
    confidence = found["Students are more self-confident and have higher aspirations."]
    pairs = {p.label: p for p in confidence["chart"].pairs}
    assert pairs["I have some ideas about jobs I would like to do one day."].shown
    assert not pairs["I feel confident about my future career."].shown
    assert confidence["table"].headers[2:] == [
        "Before (mean)",
        "Before, 95% interval",
        "After (mean)",
        "After, 95% interval",
    ]
    assert confidence["table"].rows[1] == [
        "I have some ideas about jobs I would like to do one day.",
        "61",
        "3.02",
        "2.80 to 3.23",
        "3.74",
        "3.46 to 4.01",
    ]
    assert confidence["table"].rows[0][1:] == ["63", "[c]", "[c]", "[c]", "[c]"]
    work = found["Students have a better understanding of the world of work."]
    assert work["chart"] is None, "no chart that would draw nothing"


def test_the_note_when_nothing_is_publishable_gives_the_one_reason_left():
    assert NOTES["none_shown"].endswith("too few answered both times.")


@pytest.mark.slow
def test_the_printed_report_draws_the_chart_as_vector_text_with_its_table(tmp_path):
    from mentorkit.build.pipeline import BuildOptions, build
    from mentorkit.render.outcomes import report_pdf_path

    from .test_pdf import text_of

    built = build(BuildOptions(REPO, site_dir=tmp_path / "out")).output
    text = " ".join(text_of(built / report_pdf_path("2023-24")))
    assert "different groups of young people" in text
    section = text[text.index("The same young people, before and after") :]
    # The SVG's own text (not a bitmap), then the table that carries the same figures.
    assert "Before 3.02" in section and "After 3.74" in section and "Withheld [c]" in section
    assert "1 Strongly disagree" in section and "5 Strongly agree" in section
    assert section.index("After 3.74") < section.index("2.80 to 3.23")
