"""The built sites, served on 127.0.0.1, and one Debian chromium for the session.

Each site is built once per test session into a temporary folder with the real
pipeline (no PDFs: they are not pages), then served by the standard library's
HTTP server in a thread. Nothing here downloads a browser: Playwright drives
/usr/bin/chromium, installed by ``scripts/setup --test``; axe-core and the Nu
HTML Checker come from ``node_modules`` (``npm ci`` in the same script).
"""

from __future__ import annotations

import atexit
import functools
import http.server
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentorkit.build.pipeline import BuildOptions, build

from ..conftest import REPO, copy_fixture
from .fresh import fresh_site
from .sitepages import html_pages

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
OUTPUT = REPO / "test-output"


def _fresh_init_site() -> Path:
    """A new programme's site as `init` writes it, with its own logo and colours (tests/browser/fresh.py)."""
    folder = Path(tempfile.mkdtemp(prefix="mentorkit-fresh-init-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return fresh_site(folder / "future-steps")


#: The sites the suite builds and checks, by name.
SITES = {"60mm": REPO, "academy-hub": REPO / "examples" / "academy-hub", "fresh-init": _fresh_init_site()}

#: Phone (the width most mentors arrive at) and desktop.
WIDTHS = {"phone": 390, "desktop": 1280}


@dataclass(frozen=True)
class BuiltSite:
    name: str
    folder: Path
    url: str

    def pages(self) -> list[str]:
        return html_pages(self.folder)


def _need(path: Path, how: str) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: run {how}", pytrace=False)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the length of the block."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, BuiltSite]]:
    out = tmp_path_factory.mktemp("built")
    # Each site at the path of its own address on its own server, as it is published
    # (https://owner.github.io/future-steps/ is served under /future-steps/): 404.html
    # links from there, since it answers for any address.
    paths = {name: _site_path(root) for name, root in SITES.items()}
    folders = {
        name: build(BuildOptions(root, site_dir=out / name / paths[name], pdf=False)).output
        for name, root in SITES.items()
    }
    with ExitStack() as stack:
        yield {
            name: BuiltSite(name, folder, stack.enter_context(serve(out / name)) + paths[name])
            for name, folder in folders.items()
        }


def _site_path(root: Path) -> str:
    """The path part of the site's address ("future-steps/"), or "" for a site at a domain's root."""
    from mentorkit.build.pipeline import check

    programme = check(root)[0].programme
    url = (programme.site.url if programme else None) or ""
    return url.split("://", 1)[-1].partition("/")[2]


BROKEN_HOME = """\
{% include "default:pages/home.md.j2" %}

<p><img src="assets/images/favicon.png"></p>

<form action="#"><p>Postcode <input type="text" name="postcode"></p></form>
"""


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The minimal fixture with a home page template that a careless edit broke:
    an image without alt text and a form field without a label."""
    root = copy_fixture("minimal", tmp_path_factory.mktemp("broken") / "site").root
    (root / "content" / "templates" / "pages").mkdir(parents=True)
    (root / "content" / "templates" / "pages" / "home.md.j2").write_text(BROKEN_HOME, encoding="utf-8")
    folder = build(BuildOptions(root, site_dir=root.parent / "out", pdf=False)).output
    with serve(folder) as url:
        yield BuiltSite("broken", folder, url)


# One browser per test module, not per session: Playwright's sync API allows one
# driver at a time in a thread, and test_decap.py starts its own.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _need(CHROMIUM, "scripts/setup --test (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    _need(AXE, "scripts/setup --test (npm ci installs axe-core)")
    return AXE


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    _need(VNU, "scripts/setup --test (npm ci installs vnu-jar)")
    if shutil.which("java") is None:
        pytest.fail("java is missing: run scripts/setup --test (installs default-jre-headless)", pytrace=False)
    return VNU


@pytest.fixture(scope="session")
def output_dir() -> Path:
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
