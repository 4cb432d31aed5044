"""Every rule of the content model, each with a case that breaks only that rule.

Each case edits the fixture site and lists the errors it must produce,
exactly, as (file, line of the needle, code): a rule that stops firing,
fires in the wrong place or drags in unrelated errors fails its case.
"""

from __future__ import annotations

import pytest

PROGRAMME = "content/programme.yaml"
SAM = "content/mentors/sam-okafor.yaml"
JO = "content/mentors/jo-private.yaml"
COHORT = "content/cohorts/2024-25/hill-school.yaml"
S1 = "sessions/01-first-meeting.yaml"
S2 = "sessions/02-goals.yaml"
PRE = "content/surveys/pre.yaml"
POST = "content/surveys/post.yaml"
PRE_CSV = "content/surveys/responses/2024-25/pre.csv"
POST_CSV = "content/surveys/responses/2024-25/post.csv"
GUIDE = "content/guides/01-safeguarding.md"
QUOTE = "content/testimonials/hill-teacher.yaml"

E, W = "error", "warning"

# id: (actions, [(file, needle for the line or None, code)], severity)
CASES = {
    "unknown-school in a mentor's schools": (
        [("edit", SAM, "max_mentees: 10", "max_mentees: 10\nschools: [nowhere]")],
        [(SAM, "schools:", "unknown-school")],
        E,
    ),
    "unknown-session in a delivery": (
        [("edit", COHORT, "  - session: 2", "  - session: 3")],
        [(COHORT, "session: 3", "unknown-session")],
        E,
    ),
    "unknown-attendee in a delivery": (
        [("edit", COHORT, "attended: [HS-01, HS-03]", "attended: [HS-01, HS-09]")],
        [(COHORT, "HS-09", "unknown-attendee")],
        E,
    ),
    "unknown-programme in a cohort": (
        [("edit", COHORT, "programme: tiny", "programme: huge")],
        [(COHORT, "programme:", "unknown-programme")],
        E,
    ),
    "unknown-mentee in a survey row": (
        [("edit", PRE_CSV, "HS-02,hill", "HS-22,hill")],
        [(PRE_CSV, "HS-22", "unknown-mentee")],
        E,
    ),
    "unknown-school in a survey row": (
        [("edit", PRE_CSV, "HS-02,hill-school", "HS-02,dale-school")],
        [(PRE_CSV, "dale-school", "unknown-school")],
        E,
    ),
    "survey row dated outside the year": (
        [("edit", PRE_CSV, "HS-02,hill-school,2024-10-08", "HS-02,hill-school,2025-10-08")],
        [(PRE_CSV, "2025-10-08", "date-outside-year")],
        E,
    ),
    "unknown-aim in a session": (
        [("edit", S1, "aims: [inspire]", "aims: [inspire, fly]")],
        [(S1, "aims:", "unknown-aim")],
        E,
    ),
    "unknown-survey in a session": (
        [("edit", S1, "survey: pre", "survey: before")],
        [(S1, "survey:", "unknown-survey")],
        E,
    ),
    "unknown-outcome in a question": (
        [("edit", PRE, "outcome: confidence", "outcome: happiness")],
        [(PRE, "outcome:", "unknown-outcome")],
        E,
    ),
    "pairs_with names a post survey": (
        [("edit", POST, "pairs_with: pre", "pairs_with: post")],
        [(POST, "pairs_with", "bad-pairing")],
        E,
    ),
    "unknown-indicator for an outcome": (
        [("edit", PROGRAMME, "indicator: neet-16-17", "indicator: neet")],
        [(PROGRAMME, "indicator:", "unknown-indicator")],
        E,
    ),
    "testimonial from an unknown source": (
        [("edit", QUOTE, "source: hill-school", "source: dale-school")],
        [(QUOTE, "source:", "unknown-source")],
        E,
    ),
    "duplicate aim id": (
        [("edit", PROGRAMME, "  - id: goals", "  - id: inspire"), ("edit", S2, "aims: [goals]", "aims: [inspire]")],
        [(PROGRAMME, ("id: inspire", 2), "duplicate-id")],
        E,
    ),
    "duplicate question id": (
        [("edit", POST, "  - id: enjoyed", "  - id: confident-future")],
        [(POST, ("id: confident-future", 2), "duplicate-id")],
        E,
    ),
    "pseudonym used in two cohorts": (
        [
            ("write", "content/schools/dale-school.yaml", "name: Dale\ntown: T\njoined: 2024-25\n"),
            (
                "write",
                "content/cohorts/2024-25/dale-school.yaml",
                "programme: tiny\nschool: dale-school\nacademic_year: 2024-25\nyear_group: 8\nstart: 2024-10-01\nend: "
                "2025-04-30\nmentees:\n  - id: HS-01\n",
            ),
        ],
        [(COHORT, "HS-01", "duplicate-pseudonym")],
        E,
    ),
    "pseudonym twice in one cohort": (
        [("edit", COHORT, "mentees:\n", "mentees:\n  - id: HS-03\n")],
        [(COHORT, ("id: HS-03", 2), "duplicate-pseudonym")],
        E,
    ),
    "two plans with one number": (
        [("write", "sessions/01-again.yaml", None)],
        [(S1, "number:", "duplicate-session")],
        E,
    ),
    "file name and id disagree": (
        [("edit", SAM, "name: Sam Okafor", "id: sam-o\nname: Sam Okafor")],
        [(SAM, "id: sam-o", "name-mismatch")],
        E,
    ),
    "cohort year and folder disagree": (
        [("edit", COHORT, "academic_year: 2024-25", "academic_year: 2023-24")],
        [(COHORT, "academic_year", "name-mismatch")],
        E,
    ),
    "session number and file name disagree": (
        [("edit", S2, "number: 2", "number: 3")],
        [(S2, "number:", "name-mismatch")],
        E,
    ),
    "a session plan is missing": (
        [("delete", S2), ("edit", COHORT, "  - session: 2", "  - session: 1")],
        [("sessions", None, "missing-session")],
        E,
    ),
    "a session beyond sessions_per_cohort": (
        [("edit", PROGRAMME, "sessions_per_cohort: 2", "sessions_per_cohort: 1")],
        [(S2, "number:", "session-out-of-range")],
        E,
    ),
    "cohort starts before its academic year": (
        [("edit", COHORT, "start: 2024-10-01", "start: 2024-08-01")],
        [(COHORT, "start:", "date-outside-year")],
        E,
    ),
    "cohort ends before it starts": (
        [("edit", COHORT, "end: 2025-04-30", "end: 2024-09-30")],
        [(COHORT, "end:", "dates-reversed")],
        E,
    ),
    "delivery outside the cohort's dates": (
        [("edit", COHORT, "date: 2025-03-04", "date: 2025-05-04")],
        [(COHORT, "date: 2025-05-04", "delivery-outside-cohort")],
        E,
    ),
    "matched mentor without a DBS check": (
        [("edit", SAM, "dbs:\n  type: enhanced\n  issued: 2023-06-01\n  update_service: false\n", "")],
        [(COHORT, "mentor: sam-okafor", "dbs-missing")],
        E,
    ),
    "matched mentor with a standard DBS check": (
        [("edit", SAM, "type: enhanced", "type: standard")],
        [(COHORT, "mentor: sam-okafor", "dbs-not-enhanced")],
        E,
    ),
    "DBS issued over 3 years before the start": (
        [("edit", SAM, "issued: 2023-06-01", "issued: 2021-06-01")],
        [(COHORT, "mentor: sam-okafor", "dbs-expired")],
        E,
    ),
    "no safeguarding training": (
        [("edit", SAM, "safeguarding_training: 2024-06-01\n", "")],
        [(COHORT, "mentor: sam-okafor", "training-missing")],
        E,
    ),
    "training after the cohort starts": (
        [("edit", SAM, "safeguarding_training: 2024-06-01", "safeguarding_training: 2024-10-05")],
        [(COHORT, "mentor: sam-okafor", "training-after-start")],
        E,
    ),
    "a delivery led by a mentor with no DBS check": (
        [
            (
                "edit",
                "content/mentors/jo-private.yaml",
                "dbs:\n  type: enhanced\n  issued: 2022-01-10\n  update_service: true\n",
                "",
            ),
            ("edit", COHORT, "  - id: HS-03\n    mentor: jo-private\n", "  - id: HS-03\n    mentor: sam-okafor\n"),
            ("edit", COHORT, "    format: one-to-one\n", "    format: one-to-one\n    mentor: jo-private\n"),
        ],
        [(COHORT, "mentor: jo-private", "dbs-missing")],
        E,
    ),
    "enhanced check without the barred list, and one-to-one sessions": (
        [("edit", SAM, "  update_service: false\n", "  update_service: false\n  barred_list: false\n")],
        [(COHORT, "mentor: sam-okafor", "dbs-no-barred-list")],
        W,
    ),
    "DBS lapses before the cohort ends": (
        [("edit", SAM, "issued: 2023-06-01", "issued: 2022-02-01")],
        [(COHORT, "mentor: sam-okafor", "dbs-lapses")],
        W,
    ),
    "cohort year group outside the programme's": (
        [("edit", COHORT, "year_group: 8", "year_group: 9")],
        [(COHORT, "year_group", "year-group")],
        W,
    ),
    "a figure typed into a report highlight": (
        [("edit", "content/reports/2024-25.md", "  - Every session ran.", "  - 96% enjoyed it.")],
        [("content/reports/2024-25.md", "96%", "figure-in-highlight")],
        W,
    ),
    "mentor over capacity": (
        [("edit", SAM, "max_mentees: 10", "max_mentees: 1")],
        [(COHORT, ("mentor: sam-okafor", 2), "over-capacity")],
        W,
    ),
    "raw HTML in a guide": (
        [("edit", GUIDE, "Meet in school.", "Meet in school. <script>alert(1)</script>")],
        [(GUIDE, "<script>", "raw-html")],
        E,
    ),
    "javascript link in a session": (
        [("edit", S1, "Tell your story in **five** minutes.", "See [this](javascript:alert(1)).")],
        [(S1, "javascript:", "raw-html")],
        E,
    ),
    "scale answer out of range": (
        [("edit", PRE_CSV, "HS-02,hill-school,2024-10-08,3", "HS-02,hill-school,2024-10-08,7")],
        [(PRE_CSV, "HS-02", "out-of-range")],
        E,
    ),
    "yes/no answer that is neither": (
        [("edit", POST_CSV, "5,yes,", "5,maybe,")],
        [(POST_CSV, "maybe", "invalid-choice")],
        E,
    ),
    "two rows for one mentee": (
        [("edit", PRE_CSV, "HS-03,hill-school,2024-10-08,", "HS-02,hill-school,2024-10-08,")],
        [(PRE_CSV, ("HS-02", 2), "duplicate-row")],
        E,
    ),
    "a date in a CSV that is not one": (
        [("edit", PRE_CSV, "HS-02,hill-school,2024-10-08", "HS-02,hill-school,08/10/2024")],
        [(PRE_CSV, "08/10/2024", "invalid-date")],
        E,
    ),
    "CSV columns out of order": (
        [("edit", POST_CSV, "confident-future,enjoyed", "enjoyed,confident-future")],
        [(POST_CSV, "mentee,school", "wrong-columns")],
        E,
    ),
    "semicolon-separated CSV from Excel": (
        [("edit", PRE_CSV, "mentee,school,submitted,confident-future", "mentee;school;submitted;confident-future")],
        [(PRE_CSV, "mentee;school", "semicolon-csv")],
        E,
    ),
    "CSV with empty trailing columns": (
        [("edit", PRE_CSV, "mentee,school,submitted,confident-future", "mentee,school,submitted,confident-future,,")],
        [(PRE_CSV, "mentee,school", "empty-columns")],
        E,
    ),
    "logo path reaching outside the site": (
        [("edit", PROGRAMME, "  example_data: true", "  example_data: true\n  logo: ../../etc/passwd")],
        [(PROGRAMME, "logo:", "invalid-format")],
        E,
    ),
    "logo that does not exist": (
        [("edit", PROGRAMME, "  example_data: true", "  example_data: true\n  logo: logo.svg")],
        [(PROGRAMME, "logo:", "missing-asset")],
        E,
    ),
    "a .yml file is not read": (
        [("write", "content/mentors/extra.yml", "name: X\n")],
        [("content/mentors/extra.yml", None, "wrong-extension")],
        E,
    ),
    "a file name that is not an id": (
        [("write", "content/mentors/Sam_O.yaml", "name: X\n")],
        [("content/mentors/Sam_O.yaml", None, "bad-file-name")],
        E,
    ),
    "responses for a survey that does not exist": (
        [("write", "content/surveys/responses/2024-25/exit.csv", "mentee,school,submitted\n")],
        [("content/surveys/responses/2024-25/exit.csv", None, "unknown-survey")],
        E,
    ),
    "renamed field gets a rename hint": (
        [("edit", SAM, "organisation: Okafor Accounts Ltd", "employer: Okafor Accounts Ltd")],
        [(SAM, "employer:", "renamed-field")],
        E,
    ),
    "an alias is refused": (
        [("edit", SAM, "role: Accountant", "role: &r Accountant\nquote: *r")],
        [(SAM, "quote: *r", "yaml-alias")],
        E,
    ),
    "recruitment without a way to apply": (
        [("edit", PROGRAMME, "  apply_email: apply@example.org\n", "")],
        [(PROGRAMME, "recruitment:", "invalid-value")],
        E,
    ),
}


def _apply(site, actions) -> None:
    for action in actions:
        if action[0] == "edit":
            site.edit(*action[1:])
        elif action[0] == "write":
            _, rel, text = action
            site.write(rel, text if text is not None else site.read(S1))
        elif action[0] == "delete":
            site.path(action[1]).unlink()


def _line(site, rel, needle):
    if needle is None:
        return None
    if isinstance(needle, tuple):
        return site.line_of(rel, *needle)
    return site.line_of(rel, needle)


@pytest.mark.parametrize("name", list(CASES))
def test_rule(site, name):
    actions, expected, severity = CASES[name]
    _apply(site, actions)
    want = sorted((rel, _line(site, rel, needle), code) for rel, needle, code in expected)
    got = site.errors() if severity == E else site.warnings()
    assert sorted(got) == want


def test_an_old_dbs_on_the_update_service_is_accepted(site):
    site.edit(JO, "issued: 2022-01-10", "issued: 2015-01-10")
    assert site.errors() == [] and site.warnings() == []


def test_peer_mentors_need_no_dbs(site):
    site.edit(JO, "kind: business", "kind: peer\nschool: hill-school\nyear_group: 12\nsubject: Maths")
    site.edit(JO, "dbs:\n  type: enhanced\n  issued: 2022-01-10\n  update_service: true\n", "")
    assert site.errors() == []


def test_the_fixture_site_is_clean(site):
    assert site.problems() == []
