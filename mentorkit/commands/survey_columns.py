"""Which column of a form's download is which: the mentee's pseudonym, the school, the
date, and each question.

A column is found, in this order, by the survey's ``import`` block (the headers an
earlier import saw), by its header (a question's id or text; ``mentee``,
``pseudonym``; ``Completion time``, ``Timestamp``), or by its values: the column
whose answers are the year's pseudonyms is the mentee's, the one whose answers are
the programme's schools is the school's. Forms names a column by its question, so a
form asking "What is your mentee code?" imports with nothing renamed, and the
import says how it found each column (``Mapping.how``).

After a first successful import, ``write_import_block`` saves the headers into the
survey's YAML (every other byte of the file kept), so next year's download of the
same form maps the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML

from mentorkit.commands.survey_export import Records, normalise
from mentorkit.files import write_atomically
from mentorkit.model import PSEUDONYM_PATTERN, Survey
from mentorkit.problems import Problem

#: Columns Forms adds that are not answers. Name and email are personal data and are never copied.
METADATA = {
    "id",
    "start time",
    "completion time",
    "last modified time",
    "email",
    "name",
    "email address",
    "timestamp",
    "total points",
    "quiz feedback",
    "score",
    "response id",
    "points",
}
MENTEE_HEADERS = {"mentee", "pseudonym", "mentee pseudonym", "mentee code", "student code", "your code", "code"}
SCHOOL_HEADERS = {"school", "school id", "your school"}
DATE_HEADERS = {"submitted", "completion time", "timestamp", "date", "submitted at"}
#: How a download's file name carries the form's title: "Before we start(1-12).xlsx" (Microsoft),
#: "Before we start (Responses).csv" (Google).
FORM_NAME = re.compile(r"^(?P<title>.+?)\s*(?:\(\d+-\d+\)|\(Responses\))(?:\s*\(\d+\))?$", re.IGNORECASE)

_PSEUDONYM = re.compile(PSEUDONYM_PATTERN)


@dataclass
class Mapping:
    mentee: int | None = None
    school: int | None = None
    submitted: int | None = None
    response_id: int | None = None
    questions: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    #: role ("mentee", "school", "submitted") -> how its column was found, for the message
    how: dict[str, str] = field(default_factory=dict)


def form_title(export: Path) -> str:
    """The form's title from a download's file name, or "" when the file was renamed."""
    match = FORM_NAME.match(export.stem)
    return match.group("title").strip() if match else ""


def question_headers(survey: Survey) -> dict[str, str]:
    """normalised header -> question id: ids, texts, and the headers an earlier import saved."""
    out = {q.id: q.id for q in survey.questions} | {normalise(q.text): q.id for q in survey.questions}
    if survey.import_:
        out |= {normalise(item.header): item.id for item in survey.import_.questions}
    return out


def map_columns(
    records: Records, survey: Survey, rel: str, roster: set[str], schools: dict[str, str]
) -> tuple[Mapping, list[Problem]]:
    """Each column's role, or a problem for every column that has none and every role with no column."""
    headers = records[0]
    mapping, problems = Mapping(), list[Problem]()
    left = _by_header(headers, survey, rel, mapping, problems)
    left = _by_values(records, left, mapping, roster, schools)
    for index in left:
        problems.append(
            Problem(
                rel,
                1,
                index + 1,
                headers[index],
                "unknown-column",
                f'the column "{headers[index]}" is not a question of the survey "{survey.title}"',
                "give it a question's id or its exact text, or delete the column from the export",
            )
        )
    return mapping, problems + _missing(survey, rel, mapping)


def _by_header(headers: list[str], survey: Survey, rel: str, mapping: Mapping, problems: list[Problem]) -> list[int]:
    """Columns recognised by their header; returns the indexes left over."""
    saved = survey.import_
    roles = {
        role: normalise(getattr(saved, role))
        for role in ("mentee", "school", "submitted")
        if saved and getattr(saved, role)
    }
    questions = question_headers(survey)
    left = []
    for index, header in enumerate(headers):
        key = normalise(header)
        role = next((r for r, h in roles.items() if h == key), None)
        if role and getattr(mapping, role) is None:
            setattr(mapping, role, index)
            mapping.how[role] = f'"{header}" (the survey\'s import block)'
        elif question := questions.get(header.strip()) or questions.get(key):
            if question in mapping.questions:
                problems.append(
                    Problem(
                        rel,
                        1,
                        index + 1,
                        header,
                        "duplicate-column",
                        f'"{header}" answers question "{question}" a second time',
                        "keep one column per question",
                    )
                )
            mapping.questions[question] = index
        elif not _by_known_header(key, header, index, mapping):
            left.append(index)
    return left


def _by_known_header(key: str, header: str, index: int, mapping: Mapping) -> bool:
    if key in MENTEE_HEADERS and mapping.mentee is None:
        mapping.mentee, mapping.how["mentee"] = index, f'"{header}" (its header)'
    elif key in SCHOOL_HEADERS and mapping.school is None:
        mapping.school, mapping.how["school"] = index, f'"{header}" (its header)'
    elif key in DATE_HEADERS and (mapping.submitted is None or key == "completion time"):
        mapping.submitted, mapping.how["submitted"] = index, f'"{header}" (its header)'
    elif key in ("id", "response id"):
        mapping.response_id = index
    elif key in METADATA:
        mapping.ignored.append(header)
    else:
        return False
    return True


def _by_values(
    records: Records, left: list[int], mapping: Mapping, roster: set[str], schools: dict[str, str]
) -> list[int]:
    """Of the columns no header explained, the one holding the year's pseudonyms and the one
    holding the programme's schools; returns the indexes still unexplained."""

    def values(index: int) -> list[str]:
        return [row[index].strip() for row in records[1:] if index < len(row) and row[index].strip()]

    if mapping.mentee is None:
        scored = []
        for index in left:
            found = values(index)
            known = sum(v.upper() in roster for v in found)
            if found and all(_PSEUDONYM.match(v.upper()) for v in found) and known * 2 >= len(found):
                scored.append((known, index))
        if scored:
            known, index = max(scored)
            mapping.mentee = index
            mapping.how["mentee"] = (
                f'"{records[0][index]}" (its values: {known} of {len(values(index))} are pseudonyms of the cohorts)'
            )
            left = [i for i in left if i != index]
    if mapping.school is None:
        for index in left:
            found = values(index)
            if found and all(v in schools or normalise(v) in schools for v in found):
                mapping.school = index
                mapping.how["school"] = f'"{records[0][index]}" (its values are the programme\'s schools)'
                left = [i for i in left if i != index]
                break
    return left


def _missing(survey: Survey, rel: str, mapping: Mapping) -> list[Problem]:
    problems = []
    if mapping.mentee is None:
        problems.append(
            Problem(
                rel,
                1,
                None,
                "",
                "missing-column",
                "no column holds the mentee's pseudonym: none is headed mentee or pseudonym, "
                "and in none are the answers the pseudonyms of this year's cohorts",
                "check --year, and that the form asks for the mentee's code",
            )
        )
    if mapping.submitted is None:
        problems.append(
            Problem(
                rel,
                1,
                None,
                "",
                "missing-column",
                "no column holds the date of the answers",
                'keep the form\'s "Completion time" (Microsoft) or "Timestamp" (Google) column',
            )
        )
    for question in survey.questions:
        if question.id not in mapping.questions:
            problems.append(
                Problem(
                    rel,
                    1,
                    None,
                    question.id,
                    "missing-column",
                    f'no column for the question "{question.text}"',
                    f"give the column the question's exact text or its id \"{question.id}\", or add the form's "
                    "header to the survey's import block; add an empty column if the form did not ask it",
                )
            )
    return problems


# --- saving the mapping -----------------------------------------------------------------


def import_block(records: Records, survey: Survey, mapping: Mapping, form: str) -> dict[str, Any]:
    """The ``import`` block this mapping would save, as data."""
    headers = records[0]
    block: dict[str, Any] = {}
    if form or (survey.import_ and survey.import_.form):
        block["form"] = form or (survey.import_.form if survey.import_ else "")
    for role in ("mentee", "school", "submitted"):
        index = getattr(mapping, role)
        if index is not None:
            block[role] = headers[index]
    block["questions"] = [{"id": q.id, "header": headers[mapping.questions[q.id]]} for q in survey.questions]
    return block


HEADER_COMMENT = (
    "# Written by import-survey: each column's header in the form's download, so the next\n"
    "# download imports with nothing renamed. Change a header here if the form's question changes.\n"
)


def write_import_block(path: Path, block: dict[str, Any]) -> bool:
    """Put ``block`` as the survey file's ``import``, every other byte kept; False when it was already there."""
    text = path.read_text(encoding="utf-8")
    before = yaml.safe_load(text) or {}
    if before.get("import") == block:
        return False
    lines = _block_lines(block)
    start, end = _import_span(text)
    if start is None:
        new = text + ("" if text.endswith("\n") or not text else "\n") + HEADER_COMMENT + lines
    else:
        new = text[:start] + lines + text[end:]
    after = yaml.safe_load(new)
    # Only the import block may differ: anything else and nothing is written.
    if {k: v for k, v in after.items() if k != "import"} != {k: v for k, v in before.items() if k != "import"}:
        raise AssertionError(f"writing the import block would change other fields of {path}")
    if after.get("import") != block:
        raise AssertionError(f"the import block did not read back as written in {path}")
    write_atomically(path, new)
    return True


def _quoted(value: str) -> str:
    # A JSON string is a YAML double-quoted scalar: headers with ": ", "#" or quotes stay text.
    return json.dumps(value, ensure_ascii=False)


def _block_lines(block: dict[str, Any]) -> str:
    out = ["import:"]
    for key, value in block.items():
        if key != "questions":
            out.append(f"  {key}: {_quoted(value)}")
    out.append("  questions:")
    for item in block["questions"]:
        out.append(f"    - id: {item['id']}")
        out.append(f"      header: {_quoted(item['header'])}")
    return "\n".join(out) + "\n"


def _import_span(text: str) -> tuple[int | None, int]:
    """Where the file's top-level ``import`` block is (start and end offsets), found by ruamel."""
    data = YAML(typ="rt").load(text)
    if not data or "import" not in data:
        return None, len(text)
    line = data.lc.key("import")[0]
    starts = [0]
    for piece in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(piece))
    lines = text.splitlines(keepends=True)
    # The block runs to its last indented line; blank lines and comments after it belong to what follows.
    end_line = line + 1
    for number in range(line + 1, len(lines)):
        if not lines[number].strip():
            continue
        if lines[number][:1] not in (" ", "\t", "-"):
            break
        end_line = number + 1
    return starts[line], starts[end_line]
