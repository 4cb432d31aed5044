"""import-survey: a Forms export becomes the contract's response CSV, or every problem
in it is reported at the export's own row, and nothing is written."""

from __future__ import annotations

from mentorkit.cli import main
from mentorkit.commands.import_survey import parse_date

TARGET = "content/surveys/responses/2024-25/post.csv"

MS_FORMS = (
    "ID,Start time,Completion time,Email,Name,Mentee,School,I feel confident about my future.,Did you enjoy the "
    "programme?,What was the best thing about it?\n"
    "1,3/4/25 9:41:02,3/14/25 9:45:10,anonymous,,HS-01,Hill School (fictional),Agree,Yes,the stories\n"
    "2,3/4/25 9:41:05,3/14/25 9:46:00,anonymous,,hs-02,hill-school,Strongly agree,No,\n"
    "3,3/4/25 9:41:09,3/14/25 9:47:31,anonymous,,HS-03,Hill School (fictional),,Yes,\n"
)


def test_a_microsoft_forms_export_becomes_the_response_csv(site, tmp_path):
    site.path(TARGET).unlink()
    export = tmp_path / "export.csv"
    export.write_text("\ufeff" + MS_FORMS, encoding="utf-8")
    assert (
        main(["import-survey", str(export), "--survey", "post", "--year", "2024-25", "--content-root", str(site.root)])
        == 0
    )
    assert site.read(TARGET) == (
        "mentee,school,submitted,confident-future,enjoyed,best-thing\n"
        "HS-01,hill-school,2025-03-14,4,yes,the stories\n"
        "HS-02,hill-school,2025-03-14,5,no,\n"
        "HS-03,hill-school,2025-03-14,,yes,\n"
    )
    assert "anonymous" not in site.read(TARGET)
    assert site.errors() == []


def test_every_bad_row_is_reported_with_the_export_s_row_number_and_nothing_is_written(site, tmp_path, capsys):
    before = site.read(TARGET)
    export = tmp_path / "export.csv"
    export.write_text(
        "Timestamp,Pseudonym,School,confident-future,enjoyed,best-thing\n"
        "2025/03/04 10:41:12 AM GMT,HS-01,hill-school,Agree,Yes,\n"  # row 2: fine
        "2025/03/04 10:42:12 AM GMT,ZZ-99,hill-school,Agree,Yes,\n"  # row 3: nobody of that name
        "2025/03/04 10:43:12 AM GMT,HS-02,hill-school,Very much,Yes,\n"  # row 4: not on the scale
        "2025/03/04 10:44:12 AM GMT,HS-01,hill-school,Disagree,No,\n"  # row 5: HS-01 again
        "2025/03/04 10:45:12 AM GMT,HS-03,other-school,Agree,Maybe,\n",  # row 6: school and answer
        encoding="utf-8",
    )
    code = main(
        [
            "import-survey",
            str(export),
            "--survey",
            "post",
            "--year",
            "2024-25",
            "--content-root",
            str(site.root),
            "--format",
            "json",
            "--replace",
        ]
    )
    assert code == 1
    assert site.read(TARGET) == before
    out = capsys.readouterr().out
    import json

    found = sorted((p["line"], p["code"]) for p in json.loads(out))
    assert found == [
        (3, "unknown-mentee"),
        (4, "invalid-answer"),
        (5, "duplicate-row"),
        (6, "invalid-answer"),
        (6, "unknown-school"),
    ]


def test_an_existing_response_file_is_kept_unless_replace_is_given(site, tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(MS_FORMS, encoding="utf-8")
    args = ["import-survey", str(export), "--survey", "post", "--year", "2024-25", "--content-root", str(site.root)]
    assert main(args) == 1
    assert main([*args, "--replace"]) == 0


def test_an_unknown_column_is_reported_rather_than_dropped(site, tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(MS_FORMS.replace("Did you enjoy the programme?", "Did you like it?"), encoding="utf-8")
    assert (
        main(
            [
                "import-survey",
                str(export),
                "--survey",
                "post",
                "--year",
                "2024-25",
                "--content-root",
                str(site.root),
                "--replace",
            ]
        )
        == 1
    )


def test_dates_in_the_forms_formats():
    assert str(parse_date("2025-03-14T09:45:10Z", None)) == "2025-03-14"
    assert str(parse_date("2025/03/14 9:45:10 am GMT", None)) == "2025-03-14"
    assert str(parse_date("14/03/2025 09:45", "dmy")) == "2025-03-14"
    assert str(parse_date("3/14/25 9:45:10", "mdy")) == "2025-03-14"
    assert parse_date("03/04/2025", None) == "ambiguous"
    assert parse_date("31/02/2025", "dmy") == "no such day"
