"""The real build: Markdown staged, the real mkdocs-material build, an atomic swap."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mentorkit.build.pipeline import BuildOptions, build
from mentorkit.cli import main

from .conftest import REPO, copy_fixture

pytestmark = pytest.mark.slow


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_fixture("minimal", tmp_path_factory.mktemp("b") / "site")
    # Published at an address, so the sitemap lists the pages (without one there is none).
    site.edit(
        "content/programme.yaml", "  example_data: true", "  example_data: true\n  url: https://tiny.example.org/"
    )
    result = build(BuildOptions(site.root, pdf=False))
    return result.output


def test_every_page_type_is_built(built):
    for page in [
        "index.html",
        "how-it-works/index.html",
        "sessions/index.html",
        "sessions/01-first-meeting/index.html",
        "become-a-mentor/index.html",
        "for-schools/index.html",
        "testimonials/index.html",
        "handbook/index.html",
        "handbook/01-safeguarding/index.html",
        "faq/index.html",
        "accessibility/index.html",
        "privacy/index.html",
        "search/search_index.json",
        "sitemap.xml",
    ]:
        assert (built / page).is_file(), page


def test_session_page_has_running_clock_times_and_safeguarding(built):
    html = (built / "sessions/01-first-meeting/index.html").read_text()
    assert "0:00–0:10" in html and "0:10–0:50" in html and "0:50–1:00" in html
    assert 'class="admonition warning"' in html and "never alone behind a closed door" in html


def test_consent_decides_what_is_said_about_a_mentor(built):
    html = (built / "become-a-mentor/index.html").read_text()
    assert "Sam Okafor" in html and "Okafor Accounts Ltd" in html
    text = "".join(
        p.read_text(errors="ignore") for p in built.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml")
    )
    assert "Jo Private" not in text and "Secret Widgets" not in text and "bridges" not in text


def test_unconsented_testimonial_and_pseudonyms_are_not_published(built):
    text = "".join(p.read_text(errors="ignore") for p in built.rglob("*.html"))
    assert "never cleared" not in text
    assert "HS-01" not in text and "changed careers" not in text


def test_broken_edit_after_a_good_build_leaves_the_site_identical(tmp_path):
    site = copy_fixture("minimal", tmp_path / "site")
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 0
    before = tree_hash(site.root / "site")
    site.edit("content/mentors/sam-okafor.yaml", "issued: 2023-06-01", "issued: 2024-13-01")
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 1
    assert tree_hash(site.root / "site") == before
    assert not list(site.root.glob(".mentorkit-build-*")), "the failed build's temporary folder is cleaned up"


def test_a_failing_site_generator_leaves_the_site_identical(tmp_path):
    site = copy_fixture("minimal", tmp_path / "site")
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 0
    before = tree_hash(site.root / "site")
    # MkDocs refuses a config that watches a folder that does not exist.
    site.write("mkdocs.yml", (REPO / "mkdocs.yml").read_text() + "\nwatch: [does-not-exist]\n")
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 1
    assert tree_hash(site.root / "site") == before


@pytest.mark.parametrize("root", [REPO, REPO / "examples" / "academy-hub"], ids=["60mm", "academy-hub"])
def test_bundled_examples_build(root, tmp_path):
    result = build(BuildOptions(root, site_dir=tmp_path / "site", pdf=False))
    assert result.pages >= 20
    assert (tmp_path / "site" / "index.html").is_file()


def test_ctrl_c_during_the_site_build_leaves_the_site_identical(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    site = copy_fixture("minimal", tmp_path / "site")
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 0
    before = tree_hash(site.root / "site")
    site.edit("content/pages/faq.md", "No.", "No, and nobody expects you to be.")
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "build", "--no-pdf", "--content-root", str(site.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    # Wait until the build is staging (its temporary folder exists), then press Ctrl-C.
    deadline = time.monotonic() + 30
    while not list(site.root.glob(".mentorkit-build-*/docs")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert b"interrupted" in err and b"Traceback" not in err
    assert tree_hash(site.root / "site") == before
    assert not list(site.root.glob(".mentorkit-build-*"))
