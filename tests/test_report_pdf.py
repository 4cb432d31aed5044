"""The annual report as a PDF: built with the site, read back with pypdf.

Real statistics, real WeasyPrint, real MkDocs; the figures the test looks for
come from ``stats.compute``, not from the template that prints them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from mentorkit.build.pipeline import BuildOptions, build
from mentorkit.load.content import read_site
from mentorkit.render.display import policy_text
from mentorkit.render.outcomes import report_pdf_path
from mentorkit.stats.breakdowns import PROGRAMME
from mentorkit.stats.figures import compute

from .conftest import FIXTURES, REPO, copy_fixture
from .test_pdf import A4, blank_pages, flat, text_of

YEAR = "2024-25"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_fixture("small-school", tmp_path_factory.mktemp("report-pdf") / "site")
    return build(BuildOptions(site.root)).output


@pytest.fixture(scope="module")
def figures():
    site, _ = read_site(FIXTURES / "small-school")
    return site, compute(site)


@pytest.mark.slow
def test_the_report_page_links_to_its_pdf_which_is_a4_throughout(built):
    path = built / report_pdf_path(YEAR)
    page = (built / f"impact/{YEAR}/index.html").read_text()
    assert f'href="../../{report_pdf_path(YEAR)}"' in page and "Download this report as a PDF" in page
    reader = PdfReader(path)
    assert len(reader.pages) >= 2
    for sheet in reader.pages:
        assert abs(float(sheet.mediabox.width) - A4[0]) <= 1 and abs(float(sheet.mediabox.height) - A4[1]) <= 1


@pytest.mark.slow
def test_the_cover_names_the_programme_organisation_year_and_says_the_data_is_invented(built, figures):
    site, _ = figures
    cover = text_of(built / report_pdf_path(YEAR))[0]
    assert site.programme.name in cover and site.programme.organisation.name in cover
    assert f"Annual report {YEAR}" in cover
    assert "Example data" in cover
    assert "Page 1" not in cover, "the cover carries no page number"


@pytest.mark.slow
def test_the_pdf_prints_the_statistics_modules_figures_and_narrative_with_page_numbers(built, figures):
    site, published = figures
    pages = text_of(built / report_pdf_path(YEAR))
    text = " ".join(pages)
    participation = published["tables"]["participation"]
    row = next(r for r in participation.rows if r["academic_year"].value == YEAR and r["level"].value == PROGRAMME)
    assert f"{row['mentees'].value} mentees in {row['schools'].value} schools" in text
    outcomes = [
        r
        for r in published["tables"]["outcomes"].rows
        if r["academic_year"].value == YEAR and r["level"].value == PROGRAMME and r["positive_share"].shown
    ]
    assert outcomes
    for r in outcomes:
        assert f"{r['positive_share'].value * 100:.0f}% ({r['positive'].value} of {r['answered'].value})" in text
    report = next(r for r in site.reports.values() if r.academic_year == YEAR)
    assert flat(report.body) in text, "the staff narrative"
    assert "Students talked about it for weeks." in text, "a consented testimonial"
    assert "never cleared for publication" not in text, "an unconsented one is left out"
    assert "Delivery" in text and "Results by school" in text
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in page


@pytest.mark.slow
def test_a_withheld_figure_prints_as_c_with_the_rule_beside_it(built, figures):
    _, published = figures
    page = (built / f"impact/{YEAR}/index.html").read_text()
    assert "[c]" in page, "the small-school fixture withholds figures on its report page"
    text = " ".join(text_of(built / report_pdf_path(YEAR)))
    assert "[c]" in text
    assert f"[c] withheld to protect the young people behind it. {policy_text(published['policy'])}" in text
    # Nothing the page withholds is printed: the school rows with [c] on the page have [c] in the PDF.
    for school in ("Cliff School (fictional)", "Hill School (fictional)"):
        assert re.search(re.escape(school) + r" 1 \[c\] \d+ \d+ of \d+ planned \[c\]", text), school


@pytest.mark.slow
def test_every_page_of_the_report_has_ink(built, tmp_path):
    assert blank_pages(built / report_pdf_path(YEAR), tmp_path) == []


@pytest.mark.slow
def test_the_release_workflow_finds_the_years_report(built):
    workflow = (REPO / ".github/workflows/reports.yml").read_text()
    command = next(line.strip() for line in workflow.splitlines() if 'find "$SITE"' in line)
    script = command.replace("mapfile -t pdfs < <(", "").removesuffix(")")
    found = subprocess.run(
        ["bash", "-c", script],
        env={"SITE": str(built), "YEAR": YEAR, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert found == [str(built / report_pdf_path(YEAR))]


def test_a_report_with_more_schools_than_print_well_lists_them_on_the_web_only(monkeypatch, tmp_path):
    from mentorkit.printed import documents as printables
    from mentorkit.printed import reports as report_pdfs

    site, _ = read_site(FIXTURES / "small-school")
    figures = compute(site)
    documents = [d for d in report_pdfs.plan(site, figures) if YEAR in d.path]
    printed = next(iter(printables.render_html(site, documents, tmp_path).values()))
    assert "<td>Hill School (fictional)</td>" in printed and "too many to print" not in printed

    monkeypatch.setattr(report_pdfs, "MAX_PRINTED_SCHOOLS", 2)
    documents = [d for d in report_pdfs.plan(site, figures) if YEAR in d.path]
    printed = next(iter(printables.render_html(site, documents, tmp_path).values()))
    assert "The figures for each of the 3 schools are too many to print" in printed
    assert "<td>Hill School (fictional)</td>" not in printed  # (a testimonial may still name it)
