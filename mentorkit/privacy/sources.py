"""The privacy scan that needs no built site: private values typed into staff-written Markdown.

A pupil's pseudonym or an unconsented mentor's name typed into a handbook
chapter, a page or a Markdown field of a YAML file is reported by ``check``
at the file, line and column where it was typed, so pre-commit and the
pull-request annotations show it there. It uses the privacy gate's own
secrets and matcher; the gate's scan of what the build renders and writes
stays the final net.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from mentorkit.load.content import Site, may_hold_markdown
from mentorkit.load.sanitise import markdown_fields
from mentorkit.load.source import Source, dotted
from mentorkit.model.kinds import KINDS
from mentorkit.privacy.gate import Matcher, Secret, _redact, secrets
from mentorkit.problems import Problem


class Finder(Protocol):
    """What the scan searches with: the gate's ``Matcher``, or ``typed_cache``'s look-up of known values."""

    @property
    def empty(self) -> bool: ...

    def find(self, text: str) -> Iterator[Secret]: ...


def scan(site: Site, matcher: Finder | None = None) -> list[Problem]:
    """A problem wherever a Markdown field or body holds a value that must never be published."""
    matcher = matcher or Matcher(secrets(site))
    if matcher.empty:
        return []
    return [
        problem for _, source, model in markdown_models(site) for problem in scan_model(site, source, model, matcher)
    ]


def scan_model(site: Site, source: Source, model: Any, matcher: Finder) -> list[Problem]:
    """``scan`` of one file: a function of its bytes and of the site's private values (``typed_cache`` relies on it)."""
    problems: list[Problem] = []
    text_lines: list[str] | None = None
    for path, text in markdown_fields(model):
        # A value is not leaked by the file it is recorded in (a mentor's own bio).
        # One problem per value: a long text is found by each run of its words.
        hits = list({(s.file, s.line, s.field): s for s in matcher.find(text) if s.file != source.rel}.values())
        if not hits:
            continue
        text_lines = text_lines or _lines(site.root / source.rel)
        start = source.body_line if path == ("body",) else (source.position(path)[0] or 1)
        for secret in hits:
            line, column = _locate(text_lines, start, secret)
            problems.append(
                Problem(
                    source.rel,
                    line,
                    column,
                    dotted(path),
                    "privacy-leak",
                    f'{secret.what} "{_redact(secret.text)}" ({secret.file}'
                    + (f":{secret.line}" if secret.line else "")
                    + f", {secret.field}) is typed here, and the site would publish it",
                    hint(site, secret),
                )
            )
    return problems


def markdown_models(site: Site) -> Iterator[tuple[str, Source, Any]]:
    """Every file that may hold Markdown: its kind, its source and its model."""
    for kind in KINDS:
        if not may_hold_markdown(kind.model):
            continue  # cohorts: thousands of mentees, no Markdown
        models = {"programme": site.programme} if kind.name == "programme" else site.of(kind.name)
        for key, model in sorted(models.items()):
            if model is not None:
                yield kind.name, site.source(kind.name, key), model


def hint(site: Site, secret: Secret) -> str:
    """The fix that fits the kind of secret: a pupil's pseudonym is never a matter of consent."""
    what = secret.what
    if what == "mentee pseudonym":
        return "remove it; pupils are never named on the site"
    if what == "free-text survey answer":
        return "remove it; free-text survey answers are never published"
    if what == "testimonial without consent":
        return f"remove it, or record the consent: set consent to true in {secret.file}"
    if what.startswith("mentor"):
        mentor = site.mentors.get(Path(secret.file).stem)
        if mentor is not None and mentor.kind == "peer":
            return "remove it; peer mentors are students and are never named on the site"
        setting = {"name": "publish_name", "organisation": "publish_organisation"}.get(secret.field, "publish_quote")
        return f"remove it, or record the mentor's consent: set consent.{setting} to true in {secret.file}"
    return "remove it"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def _locate(lines: list[str], start: int, secret: Secret) -> tuple[int, int | None]:
    """Line and column of the value's first appearance at or after line ``start``.

    The matcher ignores case and runs of spaces, so the value may be written
    in capitals or wrapped onto the next line; the pattern allows both.
    """
    words = r"\s+".join(re.escape(word) for word in secret.text.split())
    pattern = rf"(?<![\w-]){words}(?![\w-])" if secret.whole_word else words
    text = "\n".join(lines[start - 1 :])
    match = re.search(pattern, text, re.IGNORECASE)
    if match is None:
        return start, None
    before = text[: match.start()]
    return start + before.count("\n"), match.start() - (before.rfind("\n") + 1) + 1
