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
import functools
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mentorkit.build import figures_cache
from mentorkit.build.figures_cache import CachedFigures
from mentorkit.build.generators import GENERATORS
from mentorkit.build.pipeline import Timings, WouldLeak, checked_site, documents, stage
from mentorkit.load.cache import ReadCache
from mentorkit.load.content import CheckedSite
from mentorkit.load.disk_cache import DiskCache, cache_dir
from mentorkit.load.memo import Kept
from mentorkit.privacy import gate as privacy
from mentorkit.privacy import typed_cache
from mentorkit.problems import MentorkitError, Problem, format_problems
from mentorkit.stats import figures as stats

#: Polling interval: at least this, and four times what one look at the files
#: takes, so a national site (13,000 files) is not stat-ed continuously.
POLL_SECONDS = 0.2

#: Parts of a ``Site`` that ``stats.compute`` does not read: an edit to a
#: session plan, guide, page or testimonial leaves every figure as it was
#: (tests/test_serve_cache.py holds stats to this). The build's figures cache shares it.
NOT_IN_FIGURES = figures_cache.NOT_IN_FIGURES


def _snapshot(root: Path) -> dict[Path, int]:
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

    def __init__(self, first: Callable[[CheckedSite], dict[str, Any]] | None = None) -> None:
        self.inputs: dict[str, Any] | None = None
        self.figures: dict[str, Any] = {}
        #: the first computation's (``CachedFigures``: the disk cache's figures, keyed by what it loaded)
        self.first = first

    def compute(self, site: CheckedSite) -> dict[str, Any]:
        inputs = {f.name: getattr(site, f.name) for f in dataclasses.fields(site) if f.name not in NOT_IN_FIGURES}
        if self.inputs is None or not all(_same(inputs[name], self.inputs[name]) for name in inputs):
            self.figures = (self.first or stats.compute)(site)
            self.first, self.inputs = None, inputs
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
    kept: Kept | None = None,
    disk: DiskCache | None = None,
) -> Path | None:
    """Validate and restage; returns the config, or None if nothing was staged.

    The pages come by the build's own path (``checked_site``, ``documents``), so
    the preview shows nothing the build would refuse. Content with errors
    leaves the last good version staged. A page that would publish a private
    value is never staged: every page says why instead, until the edit is undone.

    ``cache`` and ``figures`` keep what the previous refresh read and
    computed: after an edit, only the edited file is read and validated again.
    ``timings`` (benchmarks/serve.py) receives the time of each stage.
    ``kept``: what the costly rules and the privacy scans found last time (``load.memo``).
    ``disk``: the first refresh saves ``cache`` there before the figures are taken from it.
    """
    timings = Timings() if timings is None else timings
    figures = Figures() if figures is None else figures
    kept = Kept() if kept is None else kept
    try:
        site, problems = checked_site(root, timings, cache, kept)
    except MentorkitError as exc:
        print(format_problems(exc.problems), file=sys.stderr)
        print("content has errors: the preview shows the last good version", file=sys.stderr)
        return None
    finally:
        if disk is not None and cache is not None:
            disk.save_read_cache(cache)
    matcher, (clean, _) = functools.partial(typed_cache.full_matcher, kept), typed_cache.cleans(kept)
    try:
        rendered = documents(
            site, timings, compute=figures.compute, checked_problems=problems, matcher=matcher, clean=clean
        )
    except WouldLeak as exc:
        print(format_problems(exc.problems), file=sys.stderr)
        print(
            f"private data would be published: the preview shows why instead ({_count(exc.problems)})", file=sys.stderr
        )
        return refuse(work, exc)
    except MentorkitError as exc:
        print(format_problems(exc.problems), file=sys.stderr)
        print(f"{exc.message.split(';')[0]}: the preview shows the last good version", file=sys.stderr)
        return None
    kept.put(typed_cache.CLEAN, kept.memory.get("inputs"), frozenset(clean.now))  # the pages searched clean
    with timings.stage("stage"):
        config = stage(site, rendered.docs, rendered.navigation, work, work / "site")
    spent = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in timings.stages.items())
    read = f"; {cache.misses} of {cache.misses + cache.hits} files read again" if cache is not None else ""
    print(
        f"restaged {len(rendered.docs)} pages in {sum(timings.stages.values()):.2f}s ({spent}{read})", file=sys.stderr
    )
    return config


def _count(problems: list[Problem]) -> str:
    return f"{len(problems)} error{'s' if len(problems) != 1 else ''}"


REFUSED_TITLE = "Not shown: private data"
_QUOTED = re.compile(r'"[^"]*"')


def refuse(work: Path, leak: WouldLeak) -> Path | None:
    """Put a page saying why in place of every staged page; the config stays as it was.

    The generator reloads the page being previewed into it, so the browser
    says what the terminal says, naming where the private value is but never
    the value. Returns the staged config, or None when nothing was staged yet.
    """
    page = refusal_page(leak)
    for path in (work / "docs").rglob("*.md"):
        path.write_text(page, encoding="utf-8")
    config = work / "mkdocs.yml"
    return config if config.is_file() else None


def refusal_page(leak: WouldLeak) -> str:
    lines = [f"# {REFUSED_TITLE}", "", "The preview stopped: the site would publish private data.", ""]
    for problem in sorted(leak.problems):
        # The message quotes the value; the preview names only where it is.
        where = problem.location + (f" ({problem.field})" if problem.field else "")
        fix = f" ({problem.hint})" if problem.hint else ""
        lines.append(f"- `{where}`: {_QUOTED.sub('(withheld)', problem.message + fix)}")
    lines += ["", "Fix each as it says, then save again: the preview comes back by itself.", ""]
    page = "\n".join(lines)
    if privacy.scan_texts([("refused", page)], leak.secrets):
        return f"# {REFUSED_TITLE}\n\nThe preview stopped: the terminal says where.\n"
    return page


def caches(root: Path, args: argparse.Namespace) -> tuple[DiskCache | None, ReadCache, Figures, Kept]:
    """What the first build starts from: what the last check, build or serve kept on disk, as they do."""
    disk = DiskCache.open(cache_dir(root, args.cache_dir)) if args.cache else None
    cache = disk.read_cache() if disk is not None else ReadCache()
    return disk, cache, Figures(CachedFigures(disk).compute if disk is not None else None), Kept(disk)


def serve(args: argparse.Namespace) -> int:
    root = args.content_root.resolve()
    work = root / ".mentorkit" / "serve"
    work.mkdir(parents=True, exist_ok=True)
    disk, cache, figures, kept = caches(root, args)
    config = refresh(root, work, cache, figures, kept=kept, disk=disk)
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
                refresh(root, work, cache, figures, kept=kept)
    finally:
        if disk is not None:
            disk.save_read_cache(cache)  # the next start reads only what changed meanwhile
        signal.signal(signal.SIGTERM, previous)
        process.terminate()
        process.wait(timeout=10)
    return process.returncode or 0


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)
