"""The one problem type every stage reports, and the one error users see.

Validators never raise on bad content: they return ``Problem`` values, so a
single run reports everything wrong across all files. The CLI is the only
place that turns problems into output and an exit code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with the content, located as precisely as we can.

    ``file`` is relative to the content root; ``line`` and ``column`` are
    1-based (``None`` when the problem is about a whole file or a folder).
    ``field`` is the dotted path inside the file, e.g. ``mentees[3].id``.
    ``code`` is a stable kebab-case identifier tests and tools can match on;
    every code is registered in ``mentorkit/codes.py`` and documented in
    docs/content-model.md (tests/test_problem_codes.py holds both to the source).
    """

    file: str
    line: int | None
    column: int | None
    field: str
    code: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def human(self) -> str:
        where = f"{self.location}: "
        subject = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}{prefix}{subject}{self.message}{hint} [{self.code}]"

    def github(self) -> str:
        # GitHub Actions workflow command; newlines and % must be escaped.
        props = [f"file={self.file}"]
        if self.line is not None:
            props.append(f"line={self.line}")
            if self.column is not None:
                props.append(f"col={self.column}")
        props.append(f"title={self.code}")
        subject = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        text = f"{subject}{self.message}{hint}"
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        level = "warning" if self.severity == "warning" else "error"
        return f"::{level} {','.join(props)}::{text}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def whole_file(cls, file: str, code: str, message: str, hint: str = "", severity: Severity = "error") -> Problem:
        """A problem about a whole file or folder: no line, column or field to point at."""
        return cls(file, None, None, "", code, message, hint, severity)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def format_problems(problems: Iterable[Problem], fmt: str = "human") -> str:
    problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.code))
    if fmt == "json":
        return json.dumps([p.as_dict() for p in problems], indent=2)
    if fmt == "github":
        return "\n".join(p.github() for p in problems)
    return "\n".join(p.human() for p in problems)


@dataclass
class MentorkitError(Exception):
    """The single user-facing failure: carries problems, prints no traceback."""

    message: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message
