#!/usr/bin/env python3
"""Time each stage of a mentorkit build and report its memory.

    python benchmarks/run.py [PRESET | --content-root DIR] [--no-site] [--seed N]
        [--schools N --years N ...] [--json] [--tracemalloc] [--keep]

PRESET (small, district, national) or the sizing options generate synthetic
content (benchmarks/synth.py) into a temporary folder; --content-root DIR
measures an existing content root instead (``.`` is the bundled example).
The site is always built into a temporary folder, never into DIR/site.

The stages are the ones ``mentorkit.pipeline.Timings`` records; this script
only passes a ``Timings`` that also notes memory at each stage's start and end.
It prints one table (or, with --json, the same figures as JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # mentorkit from this checkout
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from mentorkit import pipeline, privacy, stats  # noqa: E402
from mentorkit.pipeline import BuildOptions, Timings  # noqa: E402
from mentorkit.problems import MentorkitError, errors, format_problems  # noqa: E402

MB = 1024 * 1024


def _status_kb(field_name: str) -> int | None:
    """A ``Vm...`` line of /proc/self/status, in kB (Linux only)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak_rss() -> bool:
    """Reset the kernel's high-water mark of this process's RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    """Child process ids of ``pid`` (Linux /proc/<pid>/task/<tid>/children)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            pass
    return out


def _hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class ChildSampler:
    """Samples the peak RSS (VmHWM) of this process's descendants every ``interval`` s.

    getrusage(RUSAGE_CHILDREN) cannot be used for this: a child started with
    fork/vfork + exec carries the parent's high-water mark into its figure.
    VmHWM only grows while a process runs one program, so the last sample of
    each process is its peak (less whatever it grew in its final
    ``interval``); the last one, not the largest, because a forked child
    shows the parent's pages until it execs the generator.
    """

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.last_kb: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            pending, seen = _children(me), set()
            while pending:
                pid = pending.pop()
                if pid in seen:
                    continue
                seen.add(pid)
                hwm = _hwm_kb(pid)
                if hwm:
                    self.last_kb[pid] = hwm
                pending += _children(pid)
            self._stop.wait(self.interval)

    @property
    def peak_kb(self) -> int:
        return max(self.last_kb.values(), default=0)

    def __enter__(self) -> "ChildSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class StageMemory:
    peak_rss: int = 0  # bytes: highest RSS of this process during the stage
    rss_after: int = 0  # bytes: RSS when the stage ended
    child_peak_rss: int = 0  # bytes: highest sampled RSS of a child process (the site generator)
    heap_peak: int | None = None  # bytes: tracemalloc peak during the stage


@dataclass
class MeasuredTimings(Timings):
    """``pipeline.Timings`` that also records memory per stage.

    Peak RSS per stage needs the kernel's high-water mark to be reset at each
    stage's start (``/proc/self/clear_refs``); where that is not allowed the
    figure is the process's peak so far (``getrusage``), and ``per_stage_peak``
    is False so the table says so.
    """

    memory: dict[str, StageMemory] = field(default_factory=dict)
    per_stage_peak: bool = True
    heap: bool = False
    #: The process's peak RSS over the whole run: resetting the high-water
    #: mark also resets getrusage's ru_maxrss, so it is folded in here first.
    overall_peak: int = 0

    def note_peak(self) -> None:
        peak = (_status_kb("VmHWM") or 0) * 1024 or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        self.overall_peak = max(self.overall_peak, peak)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.note_peak()
        self.per_stage_peak = _reset_peak_rss() and self.per_stage_peak
        if self.heap:
            tracemalloc.reset_peak()
        # Only the site build starts a process worth measuring; a sampling
        # thread in the other stages would only take the GIL from them.
        sampler = ChildSampler() if name == "site build" else nullcontext()
        try:
            with sampler, super().stage(name):
                yield
        finally:
            memory = self.memory.setdefault(name, StageMemory())
            if self.per_stage_peak:
                peak = (_status_kb("VmHWM") or 0) * 1024
            else:
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            memory.peak_rss = max(memory.peak_rss, peak)
            self.note_peak()
            memory.rss_after = (_status_kb("VmRSS") or 0) * 1024
            if isinstance(sampler, ChildSampler):
                memory.child_peak_rss = max(memory.child_peak_rss, sampler.peak_kb * 1024)
            if self.heap:
                heap_peak = tracemalloc.get_traced_memory()[1]
                memory.heap_peak = max(memory.heap_peak or 0, heap_peak)


def run_without_site(root: Path, timings: Timings) -> tuple[Any, int]:
    """check, stats, render and the privacy scan of the rendered pages: what
    ``pipeline.build`` does before it stages and runs the site generator."""
    site, problems = pipeline.check(root, timings)
    if errors(problems) or site.programme is None:
        raise MentorkitError("the content has errors; nothing was built", problems)
    with timings.stage("stats"):
        figures = stats.compute(site)
    with timings.stage("render"):
        docs, _navigation, conflicts = pipeline.render_docs(site, figures)
    if conflicts:
        raise MentorkitError("pages clash; nothing was built", conflicts)
    with timings.stage("privacy"):
        leaks = privacy.scan_texts(docs.items(), privacy.secrets(site))
    if leaks:
        raise MentorkitError("private data would be published; nothing was built", leaks)
    return site, len(docs)


def measure(root: Path, site_dir: Path, *, build_site: bool, heap: bool) -> dict[str, Any]:
    """Run the pipeline once over ``root``; every figure the table shows."""
    timings = MeasuredTimings(heap=heap)
    if heap:
        tracemalloc.start()
    rss_before = (_status_kb("VmRSS") or 0) * 1024
    started = time.perf_counter()
    failure: MentorkitError | None = None
    site = None
    pages = html_pages = 0
    try:
        if build_site:
            result = pipeline.build(BuildOptions(root, site_dir, pdf=False), timings)
            site, pages = result.site, result.pages
            html_pages = sum(1 for _ in site_dir.rglob("*.html"))
        else:
            site, pages = run_without_site(root, timings)
    except MentorkitError as exc:
        failure = exc
    total = time.perf_counter() - started
    timings.note_peak()
    if heap:
        tracemalloc.stop()

    own = sum(seconds for name, seconds in timings.stages.items() if name != "site build")
    generator = timings.stages.get("site build")
    out: dict[str, Any] = {
        "root": str(root),
        "stages": [
            {
                "stage": name,
                "seconds": round(seconds, 4),
                "peak_rss_mb": round(timings.memory[name].peak_rss / MB, 1),
                "rss_after_mb": round(timings.memory[name].rss_after / MB, 1),
                **({"generator_peak_rss_mb": round(timings.memory[name].child_peak_rss / MB, 1)} if name == "site build" else {}),
                **({"heap_peak_mb": round(timings.memory[name].heap_peak / MB, 1)} if timings.memory[name].heap_peak is not None else {}),
            }
            for name, seconds in timings.stages.items()
        ],
        "total_seconds": round(total, 4),
        "mentorkit_seconds": round(own, 4),
        "site_build_seconds": round(generator, 4) if generator is not None else None,
        "mentorkit_to_site_build": round(own / generator, 2) if generator else None,
        "rss_before_mb": round(rss_before / MB, 1),
        "process_peak_rss_mb": round(timings.overall_peak / MB, 1),
        "per_stage_peak": timings.per_stage_peak,
        "markdown_pages": pages,
        "html_pages": html_pages,
        "files_read": 0,
        "rows_validated": 0,
        "error": None,
    }
    if site is None and failure is None:
        raise AssertionError("no site and no failure")
    if failure is not None:
        out["error"] = {"message": failure.message, "problems": len(failure.problems),
                        "first": [p.human() for p in sorted(failure.problems)[:20]]}
    if site is not None:
        out["files_read"] = len(site.sources) + len(site.responses) + len(site.series)
        out["rows_validated"] = sum(len(t.rows) for t in site.responses.values()) + sum(len(t.rows) for t in site.series.values())
        out["mentee_years"] = sum(len(c.mentees) for c in site.cohorts.values())
    return out


def table(figures: dict[str, Any], heading: str) -> str:
    heap = any("heap_peak_mb" in s for s in figures["stages"])
    headers = ["stage", "wall s", "share", "peak RSS MB", "RSS after MB"] + (["py heap peak MB"] if heap else [])
    total = figures["total_seconds"] or 1.0
    rows = []
    for s in figures["stages"]:
        peak = f"{s['peak_rss_mb']:.1f}"
        if "generator_peak_rss_mb" in s:
            peak = f"{s['generator_peak_rss_mb']:.1f} *"
        rows.append([s["stage"], f"{s['seconds']:.3f}", f"{100 * s['seconds'] / total:.0f}%", peak, f"{s['rss_after_mb']:.1f}"]
                    + ([f"{s.get('heap_peak_mb', 0):.1f}"] if heap else []))
    rows.append(["total", f"{figures['total_seconds']:.3f}", "", f"{figures['process_peak_rss_mb']:.1f} **", ""] + ([""] if heap else []))
    widths = [max(len(str(r[i])) for r in [headers] + rows) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    out = [heading, line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in rows[:-1]] + [line(["-" * w for w in widths]), line(rows[-1])]
    ratio = figures["mentorkit_to_site_build"]
    counts = (f"pages written: {figures['markdown_pages']} Markdown, {figures['html_pages']} HTML | "
              f"files read: {figures['files_read']:,} | rows validated: {figures['rows_validated']:,}"
              + (f" | mentee-years: {figures['mentee_years']:,}" if "mentee_years" in figures else ""))
    out.append(counts)
    if ratio is not None:
        out.append(f"mentorkit's own stages {figures['mentorkit_seconds']:.2f}s : site generator {figures['site_build_seconds']:.2f}s = {ratio:.2f}")
    else:
        out.append(f"mentorkit's own stages {figures['mentorkit_seconds']:.2f}s (site generator not run)")
    how = ("highest resident memory of this Python process during that stage (kernel high-water mark, reset at each stage's start)"
           if figures["per_stage_peak"] else
           "highest resident memory of this Python process since it started (getrusage; the kernel would not reset it per stage)")
    out.append(f"peak RSS MB: {how}; RSS after: resident memory when the stage ended (what it kept). RSS before the build: {figures['rss_before_mb']:.1f} MB.")
    out.append("*  site build runs the generator as a child process: its figure is the generator's own peak RSS (its VmHWM, sampled every 20 ms), not this process's.")
    out.append("** total: this process's peak RSS over the whole run, generation of synthetic content included.")
    if heap:
        out.append("py heap peak: tracemalloc's peak of Python allocations during the stage; tracing slows allocation-heavy stages, so wall times with --tracemalloc are inflated.")
    if any(s["stage"] == "privacy" for s in figures["stages"]):
        out.append("privacy runs twice in a build (rendered Markdown, then the built site); its row is the sum of both, and the larger peak.")
    if figures["error"]:
        out.append(f"\nFAILED: {figures['error']['message']} ({figures['error']['problems']} problems); first ones:")
        out += ["  " + p for p in figures["error"]["first"]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time and measure the memory of each stage of a mentorkit build.")
    parser.add_argument("preset", nargs="?", choices=sorted(synth.PRESETS), help="generate this synthetic preset (default: small)")
    parser.add_argument("--content-root", type=Path, metavar="DIR", help="measure this content root instead of synthetic content")
    parser.add_argument("--no-site", action="store_true", help="stop before the site generator (check, stats, render, privacy of the Markdown)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    parser.add_argument("--tracemalloc", action="store_true", help="also record the Python heap peak per stage (slows the run)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (generated content and site) and print its path")
    synth.add_arguments(parser)
    args = parser.parse_args(argv)
    sizing = any(getattr(args, n) is not None for n in ("schools", "years", "mentees", "mentors_per_school", "surveys_per_year"))
    if args.content_root and (args.preset or sizing):
        parser.error("give a PRESET (or sizing options) or --content-root, not both")

    temp = Path(tempfile.mkdtemp(prefix="mentorkit-bench-"))
    try:
        generation: dict[str, Any] | None = None
        if args.content_root:
            root = args.content_root.resolve()
            heading = f"mentorkit build of {root}"
        else:
            if not args.preset and not sizing:
                args.preset = "small"
            config = synth.config_from_args(args)
            root = temp / "content-root"
            made = synth.generate(root, config)
            generation = {"config": vars(config), "seconds": round(made.seconds, 3), "files": made.files,
                          "mb": round(made.bytes / 1e6, 1), "response_rows": made.response_rows}
            name = args.preset or "custom"
            heading = (f"mentorkit build of synthetic content ({name}: {config.schools} schools x {config.years} years, "
                       f"{config.mentees} mentees, {config.mentors_per_school} mentors per school, {config.surveys_per_year} surveys a year, seed {config.seed}); "
                       f"generated {made.files:,} files ({made.bytes / 1e6:.1f} MB) in {made.seconds:.1f}s")
        figures = measure(root, temp / "site", build_site=not args.no_site, heap=args.tracemalloc)
        figures["generation"] = generation
        if args.json:
            print(json.dumps(figures, indent=2))
        else:
            print(table(figures, heading))
        if args.keep:
            print(f"kept {temp}", file=sys.stderr)
        return 1 if figures["error"] else 0
    finally:
        if not args.keep:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
