"""``build.py new KIND [ID]``: start a new content file that already validates.

The file is written from the kind's model: every field appears, in the
model's order, under a comment with its description. Fields the new file
needs get a placeholder value to overwrite; the others are commented out
with their default, ready to switch on. So a field added to a model appears
in every new file with no change here.

    build.py new session goal-setting      -> sessions/03-goal-setting.yaml
    build.py new cohort 2025-26 pier-hill  -> content/cohorts/2025-26/pier-hill.yaml
    build.py new mentor sam-okafor         -> content/mentors/sam-okafor.yaml

An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from mentorkit.load.yaml_file import load_yaml_file
from mentorkit.model.base import SLUG_PATTERN
from mentorkit.model.kinds import KIND_BY_NAME, KINDS, Kind
from mentorkit.model.placeholders import NewFileContext as Context
from mentorkit.problems import MentorkitError, Problem

WIDTH = 96


def academic_year(day: dt.date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


# --- where the file goes -----------------------------------------------------------------


def target(kind: Kind, c: Context, values: dict[str, Any]) -> Path:
    folder = c.root / kind.folder
    if kind.name == "programme":
        return folder / "programme.yaml"
    if kind.name == "cohort":
        return folder / c.ids[0] / f"{c.ids[1]}{kind.suffix}"
    if kind.name in ("session", "guide"):
        number = values["number" if kind.name == "session" else "order"]
        return folder / f"{number:02d}-{c.ids[0]}{kind.suffix}"
    return folder / f"{c.ids[0]}{kind.suffix}"


def _ids(kind: Kind, given: list[str]) -> tuple[str, ...]:
    wanted = kind.arguments or (("id", SLUG_PATTERN, "new-" + kind.name),)
    usage = " ".join(f"<{name}>" for name, _, _ in wanted)
    if len(given) > len(wanted) or (len(given) < len(wanted) and kind.arguments):
        raise MentorkitError(
            f"new {kind.name} takes {usage}, e.g. new {kind.name} " + " ".join(e for _, _, e in wanted)
        )
    ids = list(given) + [example for _, _, example in wanted[len(given) :]]
    for (name, pattern, example), value in zip(wanted, ids):
        if not re.match(pattern, value):
            raise MentorkitError(f'"{value}" is not a valid {name}: write it like {example}')
    return tuple(ids)


def new(root: Path, kind_name: str, given: list[str], today: dt.date | None = None) -> tuple[list[Path], list[str]]:
    """Write a new file of ``kind_name``; returns the files written and notes for the user."""
    kind = KIND_BY_NAME.get(kind_name)
    if kind is None:
        raise MentorkitError(f'there is no kind "{kind_name}": use one of ' + ", ".join(k.name for k in KINDS))
    ids = _ids(kind, given)
    year = ids[0] if kind.arguments else academic_year(today or dt.date.today())
    programme = _programme(root)
    programme_id = str(programme["id"]) if isinstance(programme.get("id"), str) else "programme"
    c = Context(root, ids, programme_id, year, programme)
    values = kind.placeholder(c)
    path = target(kind, c, values)
    files = {path: render(kind, values), **{path.with_suffix(suffix): text for suffix, text in kind.companions}}
    taken = [p for p in files if p.exists()]
    if taken:
        raise MentorkitError(
            f"{taken[0].relative_to(root)} already exists: nothing was written",
            [
                Problem(
                    taken[0].relative_to(root).as_posix(),
                    None,
                    None,
                    "",
                    "file-exists",
                    "already exists",
                    "choose another id, or edit the file",
                )
            ],
        )
    for file, text in files.items():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return list(files), _notes(kind, c, values)


def _programme(root: Path) -> dict[str, Any]:
    """programme.yaml's settings, for the files that must fit them (even if it has errors elsewhere)."""
    path = root / "content" / "programme.yaml"
    data = load_yaml_file(path, "content/programme.yaml")[0].data if path.is_file() else None
    return data if isinstance(data, dict) else {}


def _notes(kind: Kind, c: Context, values: dict[str, Any]) -> list[str]:
    notes = ["replace the placeholder values, then run: python build.py check"]
    if kind.name == "session" and values["number"] > c.setting("sessions_per_cohort", 0):
        notes.append(f"programme.yaml's sessions_per_cohort must be at least {values['number']}")
    if kind.name == "cohort" and not (c.root / "content" / "schools" / f"{c.ids[1]}.yaml").exists():
        notes.append(f"there is no school {c.ids[1]} yet: python build.py new school {c.ids[1]}")
    if kind.name == "school":
        notes.append(
            "add its urn and laestab from Get Information about Schools (https://get-information-schools.service.gov.uk/)"
            " before its first cohort: the open data needs them"
        )
    if kind.name == "indicator":
        notes.append("add the series to the .csv: one row per year (year,value,comparator)")
    return notes


# --- writing a commented file ------------------------------------------------------------


def render(kind: Kind, values: dict[str, Any]) -> str:
    """The file's text: every field of the model, documented."""
    values = dict(values)
    body = values.pop("body", None) if kind.front_matter else None
    lines = [f"# A new {kind.name} ({kind.folder}/). Lines starting with # are notes; remove them or keep them."]
    lines += _mapping(kind.model, values, "", skip={"body"} if kind.front_matter else set())
    text = "\n".join(lines) + "\n"
    if kind.front_matter:
        return f"---\n{text}---\n\n{body or ''}"
    return text


def _mapping(
    model: type[BaseModel], values: dict[str, Any], pad: str, skip: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """A model's fields as YAML lines at indent ``pad``, each under its description."""
    lines: list[str] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        lines += [f"{pad}# {part}" for part in textwrap.wrap(_describe(info), WIDTH - len(pad))]
        sub = _submodel(info)
        if values.get(name) is not None:
            lines += _value(name, values[name], info, pad)
        elif sub is not None and get_origin(info.annotation) is not list:
            # Left out, but its shape shown: uncomment and fill in.
            lines.append(f"{pad}# {name}:")
            lines += [f"{pad}#   {key}: {_inline(_default(field))}".rstrip() for key, field in sub.model_fields.items()]
        else:
            lines.append(f"{pad}# {name}: {_inline(_default(info))}".rstrip())
    return lines


def _describe(info: FieldInfo) -> str:
    choices = next((get_args(t) for t in (info.annotation, *get_args(info.annotation)) if get_origin(t) is Literal), ())
    return (info.description or "") + (f" One of: {', '.join(choices)}." if choices else "")


def _value(name: str, value: Any, info: FieldInfo, pad: str) -> list[str]:
    sub = _submodel(info)
    if sub is not None and isinstance(value, dict):
        return [f"{pad}{name}:", *_mapping(sub, value, pad + "  ")]
    if sub is not None and isinstance(value, list) and value:
        out = [f"{pad}{name}:"]
        for item in value:
            lines = _mapping(sub, item, pad + "    ")
            # The item's first key carries the "- "; the notes above it stay aligned with its keys.
            first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
            lines[first] = f"{pad}  - {lines[first].lstrip()}"
            out += lines
        return out
    if isinstance(value, list) and value and len(_inline(value)) > 60:
        # A long list reads (and edits) better one item a line.
        return [f"{pad}{name}:", *(f"{pad}  - {_inline(item)}" for item in value)]
    if isinstance(value, str) and "\n" in value:
        return [f"{pad}{name}: |", *(f"{pad}  {line}" if line else "" for line in value.rstrip("\n").split("\n"))]
    return [f"{pad}{name}: {_inline(value)}"]


def _inline(value: Any) -> str:
    if value is None:
        return ""
    return (
        yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()
    )


def _default(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        made = info.default_factory()  # type: ignore[call-arg]
        return made.model_dump(mode="json", exclude_defaults=False) if isinstance(made, BaseModel) else made
    return None if info.default is None or repr(info.default) == "PydanticUndefined" else info.default


def _submodel(info: FieldInfo) -> type[BaseModel] | None:
    """The model inside ``X``, ``X | None`` or ``list[X]``, if there is one."""
    stack = [info.annotation]
    while stack:
        t = stack.pop()
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
        stack.extend(get_args(t))
    return None
