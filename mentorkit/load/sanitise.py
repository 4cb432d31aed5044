"""Raw HTML, script links and script attributes in Markdown written by staff.

Content is Markdown, not HTML: raw HTML in it is refused at validation
(with the line it is on) and, as a second line of defence, stripped when a
page is rendered. Two parsers read it. markdown-it-py finds raw HTML and links
with their lines; then Python-Markdown, with the extensions the site generator
uses (``EXTENSIONS``, as in mkdocs.yml), renders it, and the HTML that comes
out is held to an allow-list (``html_policy``): that is what catches
``{ onerror=... }`` from attr_list, ``<svg/onload=...>`` (raw HTML to
Python-Markdown, text to CommonMark) and HTML in an admonition's title.

Every text field is read this way, not only those marked as Markdown: a
template may put any of them into a page. Texts that Python-Markdown would
take quadratic time or deep recursion over are refused first (``_too_complex``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import markdown
import nh3
from markdown_it import MarkdownIt
from pydantic import BaseModel

from mentorkit.load.html_policy import unsafe_url, violations

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
# markdown-it drops javascript: links silently, but Python-Markdown (what the
# site generator uses) would render them, so let every link through to be judged.
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]  # replacing its filter is the point
#: The site generator's Markdown extensions (mkdocs.yml's markdown_extensions; a test keeps them equal).
EXTENSIONS = (
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "def_list",
    "footnotes",
    "toc",
    "pymdownx.tasklist",
)
#: Python-Markdown's time grows with the square of unmatched "[" (40,000 took
#: 281 s; 1,000 take 0.2 s), and its recursion with nesting (800 levels crash it).
MAX_BRACKETS = 1_000
MAX_INDENT = 64  # columns of leading white space: 16 levels of list or code
MAX_QUOTE_DEPTH = 16
# Characters without which Python-Markdown makes no tag or attribute of its own accord.
_MARKUP_SIGNS = ("<", "{", "](", "]:", "&", "!!!", "???")


@dataclass(frozen=True)
class MarkdownFinding:
    line: int  # 0-based line inside the text
    fragment: str
    message: str
    hint: str
    code: str = "raw-html"


def _bad_url(url: str) -> bool:
    return unsafe_url(url)


def findings(text: str) -> list[MarkdownFinding]:
    """Raw HTML, unsafe links and attributes in ``text``, with their lines."""
    complex_ = _too_complex(text)
    if complex_:
        return complex_
    if not any(sign in text for sign in _MARKUP_SIGNS):
        return []
    # CommonMark's findings have exact lines; the rendering finds what it cannot see.
    return _commonmark_findings(text) or _rendered_findings(text)


def _too_complex(text: str) -> list[MarkdownFinding]:
    if text.count("[") > MAX_BRACKETS:
        return [
            MarkdownFinding(
                _line_of(text, "[" * 2) if "[[" in text else 0,
                "[",
                f"the text has {text.count('['):,} '[' (more than {MAX_BRACKETS:,}): it would take minutes to render",
                "split it into shorter pages, or remove the brackets that open no link",
                "markdown-too-complex",
            )
        ]
    if "\n" not in text:
        return []
    for number, line in enumerate(text.splitlines()):
        stripped = line.lstrip(" \t>")
        indent = len(line[: len(line) - len(stripped)].expandtabs(4))
        if indent > MAX_INDENT or line[:indent].count(">") > MAX_QUOTE_DEPTH:
            return [
                MarkdownFinding(
                    number,
                    line[:20],
                    f"the text is nested {indent} columns deep (more than {MAX_INDENT}): a list or quote inside "
                    "too many others cannot be rendered",
                    "flatten the list: a few levels read best",
                    "markdown-too-complex",
                )
            ]
    return []


def _line_of(text: str, *needles: str) -> int:
    """The 0-based line of the first of ``needles`` found in ``text`` (0 when none is)."""
    for needle in needles:
        index = text.find(needle) if needle else -1
        if index >= 0:
            return text.count("\n", 0, index)
    return 0


@functools.cache
def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS))


def render(text: str) -> str:
    """``text`` as the site generator renders it (the same parser and extensions)."""
    renderer = _renderer()
    renderer.reset()
    return renderer.convert(text)


def _rendered_findings(text: str) -> list[MarkdownFinding]:
    out = []
    for found in violations(render(text)):
        value = found.value.lower()
        needles = (value, value.partition(":")[2], found.attribute or "", found.tag)
        out.append(
            MarkdownFinding(
                _line_of(text.lower(), *needles),
                found.value if found.attribute else f"<{found.tag}",
                found.message,
                "remove it: Markdown gives headings, emphasis, lists, tables and web links, "
                "and attributes only class, id, title, alt and target",
            )
        )
    return out


def _commonmark_findings(text: str) -> list[MarkdownFinding]:
    out: list[MarkdownFinding] = []
    for token in _PARSER.parse(text):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            out.append(
                MarkdownFinding(
                    line,
                    token.content.strip(),
                    "raw HTML is not allowed in Markdown",
                    "write it in Markdown instead, e.g. **bold** or [a link](https://...), or delete it",
                )
            )
        for child in token.children or []:
            if child.type == "html_inline":
                out.append(
                    MarkdownFinding(
                        line,
                        child.content,
                        f"raw HTML {child.content!r} is not allowed in Markdown",
                        "write it in Markdown instead, or delete it",
                    )
                )
            elif child.type in ("link_open", "image") and _bad_url(
                str(child.attrs.get("href") or child.attrs.get("src") or "")
            ):
                url = str(child.attrs.get("href") or child.attrs.get("src"))
                out.append(
                    MarkdownFinding(
                        line,
                        url,
                        f"the link {url!r} is not a web or email address",
                        "links must start with https://, mailto: or be relative",
                    )
                )
    return out


def clean_markdown(text: str) -> str:
    """``text`` with raw HTML reduced to its plain text and unsafe links neutralised.

    Whatever the site generator would still turn into a disallowed tag or
    attribute afterwards (attr_list's braces, HTML it alone reads) is escaped,
    so it shows as the characters written.
    """
    if not any(sign in text for sign in _MARKUP_SIGNS):
        return text
    for finding in _commonmark_findings(text):
        if finding.fragment.lower().lstrip().startswith("<"):
            replacement = nh3.clean(finding.fragment, tags=set())
            text = text.replace(finding.fragment, replacement)
        else:
            text = text.replace(f"]({finding.fragment}", "](#")
    remaining = findings(text)
    if remaining:
        for finding in remaining:
            if finding.fragment and not finding.fragment.startswith(("<", "[")):
                text = text.replace(finding.fragment, "#")
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace("{", "&#123;")
    return text


def text_fields(model: BaseModel, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every text of a model instance, in lists and nested models too, with its path.

    Any of them may reach a page through a template, so all are read as Markdown.
    """
    for name in type(model).model_fields:
        yield from _texts_in(getattr(model, name), path + (name,))


def _texts_in(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from text_fields(value, path)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts_in(item, path + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(item, path + (key,))


def markdown_fields(model: BaseModel, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every Markdown field of a model instance (marked ``contentMediaType``), with its path."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("contentMediaType") == "text/markdown" and isinstance(value, str):
            yield path + (name,), value
        elif isinstance(value, BaseModel):
            yield from markdown_fields(value, path + (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from markdown_fields(item, path + (name, index))
