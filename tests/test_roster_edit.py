"""`match --write`: only the filled fields change; every comment and line break stays as it was."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from mentorkit.build.pipeline import check
from mentorkit.cli import main
from mentorkit.commands.roster_edit import fill_mentees, scalar

from .conftest import REPO

KESTREL = "content/cohorts/2024-25/kestrel-way-school.yaml"


def test_write_on_the_bundled_content_fills_every_mentor_and_changes_nothing_else(tmp_path, capsys):
    # The "done when": one cohort of the 60 Minute Mentor example without its mentors.
    for folder in ("content", "sessions"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    cohort = tmp_path / KESTREL
    stripped = re.sub(r", mentor: [a-z-]+", "", cohort.read_text(encoding="utf-8"))
    cohort.write_text(stripped, encoding="utf-8")

    assert main(["match", str(cohort), "--content-root", str(tmp_path), "--write"]) == 0

    written = cohort.read_text(encoding="utf-8")
    assert re.sub(r", mentor: [a-z-]+", "", written) == stripped  # byte for byte, outside the new fields
    assert written.count(", mentor: ") == 26
    assert [line for line in written.splitlines() if "#" in line] == [
        line for line in stripped.splitlines() if "#" in line
    ]
    site, problems = check(tmp_path)
    assert [p for p in problems if p.severity == "error"] == []
    assert all(m.mentor for m in site.cohorts["2024-25/kestrel-way-school"].mentees)
    assert "Fit " in capsys.readouterr().out


BLOCK = (
    "# Roster (block style, Windows line ends)\r\n"
    "mentees:\r\n"
    "  - id: HS-01   # joined late\r\n"
    "    group: A\r\n"
    "  - id: HS-02\r\n"
    "    mentor:      # to be matched\r\n"
    "  - id: HS-03\r\n"
    "    mentor: ~\r\n"
    "  - {id: 'HS-04', group: B}  # flow style\r\n"
    "  - {id: HS-05, mentor: null, group: B}\r\n"
    "  - id: HS-06\r\n"
    "    mentor: already-set\r\n"
    "deliveries: []  # none yet"
)


def test_fill_mentees_keeps_every_other_byte_in_block_flow_and_crlf_files():
    values = {f"HS-0{n}": {"mentor": "sam-okafor"} for n in range(1, 7)}
    values["HS-02"]["group"] = "C"

    out = fill_mentees(BLOCK, values)

    assert out == (
        "# Roster (block style, Windows line ends)\r\n"
        "mentees:\r\n"
        "  - id: HS-01   # joined late\r\n"
        "    mentor: sam-okafor\r\n"
        "    group: A\r\n"
        "  - id: HS-02\r\n"
        "    group: C\r\n"  # a new key goes right after the id
        "    mentor: sam-okafor      # to be matched\r\n"
        "  - id: HS-03\r\n"
        "    mentor: sam-okafor\r\n"
        "  - {id: 'HS-04', mentor: sam-okafor, group: B}  # flow style\r\n"
        "  - {id: HS-05, mentor: sam-okafor, group: B}\r\n"
        "  - id: HS-06\r\n"
        "    mentor: already-set\r\n"  # never overwritten
        "deliveries: []  # none yet"
    )


def test_fill_mentees_at_the_end_of_a_file_without_a_final_newline():
    assert (
        fill_mentees("mentees:\n  - id: HS-01", {"HS-01": {"mentor": "jo"}})
        == "mentees:\n  - id: HS-01\n    mentor: jo"
    )


@pytest.mark.parametrize("value", ["yes", "no", "on", "null", "2024", "A", "x: y", "it's"])
def test_written_values_read_back_as_the_same_string(value):
    out = fill_mentees("mentees:\n  - {id: HS-01}\n", {"HS-01": {"group": value}})
    assert yaml.safe_load(out)["mentees"][0]["group"] == value
    assert scalar("sam-okafor") == "sam-okafor"
