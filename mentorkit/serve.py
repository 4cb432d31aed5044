"""Live preview: the generator's own server over a staging folder we keep current.

The site generator serves and live-reloads the staging folder; we watch the
content (polling: a few thousand small files cost microseconds to stat) and,
when a file changes, validate again and rewrite only the Markdown that
changed. Invalid content is reported in the terminal and the preview keeps
showing the last good version.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from .pipeline import check, render_docs, stage
from .problems import errors, format_problems
from .sitegen import GENERATORS
from . import stats

POLL_SECONDS = 0.5


def _snapshot(root: Path) -> dict[Path, float]:
    out = {}
    for folder in ("content", "sessions", "site_overrides"):
        base = root / folder
        if base.is_dir():
            for path in base.rglob("*"):
                if path.is_file():
                    out[path] = path.stat().st_mtime_ns
    for name in ("mkdocs.yml",):
        if (root / name).is_file():
            out[root / name] = (root / name).stat().st_mtime_ns
    return out


def refresh(root: Path, work: Path) -> Path | None:
    """Validate and restage; returns the config, or None if the content has errors."""
    started = time.perf_counter()
    site, problems = check(root)
    if errors(problems) or site.programme is None:
        print(format_problems(problems), file=sys.stderr)
        print("content has errors: the preview shows the last good version", file=sys.stderr)
        return None
    docs, navigation, conflicts = render_docs(site, stats.compute(site))
    if conflicts:
        print(format_problems(conflicts), file=sys.stderr)
        return None
    config = stage(site, docs, navigation, work, work / "site")
    print(f"restaged {len(docs)} pages in {time.perf_counter() - started:.2f}s", file=sys.stderr)
    return config


def serve(args: argparse.Namespace) -> int:
    root = args.content_root.resolve()
    work = root / ".mentorkit" / "serve"
    work.mkdir(parents=True, exist_ok=True)
    config = refresh(root, work)
    if config is None:
        return 1
    generator = GENERATORS[args.generator]
    generator.require()
    process = subprocess.Popen(generator.serve_command(config, args.address))
    print(f"serving on http://{args.address}/ (Ctrl-C to stop)", file=sys.stderr)
    seen = _snapshot(root)
    try:
        while process.poll() is None:
            time.sleep(POLL_SECONDS)
            now = _snapshot(root)
            if now != seen:
                seen = now
                refresh(root, work)
    finally:
        process.terminate()
        process.wait(timeout=10)
    return process.returncode or 0
