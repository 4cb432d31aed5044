"""A delivered session with no attended list is "not recorded" everywhere, never 0%;
and status lists every active mentor whose checks will not cover the year's cohorts."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from html import unescape

import pytest

from mentorkit.build.pipeline import BuildOptions, build, check
from mentorkit.cli import main
from mentorkit.commands.staff_files import write as write_private
from mentorkit.commands.status import readiness
from mentorkit.load.content import checked

from .conftest import REPO, SiteDir

COHORT = "content/cohorts/2024-25/hill-school.yaml"


def _unrecord(site: SiteDir, both: bool = True) -> None:
    site.edit(COHORT, "    format: one-to-one\n    attended: [HS-01, HS-03]\n", "    format: one-to-one\n")
    if both:
        site.edit(COHORT, "    format: group\n    attended: [HS-01, HS-02, HS-03]\n", "    format: group\n")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_delivered_session_without_attendance_is_a_warning_at_its_line(site):
    _unrecord(site, both=False)
    line = site.line_of(COHORT, "session: 2")
    assert site.warnings() == [(COHORT, line, "attendance-not-recorded")]
    assert site.errors() == []
    # attended: [] is a record (nobody came), not a missing one.
    site.edit(COHORT, "    format: one-to-one\n", "    format: one-to-one\n    attended: []\n")
    assert site.warnings() == []


def test_check_annotates_the_delivery_on_the_pull_request(site):
    _unrecord(site, both=False)
    result = subprocess.run(
        [sys.executable, "build.py", "check", "--format", "github", "--content-root", str(site.root)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    line = site.line_of(COHORT, "session: 2")
    assert f"::warning file={COHORT},line={line},col=5,title=attendance-not-recorded::" in result.stdout


@pytest.mark.slow
def test_the_site_csvs_and_report_say_not_recorded_never_zero(site, tmp_path):
    _unrecord(site)
    out = build(BuildOptions(site.root, site_dir=tmp_path / "out", pdf=False)).output
    [row] = list(csv.DictReader(io.StringIO((out / "data" / "participation.csv").read_text(encoding="utf-8"))))
    assert row["attendance_record"] == "not recorded" and row["attendance"] in ("", "x", "c")
    report = _text((out / "impact" / "2024-25" / "index.html").read_text(encoding="utf-8"))
    assert "Attendance at group sessions: not recorded" in report
    schools = _text((out / "for-schools" / "index.html").read_text(encoding="utf-8"))
    assert "Had an employer encounter Encounters per pupil reached All schools [c] not recorded not recorded" in schools
    for page in (report, schools):
        assert not re.search(r"\b0%|\(0 of", page)


def test_a_partly_recorded_year_gives_the_rate_over_the_recorded_sessions_and_says_so(site):
    _unrecord(site, both=False)
    from mentorkit.stats.measures import participation

    loaded, _ = check(site.root)
    result = participation(loaded.cohorts.values())
    # Session 2 was one-to-one with no mentor named: a whole-cohort session, so it had places.
    assert (result.attended, result.places, result.unrecorded) == (3, 3, 1)
    assert result.attendance_record == "1 session not recorded"


def test_the_private_evidence_says_which_deliveries_lack_a_record(site, tmp_path):
    _unrecord(site)
    loaded, _ = check(site.root)
    written = write_private(checked(loaded), tmp_path / "private")
    note = tmp_path / "private" / "encounters" / "2024-25" / "hill-school-not-recorded.txt"
    assert note in written
    text = note.read_text(encoding="utf-8")
    assert "attendance not recorded for 2 of 2 sessions with an employer" in text
    assert "- 2024-10-08: session 1" in text and "- 2025-03-04: session 2" in text
    assert not (tmp_path / "private" / "encounters" / "2024-25" / "hill-school.csv").exists()


def test_status_says_not_recorded_rather_than_a_rate(site, capsys):
    _unrecord(site)
    assert main(["status", "--content-root", str(site.root)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"hill-school\s*│\s*3\s*│\s*–\s*│\s*not recorded", out)
    assert "0%" not in out


def test_status_lists_an_unmatched_active_mentor_whose_dbs_will_not_cover_the_cohort(site, capsys):
    old = site.read("content/mentors/sam-okafor.yaml").replace("issued: 2023-06-01", "issued: 2021-03-01")
    site.write("content/mentors/ola-early.yaml", old.replace("Sam Okafor", "Ola Early"))
    loaded, _ = check(site.root)
    rows = readiness(checked(loaded)).mentor_checks
    assert [(m, code) for m, code, _ in rows] == [
        (
            "ola-early",
            "ola-early's DBS check was issued 2021-03-01, more than 3 years before the cohort starts (2024-10-01) "
            "(not matched yet: hill-school's cohort)",
        )
    ]
    assert main(["status", "--content-root", str(site.root)]) == 0
    assert "ola-early" in capsys.readouterr().out


def test_status_says_plainly_when_a_year_has_no_cohorts(site, capsys):
    assert main(["status", "--content-root", str(site.root), "--year", "2025-26"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "no cohorts in 2025-26, so mentors' checks, matching, sessions and attendance cannot be checked" in out
    assert "years with cohorts: 2024-25" in out
    assert "✓" not in out
