"""The pages that show the before/after dot chart, in the 60 Minute Mentor example, pass axe and the Nu HTML Checker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import vnu
from .axe import check_page, new_context
from .conftest import WIDTHS, BuiltSite

pytestmark = pytest.mark.slow

#: The Impact page shows the latest year; each annual report its own.
PAGES = {"impact/": "2024-25", "impact/2023-24/": "2023-24"}
#: Outcomes with a question published: in 2023-24 confidence ("have ideas"), post-16 options and informed
#: decisions; in 2024-25 confidence and world of work.
CHARTS = {"2023-24": 3, "2024-25": 2}


@pytest.fixture(scope="module")
def chart_site(built_sites: dict[str, BuiltSite]) -> BuiltSite:
    return built_sites["60mm"]


def _html(site: BuiltSite, page: str) -> str:
    return (site.folder / page / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_the_page_shows_each_outcomes_dot_chart_with_its_description_and_table(chart_site, page):
    html = _html(chart_site, page)
    year = PAGES[page]
    images = re.findall(rf'<img alt="([^"]*)"[^>]*src="[./]*(assets/charts/{year}-matched-[a-z0-9-]+\.svg)"', html)
    assert len(images) == CHARTS[year], "one chart per outcome with a published question"
    for alt, src in images:
        svg = (chart_site.folder / src).read_text(encoding="utf-8")
        assert f"<desc>{alt}</desc>" in svg, "the page's alt text is the chart's own description"
        assert "Dot chart" in alt
    assert "Answered both (n)" in html and "different groups of young people" in html
    if year == "2023-24":
        assert "2.80 to 3.23" in html and "Withheld [c]" in (chart_site.folder / images[0][1]).read_text("utf-8")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_pages_with_the_chart_have_no_axe_violations(chart_site, browser, axe_script, width):
    context = new_context(browser, width, axe_script)
    try:
        page = context.new_page()
        violations = [v for rel in PAGES for v in check_page(page, chart_site.url + rel, rel, width)]
    finally:
        context.close()
    assert violations == [], "\n".join(map(str, violations))


def test_the_pages_with_the_chart_are_valid_html(chart_site, vnu_jar):
    found = vnu.check(vnu_jar, [chart_site.folder / page / "index.html" for page in PAGES])
    assert [str(m) for m in found if vnu.known(m) is None] == []


def test_the_chart_files_are_in_the_site(chart_site):
    charts = sorted(p.name for p in Path(chart_site.folder / "assets" / "charts").glob("*-matched-*.svg"))
    assert "2023-24-matched-confidence.svg" in charts and "2024-25-matched-confidence.svg" in charts
