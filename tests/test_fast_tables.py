"""The fast table check and frictionless agree: same verdict, same rows, same fields, same typed values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from decimal import Decimal
from pathlib import Path

import pytest
from frictionless import Dialect, Resource, Schema
from frictionless.formats import CsvControl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.load import fast_tables as fasttables
from mentorkit.load.tables import MAX_CSV_BYTES, _resource, indicator_schema, load_table, response_schema
from mentorkit.load.text_file import read_text
from mentorkit.load.yaml_file import load_yaml_file
from mentorkit.model import Survey

from .conftest import FIXTURES

CORPUS = FIXTURES / "tables"
SURVEY = Survey.model_validate(load_yaml_file(FIXTURES / "minimal/content/surveys/post.yaml", "post.yaml")[0].data)
SCHEMAS = {"response": response_schema(SURVEY), "indicator": indicator_schema()}
CASES = sorted(path.relative_to(CORPUS).as_posix() for path in CORPUS.glob("*/*.csv"))


def frictionless_says(root: Path, rel: str, schema: dict) -> tuple[list[tuple], list[dict] | None]:
    """frictionless reading the file itself (told it is comma-separated, the header on row 1):
    its errors as (row, field, type), and its typed rows when there are none."""

    def resource() -> Resource:
        control = CsvControl(delimiter=",", quote_char='"', double_quote=True, skip_initial_space=False)
        return Resource(
            path=rel,
            basepath=str(root),
            schema=Schema.from_descriptor(schema),
            format="csv",
            encoding="utf-8-sig",
            dialect=Dialect(header_rows=[1], controls=[control]),
        )

    report = resource().validate()
    errors = [tuple(error) for error in report.flatten(["rowNumber", "fieldName", "type"])]
    if errors:
        return errors, None
    with resource() as opened:
        rows = [
            {k: float(v) if isinstance(v, Decimal) else v for k, v in row.to_dict().items()}
            for row in opened.row_stream
        ]
    return errors, rows


def mentorkit_asks_frictionless(root: Path, rel: str, schema: dict) -> list[tuple]:
    """What load_table words its problems from: frictionless given the csv module's records."""
    text, _ = read_text(root / rel, rel, MAX_CSV_BYTES, keep_line_ends=True)
    read = fasttables.records(text or "")
    assert read is not None
    return [tuple(e) for e in _resource(read[0], schema).validate().flatten(["rowNumber", "fieldName", "type", "note"])]


def frictionless_notes(root: Path, rel: str, schema: dict) -> list[tuple]:
    control = CsvControl(delimiter=",", quote_char='"', double_quote=True, skip_initial_space=False)
    resource = Resource(
        path=rel,
        basepath=str(root),
        schema=Schema.from_descriptor(schema),
        format="csv",
        encoding="utf-8-sig",
        dialect=Dialect(header_rows=[1], controls=[control]),
    )
    return [tuple(e) for e in resource.validate().flatten(["rowNumber", "fieldName", "type", "note"])]


def fast_says(root: Path, rel: str, schema: dict) -> tuple[list[tuple], list[dict] | None, list[int] | None]:
    text, problems = read_text(root / rel, rel, MAX_CSV_BYTES, keep_line_ends=True)
    assert text is not None, problems
    checked = fasttables.check(text, schema)
    assert checked is not None, "the header is right, so the fast check can decide"
    errors = [(f.row, f.field, f.type) for f in checked.findings]
    if errors:
        return errors, None, None
    rows = checked.rows()
    return errors, [{k: v for k, v in row.items() if k != "_line"} for row in rows], [row["_line"] for row in rows]


def record_lines(text: str) -> list[int]:
    """The line each data record starts on, by Python's csv module."""
    reader, out, line = csv.reader(io.StringIO(text, newline="")), [], 0
    for number, _ in enumerate(reader):
        if number:
            out.append(line + 1)
        line = reader.line_num
    return out


@pytest.mark.parametrize("rel", CASES)
def test_fast_check_and_frictionless_agree_on_the_corpus(rel):
    schema = SCHEMAS[rel.split("/")[0]]
    expected_errors, expected_rows = frictionless_says(CORPUS, rel, schema)
    errors, rows, lines = fast_says(CORPUS, rel, schema)
    assert errors == expected_errors
    assert rows == expected_rows
    assert bool(errors) == Path(rel).name.startswith("bad-"), "the corpus is labelled right"
    assert mentorkit_asks_frictionless(CORPUS, rel, schema) == frictionless_notes(CORPUS, rel, schema)
    if lines is not None:
        assert lines == record_lines(read_text(CORPUS / rel, rel, MAX_CSV_BYTES, keep_line_ends=True)[0] or "")


def test_rows_are_typed_and_keep_the_line_they_start_on():
    table, problems = load_table(CORPUS, "response/good-multiline-answer.csv", SCHEMAS["response"])
    assert problems == [] and table is not None
    assert [row["_line"] for row in table.rows] == [2, 5, 6]
    first = table.rows[0]
    assert first["submitted"] == dt.date(2025, 3, 4) and first["confident-future"] == 4 and first["enjoyed"] == "yes"
    assert first["best-thing"] == 'Line one\nline two, with a comma\nand "quotes"'
    assert table.rows[1]["best-thing"] is None


def test_numbers_are_floats_and_lenient_cells_read_as_frictionless_reads_them():
    table, _ = load_table(CORPUS, "indicator/good-lenient-numbers.csv", SCHEMAS["indicator"])
    assert table is not None
    assert [(r["year"], r["value"], r["comparator"]) for r in table.rows] == [
        ("2022", 11.5, 10.0),
        ("2023", 100.0, None),
    ]
    table, _ = load_table(CORPUS, "response/good-lenient-cells.csv", SCHEMAS["response"])
    assert table is not None
    assert [(r["submitted"], r["confident-future"]) for r in table.rows][:2] == [
        (dt.date(2025, 3, 4), 4),
        (dt.date(2025, 3, 4), 5),
    ]


def test_an_error_after_a_multi_line_answer_names_its_own_line():
    _, problems = load_table(CORPUS, "response/bad-after-multiline-answer.csv", SCHEMAS["response"])
    assert [(p.line, p.field, p.code) for p in problems] == [(5, "confident-future", "out-of-range")]


def test_more_errors_than_frictionless_reports_stop_at_its_limit(tmp_path):
    header = ",".join(f["name"] for f in SCHEMAS["response"]["fields"])
    (tmp_path / "r.csv").write_text(
        header + "\n" + "".join(f"X{i:04d},hill-school,someday,9,maybe,\n" for i in range(400)), encoding="utf-8"
    )
    expected, _ = frictionless_says(tmp_path, "r.csv", SCHEMAS["response"])
    errors, _, _ = fast_says(tmp_path, "r.csv", SCHEMAS["response"])
    assert len(expected) == fasttables.LIMIT_ERRORS and errors == expected


# Generated tables: cells frictionless reads in surprising ways, rows of the wrong
# width, blank lines, quoting, and every kind of line end.

CELLS = {
    "mentee": ["HS-01", "HS-02", "HS-03", "hs-01", "HS 01", "", " HS-04", "HS-05\n", "ÀB-01", "HS-01 "],
    "school": ["hill-school", "", "Hill", "a--b", "hill-school "],
    "submitted": [
        "2025-03-04",
        "2025-3-4",
        "2025-02-30",
        "04/03/2025",
        "",
        " 2025-03-04",
        "0001-01-01",
        "2025-03-04T00:00",
    ],
    "confident-future": ["1", "5", "", "0", "6", " 2 ", "+3", "3.0", "x", "\u0663", "1_0", "007"],
    "enjoyed": ["yes", "no", "", "Yes", "maybe", " yes"],
    "best-thing": ["", "fine", "a, b", 'say "hi"', "two\nlines", "x;y", "tab\tz", "a|b", "\U0001f600"],
    "year": ["2023", "2023-24", "", "23", "2023-2024", "2023 "],
    "value": ["0", "100", "55.5", "100.0", "100.01", "-1", "", "1e2", " 5", "abc", "1_0", "0.000001"],
    "comparator": ["", "3", "101", "x", "99.99"],
}


def _cell(value: str, quote: bool) -> str:
    if quote or any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def tables(draw):
    kind = draw(st.sampled_from(["response", "indicator"]))
    names = [f["name"] for f in SCHEMAS[kind]["fields"]]
    lines = [",".join(names)]
    for _ in range(draw(st.integers(0, 8))):
        cells = [_cell(draw(st.sampled_from(CELLS[name])), draw(st.booleans())) for name in names]
        width = draw(st.sampled_from([len(cells)] * 6 + [0, 1, len(cells) - 1, len(cells) + 1]))
        cells = (cells + ["extra"] * 2)[:width]
        lines.append(",".join(cells) + draw(st.sampled_from([""] * 8 + [' x"y', '"'])))
    end = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return kind, end.join(lines) + draw(st.sampled_from([end, "", end + end]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables())
def test_fast_check_and_frictionless_agree_on_generated_tables(tmp_path_factory, table):
    kind, text = table
    root = tmp_path_factory.mktemp("t")
    (root / "t.csv").write_bytes(text.encode("utf-8"))
    expected_errors, expected_rows = frictionless_says(root, "t.csv", SCHEMAS[kind])
    errors, rows, lines = fast_says(root, "t.csv", SCHEMAS[kind])
    assert (errors, rows) == (expected_errors, expected_rows)
    assert mentorkit_asks_frictionless(root, "t.csv", SCHEMAS[kind]) == frictionless_notes(root, "t.csv", SCHEMAS[kind])
    if lines is not None:
        assert lines == record_lines(text)


def test_frictionless_rows_match_the_fast_rows_where_it_has_the_last_word():
    # load_table reads rows with frictionless if it ever finds no error where the fast check found one.
    from mentorkit.load.tables import _rows_from

    rel = "response/good-multiline-answer.csv"
    raw, _ = read_text(CORPUS / rel, rel, MAX_CSV_BYTES, keep_line_ends=True)
    table, _ = load_table(CORPUS, rel, SCHEMAS["response"])
    read = fasttables.records(raw or "")
    assert table is not None and read is not None
    assert _rows_from(_resource(read[0], SCHEMAS["response"]), dict(enumerate(read[1], start=1))) == table.rows


def test_a_line_that_would_take_frictionless_minutes_to_sniff_is_checked_at_once(tmp_path):
    names = ",".join(f["name"] for f in SCHEMAS["response"]["fields"])
    (tmp_path / "r.csv").write_text(
        names + "\nHS-01,hill-school,2025-03-04,4,yes," + ',"' * 100_000 + "\n", encoding="utf-8"
    )
    started = time.perf_counter()
    _, problems = load_table(tmp_path, "r.csv", SCHEMAS["response"])
    assert time.perf_counter() - started < 20
    assert problems and {p.code for p in problems} <= {"extra-cell", "missing-cell"}
