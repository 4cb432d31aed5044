"""The generator seam, exercised: both example sites built by MkDocs and by Zensical agree.

Material for MkDocs reaches its end of life on 5 May 2027 and MkDocs 1.x is
unmaintained; Zensical reads the same mkdocs.yml. Building both examples with
both generators, and comparing the pages and the links between them, keeps
the day the default has to change a one-line change (``GENERATORS``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from mentorkit.build.generators import GENERATORS
from mentorkit.build.pipeline import BuildOptions, Timings, build

from .browser.links import _BASE, _parse, _target, check
from .conftest import REPO

pytestmark = pytest.mark.slow

EXAMPLES = {"repository root": REPO, "academy-hub": REPO / "examples" / "academy-hub"}
#: The theme's own files, which each generator ships in its own way.
THEME = ("assets/javascripts/", "assets/stylesheets/", "search/", "search.json")


def internal_links(site: Path) -> dict[str, set[str]]:
    """Every page, and the pages and files of the site it links to (``target#fragment``).

    Theme furniture is left out: its scripts and stylesheets, the search index,
    and a page's links to its own ``#__…`` anchors (Zensical's skip link).
    """
    out = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        targets = set()
        for href in _parse(path).links:
            url = urlsplit(urljoin(_BASE + rel, href))
            if f"{url.scheme}://{url.netloc}/" != _BASE:
                continue
            found = _target(site, url.path)
            name = found.relative_to(site).as_posix() if found else f"(missing) {url.path}"
            if name.startswith(THEME) or (name == rel and url.fragment.startswith("__")):
                continue
            targets.add(name + (f"#{url.fragment}" if url.fragment else ""))
        out[rel] = targets
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, float]]:
    """Each example built by each generator (no PDFs): the site, and the generator's own seconds."""
    out = {}
    for example, root in EXAMPLES.items():
        for generator in ("mkdocs", "zensical"):
            GENERATORS[generator].require()
            target = tmp_path_factory.mktemp(generator) / "site"
            timings = Timings()
            build(BuildOptions(root, target, generator, pdf=False), timings)
            out[(example, generator)] = (target, timings.stages["site build"])
    for (example, generator), (_, seconds) in sorted(out.items()):
        print(f"{example}: {generator} site build {seconds:.2f}s")
    return out


@pytest.mark.parametrize("example", list(EXAMPLES))
def test_mkdocs_and_zensical_publish_the_same_pages(built, example):
    pages = {
        g: {p.relative_to(built[(example, g)][0]).as_posix() for p in built[(example, g)][0].rglob("*.html")}
        for g in ("mkdocs", "zensical")
    }
    assert pages["mkdocs"] == pages["zensical"]
    assert "index.html" in pages["zensical"] and "handbook/index.html" in pages["zensical"]


@pytest.mark.parametrize("example", list(EXAMPLES))
def test_mkdocs_and_zensical_link_the_pages_the_same_way(built, example):
    mkdocs, zensical = (internal_links(built[(example, g)][0]) for g in ("mkdocs", "zensical"))
    differences = {page: (mkdocs[page] ^ zensical[page]) for page in mkdocs if mkdocs[page] != zensical.get(page)}
    assert differences == {}
    assert sum(len(links) for links in zensical.values()) > 100


@pytest.mark.parametrize("example", list(EXAMPLES))
def test_neither_generator_leaves_a_broken_internal_link(built, example):
    # Zensical 0.0.73 has no --strict: a broken link would not stop its build, so it is checked here.
    for generator in ("mkdocs", "zensical"):
        checked, broken = check(built[(example, generator)][0])
        assert checked > 1000 and broken == [], (generator, broken[:5])
