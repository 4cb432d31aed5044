"""The YAML that content files are read as: YAML 1.2 core scalars, no aliases.

Two loaders with the same rules: PyYAML's pure-Python one, which words every
mistake, and libyaml's (C), which is fast. This module also says when the fast
one may be trusted with a text (``fast_may_parse``, ``needs_pure``).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


class CoreLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core scalar resolution and no aliases."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (*name) are not supported",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


CoreLoader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
]:
    CoreLoader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


ALLOWED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}

CSafeLoader = getattr(yaml, "CSafeLoader", None)  # None when PyYAML was built without libyaml
if CSafeLoader is not None:

    class FastLoader(CSafeLoader):  # type: ignore[misc, valid-type]
        """libyaml's scanner, parser and composer (C), with the same YAML 1.2 resolvers.

        ``resolve`` is PyYAML's own, minus what we never use (path resolvers,
        wildcard resolvers): libyaml calls it once per value.
        """

        yaml_implicit_resolvers = CoreLoader.yaml_implicit_resolvers

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is ScalarNode:
                if implicit[0]:
                    for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                        if regexp.match(value):
                            return tag
                return "tag:yaml.org,2002:str"
            return "tag:yaml.org,2002:seq" if kind is SequenceNode else "tag:yaml.org,2002:map"


#: libyaml's composer recurses in C without a depth check: about 30,000 levels
#: of ``[[[...`` overflow the C stack and kill the process. Every nested
#: collection needs at least one of these characters, so their count bounds
#: the depth, and text with more of them than this goes to the pure-Python
#: parser, which fails such nesting with a RecursionError instead.
_FAST_INDICATORS = "[{-?:"
#: YAML features where libyaml and PyYAML disagree (found by comparing them on
#: random text, tests/test_fast_yaml.py): tags, complex keys, directives and
#: document markers (empty nodes are placed differently), empty values in
#: flow collections, and junk after a block scalar's indicator. Text that
#: might use one goes to the pure-Python parser; content files rarely do.
#: So does a flow collection with a '?' in it (``needs_pure``).
_TAG = re.compile(r"!(?<![^\s\[\]{},]!)")
_COMPLEX_KEY = re.compile(r"\?(?<![^\s\[{,]\?)(?![^\s\]},])")
#: An empty value in a flow collection, and junk after a block scalar's indicator. One
#: pattern per leading character: a pattern that starts with a literal is searched for
#: with a fast scan, one that starts with a set of characters is tried at every position
#: (at the national preset that was half a second).
_EXOTIC = [
    (",", re.compile(r",\s*[:,\]}]")),
    ("[", re.compile(r"\[\s*[:,]")),
    ("{", re.compile(r"\{\s*[:,]")),
    (":", re.compile(r":\s*[,\]}]")),
    ("|", re.compile(r"\|[-+0-9]*[^-+0-9\s]")),
    (">", re.compile(r">[-+0-9]*[^-+0-9\s]")),
]
_MARKERS = ("%", "---", "...")  # a directive, a document marker, at the start of a line


def _exotic(text: str) -> bool:
    # Literal searches first: a regex tried at every position costs more than the parse.
    return bool(
        ("!" in text and _TAG.search(text))
        or ("?" in text and _COMPLEX_KEY.search(text))
        or text.startswith(_MARKERS)
        or any("\n" + marker in text for marker in _MARKERS)
        or any(first in text and pattern.search(text) for first, pattern in _EXOTIC)
    )


_FAST_MAX_INDICATORS = 5_000
#: Digits in a whole number: more is a mistake (or an attack on the reader).
MAX_DIGITS = 30
#: Deeper than this, the fast path hands over to the pure-Python one, whose
#: RecursionError (reported as "too deep") depends on the stack it starts from.
FAST_MAX_DEPTH = 50
#: Characters the fast path leaves to the pure-Python parser: the control
#: characters it refuses (with our message), and those the two parsers read
#: differently: tabs (libyaml takes them as spaces where PyYAML refuses them),
#: carriage returns, the Unicode line breaks U+0085/U+2028/U+2029 and a
#: byte-order mark inside the text. All rare in content files.
_PURE_ONLY = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def fast_may_parse(text: str) -> bool:
    return (
        CSafeLoader is not None
        and sum(map(text.count, _FAST_INDICATORS)) <= _FAST_MAX_INDICATORS
        and not _PURE_ONLY.search(text)
        and not _exotic(text)
    )


def fast_loader(text: str) -> Any:
    """libyaml's loader for ``text``; only called once ``fast_may_parse`` said yes."""
    return FastLoader(text)


def needs_pure(root: Node, text: str) -> bool:
    """Whether the tree has what libyaml reads differently from PyYAML.

    * A node reached twice: libyaml composes an alias as the anchored node
      itself, and aliases are refused with the pure parser's message.
    * A flow collection with a '?' inside: in ``[why?]`` PyYAML ends the
      plain value at the '?', libyaml does not. Up to the first difference the
      two parsers agree, so libyaml's flow collections are the places to look.

    Iterative, and stops at the first node seen twice, so a billion-laughs
    file costs no more than its own size.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if node.__class__ is ScalarNode:
            continue
        if node.flow_style and "?" in text[node.start_mark.index : node.end_mark.index]:
            return True
        if node.__class__ is MappingNode:
            for pair in node.value:
                stack.extend(pair)
        else:
            stack.extend(node.value)
    return False
