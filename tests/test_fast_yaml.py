"""The libyaml fast path gives exactly what the pure-Python parser gives, or hands the file over."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorkit.load import yaml_dialect, yaml_parse
from mentorkit.load.source import Source
from mentorkit.load.text_file import read_text
from mentorkit.load.yaml_file import MAX_YAML_BYTES
from mentorkit.load.yaml_parse import parse_yaml
from mentorkit.model.kinds import KINDS

from .conftest import FIXTURES, REPO

pytestmark = pytest.mark.skipif(
    yaml_dialect.CSafeLoader is None, reason="PyYAML without libyaml: there is no fast path"
)


def outcome(parse, text: str) -> tuple:
    """What a parser makes of ``text``: problems, data and positions (or the exception it raised)."""
    source = Source(path=Path("x.yaml"), rel="x.yaml")
    try:
        problems = parse(text, source)
    except (RecursionError, yaml_parse.TooManyNodes) as exc:
        return (type(exc).__name__,)
    return problems, source.data, dict(source.marks)


def pure(text: str, source: Source) -> list:
    """The reference: the tab check, then PyYAML's pure-Python parser."""
    tab = yaml_parse._tab_indent(text, source.rel, 0)
    return [tab] if tab else yaml_parse._parse_pure(text, source, 0)


TOKENS = list("ab:- \n\"'[]{}&*!|>#%@`,?012\\xé") + [
    "\n  ",
    "\n- ",
    ": ",
    "key: ",
    "\t",
    "\u2028",
    "\x85",
    "\U0001f600",
    "!!str ",
    "!!int ",
    "&a ",
    "*a",
    "<<: ",
    "---",
    "...",
    "\ufeff",
    "\x01",
    "why?",
    "[x, y]",
    "{k: v}",
    "|\n  text",
    ">-\n  folded",
    "''",
    '""',
    "~",
    "null",
    "1.5",
    "0755",
]
WORDS = [
    "id",
    "name",
    "AB-01",
    "2024-09-01",
    "true",
    "NO",
    "1",
    "0755",
    "1.5",
    "1:20",
    "null",
    "~",
    "",
    "x y",
    "it's",
    'say "hi"',
    "a: b",
    "a #b",
    "- d",
    "é café",
    "R&D",
    "Q&A *bold*",
    "50%",
    "http://x.y/z?q=1",
    "a,b",
    "[x]",
    "why?",
    "a:b",
    "line\nbreak",
]


@st.composite
def scalars(draw, indent: int, flow: bool = False) -> str:
    word = draw(st.sampled_from(WORDS))
    style = draw(st.sampled_from(["plain", "plain", "single", "double"] + ([] if flow else ["block"])))
    if style == "single":
        return "'" + word.replace("'", "''") + "'"
    if style == "double":
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if style == "block":
        pad = " " * (indent + 2)
        return (
            draw(st.sampled_from(["|", ">", "|-", ">+"]))
            + "\n"
            + "\n".join(pad + part for part in (word or "x").split("\n"))
        )
    return word


@st.composite
def mappings(draw, indent: int = 0, depth: int = 0) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(["id", "name", "mentor", "a", "x y", "1", "é"]))
        shape = draw(st.sampled_from(["scalar", "scalar", "flow", "map", "seq"] if depth < 3 else ["scalar"]))
        if shape == "scalar":
            value = " " + draw(scalars(indent))
        elif shape == "flow":
            value = " [" + ", ".join(draw(st.lists(scalars(indent, flow=True), max_size=3))) + "]"
        elif shape == "map":
            value = "\n" + draw(mappings(indent + 2, depth + 1))
        else:
            value = "\n" + "\n".join(
                " " * indent + "- " + draw(scalars(indent + 2)) for _ in range(draw(st.integers(1, 3)))
            )
        lines.append(" " * indent + key + ":" + value + draw(st.sampled_from(["", "", " # note"])))
    return "\n".join(lines)


@st.composite
def edited(draw, text: str) -> str:
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(list(":-[]{},#'\"|> \n&*!?%") + ["\n  "])) + text[at:]
    return text


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join), mappings().flatmap(edited)))
def test_parse_yaml_gives_what_the_pure_parser_gives(text):
    assert outcome(parse_yaml, text) == outcome(pure, text)


def _content_texts() -> list[tuple[str, str]]:
    out = []
    for root in [REPO, FIXTURES / "minimal", FIXTURES / "small-school"]:
        for kind in KINDS:
            for path in kind.files(root):
                text, _ = read_text(path, path.name, MAX_YAML_BYTES)
                if text is not None and kind.front_matter:
                    text = text.split("\n---\n", 1)[0].removeprefix("---\n")
                out.append((path.relative_to(root).as_posix(), text or ""))
    return out


def test_content_files_take_the_fast_path():
    # The speed comes from here: a pattern that sent every file to the pure parser would not show elsewhere.
    slow = [
        rel
        for rel, text in _content_texts()
        if not yaml_dialect.fast_may_parse(text) or yaml_parse._parse_fast(text, Source(Path(rel), rel), 0) is None
    ]
    assert slow == []


def test_an_alias_is_refused_where_it_is_with_the_pure_parsers_message():
    problems = outcome(parse_yaml, "name: &n Sam\nother: *n\n")[0]
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [
        (2, 8, "yaml-alias", "not valid YAML: anchors and aliases (*name) are not supported")
    ]
    assert outcome(parse_yaml, "name: &n Sam\n")[:2] == ([], {"name": "Sam"}), "an anchor alone is harmless"


@pytest.mark.parametrize(
    "bomb",
    ["'x: ' + '[' * 200_000", "'- ' * 200_000 + 'x'", "'x: ' + '{a: ' * 100_000"],
    ids=["flow-sequences", "block-sequences", "flow-mappings"],
)
def test_deep_nesting_never_reaches_libyamls_recursion(bomb):
    # libyaml's composer recurses in C: 30,000 levels kill the process (SIGSEGV), not a RecursionError.
    probe = (
        "from pathlib import Path\n"
        "from mentorkit.load.source import Source\n"
        "from mentorkit.load.yaml_parse import parse_yaml, TooManyNodes\n"
        f"text = {bomb}\n"
        "try:\n"
        "    parse_yaml(text, Source(Path('x'), 'x'))\n"
        "except (RecursionError, TooManyNodes):\n"
        "    pass\n"
        "print('survived')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert (result.returncode, result.stdout.strip()) == (0, "survived"), result.stderr[-500:]


def test_without_libyaml_the_pure_parser_does_everything(monkeypatch):
    text = "name: Sam\nitems: [a, b]\nnested:\n  n: 1\n"
    fast = outcome(parse_yaml, text)
    monkeypatch.setattr(yaml_dialect, "CSafeLoader", None)
    assert outcome(parse_yaml, text) == fast == outcome(pure, text)
