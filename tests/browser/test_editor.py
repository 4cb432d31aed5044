"""Staff's forms, end to end: the built /admin/ (Sveltia CMS) in Debian's chromium,
editing a copy of the minimal fixture in the editor's local-repository mode, and the
files it saves pass the check.

"Work with Local Repository" asks the browser for a folder (the File System Access
API's ``showDirectoryPicker``), a dialog headless chromium cannot answer. The test
answers it with the page's origin-private file system, a real directory handle the
editor reads and writes exactly as it would a folder on disk: the repository's
files are copied in before the editor opens and copied back out after a save.
Requests off 127.0.0.1 (the editor's update check and icon fonts) are refused, so
the test also proves the editor works with no network.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from mentorkit.build.pipeline import BuildOptions, build
from mentorkit.load.yaml_file import load_yaml_file

from ..conftest import REPO, SiteDir, copy_fixture
from .conftest import serve

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
REPOSITORY = "https://github.com/hillside-council/mentoring"

#: The folder picker, answered with the origin-private file system holding the repository's files.
PICKER = """
window.showDirectoryPicker = async () => {
  const top = await navigator.storage.getDirectory();
  const repo = await top.getDirectoryHandle('repo', {create: true});
  await repo.getDirectoryHandle('.git', {create: true});  // the editor checks it was given a repository's root
  for (const [path, text] of Object.entries(%s)) {
    const parts = path.split('/');
    let folder = repo;
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
    const writer = await (await folder.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writer.write(text);
    await writer.close();
  }
  return repo;
};
"""

#: Every file under the picked folder, as {path: text}.
READ_BACK = """async () => {
  const out = {};
  async function walk(folder, prefix) {
    for await (const [name, handle] of folder.entries()) {
      if (name === '.git') continue;
      if (handle.kind === 'directory') await walk(handle, prefix + name + '/');
      else out[prefix + name] = await (await handle.getFile()).text();
    }
  }
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('repo'), '');
  return out;
}"""


def _need(path: Path, how: str) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: run {how}", pytrace=False)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> SiteDir:
    """The content the forms edit: a copy of the minimal fixture with its repository named."""
    site = copy_fixture("minimal", tmp_path_factory.mktemp("editor") / "repo")
    site.write("mkdocs.yml", (REPO / "mkdocs.yml").read_text(encoding="utf-8") + f"repo_url: {REPOSITORY}\n")
    return site


@pytest.fixture(scope="module")
def admin_url(repo: SiteDir, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site on 127.0.0.1; its /admin/ exactly as built."""
    result = build(BuildOptions(repo.root, site_dir=tmp_path_factory.mktemp("editor-site") / "site", pdf=False))
    assert [w.code for w in result.warnings if w.code == "editor-repository-unset"] == []
    with serve(result.output) as url:
        yield url + "admin/"


def _files(repo: SiteDir) -> dict[str, str]:
    return {
        p.relative_to(repo.root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(repo.root.rglob("*"))
        if p.is_file() and p.suffix in (".yaml", ".md", ".csv", ".yml")
    }


@pytest.fixture(scope="module")
def browser_page(admin_url: str, repo: SiteDir) -> Iterator[tuple[Page, list[str]]]:
    _need(CHROMIUM, "scripts/setup --test (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(20_000)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route(lambda url: not url.startswith(admin_url.split("/admin/")[0]), lambda route: route.abort())
        page.add_init_script(PICKER % json.dumps(_files(repo)))
        page.goto(admin_url)
        # A GitHub account and a token are all staff need: no OAuth button, whose sign-in would need a server.
        page.get_by_role("button", name="Sign In Using Access Token").wait_for()
        assert page.get_by_role("button", name=re.compile("Sign In with")).count() == 0
        page.get_by_role("button", name="Work with Local Repository").click()
        page.get_by_role("tree", name="Collection List").wait_for()
        yield page, errors
        browser.close()


@pytest.fixture
def page(browser_page: tuple[Page, list[str]]) -> Iterator[Page]:
    """The editor, and no script error while a test uses it."""
    page, errors = browser_page
    errors.clear()
    yield page
    assert errors == []


def _save_and_copy_back(page: Page, repo: SiteDir, rel: str) -> str:
    """Save the open entry, wait for the editor to write ``rel``, and copy every file back to disk."""
    before = repo.read(rel) if repo.path(rel).is_file() else None
    page.get_by_role("button", name="Save", exact=True).click()
    for _ in range(100):
        files = page.evaluate(READ_BACK)
        if files.get(rel) not in (None, before):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail(f"the editor did not write {rel}")
    for path, text in files.items():
        if not repo.path(path).is_file() or repo.read(path) != text:
            repo.write(path, text)
    return repo.read(rel)


def _open(page: Page, hash_: str) -> None:
    page.evaluate(f"location.hash = {hash_!r}")


def _data(repo: SiteDir, rel: str) -> dict:
    source, problems = load_yaml_file(repo.path(rel), rel)
    assert problems == []
    return source.data


def _check(repo: SiteDir) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build.py", "check", "--content-root", str(repo.root)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )


def test_editing_a_mentor_saves_what_was_typed_and_the_file_passes_the_check(page, repo):
    _open(page, "#/collections/mentor")
    page.get_by_text("Sam Okafor", exact=True).first.click()
    role = page.get_by_role("textbox", name="Role", exact=True)
    expect(role).to_have_value("Accountant")
    role.fill("Senior accountant")
    text = _save_and_copy_back(page, repo, "content/mentors/sam-okafor.yaml")
    assert "\nrole: Senior accountant\n" in text
    # Dates stay dates as they were written, not timestamps; nothing left empty is written.
    assert "\nsafeguarding_training: 2024-06-01\n" in text and "''" not in text and "null" not in text
    data = _data(repo, "content/mentors/sam-okafor.yaml")
    assert data["name"] == "Sam Okafor" and data["dbs"]["issued"] == "2023-06-01"
    result = _check(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"checked \d+ files .*: no errors", result.stderr)


def test_a_new_testimonial_written_through_the_form_passes_the_check(page, repo):
    _open(page, "#/collections/testimonial/new")
    page.get_by_role("textbox", name="Quote", exact=True).fill("My son came home talking about apprenticeships.")
    page.get_by_role("textbox", name="Source", exact=True).fill("parent")
    page.get_by_role("textbox", name="Role", exact=True).fill("Parent of a Year 8 student")
    page.get_by_label("Date", exact=True).fill("2025-03-04")
    page.get_by_role("switch", name="Consent", exact=True).click()
    page.get_by_role("textbox", name="Programme", exact=True).fill("tiny")
    rel = "content/testimonials/parent-parent-of-a-year-8-student.yaml"
    text = _save_and_copy_back(page, repo, rel)
    assert "\ndate: 2025-03-04\n" in text
    data = _data(repo, rel)
    assert {k: data[k] for k in ("quote", "source", "date", "consent", "programme")} == {
        "quote": "My son came home talking about apprenticeships.",
        "source": "parent",
        "date": "2025-03-04",
        "consent": True,
        "programme": "tiny",
    }
    result = _check(repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_value_that_misses_a_pattern_shows_the_validators_hint_and_saves_nothing(page, repo):
    _open(page, "#/collections/school/new")
    page.get_by_role("textbox", name="Name", exact=True).fill("Pier Hill Academy")
    page.get_by_role("textbox", name="Town", exact=True).fill("Southend-on-Sea")
    page.get_by_role("textbox", name="Joined", exact=True).fill("2025/26")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("write the academic year as YYYY-YY, e.g. 2024-25").first.wait_for()
    assert "content/schools/pier-hill-academy.yaml" not in page.evaluate(READ_BACK)


def test_without_a_repository_the_editor_opens_a_test_repository_and_says_nothing_is_kept(browser_page, tmp_path):
    # The README's first command on a site whose mkdocs.yml names no repository yet.
    site = copy_fixture("minimal", tmp_path / "repo")
    result = build(BuildOptions(site.root, site_dir=tmp_path / "site", pdf=False))
    assert [w.code for w in result.warnings if w.code.startswith("editor-")] == ["editor-repository-unset"]
    config = (result.output / "admin" / "config.yml").read_text(encoding="utf-8")
    assert "local_backend" not in config and "OWNER" not in config and "\n  name: test-repo\n" in config
    browser = browser_page[0].context.browser
    assert browser is not None
    with serve(result.output) as url:
        page = browser.new_page()
        page.route(lambda address: not address.startswith(url), lambda route: route.abort())
        page.goto(url + "admin/")
        page.get_by_role("button", name="Work with Test Repository").click()
        page.get_by_role("tree", name="Collection List").wait_for()
        expect(page.get_by_role("note")).to_contain_text("nothing you save here is kept")
        page.close()
