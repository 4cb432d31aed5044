"""Writing a file in one step: readers (and an interrupted run) see the old file whole or the new one whole.

The lowest layer beside ``problems``: any stage may write with it, it imports
nothing of mentorkit's.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: A new file's mode: readable by everyone, like a file the user's editor makes.
#: The temporary file starts at 0600 (``mkstemp``), which a new content file must not keep.
NEW_FILE_MODE = 0o644


def write_atomically(path: Path, text: str) -> None:
    """Replace (or create) ``path`` with ``text``, exactly as given (line endings kept), in one step.

    The text goes to a temporary file in the same folder (so the rename never
    crosses file systems), is flushed to disk, takes the old file's mode (or
    0644 for a new file) and replaces ``path`` with ``os.replace``. On any
    failure the temporary file is removed and ``path`` is left as it was.
    """
    mode = path.stat().st_mode & 0o7777 if path.exists() else NEW_FILE_MODE
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # The rename is durable once the folder's entry is on disk; POSIX only (Windows cannot open a folder).
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
