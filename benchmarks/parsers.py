#!/usr/bin/env python3
"""Measure faster YAML parsers against mentorkit's loader, on the files it really reads.

    python benchmarks/parsers.py [PRESET ...] [--content-root DIR ...] [--no-probes]

PRESET is ``small``, ``district`` or ``national`` (default: district and
national), generated with synth.py into a temporary folder. For each content
root the script collects the YAML text of every content file (a Markdown
file's front matter, as the loader cuts it), then times, in CPU seconds with
the garbage collector paused (as ``read_site`` pauses it):

* the loader's YAML stage (``parse_yaml``: data and every value's position);
* libyaml's event stream alone, the floor of any path through PyYAML's C parser;
* yaml-rs: objects (it has no positions to give);
* rapidyaml: its tree alone; a walk of the tree from Python that builds the
  same objects (plain scalars resolved by the loader's YAML 1.2 rules); and
  the same walk that also derives each value's and key's line and column.

rapidyaml's Python API gives no locations (its C++ ``Parser`` can, but that
is not wrapped); the walk derives offsets from the address each scalar's
memoryview points at, read with ctypes. That is a measurement device, not
something to ship. Each row says how many files came out equal to the loader's
data, and (for positions) how many values' positions equal the loader's.

Then, unless --no-probes, a table of the loader's promises that each
candidate keeps or breaks, each probe run in a child process (one crashes it).

rapidyaml and yaml-rs are not mentorkit dependencies: a missing one is named
with the pip command that installs the version measured.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # mentorkit from this checkout
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
import yaml  # noqa: E402

from mentorkit.load.source import FIELD_BITS, Source  # noqa: E402
from mentorkit.load.text_file import read_text  # noqa: E402
from mentorkit.load.yaml_dialect import CoreLoader, fast_may_parse  # noqa: E402
from mentorkit.load.yaml_file import MAX_YAML_BYTES  # noqa: E402
from mentorkit.load.yaml_parse import _parse_fast, parse_yaml  # noqa: E402
from mentorkit.model.kinds import KINDS  # noqa: E402

NEWLINE = re.compile(b"\n")
MEASURED = {"rapidyaml": "0.15.2", "yaml-rs": "0.1.6"}


def yaml_texts(root: Path) -> list[tuple[str, str, int]]:
    """(rel, text, line offset) of every YAML text the loader parses under ``root``."""
    out = []
    for kind in KINDS:
        for path in kind.files(root):
            rel = path.relative_to(root).as_posix()
            text, _ = read_text(path, rel, MAX_YAML_BYTES)
            if text is None:
                continue
            if kind.front_matter:  # as parse_front_matter cuts it
                lines = text.split("\n")
                end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
                if not lines or lines[0].strip() != "---" or end is None:
                    continue
                out.append((rel, "\n".join(lines[1:end]), 1))
            else:
                out.append((rel, text, 0))
    return out


def cpu(work: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        result = work()
        return time.process_time() - start, result
    finally:
        gc.enable()


def typed(value: Any) -> Any:
    """``value`` with every scalar's type beside it (1 == 1.0 == True otherwise), NaN made comparable."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def loader(texts: list[tuple[str, str, int]]) -> list[Source]:
    sources = []
    for rel, text, offset in texts:
        source = Source(Path(rel), rel)
        parse_yaml(text, source, offset)
        sources.append(source)
    return sources


def libyaml_nodes(texts: list[tuple[str, str, int]]) -> None:
    """The loader's path through libyaml's nodes, which it took for every file before ``yaml_events``."""
    for rel, text, offset in texts:
        if fast_may_parse(text):
            _parse_fast(text, Source(Path(rel), rel), offset)


def libyaml_events(texts: list[tuple[str, str, int]]) -> None:
    for _, text, _ in texts:
        parser = yaml.CBaseLoader(text)
        while parser.check_event():
            parser.get_event()
        parser.dispose()


# ---------------------------------------------------------------- yaml-rs


def yaml_rs_rows(texts: list[tuple[str, str, int]], reference: list[Source]) -> list[tuple]:
    try:
        import yaml_rs  # type: ignore[import-not-found]
    except ImportError:
        return [("yaml-rs objects", None, f"not installed: pip install yaml-rs=={MEASURED['yaml-rs']}", "")]

    def load() -> list[Any]:
        out = []
        for _, text, _ in texts:
            try:
                out.append(yaml_rs.loads(text, parse_datetime=False))
            except Exception as exc:  # noqa: BLE001 - a refusal is a result here
                out.append(exc)
        return out

    seconds, results = cpu(load)
    same = sum(typed(got) == typed(ref.data) for got, ref in zip(results, reference))
    return [(f"yaml-rs {yaml_rs.__version__} objects", seconds, f"{same:,}/{len(texts):,} files", "none in its API")]


# ---------------------------------------------------------------- rapidyaml


class RymlWalk:
    """Objects (and optionally positions) from a rapidyaml tree, walked from Python."""

    def __init__(self, ryml: Any, positions: bool) -> None:
        import ctypes

        raw = ryml._ryml
        self.ryml, self.positions, self.ctypes = ryml, positions, ctypes
        self.type, self.key, self.val = raw.Tree_type, raw.Tree_key, raw.Tree_val
        self.first, self.next = raw.Tree_first_child, raw.Tree_next_sibling
        self.none = ryml.NONE
        self.quoted = ryml.VALQUO
        self.block = ryml.VAL_LITERAL | ryml.VAL_FOLDED
        self.flow = ryml.FLOW_SL | ryml.FLOW_ML
        self.tree = ryml.Tree()
        # Where CPython keeps a memoryview's buffer address: found, not assumed.
        probe = bytearray(b"calibrate")
        address = ctypes.addressof(ctypes.c_char.from_buffer(probe))
        view = memoryview(probe)
        self.slot = next(o for o in range(0, 256, 8) if ctypes.c_void_p.from_address(id(view) + o).value == address)
        view.release()
        resolvers = CoreLoader.yaml_implicit_resolvers
        self.resolvers = {
            first: [(tag.rsplit(":", 1)[1], rx) for tag, rx in pairs] for first, pairs in resolvers.items()
        }

    def parse(self, text: str, offset: int) -> tuple[Any, dict]:
        tree = self.tree
        tree.clear()
        tree.clear_arena()
        self.buf = bytearray(text.encode())
        self.text_bytes = bytes(self.buf)  # the walk reads indicators the in-place parse overwrote
        self.ryml.parse_in_place(self.buf, tree)
        self.base = self.ctypes.addressof(self.ctypes.c_char.from_buffer(self.buf)) if self.positions else 0
        self.offset = offset
        if self.positions:
            self.starts = [0] + [m.end() for m in NEWLINE.finditer(self.text_bytes)]
            self.ascii = self.text_bytes.isascii()
        self.marks: dict = {}
        return self.node(tree.root_id(), ()), self.marks

    def where(self, view: Any) -> int:
        return self.ctypes.c_void_p.from_address(id(view) + self.slot).value - self.base  # type: ignore[no-any-return]

    def line_column(self, at: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, at)
        start = self.starts[line - 1]
        column = at - start if self.ascii else len(self.text_bytes[start:at].decode())
        return line + self.offset, column + 1

    def node(self, node: int, path: tuple) -> Any:
        tree, kind = self.tree, self.type(self.tree, node)
        ryml = self.ryml
        if kind & (ryml.MAP | ryml.SEQ):
            is_map = kind & ryml.MAP
            out: Any = {} if is_map else []
            child, index, first = self.first(tree, node), 0, None
            while child != self.none:
                if is_map:
                    key = bytes(self.key(tree, child)).decode()
                    out[key] = self.node(child, path + (key,))
                    if self.positions and first is None:
                        first = self.key_at(child, self.type(tree, child))
                else:
                    out.append(self.node(child, path + (index,)))
                    if self.positions and first is None:
                        first = self.start_of(self.marks.get(path + (index,)))
                child, index = self.next(tree, child), index + 1
            if self.positions and first is None and path and isinstance(path[-1], str):
                first = self.after_key(node)  # an empty collection: its bracket follows the key
                kind &= ~ryml.SEQ & ~self.flow
            if self.positions and first is not None:
                self.mark_container(node, path, first, kind)
            return out
        view = self.val(tree, node)
        if self.positions:
            self.mark_scalar(node, path, view, kind)
        if view is None:
            return None
        value = bytes(view).decode()
        if kind & (self.quoted | self.block):
            return value
        return self.resolve(value)

    def resolve(self, value: str) -> Any:
        for tag, regexp in self.resolvers.get(value[:1], ()):
            if regexp.match(value):
                if tag == "int":
                    return int(value, 10)
                if tag == "float":
                    low = value.lower()
                    return float(low.replace(".inf", "inf").replace(".nan", "nan"))
                return None if tag == "null" else value[0] in "tT"
        return value

    def key_at(self, node: int, kind: int) -> int:
        start = self.where(self.key(self.tree, node))
        return start - 1 if kind & self.ryml.KEYQUO else start

    def mark_scalar(self, node: int, path: tuple, view: Any, kind: int) -> None:
        if view is None:
            return
        at = self.where(view)
        if kind & self.block:  # the loader gives the line after the indicator, its column + 2
            header = self.text_bytes.rfind(b"\n", 0, at - 1) + 1
            indicator = max(self.text_bytes.rfind(b"|", header, at), self.text_bytes.rfind(b">", header, at))
            line, column = self.line_column(indicator)
            self.store(node, path, line + 1, column + 2)
            return
        if kind & self.quoted:  # VALQUO marks every style but plain: here, quotes
            at -= 1
        self.store(node, path, *self.line_column(at))

    def after_key(self, node: int) -> int:
        key = self.key(self.tree, node)
        at, text = self.text_bytes.find(b":", self.where(key) + len(key)) + 1, self.text_bytes
        while text[at] in b" \n":
            at += 1
        return at

    def start_of(self, mark: int | None) -> int | None:
        """The byte offset of a value's position (the loader's line and column), if it has one."""
        if mark is None:
            return None
        line, column = (mark >> FIELD_BITS) & 0xFFFFFFFF, mark & 0xFFFFFFFF
        start = self.starts[line - self.offset - 1]
        if self.ascii:
            return start + column - 1
        return start + len(self.text_bytes[start:].decode(errors="ignore")[: column - 1].encode())

    def mark_container(self, node: int, path: tuple, first: int, kind: int) -> None:
        # A block mapping starts at its first key; a block sequence at its first dash, a
        # flow collection at its bracket: both found by scanning back from the first item.
        # (An empty collection has no item to scan back from: not placed, so not counted.)
        if kind & self.flow or kind & self.ryml.SEQ:
            text, first = self.text_bytes, first - 1
            while text[first] in b" \n":
                first -= 1
        self.store(node, path, *self.line_column(first))

    def store(self, node: int, path: tuple, line: int, column: int) -> None:
        key = 0
        if path and isinstance(path[-1], str):
            key_line, key_column = self.line_column(self.key_at(node, self.type(self.tree, node)))
            key = key_line << FIELD_BITS | key_column
        self.marks[path] = key << (2 * FIELD_BITS) | line << FIELD_BITS | column


def ryml_rows(texts: list[tuple[str, str, int]], reference: list[Source]) -> list[tuple]:
    try:
        import ryml  # type: ignore[import-not-found]
    except ImportError:
        return [("rapidyaml", None, f"not installed: pip install rapidyaml=={MEASURED['rapidyaml']}", "")]
    version = ryml.version.version if hasattr(ryml.version, "version") else MEASURED["rapidyaml"]
    encoded = [text.encode() for _, text, _ in texts]
    tree = ryml.Tree()

    def trees() -> None:
        for buf in encoded:
            tree.clear()
            tree.clear_arena()
            ryml.parse_in_arena(buf, tree)

    rows: list[tuple] = [(f"rapidyaml {version} tree only (C++)", cpu(trees)[0], "", "in C++ only")]
    for positions in (False, True):
        walk = RymlWalk(ryml, positions)
        seconds, results = cpu(lambda walk=walk: [walk.parse(text, offset) for _, text, offset in texts])
        same = sum(typed(data) == typed(ref.data) for (data, _), ref in zip(results, reference))
        placed = "none"
        if positions:
            total = sum(len(ref.marks) for ref in reference)
            equal = sum(
                sum(marks.get(path) == mark for path, mark in ref.marks.items())
                for (_, marks), ref in zip(results, reference)
            )
            placed = f"{equal:,}/{total:,} values as the loader's"
        name = "objects and positions" if positions else "objects"
        rows.append(
            (f"rapidyaml {version} walk from Python: {name}", seconds, f"{same:,}/{len(texts):,} files", placed)
        )
    return rows


def measure(label: str, root: Path) -> None:
    texts = yaml_texts(root)
    chars = sum(len(text) for _, text, _ in texts)
    load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
    seconds, reference = cpu(lambda: loader(texts))
    values = sum(len(source.marks) for source in reference)
    print(f"\n{label}: {len(texts):,} YAML texts, {chars / 1e6:.1f} M characters, {values:,} values")
    print(f"load average before: {load} (2 cores, shared)")
    rows: list[tuple] = [
        ("mentorkit loader (libyaml's events, yaml_events)", seconds, "reference", "every value and key"),
        ("  the same through libyaml's nodes, as before", cpu(lambda: libyaml_nodes(texts))[0], "", ""),
        ("  libyaml event stream alone (its floor)", cpu(lambda: libyaml_events(texts))[0], "", ""),
    ]
    rows += yaml_rs_rows(texts, reference)
    rows += ryml_rows(texts, reference)
    width = max(len(row[0]) for row in rows)
    print(f"{'parser':<{width}}  {'CPU s':>6}  {'same data as loader':<20}  positions")
    for name, cpu_s, same, placed in rows:
        figure = f"{cpu_s:6.2f}" if cpu_s is not None else "     -"
        print(f"{name:<{width}}  {figure}  {same:<20}  {placed}")
    print(f"load average after: {' '.join(f'{figure:.2f}' for figure in os.getloadavg())}")


# ---------------------------------------------------------------- the loader's promises

PROBES = [
    ("YAML 1.2 core: 0o17 is text", "'n: 0o17'"),
    ("YAML 1.2 core: 0x1F is text", "'n: 0x1F'"),
    ("1_000 is text", "'n: 1_000'"),
    ("an alias is refused", "'a: &x 1\\nb: *x'"),
    ("a tag is refused", "'a: !secret x'"),
    ("a duplicate key is refused", "'a: 1\\na: 2'"),
    ("a tab after a colon is refused", "'a:\\tb'"),
    ("20,000 nested lists: bounded", "'- ' * 20_000 + 'x'"),
    ("a mistake: nothing on stderr", "'a: b\\n  c: d'"),
]


def child_loader(text: str) -> None:
    from mentorkit.load.yaml_file import load_yaml_file

    path = Path(tempfile.mkdtemp()) / "x.yaml"
    path.write_text(text)
    source, problems = load_yaml_file(path, "x.yaml")
    print([p.code for p in problems] if problems else repr(source.data)[:40])


def child_yaml_rs(text: str) -> None:
    import yaml_rs

    try:
        print(repr(yaml_rs.loads(text, parse_datetime=False))[:40])
    except Exception as exc:  # noqa: BLE001 - the refusal is the answer
        print(type(exc).__name__)


def child_rapidyaml(text: str) -> None:
    import ryml

    try:
        tree = ryml.parse_in_arena(text.encode())
    except Exception as exc:  # noqa: BLE001 - the refusal is the answer
        print(type(exc).__name__)
        return
    said = []
    for n in range(tree.size()):
        if not tree.has_val(n):
            continue
        mark = "anchored " if tree.has_val_anchor(n) else ""
        mark += (bytes(tree.val_tag(n)).decode() + " ") if tree.has_val_tag(n) else ""
        key = bytes(tree.key(n)).decode() + ": " if tree.has_key(n) else ""
        style = "alias" if tree.is_val_ref(n) else "plain" if tree.is_val_plain(n) else "quoted"
        said.append(f"{key}{mark}{style} {bytes(tree.val(n) or b'').decode()!r}")
    print(", ".join(said[:2]) + (" ..." if len(said) > 2 else ""))


CHILDREN = {"loader": child_loader, "yaml-rs": child_yaml_rs, "rapidyaml": child_rapidyaml}


def probe(candidate: str, text: str) -> str:
    program = f"import sys; sys.path.insert(0, {str(HERE)!r}); import parsers; parsers.CHILDREN[{candidate!r}]({text})"
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, cwd=HERE.parent
    )
    if result.returncode < 0:
        return f"killed by signal {-result.returncode}"
    if result.returncode:
        last = (result.stderr.strip().splitlines() or ["?"])[-1]
        return "not installed" if "ModuleNotFoundError" in last else last[:40]
    said = result.stdout.strip()
    return said + (f" (+{len(result.stderr.splitlines())} lines on stderr)" if result.stderr.strip() else "")


def probes() -> None:
    print("\nThe loader's promises, each probe in a child process (rapidyaml: its tree's scalars and what it marks)")
    rows = [("probe", "loader", "yaml-rs", "rapidyaml")]
    for name, text in PROBES:
        rows.append((name, *(probe(candidate, text) for candidate in ("loader", "yaml-rs", "rapidyaml"))))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "presets", nargs="*", metavar="PRESET", help="small, district, national (default: the last two)"
    )
    parser.add_argument("--content-root", type=Path, action="append", default=[], metavar="DIR")
    parser.add_argument("--no-probes", action="store_true", help="skip the table of promises")
    args = parser.parse_args(argv)
    if unknown := set(args.presets) - set(synth.PRESETS):
        parser.error(f"unknown preset: {', '.join(sorted(unknown))}")
    presets = args.presets or ([] if args.content_root else ["district", "national"])
    for root in args.content_root:
        measure(str(root), root.resolve())
    for preset in presets:
        with tempfile.TemporaryDirectory(prefix="mentorkit-parsers-") as temp:
            config = synth.Config(**synth.PRESETS[preset])
            synth.generate(Path(temp) / "root", config)
            measure(f"{preset} preset", Path(temp) / "root")
    if not args.no_probes:
        probes()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
