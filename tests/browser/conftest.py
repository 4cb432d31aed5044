"""The built sites, served on 127.0.0.1, and one Debian chromium for the session.

Each site is built once per test session into a temporary folder with the real
pipeline (no PDFs: they are not pages), then served by the standard library's
HTTP server in a thread. Nothing here downloads a browser: Playwright drives
/usr/bin/chromium, installed by ``scripts/setup --test``; axe-core and the Nu
HTML Checker come from ``node_modules`` (``npm ci`` in the same script).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentorkit.build.pipeline import BuildOptions, build

from ..conftest import REPO, copy_fixture
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

#: The sites the suite builds and checks, by name.
SITES = {"60mm": REPO, "academy-hub": REPO / "examples" / "academy-hub"}

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
    folders = {name: build(BuildOptions(root, site_dir=out / name, pdf=False)).output for name, root in SITES.items()}
    # Each site at the root of its own server, as it is published: 404.html
    # links from the root, since it answers for any address.
    with ExitStack() as stack:
        yield {name: BuiltSite(name, folder, stack.enter_context(serve(folder))) for name, folder in folders.items()}


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
