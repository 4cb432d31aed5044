#!/usr/bin/env python3
"""Time frictionless and mentorkit's fast table check on the same CSV tables.

    python benchmarks/tables.py --content-root DIR [--sample N] [--corrupt SHARE] [--seed N]

DIR is a content root (e.g. one written by ``synth.py --preset national``).
Every CSV table mentorkit reads (survey responses and indicator series) is
checked by ``mentorkit.load.fast_tables``; frictionless validates every Nth file
(``--sample N``, default 1: all of them) straight from the file, and its time
is extrapolated to all rows. ``--corrupt 0.005`` first copies the tables and
spoils that share of their answer cells, so that both have errors to find;
either way the script checks that both report the same rows, fields and
error types for every file frictionless validated.

``compare`` is also what ``run.py`` calls after its build.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # mentorkit from this checkout

from frictionless import Dialect, Resource, Schema  # noqa: E402
from frictionless.formats import CsvControl  # noqa: E402

from mentorkit.load import fast_tables as fasttables
from mentorkit.load.tables import MAX_CSV_BYTES, indicator_schema, response_schema  # noqa: E402
from mentorkit.load.text_file import read_text  # noqa: E402
from mentorkit.load.yaml_file import load_yaml_file  # noqa: E402
from mentorkit.model import Survey  # noqa: E402

SPOILT = ["9", "x", "maybe", "31/12/2024", ""]


@dataclass
class TableFile:
    path: Path
    rel: str  # relative to the content root
    schema: dict[str, Any]


def table_files(root: Path) -> list[TableFile]:
    """The CSV tables ``content.read_site`` validates, each with the Table Schema it uses.

    A response file whose survey is missing or invalid is left out, as
    mentorkit leaves it out (it reports the file instead of validating it).
    """
    surveys: dict[str, Survey] = {}
    for path in (root / "content" / "surveys").glob("*.yaml"):
        try:
            surveys[path.stem] = Survey.model_validate(load_yaml_file(path, path.name)[0].data)
        except ValueError:
            continue
    out = []
    for path in sorted(root.glob("content/surveys/responses/*/*.csv")):
        survey = surveys.get(path.stem)
        if survey is not None and len({q.id for q in survey.questions}) == len(survey.questions):
            out.append(TableFile(path, path.relative_to(root).as_posix(), response_schema(survey)))
    for path in sorted(root.glob("content/indicators/*.csv")):
        if path.with_suffix(".yaml").is_file():
            out.append(TableFile(path, path.relative_to(root).as_posix(), indicator_schema()))
    return out


def frictionless_resource(root: Path, rel: str, schema: dict[str, Any]) -> Resource:
    """``frictionless validate`` of one file as a user would configure it for these tables:
    the generated Table Schema, comma-separated with double quotes, the header in row 1.

    frictionless reads the file itself (its own loader and CSV parser). Naming
    the delimiter keeps its dialect sniffing from taking ``;`` or ``|`` in a
    free-text answer for one.
    """
    dialect = Dialect(header_rows=[1], controls=[CsvControl(delimiter=",", quote_char='"')])
    return Resource(path=rel, basepath=str(root), schema=Schema.from_descriptor(schema), dialect=dialect)


def frictionless_findings(root: Path, table: TableFile) -> list[tuple[Any, ...]]:
    """frictionless' errors for one file as (row, field, type), the form ``fast_tables.TableFinding`` takes."""
    report = frictionless_resource(root, table.rel, table.schema).validate()
    return [tuple(e) for e in report.flatten(["rowNumber", "fieldName", "type"])]


def _warm_up(table: TableFile) -> None:
    """Imports, plugin look-ups and compiled schemas, on a two-row copy of one table."""
    with tempfile.TemporaryDirectory(prefix="mentorkit-warm-") as folder:
        lines = table.path.read_text(encoding="utf-8").split("\n")[:3]
        (Path(folder) / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        small = TableFile(Path(folder) / "t.csv", "t.csv", table.schema)
        fasttables.check((Path(folder) / "t.csv").read_text(encoding="utf-8"), table.schema)
        frictionless_findings(Path(folder), small)


def compare(root: Path, sample: int = 1, frictionless: bool = True) -> dict[str, Any]:
    """Check every table with ``fasttables.check`` and every ``sample``-th with frictionless.

    Returns the figures as a dict: wall and CPU seconds of each (frictionless'
    extrapolated to all rows by the rows it did validate), the errors each
    found, and the files where they disagree.
    """
    tables = table_files(root)
    out: dict[str, Any] = {"files": len(tables), "rows": 0, "sample": sample}
    if not tables:
        return out
    texts = {t.rel: read_text(t.path, t.rel, MAX_CSV_BYTES, keep_line_ends=True)[0] or "" for t in tables}
    _warm_up(tables[0])

    wall, cpu = time.perf_counter(), time.process_time()
    fast = {t.rel: fasttables.check(texts[t.rel], t.schema) for t in tables}
    out["fasttables_wall"], out["fasttables_cpu"] = time.perf_counter() - wall, time.process_time() - cpu

    # Rows per file, for the extrapolation: a table fasttables cannot split is counted by the csv module.
    rows = {}
    for t in tables:
        checked = fast[t.rel]
        rows[t.rel] = (
            len(checked.lines)
            if checked is not None
            else max(len((fasttables.records(texts[t.rel]) or ([[]], []))[0]) - 1, 0)
        )
    out["rows"] = total = sum(rows.values())
    out["fasttables_errors"] = sum(len(c.findings) for c in fast.values() if c is not None)
    out["fasttables_undecided"] = [
        rel for rel, c in fast.items() if c is None
    ]  # mentorkit asks frictionless about these
    if not frictionless:
        return out

    chosen = tables[::sample]
    wall, cpu = time.perf_counter(), time.process_time()
    slow = {t.rel: frictionless_findings(root, t) for t in chosen}
    slow_wall, slow_cpu = time.perf_counter() - wall, time.process_time() - cpu
    sampled = sum(rows[t.rel] for t in chosen)
    scale = total / sampled if sampled else 1.0
    compared = [t.rel for t in chosen if fast[t.rel] is not None]
    out.update(
        frictionless_files=len(chosen),
        frictionless_rows=sampled,
        extrapolated=len(chosen) < len(tables),
        frictionless_measured_wall=slow_wall,
        frictionless_measured_cpu=slow_cpu,
        frictionless_wall=slow_wall * scale,
        frictionless_cpu=slow_cpu * scale,
        frictionless_errors=sum(len(found) for found in slow.values()),
        compared_files=len(compared),
        compared_errors=sum(len(slow[rel]) for rel in compared),
        disagree=[rel for rel in compared if slow[rel] != [(f.row, f.field, f.type) for f in fast[rel].findings]],  # type: ignore[union-attr]
    )
    return out


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
    parser.add_argument(
        "--corrupt", type=float, default=0.0, metavar="SHARE", help="spoil this share of answer cells first"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.sample < 1:
        parser.error("--sample must be at least 1")
    root = args.content_root.resolve()
    work = None
    if args.corrupt:
        work = Path(tempfile.mkdtemp(prefix="mentorkit-tables-"))
        root = corrupt(root, work, args.corrupt, args.seed)
    try:
        f = compare(root, args.sample)
        if not f["rows"]:
            print(f"no tables under {root}")
            return 0
        print(
            f"files: {f['files']}, rows: {f['rows']:,}; frictionless validated {f['frictionless_files']} files "
            f"({f['frictionless_rows']:,} rows)"
        )
        print(
            f"fasttables.check    wall {f['fasttables_wall']:7.2f} s  CPU {f['fasttables_cpu']:7.2f} s  "
            f"({f['rows'] / f['fasttables_cpu']:,.0f} rows per CPU second)"
        )
        print(
            f"frictionless        wall {f['frictionless_wall']:7.2f} s  CPU {f['frictionless_cpu']:7.2f} s  "
            f"({f['frictionless_rows'] / f['frictionless_measured_cpu']:,.0f} rows per CPU "
            f"second){' extrapolated' if f['extrapolated'] else ''}"
        )
        print(
            f"speed-up (CPU): {f['frictionless_cpu'] / f['fasttables_cpu']:.1f}x; errors frictionless reported: "
            f"{f['frictionless_errors']:,}; "
            f"files where the two disagree: {len(f['disagree'])} of {f['compared_files']} compared"
            + (
                f"; fasttables left {len(f['fasttables_undecided'])} to frictionless"
                if f["fasttables_undecided"]
                else ""
            )
        )
        return 1 if f["disagree"] else 0
    finally:
        if work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
