"""A build never replaces what it reads, and cleans up after a killed build (class 6 of the hardening issue)."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from mentorkit.build.output_dir import OWNER, PREFIX, output_problems, remove_stale, work_folder
from mentorkit.cli import main

from .test_build import tree_hash


@pytest.mark.parametrize(
    "where",
    ["content", "content/pages", "sessions", "site_overrides", "private", "private/site", ".", "..", "content/.."],
)
def test_an_output_folder_overlapping_what_the_build_reads_is_refused(site, where):
    (site.root / "site_overrides").mkdir(exist_ok=True)
    problems = output_problems(site.root / where, site.root)
    assert problems and {p.code for p in problems} == {"unsafe-site-dir"}


def test_building_into_the_content_folder_is_refused_and_leaves_it_as_it_was(site, capsys):
    before = tree_hash(site.root / "content")
    assert main(["build", "--content-root", str(site.root), "--site-dir", str(site.root / "content"), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "[unsafe-site-dir]" in err and "is content/, what the build reads" in err
    assert tree_hash(site.root / "content") == before
    assert not list(site.root.glob(PREFIX + "*"))


def test_a_repository_or_a_folder_of_other_files_is_refused(site, tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert [p.code for p in output_problems(repo, site.root)] == ["unsafe-site-dir"]
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "letter.docx").write_text("x")
    assert "not a built site" in output_problems(documents, site.root)[0].message


def test_a_new_folder_an_empty_one_and_an_earlier_build_are_accepted(site, tmp_path):
    assert output_problems(site.root / "site", site.root) == []
    assert output_problems(tmp_path / "new" / "site", site.root) == []
    (tmp_path / "empty").mkdir()
    assert output_problems(tmp_path / "empty", site.root) == []
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.html").write_text("<p>last build</p>")
    assert output_problems(tmp_path / "old", site.root) == []


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_scratch_folders_of_killed_builds_are_removed_and_running_ones_kept(site, tmp_path):
    dead, running, fresh, old = (tmp_path / f"{PREFIX}{n}" for n in ("dead", "running", "fresh", "old"))
    for folder in (dead, running, fresh, old):
        (folder / "site").mkdir(parents=True)
    (dead / OWNER).write_text(str(_dead_pid()))
    (running / OWNER).write_text(str(os.getpid()))
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))

    assert sorted(remove_stale(tmp_path)) == sorted([dead, old])
    assert running.is_dir() and fresh.is_dir()


def test_the_next_build_removes_what_a_killed_one_left(site):
    leftover = site.root / f"{PREFIX}killed"
    (leftover / "docs").mkdir(parents=True)
    (leftover / OWNER).write_text(str(_dead_pid()))
    work = work_folder(site.root / "site", site.root)
    assert not leftover.exists()
    assert work.is_dir() and (work / OWNER).read_text() == str(os.getpid())
