"""``check`` reports a private value where it was typed into staff-written Markdown."""

from __future__ import annotations

import pytest

from mentorkit.cli import main

CHAPTER = "content/guides/01-safeguarding.md"


def test_a_pseudonym_typed_into_a_chapter_fails_check_at_its_line_and_column(site, capsys):
    site.edit(CHAPTER, "Meet in school.", "Meet in school. Sit HS-02 by the door.")
    assert main(["check", "--content-root", str(site.root)]) == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "[privacy-leak]" in line)
    assert line == (
        f'{CHAPTER}:10:21: body: mentee pseudonym "HS-02" (content/cohorts/2024-25/hill-school.yaml:10, '
        "mentees[1].id) is typed here, and the site would publish it "
        "(remove it; pupils are never named on the site) [privacy-leak]"
    )
    assert "consent" not in line


def test_check_format_github_annotates_the_chapter_line(site, capsys):
    site.edit(CHAPTER, "Meet in school.", "Meet in school. Sit HS-02 by the door.")
    assert main(["check", "--content-root", str(site.root), "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split("::")[1] for line in out] == [f"error file={CHAPTER},line=10,col=21,title=privacy-leak"]


def test_an_unconsented_name_in_a_yaml_markdown_field_asks_for_consent_or_removal(site):
    site.edit("sessions/01-first-meeting.yaml", "Tell your story", "Tell your story, as JO  PRIVATE does,")
    site.edit("sessions/01-first-meeting.yaml", "never alone", "never alone (ask\n  HS-03)")
    problems = [p for p in site.problems() if p.code == "privacy-leak"]
    assert [(p.file, p.line, p.column, p.field) for p in problems] == [
        ("sessions/01-first-meeting.yaml", 15, 34, "agenda[1].details"),
        ("sessions/01-first-meeting.yaml", 23, 3, "safeguarding"),
    ]
    assert problems[0].hint == (
        "remove it, or record the mentor's consent: set consent.publish_name to true in content/mentors/jo-private.yaml"
    )
    assert problems[1].hint == "remove it; pupils are never named on the site"


def test_a_peer_mentors_name_is_never_a_matter_of_consent(site):
    site.write(
        "content/mentors/ada-peer.yaml",
        "name: Ada Lovelock\nkind: peer\nschool: hill-school\nyear_group: 12\nsubject: Maths\n"
        "sector: education\nrole: Sixth Form peer mentor\n",
    )
    site.edit(CHAPTER, "Meet in school.", "Meet in school with Ada Lovelock.")
    hints = [p.hint for p in site.problems() if p.code == "privacy-leak"]
    assert hints == ["remove it; peer mentors are students and are never named on the site"]


def test_a_value_in_its_own_file_and_consented_names_are_not_reported(site):
    # jo-private.yaml's bio holds Jo's own words; Sam Okafor has consented to be named.
    site.edit(CHAPTER, "Meet in school.", "Meet in school, as Sam Okafor says.")
    assert [p for p in site.problems() if p.code == "privacy-leak"] == []


@pytest.mark.slow
def test_the_build_still_refuses_and_names_both_where_it_was_typed_and_where_it_would_appear(site, capsys):
    site.edit(CHAPTER, "Meet in school.", "Meet in school. Sit HS-02 by the door.")
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert f"{CHAPTER}:10:21: body: mentee pseudonym" in err
    assert "appears in the public output handbook/01-safeguarding.md" in err
    assert "private data would be published; nothing was built (2 errors)" in err
    assert not (site.root / "site").exists()
