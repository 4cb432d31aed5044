"""Spreadsheet formula injection: published CSV cells cannot run as formulas.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is a formula to Excel and LibreOffice; a school opening our open
data must never run one. Such a cell gets a leading apostrophe (OWASP's
advice), which spreadsheets show as text. Numbers such as ``-0.5`` are
left alone: they cannot be formulas.
"""

from __future__ import annotations

import csv
import io
import re

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def neutralise_cell(cell: str) -> str:
    if cell.startswith(_TRIGGERS) and not _is_number(cell):
        return "'" + cell
    return cell


#: Every place a cell can start (the text's start, after a comma or a line
#: break, after an opening quote) followed by a trigger. It also matches inside
#: quoted cells, which only sends such a text down the exact path below.
_MAYBE_FORMULA = re.compile(r'(?:\A|[,\n\r])"?[=+\-@\t\r]')


def neutralise_csv(text: str) -> str:
    """The same CSV with every formula-like cell made inert; unchanged if none."""
    if not _MAYBE_FORMULA.search(text):
        return text  # no cell starts with a trigger: the open data of a national programme is 10 MB
    rows = list(csv.reader(io.StringIO(text, newline="")))
    safe = [[neutralise_cell(cell) for cell in row] for row in rows]
    if safe == rows:
        return text
    out = io.StringIO()
    # The writer quotes a cell holding any character of its line end, and the
    # reader takes a lone \r for one: with \n alone, a cell "\r=" came back as "=".
    csv.writer(out, lineterminator="\r\n" if "\r" in text else "\n").writerows(safe)
    return out.getvalue()
