"""Open data: every published table as CSV, described by a Frictionless Data Package.

The CSVs are tidy (one row per group and measure, as Explore Education
Statistics publishes) and carry the same disclosure-controlled cells as the
pages: a withheld figure is ``c``, declared in each schema's
``missingValues`` so ``frictionless validate site/datapackage.json`` passes
and tools read it as "no value" rather than as text in a number column.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from mentorkit.model.programme import LICENCES
from mentorkit.stats.disclosure import SYMBOLS, Cell, Column, PublishedTable
from mentorkit.stats.memo import by_identity

DATA_DIR = "data"
DESCRIPTOR = "datapackage.json"

_TYPES = {
    "people": "integer",
    "tally": "integer",
    "percent": "number",
    "ratio": "number",
    "number": "number",
    "label": "string",
}


def csv_path(table_id: str) -> str:
    return f"{DATA_DIR}/{table_id}.csv"


def _cell_text(cell: Cell, column: Column) -> str:
    if not cell.shown:
        return cell.symbol
    value = cell.value
    if column.role in ("percent", "ratio"):
        return f"{value:.4f}"
    if isinstance(value, float) and column.role == "number":
        return f"{value:g}"
    return str(value)


@by_identity()
def table_csv(table: PublishedTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell_text(row[c.name], c) for c in table.columns])
    return buffer.getvalue()


def table_schema(table: PublishedTable) -> dict[str, Any]:
    fields = []
    for column in table.columns:
        field: dict[str, Any] = {
            "name": column.name,
            "title": column.title,
            "type": _TYPES[column.role],
            "description": column.description,
        }
        if column.role in ("percent",) or (column.role == "ratio" and column.unit == "share"):
            field["description"] += " A share from 0 to 1."
        fields.append(field)
    return {"fields": fields, "missingValues": ["", *SYMBOLS]}


def licences(licence: str) -> list[dict[str, str]]:
    """The data package's ``licenses`` property: the programme's licence, by Open Definition id."""
    title, url = LICENCES[licence]
    return [{"name": licence, "path": url, "title": title}]


def descriptor(
    name: str,
    title: str,
    description: str,
    tables: list[PublishedTable],
    sources: list[dict[str, str]],
    licence: str = "OGL-UK-3.0",
) -> dict[str, Any]:
    """The ``datapackage.json`` for ``tables`` (Frictionless Data Package v1)."""
    symbols = "; ".join(f"{s}: {meaning}" for s, meaning in SYMBOLS.items())
    resources = []
    for table in tables:
        resource: dict[str, Any] = {
            "name": table.id,
            "path": csv_path(table.id),
            "title": table.title,
            "description": f"{table.description} Symbols: {symbols}.",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(table),
        }
        if table.id == "indicators" and sources:
            resource["sources"] = sources
        resources.append(resource)
    return {
        "name": name,
        "title": title,
        "description": description,
        "licenses": licences(licence),
        "resources": resources,
    }


def files(
    name: str,
    title: str,
    description: str,
    tables: list[PublishedTable],
    sources: list[dict[str, str]],
    licence: str = "OGL-UK-3.0",
) -> dict[str, str]:
    """``{docs-relative path: text}`` for the CSVs and the descriptor."""
    out = {csv_path(t.id): table_csv(t) for t in tables}
    package = descriptor(name, title, description, tables, sources, licence)
    out[DESCRIPTOR] = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    return out
