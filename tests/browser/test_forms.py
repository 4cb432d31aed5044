"""What HTML_CodeSniffer asked of the theme's forms: a submit button in every form
(H32.2) and a name for every field (the table-of-contents toggle had none)."""

from __future__ import annotations

import pytest

from .conftest import SITES

pytestmark = pytest.mark.slow

_UNNAMED = """() => [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
  .filter(f => !f.labels?.length && !f.getAttribute("aria-label") && !f.getAttribute("aria-labelledby"))
  .map(f => f.outerHTML)"""
_NO_SUBMIT = """() => [...document.forms]
  .filter(f => !f.querySelector("[type=submit], input[type=image]"))
  .map(f => f.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("name", SITES)
def test_every_form_has_a_submit_button_and_every_field_a_name(built_sites, browser, name):
    site = built_sites[name]
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    for rel in site.pages():
        if rel.startswith("admin"):
            continue
        page.goto(site.url + rel)
        assert page.evaluate(_NO_SUBMIT) == [], rel
        assert page.evaluate(_UNNAMED) == [], rel
    page.close()


def _settled(read, page, polls: int = 3, every_ms: int = 250, tries: int = 80):
    """A value once it has stopped changing: Material re-renders the results as each letter arrives,
    in a worker, so on a busy machine the list read straight after typing can be an earlier query's."""
    seen = [read()]
    for _ in range(tries):
        page.wait_for_timeout(every_ms)
        seen.append(read())
        if len(seen) >= polls and len(set(seen[-polls:])) == 1:
            return seen[-1]
    raise AssertionError(f"the search results never settled: {seen[-5:]}")


def test_the_search_button_is_reached_by_keyboard_and_opens_the_first_result(built_sites, browser):
    site = built_sites["60mm"]
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(site.url + "sessions/", wait_until="networkidle")
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially("mentor", delay=30)
    first = page.locator(".md-search-result__link").first
    first.wait_for(state="attached", timeout=10_000)
    target = _settled(lambda: first.get_attribute("href"), page)
    button = page.locator("button.mk-search-submit")
    button.focus()
    assert button.bounding_box()["height"] >= 24, "visible once focused, and a 24 px target"
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    page.close()
