"""`mentorkit init DIR`: a new programme's repository that checks clean, and `new` files that fit it."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from mentorkit.build.pipeline import check
from mentorkit.cli import main
from mentorkit.commands.init import Answers, answers, files, init
from mentorkit.commands.new import academic_year, new

from .conftest import REPO

#: A programme unlike both bundled examples (Year 8 and Year 9/10, 60-minute sessions, four of them).
FUTURE_STEPS = [
    "--name",
    "Future Steps",
    "--organisation",
    "Harbour Academies Trust",
    "--year-groups",
    "10",
    "--sessions",
    "3",
    "--session-minutes",
    "45",
    "--contact-email",
    "futuresteps@harbour-trust.example",
    "--repo-url",
    "https://github.com/harbour-trust/future-steps",
]


def _init(tmp_path: Path, *flags: str) -> Path:
    target = tmp_path / "future-steps"
    assert main(["init", str(target), *flags]) == 0
    return target


def _workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on:` as True
    return data


def test_a_new_site_has_every_file_a_programme_needs(tmp_path):
    root = _init(tmp_path, *FUTURE_STEPS)
    written = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert {
        "content/programme.yaml",
        "sessions/01-getting-to-know-you.yaml",
        "sessions/02-the-world-of-work.yaml",
        "sessions/03-options-and-routes.yaml",
        "content/guides/01-welcome.md",
        "content/guides/02-editing-and-publishing.md",
        "README.md",
        "mkdocs.yml",
        ".github/workflows/check.yml",
        ".github/workflows/publish.yml",
        ".github/workflows/reports.yml",
        ".github/dependabot.yml",
        ".vscode/settings.json",
        ".pre-commit-config.yaml",
        ".gitignore",
        "schema/programme.schema.json",
        "pyproject.toml",
        "build.py",
        "tests/test_site.py",
        "site_overrides/assets/site.css",
    } <= written
    assert not any(p.startswith(("content/mentors/", "content/schools/", "content/cohorts/")) for p in written)


def test_a_new_site_has_the_same_shape_as_this_repository(tmp_path):
    root = _init(tmp_path, *FUTURE_STEPS)
    shape = {"content", "sessions", "schema", "build.py", "mkdocs.yml", "site_overrides", "tests", "pyproject.toml"}
    assert shape <= {p.name for p in REPO.iterdir()}
    assert shape <= {p.name for p in root.iterdir()}


def _pins(root: Path) -> list[str]:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


@pytest.mark.parametrize("flags", [FUTURE_STEPS, ["--name", "Pier Mentoring"]], ids=["future-steps", "only-a-name"])
def test_a_new_site_passes_check_with_no_warnings(tmp_path, flags):
    site, problems = check(_init(tmp_path, *flags))
    assert problems == []
    assert site.programme and len(site.sessions) == site.programme.sessions_per_cohort


def test_the_answers_shape_the_programme(tmp_path):
    site, _ = check(_init(tmp_path, *FUTURE_STEPS))
    programme = site.programme
    assert programme.year_groups == [10] and programme.sessions_per_cohort == 3
    assert programme.session_minutes == 45
    assert {plan.duration_minutes for plan in site.sessions.values()} == {45}
    assert programme.organisation.name == "Harbour Academies Trust"
    assert programme.site.url == "https://harbour-trust.github.io/future-steps/"
    assert "Year 10" in programme.recruitment.headline


def test_a_folder_with_anything_in_it_is_refused_and_nothing_written(tmp_path, capsys):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(target), "--name", "Future Steps"]) == 1
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    err = capsys.readouterr().err
    assert "is not empty" in err and "nothing was written" in err


def test_an_empty_folder_is_accepted(tmp_path):
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty"), "--name", "Future Steps"]) == 0


def test_without_a_terminal_a_missing_name_is_an_error(tmp_path, capsys):
    assert main(["init", str(tmp_path / "site")]) == 1
    assert "--name" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--year-groups", "ten", "school years 1 to 13"),
        ("--sessions", "0", "from 1 to 50"),
        ("--contact-email", "futuresteps", "write it like"),
        ("--academic-year", "2025", "write it like 2025-26"),
        ("--repo-url", "github.com/x", "https://github.com/OWNER/REPOSITORY"),
    ],
)
def test_a_wrong_answer_is_explained_and_nothing_written(tmp_path, capsys, flag, value, message):
    assert main(["init", str(tmp_path / "site"), "--name", "Future Steps", flag, value]) == 1
    err = capsys.readouterr().err
    assert flag in err and message in err
    assert not (tmp_path / "site").exists()


def _namespace(**given: str) -> argparse.Namespace:
    keys = ("name", "organisation", "year_groups", "sessions", "session_minutes", "months")
    keys += ("contact_email", "academic_year", "repo_url")
    return argparse.Namespace(**{key: given.get(key) for key in keys})


def test_at_a_terminal_each_missing_answer_is_asked_and_a_wrong_one_asked_again():
    typed = iter(["Harbour Academies Trust", "ten", "10", "3", "45", "", "", "", ""])
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return next(typed)

    got = answers(_namespace(name="Future Steps"), dt.date(2026, 3, 1), ask)
    assert got.organisation == "Harbour Academies Trust" and got.year_groups == [10]
    assert got.sessions == 3 and got.session_minutes == 45
    assert got.academic_year == "2025-26"  # the default: today's academic year
    assert not any(q.startswith("Programme name") for q in asked)  # given as a flag
    assert sum(q.startswith("School year group") for q in asked) == 2


def test_the_academic_year_defaults_to_the_current_one():
    assert answers(_namespace(name="X"), dt.date(2026, 9, 1), None).academic_year == "2026-27"
    assert answers(_namespace(name="X"), dt.date(2026, 8, 31), None).academic_year == "2025-26"


# --- the workflows -------------------------------------------------------------------


def _workflows(tmp_path: Path) -> dict[str, dict]:
    root = _init(tmp_path, *FUTURE_STEPS)
    return {p.name: _workflow(p) for p in sorted((root / ".github" / "workflows").glob("*.yml"))}


def test_the_workflows_are_valid_by_githubs_schema(tmp_path):
    root = _init(tmp_path, *FUTURE_STEPS)
    found = sorted(str(p) for p in (root / ".github" / "workflows").glob("*.yml"))
    assert [Path(f).name for f in found] == ["check.yml", "publish.yml", "reports.yml"]
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *found],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    dependabot = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.dependabot"]
        + [str(root / ".github" / "dependabot.yml")],
        capture_output=True,
        text=True,
    )
    assert dependabot.returncode == 0, dependabot.stdout + dependabot.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version_named(tmp_path):
    root = _init(tmp_path, *FUTURE_STEPS)
    for path in (root / ".github" / "workflows").glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w-]+/[\w-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), f"{path.name}: {line}"


def test_only_the_deploy_job_may_publish_and_nothing_is_cached(tmp_path):
    workflows = _workflows(tmp_path)
    for name, workflow in workflows.items():
        assert workflow["permissions"] == {"contents": "read"}, name
        for job_name, job in workflow["jobs"].items():
            granted = job.get("permissions", {})
            if job_name == "deploy":
                assert granted == {"pages": "write", "id-token": "write"}
            elif name == "reports.yml":
                assert granted == {"contents": "write"}
            else:
                assert granted == {}, f"{name}: {job_name}"
            for step in job.get("steps", []):
                assert "cache" not in step.get("with", {}), f"{name}: {step}"


def test_only_the_check_workflow_keeps_mentorkits_cache_and_what_is_published_is_built_afresh(tmp_path):
    workflows = _workflows(tmp_path)
    steps = {name: [s for job in w["jobs"].values() for s in job.get("steps", [])] for name, w in workflows.items()}
    cached = [s for s in steps["check.yml"] if "actions/cache@" in s.get("uses", "")]
    assert [s["with"]["path"] for s in cached] == [".mentorkit/cache"]
    assert workflows["check.yml"]["jobs"]["check"]["env"] == {
        "MENTORKIT_CACHE_KEY": "${{ secrets.MENTORKIT_CACHE_KEY }}"
    }, "a restored cache is trusted only when signed with the repository's secret"
    from mentorkit.commands.init import ACTIONS

    from .conftest import REPO

    ours = (REPO / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8")
    assert ACTIONS["cache"].replace("  #", " #") in ours, "pinned as this repository's own check workflow"
    for name in ("publish.yml", "reports.yml"):
        assert not any("actions/cache" in s.get("uses", "") for s in steps[name]), name
        builds = [s["run"] for s in steps[name] if "mentorkit build" in s.get("run", "")]
        assert builds and all("--no-cache" in run for run in builds), name


def test_the_workflows_build_this_site_with_the_one_mentorkit_pyproject_pins(tmp_path):
    assert _pins(_init(tmp_path / "pins", *FUTURE_STEPS)) == ["mentorkit==0.1.0"]
    for name, workflow in _workflows(tmp_path).items():
        assert "env" not in workflow, name  # no second pin to forget when upgrading
        runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
        [install] = [run for run in runs if "pip install" in run]
        assert 'tomllib.load(open("pyproject.toml", "rb"))' in install, name
        assert not any("--content-root" in run or "examples/" in run for run in runs), name
    check_runs = [s.get("run", "") for s in _workflows(tmp_path / "again")["check.yml"]["jobs"]["check"]["steps"]]
    assert "mentorkit check --format github" in check_runs
    assert "python -m pytest -q" in check_runs


def test_the_editor_settings_point_at_schemas_that_exist(tmp_path):
    import json

    root = _init(tmp_path, *FUTURE_STEPS)
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (root / schema).is_file(), schema


def test_the_site_readme_starts_with_two_commands(tmp_path):
    text = (_init(tmp_path, *FUTURE_STEPS) / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## See the site on your computer\n\n```sh\n(.*?)```", text, re.S)
    assert block and block[1].splitlines() == ['python -m pip install "mentorkit==0.1.0"', "mentorkit serve"]


def test_files_are_the_same_for_the_same_answers():
    a = Answers(name="Future Steps", year_groups=[10], academic_year="2025-26")
    assert files(a) == files(a)


def test_init_into_a_missing_folder_writes_and_checks(tmp_path):
    written, problems = init(tmp_path / "deep" / "site", Answers(name="X", year_groups=[7], academic_year="2025-26"))
    assert problems == [] and len(written) > 10


# --- `new` reads the programme ----------------------------------------------------------

NEW_ARGS = {
    "school": ["harbour-high"],
    "mentor": ["priya-shah"],
    "cohort": [None, "harbour-high"],
    "session": ["careers-fair"],
    "guide": ["first-meeting"],
    "survey": ["mentee-pre"],
    "testimonial": ["harbour-parent"],
    "indicator": ["neet"],
    "report": [None],
    "page": ["about-us"],
}


@pytest.fixture
def future_steps(tmp_path: Path) -> Path:
    return _init(tmp_path, *FUTURE_STEPS)


def _school(root: Path, school: str) -> None:
    """`new school`, then its codes as its note asks (invented here: 999xxx is no real school)."""
    new(root, "school", [school])
    path = root / "content" / "schools" / f"{school}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + 'urn: "999001"\nlaestab: "9991001"\n', encoding="utf-8")


def _without_third_plan(root: Path) -> None:
    """A programme that has not written its third plan yet: `new session` fills the gap."""
    next(root.glob("sessions/03-*.yaml")).unlink()


@pytest.mark.parametrize("kind", sorted(NEW_ARGS))
def test_every_new_file_fits_the_programme_and_checks_clean(future_steps, kind):
    year = academic_year(dt.date.today())
    if kind in ("cohort", "report"):
        _school(future_steps, "harbour-high")  # a cohort names its school
    if kind == "report":
        new(future_steps, "cohort", [year, "harbour-high"])  # a report covers a year with cohorts
    if kind == "session":
        _without_third_plan(future_steps)
    new(future_steps, kind, [year if arg is None else arg for arg in NEW_ARGS[kind]])
    site, problems = check(future_steps)
    assert problems == [], "\n".join(map(str, problems))


def test_new_session_takes_the_first_free_number_and_the_programmes_length(future_steps):
    _without_third_plan(future_steps)
    [path], notes = new(future_steps, "session", ["careers-fair"])
    assert path.name == "03-careers-fair.yaml"
    assert "duration_minutes: 45\n" in path.read_text(encoding="utf-8")
    assert not any("sessions_per_cohort" in note for note in notes)


def test_a_session_beyond_the_programmes_count_says_what_else_to_change(future_steps):
    [path], notes = new(future_steps, "session", ["careers-fair"])
    assert path.name == "04-careers-fair.yaml"
    assert "programme.yaml's sessions_per_cohort must be at least 4" in notes


def test_new_cohort_takes_the_programmes_year_group_and_months(future_steps):
    [path], _ = new(future_steps, "cohort", ["2025-26", "harbour-high"])
    text = path.read_text(encoding="utf-8")
    assert "year_group: 10\n" in text
    assert "start: 2025-10-01\n" in text and "end: 2026-03-31\n" in text  # six months


def test_new_school_never_joins_after_its_first_cohort(future_steps):
    new(future_steps, "cohort", ["2024-25", "harbour-high"])
    [path], _ = new(future_steps, "school", ["harbour-high"], today=dt.date(2026, 11, 30))
    assert "joined: 2024-25\n" in path.read_text(encoding="utf-8")
    [other], _ = new(future_steps, "school", ["pier-hill"], today=dt.date(2026, 11, 30))
    assert "joined: 2026-27\n" in other.read_text(encoding="utf-8")


def test_the_mentorkit_the_workflows_install_can_be_any_pip_requirement(tmp_path):
    spec = "mentorkit @ git+https://github.com/example/mentorkit@v0.1.0"
    root = _init(tmp_path, "--name", "Future Steps", "--mentorkit", spec)
    assert _pins(root) == [spec]
    assert f'python -m pip install "{spec}"' in (root / "README.md").read_text(encoding="utf-8")


def test_at_a_terminal_the_name_is_asked_until_one_is_given_and_the_end_of_input_stops_asking():
    typed = iter(["", "  ", "Future Steps"])

    def ask(question: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    got = answers(_namespace(), dt.date(2026, 3, 1), ask)
    assert got.name == "Future Steps" and got.organisation == "Your organisation" and got.sessions == 4


def test_a_fresh_clone_of_an_empty_repository_is_an_empty_folder(tmp_path):
    (tmp_path / "clone" / ".git").mkdir(parents=True)
    assert main(["init", str(tmp_path / "clone"), "--name", "Future Steps"]) == 0
    assert (tmp_path / "clone" / "content" / "programme.yaml").is_file()


def test_the_readmes_screenshots_exist_and_stay_small():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shots = re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", readme)
    names = {Path(s).name for s in shots}
    sites = {f"{site}-{width}.png" for site in ("60mm", "academy-hub", "fresh-init") for width in (390, 1280)}
    assert sites <= names  # the staff chapter's editor screenshots are linked too
    for shot in shots:
        assert (REPO / shot).stat().st_size < 150_000, shot


def test_the_new_sites_own_tests_pass_and_fail_when_its_content_has_an_error(tmp_path):
    root = _init(tmp_path, *FUTURE_STEPS)
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # the site's build.py imports this checkout's mentorkit

    def site_tests() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
        return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)

    assert site_tests().returncode == 0
    with (root / "content" / "programme.yaml").open("a", encoding="utf-8") as f:
        f.write("no_such_field: 1\n")
    failed = site_tests()
    assert failed.returncode == 1 and "2 failed" in failed.stdout, failed.stdout
