"""CSV tables: survey responses and indicator series.

Each table's Frictionless Table Schema is generated — a response table's
from its survey instrument. ``fasttables`` checks a table column by column
and reads its typed rows; for a table with errors, frictionless itself
validates it and its errors are translated into problems at
``file:line:column``, so a CSV mistake reads like a YAML one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frictionless import Dialect, Schema
from frictionless.resources import TableResource

from mentorkit.load.csv_text import cell_at, short, unclosed_quote
from mentorkit.load.packed import Packed
from mentorkit.load.text_file import read_text
from mentorkit.model import PSEUDONYM_PATTERN, SLUG_PATTERN, Survey
from mentorkit.model.base import PATTERN_HINTS
from mentorkit.problems import Problem

#: A year's responses to one survey for a whole programme are a few thousand
#: rows; the limit keeps a mistaken 200 MB export from being read at all.
MAX_CSV_BYTES = 50_000_000

YEAR_LABEL_PATTERN = r"^[0-9]{4}(-[0-9]{2})?$"


def response_schema(survey: Survey) -> dict[str, Any]:
    """The Table Schema of ``content/surveys/responses/<year>/<survey>.csv``."""
    rated = "the mentee rated" if survey.respondent == "teacher" else "the mentee who answered"
    fields: list[dict[str, Any]] = [
        {
            "name": "mentee",
            "type": "string",
            "description": f"Pseudonym of {rated} (as in the cohort file).",
            "constraints": {"required": True, "pattern": PSEUDONYM_PATTERN},
        },
        {
            "name": "school",
            "type": "string",
            "description": "The school's id (content/schools/<id>.yaml).",
            "constraints": {"required": True, "pattern": SLUG_PATTERN},
        },
        {
            "name": "submitted",
            "type": "date",
            "description": "Date the answers were given (YYYY-MM-DD).",
            "constraints": {"required": True},
        },
    ]
    for question in survey.questions:
        column: dict[str, Any] = {"name": question.id, "title": question.text}
        if question.kind == "scale":
            assert survey.scale is not None  # the model guarantees it
            labels = survey.scale.labels
            column.update(
                type="integer",
                description="Answer code: "
                + ", ".join(f"{i} = {label}" for i, label in enumerate(labels, 1))
                + "; blank for no answer.",
                constraints={"minimum": 1, "maximum": len(labels)},
            )
        elif question.kind == "yes_no":
            column.update(
                type="string", description="yes or no; blank for no answer.", constraints={"enum": ["yes", "no"]}
            )
        else:
            column.update(type="string", description="Free text. Never published.")
        fields.append(column)
    return {"fields": fields, "missingValues": [""], "primaryKey": ["mentee"]}


def indicator_schema() -> dict[str, Any]:
    """The Table Schema of ``content/indicators/<id>.csv``."""
    return {
        "fields": [
            {
                "name": "year",
                "type": "string",
                "description": "Year (2023) or academic year (2023-24) of the value.",
                "constraints": {"required": True, "pattern": YEAR_LABEL_PATTERN},
            },
            {
                "name": "value",
                "type": "number",
                "description": "The programme area's value.",
                "constraints": {"required": True, "minimum": 0, "maximum": 100},
            },
            {
                "name": "comparator",
                "type": "number",
                "description": "The comparator's value (e.g. England); blank if not published.",
                "constraints": {"minimum": 0, "maximum": 100},
            },
        ],
        "missingValues": [""],
        "primaryKey": ["year"],
    }


@dataclass
class Table(Packed):
    """A validated CSV: typed rows, each with the line it came from (unpickled when first read)."""

    PACKED = ("rows",)

    rel: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    def line_of(self, index: int) -> int:
        return int(self.rows[index]["_line"])


def load_table(root: Path, rel: str, schema: dict[str, Any]) -> tuple[Table | None, list[Problem]]:
    """Validate one CSV and read its typed rows: the table, or None and its problems."""
    from mentorkit.load import (
        fast_tables as fasttables,
    )  # polars takes a quarter of a second to import: only sites with tables pay

    raw, problems = read_text(root / rel, rel, MAX_CSV_BYTES, keep_line_ends=True)
    if raw is None:
        return None, problems
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    header = _header_problem(rel, schema, text)
    if header:
        return None, [header]
    checked = fasttables.check(raw, schema)
    if checked is not None and not checked.findings:
        return Table(rel, checked.rows()), []
    unclosed = unclosed_quote(text, rel)
    if unclosed:
        return None, [unclosed]
    read = fasttables.records(raw)
    if read is None:
        return None, [
            Problem.whole_file(
                rel,
                "unreadable-table",
                "cannot read the table: it is not a valid CSV file",
                "save it as a UTF-8 CSV file",
            )
        ]
    records, starts = read
    # frictionless copies the whole row into each extra-cell error, so a row of
    # 100,000 stray commas costs minutes; one extra cell says as much as all of them.
    width = len(schema["fields"]) + 1
    records = [record if len(record) <= width else record[:width] for record in records]
    line_of = dict(enumerate(starts, start=1))  # frictionless' row number -> the line the record starts on
    report = _resource(records, schema).validate()
    lines = text.split("\n")
    problems = list(
        dict.fromkeys(
            _translate(rel, schema, error, lines, line_of)
            for error in (report.tasks[0].errors if report.tasks else report.errors)
        )
    )
    if problems:
        return None, problems
    # frictionless sees no error where the fast check did (a mistake in fasttables): believe frictionless
    return Table(rel, _rows_from(_resource(records, schema), line_of)), []


def validate_table(root: Path, rel: str, schema: dict[str, Any]) -> list[Problem]:
    """Validate one CSV; return its problems in our terms."""
    return load_table(root, rel, schema)[1]


def _resource(records: list[list[str]], schema: dict[str, Any]) -> TableResource:
    """frictionless, given the records Python's csv module read (comma-separated, double quotes).

    Left to read the file, frictionless guesses the dialect with ``csv.Sniffer``,
    whose patterns take time quadratic in a line's length (a 40 kB line of
    ``,"`` took 8 s), and which can take ``;`` or ``|`` in free-text answers
    for the delimiter. And the header is row 1 (``_header_problem`` saw to it):
    left to guess, frictionless takes the first row as wide as the average.
    """
    return TableResource(data=records, schema=Schema.from_descriptor(schema), dialect=Dialect(header_rows=[1]))


def _rows_from(resource: TableResource, line_of: dict[int, int]) -> list[dict[str, Any]]:
    numbers = {f.name for f in resource.schema.fields if f.type == "number"}
    rows = []
    with resource:
        for row in resource.row_stream:
            typed = {
                name: (float(value) if name in numbers and value is not None else value)
                for name, value in row.to_dict().items()
            }
            rows.append({"_line": line_of.get(row.row_number, row.row_number), **typed})
    return rows


def _header_problem(rel: str, schema: dict[str, Any], text: str) -> Problem | None:
    """One clear message for a wrong header row, instead of one per column."""
    expected = [f["name"] for f in schema["fields"]]
    first = text.split("\n", 1)[0]
    found = next(csv.reader([first]), [])
    if found == expected:
        return None
    if len(found) == 1 and ";" in first:
        return Problem(
            rel,
            1,
            None,
            "",
            "semicolon-csv",
            "the columns are separated by semicolons",
            "save it as 'CSV (comma delimited)'; in Excel: File > Save As > CSV UTF-8",
        )
    if [c for c in found if c.strip()] == expected:
        return Problem(
            rel,
            1,
            None,
            "",
            "empty-columns",
            "the header has empty columns",
            "delete the empty columns (a spreadsheet often adds them at the end)",
        )
    missing = [c for c in expected if c not in found]
    extra = [c for c in found if c not in expected]
    if missing or extra:
        what = "; ".join(
            part
            for part in (
                "missing " + ", ".join(missing) if missing else "",
                "unexpected " + ", ".join(f'"{c}"' for c in extra) if extra else "",
            )
            if part
        )
    else:
        what = "the columns are in the wrong order"
    return Problem(
        rel,
        1,
        None,
        "",
        "wrong-columns",
        f"the header does not match the survey: {what}",
        "the columns must be, in order: " + ",".join(expected),
    )


def _column_of(lines: list[str], line: int | None, field_number: int | None) -> int | None:
    """Character column where cell ``field_number`` starts on ``line`` (1-based)."""
    if not line or not field_number or line > len(lines):
        return None
    text = lines[line - 1]
    column, cell, quoted = 1, 1, False
    for offset, char in enumerate(text):
        if cell == field_number:
            return column
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            cell += 1
            column = offset + 2
    return column if cell == field_number else None


@dataclass
class _Error:
    """One frictionless error, placed: the file, row, column and field it is about, and the cell as shown."""

    rel: str
    row: int | None
    column: int | None
    name: str
    shown: str
    note: str
    spec: dict[str, Any]

    def located(self, code: str, message: str, hint: str = "") -> Problem:
        return Problem(self.rel, self.row, self.column, self.name, code, message, hint)


def _translate(rel: str, schema: dict[str, Any], error: Any, lines: list[str], line_of: dict[int, int]) -> Problem:
    kind = error.type
    row = getattr(error, "row_number", None)
    row = line_of.get(row, row) if row else row
    number = getattr(error, "field_number", None)
    name = getattr(error, "field_name", None) or ""
    note = getattr(error, "note", "") or ""
    spec: dict[str, Any] = next((f for f in schema["fields"] if f["name"] == name), {})
    shown = f'"{short(str(getattr(error, "cell", None)))}"'
    placed = _Error(rel, row, _column_of(lines, row, number), name, shown, note, spec)
    if kind == "type-error":
        return _type_error(placed)
    if kind == "constraint-error":
        return _constraint_error(placed)
    if kind == "primary-key":
        return _duplicate_row(placed, schema, lines)
    if kind in ("missing-label", "incorrect-label", "extra-label", "duplicate-label", "blank-label"):
        return _wrong_columns(placed, kind, schema, lines, number, getattr(error, "label", "") or "")
    if kind in ("extra-cell", "missing-cell"):
        what = (
            "has more cells than there are columns"
            if kind == "extra-cell"
            else "has fewer cells than there are columns"
        )
        return Problem(rel, row, None, "", kind, f"row {what}", "check for a stray comma or a missing one")
    if kind == "blank-row":
        return Problem(rel, row, None, "", "blank-row", "the row is empty", "delete the empty row")
    if kind in ("encoding-error", "source-error", "scheme-error", "format-error", "resource-error"):
        return Problem.whole_file(
            rel,
            "unreadable-table",
            f"cannot read the table: {note or error.message}",
            "save it as a UTF-8 CSV file",
        )
    return Problem(rel, row, placed.column, name, kind, error.message)


def _type_error(error: _Error) -> Problem:
    spec, shown = error.spec, error.shown
    if spec.get("type") == "date":
        return error.located(
            "invalid-date",
            f"{shown} is not a date",
            "write YYYY-MM-DD, e.g. 2024-09-30; in Excel, format the column as text first",
        )
    if spec.get("type") == "integer":
        return error.located("invalid-number", f"{shown} is not a whole number", spec.get("description", ""))
    return error.located("invalid-value", f"{shown} is not a {spec.get('type', 'value')}", spec.get("description", ""))


def _constraint_error(error: _Error) -> Problem:
    spec, shown, note = error.spec, error.shown, error.note
    constraints = spec.get("constraints", {})
    if note.startswith('constraint "required"'):
        return error.located("missing-value", "is empty but required", spec.get("description", ""))
    if note.startswith('constraint "pattern"'):
        pattern = constraints.get("pattern", "")
        what = "is not a pseudonym" if pattern == PSEUDONYM_PATTERN else "is not in the right form"
        return error.located(
            "invalid-pseudonym" if pattern == PSEUDONYM_PATTERN else "invalid-format",
            f"{shown} {what}",
            PATTERN_HINTS.get(pattern, ""),
        )
    if note.startswith('constraint "enum"'):
        return error.located(
            "invalid-choice",
            f"{shown} is not one of {', '.join(constraints['enum'])}",
            "write yes or no, or leave the cell blank",
        )
    if note.startswith('constraint "minimum"') or note.startswith('constraint "maximum"'):
        low, high = constraints.get("minimum"), constraints.get("maximum")
        return error.located("out-of-range", f"{shown} is outside {low}..{high}", spec.get("description", ""))
    return error.located("constraint", f"{shown} breaks a rule: {note}")


def _duplicate_row(error: _Error, schema: dict[str, Any], lines: list[str]) -> Problem:
    key = schema["primaryKey"][0]
    position = [i for i, f in enumerate(schema["fields"]) if f["name"] == key][0] + 1
    value = cell_at(lines, error.row, position)
    return Problem(
        error.rel,
        error.row,
        1,
        key,
        "duplicate-row",
        f'"{value}" has more than one row ({error.note})',
        f"keep one row per {key}",
    )


def _wrong_columns(
    error: _Error, kind: str, schema: dict[str, Any], lines: list[str], number: int | None, label: str
) -> Problem:
    expected = ", ".join(f["name"] for f in schema["fields"])
    name = error.name
    what = {
        "missing-label": f'column {number} "{name}" is missing',
        "incorrect-label": f'column {number} is "{label}" but should be "{name}"',
        "extra-label": f'column {number} "{label}" is not expected',
        "duplicate-label": f'column {number} "{label}" appears twice',
        "blank-label": f"column {number} has no name",
    }[kind]
    return Problem(
        error.rel,
        1,
        _column_of(lines, 1, number),
        name or label,
        "wrong-columns",
        what,
        f"the columns must be, in order: {expected}",
    )
