"""`serve` re-reads only what an edit changed, and gets the same answer as a fresh check."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentorkit.build.pipeline import check
from mentorkit.build.serve import NOT_IN_FIGURES, Figures
from mentorkit.load.cache import ReadCache
from mentorkit.stats import figures as stats

from .conftest import REPO, copy_fixture

SESSION = "sessions/01-first-meeting.yaml"


def same_check(site, cache: ReadCache) -> tuple:
    """A check through the cache, and a fresh one: they must agree."""
    cached_site, cached = check(site.root, cache=cache)
    fresh_site, fresh = check(site.root)
    assert cached == fresh
    assert cached_site.sessions == fresh_site.sessions and cached_site.responses.keys() == fresh_site.responses.keys()
    return cached_site, cached


def test_after_an_edit_only_the_edited_file_is_read_again(site):
    cache = ReadCache()
    same_check(site, cache)
    files = cache.misses
    site.edit(SESSION, "duration_minutes: 60", "duration_minutes: 60 # an hour")

    checked, _ = same_check(site, cache)

    assert (cache.misses, cache.hits) == (1, files - 1)
    assert checked.sessions_by_number[1].duration_minutes == 60


def test_a_broken_edit_is_reported_and_its_repair_read_again(site):
    cache = ReadCache()
    same_check(site, cache)
    site.edit(SESSION, "duration_minutes: 60", "duration_minutes: an hour")
    assert [p.code for p in same_check(site, cache)[1]] == ["invalid-number"]
    site.edit(SESSION, "duration_minutes: an hour", "duration_minutes: 60")
    assert same_check(site, cache)[1] == []


def test_a_deleted_file_is_forgotten(site):
    cache = ReadCache()
    before, _ = same_check(site, cache)
    (site.root / SESSION).unlink()
    after, _ = same_check(site, cache)
    assert len(after.sessions) == len(before.sessions) - 1
    assert not any(key[1] == SESSION for key in cache.entries)


def test_a_survey_edit_checks_its_unchanged_responses_against_the_new_questions(site):
    cache = ReadCache()
    same_check(site, cache)
    site.edit("content/surveys/pre.yaml", "  - id: confident-future", "  - id: confident-now")
    codes = [(p.file, p.code) for p in same_check(site, cache)[1]]
    assert ("content/surveys/responses/2024-25/pre.csv", "wrong-columns") in codes


def test_figures_are_computed_again_only_when_their_inputs_change(site):
    cache, figures = ReadCache(), Figures()
    first = figures.compute(check(site.root, cache=cache)[0])
    site.edit(SESSION, "duration_minutes: 60", "duration_minutes: 60 # an hour")
    assert figures.compute(check(site.root, cache=cache)[0]) is first
    site.edit(
        "content/surveys/responses/2024-25/post.csv",
        "HS-02,hill-school,2025-03-04,5,",
        "HS-02,hill-school,2025-03-04,1,",
    )
    assert figures.compute(check(site.root, cache=cache)[0]) is not first, "computed again"


@pytest.mark.parametrize("fixture", ["minimal", "small-school"])
def test_figures_do_not_read_what_serve_assumes_they_ignore(tmp_path, fixture):
    site, _ = check(copy_fixture(fixture, tmp_path / "site").root)
    expected = stats.compute(site)
    assert expected["tables"], "the fixture has figures to compare"
    for name in NOT_IN_FIGURES - {"root", "invalid"}:
        empty = type(getattr(site, name))()
        assert getattr(site, name) != empty, f"the fixture has {name}"
        setattr(site, name, empty)
    site.invalid = {("cohort", key) for key in site.cohorts}  # as if every cohort file had a mistake
    assert stats.compute(site) == expected
    assert NOT_IN_FIGURES < {f.name for f in dataclasses.fields(site)}


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


@pytest.mark.slow
def test_serve_stopped_with_sigterm_stops_the_generator_too(site):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "build.py"),
            "serve",
            "--content-root",
            str(site.root),
            "--address",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not _children(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        generator = _children(process.pid)
        assert generator, "serve started the generator"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        time.sleep(0.5)
        assert not any(
            Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()
            for pid in generator
        )
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def test_serves_first_build_starts_from_the_disk_cache_the_last_check_kept(site, tmp_path, capsys):
    import argparse

    from mentorkit.build.serve import caches, refresh
    from mentorkit.cli import main

    kept = tmp_path / "cache"
    assert main(["check", "--content-root", str(site.root), "--cache-dir", str(kept)]) == 0
    site.edit(SESSION, "duration_minutes: 60", "duration_minutes: 60 # an hour")
    disk, cache, figures, memo = caches(site.root, argparse.Namespace(cache=True, cache_dir=kept))
    capsys.readouterr()

    assert refresh(site.root, tmp_path / "work", cache, figures, kept=memo, disk=disk) is not None

    assert f"; 1 of {cache.hits + 1} files read again" in capsys.readouterr().err
    assert (tmp_path / "work" / "docs" / "index.md").is_file()
    no_cache = caches(site.root, argparse.Namespace(cache=False, cache_dir=kept))
    assert no_cache[0] is None and no_cache[1].entries == {}
