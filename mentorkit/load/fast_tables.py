"""CSV tables checked column by column: frictionless' verdict, fast.

frictionless reads a table row by row in Python, about 50,000 rows a second;
a national programme has half a million response rows. Here polars parses
the file and each rule is applied to a whole column at once:

* a cell's type and constraints are decided once per distinct value, by
  frictionless' own cell reader, so ``integer``, ``date`` or ``pattern``
  mean exactly what they mean there (``int(" 3 ")`` is 3, ``2024-9-1`` is a
  date); only a column of mostly distinct values (pseudonyms, free text)
  is first sifted with a vectorised test that can only accept what
  frictionless accepts;
* cell counts, blank rows and primary keys are vector operations.

``check`` returns the errors frictionless would report (the same rows,
fields and types, in the same order, up to its limit of 1,000: see
tests/test_fast_tables.py) and, for a valid table, its typed rows. Callers
ask frictionless itself for the wording of the (rare) tables with errors.

Parsing is exact by construction. A table is comma-separated with double
quotes (Python's ``csv.excel``, what spreadsheets save as CSV), and
frictionless is given the records Python's csv module reads with that
dialect (``records``). polars parses only text whose every quote is
a well-formed RFC 4180 quoted field and whose every line has the expected
number of commas; anything else (ragged rows, blank lines, stray quotes,
old Mac line ends) is split by the csv module itself.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from frictionless import Schema

#: frictionless stops collecting errors at this many (``limit_errors``).
LIMIT_ERRORS = 1000
#: Comma-separated, double quotes doubled inside quoted cells.
DIALECT = csv.excel

_QUOTED_FIELD = re.compile(r'(?<![^,\n])"(?:[^"]|"")*"(?![^,\n])')
#: Patterns polars' regex engine reads as Python's ``re`` does: ASCII classes,
#: counts, groups, anchors. Any other pattern is checked value by value.
_PORTABLE_PATTERN = re.compile(r"[\^$A-Za-z0-9\[\]\-(){},*+?|]*")
#: Stands for a cell beyond the end of a short row (NUL never reaches here:
#: ``read_text`` refuses files that contain it).
_MISSING = "\x00"


@dataclass(frozen=True)
class TableFinding:
    """One error as frictionless reports it (``report.flatten(["rowNumber", "fieldName", "type"])``)."""

    row: int  # the header is row 1
    field: str | None  # None for a whole-row error, "" for an extra cell
    type: str


@dataclass
class Checked:
    findings: list[TableFinding]
    #: typed values per column, in the table's order (empty when there are findings)
    columns: dict[str, list[Any]]
    #: the physical line each record starts on (the header is line 1)
    lines: list[int]
    #: columns of type number: frictionless reads them as Decimal, tables hold floats
    numbers: set[str]

    def rows(self) -> list[dict[str, Any]]:
        """Each record as a dict of typed values, with the line it starts on as ``_line``."""
        columns = [
            [None if value is None else float(value) for value in values] if name in self.numbers else values
            for name, values in self.columns.items()
        ]
        keys = ("_line", *self.columns)
        return [dict(zip(keys, values)) for values in zip(self.lines, *columns)]


def check(text: str, schema: dict[str, Any]) -> Checked | None:
    """Check a CSV's text (BOM removed, line ends as in the file) against a Table Schema.

    None when only frictionless can say: the csv module cannot split the
    text, or its first record is not the schema's header.
    """
    fields = _fields(json.dumps(schema, sort_keys=True))
    names = [f.name for f, _ in fields]
    parsed = _parse_fast(text, names) or _parse_exact(text, names)
    if parsed is None:
        return None
    values, cells, lines = parsed
    return _check_columns(fields, schema.get("primaryKey") or [], values, cells, lines)


@functools.lru_cache(maxsize=64)
def _fields(descriptor: str) -> list[tuple[Any, Callable[[Any], tuple[Any, dict[str, str] | None]]]]:
    """Each field of a Table Schema with frictionless' reader of its cells.

    Building them takes milliseconds (frictionless looks through its plugins);
    a site has a few schemas and many files.
    """
    return [(field, field.create_cell_reader()) for field in Schema.from_descriptor(json.loads(descriptor)).fields]


# ---------------------------------------------------------------- parsing


Parsed = tuple[dict[str, pl.Series], "pl.Series | None", list[int]]


def _parse_fast(text: str, names: list[str]) -> Parsed | None:
    """polars' parse, when the text is plain enough that it must match the csv module's."""
    if "\r" in text:
        if '"' in text or text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    flat = _QUOTED_FIELD.sub("q", text) if '"' in text else text
    if '"' in flat:
        return None
    lines = pl.Series((flat[:-1] if flat.endswith("\n") else flat).split("\n"))
    if not ((lines.str.count_matches(",", literal=True) == len(names) - 1) & (lines.str.len_bytes() > 0)).all():
        return None  # a ragged or blank line: the csv module splits those
    try:
        frame = pl.read_csv(
            text.encode("utf-8"), has_header=True, infer_schema=False, empty_string_is_null=False, quote_char='"'
        )
    except Exception:  # polars found something the checks above did not: let the csv module split it
        return None
    if frame.columns != names or frame.height != len(lines) - 1:
        return None
    lines_of = list(range(2, frame.height + 2))
    if '"' in text and "\n" in "".join(_QUOTED_FIELD.findall(text)):
        inside = frame.select(pl.sum_horizontal(pl.all().str.count_matches("\n", literal=True))).to_series()
        before = inside.cum_sum().shift(1, fill_value=0)
        lines_of = (pl.Series(lines_of) + before).to_list()
    return {name: frame.get_column(name) for name in names}, None, lines_of


def records(text: str) -> tuple[list[list[str]], list[int]] | None:
    """Each record as Python's csv module reads it, and the line it starts on (the header's is 1).

    None when the csv module cannot split the text at all.
    """
    reader = csv.reader(io.StringIO(text, newline=""), DIALECT)
    out, lines_of, line = [], [], 0
    try:
        for record in reader:
            out.append(record)
            lines_of.append(line + 1)
            line = reader.line_num
    except csv.Error:
        return None
    return out, lines_of


def _parse_exact(text: str, names: list[str]) -> Parsed | None:
    read = records(text)
    if read is None or not read[0] or read[0][0] != names:
        return None
    body, width = read[0][1:], len(names)
    values = {
        name: pl.Series(name, [record[i] if len(record) > i else _MISSING for record in body], dtype=pl.String)
        for i, name in enumerate(names)
    }
    cells = pl.Series([len(record) for record in body], dtype=pl.Int64) if any(len(r) != width for r in body) else None
    return values, cells, read[1][1:]


# ---------------------------------------------------------------- checking


@dataclass
class _Column:
    """One column's verdicts: typed values, and for each row with errors its error types."""

    typed: list[Any]
    errors: dict[int, list[str]]  # row index -> frictionless error types, in order
    blank: pl.Series  # rows where frictionless counts the cell blank


def _check_columns(
    compiled: list[tuple[Any, Any]],
    primary_key: list[str],
    values: dict[str, pl.Series],
    cells: pl.Series | None,
    lines: list[int],
) -> Checked:
    height = len(lines)
    fields = [field for field, _ in compiled]
    columns = {field.name: _check_column(field, read, values[field.name]) for field, read in compiled}
    blank_rows = pl.repeat(True, height, dtype=pl.Boolean, eager=True)
    for column in columns.values():
        blank_rows = blank_rows & column.blank
    error_rows: set[int] = set()
    for column in columns.values():
        error_rows.update(column.errors)
    width = len(fields)
    if cells is not None:
        error_rows.update((cells != width).arg_true().to_list())
    blank_list = blank_rows.arg_true().to_list()
    error_rows.update(blank_list)
    key_errors = _primary_key_errors(fields, primary_key, columns, values)
    error_rows.update(key_errors)
    if not error_rows:
        return Checked(
            [],
            {name: column.typed for name, column in columns.items()},
            lines,
            {f.name for f in fields if f.type == "number"},
        )

    blank = set(blank_list)
    findings: list[TableFinding] = []
    for index in sorted(error_rows):
        row = index + 2  # frictionless counts the header as row 1
        found = [
            TableFinding(row, name, kind) for name, column in columns.items() for kind in column.errors.get(index, ())
        ]
        count = int(cells[index]) if cells is not None else width
        found += [TableFinding(row, "", "extra-cell") for _ in range(count - width)]
        found += [TableFinding(row, field.name, "missing-cell") for field in fields[count:]]
        if index in blank:
            found = [TableFinding(row, None, "blank-row")]
        if index in key_errors:
            found.append(TableFinding(row, None, "primary-key"))
        findings += found
        if len(findings) >= LIMIT_ERRORS:
            findings = findings[:LIMIT_ERRORS]
            break
    return Checked(findings, {}, lines, set())


def _check_column(field: Any, read: Callable[[Any], tuple[Any, dict[str, str] | None]], series: pl.Series) -> _Column:
    accepted = _accepted(field, series)
    rest = series if accepted is None else series.filter(~accepted)
    verdicts = {value: read(None if value == _MISSING else value) for value in rest.unique().to_list()}
    if accepted is None:
        # One typed object per distinct value, shared by every row that has it.
        typed = list(map({value: target for value, (target, _) in verdicts.items()}.__getitem__, series.to_list()))
    elif len(rest):
        typed = [value if ok else verdicts[value][0] for value, ok in zip(series.to_list(), accepted.to_list())]
    else:
        typed = series.to_list()  # every value accepted: a string column's values are its typed values
    bad = {value: _error_types(notes) for value, (_, notes) in verdicts.items() if notes}
    errors: dict[int, list[str]] = {}
    if bad:
        mask = series.is_in(list(bad))
        if accepted is not None:
            mask = mask & ~accepted
        for index in mask.arg_true().to_list():
            errors[index] = bad[series[index]]
    blank_values = [
        value for value, (target, notes) in verdicts.items() if target is None and not (notes and "type" in notes)
    ]
    blank = series.is_in(blank_values) if blank_values else pl.repeat(False, len(series), dtype=pl.Boolean, eager=True)
    if accepted is not None:
        blank = blank & ~accepted
    return _Column(typed, errors, blank)


def _error_types(notes: dict[str, str]) -> list[str]:
    # frictionless: a type error alone, else one constraint error per broken constraint
    return ["type-error"] if "type" in notes else ["constraint-error"] * len(notes)


def _accepted(field: Any, series: pl.Series) -> pl.Series | None:
    """Rows whose value frictionless surely accepts as the string itself, or None to ask it about every distinct value.

    Only for string columns, where values are mostly distinct: other columns
    (answer codes, dates, schools) hold a few distinct values each.
    """
    if field.type != "string" or field.format != "default":
        return None
    constraints = {name: value for name, value in field.constraints.items() if value is not None}
    if set(constraints) - {"required", "pattern"}:
        return None
    accepted = (series != "") & (series != _MISSING)
    pattern = constraints.get("pattern")
    if pattern is not None:
        if not _PORTABLE_PATTERN.fullmatch(pattern):
            return None
        # polars' `$` is the end of the text; Python's also matches before a final
        # newline, so whatever polars accepts, frictionless accepts.
        accepted = accepted & series.str.contains(f"^(?:{pattern})$")
    return accepted


def _primary_key_errors(
    fields: list[Any], primary_key: list[str], columns: dict[str, _Column], values: dict[str, pl.Series]
) -> set[int]:
    """Rows frictionless reports as primary-key errors: a key of all None, or one seen before."""
    if not primary_key or not set(primary_key) <= set(columns):
        return set()
    key = next(f for f in fields if f.name == primary_key[0])
    if len(primary_key) == 1 and key.type == "string" and key.format == "default":
        # A string cell reads as itself, or None when empty: no need for the typed values.
        raw = values[key.name]
        return set((raw.is_in(["", _MISSING]) | ~raw.is_first_distinct()).arg_true().to_list())
    out: set[int] = set()
    seen: set[Any] = set()
    for index, key in enumerate(zip(*(columns[name].typed for name in primary_key))):
        if set(key) == {None} or key in seen:
            out.add(index)
        seen.add(key)
    return out
