"""``.vscode/settings.json``: each content folder's YAML checked against its JSON Schema
while staff type in VS Code (the YAML extension), in this site or an example's."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from mentorkit.model.kinds import KINDS, Kind


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
