"""Every table header cell in the PDFs carries /Scope (PDF/UA, Matterhorn 15-003).

Real WeasyPrint through the build's engine; pypdf reads the structure tree back.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from mentorkit.build.paths import default_overrides
from mentorkit.build.pipeline import BuildOptions, build
from mentorkit.printed import engine

from .conftest import copy_fixture


def header_scopes(data: bytes) -> Counter:
    """(/Row, /Column or None) for every TH element in the PDF's structure tree."""
    reader = PdfReader(io.BytesIO(data))
    found: Counter = Counter()
    todo = [reader.root_object["/StructTreeRoot"].get_object()]
    while todo:
        element = todo.pop()
        if element.get("/S") == "/TH":
            attributes = element.get("/A")
            attributes = attributes.get_object() if attributes is not None else {}
            if isinstance(attributes, ArrayObject):
                attributes = next((a.get_object() for a in attributes if "/Scope" in a.get_object()), {})
            found[attributes.get("/Scope")] += 1
        kids = element.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, DictionaryObject):
                todo.append(kid)
    return found


TABLES = {
    "header row only": (
        "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
        {"/Column": 2},
    ),
    "row headers": ("<table><tr><th>Name</th><td>1</td></tr><tr><th>Other</th><td>2</td></tr></table>", {"/Row": 2}),
    "both": (
        "<table><thead><tr><th></th><th>2024</th></tr></thead>"
        "<tbody><tr><th scope='row'>Mentees</th><td>30</td></tr></tbody></table>",
        {"/Column": 2, "/Row": 1},
    ),
}


@pytest.mark.parametrize("table", list(TABLES))
def test_every_header_cell_gets_its_scope(tmp_path, table):
    html, expected = TABLES[table]
    page = f'<!doctype html><html lang="en"><head><title>T</title></head><body><h1>T</h1>{html}</body></html>'
    [rendered] = engine.render({"t.pdf": page}, default_overrides() / engine.STYLESHEET, tmp_path)
    assert header_scopes(rendered.data) == Counter(expected)


@pytest.mark.slow
def test_no_header_cell_in_the_built_pdfs_lacks_a_scope(tmp_path):
    site = copy_fixture("minimal", tmp_path / "site")
    out = build(BuildOptions(site.root)).output
    totals: Counter = Counter()
    for path in sorted(Path(out, "pdf").glob("*.pdf")):
        totals += header_scopes(path.read_bytes())
    assert totals[None] == 0 and sum(totals.values()) > 0, totals
