"""The command line from a folder that is not a site: options before or after the command mean the same."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mentorkit.cli import main

from .conftest import REPO, copy_fixture


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A working folder with no content/ in it, and a site beside it."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    return outside


@pytest.fixture
def broken(tmp_path):
    """A site whose one error shows which folder was checked."""
    site = copy_fixture("minimal", tmp_path / "my-site")
    site.edit("content/pages/faq.md", "nav_order: 70", "nav_order: seventy")
    return site


@pytest.mark.parametrize(
    "argv",
    [["--content-root", "{root}", "check"], ["check", "--content-root", "{root}"]],
    ids=["before", "after"],
)
def test_content_root_checks_that_folder_wherever_it_is_written(elsewhere, broken, capsys, argv):
    code = main([a.format(root=broken.root) for a in argv])
    err = capsys.readouterr().err
    assert code == 1
    assert "content/pages/faq.md:" in err
    assert "no-content" not in err


def test_content_root_before_new_writes_into_that_site(elsewhere, broken, capsys):
    assert main(["--content-root", str(broken.root), "new", "mentor", "jo"]) == 0
    assert (broken.root / "content/mentors/jo.yaml").is_file()
    assert not (elsewhere / "content").exists()
    assert f"wrote {broken.root / 'content/mentors/jo.yaml'}" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv", [["--format", "json", "check"], ["check", "--format", "json"]], ids=["before", "after"]
)
def test_format_json_prints_json_wherever_it_is_written(elsewhere, broken, capsys, argv):
    assert main([*argv, "--content-root", str(broken.root)]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in printed] == [
        ("content/pages/faq.md", 3, 12, "invalid-number")
    ]


def test_an_option_after_the_command_wins_over_the_same_before_it(elsewhere, broken, tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--content-root", str(empty), "check", "--content-root", str(broken.root)]) == 1
    assert "content/pages/faq.md:" in capsys.readouterr().err


@pytest.mark.slow
def test_build_py_without_a_command_takes_builds_options(tmp_path):
    site = copy_fixture("minimal", tmp_path / "my-site")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--no-pdf", "--content-root", str(site.root), "--site-dir", "out"],
        cwd=outside,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (outside / "out" / "index.html").is_file()
    assert not list((outside / "out").rglob("*.pdf")), "--no-pdf is honoured"
    assert not (site.root / "site").exists()
    print(done.stderr)
