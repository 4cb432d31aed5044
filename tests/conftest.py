"""Shared test helpers: a copy of a small fixture site that a test edits."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentorkit.build.pipeline import check
from mentorkit.problems import Problem

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@dataclass
class SiteDir:
    root: Path

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        target = self.path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def line_of(self, rel: str, needle: str, occurrence: int = 1) -> int:
        seen = 0
        for number, line in enumerate(self.read(rel).splitlines(), start=1):
            if needle in line:
                seen += 1
                if seen == occurrence:
                    return number
        raise AssertionError(f"{needle!r} not in {rel}")

    def problems(self) -> list[Problem]:
        return check(self.root)[1]

    def errors(self) -> list[tuple[str, int | None, str]]:
        """Errors flattened to (file, line, code), the way tests compare them."""
        return [(p.file, p.line, p.code) for p in self.problems() if p.severity == "error"]

    def warnings(self) -> list[tuple[str, int | None, str]]:
        return [(p.file, p.line, p.code) for p in self.problems() if p.severity == "warning"]


def copy_fixture(name: str, target: Path) -> SiteDir:
    shutil.copytree(FIXTURES / name, target)
    return SiteDir(target)


@pytest.fixture
def site(tmp_path: Path) -> SiteDir:
    return copy_fixture("minimal", tmp_path / "site")


@pytest.fixture(autouse=True)
def _cache_outside_fixtures(tmp_path_factory, monkeypatch):
    """Commands keep their cache in a test's own folder, never in tests/fixtures or the user's home."""
    monkeypatch.setenv("MENTORKIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("MENTORKIT_CACHE_KEY", "tests-only-cache-key")
