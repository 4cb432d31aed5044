"""A CSV's raw text, read for the mistakes a table parser would swallow or repeat.

An unclosed quote makes the rest of the file one cell: frictionless then
reports that cell's value, which carried pseudonyms and answers into CI logs.
It is found here first, on the raw text, and reported once by position; and
any cell a message shows is cut to its first line.
"""

from __future__ import annotations

import csv

from mentorkit.problems import Problem


def short(value: str) -> str:
    """A cell as a message shows it: its first line, 40 characters at most (messages reach CI logs)."""
    first = value.split("\n", 1)[0]
    return first if len(first) <= 40 and first == value else first[:40] + "..."


def unclosed_quote(text: str, rel: str) -> Problem | None:
    """The problem for a quote that opens a cell and is never closed (Python's csv.excel rules)."""
    found = _unclosed_quote(text)
    if found is None:
        return None
    return Problem(
        rel,
        *found,
        "",
        "unclosed-quote",
        "a cell opens with a double quote that is never closed: the rest of the file would be read as that cell",
        'close the quote with a second " at the end of the cell (a quote inside a cell is written "")',
    )


def _unclosed_quote(text: str) -> tuple[int, int] | None:
    """Line and column of a quote that opens a cell and is never closed (Python's csv.excel rules)."""
    position = 0
    while (opening := text.find('"', position)) >= 0:
        if opening and text[opening - 1] not in ",\n":
            position = opening + 1  # a quote inside an unquoted cell is just a character
            continue
        closing = opening + 1
        while True:
            closing = text.find('"', closing)
            if closing < 0:
                line = text.count("\n", 0, opening) + 1
                return line, opening - (text.rfind("\n", 0, opening) + 1) + 1
            if not text.startswith('"', closing + 1):
                break
            closing += 2  # "" is a quote inside the cell
        position = closing + 1
    return None


def cell_at(lines: list[str], row: int | None, position: int) -> str:
    """The ``position``-th cell of line ``row`` (1-based), as a message quotes it."""
    if not row or row > len(lines):
        return ""
    cells = next(csv.reader([lines[row - 1]]), [])
    return cells[position - 1] if len(cells) >= position else ""
