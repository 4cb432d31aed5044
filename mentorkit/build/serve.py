"""Live preview: the generator's own server over a staging folder we keep current.

The site generator serves and live-reloads the staging folder; we watch the
content (polling: stat-ing a district's 900 files takes about 10 ms) and,
when a file changes, validate again and rewrite only the Markdown that
changed. Invalid content is reported in the terminal and the preview keeps
showing the last good version.

A refresh after an edit redoes only what the edit can change: files are
read again only if their bytes changed (``ReadCache``), and the figures are
computed again only if something they are computed from changed (``Figures``).
"""

from __future__ import annotations

import argparse
import dataclasses
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from mentorkit.build.generators import GENERATORS
from mentorkit.build.pipeline import Timings, check, render_docs, stage
from mentorkit.load.cache import ReadCache
from mentorkit.load.content import CheckedSite, checked
from mentorkit.problems import errors, format_problems
from mentorkit.stats import figures as stats

#: Polling interval: at least this, and four times what one look at the files
#: takes, so a national site (13,000 files) is not stat-ed continuously.
POLL_SECONDS = 0.2

#: Parts of a ``Site`` that ``stats.compute`` does not read: an edit to a
#: session plan, guide, page or testimonial leaves every figure as it was
#: (tests/test_serve_cache.py holds stats to this).
NOT_IN_FIGURES = frozenset({"root", "sessions", "guides", "testimonials", "pages", "sources", "invalid"})


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


class Figures:
    """``stats.compute``, again only when what it reads has changed.

    With a ``ReadCache``, an unchanged file gives the very same model and
    table objects as last time, so "unchanged" is a check of identity.
    """

    def __init__(self) -> None:
        self.inputs: dict[str, Any] | None = None
        self.figures: dict[str, Any] = {}

    def compute(self, site: CheckedSite) -> dict[str, Any]:
        inputs = {f.name: getattr(site, f.name) for f in dataclasses.fields(site) if f.name not in NOT_IN_FIGURES}
        if self.inputs is None or not all(_same(inputs[name], self.inputs[name]) for name in inputs):
            self.figures = stats.compute(site)
            self.inputs = inputs
        return self.figures


def _same(now: Any, before: Any) -> bool:
    if isinstance(now, dict) and isinstance(before, dict):
        return now.keys() == before.keys() and all(now[key] is before[key] for key in now)
    return now is before


def refresh(
    root: Path,
    work: Path,
    cache: ReadCache | None = None,
    figures: Figures | None = None,
    timings: Timings | None = None,
) -> Path | None:
    """Validate and restage; returns the config, or None if the content has errors.

    ``cache`` and ``figures`` keep what the previous refresh read and
    computed: after an edit, only the edited file is read and validated again.
    ``timings`` (benchmarks/serve.py) receives the time of each stage.
    """
    timings = Timings() if timings is None else timings
    loaded, problems = check(root, timings, cache)
    site = checked(loaded)
    if errors(problems) or site is None:
        print(format_problems(problems), file=sys.stderr)
        print("content has errors: the preview shows the last good version", file=sys.stderr)
        return None
    with timings.stage("stats"):
        found = figures.compute(site) if figures is not None else stats.compute(site)
    with timings.stage("render"):
        docs, navigation, conflicts = render_docs(site, found)
    if conflicts:
        print(format_problems(conflicts), file=sys.stderr)
        return None
    with timings.stage("stage"):
        config = stage(site, docs, navigation, work, work / "site")
    spent = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in timings.stages.items())
    read = f"; {cache.misses} of {cache.misses + cache.hits} files read again" if cache is not None else ""
    print(f"restaged {len(docs)} pages in {sum(timings.stages.values()):.2f}s ({spent}{read})", file=sys.stderr)
    return config


def serve(args: argparse.Namespace) -> int:
    root = args.content_root.resolve()
    work = root / ".mentorkit" / "serve"
    work.mkdir(parents=True, exist_ok=True)
    cache, figures = ReadCache(), Figures()
    config = refresh(root, work, cache, figures)
    if config is None:
        return 1
    generator = GENERATORS[args.generator]
    generator.require()
    process = subprocess.Popen(generator.serve_command(config, args.address))
    print(f"serving on http://{args.address}/ (Ctrl-C to stop)", file=sys.stderr)
    # Stopped with SIGTERM (a supervisor, `kill`), Python would exit without
    # running `finally` and leave the generator's server running on its own.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        started = time.perf_counter()
        seen = _snapshot(root)
        interval = max(POLL_SECONDS, 4 * (time.perf_counter() - started))
        while process.poll() is None:
            time.sleep(interval)
            now = _snapshot(root)
            if now != seen:
                seen = now
                refresh(root, work, cache, figures)
    finally:
        signal.signal(signal.SIGTERM, previous)
        process.terminate()
        process.wait(timeout=10)
    return process.returncode or 0


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)
