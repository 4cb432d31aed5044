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


def neutralise_csv(text: str) -> str:
    """The same CSV with every formula-like cell made inert; unchanged if none."""
    rows = list(csv.reader(io.StringIO(text)))
    safe = [[neutralise_cell(cell) for cell in row] for row in rows]
    if safe == rows:
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(safe)
    return out.getvalue()
