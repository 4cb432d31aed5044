"""Data built from libyaml's events equals data built from its nodes (values, types, every position), or
the file goes the old way."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorkit.load import yaml_dialect, yaml_events, yaml_parse
from mentorkit.load.source import Source
from mentorkit.load.text_file import read_text
from mentorkit.load.yaml_file import MAX_YAML_BYTES
from mentorkit.load.yaml_parse import parse_yaml
from mentorkit.model.kinds import KINDS

from .conftest import FIXTURES, REPO
from .test_fast_yaml import TOKENS, edited, mappings, outcome, pure
from .test_synth import _synth

pytestmark = pytest.mark.skipif(
    yaml_events.CParser is None or yaml_dialect.CSafeLoader is None, reason="PyYAML without libyaml"
)


def typed(value: Any) -> Any:
    """``value`` with each scalar's type beside it: 1, 1.0 and True are equal to ``==``, not here."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def from_events(text: str, line_offset: int = 0, max_nodes: int = yaml_parse.MAX_NODES) -> tuple | None:
    marks: dict = {}
    parsed = yaml_events.parse_events(text, marks, line_offset, max_nodes)
    return None if parsed is None else ([], typed(parsed[0]), marks)


def from_nodes(text: str, line_offset: int = 0) -> tuple | None:
    """What the libyaml path gave before this module: problems, data and positions (None: not vouched for)."""
    source = Source(Path("x.yaml"), "x.yaml")
    problems = yaml_parse._parse_fast(text, source, line_offset)
    return None if problems is None else (problems, typed(source.data), dict(source.marks))


def loader_texts(root: Path) -> list[tuple[str, str, int]]:
    """(file, YAML text, line offset) for every content file under ``root``, as the loader cuts them."""
    out = []
    for kind in KINDS:
        for path in kind.files(root):
            text, _ = read_text(path, path.name, MAX_YAML_BYTES)
            if text is None:
                continue
            if kind.front_matter:
                lines = text.split("\n")
                end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
                out.append((path.relative_to(root).as_posix(), "\n".join(lines[1:end]), 1))
            else:
                out.append((path.relative_to(root).as_posix(), text, 0))
    return out


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    synth = _synth()
    root = tmp_path_factory.mktemp("district") / "site"
    synth.generate(root, synth.Config(**synth.PRESETS["district"]))
    return root


@pytest.mark.parametrize("root", [REPO, FIXTURES / "minimal", FIXTURES / "small-school", "district"], ids=str)
def test_every_content_file_takes_the_event_path_with_the_same_result(root, request):
    root = request.getfixturevalue("district") if root == "district" else root
    texts = loader_texts(root)
    assert len(texts) > 10
    differ = [
        rel
        for rel, text, offset in texts
        if not yaml_dialect.fast_may_parse(text) or from_events(text, offset) != from_nodes(text, offset)
    ]
    assert differ == []


def test_every_fixture_file_gives_the_same_result_or_goes_the_old_way():
    # bad-input/ holds the hostile and malformed files: none may come out differently.
    checked = 0
    for path in sorted(FIXTURES.rglob("*.yaml")):
        text, _ = read_text(path, path.name, MAX_YAML_BYTES)
        if text is None or not yaml_dialect.fast_may_parse(text):
            continue
        got = from_events(text)
        if got is not None:
            assert got == from_nodes(text), path
            checked += 1
    assert checked > 30


@settings(max_examples=300, deadline=None)
@given(text=mappings())
def test_documents_in_the_dialect_give_what_the_nodes_give(text):
    if yaml_dialect.fast_may_parse(text):
        got = from_events(text)
        if got is not None:
            assert got == from_nodes(text)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join), mappings().flatmap(edited)))
def test_any_text_the_event_path_takes_gives_what_the_nodes_give(text):
    # Past the prefilter too: the event path must refuse on its own whatever it cannot vouch for.
    got = from_events(text, 2)
    if got is not None:
        assert got == from_nodes(text, 2)


SCALARS = ["1.0", "1e3", "-0", "+12", "0755", "-.inf", ".NaN", "TRUE", "False", "Null", "~", "", "0x1F", "0o17"]
SCALARS += ["1_000", "1:20", "'1.0'", '"1"', "yes", "9" * 30, "9" * 31, "12abc", "1.2.3", ".5", "5.", "-.5e-3"]


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(SCALARS), min_size=1, max_size=8), flow=st.booleans())
def test_every_kind_of_scalar_resolves_as_the_nodes_resolve_it(words, flow):
    if flow:
        text = (
            "a: ["
            + ", ".join(w or "''" for w in words)
            + "]\nb: {"
            + ", ".join(f"k{i}: {w}" for i, w in enumerate(words))
            + "}\n"
        )
    else:
        text = "".join(f"k{i}: {w}\n" for i, w in enumerate(words)) + "l:\n" + "".join(f"  - {w}\n" for w in words)
    got = from_events(text)
    assert got == from_nodes(text) or (got is None and any(len(w) > 30 for w in words))


REFUSED = {
    "an alias": "name: &n Sam\nother: *n\n",
    "an anchor alone": "name: &n Sam\n",
    "a tag": "n: !!str 1\n",
    "a tag on a mapping": "n: !!map {a: 1}\n",
    "a duplicate key": "a: 1\nb: 2\na: 3\n",
    "a list as a key": "[a, b]: c\n",
    "a number as a key": "1: one\n",
    "a number too long": "n: " + "9" * 31 + "\n",
    "too deep": "a: " + "[" * 60 + "]" * 60 + "\n",
    "a '?' in a flow collection": "a: [why?]\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "nothing": "# only a comment\n",
    "a mistake": "a: b\n  c: d\n",
}


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_what_the_event_path_cannot_vouch_for_goes_the_old_way(text):
    assert from_events(text) is None
    assert outcome(parse_yaml, text) == outcome(pure, text)


def test_more_values_than_the_bound_go_the_old_way():
    assert from_events("[1, 2, 3]\n", max_nodes=4) is not None
    assert from_events("[1, 2, 3, 4]\n", max_nodes=4) is None


def test_scalars_resolve_by_the_yaml_1_2_core_rules():
    text = "a: 0755\nb: 1.5e3\nc: .inf\nd: -.INF\ne: TRUE\nf: no\ng: ~\nh:\ni: '1'\nj: 0x1F\nk: 1:20\nl: |\n  x\n"
    got = from_events(text)
    assert got is not None
    assert got == from_nodes(text)
    assert got[1] == typed(
        {"a": 755, "b": 1500.0, "c": math.inf, "d": -math.inf, "e": True, "f": "no", "g": None, "h": None}
        | {"i": "1", "j": "0x1F", "k": "1:20", "l": "x\n"}
    )
