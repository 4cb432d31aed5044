"""`build.py serve`: a live preview that follows edits."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from mentorkit.cli import main

from .conftest import REPO

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def _wait_for(predicate, seconds: float = 40) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_after_an_edit_and_keeps_the_last_good_page_on_errors(site):
    port = _free_port()
    url = f"http://127.0.0.1:{port}/faq/"
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
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert _wait_for(lambda: "Do I need to be an expert?" in _get(url)), "the preview starts"
        site.edit("content/pages/faq.md", "Do I need to be an expert?", "Do I need a degree?")
        assert _wait_for(lambda: "Do I need a degree?" in _get(url)), "the edit shows up"
        site.edit("content/pages/faq.md", "nav_order: 70", "nav_order: seventy")
        time.sleep(2)
        assert "Do I need a degree?" in _get(url), "a broken edit keeps the last good page"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_an_uninstalled_generator_is_a_clear_error(site, capsys, monkeypatch, tmp_path):
    # Zensical is a test dependency now: a PATH without it is a machine without it.
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["build", "--content-root", str(site.root), "--no-pdf", "--generator", "zensical"]) == 1
    assert "zensical is not installed" in capsys.readouterr().err


def test_serve_never_shows_a_pseudonym_typed_into_a_chapter_and_says_why(site, tmp_path):
    port = _free_port()
    chapter = f"http://127.0.0.1:{port}/handbook/01-safeguarding/"
    said = tmp_path / "serve.log"
    with said.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--content-root", str(site.root)]
            + ["--address", f"127.0.0.1:{port}", "--no-pdf"],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            assert _wait_for(lambda: "Report any disclosure" in _get(chapter)), "the preview starts"
            site.edit("content/guides/01-safeguarding.md", "Meet in school.", "Meet in school. Sit HS-02 by the door.")
            assert _wait_for(lambda: "Not shown: private data" in _get(chapter)), "the browser says why"
            page = _get(chapter)
            assert "HS-02" not in page
            assert "Report any disclosure" not in page, "no page from the leaking render is staged"
            terminal = said.read_text()
            assert 'content/guides/01-safeguarding.md:10:21: body: mentee pseudonym "HS-02"' in terminal
            assert "private data would be published: the preview shows why instead (2 errors)" in terminal
            site.edit("content/guides/01-safeguarding.md", " Sit HS-02 by the door.", "")
            assert _wait_for(lambda: "Report any disclosure" in _get(chapter)), "undoing the edit brings the page back"
        finally:
            process.terminate()
            process.wait(timeout=20)
    print(said.read_text())
