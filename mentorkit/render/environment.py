"""Render the page plan into Markdown files for the site generator.

One deliberate Jinja environment: ``StrictUndefined`` (a missing variable is
a bug, not an empty string), HTML autoescaping of every value (a name with
``<script>`` in it prints as text) — Markdown fields are let through only via
the ``md`` filter, which strips raw HTML — and ``trim_blocks`` so templates
read like the Markdown they produce.

A site overrides a template by putting a file of the same name in
``content/templates/``; ``{% extends "default:pages/home.md.j2" %}`` reaches
the packaged one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
)

from mentorkit.problems import MentorkitError, Problem
from mentorkit.render.filters import FILTERS


@dataclass(frozen=True)
class PlannedPage:
    """One page of the public site, before rendering.

    ``path`` is relative to the docs folder (``sessions/01-inspire.md``);
    ``section`` places it in the navigation (``()`` is the top level).
    """

    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    section: tuple[str, ...] = ()
    order: int = 100
    description: str = ""
    #: The one content file the page is made from (root-relative), for "Edit this page"; "" for generated pages.
    source: str = ""


def environment(site_templates: Path | None = None) -> Environment:
    package = PackageLoader("mentorkit", "templates")
    loaders: list[Any] = []
    if site_templates is not None and site_templates.is_dir():
        loaders.append(FileSystemLoader(str(site_templates)))
    # "default:pages/home.md.j2" is the packaged template (PrefixLoader splits on "/" unless told).
    loaders += [PrefixLoader({"default": package}, delimiter=":"), package]
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def render_pages(pages: list[PlannedPage], env: Environment, common: dict[str, Any]) -> dict[str, str]:
    """Render every page; returns ``{docs-relative path: Markdown}``."""
    out: dict[str, str] = {}
    for page in pages:
        try:
            template = env.get_template(page.template)
            text = template.render({**common, **page.context, "page": page})
        except TemplateError as exc:
            raise template_failed(exc, page.template, page.path) from None
        out[page.path] = _front_matter(page) + text.rstrip() + "\n"
    return out


def template_failed(exc: TemplateError, template: str, output: str) -> MentorkitError:
    """The error for a template that failed while rendering ``output`` (a page or a printed document)."""
    where = getattr(exc, "filename", None) or template
    problem = Problem(
        str(where),
        getattr(exc, "lineno", None),
        None,
        "",
        "template-error",
        str(exc),
        "fix the template (a missing variable is an error, not blank text)",
    )
    return MentorkitError(f"template {where} failed while rendering {output}", [problem])


def _front_matter(page: PlannedPage) -> str:
    # Front matter MkDocs and Zensical both read: the title for the <title>
    # element and the description for link previews.
    import json

    lines = ["---", f"title: {json.dumps(page.title)}"]
    if page.description:
        lines.append(f"description: {json.dumps(page.description)}")
    if page.source:
        lines.append(f"edit_source: {json.dumps(page.source)}")
    lines.append("---\n\n")
    return "\n".join(lines)


def nav(pages: list[PlannedPage]) -> list[Any]:
    """The MkDocs ``nav`` for the plan: sections in first-seen order, pages by order."""
    top: list[Any] = []
    sections: dict[str, list[Any]] = {}
    for page in sorted(pages, key=lambda p: (p.order, p.path)):
        if not page.section:
            top.append({page.title: page.path})
            continue
        name = page.section[0]
        if name not in sections:
            sections[name] = []
            top.append({name: sections[name]})
        sections[name].append(page.path if page.path.endswith("index.md") else {page.title: page.path})
    return top
