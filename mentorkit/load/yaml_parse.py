"""Parse YAML text (or Markdown front matter) into plain data, keeping every value's position.

PyYAML gives us nodes with marks; we build plain Python data from those nodes
ourselves so that we can (a) remember where each value came from, (b) refuse
duplicate keys, which PyYAML silently resolves to the last one, and (c) never
raise anything but problems (and ``TooManyNodes``, which the caller words).

Scalars are resolved with the YAML 1.2 core rules, not PyYAML's 1.1 ones
(``yaml_dialect``): ``no``/``on``/``off`` stay strings (a pseudonym ``NO``
must not become ``False``), ``1:20`` is not sixty-based arithmetic, and dates
stay strings so that pydantic, not the parser, says "is not a date".
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mentorkit.load.source import FIELD_BITS, FieldPath, Source, dotted, pack
from mentorkit.load.yaml_dialect import (
    ALLOWED_TAGS,
    FAST_MAX_DEPTH,
    MAX_DIGITS,
    CoreLoader,
    fast_loader,
    fast_may_parse,
    needs_pure,
)
from mentorkit.load.yaml_events import parse_events
from mentorkit.problems import Problem

#: Bound on the nodes of one file, so a pathological nesting fails fast.
MAX_NODES = 200_000

TAB_INDENT = re.compile(r"^( *)\t[^\n]*?\S", re.M)


def _tab_indent(text: str, rel: str, line_offset: int) -> Problem | None:
    # The first line whose indentation holds a tab and that is not blank.
    found = TAB_INDENT.search(text)
    if found is None:
        return None
    return Problem(
        rel,
        text.count("\n", 0, found.start()) + 1 + line_offset,
        len(found.group(1)) + 1,
        "",
        "tab-indent",
        "a tab is used for indentation; YAML allows only spaces",
        "replace the tab with spaces (two per level is usual)",
    )


def parse_yaml(text: str, source: Source, line_offset: int = 0) -> list[Problem]:
    """Parse ``text`` into ``source.data`` and its positions; return problems.

    libyaml (C) parses when it can: first the data is built straight from its
    events (``yaml_events``, the common case), else from its nodes; the
    pure-Python parser takes over for whatever neither vouches for (any YAML
    error, an alias, control characters, deep nesting), so every message, and
    every position, comes out as the pure-Python parser gives it.
    """
    tab = _tab_indent(text, source.rel, line_offset) if "\t" in text else None  # the search costs, the test not
    if tab:
        return [tab]
    if fast_may_parse(text):
        parsed = parse_events(text, source.marks, line_offset, MAX_NODES)
        if parsed is not None:
            source.data = parsed[0]
            return []
        source.marks.clear()
        problems = _parse_fast(text, source, line_offset)
        if problems is not None:
            return problems
        source.data = None
        source.marks.clear()
    return _parse_pure(text, source, line_offset)


def _parse_fast(text: str, source: Source, line_offset: int) -> list[Problem] | None:
    """Parse with libyaml; None when the pure-Python parser must decide."""
    loader = fast_loader(text)
    try:
        root = loader.get_single_node()
    except Exception:  # any mistake: the pure-Python parser words it, with its positions
        return None
    finally:
        loader.dispose()
    if root is None:
        return [source.file_problem("empty-file", "the file is empty", "fill in the fields, or delete the file")]
    if ("&" in text or "?" in text) and needs_pure(root, text):
        return None
    builder = _Builder(loader, source, line_offset, max_depth=FAST_MAX_DEPTH)
    try:
        source.data = builder.build(root, ())
    except _Abandon:
        return None
    return builder.problems


def _parse_pure(text: str, source: Source, line_offset: int) -> list[Problem]:
    try:
        loader = CoreLoader(text)
    except yaml.reader.ReaderError as exc:
        return [_control_character(exc, text, source.rel, line_offset)]
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        return [_control_character(exc, text, source.rel, line_offset)]
    except yaml.MarkedYAMLError as exc:
        return [_syntax_problem(exc, source.rel, line_offset, text)]
    except yaml.YAMLError as exc:
        return [
            Problem(
                source.rel,
                1 + line_offset,
                None,
                "",
                "yaml-syntax",
                f"not valid YAML: {exc}",
                "check the file's indentation and punctuation",
            )
        ]
    finally:
        loader.dispose()
    if root is None:
        return [source.file_problem("empty-file", "the file is empty", "fill in the fields, or delete the file")]
    builder = _Builder(loader, source, line_offset)
    source.data = builder.build(root, ())
    return builder.problems


def parse_front_matter(text: str, source: Source) -> list[Problem]:
    """Split ``---`` front matter from a Markdown body and parse the front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return [
            Problem(
                source.rel,
                1,
                1,
                "",
                "missing-front-matter",
                "the file does not start with front matter",
                "begin the file with a line '---', the fields (e.g. title: ...), then another '---'",
            )
        ]
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return [
            Problem(
                source.rel,
                1,
                1,
                "",
                "unclosed-front-matter",
                "the front matter is never closed",
                "add a line '---' after the last field",
            )
        ]
    problems = parse_yaml("\n".join(lines[1:end]), source, line_offset=1)
    rest = lines[end + 1 :]
    blank = next((i for i, line in enumerate(rest) if line.strip()), len(rest))
    source.body = "\n".join(rest[blank:]).rstrip("\n") + "\n"
    source.body_line = end + 2 + blank
    if source.data is None and not problems:
        source.data = {}
        problems = []
    elif problems and problems[0].code == "empty-file":
        source.data = {}
        problems = []
    if source.data is not None and not isinstance(source.data, dict):
        return [source.problem((), "not-a-mapping", "the front matter must be a list of 'field: value' lines")]
    return problems


def _control_character(exc: yaml.reader.ReaderError, text: str, rel: str, line_offset: int) -> Problem:
    # Invisible characters pasted from Word or a PDF: say where, and what it is.
    before = text[: exc.position]
    line = before.count("\n") + 1 + line_offset
    column = exc.position - (before.rfind("\n") + 1) + 1
    return Problem(
        rel,
        line,
        column,
        "",
        "control-character",
        f"an invisible control character (U+{exc.character:04X}) is not allowed",
        "delete it: retype the text around this point",
    )


def _curly_quotes(text: str, mark: Any, rel: str, line_offset: int) -> Problem | None:
    """The problem when the line YAML stopped at opens a value with a curly quote."""
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    found = next((i for i, ch in enumerate(line) if ch in "\u201c\u2018"), None)
    if found is None:
        return None
    return Problem(
        rel,
        mark.line + 1 + line_offset,
        found + 1,
        "",
        "yaml-curly-quotes",
        f"not valid YAML: the value starts with a curly quote ({line[found]}), as Word types them; YAML does not "
        "read curly quotes as quotes, so the ': ' inside the value looks like the start of another field",
        "use straight quotes: type \" in place of \u201c and \u201d, and ' in place of \u2018 and \u2019",
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, rel: str, line_offset: int, text: str = "") -> Problem:
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or "not valid YAML"
    hint = "check indentation and punctuation around this line"
    code = "yaml-syntax"
    context = exc.context or ""
    if "quoted scalar" in context and exc.context_mark:
        # The parser notices at the end of the file; the mistake is where the quote opened.
        mark, what, hint = exc.context_mark, "a quoted value is never closed", "add the closing quote mark"
    line = mark.line + 1 + line_offset if mark else None
    column = mark.column + 1 if mark else None
    if "aliases" in what:
        code, hint = "yaml-alias", "write the value out in full instead of referring to an anchor"
    elif "could not find expected ':'" in what or "mapping values are not allowed" in what:
        curly = _curly_quotes(text, mark, rel, line_offset)
        if curly is not None:
            return curly
        hint = "each line should be 'field: value'; put text containing ': ' in quotes"
    elif "found character" in what and "cannot start any token" in what:
        hint = "put the value in quotes"
    return Problem(rel, line, column, "", code, f"not valid YAML: {what}", hint)


class _Builder:
    """Plain data from a node tree, recording each value's position as it goes."""

    def __init__(self, loader: Any, source: Source, line_offset: int, max_depth: int | None = None) -> None:
        self.construct = loader.construct_object
        self.rel = source.rel
        self.marks = source.marks
        self.offset = line_offset + 1  # marks are 0-based
        self.problems: list[Problem] = []
        self.nodes = 0
        self.max_depth = max_depth

    def build(self, node: Node, path: FieldPath, key_mark: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooManyNodes
        if self.max_depth is not None and len(path) > self.max_depth:
            raise _Abandon
        mark = node.start_mark
        line, column = mark.line + self.offset, mark.column + 1
        kind = node.__class__
        if kind is ScalarNode and node.style in ("|", ">"):
            # A block scalar's text starts on the line after its indicator.
            line, column = line + 1, column + 2
        self.marks[path] = key_mark << (2 * FIELD_BITS) | line << FIELD_BITS | column
        tag = node.tag
        if tag not in ALLOWED_TAGS:
            self.problems.append(
                Problem(
                    self.rel,
                    line,
                    column,
                    dotted(path),
                    "yaml-tag",
                    f"the tag {tag} is not allowed",
                    "remove the !tag before the value",
                )
            )
            return None
        if kind is MappingNode:
            return self.mapping(node, path)
        if kind is SequenceNode:
            build = self.build
            return [build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:str":
            return node.value
        if tag == "tag:yaml.org,2002:int" and _DECIMAL.fullmatch(node.value):
            if len(node.value) > MAX_DIGITS:
                return self.too_long(node)
            return int(node.value, 10)  # YAML 1.2: 0755 is seven hundred and fifty-five
        try:
            return self.construct(node, deep=True)
        except Exception:  # an explicit !!timestamp with a bad date, say
            return node.value

    def too_long(self, node: ScalarNode) -> None:
        # Python refuses to read an integer of over 4,300 digits ("internal error" once);
        # no number in content needs more than a handful.
        mark = node.start_mark
        self.problems.append(
            Problem(
                self.rel,
                mark.line + self.offset,
                mark.column + 1,
                "",
                "number-too-long",
                f"a number of {len(node.value):,} digits is not a value any field takes",
                f"write a number of at most {MAX_DIGITS} digits, or quote it if it is text",
            )
        )
        return None

    def mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        marks = self.marks
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            key_mark = pack(mark.line + self.offset, mark.column + 1)
            if key_node.__class__ is not ScalarNode:
                self.problems.append(
                    Problem(
                        self.rel,
                        mark.line + self.offset,
                        mark.column + 1,
                        dotted(path),
                        "bad-key",
                        "a field name must be plain text",
                        "write 'name: value'",
                    )
                )
                continue
            key = sys.intern(str(self.scalar(key_node)))  # the same few names in every file
            child = path + (key,)
            if key in out:
                first_line = marks[child] >> (3 * FIELD_BITS)
                self.problems.append(
                    Problem(
                        self.rel,
                        mark.line + self.offset,
                        mark.column + 1,
                        dotted(child),
                        "duplicate-key",
                        f'"{key}" appears twice in the same block (first on line {first_line})',
                        "keep one of them: YAML would silently use only the last",
                    )
                )
                continue
            out[key] = self.build(value_node, child, key_mark)
        return out


_DECIMAL = re.compile(r"[-+]?[0-9]+")


class TooManyNodes(Exception):
    """More than MAX_NODES values: the caller says so for the whole file."""


class _Abandon(Exception):
    """The fast path hands the file to the pure-Python parser."""
