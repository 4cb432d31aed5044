"""How a model field becomes a form widget of the editor's ``config.yml`` (Decap's widget
names, which Sveltia CMS reads): see the table in ``cms.py``."""

from __future__ import annotations

from typing import Any

from mentorkit.model.base import PATTERN_HINTS, TIME_PATTERN
from mentorkit.model.kinds import Kind

DATE_FORMAT = "YYYY-MM-DD"
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


def identifier_field(schema: dict[str, Any]) -> str:
    """The field a new entry's file name is made from: its title or name."""
    props = schema["properties"]
    for name in ("title", "name"):
        if name in props:
            return name
    return next(name for name in schema.get("required", []) if _resolve(props[name], {})[0].get("type") == "string")


# --- fields -----------------------------------------------------------------------------


def form_fields(
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
        out.update(widget="hidden")
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
            "fields": form_fields(schema, defs, kinds, present=always, defaults=defaults),
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
        fields = form_fields(items, defs, kinds, present=True, defaults=False)
        out["fields"] = fields
        first = next((f["name"] for f in fields if f["name"] in ("id", "title", "activity", "text", "name")), None)
        if first:
            out["summary"] = "{{fields." + first + "}}"
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
        shown = target.cms_names.get("identifier_field") or identifier_field(target.model.model_json_schema())
        out.update(collection=ref, value_field=target.ref_value, search_fields=[shown], display_fields=[shown])
    else:
        return None
    if multiple:
        out["multiple"] = True
    return out
