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
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentorkit.printed.scope import add_table_scope
from mentorkit.problems import MentorkitError, Problem

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


def _fetcher() -> Any:
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
    """Render ``{docs-relative path: print HTML}``; ``base`` resolves relative URLs.

    On a machine with two or more cores, a second process renders about half
    the documents (WeasyPrint is pure Python and holds the GIL): a district's
    25 PDFs took 23 s in one process. The result is the same bytes either way.
    """
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:  # Pango or HarfBuzz missing: the library loads but cannot start
        raise MentorkitError(
            "the PDF engine cannot start",
            [
                Problem.whole_file(
                    "",
                    "pdf-engine",
                    str(exc),
                    "run scripts/setup (it installs the fonts and libraries WeasyPrint needs), or build with --no-pdf",
                )
            ],
        ) from None
    mine, theirs = _split(documents) if _cores() > 1 and len(documents) >= MIN_TO_SHARE else (documents, {})
    if theirs:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the parent has threads (polars' pool) that a forked child would inherit mid-lock.
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            other = pool.submit(_render_all, theirs, stylesheet, base)
            out, messages = _render_all(mine, stylesheet, base)
            more, more_messages = other.result()
        by_path = {item.path: item for item in [*out, *more]}
        out, messages = [by_path[path] for path in documents], messages + more_messages
    else:
        out, messages = _render_all(mine, stylesheet, base)
    # Refused web addresses are expected (they are the point of the fetcher); anything
    # else (a missing local image or stylesheet) would silently drop part of a page.
    real = [m for m in messages if "disallowed protocol" not in m]
    if real:
        raise MentorkitError(
            "the PDFs could not be rendered completely",
            [Problem.whole_file("", "pdf-resource", m, "check the image or stylesheet path") for m in real],
        )
    return out


#: Fewer documents than this are not worth starting a second process for (about a second).
MIN_TO_SHARE = 4


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _split(documents: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Two halves of about the same work, the longest documents placed first."""
    halves: tuple[dict[str, str], dict[str, str]] = ({}, {})
    sizes = [0, 0]
    for path, html in sorted(documents.items(), key=lambda item: -len(item[1])):
        lighter = 0 if sizes[0] <= sizes[1] else 1
        halves[lighter][path] = html
        sizes[lighter] += len(html)
    return halves


def _render_all(documents: dict[str, str], stylesheet: Path, base: Path) -> tuple[list[RenderedPdf], list[str]]:
    """Render in this process: the PDFs, and WeasyPrint's error messages."""
    from weasyprint import CSS, HTML

    fetcher = _fetcher()
    css = CSS(filename=str(stylesheet), url_fetcher=fetcher)
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    out = []
    try:
        for path, html in documents.items():
            document = HTML(
                string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=fetcher, media_type="print"
            ).render(stylesheets=[css])
            pdf = add_table_scope(document.write_pdf(pdf_variant=PDF_VARIANT))  # WeasyPrint writes no /Scope
            out.append(RenderedPdf(path, pdf, len(document.pages)))
    finally:
        logger.removeHandler(errors)
    return out, errors.messages


def write(rendered: list[RenderedPdf], docs_dir: Path) -> None:
    for item in rendered:
        target = docs_dir / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)
