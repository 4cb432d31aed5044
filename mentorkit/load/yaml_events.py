"""The fastest way through a well-formed content file: plain data straight from libyaml's events.

PyYAML's C composer turns each event into a ``Node`` (a Python object, and a
call back into Python to resolve every scalar's tag) before ``yaml_parse``
walks the nodes into plain data. Here the data is built from the events
themselves, with the same YAML 1.2 rules and the same positions, and no node
is made: about an eighth less CPU than through the nodes (benchmarks/parsers.py).

It vouches only for the common case. Anything else (an anchor, an alias, a
tag, a key that is not text, a duplicate key, a number too long, more than
``max_nodes`` values or ``FAST_MAX_DEPTH`` levels, a '?' in a flow collection,
any error libyaml raises) returns ``None``, and ``yaml_parse`` parses the text
as it did before this module existed, so every problem, and every position,
comes out as it did. tests/test_yaml_events.py compares the two on every
content file and on random text.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from mentorkit.load.source import FIELD_BITS, FieldPath
from mentorkit.load.yaml_dialect import FAST_MAX_DEPTH, MAX_DIGITS, CoreLoader

CParser = getattr(yaml, "CParser", None) or getattr(getattr(yaml, "cyaml", None), "CParser", None)

#: The YAML 1.2 core resolvers, by a plain scalar's first character: (what, pattern).
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag.rsplit(":", 1)[1], regexp) for tag, regexp in pairs]
    for first, pairs in CoreLoader.yaml_implicit_resolvers.items()
}
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_BOOLS: dict[str, bool] = SafeConstructor.bool_values
_KEY_SHIFT = 2 * FIELD_BITS


class _Unsure(Exception):
    """Something this path does not vouch for: the text goes the old way."""


def parse_events(text: str, marks: dict[FieldPath, int], line_offset: int, max_nodes: int) -> tuple[Any] | None:
    """``(data,)`` for ``text`` (one non-empty document), filling ``marks``; None when unsure.

    On None, ``marks`` may hold some positions: the caller clears them.
    """
    if CParser is None:
        return None
    parser = CParser(text)
    try:
        get = parser.get_event
        if get().__class__ is not StreamStartEvent or get().__class__ is not DocumentStartEvent:
            return None
        data = _Events(get, text, marks, line_offset).document()
        if get().__class__ is not DocumentEndEvent or get().__class__ is not StreamEndEvent:
            return None
        if len(marks) > max_nodes:
            return None  # the old path raises TooManyNodes, or finds a mistake first
        return (data,)
    except Exception:  # noqa: BLE001 - _Unsure, or any mistake libyaml finds: the old path words it
        return None
    finally:
        parser.dispose()


class _Events:
    def __init__(self, get: Any, text: str, marks: dict[FieldPath, int], line_offset: int) -> None:
        self.get, self.text, self.marks = get, text, marks
        self.offset = line_offset + 1  # marks are 0-based
        self.question = "?" in text  # a '?' in a flow collection is read differently by PyYAML

    def document(self) -> Any:
        """One document's root and everything under it, built without recursion."""
        get, marks, offset = self.get, self.marks, self.offset
        question = self.question
        # Without '&' or '!' in the text there is no anchor or tag to look for on each event.
        properties = "&" in self.text or "!" in self.text
        stack: list[tuple[Any, FieldPath, int]] = []  # the open collections: (container, path, flow start)
        container: Any = None
        path: FieldPath = ()
        key: Any = None  # in a mapping: the key read, whose value comes next
        key_mark, flow_start = 0, -1
        is_map = False
        while True:
            event = get()
            kind = event.__class__
            if kind is ScalarEvent:
                if properties and (event.anchor is not None or event.tag is not None):
                    raise _Unsure  # the old path refuses a tag, and words an anchor's problems
                value = event.value
                if event.implicit[0] and value[:1] in _RESOLVERS:
                    value = _resolve(value)
                mark = event.start_mark
                if is_map and key is None:
                    key = self.key(value, container)
                    key_mark = (mark.line + offset) << FIELD_BITS | (mark.column + 1)
                    continue
                line, column = mark.line + offset, mark.column + 1
                if event.style == "|" or event.style == ">":
                    line, column = line + 1, column + 2  # a block scalar's text starts on the next line
                if is_map:
                    child = path + (key,)
                    container[key] = value
                    marks[child] = key_mark << _KEY_SHIFT | line << FIELD_BITS | column
                    key = None
                elif container is not None:
                    marks[path + (len(container),)] = line << FIELD_BITS | column
                    container.append(value)
                else:
                    marks[()] = line << FIELD_BITS | column
                    return value
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                value, child = self.open(event, container, path, key, key_mark, is_map)
                stack.append((container, path, flow_start))
                container, path, key, key_mark, is_map = value, child, None, 0, kind is MappingStartEvent
                flow_start = event.start_mark.index if event.flow_style else -1
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                if question and flow_start >= 0 and "?" in self.text[flow_start : event.end_mark.index]:
                    raise _Unsure  # PyYAML ends a plain value at the '?', libyaml does not
                done = container
                container, path, flow_start = stack.pop()
                if container is None:
                    return done
                key, key_mark, is_map = None, 0, container.__class__ is dict
            else:
                raise _Unsure  # an alias: the old path refuses it with its message

    def open(self, event: Any, container: Any, path: FieldPath, key: Any, key_mark: int, is_map: bool) -> tuple:
        """A new mapping or list, placed in ``container`` (under ``key``) and marked; and its path."""
        if event.anchor is not None or event.tag is not None or (is_map and key is None):
            raise _Unsure  # a tag, an anchor, or a key that is a collection ("bad-key")
        child = path + (key,) if is_map else path + (len(container),) if container is not None else ()
        if len(child) >= FAST_MAX_DEPTH:
            raise _Unsure  # the old path decides between "too deep" and a fine file
        mark = event.start_mark
        self.marks[child] = key_mark << _KEY_SHIFT | (mark.line + self.offset) << FIELD_BITS | (mark.column + 1)
        value: Any = {} if event.__class__ is MappingStartEvent else []
        if is_map:
            container[key] = value
        elif container is not None:
            container.append(value)
        return value, child

    @staticmethod
    def key(value: Any, mapping: dict[str, Any]) -> str:
        if value.__class__ is not str:
            raise _Unsure  # 1: or true: as a key: rare, and the old path words it
        key = sys.intern(value)  # the same few names in every file
        if key in mapping:
            raise _Unsure  # a duplicate key: the old path reports both lines
        return key


def _resolve(value: str) -> Any:
    """A plain scalar's value by the YAML 1.2 core rules, as ``yaml_parse`` resolves and constructs it."""
    for what, regexp in _RESOLVERS[value[:1]]:
        if regexp.match(value):
            if what == "int":
                if len(value) > MAX_DIGITS or not _DECIMAL.fullmatch(value):
                    raise _Unsure  # the old path says "number-too-long"
                return int(value, 10)
            if what == "float":
                return _float(value)
            if what == "bool":
                if value.lower() not in _BOOLS:
                    raise _Unsure
                return _BOOLS[value.lower()]
            return None
    return value


def _float(value: str) -> float:
    # SafeConstructor.construct_yaml_float, for the values the YAML 1.2 pattern lets through.
    text = value.replace("_", "").lower()
    sign = -1 if text[0] == "-" else +1
    if text[0] in "+-":
        text = text[1:]
    if text == ".inf":
        return sign * SafeConstructor.inf_value
    if text == ".nan":
        return SafeConstructor.nan_value
    if ":" in text:
        raise _Unsure
    return sign * float(text)
