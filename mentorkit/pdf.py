"""The PDF engine: print HTML to A4 PDF with WeasyPrint, in process and offline.

WeasyPrint rather than a headless browser: it runs inside the build (no
browser to install or start, nothing to time out), implements the CSS Paged
Media features the documents need (running headers from ``string-set``, page
counters, a contents page with ``target-counter`` page numbers, PDF bookmarks)
and writes real text, so every word is searchable and the privacy gate reads it.

It is given a fetcher that refuses everything but local files: fonts come from
the system (Debian's Liberation and DejaVu), images from the staged docs folder,
and a document that names a web address is rendered without it, never by
fetching it. WeasyPrint writes no dates and no random file identifier unless
asked, so the same content gives byte-identical PDFs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .problems import MentorkitError, Problem

#: Where the print stylesheet is inside the (staged) theme overrides.
STYLESHEET = Path("assets") / "print.css"
#: Tagged PDF (PDF/UA-1): headings, lists and tables a screen reader can follow, and the
#: document's language and title. UK public sector bodies must publish accessible PDFs;
#: it costs about 10% more rendering time.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedPdf:
    path: str  # docs-relative
    data: bytes
    pages: int


def _fetcher():  # type: ignore[no-untyped-def]
    from weasyprint.urls import URLFetcher

    # data: for inline images; file: for the stylesheet, images and fonts. No
    # http(s), ftp: the build never reaches the network.
    return URLFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


class _Errors(logging.Handler):
    """WeasyPrint reports unreadable resources as log errors; keep them."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render(documents: dict[str, str], stylesheet: Path, base: Path) -> list[RenderedPdf]:
    """Render ``{docs-relative path: print HTML}``; ``base`` resolves relative URLs."""
    try:
        from weasyprint import CSS, HTML
    except OSError as exc:  # Pango or HarfBuzz missing: the library loads but cannot start
        raise MentorkitError(
            "the PDF engine cannot start",
            [Problem("", None, None, "", "pdf-engine", str(exc), "run scripts/setup (it installs the fonts and libraries WeasyPrint needs), or build with --no-pdf")],
        ) from None
    fetcher = _fetcher()
    css = CSS(filename=str(stylesheet), url_fetcher=fetcher)
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    out = []
    try:
        for path, html in documents.items():
            document = HTML(string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=fetcher, media_type="print").render(stylesheets=[css])
            out.append(RenderedPdf(path, document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)))
    finally:
        logger.removeHandler(errors)
    if errors.messages:
        # Refused web addresses are expected (they are the point of the fetcher); anything
        # else (a missing local image or stylesheet) would silently drop part of a page.
        real = [m for m in errors.messages if "disallowed protocol" not in m]
        if real:
            raise MentorkitError("the PDFs could not be rendered completely", [Problem("", None, None, "", "pdf-resource", m, "check the image or stylesheet path") for m in real])
    return out


def write(rendered: list[RenderedPdf], docs_dir: Path) -> None:
    for item in rendered:
        target = docs_dir / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)
