"""The form editor at ``/admin/``: Decap CMS, configured from the content models.

Staff who do not write YAML edit through Decap's forms; every save becomes a
pull request (the editorial workflow) that CI checks like any other change.
The form configuration is generated here from the same pydantic models the
validator uses, so the forms cannot drift from the schemas: a field added to
a model appears in its form with no other change.

How a model field becomes a form widget (``_field``):

==================================  =============================================
model                               widget
==================================  =============================================
``Literal[...]``                    select with those options
``bool`` / ``int`` / ``float``      boolean / number (``value_type`` kept)
``date``                            datetime, date only, stored as YYYY-MM-DD
``ClockTime``                       datetime, time only, stored as HH:MM
``contentMediaType: text/markdown`` markdown (raw first: rich text rewrites
                                    admonitions and attribute lists)
``x-ref: <kind>``                   relation to that kind's collection
a nested model                      object with its fields
``list[model]``                     list with fields; ``list[str]`` a list of one field
a pattern                           ``pattern`` with the validator's own hint
==================================  =============================================

Decap drops keys it has no widget for and YAML comments when it saves, so
every field is declared (an optional ``id`` that must equal the file name is
``hidden``: kept, never typed). Dates carry a storage format, so
``2025-03-04`` is saved as ``2025-03-04``, not as a timestamp.

The Decap program itself (``decap-cms.js`` and its lazy-loaded chunks) comes
from ``node_modules/decap-cms/dist`` after ``npm ci`` and is published with
the site: nothing is loaded from a CDN. Without it the build still publishes
the configuration and a page that says how to add the editor, and warns.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from mentorkit.build.generators import load_base_config
from mentorkit.build.paths import CHECKOUT
from mentorkit.model.base import PATTERN_HINTS, TIME_PATTERN
from mentorkit.model.kinds import KINDS, Kind
from mentorkit.problems import Problem

#: The files of Decap's npm package the admin page needs; source maps stay out.
BUNDLE_FILES = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")
ADMIN = "admin"
DATE_FORMAT = "YYYY-MM-DD"

#: How a new entry's file name is made. It must be the name ``kinds.py``
#: expects, or the build reports a mismatch. Decap's templates cannot pad a
#: number, so ``0{{number}}`` gives 01..09, then 010, 011: both are accepted
#: (two or three digits) and keep the number.
FILE_NAMES: dict[str, dict[str, str]] = {
    "cohort": {
        "identifier_field": "school",
        "slug": "{{fields.school}}",
        # Decap turns dots in `path` into hyphens, so no `fields.` prefix here.
        "path": "{{academic_year}}/{{slug}}",
        "summary": "{{fields.academic_year}}: {{fields.school}}",
    },
    "session": {"slug": "0{{fields.number}}-{{slug}}", "summary": "{{fields.number}}. {{fields.title}}"},
    "guide": {"slug": "0{{fields.order}}-{{slug}}", "summary": "{{fields.order}}. {{fields.title}}"},
    "testimonial": {"slug": "{{fields.source}}-{{fields.role}}", "summary": "{{fields.role}}: {{fields.quote}}"},
    "report": {"slug": "{{fields.academic_year}}"},
}

#: What a relation stores: the referenced file's name (its id), or a field of it.
REF_VALUES = {"session": "number"}
#: References to ids inside programme.yaml: the list they are in (each item has ``id`` and ``text``).
PROGRAMME_REFS = {"aim": "aims", "outcome": "outcomes.short_term"}

#: Free-text fields long enough for a text area rather than one line.
LONG_TEXT = {"quote", "summary", "intro", "note", "text", "description", "rationale", "address"}
#: Words the form labels spell as initialisms.
INITIALISMS = {"id": "ID", "dbs": "DBS", "urn": "URN", "url": "URL", "dsl": "DSL"}


def is_single_file(kind: Kind) -> bool:
    return not any(ch in kind.pattern for ch in "*?[")


def pattern_hint(pattern: str) -> str:
    """The advice the validator prints for a value that misses ``pattern``."""
    return PATTERN_HINTS.get(pattern, f"it must match {pattern}")


# --- the configuration ------------------------------------------------------------------


def config(root: Path, site_url: str | None = None, kinds: Iterable[Kind] = KINDS) -> dict[str, Any]:
    """Decap's ``config.yml`` for the site at ``root``, as data."""
    kinds = tuple(kinds)
    prefix = repo_prefix(root)
    names = {kind.name: kind for kind in kinds}
    public = urlsplit(site_url).path.rstrip("/") if site_url else ""
    data: dict[str, Any] = {
        "backend": backend(root),
        "publish_mode": "editorial_workflow",
        # A staff member's own machine: `npx decap-server` in the repository
        # makes the forms write files there instead of opening pull requests.
        "local_backend": True,
        "media_folder": f"{prefix}content/assets/uploads",
        "public_folder": f"{public}/assets/uploads",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "editor": {"preview": False},
    }
    if site_url:
        data["site_url"] = site_url
        data["display_url"] = site_url
    data["collections"] = [collection(kind, prefix, names) for kind in kinds]
    return data


HEADER = """\
# Decap CMS configuration for the form editor at /admin/.
# Generated by mentorkit from its content models (mentorkit/cms.py): do not edit,
# it is rewritten by every build. Change a model and the forms follow.
"""


def config_text(root: Path, site_url: str | None = None, kinds: Iterable[Kind] = KINDS) -> str:
    body = yaml.safe_dump(config(root, site_url, kinds), sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body


def repo_prefix(root: Path) -> str:
    """Where the site sits inside its git repository (Decap's paths are from the top)."""
    root = root.resolve()
    for parent in (root, *root.parents):
        if (parent / ".git").exists():
            rel = root.relative_to(parent).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def backend(root: Path) -> dict[str, Any]:
    """Decap's git backend, from ``repo_url`` in the site's mkdocs.yml."""
    url = str(load_base_config(root).get("repo_url") or "")
    parts = urlsplit(url)
    repo = parts.path.strip("/").removesuffix(".git")
    host = parts.netloc.lower()
    if host.endswith("gitlab.com") and repo:
        return {"name": "gitlab", "repo": repo, "branch": "main"}
    if host == "github.com" and repo.count("/") == 1:
        return {"name": "github", "repo": repo, "branch": "main"}
    # No repository named: the forms still work with `npx decap-server`;
    # publishing through pull requests needs repo_url in mkdocs.yml.
    return {"name": "github", "repo": "OWNER/REPOSITORY", "branch": "main"}


def collection(kind: Kind, prefix: str, kinds: dict[str, Kind]) -> dict[str, Any]:
    schema = kind.model.model_json_schema()
    fields = _fields(schema, schema.get("$defs", {}), kinds, present=True, defaults=True, root=True)
    if is_single_file(kind):
        return {
            "name": kind.name,
            "label": kind.label,
            "files": [
                {
                    "name": kind.name,
                    "label": kind.label,
                    "file": f"{prefix}{kind.folder}/{kind.pattern}",
                    "fields": fields,
                }
            ],
        }
    names = FILE_NAMES.get(kind.name, {})
    out: dict[str, Any] = {
        "name": kind.name,
        "label": kind.label,
        "label_singular": _singular(kind),
        "description": f"The files in {kind.folder}/.",
        "folder": f"{prefix}{kind.folder}",
        "create": True,
        "format": "yaml-frontmatter" if kind.front_matter else "yaml",
        "extension": kind.suffix.lstrip("."),
        "identifier_field": names.get("identifier_field") or identifier_field(schema),
        "slug": names.get("slug", "{{slug}}"),
    }
    for key in ("path", "summary"):
        if key in names:
            out[key] = names[key]
    out["fields"] = fields
    return out


def identifier_field(schema: dict[str, Any]) -> str:
    """The field a new entry's file name is made from: its title or name."""
    props = schema["properties"]
    for name in ("title", "name"):
        if name in props:
            return name
    return next(name for name in schema.get("required", []) if _resolve(props[name], {})[0].get("type") == "string")


def _singular(kind: Kind) -> str:
    label = kind.label.split(" ")
    label[-1] = label[-1].removesuffix("s")
    return " ".join(label)


# --- fields -----------------------------------------------------------------------------


def _fields(
    schema: dict[str, Any],
    defs: dict[str, Any],
    kinds: dict[str, Kind],
    *,
    present: bool,
    defaults: bool,
    root: bool = False,
) -> list[dict[str, Any]]:
    """The fields of an object. ``present``: the object is always there (not an
    optional one that may be left out), so its required fields are required.
    ``defaults``: fill in the model's defaults. Not inside an optional object,
    where they would make Decap write a half-filled object nobody opened, and
    not in list items, where Decap would write them before the typed values."""
    needed = set(schema.get("required", []))
    return [
        _field(name, prop, defs, kinds, required=present and name in needed, defaults=defaults and present, root=root)
        for name, prop in schema.get("properties", {}).items()
    ]


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The schema of one value, and whether it may be null (``X | None``)."""
    nullable = False
    schema = prop
    if "anyOf" in prop:
        options = [o for o in prop["anyOf"] if o.get("type") != "null"]
        nullable = len(options) < len(prop["anyOf"])
        if len(options) != 1:
            raise ValueError(f"no form widget for a choice of types: {prop['anyOf']}")
        schema = options[0]
    if "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    return schema, nullable


def label(name: str) -> str:
    words = [INITIALISMS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _field(
    name: str,
    prop: dict[str, Any],
    defs: dict[str, Any],
    kinds: dict[str, Kind],
    *,
    required: bool,
    defaults: bool,
    root: bool = False,
) -> dict[str, Any]:
    schema, nullable = _resolve(prop, defs)
    out: dict[str, Any] = {"label": "Text" if prop.get("x-body") else label(name), "name": name}
    if root and name == "id" and not required:
        # "When given it must equal the file name": the file name already says
        # it, so the form keeps an existing value and never asks for one.
        out.update(widget="hidden", required=False)
        return out
    # A value that is required, or has a default (not None), is always there.
    always = required or (defaults and not nullable)
    out.update(_widget(name, prop, schema, defs, kinds, required=required, always=always, defaults=defaults))
    default = prop.get("default")
    if schema.get("type") == "boolean":
        # Off is a value (false), but Decap counts it as missing in a required
        # field: a switch is never required, and starts as the model's default.
        required, default = False, False if default is None else default
    if not required:
        out["required"] = False
    if prop.get("description"):
        out["hint"] = prop["description"]
    if defaults and default not in (None, "") and schema.get("type") not in ("array", "object"):
        out["default"] = default
    return out


def _widget(
    name: str,
    prop: dict[str, Any],
    schema: dict[str, Any],
    defs: dict[str, Any],
    kinds: dict[str, Kind],
    *,
    required: bool,
    always: bool,
    defaults: bool,
) -> dict[str, Any]:
    ref = prop.get("x-ref") or schema.get("x-ref")
    if ref:
        relation = _relation(ref, kinds, multiple=schema.get("type") == "array")
        if relation:
            return relation
    if prop.get("contentMediaType") == "text/markdown" or schema.get("contentMediaType") == "text/markdown":
        return {"widget": "markdown", "modes": ["raw", "rich_text"]}
    return _plain(name, schema, defs, kinds, required=required, always=always, defaults=defaults)


def _plain(
    name: str,
    schema: dict[str, Any],
    defs: dict[str, Any],
    kinds: dict[str, Kind],
    *,
    required: bool,
    always: bool,
    defaults: bool,
) -> dict[str, Any]:
    kind = schema.get("type")
    if "enum" in schema or "const" in schema:
        return {"widget": "select", "options": list(schema.get("enum") or [schema["const"]])}
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind in ("integer", "number"):
        out: dict[str, Any] = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        if kind == "integer":
            out["step"] = 1
        for bound, key in (("minimum", "min"), ("maximum", "max")):
            if bound in schema:
                out[key] = schema[bound]
        return out
    if kind == "object" and "properties" in schema:
        # Decap checks the required fields of an empty optional object too, so
        # inside one nothing is required here: `build.py check` says what is missing.
        return {
            "widget": "object",
            "collapsed": not always,
            "fields": _fields(schema, defs, kinds, present=always, defaults=defaults),
        }
    if kind == "array":
        return _list(name, schema, defs, kinds, required=required, defaults=defaults)
    if kind == "string":
        pattern = schema.get("pattern")
        if schema.get("format") == "date":
            return {"widget": "datetime", "date_format": DATE_FORMAT, "time_format": False}
        if pattern == TIME_PATTERN:
            return {
                "widget": "datetime",
                "date_format": False,
                "time_format": "HH:mm",
                "pattern": [pattern, pattern_hint(pattern)],
            }
        out = {"widget": "text" if name in LONG_TEXT else "string"}
        if pattern:
            out["pattern"] = [pattern, pattern_hint(pattern)]
        return out
    raise ValueError(f"no form widget for field {name!r} of type {kind!r}: teach mentorkit/cms.py this type")


def _list(
    name: str, schema: dict[str, Any], defs: dict[str, Any], kinds: dict[str, Kind], *, required: bool, defaults: bool
) -> dict[str, Any]:
    items, _ = _resolve(schema.get("items", {}), defs)
    out: dict[str, Any] = {"widget": "list"}
    if items.get("type") == "object":
        fields = _fields(items, defs, kinds, present=True, defaults=False)
        out["fields"] = fields
        first = next((f["name"] for f in fields if f["name"] in ("id", "title", "activity", "text", "name")), None)
        if first:
            out["summary"] = "{{fields.%s}}" % first
    else:
        single = _plain(name, items, defs, kinds, required=True, always=True, defaults=False)
        out["field"] = {"label": label(name.removesuffix("s")), "name": "item", **single}
    if "minItems" in schema:
        out["min"] = schema["minItems"]
    if not required and defaults:
        # An empty list, not one blank item, in a new file.
        out["default"] = []
    return out


def _relation(ref: str, kinds: dict[str, Kind], *, multiple: bool) -> dict[str, Any] | None:
    out: dict[str, Any] = {"widget": "relation"}
    if ref in PROGRAMME_REFS and "programme" in kinds:
        where = PROGRAMME_REFS[ref]
        out.update(
            collection="programme",
            file="programme",
            value_field=f"{where}.*.id",
            search_fields=[f"{where}.*.text"],
            display_fields=[f"{where}.*.text"],
        )
    elif ref in kinds and not is_single_file(kinds[ref]):
        target = kinds[ref]
        shown = FILE_NAMES.get(ref, {}).get("identifier_field") or identifier_field(target.model.model_json_schema())
        out.update(
            collection=ref, value_field=REF_VALUES.get(ref, "{{slug}}"), search_fields=[shown], display_fields=[shown]
        )
    else:
        return None
    if multiple:
        out["multiple"] = True
    return out


# --- the published files ----------------------------------------------------------------


def bundle_dir(root: Path) -> Path | None:
    """Decap's ``dist`` folder: the site's own ``npm ci``, else mentorkit's checkout's,
    or only ``$MENTORKIT_NODE_MODULES`` when that is set."""
    override = os.environ.get("MENTORKIT_NODE_MODULES")
    folders = [Path(override)] if override else [root / "node_modules", CHECKOUT / "node_modules"]
    for folder in folders:
        dist = folder / "decap-cms" / "dist"
        if (dist / "decap-cms.js").is_file():
            return dist
    return None


def bundle_version(dist: Path) -> str:
    return str(json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))["version"])


def admin_docs(root: Path, title: str, site_url: str | None = None) -> dict[str, str]:
    """``admin/index.html`` and ``admin/config.yml``, docs-relative, as text."""
    dist = bundle_dir(root)
    page = (
        _admin_environment()
        .get_template("admin/index.html.j2")
        .render(title=title, version=bundle_version(dist) if dist else None)
    )
    root = root.resolve()
    # The backend (repo_url in mkdocs.yml) is in the key, so an edit to it is seen.
    return {
        f"{ADMIN}/index.html": page,
        f"{ADMIN}/config.yml": _config_text_of(root, site_url, json.dumps(backend(root), sort_keys=True)),
    }


@functools.lru_cache(maxsize=1)
def _admin_environment() -> Environment:
    return Environment(loader=PackageLoader("mentorkit", "templates"), undefined=StrictUndefined, autoescape=True)


@functools.lru_cache(maxsize=8)
def _config_text_of(root: Path, site_url: str | None, backend_key: str) -> str:
    # Built from the models, which do not change while a process runs: serve
    # rebuilds after every edit, and this took half of its render stage.
    return config_text(root, site_url)


def copy_bundle(root: Path, target: Path) -> None:
    """Copy Decap's program files, when installed, into ``target`` (``docs/admin``).

    Files already there with the same size and time are left alone, so a
    generator watching the folder does not rebuild for them.
    """
    dist = bundle_dir(root)
    if dist is None:
        return
    target.mkdir(parents=True, exist_ok=True)
    for pattern in BUNDLE_FILES:
        for source in dist.glob(pattern):
            copy = target / source.name
            if copy.is_file() and (copy.stat().st_size, int(copy.stat().st_mtime)) == (
                source.stat().st_size,
                int(source.stat().st_mtime),
            ):
                continue
            shutil.copy2(source, copy)


def bundle_problems(root: Path) -> list[Problem]:
    """A warning when the build cannot publish the editor itself."""
    if bundle_dir(root) is not None:
        return []
    return [
        Problem(
            "package.json",
            None,
            None,
            "",
            "cms-not-installed",
            "the form editor (Decap CMS) is not installed, so /admin/ has its configuration and a note but no forms",
            "run npm ci --ignore-scripts in the mentorkit folder, then build again",
            severity="warning",
        )
    ]


def config_fields(cfg: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """Every field of a configuration as ``(collection.dotted.path, field)``."""

    def walk(prefix: str, fields: list[dict[str, Any]]) -> Iterable[tuple[str, dict[str, Any]]]:
        for f in fields:
            path = f"{prefix}.{f['name']}"
            yield path, f
            yield from walk(path, f.get("fields", []))

    for coll in cfg["collections"]:
        for entry in coll.get("files", [coll]):
            yield from walk(coll["name"], entry["fields"])


# --- editors --------------------------------------------------------------------------


def editor_settings(kinds: Iterable[Kind] = KINDS) -> dict[str, Any]:
    """``.vscode/settings.json``: each content folder's YAML checked against its JSON Schema
    (``python build.py schema`` writes them) as staff type, in this site or an example's."""
    schemas = {
        f"./schema/{kind.name}.schema.json": [f"**/{kind.folder}/{kind.pattern}"]
        for kind in kinds
        if not kind.front_matter
    }
    return {
        "yaml.schemas": schemas,
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "[yaml]": {"editor.tabSize": 2, "editor.insertSpaces": True},
    }


def editor_settings_text() -> str:
    return json.dumps(editor_settings(), indent=2) + "\n"
