"""Messages for what hurried staff paste: Word's curly quotes, and misspelt ids."""

from __future__ import annotations

import pytest

from mentorkit.build.pipeline import check

COHORT = "content/cohorts/2024-25/hill-school.yaml"


def _problem(site, code):
    found = [p for p in check(site.root)[1] if p.code == code]
    assert len(found) == 1, [p.human() for p in check(site.root)[1]]
    return found[0]


@pytest.mark.parametrize(
    "rel, old, new",
    [
        (
            "content/testimonials/hill-teacher.yaml",
            "quote: Students talked about it for weeks.",
            "quote: \u201cOur pupils said: this changed how they see work\u201d",
        ),
        (
            "content/guides/01-safeguarding.md",
            "title: ",
            "summary: \u2018Read first: what to do if a pupil tells you something\u2019\ntitle: ",
        ),
    ],
)
def test_curly_quotes_around_a_value_with_a_colon_are_named_as_the_cause(site, rel, old, new):
    site.edit(rel, old, new)
    problem = _problem(site, "yaml-curly-quotes")
    line = site.line_of(rel, new.split("\n")[0])
    assert (problem.file, problem.line, problem.column) == (rel, line, new.index(new.split(": ", 1)[1][0]) + 1)
    assert "curly quote" in problem.message and "Word" in problem.message
    assert problem.hint.startswith('use straight quotes: type " in place of \u201c and \u201d')


def test_a_colon_without_curly_quotes_keeps_the_plain_advice(site):
    site.edit("content/testimonials/hill-teacher.yaml", "quote: Students", "quote: Pupils said: Students")
    problem = _problem(site, "yaml-syntax")
    assert "put text containing ': ' in quotes" in problem.hint


@pytest.mark.parametrize(
    "rel, old, new, code, suggestion",
    [
        (COHORT, "mentor: jo-private", "mentor: jo-privat", "unknown-mentor", "jo-private"),
        (
            "content/mentors/sam-okafor.yaml",
            "max_mentees: 10",
            "max_mentees: 10\nschools: [hil-school]",
            "unknown-school",
            "hill-school",
        ),
        ("sessions/02-goals.yaml", "survey: post", "survey: psot", "unknown-survey", "post"),
    ],
)
def test_a_misspelt_id_gets_did_you_mean(site, rel, old, new, code, suggestion):
    site.edit(rel, old, new)
    problem = _problem(site, code)
    assert problem.file == rel
    assert problem.hint.startswith(f'did you mean "{suggestion}"? If not, ')


def test_an_id_like_no_other_gets_no_guess(site):
    site.edit(COHORT, "mentor: jo-private", "mentor: zebedee")
    assert "did you mean" not in _problem(site, "unknown-mentor").hint
