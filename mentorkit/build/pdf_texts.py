"""Each built PDF's text, as the privacy gate reads it, kept by the PDF's hash between builds.

The gate reads every PDF of the built site with poppler (three programs per
PDF, a second and more for a district's 25): after a one-file edit most PDFs
are byte-identical to last build's, so their text is too. Only the text is
kept, never a verdict: every build searches it for the current private values.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from mentorkit.load.disk_cache import DiskCache
from mentorkit.privacy import extract


@functools.cache
def _reader_identity() -> str:
    # A different poppler may extract different text from the same bytes.
    parts = []
    for name in ("pdftotext", "pdfinfo"):
        found = shutil.which(name)
        parts.append(f"{found}:{Path(found).stat().st_mtime_ns}" if found else f"{name}:-")
    return "\n".join(parts)


@dataclass
class CachedPdfTexts:
    """``extract.pdf_texts`` for ``scan_site``, reading each PDF with poppler only when its bytes are new."""

    disk: DiskCache
    used: set[str] = field(default_factory=set)

    def __call__(self, path: Path) -> list[str]:
        key = hashlib.sha256(_reader_identity().encode() + b"\0" + path.read_bytes()).hexdigest()
        self.used.add(key)
        payload = self.disk.read(f"pdf-text/{key}.json", "pdf-text")
        if payload is not None:
            try:
                texts = json.loads(payload)
                if isinstance(texts, list) and all(isinstance(t, str) for t in texts):
                    return texts
            except ValueError:
                pass
        texts = list(extract.pdf_texts(path))
        self.disk.write(f"pdf-text/{key}.json", "pdf-text", json.dumps(texts).encode())
        return texts

    def prune(self) -> None:
        """Drop the texts of PDFs this build no longer has."""
        folder = self.disk.directory / "pdf-text"
        for path in folder.glob("*.json") if folder.is_dir() else []:
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
