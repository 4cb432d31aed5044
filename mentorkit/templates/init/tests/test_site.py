"""This site's own tests: `python -m pytest` here, and the Check workflow on every pull request.

mentorkit checks the content on every change. Add a test here for anything about
this programme that should never change unnoticed, as the second one does for the
session plans.
"""

import json
import subprocess
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parents[1]


def mentorkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "build.py", *args], cwd=SITE, capture_output=True, text=True)


def test_the_content_has_no_problems_not_even_warnings():
    result = mentorkit("--format", "json", "check")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [], result.stdout


def test_every_session_plan_gets_a_page(tmp_path):
    result = mentorkit("build", "--no-pdf", "--no-cache", "--site-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for plan in sorted((SITE / "sessions").glob("*.yaml")):
        assert (tmp_path / "sessions" / plan.stem / "index.html").is_file(), plan.name
