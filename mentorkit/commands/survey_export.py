"""Reading a form's download as it comes: Microsoft Forms' ``.xlsx``, Google Forms' CSV,
or a CSV saved from Excel; and the dates they write.

``.xlsx`` is read with fastexcel (calamine, a Rust reader of Excel files, through
polars' own Excel engine): on a 5,000-row Forms-shaped workbook it read every cell
as text in 0.18 s against openpyxl's 1.8 s (README, "Importing survey answers").
Every cell comes back as text; a date cell as ``2025-03-14 09:45:10``, which
``parse_date`` reads as ISO, so an .xlsx never has an ambiguous date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from mentorkit.problems import Problem

Records = list[list[str]]

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:\s.*)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?:[\s,].*)?$")
_ZIP = b"PK\x03\x04"  # an .xlsx is a zip archive


def normalise(text: str) -> str:
    """Header or label text compared the way a person reads it: case, spaces, quotes and end punctuation ignored."""
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u00a0", " ")
    )
    return " ".join(text.split()).strip(" ?.:*").casefold()


def read_export(path: Path, rel: str) -> tuple[Records | None, list[Problem]]:
    """The download's rows (header first), every cell as text, or why it cannot be read."""
    data = path.read_bytes() if path.is_file() else None
    if data is None:
        return None, [
            Problem.whole_file(
                rel,
                "missing-file",
                "there is no such file",
                "give the path of the .xlsx or .csv you downloaded",
            )
        ]
    if data[:4] == _ZIP:
        return _read_xlsx(path, rel)
    text, problems = _decode(data, rel)
    if text is None:
        return None, problems
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter)), []


def _decode(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    # Excel's "Unicode text" is UTF-16 with a byte order mark; everything else should be UTF-8.
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return data.decode(encoding), []
    except UnicodeError:
        return None, [
            Problem.whole_file(
                rel,
                "unreadable-table",
                "the file is neither an Excel workbook (.xlsx) nor UTF-8 text",
                'import the .xlsx as downloaded, or save it from Excel as "CSV UTF-8 (comma delimited)"',
            )
        ]


def _read_xlsx(path: Path, rel: str) -> tuple[Records | None, list[Problem]]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
        # The first sheet is the responses in both Forms' downloads; no header row, so
        # the header is row 1 and every number below is the spreadsheet's own.
        sheet = reader.load_sheet(0, header_row=None, dtypes="string")
        rows = sheet.to_polars().rows()
    except Exception as exc:  # fastexcel raises its own types for each kind of damage
        return None, [
            Problem.whole_file(
                rel,
                "unreadable-table",
                f"the workbook cannot be read: {exc}",
                "download the responses again, or save them from Excel as CSV UTF-8",
            )
        ]
    return [["" if cell is None else _cell(cell) for cell in row] for row in rows], []


def _cell(value: object) -> str:
    text = str(value)
    # A whole number stored as a number (an ID) comes back as "12.0".
    return text[:-2] if text.endswith(".0") and text[:-2].lstrip("-").isdigit() else text


def parse_date(text: str, order: str | None) -> dt.date | str:
    """A date from a Forms export, or the reason it cannot be read.

    ISO (2024-03-12, 2024-03-12T10:41:12Z, an .xlsx date cell), Google's 2024/03/12
    10:41:12 am GMT, and day/month/year or month/day/year with any time after it;
    ``order`` ("dmy"/"mdy") says which of the last two a file uses.
    """
    text = text.strip()
    try:
        if match := _ISO.match(text) or _YMD_SLASH.match(text):
            year, month, day = (int(x) for x in match.groups())
            return dt.date(year, month, day)
        if match := _SLASHED.match(text):
            first, second, year = (int(x) for x in match.groups())
            year += 2000 if year < 100 else 0
            if order is None:
                return "ambiguous"
            day, month = (first, second) if order == "dmy" else (second, first)
            return dt.date(year, month, day)
    except ValueError:
        return "no such day"
    return "unreadable"


def date_order(values: list[str]) -> str | None:
    """dmy or mdy, when some date in the file settles it (a first part over 12, or a second)."""
    orders = set()
    for value in values:
        if match := _SLASHED.match(value.strip()):
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                orders.add("dmy")
            elif second > 12 >= first:
                orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None
