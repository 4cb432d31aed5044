"""Hostile sizes get a positioned problem at check, in bounded time (class 7 of the hardening issue).

The Markdown floods (40,000 brackets, an 800-level list) are in test_script_on_site.py,
beside the Markdown check that refuses them.
"""

from __future__ import annotations

import pytest

from mentorkit.problems import MentorkitError

RESPONSES = "content/surveys/responses/2024-25/post.csv"


def _break_row_two(site, how) -> None:
    lines = site.read(RESPONSES).splitlines()
    lines[1] = how(lines[1])
    rest = ["HS-03,hill-school,2025-03-04,3,no,Secret about KW24-099 and more"] * 3
    site.write(RESPONSES, "\n".join(lines + rest) + "\n")


@pytest.mark.parametrize(
    "how, column",
    [
        (lambda line: line.replace(",", ',"', 1), 7),  # hill-school opens a quote never closed
        (lambda line: '"' + line, 1),
        (lambda line: line + ',"unfinished', None),
    ],
    ids=["second cell", "first cell", "an extra cell"],
)
def test_an_unclosed_quote_in_a_table_is_one_problem_that_echoes_nothing(site, how, column):
    _break_row_two(site, how)
    problems = [p for p in site.problems() if p.file == RESPONSES]
    assert [(p.line, p.code) for p in problems] == [(2, "unclosed-quote")]
    if column:
        assert problems[0].column == column
    text = problems[0].human()
    assert "KW24-099" not in text and "HS-03" not in text and "Hearing" not in text


def test_a_quote_inside_a_cell_and_a_doubled_quote_are_not_unclosed(site):
    lines = site.read(RESPONSES).splitlines()
    lines[1] = lines[1].replace("Hearing how", 'Hearing "how""', 1)
    lines.append('HS-03,hill-school,2025-03-04,3,no,"She said ""yes"", twice"')
    site.write(RESPONSES, "\n".join(lines) + "\n")
    assert [p.code for p in site.problems() if p.code == "unclosed-quote"] == []


def test_a_long_bad_cell_is_shortened_in_its_message(site):
    _break_row_two(site, lambda line: line.replace("hill-school", "Hill School " + "x" * 500, 1))
    problems = [p for p in site.problems() if p.file == RESPONSES and p.line == 2]
    assert problems and all(len(p.message) < 200 for p in problems)


@pytest.mark.slow
def test_a_generator_crash_is_one_message_naming_the_page_without_a_traceback(site, tmp_path):
    from mentorkit.build.generators import GENERATORS
    from mentorkit.build.pipeline import check, render_docs, stage
    from mentorkit.stats import figures as stats

    loaded, _ = check(site.root)
    docs, navigation, _ = render_docs(loaded, stats.compute(loaded))
    # What check refuses, staged behind its back: Python-Markdown's recursion gives up
    # (at 300 levels as at 800, in a tenth of the time).
    docs["guides/deep.md"] = "# Deep\n\n" + "".join("    " * i + "- HS-02\n" for i in range(300))
    config = stage(loaded, docs, navigation, tmp_path, tmp_path / "site")
    with pytest.raises(MentorkitError) as caught:
        GENERATORS["mkdocs"].build(config)
    error = caught.value
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert (problem.file, problem.code) == ("guides/deep.md", "site-build-failed")
    shown = str(error) + "\n" + problem.human()
    assert "Traceback" not in shown and "HS-02" not in shown and len(shown.splitlines()) == 2


@pytest.mark.parametrize(
    "rel, old",
    [
        ("content/mentors/jo-private.yaml", "max_mentees: 10"),
        ("sessions/01-first-meeting.yaml", "duration_minutes: 60"),
        ("content/cohorts/2024-25/hill-school.yaml", "year_group: 8"),
        ("content/guides/01-safeguarding.md", "order: 1"),  # front matter of a Markdown file
    ],
)
def test_a_5000_digit_number_is_a_positioned_problem_not_an_internal_error(site, rel, old):
    key = old.split(":")[0]
    site.edit(rel, old, f"{key}: {'9' * 5000}")
    line = site.line_of(rel, f"{key}: 999")
    problems = [p for p in site.problems() if p.code == "number-too-long"]
    assert [(p.file, p.line, p.column) for p in problems] == [(rel, line, len(key) + 3)]
    assert "5,000 digits" in problems[0].message
