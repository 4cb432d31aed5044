"""The committed schemas are what the models generate, and every field is documented."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from mentorkit.build.pipeline import check
from mentorkit.build.schemas import stale_schemas
from mentorkit.load.validate import _unwrap
from mentorkit.model.kinds import KINDS

from .conftest import REPO


@pytest.mark.parametrize("root", [REPO, REPO / "examples" / "academy-hub"], ids=["60mm", "academy-hub"])
def test_committed_schemas_are_current(root):
    site, problems = check(root)
    assert stale_schemas(root / "schema", site) == [], "run: python build.py schema (and for examples: --content-root)"


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    if model in seen:
        return
    seen.add(model)
    for info in model.model_fields.values():
        for inner in _unwrap(info.annotation):
            _models(inner, seen)


ALL_MODELS: set[type[BaseModel]] = set()
for _kind in KINDS:
    _models(_kind.model, ALL_MODELS)


@pytest.mark.parametrize("model", sorted(ALL_MODELS, key=lambda m: m.__name__), ids=lambda m: m.__name__)
def test_every_model_field_has_a_description(model):
    undocumented = [name for name, info in model.model_fields.items() if not (info.description or "").strip()]
    assert undocumented == []


def test_every_field_name_appears_in_the_content_model_docs():
    docs = (REPO / "docs" / "content-model.md").read_text(encoding="utf-8")
    # As the files spell them: `import`, not the attribute import_.
    names = [(m, info.alias or name) for m in ALL_MODELS for name, info in m.model_fields.items()]
    missing = sorted({f"{m.__name__}.{name}" for m, name in names if f"`{name}`" not in docs})
    assert missing == []


def test_json_schemas_forbid_unknown_keys_so_editors_underline_typos():
    schema = json.loads((REPO / "schema" / "mentor.schema.json").read_text())
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Dbs"]["additionalProperties"] is False


def test_response_table_schema_follows_the_instrument():
    schema = json.loads((REPO / "schema" / "tables" / "responses-mentee-post.schema.json").read_text())
    names = [f["name"] for f in schema["fields"]]
    assert names[:3] == ["mentee", "school", "submitted"]
    scale = next(f for f in schema["fields"] if f["type"] == "integer")
    assert scale["constraints"] == {"minimum": 1, "maximum": 5}
