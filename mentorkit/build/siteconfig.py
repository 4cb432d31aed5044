"""Layered site configuration: mentorkit's defaults under the site's own ``mkdocs.yml``.

A site's ``mkdocs.yml`` only says what differs (its name, its repository, a
palette). Everything it leaves out comes from mentorkit's own ``mkdocs.yml``:
the Markdown extensions the pages are written for, the stylesheets, theme
features, local fonts and search. The site's keys win; the lists that only
make sense together (extensions, stylesheets, scripts, theme features) are
merged, so adding one extension never switches the others off.

Two settings would break what mentorkit promises every site, and are
overruled with a warning at their line: web fonts (``theme.font`` other than
``false`` asks a font host for every page view) and plugins other than search
(the other generators cannot run MkDocs plugins, and a plugin may fetch from
the network at build time).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mentorkit.problems import MentorkitError, Problem

#: Lists merged item by item: the defaults first, then what the site adds.
MERGED_LISTS = ("extra_css", "extra_javascript")
#: Plugins every generator mentorkit supports runs itself.
PORTABLE_PLUGINS = ("search",)


def read(path: Path, rel: str) -> tuple[dict[str, Any], yaml.Node | None]:
    """A plain YAML mapping and its node tree (for line numbers)."""
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise MentorkitError(
            f"{rel} is not plain YAML",
            [
                Problem(
                    rel,
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                    "",
                    "mkdocs-config",
                    f"cannot read it: {getattr(exc, 'problem', exc)}",
                    "keep mkdocs.yml plain: no !!python tags, so any generator can read it",
                )
            ],
        ) from None
    if not isinstance(data, dict):
        raise MentorkitError(
            f"{rel} must be a mapping of settings",
            [Problem(rel, 1, 1, "", "mkdocs-config", "is not a mapping of settings", "write it as key: value lines")],
        )
    return data, node


def layer(defaults: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """The site's settings over mentorkit's (neither is changed)."""
    merged = dict(defaults)
    for key, value in own.items():
        if key == "markdown_extensions" and isinstance(value, dict):
            value = _as_list(value)  # MkDocs also takes them as a mapping of name to options
        if key == "markdown_extensions" and isinstance(value, list):
            merged[key] = _extensions(defaults.get(key) or [], value)
        elif key in MERGED_LISTS and isinstance(value, list):
            merged[key] = _union(defaults.get(key) or [], value)
        elif key == "theme" and isinstance(value, dict):
            merged[key] = _theme(defaults.get(key) or {}, value)
        else:
            merged[key] = value
    return merged


def _as_list(mapping: dict[str, Any]) -> list[Any]:
    return [{name: options} if options else name for name, options in mapping.items()]


def _union(first: list[Any], then: list[Any]) -> list[Any]:
    return first + [item for item in then if item not in first]


def _theme(defaults: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    theme = {**defaults, **own}
    if isinstance(own.get("features"), list):
        theme["features"] = _union(defaults.get("features") or [], own["features"])
    return theme


def _extension_name(item: Any) -> str:
    return next(iter(item)) if isinstance(item, dict) else str(item)


def _extensions(defaults: list[Any], own: list[Any]) -> list[Any]:
    """Both lists by extension name; the site's options for an extension win, key by key."""
    options: dict[str, dict[str, Any]] = {}
    for item in [*defaults, *own]:
        name = _extension_name(item)
        given = item[name] if isinstance(item, dict) else None
        options[name] = {**options.get(name, {}), **(given or {})}
    return [{name: opts} if opts else name for name, opts in options.items()]


def guarantees(rel: str, own: dict[str, Any], node: yaml.Node | None, merged: dict[str, Any]) -> list[Problem]:
    """Overrule the settings that would break mentorkit's promises; one warning each, at its line."""
    problems: list[Problem] = []
    theme = merged.get("theme")
    own_theme: dict[str, Any] = own["theme"] if isinstance(own.get("theme"), dict) else {}
    if isinstance(theme, dict) and "font" in own_theme and own_theme["font"] is not False:
        theme["font"] = False
        line, column = position(node, ("theme", "font"))
        problems.append(
            Problem(
                rel,
                line,
                column,
                "theme.font",
                "web-fonts",
                f"theme.font asks a font host ({_font_name(own_theme['font'])}) for every page a visitor opens; "
                "mentorkit keeps fonts local, so this setting is ignored",
                "remove theme.font (or write font: false); to change the typeface, set it in a stylesheet "
                "with a font file in content/assets/",
                severity="warning",
            )
        )
    if "plugins" in own:
        kept, dropped = _plugins(own["plugins"])
        merged["plugins"] = kept
        for index, name in dropped:
            line, column = position(node, ("plugins", index))
            problems.append(
                Problem(
                    rel,
                    line,
                    column,
                    "plugins",
                    "unportable-plugin",
                    f'the plugin "{name}" only runs in MkDocs (not ProperDocs or Zensical) and may fetch from the '
                    "network while building; it is ignored",
                    "remove it: mentorkit writes finished Markdown, so pages need no plugin; only search is kept",
                    severity="warning",
                )
            )
    return problems


def _font_name(font: Any) -> str:
    if isinstance(font, dict) and font.get("text"):
        return f"Google Fonts, {font['text']}"
    return "Google Fonts"


def _plugins(value: Any) -> tuple[list[Any], list[tuple[int, str]]]:
    items = value if isinstance(value, list) else _as_list(value) if isinstance(value, dict) else []
    kept: list[Any] = []
    dropped: list[tuple[int, str]] = []
    for index, item in enumerate(items):
        name = _extension_name(item)
        if name in PORTABLE_PLUGINS:
            kept.append(item)
        else:
            dropped.append((index, name))
    if not any(_extension_name(item) == "search" for item in kept):
        kept.insert(0, "search")  # the site's search box needs its index
    return kept, dropped


def position(node: yaml.Node | None, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the value at ``path``, or of the nearest parent found."""
    found: tuple[int | None, int | None] = (None, None)
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
            key = next((k for k, v in node.value if getattr(k, "value", None) == step), None)
            if key is not None:
                found = (key.start_mark.line + 1, key.start_mark.column + 1)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            child = node.value[step]
            found = (child.start_mark.line + 1, child.start_mark.column + 1)
        if child is None:
            break
        node = child
    return found
