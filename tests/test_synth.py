"""The benchmarks' synthetic content: valid against every rule, deterministic, and adding
questionnaires leaves the smaller presets' files as they were."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from mentorkit.build.pipeline import check
from mentorkit.problems import errors

from .conftest import REPO


def _synth():
    spec = importlib.util.spec_from_file_location("synth", REPO / "benchmarks" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_questionnaire_a_year_gives_valid_content_the_same_every_time(tmp_path):
    synth = _synth()
    config = synth.Config(schools=2, years=1, mentees=12, surveys_per_year=len(synth.SURVEY_ORDER))
    stats = synth.generate(tmp_path / "a", config)
    synth.generate(tmp_path / "b", config)
    assert stats.response_files == 10 and stats.response_rows > 8 * stats.mentee_years * 0.8
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    _, problems = check(tmp_path / "a")
    assert errors(problems) == []


def test_more_questionnaires_leave_the_first_ones_answers_unchanged(tmp_path):
    synth = _synth()
    synth.generate(tmp_path / "four", synth.Config(schools=2, years=2, surveys_per_year=4))
    synth.generate(tmp_path / "ten", synth.Config(schools=2, years=2, surveys_per_year=10))
    four, ten = _files(tmp_path / "four"), _files(tmp_path / "ten")
    assert four and all(ten[name] == data for name, data in four.items())
    assert set(ten) - set(four), "the other six questionnaires have answers too"
