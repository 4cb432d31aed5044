"""JSON Schemas for editors, and Table Schemas for the CSVs, generated from the models.

``schema/<kind>.schema.json`` lets an editor's YAML language server complete
field names and underline mistakes while staff type; ``schema/tables/`` holds
the Frictionless Table Schemas the CSVs are validated with. Both are
committed, and a test fails when they fall behind the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mentorkit.load.content import Site
from mentorkit.load.tables import indicator_schema, response_schema
from mentorkit.model.kinds import KINDS, Kind

SCHEMA_BASE = "https://mentorkit.example/schema/"


def kind_schema(kind: Kind) -> dict[str, Any]:
    schema = kind.model.model_json_schema()
    if kind.front_matter:
        schema.get("properties", {}).pop("body", None)
    # A field the file name supplies may be left out, so editors must not demand it.
    optional = set(kind.from_path) | ({"body"} if kind.front_matter else set())
    if "required" in schema:
        schema["required"] = [name for name in schema["required"] if name not in optional]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}{kind.name}.schema.json",
        **schema,
        "description": f"{kind.label}: {kind.folder}/{kind.pattern}. " + (schema.get("description") or "").strip(),
    }


def schema_files(site: Site | None) -> dict[str, str]:
    """``{path relative to schema/: text}`` for every schema."""
    files = {f"{kind.name}.schema.json": _dump(kind_schema(kind)) for kind in KINDS}
    files["tables/indicator.schema.json"] = _dump(indicator_schema())
    if site is not None:
        for key, survey in sorted(site.surveys.items()):
            files[f"tables/responses-{key}.schema.json"] = _dump(response_schema(survey))
    return files


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(target: Path, site: Site | None) -> list[Path]:
    written = []
    wanted = schema_files(site)
    for rel, text in wanted.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    for stale in sorted(target.rglob("*.schema.json")):
        if stale.relative_to(target).as_posix() not in wanted:
            stale.unlink()
            written.append(stale)
    return written


def stale_schemas(target: Path, site: Site | None) -> list[str]:
    """Schema files that differ from what the models generate (for tests and CI)."""
    wanted = schema_files(site)
    out = [
        rel
        for rel, text in wanted.items()
        if not (target / rel).is_file() or (target / rel).read_text(encoding="utf-8") != text
    ]
    out += [
        p.relative_to(target).as_posix()
        for p in target.rglob("*.schema.json")
        if p.relative_to(target).as_posix() not in wanted
    ]
    return sorted(out)
