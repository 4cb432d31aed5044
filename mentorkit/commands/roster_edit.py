"""Fill empty fields of a cohort file's mentees, keeping every other byte.

Staff review ``match --write`` as a pull request, so the diff must show only
the filled fields. A round-trip dump (even ruamel.yaml's) re-wraps long flow
lists and drops quotes (``"11:00"`` would become sexagesimal 660), so
ruamel.yaml is used to *find* each mentee and its keys, with line and column,
and the new text is spliced in at those places. The result is parsed again
and must equal the old data plus the new values, or nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

#: Plain scalars that YAML 1.1 (PyYAML, which reads the content) would turn into
#: something other than a string.
_SPECIAL = re.compile(r"^(y|yes|n|no|true|false|on|off|null|~|[-+.]?\d.*)$", re.IGNORECASE)
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_NULL = re.compile(r"([ \t]*)(null|Null|NULL|~)?")
_FLOW_SCALAR = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^,}\s]+")


def scalar(value: str) -> str:
    """``value`` as YAML that reads back as the same string."""
    if _PLAIN.match(value) and not _SPECIAL.match(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fill_mentees(text: str, values: dict[str, dict[str, str]]) -> str:
    """``text`` with ``values[pseudonym][field]`` set where that field is missing or empty.

    Fields that already hold a value are left alone (never overwritten).
    """
    data = YAML(typ="rt").load(text)
    starts = _line_starts(text)
    edits: list[tuple[int, int, str]] = []
    for node in data.get("mentees") or []:
        if not isinstance(node, CommentedMap) or node.get("id") not in values:
            continue
        wanted = {f: v for f, v in values[node["id"]].items() if node.get(f) is None}
        missing = {f: v for f, v in wanted.items() if f not in node}
        for name, value in wanted.items():
            if name in node:  # present but empty: fill in place
                edits.append(_fill_null(text, starts, node, name, value))
        if missing:
            edits.append(_insert(text, starts, node, missing))
    out = text
    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        out = out[:start] + new + out[end:]
    _verify(text, out, values)
    return out


def _line_starts(text: str) -> list[int]:
    # YAML's line breaks only; str.splitlines would also split at \x0c or \u2028.
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)] + [len(text)]


def _insert(text: str, starts: list[int], node: CommentedMap, fields: dict[str, str]) -> tuple[int, int, str]:
    """New keys right after the mentee's id: ``{id: X, mentor: m}`` or a line below ``id: X``."""
    key_line, key_column, value_line, value_column = node.lc.data["id"]
    if node.fa.flow_style():
        at = starts[value_line] + value_column
        end = _FLOW_SCALAR.match(text, at).end()  # type: ignore[union-attr]
        return end, end, "".join(f", {name}: {scalar(value)}" for name, value in fields.items())
    line = text[starts[value_line] : starts[value_line + 1]]
    newline = "\r\n" if line.endswith("\r\n") else "\n"
    after = starts[value_line + 1]
    lead = "" if line.endswith(("\n", "\r")) else newline  # the id is on the last line, unterminated
    body = "".join(f"{' ' * key_column}{name}: {scalar(value)}{newline}" for name, value in fields.items())
    if lead:
        body = lead + body.rstrip("\r\n")
    return after, after, body


def _fill_null(text: str, starts: list[int], node: CommentedMap, name: str, value: str) -> tuple[int, int, str]:
    """``mentor:`` / ``mentor: null`` / ``mentor: ~`` -> ``mentor: value``; a comment keeps its column."""
    line, column = node.lc.key(name)
    colon = text.index(":", starts[line] + column + len(name))
    match = _NULL.match(text, colon + 1)
    assert match is not None
    if match.group(2):  # replace the null token itself
        return match.start(2), match.end(2), scalar(value)
    if text[match.end() : match.end() + 1] == "#":  # insert before the spaces that lead to the comment
        return colon + 1, colon + 1, f" {scalar(value)}"
    return colon + 1, match.end(), f" {scalar(value)}"


def _verify(before: str, after: str, values: dict[str, dict[str, str]]) -> None:
    """The edited file must read as the old data plus exactly the new values."""
    expected: Any = yaml.safe_load(before)
    for mentee in expected.get("mentees") or []:
        for name, value in values.get(mentee.get("id"), {}).items():
            if mentee.get(name) is None:
                mentee[name] = value
    if yaml.safe_load(after) != expected:
        raise RuntimeError("editing the cohort file would change more than the filled fields; nothing was written")


def read_exactly(path: Path) -> str:
    """The file's text with its own line endings (``\\r\\n`` stays ``\\r\\n``)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()
