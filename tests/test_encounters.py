"""Meaningful employer encounters (Gatsby Benchmark 5, as refreshed in 2024): employer size and mode,
the four criteria a programme or session plan declares, every pupil's yes or no, and the public share."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import yaml

from mentorkit.build.pipeline import check, render_docs
from mentorkit.cli import main
from mentorkit.load.content import checked
from mentorkit.model.meaningful import CRITERIA
from mentorkit.render.encounter_evidence import PUPIL_COLUMNS, evidence_csv, pupils_csv
from mentorkit.render.encounters import CSV_COLUMNS, sections
from mentorkit.stats import figures as stats

from .conftest import REPO, SiteDir

PROGRAMME = "content/programme.yaml"
COHORT = "content/cohorts/2024-25/hill-school.yaml"
SAM = "content/mentors/sam-okafor.yaml"
FIXTURE_CRITERIA = "  time_to_reflect: Each session ends with five minutes of reflection.\n"


def _rows(text: str | None) -> list[dict[str, str]]:
    assert text is not None
    return list(csv.DictReader(io.StringIO(text)))


def _loaded(site: SiteDir):
    loaded, problems = check(site.root)
    assert [p for p in problems if p.severity == "error"] == [], problems
    return checked(loaded)


# --- the model: sizes, modes and criteria, each mistake a problem at its line -----------------


def test_a_misspelt_employer_size_is_refused_at_its_line_with_the_nearest_size(site):
    site.edit(SAM, "kind: business\n", "kind: business\nemployer_size: meduim\n")
    [problem] = [p for p in site.problems() if p.severity == "error"]
    assert (problem.file, problem.line, problem.column) == (SAM, site.line_of(SAM, "employer_size"), 16)
    assert problem.code == "invalid-choice" and problem.field == "employer_size"
    assert problem.message == '"meduim" is not one of the allowed values'
    assert problem.hint.startswith('did you mean "medium"?') and "'self-employed'" in problem.hint


def test_a_capitalised_self_employed_suggests_the_allowed_spelling(site):
    site.edit(SAM, "kind: business\n", "kind: business\nemployer_size: Self employed\n")
    [problem] = [p for p in site.problems() if p.severity == "error"]
    assert problem.code == "invalid-choice" and problem.hint.startswith('did you mean "self-employed"?')


def test_a_delivery_mode_that_is_not_in_person_or_virtual_is_refused_at_its_line(site):
    site.edit(COHORT, "    format: one-to-one\n", "    format: one-to-one\n    mode: online\n")
    [problem] = [p for p in site.problems() if p.severity == "error"]
    assert (problem.file, problem.line, problem.code) == (
        COHORT,
        site.line_of(COHORT, "mode: online"),
        "invalid-choice",
    )
    assert problem.field == "deliveries[1].mode" and "'in-person' or 'virtual'" in problem.hint


def test_a_criterion_that_is_not_one_of_the_four_is_an_error_naming_the_nearest(site):
    site.edit(PROGRAMME, "  two_way_interaction:", "  two_way:")
    [problem] = [p for p in site.problems() if p.severity == "error"]
    assert (problem.file, problem.line) == (PROGRAMME, site.line_of(PROGRAMME, "two_way:"))
    assert (problem.code, problem.hint) == ("unknown-field", 'did you mean "two_way_interaction"?')


def test_a_programme_with_employer_mentors_that_declares_no_criteria_is_told_how(site):
    text = site.read(PROGRAMME)
    start = text.index("meaningful_encounter:")
    site.write(PROGRAMME, text[:start] + text[text.index("site:") :])
    [problem] = site.problems()
    assert (problem.file, problem.code, problem.severity) == (PROGRAMME, "meaningful-criteria-missing", "warning")
    assert "no employer encounter counts as meaningful" in problem.message
    assert all(key in problem.hint for key in CRITERIA) and "meaningful_encounter:" in problem.hint


def test_a_peer_programme_is_not_asked_for_the_criteria(tmp_path):
    hub = tmp_path / "hub"
    shutil.copytree(REPO / "examples" / "academy-hub", hub, ignore=shutil.ignore_patterns("site", "private"))
    _, problems = check(hub)
    assert "meaningful-criteria-missing" not in {p.code for p in problems}


def test_a_session_plan_can_declare_the_criterion_the_programme_leaves_out(site):
    site.edit(PROGRAMME, FIXTURE_CRITERIA, "")
    site.write(
        "sessions/02-goals.yaml",
        site.read("sessions/02-goals.yaml") + "meaningful_encounter:\n  time_to_reflect: The close looks back.\n",
    )
    [problem] = site.problems()
    assert (problem.file, problem.code) == ("sessions/01-first-meeting.yaml", "meaningful-criteria-missing")
    assert "session 1 does not say how it meets time to reflect (time_to_reflect)" in problem.message
    assert problem.hint.startswith("add time_to_reflect under meaningful_encounter: in this plan")


def test_an_employer_size_on_a_peer_mentor_is_an_error_at_its_line(site):
    site.edit(SAM, "kind: business\n", "kind: peer\nschool: hill-school\nyear_group: 12\nsubject: Maths\n")
    site.edit(SAM, "role: Accountant\n", "role: Accountant\nemployer_size: small\n")
    found = [p for p in site.problems() if p.code == "employer-size-for-peer"]
    assert [(p.file, p.line, p.severity) for p in found] == [(SAM, site.line_of(SAM, "employer_size"), "error")]
    assert "set kind: business" in found[0].hint


# --- the private evidence: every pupil, yes or no ---------------------------------------------


def _only_session_2_meaningful(site: SiteDir) -> None:
    """Session 1 (a group session every pupil came to) says nothing about reflection; session 2 does."""
    site.edit(PROGRAMME, FIXTURE_CRITERIA, "")
    site.write(
        "sessions/02-goals.yaml",
        site.read("sessions/02-goals.yaml") + "meaningful_encounter:\n  time_to_reflect: The close looks back.\n",
    )


def test_every_pupil_on_the_roster_gets_a_row_and_one_who_missed_every_meaningful_session_gets_no(site):
    _only_session_2_meaningful(site)
    site.edit(COHORT, "  - id: HS-03\n", "  - id: HS-04\n    mentor: jo-private\n  - id: HS-03\n")  # never came
    rows = _rows(pupils_csv(_loaded(site), "2024-25/hill-school"))

    assert list(rows[0]) == PUPIL_COLUMNS
    answers = {
        r["pupil_code"]: (r["at_least_one_meaningful_encounter"], r["meaningful_encounters"], r["employer_encounters"])
        for r in rows
    }
    # HS-02 came to session 1 only: an employer encounter, but not a meaningful one.
    assert answers == {
        "HS-01": ("yes", "1", "2"),
        "HS-02": ("no", "0", "1"),
        "HS-03": ("yes", "1", "2"),
        "HS-04": ("no", "0", "0"),
    }


def test_a_pupil_due_at_a_meaningful_session_without_attendance_is_not_recorded_rather_than_no(site):
    _only_session_2_meaningful(site)
    site.edit(COHORT, "    attended: [HS-01, HS-03]\n", "")  # session 2's list was never written down
    rows = _rows(pupils_csv(_loaded(site), "2024-25/hill-school"))
    assert {r["pupil_code"]: r["at_least_one_meaningful_encounter"] for r in rows} == {
        "HS-01": "not recorded",
        "HS-02": "not recorded",
        "HS-03": "not recorded",
    }


def test_each_encounter_carries_its_employer_size_and_mode_the_delivery_overriding_the_mentor(site):
    site.edit(SAM, "kind: business\n", "kind: business\nemployer_size: micro\nmode: in-person\n")
    site.edit(COHORT, "    format: one-to-one\n", "    format: one-to-one\n    mode: virtual\n")
    loaded = _loaded(site)
    rows = _rows(evidence_csv(loaded, "2024-25/hill-school"))
    assert list(rows[0]) == CSV_COLUMNS
    assert [(r["pupil_code"], r["date"], r["meaningful"], r["employer_size"], r["mode"]) for r in rows] == [
        ("HS-01", "2024-10-08", "yes", "micro", "in-person"),
        ("HS-01", "2025-03-04", "yes", "micro", "virtual"),
        ("HS-02", "2024-10-08", "yes", "micro", "in-person"),
        ("HS-03", "2024-10-08", "yes", "not recorded", "not recorded"),  # Jo's file says neither
        ("HS-03", "2025-03-04", "yes", "not recorded", "virtual"),
    ]
    pupils = {
        r["pupil_code"]: (r["employer_sizes"], r["modes"]) for r in _rows(pupils_csv(loaded, "2024-25/hill-school"))
    }
    assert pupils["HS-01"] == ("micro", "in-person; virtual") and pupils["HS-03"] == (
        "not recorded",
        "virtual; not recorded",
    )


# --- the public share ---------------------------------------------------------------------------


def _recomputed_share(root: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """(year, school name) -> (pupils with a meaningful encounter, pupils), from the YAML files alone:
    a session is meaningful when programme.yaml and its plan together say all four criteria; an
    encounter is attendance at a delivered session with a business mentor."""

    def load(path: Path) -> dict:
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    declared = set((load(root / PROGRAMME).get("meaningful_encounter") or {}).keys())
    meaningful = {
        plan["number"]
        for plan in map(load, (root / "sessions").glob("*.yaml"))
        if declared | set((plan.get("meaningful_encounter") or {}).keys()) >= set(CRITERIA)
    }
    business = {p.stem for p in (root / "content" / "mentors").glob("*.yaml") if load(p)["kind"] == "business"}
    found: dict[tuple[str, str], tuple[int, int]] = {}
    for path in sorted((root / "content" / "cohorts").glob("*/*.yaml")):
        cohort = load(path)
        name = load(root / "content" / "schools" / f"{cohort['school']}.yaml")["name"]
        mentor_of = {m["id"]: m.get("mentor") for m in cohort["mentees"]}
        met = {
            pupil
            for d in cohort["deliveries"]
            if d.get("status", "delivered") == "delivered" and d["session"] in meaningful
            for pupil in d.get("attended", [])
            if (d.get("mentor") or mentor_of[pupil]) in business
        }
        found[(str(cohort["academic_year"]), name)] = (len(met), len(mentor_of))
    return found


def test_the_public_share_equals_a_recomputation_from_the_raw_files():
    loaded, _ = check(REPO)
    summary = sections(loaded)
    assert summary is not None
    expected = _recomputed_share(REPO)
    for item in summary["years"]:
        shown = {row[0]: row[2] for row in item["meaningful"].rows if row[0] != "All schools"}
        assert shown == {
            school: f"{round(100 * met / pupils)}% ({met} of {pupils})"
            for (year, school), (met, pupils) in expected.items()
            if year == item["year"]
        }
        total = [sum(v[i] for (y, _), v in expected.items() if y == item["year"]) for i in (0, 1)]
        assert item["meaningful"].rows[-1] == ["All schools", str(total[1]), f"100% ({total[0]} of {total[1]})"]


def test_the_bundled_example_shows_its_share_and_its_breakdown_with_the_one_virtual_only_pupil_withheld():
    loaded, _ = check(REPO)
    latest = sections(loaded)["years"][0]
    assert latest["meaningful"].headers == ["School", "Pupils", "Had a meaningful encounter"]
    assert latest["meaningful"].rows[-1] == ["All schools", "78", "100% (78 of 78)"]
    kinds = dict(latest["kinds"].rows)
    assert kinds["Self-employed"] == "8" and kinds["Virtual"] == "27"
    # 77 of the 78 met in person: publishing it would single out the one who met only online.
    assert kinds["In person"] == "[c]"
    assert "Employer size not recorded" not in kinds  # every mentor's size is known: no row of zeros


def test_a_small_cohort_s_share_and_breakdown_are_withheld(site):
    summary = sections(_loaded(site))
    latest = summary["years"][0]
    assert latest["meaningful"].rows == [["All schools", "[c]", "[c] (n = [c])"]]  # 3 pupils
    assert latest["kinds"] is None  # a breakdown of three pupils is not published at all


def test_a_programme_that_declares_no_criteria_counts_nothing_as_meaningful_and_says_why(site):
    text = site.read(PROGRAMME)
    site.write(PROGRAMME, text[: text.index("meaningful_encounter:")] + text[text.index("site:") :])
    loaded = _loaded(site)
    summary = sections(loaded)
    assert summary["meaningful_counted"] is False and summary["years"][0]["meaningful"] is None
    rows = _rows(pupils_csv(loaded, "2024-25/hill-school"))
    assert {r["at_least_one_meaningful_encounter"] for r in rows} == {"no"}


def test_a_peer_programme_writes_no_benchmark_5_evidence(tmp_path):
    hub = tmp_path / "hub"
    shutil.copytree(REPO / "examples" / "academy-hub", hub, ignore=shutil.ignore_patterns("site", "private"))
    loaded = checked(check(hub)[0])
    assert all(pupils_csv(loaded, key) is None for key in loaded.cohorts)


def test_a_peer_programme_s_for_schools_page_says_its_sessions_are_not_employer_encounters(tmp_path):
    hub = tmp_path / "hub"
    shutil.copytree(REPO / "examples" / "academy-hub", hub, ignore=shutil.ignore_patterns("site", "private"))
    loaded = checked(check(hub)[0])
    page = " ".join(render_docs(loaded, stats.compute(loaded))[0]["for-schools.md"].split())
    assert "Our mentors are students, not employers, so these sessions are not employer encounters" in page
    assert "meaningful encounter" not in page


def test_private_writes_every_school_s_pupil_list_beside_its_encounters(site, capsys):
    assert main(["private", "--content-root", str(site.root)]) == 0
    folder = site.root / "private" / "encounters" / "2024-25"
    assert sorted(p.name for p in folder.iterdir()) == ["hill-school-pupils.csv", "hill-school.csv"]
    rows = _rows(folder.joinpath("hill-school-pupils.csv").read_text(encoding="utf-8"))
    assert [(r["pupil_code"], r["at_least_one_meaningful_encounter"]) for r in rows] == [
        ("HS-01", "yes"),
        ("HS-02", "yes"),
        ("HS-03", "yes"),
    ]
    assert "1 encounter file(s) and 1 pupil list(s)" in capsys.readouterr().err
    readme = " ".join((site.root / "private" / "README.txt").read_text().split())
    assert "at least one meaningful encounter this year (yes, no, or not recorded)" in readme


def test_a_session_page_says_how_it_meets_the_four_criteria_in_its_own_words_first():
    loaded, _ = check(REPO)
    docs = render_docs(loaded, stats.compute(loaded))[0]
    last = " ".join(next(v for k, v in docs.items() if k.startswith("sessions/04-")).split())
    first = " ".join(next(v for k, v in docs.items() if k.startswith("sessions/01-")).split())
    assert "## A meaningful encounter" in last and "## A meaningful encounter" in first
    assert '**Time to reflect.** "Looking back" gives students ten minutes' in last  # session 4's own words
    assert "**Time to reflect.** Each session closes with students noting what they learnt" in first


def test_a_session_that_does_not_meet_all_four_has_no_meaningful_section(site):
    _only_session_2_meaningful(site)
    loaded = _loaded(site)
    docs = render_docs(loaded, stats.compute(loaded))[0]
    assert "A meaningful encounter" not in docs["sessions/01-first-meeting.md"]
    assert "**Time to reflect.** The close looks back." in docs["sessions/02-goals.md"]
