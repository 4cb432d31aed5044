"""`build.py match`: the proposal respects capacity and safeguarding, and the optimum is real."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from mentorkit.build.pipeline import check
from mentorkit.cli import main
from mentorkit.commands.matching import propose
from mentorkit.commands.matching_candidates import NO_SHARED, candidates, interest_cost
from mentorkit.commands.matching_model import UNMATCHED
from mentorkit.model import Cohort, Mentee, Mentor
from mentorkit.model.people import Dbs

COHORT = "content/cohorts/2024-25/hill-school.yaml"
KEY = "2024-25/hill-school"


def mentor_yaml(
    sector: str,
    max_mentees: int,
    *,
    issued: str = "2024-01-10",
    update_service: bool = False,
    training: str = "2024-06-01",
    schools: list[str] | None = None,
    active: bool = True,
) -> str:
    lines = [
        f"name: Test Mentor {sector}",
        "kind: business",
        f"sector: {sector}",
        "dbs:",
        "  type: enhanced",
        f"  issued: {issued}",
        f"  update_service: {'true' if update_service else 'false'}",
        f"safeguarding_training: {training}",
        f"max_mentees: {max_mentees}",
        f"active: {'true' if active else 'false'}",
    ]
    if schools:
        lines.append(f"schools: [{', '.join(schools)}]")
    return "\n".join(lines) + "\n"


def roster(site, mentees: list[tuple[str, list[str]]], group: str | None = None) -> None:
    """Replace the fixture cohort's mentees (no mentor yet); the survey answers of the old ones go."""
    shutil.rmtree(site.path("content/surveys/responses"))
    body = "".join(
        f"  - {{id: {pid}{', group: ' + group if group else ''}, interests: [{', '.join(interests)}]}}\n"
        for pid, interests in mentees
    )
    site.write(
        COHORT,
        "\n".join(
            [
                "# A test cohort: comments must survive --write.",
                "programme: tiny",
                "school: hill-school",
                "academic_year: 2024-25",
                "year_group: 8",
                "start: 2024-10-01",
                "end: 2025-04-30",
                "mentees:  # pseudonyms only",
            ]
        )
        + "\n"
        + body
        + "deliveries: []\n",
    )


def only_mentors(site, **files: str) -> None:
    for name in ("sam-okafor", "jo-private"):
        site.path(f"content/mentors/{name}.yaml").unlink()
    for name, text in files.items():
        site.write(f"content/mentors/{name}.yaml", text)


def proposal_of(site):
    loaded, problems = check(site.root)
    assert [p for p in problems if p.severity == "error"] == []
    return loaded, propose(loaded, KEY)


def test_more_mentees_than_places_leaves_the_rest_unmatched_and_no_mentor_over_capacity(site):
    only_mentors(site, **{"ann-a": mentor_yaml("finance", 2), "bob-b": mentor_yaml("health", 2)})
    roster(site, [(f"HS-{n:02d}", ["finance"]) for n in range(1, 6)])

    _, proposal = proposal_of(site)

    load = {m: sum(1 for p in proposal.pairings if p.mentor == m) for m in ("ann-a", "bob-b")}
    assert load == {"ann-a": 2, "bob-b": 2}
    assert len(proposal.unmatched) == 1
    assert "no places left: 4 places" in proposal.unmatched[0][1]
    assert proposal.fit.unmatched == 1 and proposal.fit.sector_match == 2 and proposal.fit.stated == 5


def test_capacity_counts_the_mentors_other_schools_that_year(site):
    only_mentors(site, **{"ann-a": mentor_yaml("finance", 3)})
    site.write(
        "content/schools/vale-school.yaml", "name: Vale School\ntown: Exampletown\njoined: 2024-25\nfictional: true\n"
    )
    site.write(
        "content/cohorts/2024-25/vale-school.yaml",
        "programme: tiny\nschool: vale-school\nacademic_year: 2024-25\nyear_group: 8\n"
        "start: 2024-10-01\nend: 2025-04-30\n"
        "mentees:\n  - {id: VS-01, mentor: ann-a}\n  - {id: VS-02, mentor: ann-a}\n",
    )
    roster(site, [("HS-01", ["finance"]), ("HS-02", ["finance"])])

    _, proposal = proposal_of(site)

    assert [p.mentee for p in proposal.pairings] == ["HS-01"]
    assert proposal.candidates[0].room == 1


def test_a_mentor_whose_dbs_expires_before_the_cohort_starts_is_never_chosen(site):
    # The only finance mentor's check is older than three years at the start, and not on the
    # Update Service: the finance-loving mentee goes to the health mentor instead.
    only_mentors(
        site,
        **{
            "old-dbs": mentor_yaml("finance", 10, issued="2021-06-01"),
            "late-training": mentor_yaml("finance", 10, training="2024-11-01"),
            "fine-mentor": mentor_yaml("health", 10),
        },
    )
    roster(site, [("HS-01", ["finance"]), ("HS-02", ["finance"])])

    _, proposal = proposal_of(site)

    assert {p.mentor for p in proposal.pairings} == {"fine-mentor"}
    excluded = {e.id: e.reason for e in proposal.excluded}
    assert "more than 3 years before the cohort starts" in excluded["old-dbs"]
    assert "after the cohort starts" in excluded["late-training"]
    assert all("no shared sector: no cleared mentor with room works in finance" in p.reason for p in proposal.pairings)


def test_uncleared_mentors_leave_mentees_unmatched_rather_than_be_chosen(site):
    only_mentors(
        site,
        **{
            "old-dbs": mentor_yaml("finance", 10, issued="2021-06-01"),
            "lapsing": mentor_yaml("finance", 10, issued="2022-03-01"),  # lapses 2025-03-01, before the end
            "left": mentor_yaml("finance", 10, active=False),
        },
    )
    roster(site, [("HS-01", ["finance"])])

    _, proposal = proposal_of(site)

    assert proposal.pairings == []
    assert [m for m, _ in proposal.unmatched] == ["HS-01"]
    assert {e.id for e in proposal.excluded} == {"old-dbs", "lapsing", "left"}


def test_a_mentor_not_available_at_the_school_is_never_chosen(site):
    site.write(
        "content/schools/vale-school.yaml", "name: Vale School\ntown: Exampletown\njoined: 2024-25\nfictional: true\n"
    )
    only_mentors(
        site,
        **{
            "elsewhere": mentor_yaml("finance", 10, schools=["vale-school"]),
            "here": mentor_yaml("health", 10, schools=["hill-school"]),
        },
    )
    roster(site, [("HS-01", ["finance"]), ("HS-02", [])])

    _, proposal = proposal_of(site)

    assert {p.mentor for p in proposal.pairings} == {"here"}
    assert "not available at hill-school" in {e.id: e.reason for e in proposal.excluded}["elsewhere"]


def test_all_mentees_wanting_one_sector_fill_it_and_the_rest_go_elsewhere(site):
    only_mentors(
        site,
        **{"fin": mentor_yaml("finance", 2), "hea": mentor_yaml("health", 5), "eng": mentor_yaml("engineering", 5)},
    )
    roster(site, [(f"HS-{n:02d}", ["finance", "health"] if n % 2 else ["finance"]) for n in range(1, 8)])

    _, proposal = proposal_of(site)

    counts = {m: sum(1 for p in proposal.pairings if p.mentor == m) for m in ("fin", "hea", "eng")}
    assert counts["fin"] == 2 and sum(counts.values()) == 7
    # Those with a second choice of health get it; finance goes to those without one,
    # and the finance-only mentee left over is told why.
    reasons = Counter(p.reason for p in proposal.pairings)
    assert reasons == {
        "sector match: health (interest 2 of 2)": 4,
        "sector match: finance (interest 1 of 1)": 2,
        "no shared sector: every finance place is taken": 1,
    }
    assert proposal.fit.sector_match == 2 + 4  # 2 finance + the 4 odd-numbered with health second


def test_group_programme_keeps_a_schools_group_with_one_mentor_and_fills_empty_groups(site):
    site.edit("content/programme.yaml", "sessions_per_cohort: 2\n", "sessions_per_cohort: 2\ngroup_size: 4\n")
    only_mentors(
        site,
        **{"fin": mentor_yaml("finance", 6), "hea": mentor_yaml("health", 6), "eng": mentor_yaml("engineering", 6)},
    )
    roster(site, [("HS-01", ["health"]), ("HS-02", ["finance"]), ("HS-03", ["finance"]), ("HS-04", [])], group="A")
    site.edit(
        COHORT,
        "deliveries: []\n",
        "  - {id: HS-05, interests: [engineering]}\n  - {id: HS-06, interests: [engineering]}\n"
        "  - {id: HS-07, interests: [health]}\n  - {id: HS-08, interests: []}\ndeliveries: []\n",
    )

    _, proposal = proposal_of(site)

    mentors = {p.mentee: p.mentor for p in proposal.pairings}
    assert len({mentors[f"HS-0{n}"] for n in range(1, 5)}) == 1  # group A stays together
    assert mentors["HS-01"] == "fin"  # two of group A chose finance, one health
    assert {p.group for p in proposal.pairings if p.mentee in ("HS-05", "HS-06", "HS-07", "HS-08")} == {"B"}
    assert all(p.new_group for p in proposal.pairings if p.mentee >= "HS-05")


# ---------------------------------------------------------------- optimality and constraints, at random


SECTORS = ["finance", "health", "engineering", "retail"]
mentor_specs = st.lists(
    st.tuples(st.sampled_from(SECTORS), st.integers(1, 4), st.booleans(), st.booleans()), min_size=1, max_size=5
)
mentee_specs = st.lists(st.lists(st.sampled_from(SECTORS), max_size=3, unique=True), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mentor_specs, mentee_specs, st.sampled_from([None, 3]))
def test_no_rule_is_ever_broken_and_without_groups_the_optimum_equals_linear_sum_assignment(
    site, specs, wanted, group_size
):
    loaded, _ = check(site.root)
    assert loaded.programme
    loaded.programme = loaded.programme.model_copy(update={"group_size": group_size})
    start = dt.date(2024, 10, 1)
    loaded.mentors = {
        f"m{k}": Mentor(
            name=f"M {k}",
            kind="business",
            sector=sector,
            max_mentees=cap,
            dbs=Dbs(type="enhanced", issued=dt.date(2024, 1, 1) if cleared else dt.date(2020, 1, 1)),
            safeguarding_training=dt.date(2024, 6, 1),
            schools=["hill-school"] if here else ["elsewhere"],
        )
        for k, (sector, cap, cleared, here) in enumerate(specs)
    }
    loaded.cohorts = {
        KEY: Cohort(
            programme="tiny",
            school="hill-school",
            academic_year="2024-25",
            year_group=8,
            start=start,
            end=dt.date(2025, 4, 30),
            mentees=[Mentee(id=f"HS-{n:02d}", interests=w) for n, w in enumerate(wanted)],
        )
    }

    proposal = propose(loaded, KEY)

    allowed = {c.id: c.room for c in candidates(loaded, loaded.cohorts[KEY], len(wanted))[0]}
    for mentor_id in {p.mentor for p in proposal.pairings}:
        assert mentor_id in allowed  # cleared and available
        assert sum(1 for p in proposal.pairings if p.mentor == mentor_id) <= allowed[mentor_id]
    assert len(proposal.pairings) + len(proposal.unmatched) == len(wanted)
    slots = [(c.id, c.sector) for c in candidates(loaded, loaded.cohorts[KEY], len(wanted))[0] for _ in range(c.room)]
    matrix = np.full((len(wanted), len(slots) + len(wanted)), UNMATCHED)
    for i, w in enumerate(wanted):
        for j, (_, sector) in enumerate(slots):
            matrix[i, j] = interest_cost(w, sector)
    if not slots:
        assert proposal.pairings == []
        return
    if group_size:  # group costs are not per pair: no linear assignment to compare with
        assert len(proposal.unmatched) == max(0, len(wanted) - len(slots))
        return
    rows, cols = linear_sum_assignment(matrix)
    assert proposal.cost == pytest.approx(matrix[rows, cols].sum())


def test_interest_costs_rank_first_choice_best():
    assert interest_cost(["finance", "health"], "finance") < interest_cost(["finance", "health"], "health") < NO_SHARED
    assert interest_cost([], "finance") == 0


# ---------------------------------------------------------------- the command


def test_match_prints_reasons_and_fit_and_writes_nothing_without_write(site, capsys):
    roster(site, [("HS-01", ["finance"]), ("HS-02", ["engineering"]), ("HS-03", [])])
    before = site.read(COHORT)

    assert main(["match", str(site.path(COHORT)), "--content-root", str(site.root)]) == 0

    out = capsys.readouterr()
    assert "HS-01        sector match: finance (interest 1 of 1)" in out.out
    assert "Fit 100%: 2 of 2 mentees who stated interests" in out.out
    assert "--write" in out.err
    assert site.read(COHORT) == before


def test_match_json_lists_pairings(site, capsys):
    roster(site, [("HS-01", ["finance"])])
    assert main(["match", str(site.path(COHORT)), "--content-root", str(site.root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pairings"][0]["mentor"] == "sam-okafor" and data["fit"]["score"] == 1.0


def test_match_refuses_a_file_that_is_not_a_cohort(site, capsys):
    assert main(["match", str(site.path("content/programme.yaml")), "--content-root", str(site.root)]) == 1
    assert "not-a-cohort" in capsys.readouterr().err


def test_interests_come_from_a_pre_survey_question_when_the_roster_has_none(site):
    site.edit(
        "content/surveys/pre.yaml",
        "    outcome: confidence\n",
        "    outcome: confidence\n  - id: interests\n    text: Which kinds of work interest you?\n    kind: text\n",
    )
    site.write(
        "content/surveys/responses/2024-25/pre.csv",
        "mentee,school,submitted,confident-future,interests\n"
        "HS-01,hill-school,2024-10-08,2,Engineering and football\nHS-02,hill-school,2024-10-08,3,\n"
        'HS-03,hill-school,2024-10-08,,"finance, engineering"\n',
    )
    site.edit(COHORT, "    mentor: sam-okafor\n", "")  # HS-01 and HS-02 wait
    site.edit(
        COHORT,
        "  - id: HS-03\n    mentor: jo-private\n",
        "  - id: HS-03\n    mentor: jo-private\n    interests: [health]\n",
    )

    _, proposal = proposal_of(site)

    assert proposal.interests == {"HS-01": ["engineering"], "HS-03": ["health"]}  # the roster wins for HS-03
    assert proposal.from_survey == {"HS-01"}
    first = next(p for p in proposal.pairings if p.mentee == "HS-01")
    assert (first.mentor, first.reason) == (
        "jo-private",
        "sector match: engineering (interest 1 of 1) (interests from the pre-survey)",
    )


def test_a_fully_matched_cohort_reports_the_fit_of_its_matching(site, capsys):
    site.edit(COHORT, "  - id: HS-01\n", "  - id: HS-01\n    interests: [engineering, finance]\n")
    before = site.read(COHORT)
    assert main(["match", str(site.path(COHORT)), "--content-root", str(site.root), "--write"]) == 0
    out = capsys.readouterr().out
    assert "Nothing to match" in out and "Fit 100%: 1 of 1" in out and "(0 their first choice)" in out
    assert site.read(COHORT) == before
