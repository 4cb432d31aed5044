"""Problems print as human text, GitHub Actions annotations or JSON."""

from __future__ import annotations

import json

from mentorkit.cli import main

MENTOR = "content/mentors/sam-okafor.yaml"


def test_github_format_prints_error_annotations(site, capsys):
    site.edit(MENTOR, "issued: 2023-06-01", "issued: 2024-13-01")
    line = site.line_of(MENTOR, "issued:")
    assert main(["check", "--content-root", str(site.root), "--format", "github"]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        f'::error file={MENTOR},line={line},col=11,title=invalid-date::dbs.issued: "2024-13-01" is not a date (write '
        "YYYY-MM-DD, e.g. 2024-09-30)"
    ]


def test_json_format_is_machine_readable(site, capsys):
    site.edit(MENTOR, "sector: finance", "sektor: finance")
    assert main(["check", "--content-root", str(site.root), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["file"], d["line"], d["column"], d["field"], d["code"]) for d in data] == [
        (MENTOR, 4, 1, "sektor", "unknown-field")
    ]
    assert data[0]["hint"] == 'did you mean "sector"?'


def test_options_may_follow_the_command(site, capsys):
    assert main(["--content-root", str(site.root), "check"]) == 0
    assert main(["check", "--content-root", str(site.root)]) == 0


def test_a_missing_content_folder_is_a_clear_error_not_a_traceback(tmp_path, capsys):
    assert main(["check", "--content-root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "there is no content/ folder here" in err and "Traceback" not in err
