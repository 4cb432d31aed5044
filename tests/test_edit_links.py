""" "Edit this page": each page with one source file links to that file in GitHub's web editor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentorkit.build import cms
from mentorkit.build.pipeline import BuildOptions, build

from .conftest import REPO, SiteDir, copy_fixture

REPOSITORY = "https://github.com/hillside-council/mentoring"
EDIT = re.compile(r'<a href="([^"]+)"[^>]*rel="edit"')


def _with_repo(site: SiteDir, extra: str = "") -> None:
    site.write("mkdocs.yml", (REPO / "mkdocs.yml").read_text(encoding="utf-8") + f"repo_url: {REPOSITORY}\n{extra}")


def _edit_links(out: Path) -> dict[str, list[str]]:
    return {
        page.relative_to(out).as_posix(): EDIT.findall(page.read_text(encoding="utf-8"))
        for page in sorted(out.rglob("*.html"))
        if "admin" not in page.parts
    }


@pytest.mark.slow
def test_pages_with_one_source_link_to_it_and_generated_pages_do_not(tmp_path):
    site = copy_fixture("minimal", tmp_path / "repo")
    _with_repo(site)
    links = _edit_links(build(BuildOptions(site.root, site_dir=tmp_path / "site", pdf=False)).output)
    edit = f"{REPOSITORY}/edit/main/"
    assert links["index.html"] == [edit + "content/programme.yaml"]
    assert links["sessions/01-first-meeting/index.html"] == [edit + "sessions/01-first-meeting.yaml"]
    assert links["handbook/01-safeguarding/index.html"] == [edit + "content/guides/01-safeguarding.md"]
    assert links["faq/index.html"] == [edit + "content/pages/faq.md"]
    # Made from many files (every session, every cohort): no one file to open.
    for generated in ("how-it-works/index.html", "sessions/index.html", "handbook/index.html"):
        assert links[generated] == [], generated
    every = [href for hrefs in links.values() for href in hrefs]
    assert len(every) == 5 and all(href.startswith(edit) for href in every)
    assert all((site.root / href.removeprefix(edit)).is_file() for href in every)


@pytest.mark.slow
def test_without_a_repository_no_page_has_an_edit_link(tmp_path):
    site = copy_fixture("minimal", tmp_path / "repo")
    links = _edit_links(build(BuildOptions(site.root, site_dir=tmp_path / "site", pdf=False)).output)
    assert [page for page, hrefs in links.items() if hrefs] == []


def test_the_edit_address_has_the_branch_and_the_sites_folder_in_its_repository(tmp_path):
    (tmp_path / ".git").mkdir()
    site = copy_fixture("minimal", tmp_path / "sites" / "hill")
    _with_repo(site, "edit_uri: edit/trunk/docs/\n")
    assert cms.edit_base(site.root) == f"{REPOSITORY}/edit/trunk/sites/hill/"
