"""Every built page is valid HTML by the Nu HTML Checker, apart from named theme errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import vnu
from .conftest import SITES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def vnu_errors(built_sites, broken_site, vnu_jar) -> list[vnu.Message]:
    # One JVM for everything, the broken site's home page included.
    return vnu.check(vnu_jar, [site.folder for site in built_sites.values()] + [broken_site.folder / "index.html"])


def _within(messages: list[vnu.Message], folder: Path) -> list[vnu.Message]:
    return [m for m in messages if Path(m.file).is_relative_to(folder)]


@pytest.mark.parametrize("name", SITES)
def test_every_page_is_valid_html(built_sites, vnu_errors, name):
    site = built_sites[name]
    found = _within(vnu_errors, site.folder)
    assert len(site.pages()) > 0
    assert [str(m) for m in found if vnu.known(m) is None] == []


def test_every_filtered_theme_error_still_occurs(vnu_errors):
    # A filter the theme no longer needs would hide the same mistake in our markup.
    used = {vnu.known(m) for m in vnu_errors} - {None}
    assert [k.reason for k in vnu.THEME_ERRORS if k not in used] == []


def test_vnu_reports_an_image_without_alt(broken_site, vnu_errors):
    found = _within(vnu_errors, broken_site.folder)
    assert any("alt" in m.message and "img" in m.message for m in found), [str(m) for m in found]
