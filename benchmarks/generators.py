#!/usr/bin/env python3
"""Time the same staged site under each site generator, so the choice is made from figures.

    python benchmarks/generators.py [PRESET | --content-root DIR] [--generators mkdocs,properdocs,zensical]
        [--nav full|pruned] [--repeat N]

mentorkit stages the Markdown, assets and a generated mkdocs.yml once; then
each generator builds that same folder into its own output, timed (wall and
CPU of the child) with its peak memory. A generator that is not installed is
reported as such: install ProperDocs and Zensical into the same environment
or put their commands on PATH (Zensical 0.1.x needs zensical-ui, which may not
be on your package index; 0.0.73 builds mentorkit sites).

--nav pruned (default, what mentorkit ships) keeps Material's
``navigation.prune``; --nav full removes it to show what it saves.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from mentorkit.build import pipeline
from mentorkit.build.generators import GENERATORS  # noqa: E402
from mentorkit.problems import errors  # noqa: E402
from mentorkit.stats import figures as stats


def stage(root: Path, work: Path, nav: str) -> Path:
    site, problems = pipeline.check(root)
    if errors(problems):
        sys.exit(f"{root} has errors; run build.py check")
    docs, navigation, _ = pipeline.render_docs(site, stats.compute(site))
    config = pipeline.stage(site, docs, navigation, work, work / "site")
    if nav == "full":
        data = yaml.safe_load(config.read_text())
        data["theme"]["features"] = [f for f in data["theme"].get("features", []) if f != "navigation.prune"]
        config.write_text(yaml.safe_dump(data, sort_keys=False))
    return config


#: Runs one command and reports its own children's peak memory and CPU: a fresh
#: process per generator, so one generator's peak cannot hide in another's row.
PROBE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], capture_output=True).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(code, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def run(generator: str, config: Path) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MB, HTML pages) for one build of the staged folder."""
    gen = GENERATORS[generator]
    site_dir = config.parent / "site"
    shutil.rmtree(site_dir, ignore_errors=True)
    started = time.perf_counter()
    command = [*gen.program, *gen.build_args, "-f", str(config)]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *command],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    wall = time.perf_counter() - started
    code, peak_kb, cpu = result.stdout.split()
    if code != "0":
        raise RuntimeError(f"exit {code}")
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    return wall, float(cpu), int(peak_kb) / 1024, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("preset", nargs="?", choices=sorted(synth.PRESETS))
    parser.add_argument("--content-root", type=Path)
    parser.add_argument("--generators", default="mkdocs,properdocs,zensical")
    parser.add_argument("--nav", choices=["pruned", "full"], default="pruned")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    temp = Path(tempfile.mkdtemp(prefix="mk-gen-"))
    try:
        root = args.content_root
        if root is None:
            root = temp / "content-root"
            synth.generate(root, synth.Config(**synth.PRESETS[args.preset or "small"], seed=args.seed))
        started = time.perf_counter()
        config = stage(root.resolve(), temp / "work", args.nav)
        staged = time.perf_counter() - started
        md = sum(1 for _ in (temp / "work" / "docs").rglob("*.md"))
        print(
            f"content: {root if args.content_root else args.preset}; {md} Markdown pages; nav {args.nav}; staged in "
            f"{staged:.1f} s"
        )
        print(f"{'generator':<12} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'pages':>6}")
        for name in args.generators.split(","):
            if not GENERATORS[name].available():
                print(f"{name:<12} {'not installed':>32}")
                continue
            try:
                wall, cpu, peak, pages = run(name, config)
            except RuntimeError as exc:
                print(f"{name:<12} failed: {str(exc).strip().splitlines()[-1]}")
                continue
            print(f"{name:<12} {wall:8.1f} {cpu:8.1f} {peak:8.0f} {pages:6d}")
        print("wall: elapsed time; CPU: user+system of the generator's processes; peak MB: its largest process.")
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
