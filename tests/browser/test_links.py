"""No broken internal links or anchors anywhere in a built site."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorkit.build.pipeline import check as check_content

from . import links
from .conftest import SITES


@pytest.mark.slow
@pytest.mark.parametrize("name", SITES)
def test_no_broken_internal_links_or_anchors(built_sites, name):
    site = built_sites[name]
    programme = check_content(SITES[name])[0].programme
    checked, broken = links.check(site.folder, programme.site.url if programme else None)
    print(f"{name}: {checked} internal links checked on {len(site.pages())} pages")
    assert checked > 10 * len(site.pages())
    assert [str(b) for b in broken] == []


def test_link_check_reports_a_missing_page_and_a_missing_anchor(tmp_path: Path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text('<h2 id="ready">Ready</h2><a href="#ready">ok</a>')
    (tmp_path / "index.html").write_text(
        '<a href="guide/">ok</a> <a href="guide/#ready">ok</a> <a href="https://example.org/x">other site</a>'
        ' <a href="mailto:a@example.org">mail</a> <a href="https://mk.example/guide/">own address</a>'
        ' <a href="guide/#steady">no anchor</a> <a href="gone/">no page</a> <img src="../../etc/passwd" alt="">'
    )
    checked, broken = links.check(tmp_path, "https://mk.example/")
    assert checked == 7
    assert [(b.page, b.href) for b in broken] == [
        ("index.html", "guide/#steady"),
        ("index.html", "gone/"),
        ("index.html", "../../etc/passwd"),
    ]
