#!/usr/bin/env python3
"""Time each stage of a mentorkit build and report its memory.

    python benchmarks/run.py [PRESET | --content-root DIR] [--check-only | --no-site] [--no-pdf]
        [--seed N] [--schools N --years N ...] [--frictionless-sample N | --no-frictionless]
        [--json] [--tracemalloc] [--progress] [--keep]

PRESET (small, district, national) or the sizing options generate synthetic
content (benchmarks/synth.py) into a temporary folder; --content-root DIR
measures an existing content root instead (``.`` is the bundled example).
The site is always built into a temporary folder, never into DIR/site.

The stages are the ones ``mentorkit.build.pipeline.Timings`` records; this script
passes ``pipeline.build`` a ``Timings`` that also notes CPU time and memory
at each stage's start and end, and prints one table (or, with --json, the
same figures as JSON). See benchmarks/README.md for what each column means.

After the run, outside the table, ``frictionless validate`` (its Python API,
configured as benchmarks/tables.py configures it) validates the same CSV
tables, and the ``tables`` stage is given as a ratio of its time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # mentorkit from this checkout
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from mentorkit.build import pipeline
from mentorkit.build.pipeline import BuildOptions, Timings  # noqa: E402
from mentorkit.load.disk_cache import DiskCache  # noqa: E402
from mentorkit.problems import MentorkitError, errors  # noqa: E402

MB = 1024 * 1024
#: Stages that run other programs (the site generator; the browser that prints PDFs).
CHILD_STAGES = {"site build", "pdf"}
#: Stages that are not mentorkit's own Python work, for the ratio line.
NOT_OURS = {"site build", "pdf"}


# ---------------------------------------------------------------- memory probes (Linux /proc)


def _status_kb(name: str, pid: str = "self") -> int:
    """A ``Vm...`` line of /proc/<pid>/status in kB; 0 if unreadable."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _reset_peak_rss() -> bool:
    """Reset the kernel's high-water mark of this process's RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    """Child process ids of ``pid``; empty if it has already exited."""
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out += [int(c) for c in handle.read().split()]
    except (OSError, ValueError):
        pass  # the process (or one of its threads) ended while we looked
    return out


def _cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


class ChildSampler:
    """Samples the peak RSS (VmHWM) of this process's descendants every 20 ms.

    getrusage(RUSAGE_CHILDREN) cannot be used: a child started with
    fork/vfork + exec carries the parent's high-water mark into its figure.
    VmHWM only grows while a process runs one program, so the last sample of
    each process is its peak (less whatever it grew in its final 20 ms); the
    last one, not the largest, because a just-forked child shows the
    parent's pages until it execs.
    """

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.last_kb: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            pending, seen = _children(os.getpid()), set()
            while pending:
                pid = pending.pop()
                if pid not in seen:
                    seen.add(pid)
                    hwm = _status_kb("VmHWM", str(pid))
                    if hwm:
                        self.last_kb[pid] = hwm
                    pending += _children(pid)
            self._stop.wait(self.interval)

    @property
    def peak_kb(self) -> int:
        """The largest single child process's peak."""
        return max(self.last_kb.values(), default=0)

    def __enter__(self) -> ChildSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------- a Timings that also measures


@dataclass
class Stage:
    cpu: float = 0.0
    peak_rss: int = 0  # bytes: this process, during the stage
    rss_after: int = 0  # bytes: this process, when the stage ended
    child_peak_rss: int = 0  # bytes: largest child process (CHILD_STAGES only)
    heap_peak: int | None = None  # bytes: tracemalloc peak during the stage


@dataclass
class MeasuredTimings(Timings):
    """``pipeline.Timings`` that also records CPU time and memory per stage.

    A stage that runs twice (privacy) adds up its times and keeps the larger peak.
    """

    measured: dict[str, Stage] = field(default_factory=dict)
    heap: bool = False
    progress: bool = False  # report each stage on stderr as it starts and ends
    #: False when the kernel would not reset the RSS high-water mark: each
    #: stage's "peak" is then the process's peak so far.
    per_stage_peak: bool = True
    #: Resetting the high-water mark also resets getrusage's ru_maxrss, so
    #: the whole run's peak is folded in here before each reset.
    overall_peak: int = 0

    def note_peak(self) -> None:
        peak = _status_kb("VmHWM") * 1024 or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        self.overall_peak = max(self.overall_peak, peak)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.note_peak()
        self.per_stage_peak = _reset_peak_rss() and self.per_stage_peak
        if self.heap:
            tracemalloc.reset_peak()
        # Only stages that start programs get a sampling thread: elsewhere it
        # would only take the GIL from the stage being measured.
        sampler = ChildSampler() if name in CHILD_STAGES else nullcontext()
        cpu_start = _cpu_seconds()
        if self.progress:
            print(f"[{time.strftime('%H:%M:%S')}] {name} ...", file=sys.stderr, flush=True)
        try:
            with sampler, super().stage(name):
                yield
        finally:
            s = self.measured.setdefault(name, Stage())
            s.cpu += _cpu_seconds() - cpu_start
            peak = (
                _status_kb("VmHWM") * 1024
                if self.per_stage_peak
                else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            )
            s.peak_rss = max(s.peak_rss, peak)
            s.rss_after = _status_kb("VmRSS") * 1024
            if isinstance(sampler, ChildSampler):
                s.child_peak_rss = max(s.child_peak_rss, sampler.peak_kb * 1024)
            if self.heap:
                s.heap_peak = max(s.heap_peak or 0, tracemalloc.get_traced_memory()[1])
            self.note_peak()
            if self.progress:
                print(
                    f"[{time.strftime('%H:%M:%S')}] {name} done: {self.stages[name]:.1f}s so far",
                    file=sys.stderr,
                    flush=True,
                )


# ---------------------------------------------------------------- running the pipeline


def run_without_site(root: Path, timings: Timings, disk: DiskCache | None = None) -> tuple[Any, int]:
    """What ``pipeline.build`` does before it stages anything: check, stats,
    render and the privacy scan of the rendered pages."""
    site, problems = pipeline.cached_check(root, timings, disk, pipeline.checked_site)
    return site, len(pipeline.documents(site, timings, checked_problems=problems).docs)


def measure(
    root: Path,
    site_dir: Path,
    *,
    mode: str,
    pdf: bool,
    heap: bool,
    progress: bool = False,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """``mode``: "build" (pipeline.build), "no-site" (up to the privacy scan of
    the pages) or "check" (pipeline.check: load+validate and rules only).
    ``cache_dir``: use and save the persistent cache there, as the command line does."""
    timings = MeasuredTimings(heap=heap, progress=progress)
    disk = DiskCache.open(cache_dir) if cache_dir else None
    if heap:
        tracemalloc.start()
    rss_before = _status_kb("VmRSS") * 1024
    load_before = os.getloadavg()[0]
    failure: MentorkitError | None = None
    site, docs_files = None, 0
    started = time.perf_counter()
    try:
        if mode == "build":
            result = pipeline.build(
                BuildOptions(root, site_dir, pdf=pdf, cache=cache_dir is not None, cache_dir=cache_dir), timings
            )
            site, docs_files = result.site, result.pages
        elif mode == "no-site":
            site, docs_files = run_without_site(root, timings, disk)
        else:
            site, problems = pipeline.cached_check(root, timings, disk, pipeline.check)
            if errors(problems):
                raise MentorkitError("the content has errors", problems)
    except MentorkitError as exc:
        failure = exc
    total = time.perf_counter() - started
    timings.note_peak()
    if heap:
        tracemalloc.stop()

    stages = [
        {
            "stage": name,
            "seconds": round(timings.stages[name], 4),  # the pipeline's own figure
            "cpu_seconds": round(s.cpu, 4),
            "peak_rss_mb": round(s.peak_rss / MB, 1),
            "rss_after_mb": round(s.rss_after / MB, 1),
            **({"child_peak_rss_mb": round(s.child_peak_rss / MB, 1)} if name in CHILD_STAGES else {}),
            **({"heap_peak_mb": round(s.heap_peak / MB, 1)} if s.heap_peak is not None else {}),
        }
        for name, s in timings.measured.items()
    ]
    own = sum(seconds for name, seconds in timings.stages.items() if name not in NOT_OURS)
    generator = timings.stages.get("site build")
    built = site_dir.is_dir()
    figures: dict[str, Any] = {
        "root": str(root),
        "stages": stages,
        "untimed_seconds": round(total - sum(timings.stages.values()), 4),
        "total_seconds": round(total, 4),
        "mentorkit_seconds": round(own, 4),
        "site_build_seconds": round(generator, 4) if generator is not None else None,
        "mentorkit_to_site_build": round(own / generator, 2) if generator else None,
        "rss_before_mb": round(rss_before / MB, 1),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "cpus": os.cpu_count(),
        "process_peak_rss_mb": round(timings.overall_peak / MB, 1),
        "per_stage_peak": timings.per_stage_peak,
        "docs_files": docs_files,
        "html_pages": sum(1 for _ in site_dir.rglob("*.html")) if built else 0,
        "site_files": sum(1 for p in site_dir.rglob("*") if p.is_file()) if built else 0,
        "files_read": None,
        "rows_validated": None,
        "mentee_years": None,
        "error": None,
    }
    if site is not None:
        figures["files_read"] = len(site.sources) + len(site.responses) + len(site.series)
        figures["rows_validated"] = sum(len(t.rows) for t in site.responses.values()) + sum(
            len(t.rows) for t in site.series.values()
        )
        figures["mentee_years"] = sum(len(c.mentees) for c in site.cohorts.values())
    if failure is not None:
        figures["error"] = {
            "message": failure.message,
            "problems": len(failure.problems),
            "first": [p.human() for p in sorted(failure.problems)[:20]],
        }
    return figures


# ---------------------------------------------------------------- mentorkit's tables stage against frictionless


def table_validation(root: Path, figures: dict[str, Any], sample: int) -> dict[str, Any]:
    """``frictionless validate`` over the CSV tables the run validated, against its ``tables`` stage.

    Runs after the measured run, so its time and memory are in no row of the table.
    """
    # Imported here, not at the top: it imports polars, which the tables stage imports on first use and should pay for.
    import tables as table_bench

    found = table_bench.compare(root, sample)
    ours = next((s for s in figures["stages"] if s["stage"] == "tables"), None)
    out: dict[str, Any] = {"files": found["files"], "rows": found["rows"]}
    if not found["rows"]:
        return out
    out.update(
        tables_stage_seconds=ours["seconds"] if ours else None,
        tables_stage_cpu_seconds=ours["cpu_seconds"] if ours else None,
        fasttables_check_seconds=round(found["fasttables_wall"], 4),
        fasttables_check_cpu_seconds=round(found["fasttables_cpu"], 4),
        frictionless_seconds=round(found["frictionless_wall"], 4),
        frictionless_cpu_seconds=round(found["frictionless_cpu"], 4),
        frictionless_files=found["frictionless_files"],
        frictionless_rows=found["frictionless_rows"],
        frictionless_sample=sample,
        extrapolated=found["extrapolated"],
        # The tables stage also reads the files and builds the typed rows; frictionless' validate reads them too.
        speedup_cpu=round(found["frictionless_cpu"] / ours["cpu_seconds"], 1) if ours and ours["cpu_seconds"] else None,
        speedup_wall=round(found["frictionless_wall"] / ours["seconds"], 1) if ours and ours["seconds"] else None,
        compared_files=found["compared_files"],
        errors_frictionless=found["frictionless_errors"],
        errors_compared=found["compared_errors"],
        fasttables_errors=found["fasttables_errors"],
        undecided_files=found["fasttables_undecided"],
        disagree_files=found["disagree"],
        same_errors=found["compared_files"] > 0 and not found["disagree"],
        polars_import_seconds=round(_import_seconds("polars"), 3),
    )
    return out


def _import_seconds(module: str) -> float:
    """How long importing ``module`` takes in a fresh interpreter."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def _times(ratio: float) -> str:
    return f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"


def table_validation_lines(t: dict[str, Any]) -> list[str]:
    if not t.get("rows"):
        return ["table validation: no CSV tables to compare"]
    how = (
        f"extrapolated by rows from every {t['frictionless_sample']}th file: {t['frictionless_files']} of {t['files']} "
        "files, "
        f"{t['frictionless_rows']:,} of {t['rows']:,} rows"
        if t["extrapolated"]
        else f"all {t['files']} files, {t['rows']:,} rows"
    )
    if t["tables_stage_cpu_seconds"] is not None:
        ours = (
            f"mentorkit {t['tables_stage_cpu_seconds']:.2f} CPU s ({t['tables_stage_seconds']:.2f} s wall, the "
            "tables stage)"
        )
        ratio = (
            f" = {_times(t['speedup_cpu'])} (CPU; {_times(t['speedup_wall'])} in wall time)" if t["speedup_cpu"] else ""
        )
    else:
        ours, ratio = "mentorkit: no tables stage in this run", ""
    same = "yes" if t["same_errors"] else "no" if t["compared_files"] else "not compared"
    lines = [
        f"table validation: {ours} vs frictionless {t['frictionless_cpu_seconds']:.2f} CPU s "
        f"({t['frictionless_seconds']:.2f} s wall){ratio}; "
        f"same errors: {same} ({t['compared_files']} files compared, {t['errors_compared']:,} errors found by both)",
        "  frictionless: Resource(path).validate() of each file, the same Table Schemas, comma dialect, header row 1; "
        f"{how}.",
        f"  fasttables.check alone over all {t['files']} files: {t['fasttables_check_cpu_seconds']:.2f} CPU s "
        f"({t['fasttables_check_seconds']:.2f} s wall); "
        f"the tables stage also reads the files, builds the typed rows and imports polars on its first table "
        f"(that import alone: {t['polars_import_seconds']:.2f} s in a fresh process).",
    ]
    if t["disagree_files"]:
        lines.append(
            "  DISAGREE: " + ", ".join(t["disagree_files"][:10]) + (" ..." if len(t["disagree_files"]) > 10 else "")
        )
    if t["undecided_files"]:
        lines.append(f"  fasttables left {len(t['undecided_files'])} files to frictionless (they are not compared).")
    return lines


# ---------------------------------------------------------------- the table


def table(figures: dict[str, Any], heading: str) -> str:
    heap = any("heap_peak_mb" in s for s in figures["stages"])
    headers = ["stage", "wall s", "CPU s", "share", "peak RSS MB", "RSS after MB", "child peak MB"] + (
        ["py heap peak MB"] if heap else []
    )
    total = figures["total_seconds"] or 1.0
    rows = []
    for s in figures["stages"]:
        child = f"{s['child_peak_rss_mb']:.1f} *" if "child_peak_rss_mb" in s else ""
        rows.append(
            [
                s["stage"],
                f"{s['seconds']:.3f}",
                f"{s['cpu_seconds']:.3f}",
                f"{100 * s['seconds'] / total:.0f}%",
                f"{s['peak_rss_mb']:.1f}",
                f"{s['rss_after_mb']:.1f}",
                child,
            ]
            + ([f"{s.get('heap_peak_mb', 0):.1f}"] if heap else [])
        )
    blank = [""] if heap else []
    if figures["untimed_seconds"] >= 0.0005:
        rows.append(
            [
                "(untimed)",
                f"{figures['untimed_seconds']:.3f}",
                "",
                f"{100 * figures['untimed_seconds'] / total:.0f}%",
                "",
                "",
                "",
            ]
            + blank
        )
    cpu = sum(s["cpu_seconds"] for s in figures["stages"])
    footer = [
        "total",
        f"{figures['total_seconds']:.3f}",
        f"{cpu:.3f}",
        "",
        f"{figures['process_peak_rss_mb']:.1f} **",
        "",
        "",
    ] + blank
    widths = [max(len(r[i]) for r in [headers, footer] + rows) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    rule = line(["-" * w for w in widths])
    out = [heading, line(headers), rule, *(line(r) for r in rows), rule, line(footer)]
    if figures["files_read"] is None:
        out.append("files read, rows validated: not available (the build failed before returning the site)")
    else:
        out.append(
            f"files read: {figures['files_read']:,} | rows validated: {figures['rows_validated']:,} | mentee-years: "
            f"{figures['mentee_years']:,}"
        )
    if figures["docs_files"]:
        out.append(
            f"pages written: {figures['docs_files']} files rendered into docs/ (Markdown pages, charts, open-data "
            "CSVs, editor config)"
            + (
                f"; the built site has {figures['html_pages']} HTML pages in {figures['site_files']:,} files"
                if figures["site_files"]
                else ""
            )
        )
    ratio = figures["mentorkit_to_site_build"]
    if ratio is not None:
        out.append(
            f"mentorkit's own stages {figures['mentorkit_seconds']:.2f}s : site generator "
            f"{figures['site_build_seconds']:.2f}s = {ratio:.2f} "
            "(own = every stage but site build and pdf)"
        )
    else:
        out.append(f"mentorkit's own stages {figures['mentorkit_seconds']:.2f}s (site generator not run)")
    how = (
        "highest resident memory of this Python process during the stage (kernel high-water mark VmHWM, reset at the "
        "stage's start)"
        if figures["per_stage_peak"]
        else (
            "highest resident memory of this Python process so far (getrusage; the kernel would not reset it per stage)"
        )
    )
    out += [
        "wall s: elapsed time of the stage; CPU s: user+system CPU of this process plus its children; share: of the "
        "total wall time.",
        f"machine: {figures['cpus']} CPUs, 1-minute load average {figures['load_average'][0]:.1f} at the start and "
        f"{figures['load_average'][1]:.1f} at the end"
        + (
            " (busy: wall times are inflated, CPU s is the steadier figure)."
            if max(figures["load_average"]) > (figures["cpus"] or 1)
            else "."
        ),
        f"peak RSS MB: {how}. RSS after: resident memory when the stage ended. RSS before the build (imports): "
        f"{figures['rss_before_mb']:.1f} MB.",
        "child peak MB (*): pdf and site build run other programs; this is the peak RSS of the largest child process "
        "(its own VmHWM, sampled every 20 ms).",
        "** total: this process's peak RSS over the whole run, including the generation of synthetic content.",
    ]
    if heap:
        out.append(
            "py heap peak: tracemalloc's peak of Python allocations in the stage; tracing slows allocation-heavy "
            "stages, so wall times are inflated."
        )
    if any(s["stage"] == "privacy" for s in figures["stages"]) and figures["site_files"]:
        out.append(
            "privacy runs twice (on the rendered pages, then on the built site): its row is the sum of both and the "
            "larger peak."
        )
    if figures["untimed_seconds"] >= 0.0005:
        out.append(
            "(untimed): work pipeline.build does outside any Timings stage (e.g. copying the form editor's bundle, "
            "removing the work folder)."
        )
    if figures.get("table_validation"):
        out += table_validation_lines(figures["table_validation"])
    if figures["error"]:
        out.append(f"\nFAILED: {figures['error']['message']} ({figures['error']['problems']} problems); first ones:")
        out += ["  " + p for p in figures["error"]["first"]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time and measure the memory of each stage of a mentorkit build.")
    parser.add_argument(
        "preset", nargs="?", choices=sorted(synth.PRESETS), help="generate this synthetic preset (default: small)"
    )
    parser.add_argument(
        "--content-root", type=Path, metavar="DIR", help="measure this content root instead of synthetic content"
    )
    parser.add_argument(
        "--no-site",
        action="store_true",
        help="stop before staging and the site generator (check, stats, render, privacy of the pages)",
    )
    parser.add_argument("--check-only", action="store_true", help="only pipeline.check: load+validate and rules")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip the PDF stage, like build --no-pdf")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also record the Python heap peak per stage (slows the run)"
    )
    parser.add_argument(
        "--progress", action="store_true", help="report each stage on stderr as it starts and ends (for long runs)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (generated content and built site)"
    )
    parser.add_argument(
        "--frictionless-sample",
        type=int,
        default=1,
        metavar="N",
        help=(
            "after the run, frictionless validates every Nth CSV table (default 1: all); its time is extrapolated by "
            "rows"
        ),
    )
    parser.add_argument(
        "--no-frictionless", action="store_true", help="do not time frictionless validate over the same tables"
    )
    parser.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="use and save the persistent cache in DIR, as the commands do"
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="measure twice in fresh processes: cold (empty cache), then warm after editing one session file",
    )
    synth.add_arguments(parser)
    args = parser.parse_args(argv)
    sizing = synth.check_source(parser, args)
    if args.frictionless_sample < 1:
        parser.error("--frictionless-sample must be at least 1")

    temp = Path(tempfile.mkdtemp(prefix="mentorkit-bench-"))
    try:
        generation = None
        if args.content_root:
            root = args.content_root.resolve()
            heading = f"mentorkit build of {root}"
        else:
            if not args.preset and not sizing:
                args.preset = "small"
            config = synth.config_from_args(args)
            root = temp / "content-root"
            made = synth.generate(root, config)
            generation = {
                "config": vars(config),
                "seconds": round(made.seconds, 3),
                "files": made.files,
                "bytes": made.bytes,
                "response_rows": made.response_rows,
            }
            heading = (
                f"mentorkit build of synthetic content ({args.preset or 'custom'}: {config.schools} schools x "
                f"{config.years} years, "
                f"{config.mentees} mentees, {config.mentors_per_school} mentors per school, {config.surveys_per_year} "
                "surveys a year, "
                f"seed {config.seed}); generated {made.files:,} files ({made.bytes / 1e6:.1f} MB) in "
                f"{made.seconds:.1f}s"
            )
        if args.warm:
            return _warm(args, root, temp, heading)
        mode = "check" if args.check_only else "no-site" if args.no_site else "build"
        heading += {"check": "; --check-only", "no-site": "; --no-site", "build": "" if args.pdf else "; --no-pdf"}[
            mode
        ]
        figures = measure(
            root,
            temp / "site",
            mode=mode,
            pdf=args.pdf,
            heap=args.tracemalloc,
            progress=args.progress,
            cache_dir=args.cache_dir,
        )
        figures["generation"] = generation
        figures["table_validation"] = None
        if not args.no_frictionless:
            if args.progress:
                print(
                    f"[{time.strftime('%H:%M:%S')}] frictionless validate over the same tables ...",
                    file=sys.stderr,
                    flush=True,
                )
            figures["table_validation"] = table_validation(root, figures, args.frictionless_sample)
        print(json.dumps(figures, indent=2) if args.json else table(figures, heading))
        if args.keep:
            print(f"kept {temp}", file=sys.stderr)
        return 1 if figures["error"] else 0
    finally:
        if not args.keep:
            shutil.rmtree(temp, ignore_errors=True)


def _warm(args: argparse.Namespace, root: Path, temp: Path, heading: str) -> int:
    import warm

    if args.content_root:  # the edit must not touch the user's files
        shutil.copytree(root, temp / "content-root", ignore=shutil.ignore_patterns("site", ".mentorkit", ".git"))
        root = temp / "content-root"
    flags = ["--check-only"] * args.check_only + ["--no-site"] * args.no_site + ["--no-pdf"] * (not args.pdf)
    cache = args.cache_dir or temp / "cache"
    cold = warm.measure_in_child(root, cache, flags)
    edited = warm.edit_one_session(root)
    again = warm.measure_in_child(root, cache, flags)
    heading += "".join(f"; {flag}" for flag in flags) + "; cold and warm"
    print(
        json.dumps({"cold": cold, "warm": again}, indent=2)
        if args.json
        else warm.side_by_side(cold, again, heading, edited)
    )
    return 1 if cold["error"] or again["error"] else 0


if __name__ == "__main__":
    sys.exit(main())
