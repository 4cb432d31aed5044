"""axe at the two window sizes the independent audit used: a laptop's 1280x720 and a phone's 390x844.

test_axe.py checks every page at 900 px tall; a shorter window scrolls the
sidebar, where the navigation links were too small and too close to tap
(WCAG 2.2 AA 2.5.8, axe's target-size).
"""

from __future__ import annotations

import pytest

from .axe import TAGS, check_page
from .conftest import SITES

pytestmark = pytest.mark.slow

VIEWPORTS = {"laptop": (1280, 720), "phone": (390, 844)}


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("name", SITES)
def test_every_page_has_no_axe_violations_at_the_audits_window_sizes(built_sites, browser, axe_script, name, viewport):
    site = built_sites[name]
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(path=str(axe_script))
    page = context.new_page()
    try:
        violations = [v for rel in site.pages() for v in check_page(page, site.url + rel, rel, width)]
    finally:
        context.close()
    assert TAGS[-2] == "wcag22aa"
    assert violations == [], "\n".join(map(str, violations))
