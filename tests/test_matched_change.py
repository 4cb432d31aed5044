"""Both examples' published matched change and attrition, recomputed from their raw files.

The recomputation here shares no code with mentorkit.stats: it reads the
response CSVs and cohort files with the csv and yaml modules and works the
figures out with numpy, the textbook way (sample variances, Pearson's r), so a
slip in the additive sums behind the published figures would show.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from mentorkit.load.content import checked, read_site
from mentorkit.render.outcome_views import dosage_display
from mentorkit.render.outcomes import files as published_files
from mentorkit.render.outcomes import report_context
from mentorkit.stats import figures as stats
from mentorkit.stats.dosage_table import all_or_nothing

from .conftest import REPO
from .test_disclosure import _dosage_tables

Z95 = 1.959963984540054
YEARS = ("2023-24", "2024-25")
QUESTIONS = ("confident-future", "have-ideas", "understand-work", "know-post-16", "can-decide")


ACADEMY = REPO / "examples" / "academy-hub"
ACADEMY_YEARS = ("2022-23", "2023-24", "2024-25")
ACADEMY_QUESTIONS = ("subject-confidence", "know-how-to-improve")


def _published(root: Path) -> dict[str, list[dict[str, str]]]:
    site, _ = read_site(root)
    loaded = checked(site)
    assert loaded
    out = published_files(loaded, stats.compute(loaded))
    return {name: list(csv.DictReader(io.StringIO(out[f"data/{name}.csv"]))) for name in ("change", "attrition")}


@pytest.fixture(scope="module")
def published() -> dict[str, list[dict[str, str]]]:
    return _published(REPO)


@pytest.fixture(scope="module")
def academy_published() -> dict[str, list[dict[str, str]]]:
    return _published(ACADEMY)


def _responses(year: str, survey: str, root: Path = REPO) -> dict[str, dict[str, str]]:
    path = root / "content" / "surveys" / "responses" / year / f"{survey}.csv"
    with path.open(newline="", encoding="utf-8") as f:
        return {row["mentee"]: row for row in csv.DictReader(f)}


def _enrolled(year: str, root: Path = REPO) -> int:
    return sum(
        len(yaml.safe_load(p.read_text())["mentees"]) for p in (root / "content" / "cohorts" / year).glob("*.yaml")
    )


def _recomputed(year: str, question: str, root: Path = REPO) -> dict[str, float]:
    """Matched pairs, counts, mean change and Hedges' g_av with Bonett's interval, from the raw answers."""
    before, after = _responses(year, "mentee-pre", root), _responses(year, "mentee-post", root)
    pairs = [
        (int(before[m][question]), int(after[m][question]))
        for m in sorted(before.keys() & after.keys())
        if before[m][question] and after[m][question]
    ]
    pre, post = np.array([p for p, _ in pairs], float), np.array([a for _, a in pairs], float)
    diff, n = post - pre, len(pairs)
    v1, v2, r = pre.var(ddof=1), post.var(ddof=1), np.corrcoef(pre, post)[0, 1]
    s2 = (v1 + v2) / 2
    d = diff.mean() / math.sqrt(s2)
    se = math.sqrt(
        d**2 * (v1**2 + v2**2 + 2 * r**2 * v1 * v2) / (8 * (n - 1) * s2**2) + diff.var(ddof=1) / ((n - 1) * s2)
    )
    return {
        "matched": n,
        "improved": int((diff > 0).sum()),
        "same": int((diff == 0).sum()),
        "worse": int((diff < 0).sum()),
        "mean_change": diff.mean(),
        "effect_size": d * (1 - 3 / (4 * (n - 1) - 1)),
        "effect_lower": d - Z95 * se,
        "effect_upper": d + Z95 * se,
    }


def _programme_row(rows: list[dict[str, str]], year: str, **match: str) -> dict[str, str]:
    found = [
        r
        for r in rows
        if r["academic_year"] == year and r["level"] == "Programme" and all(r[k] == v for k, v in match.items())
    ]
    assert len(found) == 1, (year, match)
    return found[0]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("question", QUESTIONS)
def test_published_matched_change_equals_a_recomputation_from_the_raw_answers(published, year, question):
    row = _programme_row(published["change"], year, question=question)
    expected = _recomputed(year, question)
    for name, value in expected.items():
        if row[name] == "c":
            continue  # withheld: nothing published to compare
        assert float(row[name]) == pytest.approx(value, abs=5e-5), (year, question, name)
    assert int(row["matched"]) == expected["matched"], "the matched base is always published at programme level"


@pytest.mark.parametrize("year", ACADEMY_YEARS)
@pytest.mark.parametrize("question", ACADEMY_QUESTIONS)
def test_the_peer_examples_matched_change_and_attrition_equal_a_recomputation(academy_published, year, question):
    row = _programme_row(academy_published["change"], year, question=question)
    for name, value in _recomputed(year, question, ACADEMY).items():
        assert float(row[name]) == pytest.approx(value, abs=5e-5), (year, question, name)  # large bases: all shown
    before, after = _responses(year, "mentee-pre", ACADEMY), _responses(year, "mentee-post", ACADEMY)
    attrition = _programme_row(academy_published["attrition"], year)
    assert (int(attrition["enrolled"]), int(attrition["matched"])) == (
        _enrolled(year, ACADEMY),
        len(before.keys() & after.keys()),
    )


def test_the_example_publishes_effect_sizes_for_some_questions_and_withholds_others(published):
    shown = [r for r in published["change"] if r["level"] == "Programme" and r["effect_size"] not in ("c", "x")]
    withheld = [r for r in published["change"] if r["level"] == "Programme" and r["effect_size"] == "c"]
    assert shown and withheld
    for r in withheld:
        assert "c" in (r["improved"], r["same"], r["worse"], r["mean_change"]), "withheld only with a count or mean"


@pytest.mark.parametrize("year", YEARS)
def test_published_attrition_equals_a_recomputation_from_the_raw_files(published, year):
    before, after = _responses(year, "mentee-pre"), _responses(year, "mentee-post")
    row = _programme_row(published["attrition"], year)
    expected = {
        "enrolled": _enrolled(year),
        "answered_before": len(before),
        "answered_after": len(after),
        "matched": len(before.keys() & after.keys()),
    }
    assert {k: int(row[k]) for k in expected} == expected
    assert float(row["matched_share"]) == pytest.approx(expected["matched"] / expected["enrolled"], abs=5e-5)


def test_the_worked_example_in_the_report_holds(published):
    # 2023-24, "I have some ideas about jobs I would like to do one day": the closing note's figures.
    row = _programme_row(published["change"], "2023-24", question="have-ideas")
    assert (row["matched"], row["improved"], row["same"], row["worse"]) == ("61", "41", "13", "7")
    assert (row["mean_change"], row["effect_size"], row["effect_lower"], row["effect_upper"]) == (
        "0.7213",
        "0.7347",
        "0.4891",
        "0.9989",
    )


def test_a_published_dosage_band_reads_with_its_base_mean_and_effect_interval():
    dosage, change = _dosage_tables([1] * 10 + [0] * 8 + [-1] * 6, [1] * 6 + [0] * 7 + [-1] * 5)
    display = dosage_display({"tables": {"dosage": all_or_nothing(dosage, change)}}, "2024-25")
    assert display is not None
    most, fewer = display.rows
    # Most: 24 matched, 10 improved (42%), mean (10 - 6) / 24 = +0.17; fewer: 18, 6 improved, mean +0.06.
    assert most[1:5] == ["Most sessions", "24", "42% (10 of 24)", "+0.17"]
    assert fewer[1:5] == ["Fewer sessions", "18", "33% (6 of 18)", "+0.06"]
    assert most[5].startswith("+") and " to " in most[5]


def test_the_example_says_why_it_shows_no_change_by_sessions_attended():
    site, _ = read_site(REPO)
    loaded = checked(site)
    assert loaded
    context = report_context(loaded, stats.compute(loaded), "2024-25")
    assert context["dosage"] is None and context["dosage_measured"]
