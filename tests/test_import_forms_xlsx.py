"""import-survey on a download as Microsoft Forms makes it: an .xlsx with ID, Start time,
Completion time, Email, Name, then one column per question's text; nothing renamed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from mentorkit.cli import main

from .conftest import SiteDir

SURVEY = "content/surveys/post.yaml"
FORMS_HEADERS = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "What is your mentee code? (on your card)",
    "Which school do you go to?",
    "I feel confident about my future.",
    "Did you enjoy the programme?",
    "What was the best thing about it?",
]


def forms_xlsx(path: Path, answers: list[tuple[str, str, str, str, str]], day: dt.datetime) -> Path:
    """A workbook the way Forms writes one: date cells, "anonymous", an empty Name."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(FORMS_HEADERS)
    for number, (code, school, confident, enjoyed, best) in enumerate(answers, start=1):
        started = day + dt.timedelta(minutes=7 * number)
        finished = started + dt.timedelta(minutes=4)
        sheet.append([number, started, finished, "anonymous", None, code, school, confident, enjoyed, best])
        sheet.cell(row=number + 1, column=2).number_format = "m/d/yy h:mm:ss"
        sheet.cell(row=number + 1, column=3).number_format = "m/d/yy h:mm:ss"
    book.save(path)
    return path


def _import(site: SiteDir, export: Path, *extra: str) -> int:
    return main(["import-survey", str(export), "--content-root", str(site.root), *extra])


def _next_year_cohort(site: SiteDir) -> None:
    text = site.read("content/cohorts/2024-25/hill-school.yaml")
    for old, new in (("2024-25", "2025-26"), ("2024-", "2025-"), ("2025-0", "2026-0"), ("HS-0", "HS-1")):
        text = text.replace(old, new)
    site.write("content/cohorts/2025-26/hill-school.yaml", text.replace("jo-private", "sam-okafor"))


def test_a_forms_xlsx_imports_with_nothing_renamed_and_next_year_needs_only_the_year(site, tmp_path, capsys):
    site.path("content/surveys/responses/2024-25/post.csv").unlink()
    survey_before = site.read(SURVEY)
    first = forms_xlsx(
        tmp_path / "Looking back(1-3).xlsx",
        [
            ("HS-01", "Hill School (fictional)", "Agree", "Yes", "the stories"),
            ("hs-02", "Hill School (fictional)", "Strongly agree", "No", ""),
            ("HS-03", "Hill School (fictional)", "", "Yes", ""),
        ],
        dt.datetime(2025, 3, 14, 9, 41),
    )
    assert _import(site, first, "--year", "2024-25") == 0
    said = capsys.readouterr().err
    assert site.read("content/surveys/responses/2024-25/post.csv") == (
        "mentee,school,submitted,confident-future,enjoyed,best-thing\n"
        "HS-01,hill-school,2025-03-14,4,yes,the stories\n"
        "HS-02,hill-school,2025-03-14,5,no,\n"
        "HS-03,hill-school,2025-03-14,,yes,\n"
    )
    # The message says how each column was found.
    assert "survey: post (Looking back)" in said
    assert 'mentee: column "What is your mentee code? (on your card)" (its values: 3 of 3 are pseudonyms' in said
    assert 'school: column "Which school do you go to?" (its values are the programme\'s schools)' in said
    assert 'submitted: column "Completion time" (its header)' in said
    assert "saved these columns' headers as the import block of content/surveys/post.yaml" in said
    # The survey file keeps every byte it had, and gains the import block.
    survey_after = site.read(SURVEY)
    assert survey_after.startswith(survey_before)
    assert 'mentee: "What is your mentee code? (on your card)"' in survey_after
    assert site.errors() == []

    _next_year_cohort(site)
    second = forms_xlsx(
        tmp_path / "Looking back(1-2).xlsx",
        [("HS-11", "Hill School (fictional)", "Disagree", "Yes", ""), ("HS-12", "Hill School (fictional)", "", "", "")],
        dt.datetime(2026, 3, 10, 14, 5),
    )
    assert _import(site, second, "--year", "2025-26") == 0
    said = capsys.readouterr().err
    assert site.read("content/surveys/responses/2025-26/post.csv") == (
        "mentee,school,submitted,confident-future,enjoyed,best-thing\n"
        "HS-11,hill-school,2026-03-10,2,yes,\n"
        "HS-12,hill-school,2026-03-10,,,\n"
    )
    assert "(the survey's import block)" in said and "saved" not in said
    assert site.read(SURVEY) == survey_after
    assert site.errors() == []


def test_an_import_never_overwrites_answers_without_replace(site, tmp_path, capsys):
    before = site.read("content/surveys/responses/2024-25/post.csv")
    export = forms_xlsx(
        tmp_path / "Looking back(1-1).xlsx",
        [("HS-01", "Hill School (fictional)", "Agree", "Yes", "")],
        dt.datetime(2025, 3, 14, 9, 41),
    )
    assert _import(site, export, "--year", "2024-25") == 1
    assert "already exists (pass --replace to overwrite it) [file-exists]" in capsys.readouterr().err
    assert site.read("content/surveys/responses/2024-25/post.csv") == before
    assert "import:" not in site.read(SURVEY)


def test_dates_whose_order_cannot_be_told_are_one_problem_for_the_column(site, tmp_path, capsys):
    rows = "".join(f"{n},0{m}/0{m}/2025 10:00,HS-0{m},Agree,Yes,\n" for n, m in enumerate([1, 2, 3] * 4, start=1))
    export = tmp_path / "export.csv"
    export.write_text("ID,Completion time,Mentee,confident-future,enjoyed,best-thing\n" + rows, encoding="utf-8")
    assert _import(site, export, "--year", "2024-25", "--survey", "post", "--replace", "--format", "json") == 1
    problems = [p for p in json.loads(capsys.readouterr().out) if p["code"] == "ambiguous-date"]
    assert len(problems) == 1
    assert (problems[0]["line"], problems[0]["column"]) == (2, 2)
    assert 'the 12 dates in "Completion time" (rows 2-13), such as "01/01/2025 10:00"' in problems[0]["message"]


@pytest.mark.parametrize("content", [b"\x80\x81 not text", b"PK\x03\x04broken zip"])
def test_a_file_that_is_neither_xlsx_nor_text_is_one_clear_problem(site, tmp_path, capsys, content):
    export = tmp_path / "export.xlsx"
    export.write_bytes(content)
    assert _import(site, export, "--year", "2024-25", "--survey", "post", "--replace", "--format", "json") == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert problem["code"] == "unreadable-table"


def test_a_changed_import_block_is_rewritten_in_place_and_nothing_else_moves(tmp_path):
    from mentorkit.commands.survey_columns import write_import_block

    survey = tmp_path / "post.yaml"
    before = (
        "title: Looking back  # the form's title\n"
        "import:\n"
        '  mentee: "Your code"\n'
        "  questions:\n"
        "    - id: enjoyed\n"
        '      header: "Did you enjoy it?"\n'
        "\n"
        "# kept: a comment after the block\n"
        "timing: post\n"
    )
    survey.write_text(before, encoding="utf-8")
    block = {"mentee": "Your mentee code: on your card", "questions": [{"id": "enjoyed", "header": "Enjoyed?"}]}
    assert write_import_block(survey, block) is True
    after = survey.read_text(encoding="utf-8")
    assert after == before.replace('"Your code"', '"Your mentee code: on your card"').replace(
        '"Did you enjoy it?"', '"Enjoyed?"'
    )
    assert write_import_block(survey, block) is False
