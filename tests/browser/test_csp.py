"""The Content-Security-Policy leaves the site working in Chromium, and stops script that gets past the gates."""

from __future__ import annotations

import pytest

from mentorkit.privacy.csp import add_policy

from .conftest import serve

pytestmark = pytest.mark.slow


def _violations(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    return messages


@pytest.mark.parametrize("name", ["60mm", "academy-hub"])
def test_search_and_navigation_work_under_the_policy(built_sites, browser, name):
    site = built_sites[name]
    assert 'http-equiv="Content-Security-Policy"' in (site.folder / "index.html").read_text()
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    refused = _violations(page)
    page.goto(site.url + "sessions/", wait_until="networkidle")  # the search index loaded by its worker
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially("mentor", delay=30)
    # The search worker ran (a script from the site, allowed) and found pages.
    page.locator(".md-search-result__item").first.wait_for(state="attached", timeout=10_000)
    first = page.get_attribute(".md-search-result__item a", "href")
    page.goto(first)
    assert page.locator("h1").count() == 1
    page.goto(site.url)
    link = page.locator(".md-tabs__link, .md-nav__link[href]").first
    page.goto(site.url + link.get_attribute("href").lstrip("./"))
    assert page.locator("article").count() == 1
    assert refused == []
    page.close()


def test_an_event_handler_that_got_past_the_gates_does_not_run(tmp_path, browser):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>'
        '<img src="missing.png" onerror="document.title=\'ran\'">'
        "<script>document.title='inline ran'</script>"
        '<a id="go" href="javascript:document.title=\'link ran\'">go</a></body></html>'
    )
    from mentorkit.build.pipeline import theme_folders

    assert add_policy(tmp_path, theme_folders()) == 1
    with serve(tmp_path) as url:
        page = browser.new_page()
        refused = _violations(page)
        page.goto(url)
        page.click("#go")
        page.wait_for_timeout(300)
        assert page.title() == "t"
        assert len(refused) >= 3
        page.close()
