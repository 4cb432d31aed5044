"""A new programme from nothing, as its staff would type it: init -> new -> check -> build -> serve,
and the workflows init writes, run step by step on this machine."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mentorkit.build.pipeline import check
from mentorkit.commands.new import academic_year

from .conftest import REPO
from .test_init import FUTURE_STEPS
from .test_serve import _free_port, _get, _wait_for

pytestmark = pytest.mark.slow

EXAMPLES = {"60mm": REPO, "academy-hub": REPO / "examples" / "academy-hub"}


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args], cwd=root, capture_output=True, text=True, timeout=600
    )


def _example_texts() -> set[str]:
    """Names only the bundled examples use: programmes, organisations, schools and their towns, mentors."""
    texts: set[str] = set()
    for root in EXAMPLES.values():
        site, _ = check(root)
        assert site.programme
        texts |= {site.programme.name, site.programme.short_name, site.programme.organisation.name}
        texts |= {school.name for school in site.schools.values()} | {school.town for school in site.schools.values()}
        texts |= {mentor.name for mentor in site.mentors.values()}
    # ...and the ids made from them (sam-okafor), as a command line in a chapter would show them.
    return texts | {re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") for text in texts if " " in text}


def _published_text(folder: Path) -> str:
    suffixes = {".html", ".xml", ".json", ".csv", ".txt", ".yml", ".js", ".ics", ".svg"}
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(folder.rglob("*"))
        if p.suffix in suffixes and "admin" not in p.relative_to(folder).parts[:1]
    )


def test_from_nothing_to_a_served_site_with_nothing_of_the_examples(tmp_path):
    root = tmp_path / "future-steps"
    year = academic_year(dt.date.today())
    assert _run(tmp_path, "init", str(root), *FUTURE_STEPS).returncode == 0
    # The programme replaces the third outline plan with its own.
    next(root.glob("sessions/03-*.yaml")).unlink()
    for args in (
        ["school", "harbour-high"],
        ["mentor", "priya-shah"],
        ["session", "careers-fair"],
        ["cohort", year, "harbour-high"],
    ):
        result = _run(root, "new", *args)
        assert result.returncode == 0, result.stderr
        if args[0] == "school":  # its codes, as the note says (invented: 999xxx is no real school)
            assert "urn and laestab" in result.stderr
            with (root / "content" / "schools" / "harbour-high.yaml").open("a", encoding="utf-8") as file:
                file.write('urn: "999001"\nlaestab: "9991001"\n')
    checked = _run(root, "check")
    assert checked.returncode == 0 and "warning" not in checked.stderr, checked.stderr
    assert check(root)[1] == []

    built = _run(root, "build")
    assert built.returncode == 0, built.stderr
    site = root / "site"
    assert (site / "sessions" / "03-careers-fair" / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Future Steps" in home and "Harbour Academies Trust" in home
    published = _published_text(site)
    leaked = sorted(text for text in _example_texts() if text in published)
    assert leaked == [], f"text of the bundled examples in the new site: {leaked}"

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--address", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # The generator serves under the site's path (https://harbour-trust.github.io/future-steps/).
        url = f"http://127.0.0.1:{port}/future-steps/sessions/03-careers-fair/"
        assert _wait_for(lambda: "Careers fair" in _get(url), 90), "serve never answered"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


# --- the generated workflows, run here --------------------------------------------------

#: Steps that need GitHub itself (its actions, its release API) or root (system packages
#: this machine already has: scripts/setup installs the same list).
NOT_HERE = ("sudo apt-get", "gh release")


def _steps(workflow: Path) -> list[str]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return [
        step["run"]
        for job in data["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step and not any(part in step["run"] for part in NOT_HERE)
    ]


@pytest.fixture(scope="module")
def local_mentorkit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment for the workflows' pip install, with this checkout as the site's pinned mentorkit.

    It sees the machine's packages (MkDocs, WeasyPrint...), so the install builds only
    mentorkit's own wheel, offline; the shared environment is left alone.
    """
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    return venv


def _environment(venv: Path, temp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
        "PIP_NO_DEPS": "1",
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip's inverted switch: build with the machine's hatchling
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(temp / "github-output"),
        "GITHUB_REF_TYPE": "tag",
        "GITHUB_REF_NAME": "report-2025-26",
        "PYTHONPATH": "",
    }


@pytest.mark.parametrize("workflow", ["check.yml", "publish.yml", "reports.yml"])
def test_the_workflows_build_steps_run_as_written_build_the_new_site(tmp_path, local_mentorkit, workflow):
    root = tmp_path / "future-steps"
    # This checkout instead of the release the site would pin.
    pin = f"mentorkit @ {REPO.as_uri()}"
    assert _run(tmp_path, "init", str(root), *FUTURE_STEPS, "--mentorkit", pin).returncode == 0
    env = _environment(local_mentorkit, tmp_path)
    steps = _steps(root / ".github" / "workflows" / workflow)
    assert any(run.startswith("mentorkit build") for run in steps)
    for run in steps:
        result = subprocess.run(
            ["bash", "-e", "-c", run], cwd=root, env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, f"{run}\n{result.stdout}\n{result.stderr}"
    installed = subprocess.run(
        [str(local_mentorkit / "bin" / "python"), "-c", "import mentorkit; print(mentorkit.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )
    assert str(local_mentorkit) in installed.stdout  # the wheel, not the checkout on the path
    built = next(p for p in tmp_path.iterdir() if p.name in ("preview", "site"))
    assert "Future Steps" in (built / "index.html").read_text(encoding="utf-8")


def test_zizmor_finds_nothing_in_the_workflows(tmp_path):
    zizmor = shutil.which("zizmor")
    if zizmor is None:
        pytest.skip("zizmor is not installed")
    root = tmp_path / "future-steps"
    assert _run(tmp_path, "init", str(root), *FUTURE_STEPS).returncode == 0
    result = subprocess.run(
        [zizmor, "--offline", str(root)],  # the workflows, dependabot.yml and the pre-commit config
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
