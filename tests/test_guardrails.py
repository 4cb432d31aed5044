"""Guardrails run as tests, so CI fails on them: ruff (lint and format), mypy, the stage layers
(import-linter), and the size limits (modules under 400 lines, functions under 60).

Each tool runs as a subprocess over the repository with the configuration in pyproject.toml,
and a failure shows the tool's own output: fix what it says, then run the test again.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

#: What ruff checks and formats (the package, its tests, the benchmarks and scripts).
PYTHON_TREES = ["mentorkit", "tests", "benchmarks", "build.py", "scripts"]

_spec = importlib.util.spec_from_file_location("sizes", REPO / "scripts" / "sizes.py")
assert _spec and _spec.loader
sizes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sizes)

#: Known exceptions (none today). A new long module or function fails the test; so does an
#: entry here that is no longer over (remove it).
LONG_MODULES_BEING_SPLIT: set[str] = set()
LONG_FUNCTIONS_BEING_SPLIT: set[str] = set()


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    # This checkout's mentorkit, not whichever one is installed.
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _lint_imports() -> str:
    found = Path(sys.executable).parent / "lint-imports"
    return str(found) if found.exists() else shutil.which("lint-imports") or "lint-imports"


def _said(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


def test_ruff_finds_nothing():
    result = _run(sys.executable, "-m", "ruff", "check", *PYTHON_TREES)
    assert result.returncode == 0, _said(result)


def test_ruff_format_would_change_nothing():
    result = _run(sys.executable, "-m", "ruff", "format", "--check", *PYTHON_TREES)
    assert result.returncode == 0, "run: ruff format " + " ".join(PYTHON_TREES) + "\n" + _said(result)


def test_mypy_finds_nothing():
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, _said(result)


def test_lower_stages_never_import_higher_ones():
    result = _run(_lint_imports())
    assert result.returncode == 0 and "BROKEN" not in result.stdout, _said(result)


def test_an_upward_import_breaks_the_layers_contract(tmp_path):
    # The contract must be able to fail: a model module importing the build stage is refused.
    shutil.copytree(REPO / "mentorkit", tmp_path / "mentorkit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    kinds = tmp_path / "mentorkit" / "model" / "kinds.py"
    kinds.write_text(kinds.read_text(encoding="utf-8") + "\nfrom mentorkit.build import paths  # noqa\n", "utf-8")
    result = _run(_lint_imports(), "--no-cache", cwd=tmp_path)
    assert result.returncode != 0, _said(result)
    assert "BROKEN" in result.stdout and "mentorkit.model.kinds -> mentorkit.build.paths" in result.stdout, _said(
        result
    )


@pytest.mark.parametrize(
    "found,allowed,limit,what",
    [
        (sizes.long_modules, LONG_MODULES_BEING_SPLIT, sizes.MAX_MODULE_LINES, "modules"),
        (sizes.long_functions, LONG_FUNCTIONS_BEING_SPLIT, sizes.MAX_FUNCTION_LINES, "functions"),
    ],
    ids=["modules", "functions"],
)
def test_no_module_or_function_grows_past_the_limits(found, allowed, limit, what):
    over = found()
    new = {name: lines for name, lines in over.items() if name not in allowed}
    assert not new, (
        f"{what} over {limit} lines (split them into named parts; python scripts/sizes.py lists them): "
        + ", ".join(f"mentorkit/{name} ({lines} lines)" for name, lines in sorted(new.items()))
    )
    fixed = sorted(allowed - set(over))
    assert not fixed, f"no longer over {limit} lines: remove from tests/test_guardrails.py's allow-list: {fixed}"


def test_pre_commit_runs_the_same_guardrails_on_python_files():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    entries = {name: hooks[name]["entry"] for name in ("ruff-check", "ruff-format", "mypy", "lint-imports")}
    assert entries == {
        "ruff-check": "ruff check",
        "ruff-format": "ruff format --check",
        "mypy": "mypy",
        "lint-imports": "lint-imports",
    }
    for name in entries:
        hook = hooks[name]
        assert hook["language"] == "system"
        # pre-commit picks a hook's files by type or pattern: every Python file, or any of the package's.
        assert hook.get("types") == ["python"] or re.search(hook["files"], "mentorkit/model/kinds.py"), name
        assert (
            shutil.which(hook["entry"].split()[0]) or (Path(sys.executable).parent / hook["entry"].split()[0]).exists()
        )


ARCHITECTURE = REPO / "docs" / "architecture.md"


def _modules() -> set[str]:
    package = REPO / "mentorkit"
    # templates/ holds files init copies into a new site (its build.py, its tests): data, not modules.
    return {
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if p.name != "__init__.py" and not p.relative_to(package).as_posix().startswith("templates/")
    }


def test_architecture_names_every_module_and_only_modules_that_exist():
    named = set(re.findall(r"`([\w/]+\.py)`", ARCHITECTURE.read_text(encoding="utf-8")))
    missing = sorted(_modules() - named)
    assert not missing, (
        "docs/architecture.md does not name these modules: add a row | `<module>` | what it does | for each "
        "to its subpackage's table under 'Every module': " + ", ".join(missing)
    )
    gone = sorted(m for m in named - _modules() if not (REPO / m).exists())
    assert not gone, "docs/architecture.md names modules that do not exist (renamed or removed?): " + ", ".join(gone)
