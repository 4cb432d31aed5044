#!/usr/bin/env python3
"""Time ``serve``'s rebuild after an edit to one session file.

    python benchmarks/serve.py [PRESET | --content-root DIR] [--seed N] [--schools N ...]
        [--generator NAME | --no-generator] [--dirty] [--json] [--keep]

PRESET (default: district) or the sizing options generate synthetic content
(benchmarks/synth.py) into a temporary folder; --content-root DIR copies an
existing content root there instead (the script edits a file, so never in place).

Then, with ``mentorkit.build.serve``'s own functions and in the order ``serve`` runs them:

1. ``check`` cold: the first check in this process, as ``build.py check`` runs it.
2. ``serve.refresh`` cold, with a new ``ReadCache`` and ``Figures``: the
   validate-and-stage ``serve`` does when it starts.
3. The site generator's own server over the staging folder
   (``Generator.serve_command``, as ``serve`` starts it), until its first build is served.
4. One session file is edited (its ``summary`` changes), then ``serve.refresh``
   runs again with the same cache (warm), and the script waits until the
   generator has rebuilt and told its browsers to reload.
5. ``check`` warm: the same file edited again, checked alone with the same cache.

``serve`` itself notices an edit by polling the files (``serve._snapshot``);
here the refresh is called straight after the edit, and the polling interval
``serve`` would use on this content is printed beside the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # mentorkit from this checkout
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from run import MB, MeasuredTimings, _cpu_seconds, _status_kb  # noqa: E402

from mentorkit.build import serve
from mentorkit.build.generators import GENERATORS  # noqa: E402
from mentorkit.build.pipeline import check  # noqa: E402
from mentorkit.load.cache import ReadCache  # noqa: E402
from mentorkit.load.memo import Kept  # noqa: E402
from mentorkit.problems import errors, format_problems  # noqa: E402

#: What a content root holds that ``serve`` reads or watches.
COPIED = ("content", "sessions", "site_overrides", "mkdocs.yml")
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
GENERATOR_TIMEOUT = 900.0  # seconds: a national site's first build is slow


# ---------------------------------------------------------------- the generator's server


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process (its /proc/<pid>/stat)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class GeneratorServer:
    """The generator's ``serve`` over the staging folder, started as ``mentorkit.build.serve`` starts it,
    its log read line by line with the time each line arrived."""

    def __init__(self, command: list[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self._arrived = threading.Condition()
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._arrived:
                self.lines.append((time.perf_counter(), line.rstrip()))
                self._arrived.notify_all()
        with self._arrived:
            self._arrived.notify_all()

    def wait_for(self, text: str, after: int, timeout: float = GENERATOR_TIMEOUT) -> tuple[int, float, str]:
        """The first log line from index ``after`` on that contains ``text``: (index, arrival time, line)."""
        deadline = time.perf_counter() + timeout
        with self._arrived:
            while True:
                for index in range(after, len(self.lines)):
                    if text in self.lines[index][1]:
                        return index, *self.lines[index]
                after = len(self.lines)
                if self.process.poll() is not None and not self._reader.is_alive():
                    raise RuntimeError("the generator's server stopped:\n" + self.log())
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"no {text!r} from the generator's server in {timeout:.0f} s:\n" + self.log())
                self._arrived.wait(0.5)

    def log(self, last: int = 30) -> str:
        return "\n".join(line for _, line in self.lines[-last:])

    @property
    def cpu(self) -> float:
        return _process_cpu(self.process.pid)

    @property
    def peak_rss(self) -> int:
        return _status_kb("VmHWM", str(self.process.pid)) * 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)


def _free_address() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


# ---------------------------------------------------------------- measuring


def _stages(timings: MeasuredTimings) -> dict[str, dict[str, float]]:
    return {
        name: {
            "seconds": round(timings.stages[name], 4),
            "cpu_seconds": round(s.cpu, 4),
            "peak_rss_mb": round(s.peak_rss / MB, 1),
        }
        for name, s in timings.measured.items()
    }


def timed_check(root: Path, cache: ReadCache | None) -> dict[str, Any]:
    timings = MeasuredTimings()
    wall, cpu = time.perf_counter(), _cpu_seconds()
    _site, problems = check(root, timings, cache)
    timings.note_peak()
    out = {
        "seconds": round(time.perf_counter() - wall, 4),
        "cpu_seconds": round(_cpu_seconds() - cpu, 4),
        "stages": _stages(timings),
        "peak_rss_mb": round(timings.overall_peak / MB, 1),
    }
    if errors(problems):
        raise SystemExit(f"{root} has errors:\n{format_problems(problems)}")
    if cache is not None:
        out["files_read_again"], out["files"] = cache.misses, cache.misses + cache.hits
    return out


def timed_refresh(
    root: Path, work: Path, cache: ReadCache, figures: serve.Figures, kept: Kept | None = None
) -> tuple[Path, dict[str, Any]]:
    timings = MeasuredTimings()
    said = io.StringIO()  # refresh reports on stderr; the figures are printed below instead
    wall, cpu = time.perf_counter(), _cpu_seconds()
    with contextlib.redirect_stderr(said):
        config = serve.refresh(root, work, cache, figures, timings, kept=kept)  # kept between refreshes, as serve does
    timings.note_peak()
    out = {
        "seconds": round(time.perf_counter() - wall, 4),
        "cpu_seconds": round(_cpu_seconds() - cpu, 4),
        "stages": _stages(timings),
        "peak_rss_mb": round(timings.overall_peak / MB, 1),
        "files_read_again": cache.misses,
        "files": cache.misses + cache.hits,
        "said": said.getvalue().strip(),
    }
    if config is None:
        raise SystemExit("serve.refresh found errors:\n" + said.getvalue())
    return config, out


def edit_session(path: Path, n: int) -> str:
    """Change the plan's summary (a valid edit that changes its page); returns what was done."""
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(r'(?m)^summary: "(.*)"$', lambda m: f'summary: "{m.group(1)} Edit {n}."', text, count=1)
    if not count:  # a plan without a one-line quoted summary: a new comment line changes no page
        path.write_text(text + f"# edit {n}\n", encoding="utf-8")
        return f"appended a comment line to {path.name} (no quoted summary to change)"
    path.write_text(edited, encoding="utf-8")
    return f"changed the summary of {path.parent.name}/{path.name}"


def _own_build_seconds(server: GeneratorServer, start: int, end: int) -> float | None:
    """The build time the generator logs, if it did: mkdocs logs each distinct message once,
    so a rebuild that takes exactly as long as an earlier one is not logged."""
    for _, line in server.lines[start:end]:
        match = BUILT.search(line)
        if match:
            return float(match.group(1))
    return None


def generator_step(
    server: GeneratorServer, after: int, edited_at: float, restaged_at: float, cpu_before: float
) -> dict[str, Any]:
    """From an edit to the generator's 'Reloading browsers': detection, its build, and its CPU."""
    i, detected, _ = server.wait_for("Detected file changes", after)
    i, building, _ = server.wait_for("Building documentation", i)
    end, reloaded, _ = server.wait_for("Reloading browsers", i)
    return {
        "detected_after_edit_seconds": round(detected - edited_at, 4),
        "detected_after_restage_seconds": round(detected - restaged_at, 4),
        "build_seconds": round(reloaded - building, 4),
        "own_build_seconds": _own_build_seconds(server, i, end),
        "reloaded_after_edit_seconds": round(reloaded - edited_at, 4),
        "cpu_seconds": round(server.cpu - cpu_before, 4),
    }


def measure(root: Path, generator: str | None, dirty: bool) -> dict[str, Any]:
    sessions = sorted((root / "sessions").glob("*.yaml"))
    if not sessions:
        raise SystemExit(f"{root} has no sessions/*.yaml to edit")
    target = sessions[0]
    figures: dict[str, Any] = {
        "root": str(root),
        "edited": None,
        "cpus": os.cpu_count(),
        "load_average": [round(os.getloadavg()[0], 2)],
    }

    figures["check_cold"] = timed_check(root, None)  # the first in this process: lazy imports included

    work = root / ".mentorkit" / "serve"  # where serve stages
    work.mkdir(parents=True, exist_ok=True)
    cache, computed, kept = ReadCache(), serve.Figures(), Kept()
    config, figures["refresh_cold"] = timed_refresh(root, work, cache, computed, kept)

    started = time.perf_counter()
    serve._snapshot(root)
    look = time.perf_counter() - started
    figures["snapshot_seconds"] = round(look, 4)
    figures["poll_interval_seconds"] = round(max(serve.POLL_SECONDS, 4 * look), 3)

    server = None
    try:
        if generator:
            gen = GENERATORS[generator]
            gen.require()
            command = gen.serve_command(config, _free_address()) + (["--dirty"] if dirty else [])
            shown = [c.replace(str(root) + "/", "") for c in (command[2:] if command[0] == sys.executable else command)]
            figures["generator_command"] = " ".join(shown)
            server = GeneratorServer(command)
            i, serving, _ = server.wait_for("Serving on", 0)  # it builds, then serves
            figures["generator_cold"] = {
                "seconds": round(serving - server.started, 4),
                "own_build_seconds": _own_build_seconds(server, 0, i),
                "cpu_seconds": round(server.cpu, 4),
            }
            time.sleep(
                1.5
            )  # its polling observer takes its first look at the staging folder after it logs "Serving on"
            after = len(server.lines)

        cpu_before = server.cpu if server else 0.0
        edited_at = time.perf_counter()
        figures["edited"] = edit_session(target, 1)
        config, figures["refresh_warm"] = timed_refresh(root, work, cache, computed, kept)
        restaged_at = time.perf_counter()
        figures["refresh_warm"]["after_edit_seconds"] = round(restaged_at - edited_at, 4)
        if server:
            figures["generator_warm"] = generator_step(server, after, edited_at, restaged_at, cpu_before)
            figures["generator_peak_rss_mb"] = round(server.peak_rss / MB, 1)
    finally:
        if server:
            server.stop()

    edit_session(target, 2)
    figures["check_warm"] = timed_check(root, cache)
    figures["load_average"].append(round(os.getloadavg()[0], 2))
    # Each stage resets the kernel's high-water mark, so the run's peak is the largest the timings saw.
    figures["process_peak_rss_mb"] = max(
        figures[k]["peak_rss_mb"] for k in ("check_cold", "refresh_cold", "refresh_warm", "check_warm")
    )
    return figures


# ---------------------------------------------------------------- printing


def report(f: dict[str, Any], heading: str) -> str:
    cold, warm = f["refresh_cold"], f["refresh_warm"]
    names = list(dict.fromkeys([*cold["stages"], *warm["stages"]]))
    rows: list[list[str]] = []

    def cells(stage: dict[str, Any] | None) -> list[str]:
        return [f"{stage['seconds']:.3f}", f"{stage['cpu_seconds']:.3f}"] if stage else ["", ""]

    for name in names:
        rows.append([f"  {name}", *cells(cold["stages"].get(name)), *cells(warm["stages"].get(name))])
    rows.append(["serve.refresh (mentorkit)", *cells(cold), *cells(warm)])
    gen_cold, gen_warm = f.get("generator_cold"), f.get("generator_warm")
    if gen_warm:
        rows.append(["  generator notices the change", "", "", f"{gen_warm['detected_after_edit_seconds']:.3f}", ""])
        rows.append(
            [
                "  generator rebuild",
                f"{gen_cold['seconds']:.3f}",
                f"{gen_cold['cpu_seconds']:.3f}",
                f"{gen_warm['build_seconds']:.3f}",
                f"{gen_warm['cpu_seconds']:.3f}",
            ]
        )
        rows.append(
            [
                "edit -> browsers reloaded",
                "",
                "",
                f"{gen_warm['reloaded_after_edit_seconds']:.3f}",
                f"{warm['cpu_seconds'] + gen_warm['cpu_seconds']:.3f}",
            ]
        )
    rows.append(["check alone", *cells(f["check_cold"]), *cells(f["check_warm"])])
    headers = ["", "cold wall s", "cold CPU s", "warm wall s", "warm CPU s"]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cs: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cs, widths)))

    rule = line(["-" * w for w in widths])
    out = [heading, line(headers), rule, *(line(r) for r in rows), rule]
    out.append(
        f"edit: {f['edited']}; the warm refresh read {warm['files_read_again']} of {warm['files']} files again "
        f"(cold: {cold['files_read_again']} of {cold['files']}); warm check alone read "
        f"{f['check_warm']['files_read_again']} again."
    )
    slowest = sorted(((s["seconds"], n) for n, s in warm["stages"].items()), reverse=True)[:3]
    out.append("warm refresh, slowest stages: " + ", ".join(f"{n} {s:.2f}s" for s, n in slowest) + ".")
    if gen_warm:
        own = (
            f" (it reports {gen_warm['own_build_seconds']:.2f} s)" if gen_warm["own_build_seconds"] is not None else ""
        )
        out.append(
            f"generator: {f['generator_command']}; its rebuild after the edit took {gen_warm['build_seconds']:.2f} "
            f"s{own}; "
            f"it noticed the change {gen_warm['detected_after_edit_seconds']:.2f} s after the edit, "
            f"{gen_warm['detected_after_restage_seconds']:.2f} s after serve.refresh restaged (it polls every 0.5 s, "
            "so this part varies "
            "from 0 to 0.5 s with when the edit falls, then it waits 0.1 s for more changes); peak RSS "
            f"{f['generator_peak_rss_mb']:.0f} MB."
        )
        out.append(
            "  cold: from starting its server to its first build; warm CPU: the generator process's CPU from the edit "
            "until it reloaded "
            "(includes its polling of the folder)."
        )
    else:
        out.append("generator: not run (--no-generator).")
    out += [
        f"serve itself notices an edit by polling the files: one look takes {f['snapshot_seconds'] * 1000:.0f} ms "
        "here, "
        f"so it polls every {f['poll_interval_seconds']:.2f} s, which adds up to that much to 'edit -> browsers "
        "reloaded'.",
        "check alone: cold = the first pipeline.check in this process (lazy imports included, as build.py check pays "
        "them); "
        "warm = with serve's ReadCache after editing the same file again.",
        "cold refresh: serve's first validate-and-stage when it starts (writes every staged file).",
        f"machine: {f['cpus']} CPUs, 1-minute load average {f['load_average'][0]:.1f} at the start and "
        f"{f['load_average'][-1]:.1f} at the end"
        + (
            " (busy: wall times are inflated, CPU s is the steadier figure)."
            if max(f["load_average"]) > (f["cpus"] or 1)
            else "."
        ),
        f"this process's peak RSS during the checks and refreshes: {f['process_peak_rss_mb']:.0f} MB.",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time serve's rebuild after an edit to one session file.")
    parser.add_argument(
        "preset", nargs="?", choices=sorted(synth.PRESETS), help="generate this synthetic preset (default: district)"
    )
    parser.add_argument("--content-root", type=Path, metavar="DIR", help="copy this content root and measure the copy")
    parser.add_argument(
        "--generator",
        default="mkdocs",
        choices=sorted(GENERATORS),
        help="the site generator whose server serve starts (default mkdocs)",
    )
    parser.add_argument("--no-generator", action="store_true", help="time only mentorkit's part (check and restage)")
    parser.add_argument(
        "--dirty",
        action="store_true",
        help="pass --dirty to the generator's server (mkdocs: rebuild only changed pages); serve does not",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    synth.add_arguments(parser)
    args = parser.parse_args(argv)
    sizing = synth.check_source(parser, args)

    temp = Path(tempfile.mkdtemp(prefix="mentorkit-serve-bench-"))
    try:
        root = temp / "content-root"
        if args.content_root:
            source = args.content_root.resolve()
            root.mkdir()
            for name in COPIED:
                if (source / name).is_dir():
                    shutil.copytree(source / name, root / name)
                elif (source / name).is_file():
                    shutil.copy2(source / name, root / name)
            heading = f"serve rebuild after editing one session file, on a copy of {source}"
        else:
            if not args.preset and not sizing:
                args.preset = "district"
            config = synth.config_from_args(args)
            made = synth.generate(root, config)
            heading = (
                f"serve rebuild after editing one session file ({args.preset or 'custom'}: {config.schools} schools x "
                f"{config.years} years, "
                f"{config.surveys_per_year} surveys a year, seed {config.seed}; {made.files:,} files)"
            )
        figures = measure(root, None if args.no_generator else args.generator, args.dirty)
        print(
            json.dumps(figures, indent=2)
            if args.json
            else report(figures, heading + ("; generator --dirty" if args.dirty else ""))
        )
        if args.keep:
            print(f"kept {temp}", file=sys.stderr)
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
