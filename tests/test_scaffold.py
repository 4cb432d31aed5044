"""``build.py new``: a new file of any kind is valid, documented, and never overwrites."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from pydantic import Field, create_model

from mentorkit import model as models
from mentorkit.cli import main
from mentorkit.commands.new import academic_year, new, render
from mentorkit.load.yaml_file import load_yaml_file
from mentorkit.model.kinds import KIND_BY_NAME, KINDS

#: What each kind is given on the command line, in the minimal fixture.
ARGS = {
    "programme": ["pier-mentoring"],
    "school": ["pier-hill"],
    "mentor": ["priya-shah"],
    "cohort": ["2025-26", "hill-school"],
    "session": ["goal-setting"],
    "guide": ["for-staff"],
    "survey": ["mentee-mid"],
    "testimonial": ["pier-hill-parent"],
    "indicator": ["apprenticeships"],
    "report": ["2025-26"],
    "page": ["about-us"],
}


def test_every_kind_can_be_scaffolded():
    assert sorted(ARGS) == sorted(k.name for k in KINDS)


@pytest.mark.parametrize("kind", [k.name for k in KINDS if k.name != "programme"])
def test_a_new_file_passes_check(site, kind):
    files, notes = new(site.root, kind, ARGS[kind])
    assert files and all(path.is_file() for path in files)
    if kind == "session":
        # Session 3 of a two-session programme: the note says what else to change.
        assert "sessions_per_cohort must be at least 3" in " ".join(notes)
        site.edit("content/programme.yaml", "sessions_per_cohort: 2", "sessions_per_cohort: 3")
    assert site.errors() == []


def test_a_new_programme_is_valid_in_an_empty_folder(tmp_path):
    [path], _ = new(tmp_path, "programme", ["pier-mentoring"])
    assert path == tmp_path / "content" / "programme.yaml"
    source, problems = load_yaml_file(path, "content/programme.yaml")
    assert problems == []
    assert models.Programme.model_validate(source.data).id == "pier-mentoring"


def test_files_are_named_and_numbered_as_the_build_expects(site):
    assert new(site.root, "session", ["goal-setting"])[0] == [site.path("sessions/03-goal-setting.yaml")]
    assert new(site.root, "cohort", ["2025-26", "hill-school"])[0] == [
        site.path("content/cohorts/2025-26/hill-school.yaml")
    ]
    assert new(site.root, "guide", ["for-staff"])[0] == [site.path("content/guides/02-for-staff.md")]
    assert new(site.root, "indicator", ["gcse"])[0] == [
        site.path("content/indicators/gcse.yaml"),
        site.path("content/indicators/gcse.csv"),
    ]
    assert new(site.root, "testimonial", [])[0] == [site.path("content/testimonials/new-testimonial.yaml")]


def test_a_new_cohort_names_the_programme_and_falls_inside_its_year(site):
    new(site.root, "cohort", ["2025-26", "hill-school"])
    text = site.read("content/cohorts/2025-26/hill-school.yaml")
    assert "programme: tiny\n" in text and "academic_year: 2025-26\n" in text
    assert "start: 2025-10-01\n" in text and "end: 2026-04-30\n" in text


def test_every_field_is_documented_in_a_new_file(site):
    for kind in KINDS:
        text = render(kind, {})
        for name, info in kind.model.model_fields.items():
            if kind.front_matter and name == "body":
                continue
            assert re.search(rf"^(# )?{name}:", text, re.M), f"{kind.name}.{name}"
            assert info.description.split()[0] in text


def test_a_field_added_to_a_model_appears_in_new_files():
    grown = create_model(
        "Testimonial", __base__=models.Testimonial, mood=(str, Field("warm", description="How the quote reads."))
    )
    kind = dataclasses.replace(KIND_BY_NAME["testimonial"], model=grown)
    assert "# How the quote reads.\n# mood: warm\n" in render(kind, {})


def test_an_existing_file_is_never_overwritten(site, capsys):
    before = site.read("content/cohorts/2024-25/hill-school.yaml")
    code = main(["new", "cohort", "2024-25", "hill-school", "--content-root", str(site.root)])
    assert code == 1
    assert site.read("content/cohorts/2024-25/hill-school.yaml") == before
    assert "already exists" in capsys.readouterr().err


def test_the_command_line_writes_the_file_and_says_where(site, capsys):
    assert main(["new", "mentor", "priya-shah", "--content-root", str(site.root)]) == 0
    assert "content/mentors/priya-shah.yaml" in capsys.readouterr().err
    assert "name: Priya Shah\n" in site.read("content/mentors/priya-shah.yaml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "volunteer"], 'there is no kind "volunteer"'),
        (["new", "cohort", "2025-26"], "new cohort takes <academic year> <school id>"),
        (["new", "mentor", "Priya Shah"], '"Priya Shah" is not a valid id'),
        (["new", "report", "2025"], '"2025" is not a valid academic year'),
    ],
)
def test_wrong_arguments_are_explained(site, capsys, args, message):
    assert main([*args, "--content-root", str(site.root)]) == 1
    assert message in capsys.readouterr().err


def test_a_new_testimonial_is_not_published_until_consent_is_given(site):
    new(site.root, "testimonial", ["pier-hill-parent"])
    assert "consent: false\n" in site.read("content/testimonials/pier-hill-parent.yaml")


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2025, 8, 31), "2024-25"), (dt.date(2025, 9, 1), "2025-26"), (dt.date(2100, 1, 5), "2099-00")],
)
def test_academic_years_turn_on_the_first_of_september(day, year):
    assert academic_year(day) == year


@pytest.mark.parametrize(
    ("survey", "respondent", "timing"),
    [("mentee-mid", "mentee", "pre"), ("mentee-post", "mentee", "post"), ("teacher-post", "teacher", "post")],
)
def test_a_new_survey_starts_from_who_answers_and_when_its_id_says(site, survey, respondent, timing):
    new(site.root, "survey", [survey])
    text = site.read(f"content/surveys/{survey}.yaml")
    assert f"respondent: {respondent}\n" in text and f"timing: {timing}\n" in text
