"""Which files a programme may publish from content/assets/, checked at ``check``.

An asset is published as it is, so the privacy gate can only find what it
can read in it. The types below are the ones it reads fully, or that the
build rewrites (``build.assets``):

- images (PNG, JPEG, GIF, WebP): re-encoded from their pixels at build, so
  no metadata (EXIF and its sub-directories, text chunks, ICC profiles) is
  published; the gate then reads what is left;
- SVG: plain drawings only; no script, event handler, foreign object,
  external reference or entity declaration (refused here); its text is read
  by the gate with the ``<tspan>`` pieces joined;
- PDF: no annotations other than links, no attached files, no forms and no
  JavaScript (refused here: the gate reads a PDF's text and metadata, not
  those); the gate reads the rest;
- CSV, plain text and calendars (.ics): read as text by the gate (CSV made
  safe for spreadsheets).

Everything else is refused with the list: a Markdown file would be rendered as
a page, HTML and scripts would run, and zipped Office documents and archives
hold files the gate does not open.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mentorkit.problems import Problem

IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
PUBLISHED = IMAGES | {".svg", ".pdf", ".csv", ".txt", ".ics"}
MAX_SVG_BYTES = 5_000_000

_SVG_REFUSED = [
    (re.compile(r"<\s*script", re.I), "a <script>"),
    (re.compile(r"<\s*foreignObject", re.I), "a <foreignObject> (HTML inside the drawing)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event handler (on...=)"),
    (re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I), "a DOCTYPE or entity declaration"),
    (re.compile(r"(?:href|src)\s*=\s*['\"]\s*(?!#)[a-z][a-z0-9+.-]*:", re.I), "a link to another file or address"),
    (re.compile(r"<\s*(iframe|embed|object|use[^>]*href\s*=\s*['\"](?!#))", re.I), "an embedded document"),
    (re.compile(r"url\(\s*['\"]?\s*(?!#)[a-z]+:", re.I), "a style that loads an address"),
]


def _problem(rel: str, code: str, message: str, hint: str, line: int | None = None) -> Problem:
    return Problem(rel, line, None, "", code, message, hint)


def asset_problems(root: Path) -> list[Problem]:
    """Every file in content/assets/ that would not be published safely."""
    folder = root / "content" / "assets"
    problems: list[Problem] = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if path.is_symlink() or not path.is_file() or path.name.startswith("."):
            continue  # links are refused with every other content file; hidden files are not published
        suffix = path.suffix.lower()
        if suffix not in PUBLISHED:
            problems.append(
                _problem(
                    rel,
                    "asset-type",
                    f'files of type "{suffix or path.name}" cannot be published as assets',
                    "publish images (PNG, JPEG, GIF, WebP), SVG drawings, PDFs, CSV, plain text or calendars (.ics); "
                    "a Markdown page belongs in content/pages/, and an Office document can be saved as PDF",
                )
            )
        elif suffix == ".svg":
            problems += _svg_problems(path, rel)
        elif suffix == ".pdf":
            problems += _pdf_problems(path, rel)
        elif suffix in IMAGES:
            problems += _image_problems(path, rel)
    return problems


def _svg_problems(path: Path, rel: str) -> list[Problem]:
    if path.stat().st_size > MAX_SVG_BYTES:
        return [_problem(rel, "asset-unsafe", "the drawing is over 5 MB", "simplify it or save it as PNG")]
    text = path.read_bytes().decode("utf-8", errors="replace")
    for pattern, what in _SVG_REFUSED:
        match = pattern.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            return [
                _problem(
                    rel,
                    "asset-unsafe",
                    f"the SVG drawing holds {what}, which could run script or load something on the public site",
                    "export it again as a plain drawing (or as PNG)",
                    line,
                )
            ]
    return []


def _image_problems(path: Path, rel: str) -> list[Problem]:
    # The build re-encodes every image; one it cannot read is refused now rather than then.
    from PIL import Image

    try:
        with Image.open(path) as image:
            image.verify()
    except Exception as exc:  # Pillow raises many kinds for a broken file
        return [_problem(rel, "asset-unsafe", f"the image cannot be read ({type(exc).__name__})", "save it again")]
    return []


def _pdf_problems(path: Path, rel: str) -> list[Problem]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        found = _pdf_hidden_parts(reader)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        return [_problem(rel, "asset-unsafe", f"the PDF cannot be read ({type(exc).__name__})", "save it again")]
    if not found:
        return []
    return [
        _problem(
            rel,
            "asset-unsafe",
            f"the PDF holds {', '.join(sorted(found))}, which the privacy check cannot read",
            "print it to a new PDF (File > Print > Save as PDF) to flatten it, or remove them",
        )
    ]


def _pdf_hidden_parts(reader: Any) -> set[str]:
    found = set()
    root: Any = reader.trailer["/Root"].get_object()
    names: Any = root.get("/Names")
    names = names.get_object() if names is not None else {}
    if "/EmbeddedFiles" in names:
        found.add("attached files")
    if "/JavaScript" in names or "/OpenAction" in root or "/AA" in root:
        found.add("JavaScript or an opening action")
    if "/AcroForm" in root:
        found.add("a form")
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            kind = annotation.get_object().get("/Subtype")
            if kind == "/FileAttachment":
                found.add("attached files")
            elif kind != "/Link":
                found.add("annotations (comments or notes)")
    return found


def link_problems(root: Path) -> list[Problem]:
    """Symbolic links in the theme overrides and mkdocs.yml (content/ and sessions/ are checked with their files).

    A link publishes whatever file it points to: the host's, outside the site.
    """
    candidates = [root / "mkdocs.yml"]
    overrides = root / "site_overrides"
    if overrides.is_symlink():
        candidates.append(overrides)
    elif overrides.is_dir():
        candidates += sorted(overrides.rglob("*"))
    return [
        _problem(
            path.relative_to(root).as_posix(),
            "symlink",
            "symbolic links are not allowed where the build reads",
            "copy the file in instead: a link could publish a file from outside the site",
        )
        for path in candidates
        if path.is_symlink()
    ]
