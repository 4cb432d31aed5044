"""Raw HTML and script links in Markdown written by staff.

Content is Markdown, not HTML: raw HTML in it is refused at validation
(with the line it is on) and, as a second line of defence, stripped when a
page is rendered. A real Markdown parser (markdown-it-py) finds the HTML and
the links, and a real sanitiser (nh3) decides what is left of them; no
regular expression guesses at either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import nh3
from markdown_it import MarkdownIt
from pydantic import BaseModel

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
# markdown-it drops javascript: links silently, but Python-Markdown (what the
# site generator uses) would render them, so let every link through to be judged.
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]  # replacing its filter is the point
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:", "#", "/", "./", "../")


@dataclass(frozen=True)
class MarkdownFinding:
    line: int  # 0-based line inside the text
    fragment: str
    message: str
    hint: str


def _bad_url(url: str) -> bool:
    url = url.strip()
    if ":" not in url.split("/")[0]:
        return False  # a relative link
    return not url.lower().startswith(_SAFE_SCHEMES)


def findings(text: str) -> list[MarkdownFinding]:
    """Raw HTML and unsafe links in ``text``, with their lines."""
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
    """``text`` with raw HTML reduced to its plain text and unsafe links neutralised."""
    for finding in findings(text):
        if finding.fragment.lower().lstrip().startswith("<"):
            replacement = nh3.clean(finding.fragment, tags=set())
            text = text.replace(finding.fragment, replacement)
        else:
            text = text.replace(f"]({finding.fragment}", "](#")
    return text


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
