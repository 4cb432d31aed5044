"""The pull-request loop: GitHub Actions workflows and the pre-commit hook."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def _workflow(name: str) -> dict:
    # PyYAML reads the key `on:` as True (YAML 1.1); the workflow means the string.
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def _runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", []))


def test_workflows_are_valid_by_githubs_schema():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert [Path(f).name for f in files] == ["check.yml", "publish.yml", "reports.yml"]
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: Broken\non: pull_request\njobs:\n  check:\n    steps: []\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "runs-on" in result.stdout


def test_pull_requests_are_checked_with_annotations_built_and_previewed():
    check = _workflow("check.yml")
    assert "pull_request" in check["on"]
    runs = _runs(check)
    assert "python build.py check --format github" in runs
    assert "python build.py build" in runs
    steps = check["jobs"]["check"]["steps"]
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in steps)
    assert check["permissions"] == {"contents": "read"}


def test_main_is_built_and_deployed_to_pages():
    publish = _workflow("publish.yml")
    assert publish["on"]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "") for job in publish["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    # Granted to the deploy job alone, which runs no code of the repository's (issue 16).
    assert publish["jobs"]["deploy"]["permissions"]["pages"] == "write"


def test_reports_run_on_a_tag_and_at_the_end_of_the_academic_year():
    reports = _workflow("reports.yml")
    assert reports["on"]["push"]["tags"] == ["report-*"]
    assert reports["on"]["schedule"] == [{"cron": "0 6 31 8 *"}]
    runs = _runs(reports)
    assert "gh release create" in runs and "*.pdf" in runs
    assert "--no-pdf" not in runs


def test_every_command_the_workflows_run_exists():
    # A renamed command or option would break every pull request at once.
    for name in ("check.yml", "publish.yml", "reports.yml"):
        for line in _runs(_workflow(name)).splitlines():
            line = line.strip()
            if line.startswith("python build.py "):
                command = shlex.split(re.sub(r"\$\{\{[^}]*\}\}|\"\$[A-Z_]+\"", "X", line))[2:]
                result = subprocess.run(
                    [sys.executable, "build.py", *command, "--help"], cwd=REPO, capture_output=True, text=True
                )
                assert result.returncode == 0, f"{name}: {line}\n{result.stderr}"
    assert (REPO / "scripts" / "setup").is_file() and (REPO / "package-lock.json").is_file()


def _hooks() -> list[dict]:
    """The content hooks (mentorkit-*); the code guardrails' hooks are tested in test_guardrails.py."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"] if hook["id"].startswith("mentorkit-")]


@pytest.mark.parametrize(
    ("path", "hook"),
    [
        ("content/mentors/sam-okafor.yaml", "mentorkit-check"),
        ("sessions/01-welcome.yaml", "mentorkit-check"),
        ("examples/academy-hub/content/programme.yaml", "mentorkit-check-academy-hub"),
        ("mentorkit/model/people.py", "mentorkit-schemas"),
        ("README.md", None),
    ],
)
def test_pre_commit_runs_the_check_for_content_it_changes(path, hook):
    matching = [h["id"] for h in _hooks() if re.search(h["files"], path)]
    assert matching == ([hook] if hook else [])


def test_pre_commit_hooks_run_real_commands_and_fail_on_a_bad_file(site):
    for hook in _hooks():
        entry = shlex.split(hook["entry"])
        assert entry[:2] == ["python", "build.py"]
        result = subprocess.run([sys.executable, *entry[1:], "--help"], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, f"{hook['id']}: {result.stderr}"
    site.edit("content/mentors/sam-okafor.yaml", "kind: business", "kind: volunteer")
    check = next(h for h in _hooks() if h["id"] == "mentorkit-check")
    result = subprocess.run(
        [sys.executable, *shlex.split(check["entry"])[1:], "--content-root", str(site.root)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "sam-okafor.yaml" in result.stderr
