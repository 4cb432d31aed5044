"""The last gate over the built HTML: no script that the theme did not write.

``check`` holds staff Markdown to an allow-list and the ``md`` filter escapes
what is left; this gate reads the pages the site generator wrote, whatever
made them (a site's own templates, overrides, a generator's extension), and
refuses:

- an event-handler attribute (``onload``, ``onerror``, ...);
- a ``javascript:``, ``vbscript:`` or ``data:`` URL in any attribute that
  holds one, or in a ``<meta http-equiv="refresh">``;
- an inline script;

unless the same attribute value (or script text) is written in the theme's own
files: Material's templates and mentorkit's packaged overrides. Those are the
program, not content.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from mentorkit.privacy.gate import Clean
from mentorkit.problems import Problem

URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "srcset", "ping"}
)
_SCRIPT_SCHEME = re.compile(r"(?:^|[\s,;=])(?:javascript|vbscript|data):", re.IGNORECASE)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_EXECUTABLE = {"", "text/javascript", "module", "application/javascript"}


@functools.lru_cache(maxsize=4)
def theme_text(folders: tuple[Path, ...]) -> str:
    """All the theme's template and script text, to look values up in."""
    parts = []
    for folder in folders:
        for parent, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if d != ".icons"]
            for name in names:
                if name.endswith((".html", ".j2", ".js")):
                    parts.append(Path(parent, name).read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


@functools.lru_cache(maxsize=4)
def theme_scripts(folders: tuple[Path, ...]) -> re.Pattern[str]:
    """Every inline script the theme's templates write, a template expression matching any text without quotes.

    ``__md_scope=new URL("{{ base_url }}",location)`` becomes a pattern in
    which the expression may be ``..`` or ``../..``, but cannot close the
    string it is in, nor the script.
    """
    patterns = []
    for body in re.findall(r"<script>(.*?)</script>", theme_text(folders), re.S):
        parts = re.split(r"\{\{.*?\}\}|\{%.*?%\}", body.strip(), flags=re.S)
        patterns.append("[^\"'<>`\\\\]*".join(re.escape(part) for part in parts))
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.S)


class _Page(HTMLParser):
    def __init__(self, theme: str, scripts: re.Pattern[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.theme = theme
        self.scripts = scripts
        self.found: list[tuple[int, int, str]] = []
        self._script: tuple[int, int] | None = None
        self._text: list[str] = []

    def _refuse(self, message: str) -> None:
        line, column = self.getpos()
        self.found.append((line, column + 1, message))

    def _from_theme(self, raw: str) -> bool:
        return bool(raw) and raw in self.theme

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw_attrs = self._raw_attributes()
        for name, value in attrs:
            value = value or ""
            raw = raw_attrs.get(name, value)
            if name.startswith("on") and not self._from_theme(raw):
                self._refuse(f'<{tag}> has the event handler {name}="{value[:40]}"')
            elif name in URL_ATTRIBUTES and _SCRIPT_SCHEME.search(_URL_NOISE.sub("", value).lower() + " "):
                if not self._from_theme(raw):
                    self._refuse(f'<{tag} {name}="{value[:40]}"> is a script or data URL')
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            content = _URL_NOISE.sub("", dict(attrs).get("content") or "").lower()
            if re.search(r"url=['\"]?(javascript|vbscript|data):", content):
                self._refuse("a <meta> refresh goes to a script or data URL")
        if tag == "script" and not dict(attrs).get("src"):
            kind = (dict(attrs).get("type") or "").lower()
            if kind in _EXECUTABLE:
                self._script, self._text = self.getpos(), []

    def _raw_attributes(self) -> dict[str, str]:
        # The value as written in the page, entities and all, is what a template wrote.
        text = self.get_starttag_text() or ""
        return {m.group(1).lower(): m.group(3) for m in re.finditer(r"([^\s=/>]+)\s*=\s*(['\"])(.*?)\2", text)}

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            text = "".join(self._text).strip()
            if text and not self.scripts.fullmatch(text):
                line, column = self._script
                self.found.append((line, column + 1, "an inline <script> that the theme did not write"))
            self._script = None


def scan_pages(site_dir: Path, theme: Iterable[Path], clean: Clean | None = None) -> list[Problem]:
    """Script in any page of ``site_dir`` that ``theme``'s files do not hold (``clean``: pages passed before)."""
    text, scripts = theme_text(tuple(theme)), theme_scripts(tuple(theme))
    identity = hashlib.blake2b((text + "\0" + scripts.pattern).encode("utf-8", "surrogatepass")).hexdigest()
    problems = []
    for path in sorted(site_dir.rglob("*.htm*")):
        rel, html = path.relative_to(site_dir).as_posix(), path.read_text(encoding="utf-8", errors="replace")
        key = clean.known(identity, rel, html) if clean is not None else None
        if clean is not None and key is None:
            continue
        page = _Page(text, scripts)
        page.feed(html)
        page.close()
        if clean is not None and key is not None and not page.found:
            clean.now.add(key)
        for line, column, message in page.found:
            problems.append(
                Problem(
                    rel,
                    line,
                    column,
                    "",
                    "script-in-page",
                    f"the built page would run script: {message}",
                    "nothing was published; remove it from the Markdown, template or override that made it "
                    "(event handlers and script URLs are refused wherever they come from)",
                )
            )
    return problems
