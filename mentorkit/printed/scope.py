"""Table header cells in the tagged PDFs say what they head (PDF/UA, Matterhorn 15-003).

WeasyPrint tags a ``<th>`` as a TH structure element and links data cells to
their headers, but writes no ``/Scope`` attribute, so all 360 header cells of
a district's PDFs failed the check. Each TH gets one here, in an incremental
update of the PDF (nothing else in it is rewritten): ``/Row`` when its table
row also holds data cells (a row's first cell, ``<th scope="row">``),
``/Column`` when the whole row is headers (``<thead>``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject


def add_table_scope(pdf: bytes) -> bytes:
    """``pdf`` with a /Scope on every table header cell (unchanged when it has none)."""
    writer = PdfWriter(PdfReader(io.BytesIO(pdf)), incremental=True)
    root = writer.root_object.get("/StructTreeRoot")
    if root is None:
        return pdf
    changed = False
    for row in _elements(root.get_object(), "/TR"):
        cells = [kid for kid in _kids(row) if kid.get("/S") in ("/TH", "/TD")]
        scope = "/Row" if any(cell.get("/S") == "/TD" for cell in cells) else "/Column"
        for cell in cells:
            if cell.get("/S") != "/TH":
                continue
            attributes = cell.get("/A")
            attributes = attributes.get_object() if attributes is not None else None
            if isinstance(attributes, ArrayObject):
                attributes = next((a.get_object() for a in attributes if "/O" in a.get_object()), None)
            if not isinstance(attributes, DictionaryObject):
                attributes = DictionaryObject({NameObject("/O"): NameObject("/Table")})
                cell[NameObject("/A")] = attributes
            attributes[NameObject("/Scope")] = NameObject(scope)
            changed = True
    if not changed:
        return pdf
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _kids(element: DictionaryObject) -> Iterator[DictionaryObject]:
    kids = element.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        kid = kid.get_object()
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield kid


def _elements(element: DictionaryObject, kind: str) -> Iterator[DictionaryObject]:
    """Every structure element of ``kind`` under ``element`` (depth first, without recursion)."""
    todo = list(_kids(element))
    while todo:
        current = todo.pop()
        if current.get("/S") == kind:
            yield current
        todo.extend(_kids(current))
