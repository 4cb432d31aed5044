"""Copied theme partials stay copies: each differs from the installed theme's
file only by the accessibility fixes it was copied for."""

from __future__ import annotations

from pathlib import Path

import material

from ..conftest import REPO

THEME = Path(material.__file__).parent / "templates"

#: partial -> the (theme's text, ours) replacements that make our copy.
COPIES = {
    "partials/copyright.html": [
        (
            "  {% if not config.extra.generator == false %}",
            '  {% include "mk-organisation.html" %}\n  {% if not config.extra.generator == false %}',
        ),
    ],
    "partials/search.html": [
        (
            '<div class="md-search" data-md-component="search" role="dialog">',
            '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
        ),
        (
            '<div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix>',
            '<div class="md-search__scrollwrap" data-md-scrollfix>',
        ),
        (
            "      {% endif %}\n    </form>",
            "      {% endif %}\n"
            '      <button type="submit" class="mk-search-submit md-button md-button--primary">'
            '{{ lang.t("search") }}</button>\n    </form>',
        ),
    ],
    "partials/nav-item.html": [
        (
            '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">',
            '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc" aria-label="{{ lang.t(\'toc\') }}">',
        ),
    ],
}

#: Partials written here rather than copied: they replace the theme's whole file.
REPLACED = {"partials/actions.html": "Edit this page: the page's own source file, not the generated Markdown"}


def _body(text: str) -> str:
    """The template without its leading comments (ours, and the theme's licence where it has one)."""
    while text.startswith("{#-"):
        text = text.split("-#}", 1)[1].lstrip("\n")
    return text


def test_copied_partials_differ_from_the_theme_only_by_their_fixes():
    for name, edits in COPIES.items():
        expected = _body((THEME / name).read_text(encoding="utf-8"))
        for theirs, ours in edits:
            assert expected.count(theirs) == 1, f"the theme's {name} changed: re-copy it and re-apply the fix"
            expected = expected.replace(theirs, ours)
        assert _body((REPO / "site_overrides" / name).read_text(encoding="utf-8")) == expected


def test_every_copied_partial_is_listed_here():
    copied = sorted(
        p.relative_to(REPO / "site_overrides").as_posix()
        for p in (REPO / "site_overrides" / "partials").rglob("*.html")
    )
    assert copied == sorted([*COPIES, *REPLACED])
