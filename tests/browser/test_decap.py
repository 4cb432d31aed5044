"""Staff's forms, end to end: the built /admin/ in Debian's chromium, writing through
decap-server into a copy of the minimal fixture, and the files it writes pass the check.

decap-server is Decap's own local backend (the one a staff member runs with
``npx decap-server`` to preview edits on their machine). It writes files
straight into ``GIT_REPO_DIRECTORY``; with a git host the same save opens a
pull request instead. Fixtures live here, not in conftest.py, which another
part of the suite owns.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from mentorkit.build import cms
from mentorkit.build.pipeline import BuildOptions, build
from mentorkit.load.yaml_file import load_yaml_file

from ..conftest import REPO, SiteDir, copy_fixture
from .conftest import serve

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"


def _need(path: Path, how: str) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: run {how}", pytrace=False)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_decap_server(url: str, process: subprocess.Popen, log: Path) -> None:
    request = urllib.request.Request(
        url, data=json.dumps({"action": "info"}).encode(), headers={"Content-Type": "application/json"}
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"decap-server stopped: {log.read_text(encoding='utf-8')}", pytrace=False)
        try:
            with urllib.request.urlopen(request, timeout=2) as answer:
                if json.load(answer).get("type") == "local_fs":
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"decap-server did not answer at {url}: {log.read_text(encoding='utf-8')}", pytrace=False)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> SiteDir:
    """The content the forms edit: a copy of the minimal fixture."""
    return copy_fixture("minimal", tmp_path_factory.mktemp("decap") / "repo")


@pytest.fixture(scope="module")
def decap_server(repo: SiteDir, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _need(DECAP_SERVER, "scripts/setup --test (npm ci installs decap-server)")
    port = _free_port()
    log = tmp_path_factory.mktemp("decap-log") / "decap-server.log"
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(repo.root),
        "LOG_LEVEL": "info",
    }
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [shutil.which("node") or "node", str(DECAP_SERVER)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/api/v1"
    try:
        _wait_for_decap_server(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def admin_url(repo: SiteDir, decap_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site on 127.0.0.1, its /admin/ pointed at this test's decap-server."""
    if cms.bundle_dir(repo.root) is None:
        pytest.fail("node_modules/decap-cms is missing: run scripts/setup --test", pytrace=False)
    out = build(BuildOptions(repo.root, site_dir=tmp_path_factory.mktemp("decap-site") / "site", pdf=False)).output
    config = out / "admin" / "config.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nlocal_backend: true\n" in text
    # The one change to the built file: the port of this test's decap-server
    # instead of Decap's default 8081, which another program may hold.
    config.write_text(
        text.replace("\nlocal_backend: true\n", f"\nlocal_backend:\n  url: {decap_server}\n"), encoding="utf-8"
    )
    with serve(out) as url:
        yield url + "admin/"


@pytest.fixture(scope="module")
def browser_page(admin_url: str) -> Iterator[tuple[object, list[str]]]:
    _need(CHROMIUM, "scripts/setup --test (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(20_000)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(admin_url)
        # With a local backend found, Decap offers a plain "Login" (no git host).
        page.get_by_role("button", name="Login", exact=True).click()
        page.get_by_role("link", name="Testimonials").wait_for()
        yield page, errors
        browser.close()


@pytest.fixture
def page(browser_page: tuple[object, list[str]]) -> Iterator[object]:
    """The editor, and no script error while a test uses it."""
    page, errors = browser_page
    errors.clear()
    yield page
    assert errors == []


def _field(page, name: str):
    return page.locator(f"[id^='{name}-field-']").first


def _choose(page, name: str, typed: str, option: str) -> None:
    """Pick from a select or relation widget (react-select): type, then click the option."""
    _field(page, name).click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=option).first.click()


def _collection(page, collection: str, label: str) -> None:
    """The collection's list of entries, as from the sidebar: the last form is closed."""
    page.evaluate(f"location.hash = '#/collections/{collection}'")
    page.get_by_role("heading", name=label).wait_for()


def _new_entry(page, collection: str, label: str) -> None:
    _collection(page, collection, label)
    page.evaluate(f"location.hash = '#/collections/{collection}/new'")
    page.get_by_text(f"Writing in {label} collection").wait_for()


def _publish(page, path: Path) -> str:
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    # "Published" once decap-server has answered, i.e. has written the file.
    page.get_by_role("button", name="Published").wait_for()
    assert path.is_file(), f"the form did not write {path.name}: {sorted(p.name for p in path.parent.iterdir())}"
    return path.read_text(encoding="utf-8")


def _data(repo: SiteDir, rel: str) -> dict:
    source, problems = load_yaml_file(repo.path(rel), rel)
    assert problems == []
    return source.data


def test_a_testimonial_written_through_the_form(page, repo):
    _new_entry(page, "testimonial", "Testimonials")
    _field(page, "quote").fill("My son came home talking about apprenticeships.")
    _field(page, "source").fill("parent")
    _field(page, "role").fill("Parent of a Year 8 student")
    _field(page, "date").fill("2025-03-04")
    _field(page, "consent").click()
    _field(page, "programme").fill("tiny")
    text = _publish(page, repo.path("content/testimonials/parent-parent-of-a-year-8-student.yaml"))
    # The date stays a date, as typed: not a timestamp.
    assert "\ndate: 2025-03-04\n" in text
    assert _data(repo, "content/testimonials/parent-parent-of-a-year-8-student.yaml") == {
        "quote": "My son came home talking about apprenticeships.",
        "source": "parent",
        "role": "Parent of a Year 8 student",
        "date": "2025-03-04",
        "consent": True,
        "programme": "tiny",
        "featured": False,
    }


def test_a_mentor_written_through_the_form(page, repo):
    _new_entry(page, "mentor", "Mentors")
    _field(page, "name").fill("Priya Shah")
    _choose(page, "kind", "busi", "business")
    _field(page, "organisation").fill("Estuary Health Trust")
    _field(page, "sector").fill("health")
    _field(page, "role").fill("Physiotherapist")
    _field(page, "dbs").get_by_role("button", name="Expand").first.click()
    _choose(page, "type", "enh", "enhanced")
    _field(page, "issued").fill("2024-09-02")
    _field(page, "safeguarding_training").fill("2024-09-16")
    _field(page, "publish_name").click()
    _field(page, "max_mentees").fill("8")
    _choose(page, "schools", "Hill", "Hill School")  # a relation: the school's file name is stored
    _publish(page, repo.path("content/mentors/priya-shah.yaml"))
    data = _data(repo, "content/mentors/priya-shah.yaml")
    assert data == {
        "name": "Priya Shah",
        "kind": "business",
        "organisation": "Estuary Health Trust",
        "sector": "health",
        "role": "Physiotherapist",
        "dbs": {"type": "enhanced", "issued": "2024-09-02"},
        "safeguarding_training": "2024-09-16",
        "consent": {"publish_name": True, "publish_organisation": False, "publish_quote": False},
        "max_mentees": 8,
        "schools": ["hill-school"],
        "active": True,
    }


def test_editing_a_file_changes_only_what_was_typed(page, repo):
    # An id the form hides, and dates, come back exactly as they were.
    before = repo.read("content/mentors/sam-okafor.yaml")
    repo.write("content/mentors/sam-okafor.yaml", "id: sam-okafor\n" + before)
    _collection(page, "mentor", "Mentors")
    page.get_by_text("Sam Okafor", exact=True).click()
    expect(_field(page, "name")).to_have_value("Sam Okafor")
    _field(page, "role").fill("Senior accountant")
    text = _publish(page, repo.path("content/mentors/sam-okafor.yaml"))
    assert text == "id: sam-okafor\n" + before.replace("role: Accountant\n", "role: Senior accountant\n")


def test_a_form_that_misses_a_pattern_shows_the_validators_hint(browser_page, repo):
    page, errors = browser_page  # Decap rejects the save with an unnamed script error
    _new_entry(page, "school", "Schools")
    _field(page, "name").fill("Pier Hill Academy")
    _field(page, "town").fill("Southend-on-Sea")
    _field(page, "joined").fill("2025/26")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    page.get_by_text("write the academic year as YYYY-YY, e.g. 2024-25").first.wait_for()
    assert not repo.path("content/schools/pier-hill-academy.yaml").exists()


def test_the_files_the_forms_wrote_pass_the_check(page, repo):
    written = [
        repo.path("content/testimonials/parent-parent-of-a-year-8-student.yaml"),
        repo.path("content/mentors/priya-shah.yaml"),
    ]
    assert all(path.is_file() for path in written), "run with the form tests above"
    result = subprocess.run(
        [sys.executable, "build.py", "check", "--content-root", str(repo.root)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"checked \d+ files .*: no errors", result.stderr)
