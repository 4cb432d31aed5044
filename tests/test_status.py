"""`build.py status`: what staff must act on, never a mentee's pseudonym."""

from __future__ import annotations

from mentorkit.build.pipeline import check
from mentorkit.cli import main
from mentorkit.commands.status import readiness

COHORT = "content/cohorts/2024-25/hill-school.yaml"
SAM = "content/mentors/sam-okafor.yaml"


def test_status_lists_each_thing_staff_must_act_on(site):
    site.edit(SAM, "safeguarding_training: 2024-06-01\n", "")  # a missing check
    site.edit(SAM, "max_mentees: 10", "max_mentees: 1")  # over the limit
    site.edit(COHORT, "  - id: HS-03\n    mentor: jo-private\n", "  - id: HS-03\n")  # unmatched
    site.edit(COHORT, "attended: [HS-01, HS-03]", "attended: [HS-01]")
    site.edit(COHORT, "    format: one-to-one\n", "    format: one-to-one\n    status: planned\n")
    site.edit(COHORT, "    attended: [HS-01]\n", "")
    loaded, _ = check(site.root)

    report = readiness(loaded)

    assert report.year == "2024-25"
    assert [(m, c.split(" ")[0]) for m, c, _ in report.mentor_checks] == [("sam-okafor", "sam-okafor")]
    assert report.unmatched == [("hill-school", 1)]
    assert report.over_capacity == [("sam-okafor", 2, 1)]
    assert report.undelivered == [("hill-school", 2, "planned", "2025-03-04")]
    assert report.attendance == [("hill-school", 3, 3, 3)]


def test_status_prints_counts_not_pseudonyms(site, capsys):
    assert main(["status", "--content-root", str(site.root)]) == 0
    out = capsys.readouterr().out
    assert "Attendance by school" in out and "hill-school" in out
    assert "HS-0" not in out
