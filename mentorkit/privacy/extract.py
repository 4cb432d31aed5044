"""What a reader, a screen reader or a search engine gets from each output file.

Each file gives one or more texts; the gate normalises them (``normalise``)
and searches them all. For markup, two readings:

- the source as written, references decoded: it holds attribute values
  (an image's alt text, a link's address, a page's title and description);
- the text as displayed: inline tags (``<b>``, ``<a>``, ``<span>``...) removed
  without a space, because ``KW24-<b>0</b>16`` displays as one word, and
  every other tag (a paragraph, a list item, a table cell) as a space.

Markdown not yet rendered reads the same with its inline markers
(``**``, ``_``, backticks, ``~~``) removed. And every text is read once more as
its words alone (punctuation a space), which is how long texts are compared:
a quote cut from a bio loses its full stop, or gains quotation marks.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".avif"}
MARKUP_SUFFIXES = {".html", ".htm", ".svg", ".xml", ".gz"}
MAX_SCANNED_BYTES = 200_000_000

#: HTML's phrasing elements, and SVG's inline text elements: no break on the page.
INLINE_TAGS = (
    "a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|"
    "time|tt|u|var|wbr|tspan|textpath|tref|altglyph"
)
_INLINE = re.compile(rf"</?(?:{INLINE_TAGS})(?:[\s/][^>]*)?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_MARKDOWN_INLINE = re.compile(r"\*\*|__|~~|[*_`]")
_NOT_WORD = re.compile(r"[^\w-]+")


def displayed(markup: str) -> str:
    """The text of ``markup`` as a reader sees it: inline tags joined, other tags a space."""
    return _TAG.sub(" ", _INLINE.sub("", markup))


def words(text: str) -> str:
    """Only the words of ``text``: how long texts are compared, whatever punctuation quotes them."""
    return _NOT_WORD.sub(" ", html.unescape(text))


def readings(name: str, text: str) -> Iterator[str]:
    """Every text the gate searches for one named output text."""
    yield text
    suffix = Path(name).suffix.lower()
    shown = text
    if suffix in MARKUP_SUFFIXES or suffix == ".md":
        shown = displayed(text)
        yield shown
        if suffix == ".md":
            shown = _MARKDOWN_INLINE.sub("", shown)
            yield shown
    yield words(shown)


def file_texts(path: Path) -> Iterator[str]:
    """What one output file holds, before ``readings``."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        yield from pdf_texts(path)
        return
    if suffix in IMAGE_SUFFIXES:
        yield from _image_texts(path)
        return
    if suffix == ".gz":
        with gzip.open(path, "rb") as handle:
            yield handle.read(MAX_SCANNED_BYTES).decode("utf-8", errors="replace")
        return
    raw = path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".json":
        try:
            yield from _json_strings(json.loads(raw))
            return
        except ValueError:
            pass
    yield raw


def _image_texts(path: Path) -> Iterator[str]:
    # Text an image carries: PNG text chunks, EXIF fields (a photo's caption or author).
    try:
        with Image.open(path) as image:
            yield " ".join(str(v) for v in image.info.values() if isinstance(v, (str, bytes)))
            yield " ".join(str(v) for v in image.getexif().values())
    except (OSError, ValueError):
        pass
    # Every byte too: a sub-directory of the EXIF block (UserComment, XPComment in UTF-16).
    raw = path.read_bytes()[:MAX_SCANNED_BYTES]
    yield raw.decode("latin-1")
    yield raw.decode("utf-16-le", errors="ignore")
    yield raw[1:].decode("utf-16-le", errors="ignore")


def pdf_texts(path: Path) -> Iterator[str]:
    # A PDF's text, and its metadata (title, author, subject, keywords).
    texts = _poppler_texts(path)
    if texts is not None:
        yield from texts
        return
    reader = PdfReader(path)
    for page in reader.pages:
        yield page.extract_text() or ""
    if reader.metadata:
        yield " ".join(str(v) for v in reader.metadata.values())


def _poppler_texts(path: Path) -> list[str] | None:
    """The PDF's text, its document information and its XMP metadata, read by poppler.

    pypdf took 10 s for the text of a district's 25 PDFs and 6 s for their
    metadata (it parses the object stream that holds it); poppler takes 1 s
    for all of it. None when poppler-utils is not installed or cannot read the
    file: pypdf reads it then.
    """
    pdftotext, pdfinfo = shutil.which("pdftotext"), shutil.which("pdfinfo")
    if pdftotext is None or pdfinfo is None:
        return None
    texts = []
    for command in (
        [pdftotext, "-q", "-enc", "UTF-8", str(path), "-"],
        [pdfinfo, "-enc", "UTF-8", str(path)],
        [pdfinfo, "-meta", str(path)],
    ):
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            return None
        texts.append(done.stdout.decode("utf-8", "replace"))
    return texts


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
        if "<" in value:
            yield displayed(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
