"""What a keyboard user and a phone user get: the call to action by Tab with a
visible focus ring, pages that fit a phone's width, and screenshots to look at."""

from __future__ import annotations

import pytest

from .conftest import SITES, WIDTHS
from .sitepages import page_types

pytestmark = pytest.mark.slow

CALL_TO_ACTION = "main a.md-button--primary[href*='become-a-mentor']"
#: Enough for the header and the whole desktop navigation before the content.
MAX_TABS = 80

_FOCUS_STYLE = """el => {
  const s = getComputedStyle(el);
  return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow};
}"""
# The focused element, unless a sighted keyboard user could not see where focus is
# (WCAG 2.4.7, 2.4.11): off screen, zero-sized, hidden or inside a transparent panel.
_UNSEEN_FOCUS = """() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
    && r.left < innerWidth && r.top < innerHeight;
  const seen = onScreen && el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  return seen ? null : `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || "").trim().slice(0, 40)}"`;
}"""


def _unseen_focus(page) -> str | None:
    # The skip link and heading permalinks fade in on focus: judge after the fade.
    if page.evaluate(_UNSEEN_FOCUS) is None:
        return None
    page.wait_for_timeout(400)
    return page.evaluate(_UNSEEN_FOCUS)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_tab_reaches_become_a_mentor_with_a_visible_focus_ring_and_enter_follows_it(built_sites, browser, width):
    site = built_sites["60mm"]
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(site.url)
        target = page.locator(CALL_TO_ACTION)
        assert target.count() == 1
        # The paragraph around the button: a ring drawn outside the button shows in it.
        around = target.locator("xpath=..")
        unfocused = around.screenshot()
        page.evaluate("window.scrollTo(0, 0)")

        unseen = []
        for presses in range(1, MAX_TABS + 1):  # noqa: B007 (the count is read after the loop)
            page.keyboard.press("Tab")
            unseen.append(_unseen_focus(page))
            if page.evaluate("sel => document.activeElement.matches(sel)", CALL_TO_ACTION):
                break
        else:
            pytest.fail(f"{MAX_TABS} presses of Tab never reached the call to action")
        assert [u for u in unseen if u] == [], "Tab stops where focus could not be seen"

        style = target.evaluate(_FOCUS_STYLE)
        assert style["outline"] not in ("none", "hidden") and style["width"] >= 2, style
        assert style["shadow"] != "none", style
        assert around.screenshot() != unfocused, "focus changed nothing on screen"

        page.keyboard.press("Enter")
        page.wait_for_url("**/become-a-mentor/")
        print(f"{width}px: the call to action is Tab number {presses}")
    finally:
        context.close()


@pytest.mark.parametrize("name", SITES)
def test_key_pages_fit_a_phone_and_are_saved_as_screenshots(built_sites, browser, output_dir, name):
    site = built_sites[name]
    found = page_types(site.pages())
    shots = {"home": found["home"], "session": found["a session"], "become-a-mentor": found["become a mentor"]}
    too_wide = []
    for width in WIDTHS.values():
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:
            page = context.new_page()
            for shot, rel in shots.items():
                page.goto(site.url + rel)
                # WCAG 1.4.10 Reflow: no sideways scrolling of the page itself
                # (a wide table scrolls inside its own region instead).
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    too_wide.append(f"/{rel} is {overflow}px wider than {width}px")
                path = output_dir / f"{name}-{shot}-{width}.png"
                page.screenshot(path=str(path), full_page=True)
                assert path.stat().st_size > 10_000
        finally:
            context.close()
    assert too_wide == []


def test_on_a_phone_the_menu_opens_from_the_keyboard(built_sites, browser):
    site = built_sites["60mm"]
    context = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 900})
    try:
        page = context.new_page()
        page.goto(site.url)
        menu = page.get_by_role("button", name="Menu")
        assert menu.get_attribute("aria-expanded") == "false"
        for presses in range(1, MAX_TABS + 1):  # noqa: B007 (the count is read after the loop)
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.getAttribute('aria-label') === 'Menu'"):
                break
        page.keyboard.press("Enter")
        assert menu.get_attribute("aria-expanded") == "true"
        link = page.locator(".md-sidebar--primary").get_by_role("link", name="For schools")
        link.wait_for(state="visible")
        for presses in range(1, MAX_TABS + 1):  # noqa: B007 (the count is read after the loop)
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.textContent.trim() === 'For schools'"):
                break
        assert _unseen_focus(page) is None
        page.keyboard.press("Enter")
        page.wait_for_url("**/for-schools/")
    finally:
        context.close()
