#!/usr/bin/env python3
"""Time frictionless and mentorkit's fast table check on the same response CSVs.

    python benchmarks/tables.py --content-root DIR [--sample N] [--corrupt SHARE] [--seed N]

DIR is a content root (e.g. one written by ``synth.py --preset national``).
Every response CSV is checked by ``mentorkit.fasttables``; frictionless
validates every Nth file (``--sample N``, default 1: all of them) and its
time is extrapolated to all rows. ``--corrupt 0.005`` first copies the
tables and spoils that share of their answer cells, so that both have
errors to find; either way the script checks that both report the same
rows, fields and error types for every file frictionless validated.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # mentorkit from this checkout

from mentorkit import fasttables  # noqa: E402
from mentorkit.load import load_yaml_file, read_text  # noqa: E402
from mentorkit.models import Survey  # noqa: E402
from mentorkit.tables import MAX_CSV_BYTES, _resource, response_schema  # noqa: E402

SPOILT = ["9", "x", "maybe", "31/12/2024", ""]


def corrupt(root: Path, target: Path, share: float, seed: int) -> Path:
    """A copy of ``root``'s surveys with ``share`` of the cells after the first three replaced."""
    rng = random.Random(seed)
    shutil.copytree(root / "content" / "surveys", target / "content" / "surveys")
    for path in (target / "content" / "surveys" / "responses").glob("*/*.csv"):
        lines = path.read_text(encoding="utf-8").split("\n")
        for i in range(1, len(lines)):
            cells = lines[i].split(",")
            for j in range(3, len(cells)):
                if rng.random() < share:
                    cells[j] = rng.choice(SPOILT)
            lines[i] = ",".join(cells)
        path.write_text("\n".join(lines), encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content-root", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=1, metavar="N", help="frictionless validates every Nth file")
    parser.add_argument("--corrupt", type=float, default=0.0, metavar="SHARE", help="spoil this share of answer cells first")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    root = args.content_root.resolve()
    work = None
    if args.corrupt:
        work = Path(tempfile.mkdtemp(prefix="mentorkit-tables-"))
        root = corrupt(root, work, args.corrupt, args.seed)
    try:
        surveys = {p.stem: Survey.model_validate(load_yaml_file(p, p.name)[0].data) for p in (root / "content" / "surveys").glob("*.yaml")}
        files = sorted((root / "content" / "surveys" / "responses").glob("*/*.csv"))
        schemas = {p: response_schema(surveys[p.stem]) for p in files}
        texts = {p: read_text(p, p.name, MAX_CSV_BYTES, keep_line_ends=True)[0] or "" for p in files}
        rows = {p: len(fasttables._parse_exact(texts[p], [f["name"] for f in schemas[p]["fields"]])[2]) for p in files}  # type: ignore[index]

        for p in files[:1]:  # warm up both: imports, thread pools, compiled schemas
            fasttables.check(texts[p], schemas[p])
            _resource(root, p.relative_to(root).as_posix(), schemas[p]).validate()
        wall, cpu = time.perf_counter(), time.process_time()
        fast = {p: fasttables.check(texts[p], schemas[p]) for p in files}
        fast_wall, fast_cpu = time.perf_counter() - wall, time.process_time() - cpu

        sample = files[:: args.sample]
        wall, cpu = time.perf_counter(), time.process_time()
        slow = {p: [tuple(e) for e in _resource(root, p.relative_to(root).as_posix(), schemas[p]).validate().flatten(["rowNumber", "fieldName", "type"])] for p in sample}
        slow_wall, slow_cpu = time.perf_counter() - wall, time.process_time() - cpu

        total, sampled = sum(rows.values()), sum(rows[p] for p in sample)
        disagree = [p for p in sample if slow[p] != [(f.row, f.field, f.type) for f in fast[p].findings]]  # type: ignore[union-attr]
        errors = sum(len(slow[p]) for p in sample)
        print(f"files: {len(files)}, rows: {total:,}; frictionless validated {len(sample)} files ({sampled:,} rows)")
        print(f"fasttables.check    wall {fast_wall:7.2f} s  CPU {fast_cpu:7.2f} s  ({total / fast_cpu:,.0f} rows per CPU second)")
        scale = total / sampled
        print(f"frictionless        wall {slow_wall * scale:7.2f} s  CPU {slow_cpu * scale:7.2f} s  ({sampled / slow_cpu:,.0f} rows per CPU second){' extrapolated' if scale != 1 else ''}")
        print(f"speed-up (CPU): {slow_cpu * scale / fast_cpu:.1f}x; errors frictionless reported: {errors:,}; files where the two disagree: {len(disagree)}")
        return 1 if disagree else 0
    finally:
        if work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
