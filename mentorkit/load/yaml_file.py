"""Read YAML and Markdown-with-front-matter files, keeping every value's position.

PyYAML's safe loader gives us nodes with marks; we build plain Python data
from those nodes ourselves so that we can (a) remember where each value came
from, (b) refuse duplicate keys, which PyYAML silently resolves to the last
one, and (c) never raise anything but problems.

Scalars are resolved with the YAML 1.2 core rules, not PyYAML's 1.1 ones:
``no``/``on``/``off`` stay strings (a pseudonym ``NO`` must not become
``False``), ``1:20`` is not sixty-based arithmetic, and dates stay strings
so that pydantic, not the parser, says "is not a date".
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mentorkit.problems import Problem

FieldPath = tuple[str | int, ...]

#: Content files are small (a cohort of 30 mentees is about 3 KB); the limit
#: stops a pasted export or a hostile file from exhausting memory.
MAX_YAML_BYTES = 2_000_000
#: Bound on the nodes of one file, so a pathological nesting fails fast.
MAX_NODES = 200_000


class _CoreLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core scalar resolution and no aliases."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (*name) are not supported",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


_CoreLoader.yaml_implicit_resolvers = {}
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
    _CoreLoader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


_ALLOWED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}

_CSafeLoader = getattr(yaml, "CSafeLoader", None)  # None when PyYAML was built without libyaml
if _CSafeLoader is not None:

    class _FastLoader(_CSafeLoader):  # type: ignore[misc, valid-type]
        """libyaml's scanner, parser and composer (C), with the same YAML 1.2 resolvers.

        ``resolve`` is PyYAML's own, minus what we never use (path resolvers,
        wildcard resolvers): libyaml calls it once per value.
        """

        yaml_implicit_resolvers = _CoreLoader.yaml_implicit_resolvers

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is ScalarNode:
                if implicit[0]:
                    for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                        if regexp.match(value):
                            return tag  # type: ignore[no-any-return]
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
#: So does a flow collection with a '?' in it (``_needs_pure``).
_TAG = re.compile(r"!(?<![^\s\[\]{},]!)")
_COMPLEX_KEY = re.compile(r"\?(?<![^\s\[{,]\?)(?![^\s\]},])")
_EXOTIC = re.compile(
    r"[\[{,]\s*[:,]|,\s*[\]}]|:\s*[,\]}]"  # an empty value in a flow collection
    r"|[|>][-+0-9]*[^-+0-9\s]"  # a block scalar's header with something after it
)
_MARKERS = ("%", "---", "...")  # a directive, a document marker, at the start of a line


def _exotic(text: str) -> bool:
    # Literal searches first: a regex tried at every position costs more than the parse.
    return bool(
        ("!" in text and _TAG.search(text))
        or ("?" in text and _COMPLEX_KEY.search(text))
        or text.startswith(_MARKERS)
        or any("\n" + marker in text for marker in _MARKERS)
        or _EXOTIC.search(text)
    )


_FAST_MAX_INDICATORS = 5_000
#: Deeper than this, the fast path hands over to the pure-Python one, whose
#: RecursionError (reported as "too deep") depends on the stack it starts from.
_FAST_MAX_DEPTH = 50
#: Characters the fast path leaves to the pure-Python parser: the control
#: characters it refuses (with our message), and those the two parsers read
#: differently: tabs (libyaml takes them as spaces where PyYAML refuses them),
#: carriage returns, the Unicode line breaks U+0085/U+2028/U+2029 and a
#: byte-order mark inside the text. All rare in content files.
_PURE_ONLY = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_TAB_INDENT = re.compile(r"^( *)\t[^\n]*?\S", re.M)

#: A value's position and its key's, packed into one int per path: four
#: 32-bit fields (key line, key column, line, column), 0 meaning "none".
_FIELD = 32
_MASK = (1 << _FIELD) - 1


@dataclass
class Source:
    """One file as read: its data, and where each value came from.

    ``positions`` maps a field path to the (line, column) of its value;
    ``key_positions`` to the (line, column) of its key. Both are 1-based and
    already include the front-matter offset of Markdown files. Both are views
    of one packed table (``marks``): a national site holds millions of values,
    and two tuples per value were most of the loader's memory.
    """

    path: Path
    rel: str
    data: Any = None
    body: str = ""
    body_line: int = 1
    marks: dict[FieldPath, int] = field(default_factory=dict, repr=False)

    @property
    def positions(self) -> Mapping[FieldPath, tuple[int, int]]:
        return _Marks(self.marks, 0)

    @property
    def key_positions(self) -> Mapping[FieldPath, tuple[int, int]]:
        return _Marks(self.marks, 2 * _FIELD)

    def position(self, path: FieldPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """Best position for ``path``: the value itself, or its nearest ancestor."""
        marks = self.marks
        probe = tuple(path)
        while True:
            packed = marks.get(probe)
            if packed is not None:
                if key and packed >> (2 * _FIELD):
                    return (packed >> (3 * _FIELD)) & _MASK, (packed >> (2 * _FIELD)) & _MASK
                return (packed >> _FIELD) & _MASK, packed & _MASK
            if not probe:
                return (1, 1) if self.data is not None else (None, None)
            probe = probe[:-1]

    def problem(
        self,
        path: FieldPath,
        code: str,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        severity: str = "error",
    ) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(
            self.rel,
            line,
            column,
            dotted(path),
            code,
            message,
            hint,
            severity,  # type: ignore[arg-type]
        )

    def file_problem(self, code: str, message: str, hint: str = "", severity: str = "error") -> Problem:
        # About the whole file: reported at its first line so editors and CI can jump there.
        return Problem(self.rel, 1, None, "", code, message, hint, severity)  # type: ignore[arg-type]


class _Marks(Mapping[FieldPath, tuple[int, int]]):
    """Read-only (line, column) view of a packed table: values (shift 0) or keys (shift 64)."""

    __slots__ = ("_marks", "_shift")

    def __init__(self, marks: dict[FieldPath, int], shift: int) -> None:
        self._marks, self._shift = marks, shift

    def __getitem__(self, path: FieldPath) -> tuple[int, int]:
        packed = self._marks[path] >> self._shift
        if not packed:
            raise KeyError(path)  # a sequence item or the root: it has no key
        return (packed >> _FIELD) & _MASK, packed & _MASK

    def __iter__(self) -> Iterator[FieldPath]:
        return (path for path, packed in self._marks.items() if packed >> self._shift)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _pack(line: int, column: int) -> int:
    return line << _FIELD | column


def dotted(path: FieldPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def read_text(path: Path, rel: str, limit: int, *, keep_line_ends: bool = False) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file (a BOM is dropped, CRLF becomes LF) within ``limit`` bytes.

    ``keep_line_ends``: leave CR and CRLF as they are (a CSV reader needs them:
    a quoted cell keeps its own line breaks).
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(rel, 1, None, "", "unreadable-file", f"cannot read the file: {exc.strerror}")]
    if size > limit:
        return None, [
            Problem(
                rel,
                1,
                None,
                "",
                "file-too-large",
                f"the file is {size / 1_000_000:.1f} MB, over the {limit / 1_000_000:.1f} MB limit for this kind of file",
                "split it into smaller files or remove what does not belong in it",
            )
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                rel,
                line,
                column,
                "",
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not UTF-8 text",
                "save the file as UTF-8: in Excel, Save As > CSV UTF-8; in Notepad, Encoding > UTF-8",
            )
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [
            Problem(
                rel,
                line,
                None,
                "",
                "binary-file",
                "the file contains NUL bytes: it is not a text file",
                "save it as plain UTF-8 text",
            )
        ]
    if keep_line_ends:
        return text, []
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _tab_indent(text: str, rel: str, line_offset: int) -> Problem | None:
    # The first line whose indentation holds a tab and that is not blank.
    found = _TAB_INDENT.search(text)
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

    libyaml (C) parses when it can; the pure-Python parser takes over for
    whatever the fast path does not vouch for (any YAML error, an alias,
    control characters, deep nesting), so every message, and every position,
    comes out as the pure-Python parser gives it.
    """
    tab = _tab_indent(text, source.rel, line_offset)
    if tab:
        return [tab]
    if _fast_may_parse(text):
        problems = _parse_fast(text, source, line_offset)
        if problems is not None:
            return problems
        source.data = None
        source.marks.clear()
    return _parse_pure(text, source, line_offset)


def _fast_may_parse(text: str) -> bool:
    return (
        _CSafeLoader is not None
        and sum(map(text.count, _FAST_INDICATORS)) <= _FAST_MAX_INDICATORS
        and not _PURE_ONLY.search(text)
        and not _exotic(text)
    )


def _parse_fast(text: str, source: Source, line_offset: int) -> list[Problem] | None:
    """Parse with libyaml; None when the pure-Python parser must decide."""
    loader = _FastLoader(text)
    try:
        root = loader.get_single_node()
    except Exception:  # any mistake: the pure-Python parser words it, with its positions
        return None
    finally:
        loader.dispose()
    if root is None:
        return [source.file_problem("empty-file", "the file is empty", "fill in the fields, or delete the file")]
    if ("&" in text or "?" in text) and _needs_pure(root, text):
        return None
    builder = _Builder(loader, source, line_offset, max_depth=_FAST_MAX_DEPTH)
    try:
        source.data = builder.build(root, ())
    except _Abandon:
        return None
    return builder.problems


def _needs_pure(root: Node, text: str) -> bool:
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


def _parse_pure(text: str, source: Source, line_offset: int) -> list[Problem]:
    try:
        loader = _CoreLoader(text)
    except yaml.reader.ReaderError as exc:
        return [_control_character(exc, text, source.rel, line_offset)]
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        return [_control_character(exc, text, source.rel, line_offset)]
    except yaml.MarkedYAMLError as exc:
        return [_syntax_problem(exc, source.rel, line_offset)]
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


def _syntax_problem(exc: yaml.MarkedYAMLError, rel: str, line_offset: int) -> Problem:
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
            raise _TooManyNodes
        if self.max_depth is not None and len(path) > self.max_depth:
            raise _Abandon
        mark = node.start_mark
        line, column = mark.line + self.offset, mark.column + 1
        kind = node.__class__
        if kind is ScalarNode and node.style in ("|", ">"):
            # A block scalar's text starts on the line after its indicator.
            line, column = line + 1, column + 2
        self.marks[path] = key_mark << (2 * _FIELD) | line << _FIELD | column
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
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
            return int(node.value, 10)  # YAML 1.2: 0755 is seven hundred and fifty-five
        try:
            return self.construct(node, deep=True)
        except Exception:  # an explicit !!timestamp with a bad date, say
            return node.value

    def mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        marks = self.marks
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            key_mark = _pack(mark.line + self.offset, mark.column + 1)
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
                first_line = marks[child] >> (3 * _FIELD)
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


class _TooManyNodes(Exception):
    pass


class _Abandon(Exception):
    """The fast path hands the file to the pure-Python parser."""


def load_yaml_file(
    path: Path, rel: str, *, front_matter: bool = False, limit: int = MAX_YAML_BYTES
) -> tuple[Source, list[Problem]]:
    source = Source(path=path, rel=rel)
    text, problems = read_text(path, rel, limit)
    if text is None:
        return source, problems
    try:
        if front_matter:
            problems = parse_front_matter(text, source)
        else:
            problems = parse_yaml(text, source)
    except _TooManyNodes:
        source.data = None
        return source, [
            source.file_problem(
                "too-many-values", f"the file holds more than {MAX_NODES:,} values", "split it into smaller files"
            )
        ]
    except RecursionError:
        source.data = None
        return source, [source.file_problem("too-deep", "the file is nested too deeply", "flatten the structure")]
    return source, problems
