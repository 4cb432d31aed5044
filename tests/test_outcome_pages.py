"""Outcome pages from a real build: a school of three is [c] everywhere, the open
data validates with the real frictionless CLI, and report figures are the
statistics module's own."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mentorkit.build.pipeline import BuildOptions, build, render_docs
from mentorkit.load.content import read_site
from mentorkit.render.charts import Bar, BarChart
from mentorkit.render.display import share_with_n
from mentorkit.stats import figures as stats
from mentorkit.stats.disclosure import Cell

from .conftest import REPO, copy_fixture

SMALL = "Hill School (fictional)"  # 3 mentees; the other two schools have 14 and 12


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_fixture("small-school", tmp_path_factory.mktemp("o") / "site")
    return build(BuildOptions(site.root, site_dir=site.root / "out", pdf=False)).output


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_the_small_school_is_withheld_in_every_csv_and_the_total_is_still_published(built):
    participation = _rows(built / "data/participation.csv")
    small = next(r for r in participation if r["group"] == SMALL)
    assert small["mentees"] == "c" and small["attendance"] == "c"
    total = next(r for r in participation if r["level"] == "Programme")
    assert total["mentees"] == "29"  # 3 + 14 + 12: the true total, unadjusted
    schools = [r for r in participation if r["level"] == "School"]
    shown = sum(int(r["mentees"]) for r in schools if r["mentees"] != "c")
    hidden = [r for r in schools if r["mentees"] == "c"]
    assert len(hidden) >= 2, "a second school is withheld so 29 minus the others does not give the small one"
    assert shown < 29
    for row in _rows(built / "data/outcomes.csv"):
        if row["group"] == SMALL:
            assert {row[k] for k in ("answered", "positive", "positive_share", "lower", "upper")} == {"c"}


@pytest.mark.slow
def test_the_small_school_is_withheld_on_the_report_page_and_in_its_chart(built):
    html = (built / "impact/2024-25/index.html").read_text(encoding="utf-8")
    checked = 0
    for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
        headers = [h.strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, flags=re.S)]
        body = [
            re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
            for row in re.findall(r"<tr>\s*<td.*?</tr>", table, flags=re.S)
        ]
        if SMALL in headers:  # schools as columns
            column = headers.index(SMALL)
            assert all("[c]" in row[column] for row in body), table
            checked += 1
        for row in body:
            if row[0].strip() == SMALL:  # schools as rows
                assert any("[c]" in c for c in row[1:]), row
                assert not any("%" in c for c in row[1:]), row  # no share, rate or interval of the three
                checked += 1
    assert checked >= 2
    assert SMALL in html and "[c] withheld to protect" in html
    svg = (built / "assets/charts/2024-25-by-school.svg").read_text(encoding="utf-8")
    label = svg.index("Hill School")
    assert "[c]" in svg and "<title>" in svg
    assert re.search(r"Hill School \(fictional\): \[c\]", svg), "the chart's description withholds it too"
    assert label > 0


@pytest.mark.slow
def test_open_data_passes_frictionless_validate(built):
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "datapackage.json"],
        cwd=built,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VALID" in result.stdout and "INVALID" not in result.stdout


@pytest.mark.parametrize("root", [REPO, REPO / "examples" / "academy-hub"], ids=["60mm", "academy-hub"])
def test_every_report_figure_is_the_statistics_module_s_own(root):
    site, _ = read_site(root)
    figures = stats.compute(site)
    docs, _, _ = render_docs(site, figures)
    table = figures["tables"]["outcomes"]
    for year in figures["years"]:
        page = docs[f"impact/{year}.md"]
        rows = [r for r in table.rows if r["academic_year"].value == year and r["level"].value == "Programme"]
        assert rows
        for row in rows:
            assert share_with_n(row, table, "positive_share", "positive", "answered") in page


def test_the_academy_hub_reproduces_its_published_figures_and_withholds_28_of_29():
    site, _ = read_site(REPO / "examples" / "academy-hub")
    figures = stats.compute(site)
    docs, _, _ = render_docs(site, figures)
    page = docs["impact/2023-24.md"]
    for figure in ("86% (144 of 167)", "72% (120 of 167)", "97% (162 of 167)", "79% (132 of 167)"):
        assert figure in page
    qualifications = figures["tables"]["qualifications"].where(academic_year="2023-24", level="Programme")[0]
    assert qualifications["enrolled"].value == 29
    assert qualifications["achieved"].symbol == "c" and qualifications["withdrawn"].symbol == "c"
    assert "28" not in re.sub(r"\d{4}-\d{2}", "", page.split("## Peer mentors")[1].split("##")[0])
    assert "withholds the count and the rate" in page


def test_illustrative_indicators_say_so_wherever_they_are_shown():
    site, _ = read_site(REPO)
    docs, _, _ = render_docs(site, stats.compute(site))
    assert "Illustrative values" in docs["impact/index.md"]
    assert "Illustrative values" in docs["impact/open-data.md"]
    assert "Illustrative values, not read from the source" in docs["assets/charts/indicator-neet-16-17.svg"]


def test_charts_are_the_same_bytes_every_build_and_carry_their_title():
    bar = Bar("Question", Cell(0.5), Cell(0.3), Cell(0.7), Cell(20))
    chart = BarChart(
        "assets/charts/x.svg",
        "A title",
        (bar, Bar("Small", Cell(None, "c"), Cell(None, "c"), Cell(None, "c"), Cell(None, "c"))),
    )
    first, second = chart.render(), chart.render()
    assert first == second
    assert "<title>A title</title>" in first and "[c]" in first
    assert "<dc:date>" not in first


def test_results_by_school_turn_to_a_row_per_school_when_there_are_many_schools(monkeypatch, tmp_path):
    from mentorkit.render import outcome_views as outcome_pages

    site, _ = read_site(copy_fixture("small-school", tmp_path / "site").root)
    figures = stats.compute(site)
    year = figures["years"][-1]
    wide = outcome_pages.school_matrix(site, figures, year)
    assert wide is not None and wide.headers[:2] == ["Question", "Who answered"] and not wide.key
    schools = wide.headers[2:]

    monkeypatch.setattr(outcome_pages, "MAX_PIVOT_COLUMNS", len(schools) - 1)
    turned = outcome_pages.school_matrix(site, figures, year)
    assert turned is not None
    assert turned.headers == ["School", *(f"Q{i}" for i in range(1, len(wide.rows) + 1))]
    assert [row[0] for row in turned.rows] == schools
    assert [meaning for _, meaning in turned.key] == [f"{row[0]} ({row[1]})" for row in wide.rows]
    # The same figure in the same place, turned: school s, question q.
    assert all(turned.rows[s][1 + q] == wide.rows[q][2 + s] for s in range(len(schools)) for q in range(len(wide.rows)))
