"""The Nu HTML Checker (vnu.jar from the npm package vnu-jar, run with the machine's java).

One run over every folder and file given (starting the JVM is most of the
cost), errors only, as JSON. ``THEME_ERRORS`` are errors in Material for
MkDocs' own markup that no template block lets mentorkit change; each is
matched by its exact message and a piece of the offending markup, so the same
message in markup mentorkit generates still fails.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KnownError:
    message: str
    extract: str
    reason: str


THEME_ERRORS = [
    KnownError(
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, "
        "“hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
        'class="md-toggle"',
        "Material's base.html puts autocomplete=off on its drawer and search toggles (outside any block) so browsers "
        "do not restore them; harmless",
    ),
    KnownError(
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
        'class="md-nav__title" for="__toc"',
        "Material's partials/toc.html labels the table of contents toggle, which its nav omits on a section's index "
        "page; no block covers it",
    ),
]


@dataclass(frozen=True)
class Message:
    file: str
    line: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}\n    {self.extract.strip()}"


def check(vnu_jar: Path, targets: list[Path]) -> list[Message]:
    """Every error vnu reports in ``targets`` (folders are searched for .html files)."""
    command = [
        "java",
        "-Xss8m",
        "-jar",
        str(vnu_jar),
        "--errors-only",
        "--format",
        "json",
        "--skip-non-html",
        *map(str, targets),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    # vnu writes its report to stderr and exits 1 when it found errors.
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        raise AssertionError(f"vnu did not run (exit {result.returncode}):\n{result.stderr[-2000:]}") from None
    return [
        Message(m.get("url", "").removeprefix("file:"), m.get("lastLine"), m["message"], m.get("extract", ""))
        for m in report.get("messages", [])
        # non-document-error: a file vnu could not read, which must not pass as clean.
        if m.get("type") in ("error", "non-document-error")
    ]


def known(message: Message) -> KnownError | None:
    return next((k for k in THEME_ERRORS if k.message == message.message and k.extract in message.extract), None)
