"""Internal links and anchors of a built site, checked against its files.

Reads the HTML the generator wrote (no server, no browser): every ``href``
and ``src`` that stays inside the site must name a file that exists, and a
``#fragment`` on an HTML page must name an ``id`` on that page. Links to other
sites are not fetched (the test machine has no network), and a link to the
site's own published address (``site_url``) counts as internal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_BASE = "http://site.invalid/"
_ATTRIBUTES = {
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
}


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    reason: str

    def __str__(self) -> str:
        return f"/{self.page}: {self.href} ({self.reason})"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif (tag, name) in _ATTRIBUTES:
                self.links.append(value)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def _target(site: Path, url_path: str) -> Path | None:
    """The file a server would answer ``url_path`` with, or None."""
    rel = unquote(url_path).lstrip("/")
    candidate = site / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def check(site: Path, site_url: str | None = None) -> tuple[int, list[BrokenLink]]:
    """(number of internal links checked, the broken ones) for every HTML file under ``site``."""
    parsed: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    own = site_url.rstrip("/") + "/" if site_url else None
    # A site published under a path (owner.github.io/future-steps/) links there from 404.html.
    under = urlsplit(own).path if own else "/"
    checked, broken = 0, []
    sources = [(path.relative_to(site).as_posix(), page(path).links) for path in sorted(site.rglob("*.html"))]
    if (site / "sitemap.xml").is_file():
        sources.append(
            (
                "sitemap.xml",
                re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")),
            )
        )
    for rel, links in sources:
        for href in links:
            if own and href.startswith(own):
                href = "/" + href[len(own) :]
            url = urlsplit(urljoin(_BASE + rel, href))
            if f"{url.scheme}://{url.netloc}/" != _BASE:
                continue  # another site, mailto:, tel:, data:, javascript:
            checked += 1
            path = "/" + url.path[len(under) :] if under != "/" and url.path.startswith(under) else url.path
            target = _target(site, path)
            if target is None:
                broken.append(BrokenLink(rel, href, "no such file"))
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in page(target).ids:
                broken.append(
                    BrokenLink(rel, href, f"no id {unquote(url.fragment)!r} on {target.relative_to(site).as_posix()}")
                )
    return checked, broken
