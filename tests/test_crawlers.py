"""robots.txt on every site; a sitemap only when the site's address lets it list pages."""

from __future__ import annotations

import pytest

from mentorkit.build.pipeline import BuildOptions, build

pytestmark = pytest.mark.slow


def test_without_an_address_there_is_no_empty_sitemap_and_robots_names_none(site):
    out = build(BuildOptions(site.root, pdf=False)).output
    assert not (out / "sitemap.xml").exists() and not (out / "sitemap.xml.gz").exists()
    robots = (out / "robots.txt").read_text()
    assert robots.startswith("User-agent: *\n") and "Disallow: /admin/" in robots and "Sitemap" not in robots


def test_with_an_address_the_sitemap_lists_every_page_and_robots_names_it(site):
    site.edit(
        "content/programme.yaml", "  example_data: true", "  example_data: true\n  url: https://tiny.example.org/"
    )
    out = build(BuildOptions(site.root, pdf=False)).output
    sitemap = (out / "sitemap.xml").read_text()
    pages = [p for p in out.rglob("index.html") if "admin" not in p.parts]
    assert sitemap.count("<loc>https://tiny.example.org/") >= len(pages) > 5
    assert "Sitemap: https://tiny.example.org/sitemap.xml" in (out / "robots.txt").read_text()
