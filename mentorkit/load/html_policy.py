"""What HTML Markdown written by staff may turn into: an allow-list, not a deny-list.

The site generator renders Markdown with Python-Markdown and the extensions in
mkdocs.yml. ``attr_list`` lets a writer add any attribute
(``{ onerror=... }``, ``{: href="javascript:..." }``) and Python-Markdown
passes raw HTML through (``<svg/onload=...>``), so checking the Markdown's
syntax is not enough: ``sanitise`` renders it with the same parser and
extensions and holds the HTML that comes out to this policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

#: Elements Markdown and the site's extensions produce (admonition, attr_list,
#: def_list, footnotes, tables, toc, tasklist). Anything else is raw HTML.
TAGS = frozenset(
    "a abbr blockquote br code dd del details div dl dt em h1 h2 h3 h4 h5 h6 hr img input li ol p pre "
    "span strong sub summary sup table tbody td tfoot th thead tr ul".split()
)
#: Attributes a writer may set with attr_list, or the extensions set themselves.
ATTRIBUTES = frozenset(
    "alt checked class colspan disabled height href id lang rel rowspan scope src start style target title "
    "type width".split()
)
URL_ATTRIBUTES = frozenset({"href", "src"})
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_VALUES = {
    # Python-Markdown's tables align columns this way; other CSS could cover the page.
    "style": re.compile(r"text-align:\s*(left|right|center);?"),
    "target": re.compile(r"_blank|_self"),
    "type": re.compile(r"checkbox"),
    "rel": re.compile(r"[a-z ]+"),
}
# Browsers drop these inside a URL before reading its scheme: "java\tscript:".
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def unsafe_url(url: str) -> bool:
    """True for a URL with a scheme other than the web, email and telephone ones."""
    url = _URL_NOISE.sub("", url).lower()
    head = re.split(r"[/?#]", url, maxsplit=1)[0]
    if ":" not in head:
        return False  # relative, or a fragment
    return not url.startswith(SAFE_SCHEMES)


@dataclass(frozen=True)
class Violation:
    tag: str
    attribute: str | None  # None: the element itself is not allowed
    value: str
    message: str


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Violation] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.found.append(Violation(tag, None, "", f"raw HTML <{tag}> is not allowed in Markdown"))
            return
        for name, value in attrs:
            self.found += _attribute(tag, name, value or "")

    handle_startendtag = handle_starttag


def _attribute(tag: str, name: str, value: str) -> list[Violation]:
    if name not in ATTRIBUTES:
        what = "an event handler" if name.startswith("on") else "not allowed"
        return [Violation(tag, name, value, f'the attribute "{name}" on <{tag}> is {what}')]
    if name in URL_ATTRIBUTES and unsafe_url(value):
        return [Violation(tag, name, value, f"the link {value!r} is not a web or email address")]
    pattern = _VALUES.get(name)
    if pattern and not pattern.fullmatch(value.strip()):
        return [Violation(tag, name, value, f'the value "{value}" of "{name}" is not allowed')]
    return []


def violations(html: str) -> list[Violation]:
    """Every element and attribute in ``html`` outside the policy."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.found
