"""Each malformed-YAML case: exit 1 and exactly one message naming the file and line."""

from __future__ import annotations

import pytest

from mentorkit.cli import main

MENTOR = "content/mentors/sam-okafor.yaml"
COHORT = "content/cohorts/2024-25/hill-school.yaml"
SESSION = "sessions/01-first-meeting.yaml"


def run_check(site, capsys) -> tuple[int, list[str]]:
    code = main(["check", "--content-root", str(site.root)])
    err = capsys.readouterr().err
    messages = [line for line in err.splitlines() if not line.startswith("checked ")]
    return code, messages


CASES = [
    # (name, file, old, new, needle on the reported line, expected fragment)
    (
        "duplicate key",
        MENTOR,
        "sector: finance\n",
        "sector: finance\nsector: health\n",
        "sector: health",
        'sector: "sector" appears twice in the same block (first on line 4)',
    ),
    (
        "tab indentation",
        MENTOR,
        "  type: enhanced",
        "\ttype: enhanced",
        "\ttype: enhanced",
        "a tab is used for indentation",
    ),
    (
        "wrong type",
        SESSION,
        "duration_minutes: 60",
        "duration_minutes: an hour",
        "duration_minutes",
        'duration_minutes: "an hour" is not a whole number',
    ),
    (
        "unknown key",
        MENTOR,
        "sector: finance",
        "sektor: finance",
        "sektor",
        'unknown field "sektor" (did you mean "sector"?)',
    ),
    (
        "bad date",
        MENTOR,
        "issued: 2023-06-01",
        "issued: 2024-13-01",
        "issued:",
        'dbs.issued: "2024-13-01" is not a date (write YYYY-MM-DD',
    ),
    (
        "dangling reference",
        COHORT,
        "mentor: jo-private",
        "mentor: jo-privat",
        "jo-privat",
        'mentees[2].mentor: there is no mentor "jo-privat"',
    ),
    (
        "agenda not adding up",
        SESSION,
        "  - minutes: 40",
        "  - minutes: 45",
        "agenda:",
        "the agenda adds up to 65 minutes but duration_minutes is 60",
    ),
    (
        "pseudonym with a space",
        COHORT,
        "- id: HS-02",
        "- id: Sam Jones",
        "Sam Jones",
        'mentees[1].id: "Sam Jones" is not a pseudonym',
    ),
]


@pytest.mark.parametrize("name,rel,old,new,needle,fragment", CASES, ids=[c[0] for c in CASES])
def test_malformed_input_gives_one_located_message(site, capsys, name, rel, old, new, needle, fragment):
    site.edit(rel, old, new)
    if name == "pseudonym with a space":
        # The attendance list names the mentee too; keep the case to one mistake.
        site.edit(rel, "[HS-01, HS-02, HS-03]", "[HS-01, HS-03]")
    line = site.line_of(rel, needle)

    code, messages = run_check(site, capsys)

    assert code == 1
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{rel}:{line}:"), messages[0]
    assert fragment in messages[0]


def test_the_brief_example_message_reads_exactly(site, capsys):
    site.edit(MENTOR, "  issued: 2023-06-01", '  issued: "2024-13-01"')
    code, messages = run_check(site, capsys)
    assert code == 1
    line = site.line_of(MENTOR, "issued:")
    assert messages == [
        f'{MENTOR}:{line}:11: dbs.issued: "2024-13-01" is not a date (write YYYY-MM-DD, e.g. 2024-09-30) [invalid-date]'
    ]


def test_errors_are_collected_across_files_not_stopped_at_the_first(site, capsys):
    site.edit(MENTOR, "sector: finance", "sektor: finance")
    site.edit(SESSION, "duration_minutes: 60", "duration_minutes: sixty")
    site.edit("content/schools/hill-school.yaml", "joined: 2024-25", "joined: 2024-26")
    code, messages = run_check(site, capsys)
    assert code == 1
    assert [m.split(":")[0] for m in messages] == [
        "content/mentors/sam-okafor.yaml",
        "content/schools/hill-school.yaml",
        SESSION,
    ]


def test_a_valid_site_passes_with_exit_zero(site, capsys):
    code, messages = run_check(site, capsys)
    assert (code, messages) == (0, [])
