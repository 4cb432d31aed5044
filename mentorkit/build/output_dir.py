"""Where a build may write, and the scratch folders a killed build leaves.

A build replaces its output folder whole (``swap``). ``--site-dir content``
would replace the content with the built site, so an output folder is refused
when it is, contains or is inside what the build reads (``content/``,
``sessions/``, ``site_overrides/``), the staff files (``private/``), or
when it is or contains the content root or a repository; and an existing
folder that is not an earlier build is never replaced.

Each build works in a ``.mentorkit-build-*`` folder beside the output, with
its process id inside; a build killed before it could clean up leaves it
behind, and the next build removes those whose process is gone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from mentorkit.problems import MentorkitError, Problem

PREFIX = ".mentorkit-build-"
OWNER = ".mentorkit-pid"
#: A scratch folder without an owner file (killed before writing it) is left this long.
UNOWNED_GRACE_SECONDS = 600
#: What every earlier build's output holds: an existing folder without them was not made by a build.
SITE_MARKERS = ("index.html", "404.html", "sitemap.xml", "search")


def _refusal(output: Path, message: str) -> Problem:
    return Problem.whole_file(
        str(output),
        "unsafe-site-dir",
        message,
        "the built site replaces this folder entirely: choose a new folder (the default is <content-root>/site)",
    )


def output_problems(output: Path, root: Path) -> list[Problem]:
    """Why ``output`` may not be replaced by a built site (empty when it may)."""
    output, root = output.resolve(), root.resolve()
    problems = []
    for name in ("content", "sessions", "site_overrides", "private"):
        folder = root / name
        what = "the staff files" if name == "private" else "what the build reads"
        if output == folder:
            problems.append(_refusal(output, f"{output} is {name}/, {what}"))
        elif output.is_relative_to(folder):
            problems.append(_refusal(output, f"{output} is inside {name}/, {what}"))
        elif folder.is_relative_to(output):
            problems.append(_refusal(output, f"{output} holds {name}/, {what}"))
    if root.is_relative_to(output) and not problems:
        problems.append(_refusal(output, f"{output} holds the content root {root}"))
    if (output / ".git").exists():
        problems.append(_refusal(output, f"{output} is a repository (it holds .git)"))
    if not problems and output.is_dir() and any(output.iterdir()):
        if not any((output / marker).exists() for marker in SITE_MARKERS):
            problems.append(_refusal(output, f"{output} holds files that are not a built site"))
    return problems


def work_folder(output: Path, root: Path) -> Path:
    """A fresh scratch folder beside ``output``, after refusing an unsafe output and clearing stale ones."""
    problems = output_problems(output, root)
    if problems:
        raise MentorkitError("the output folder is not safe to replace; nothing was built", problems)
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(output.parent)
    work = Path(tempfile.mkdtemp(prefix=PREFIX, dir=output.parent))
    (work / OWNER).write_text(str(os.getpid()), encoding="utf-8")
    return work


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale(parent: Path) -> list[Path]:
    """Remove scratch folders in ``parent`` whose build is no longer running; returns them."""
    removed = []
    for folder in parent.glob(PREFIX + "*"):
        if not folder.is_dir() or folder.is_symlink():
            continue
        owner = folder / OWNER
        try:
            stale = not _alive(int(owner.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            stale = time.time() - folder.stat().st_mtime > UNOWNED_GRACE_SECONDS
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
