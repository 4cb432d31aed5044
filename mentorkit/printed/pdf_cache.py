"""PDFs kept between builds, each under a hash of everything that goes into it.

WeasyPrint gives byte-identical PDFs for identical input (``engine``), and a
one-file edit changes at most a few documents, so the rest are taken from the
cache. A document's key covers its print HTML, every local file it or the
stylesheet references (images, charts), the stylesheet, the PDF variant and
the versions of WeasyPrint and the libraries it writes with; the cache file's
own fingerprint covers mentorkit's code (``load/disk_cache``).

Fonts come from the system and are not in the key: a font upgrade on the
build machine needs one ``--no-cache`` build (CI keys its cache on the runner
image too).
"""

from __future__ import annotations

import functools
import hashlib
import re
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mentorkit.load.disk_cache import DiskCache
from mentorkit.printed import engine

#: src="...", href="..." and CSS url(...): every way print HTML or the stylesheet names another file.
REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)["']?\s*\)""")
ENGINE_LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools", "pillow", "tinyhtml5", "html5lib")


@functools.cache
def _engine_versions() -> bytes:
    versions = []
    for name in ENGINE_LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return ("\n".join(versions) + f"\n{engine.PDF_VARIANT}\n").encode()


def _references(text: str, base: Path) -> list[tuple[str, Path]]:
    """(the reference as written, the file it names): the key holds the former, as the build folder's name varies."""
    found = []
    for match in REFERENCE.finditer(text):
        url = match.group(1) or match.group(2)
        parts = urlsplit(url)
        if parts.scheme not in ("", "file") or not parts.path:
            continue  # web addresses are refused by the engine's fetcher; data: carries itself
        path = Path(unquote(parts.path))
        found.append((url, path if path.is_absolute() else base / path))
    return found


def document_key(html: str, stylesheet: Path, base: Path) -> str:
    digest = hashlib.sha256(_engine_versions())
    css = stylesheet.read_bytes()
    digest.update(b"css\0" + css + b"\0html\0" + html.encode() + b"\0")
    references = _references(html, base) + _references(css.decode("utf-8", "replace"), stylesheet.parent)
    for url, path in sorted(set(references)):
        try:
            content = path.read_bytes()
        except OSError:
            content = b"\0missing"  # the engine reports it; the key still differs from a present file
        digest.update(url.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def render(disk: DiskCache, documents: dict[str, str], stylesheet: Path, base: Path) -> list[engine.RenderedPdf]:
    """``engine.render``, taking unchanged documents from ``disk`` and keeping the new ones there."""
    keys = {path: document_key(html, stylesheet, base) for path, html in documents.items()}
    kept: dict[str, engine.RenderedPdf] = {}
    for path, key in keys.items():
        payload = disk.read(f"pdf/{key}.pdf", "pdf")
        pages, _, data = (payload or b"").partition(b"\n")
        if payload is not None and pages.isdigit() and data.startswith(b"%PDF"):
            kept[path] = engine.RenderedPdf(path, data, int(pages))
    missing = {path: html for path, html in documents.items() if path not in kept}
    made = engine.render(missing, stylesheet, base) if missing else []
    for item in made:
        disk.write(f"pdf/{keys[item.path]}.pdf", "pdf", f"{item.pages}\n".encode() + item.data)
        kept[item.path] = item
    _prune(disk, set(keys.values()))
    return [kept[path] for path in documents]


def _prune(disk: DiskCache, used: set[str]) -> None:
    """Drop the PDFs this build did not use, so the cache holds one site's documents, not every past version."""
    folder = disk.directory / "pdf"
    for path in folder.glob("*.pdf") if folder.is_dir() else []:
        if path.stem not in used:
            path.unlink(missing_ok=True)
