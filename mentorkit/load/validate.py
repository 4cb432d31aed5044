"""Validate one parsed file against its model, in plain English with positions.

Pydantic's errors are precise but written for programmers ("Input should be
a valid date or datetime, month value is outside expected range of 1-12").
Here each error type becomes a sentence a school administrator can act on,
located at the offending value (or, for a missing field, its parent).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from mentorkit.load.source import FieldPath, Source, dotted
from mentorkit.model import PATTERN_HINTS, PSEUDONYM_PATTERN, SLUG_PATTERN, Strict
from mentorkit.problems import Problem

_DATE_ERRORS = {
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "date_type",
    "date_past",
    "date_future",
}


def validate_source(
    model: type[Strict], source: Source, implied: dict[str, Any]
) -> tuple[Strict | None, list[Problem]]:
    """Validate ``source.data`` as ``model``; ``implied`` are values the file's path dictates."""
    data = source.data
    if not isinstance(data, dict):
        return None, [
            source.problem(
                (), "not-a-mapping", "the file must be a list of 'field: value' lines, not a single value or a list"
            )
        ]
    problems = _check_implied(model, source, data, implied)
    if source.body or model.model_fields.get("body"):
        if "body" in data and "body" in model.model_fields:
            problems.append(
                source.problem(
                    ("body",),
                    "body-in-front-matter",
                    "body is the text below the front matter",
                    "move it below the closing '---'",
                    key=True,
                )
            )
        elif "body" in model.model_fields:
            data = {**data, "body": source.body}
    try:
        return model.model_validate(data), problems
    except ValidationError as exc:
        found = exc.errors(include_url=False)
        for error in found:
            if error["type"] == "missing" and _misspelt(model, error, found):
                continue  # reported once, as the unknown field with "did you mean"
            problems.append(_translate(model, source, error))
        return None, problems


def _misspelt(model: type[Strict], missing: Any, found: list[Any]) -> bool:
    """True when a missing field is explained by an unknown key that looks like it."""
    parent, name = tuple(missing["loc"][:-1]), str(missing["loc"][-1])
    for error in found:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and loc[:-1] == parent:
            if difflib.get_close_matches(str(loc[-1]), [name], n=1):
                return True
    return False


def _check_implied(model: type[Strict], source: Source, data: dict[str, Any], implied: dict[str, Any]) -> list[Problem]:
    problems = []
    for name, expected in implied.items():
        if name not in model.model_fields:
            continue
        if name not in data:
            data[name] = expected
        elif data[name] != expected:
            problems.append(
                source.problem(
                    (name,),
                    "name-mismatch",
                    f"is {data[name]!r} but the file's name or folder says {expected!r}",
                    f"make them the same: set {name}: {expected} or rename the file",
                )
            )
    return problems


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f'"{text}"'
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return repr(value)


def _translate(model: type[Strict], source: Source, error: Any) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _missing(model, source, loc)
    if kind == "extra_forbidden":
        return _unknown_field(model, source, loc)
    if kind in _DATE_ERRORS:
        return source.problem(loc, "invalid-date", f"{_show(value)} is not a date", "write YYYY-MM-DD, e.g. 2024-09-30")
    if kind == "string_pattern_mismatch":
        return _pattern(source, loc, value, ctx.get("pattern", ""))
    if kind == "literal_error":
        return _choice(source, loc, value, ctx.get("expected", ""))
    return _wrong_type(source, loc, kind, value) or _out_of_bounds(source, loc, error)


def _choice(source: Source, loc: FieldPath, value: Any, expected: str) -> Problem:
    """A value outside a fixed list: the nearest allowed one first ("Medium", "meduim": "medium")."""
    allowed = re.findall(r"'([^']*)'", expected)
    close = difflib.get_close_matches(str(value).strip().lower().replace(" ", "-"), allowed, n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"? Use one of {expected}' if close else f"use one of {expected}"
    return source.problem(loc, "invalid-choice", f"{_show(value)} is not one of the allowed values", hint)


def _missing(model: type[Strict], source: Source, loc: FieldPath) -> Problem:
    info = field_info(model, loc)
    message = "is required but missing"
    hint = f"add {loc[-1]}: ..." + (f" ({info.description})" if info and info.description else "")
    line, column = source.position(loc[:-1], key=True)
    return Problem(source.rel, line, column, dotted(loc), "missing-field", message, hint)


def _unknown_field(model: type[Strict], source: Source, loc: FieldPath) -> Problem:
    """A field the model does not have: renamed (say to what), a typo (the closest), or not allowed."""
    owner = model_at(model, loc[:-1])
    name = str(loc[-1])
    renamed = getattr(owner, "renamed", {}) if owner else {}
    if name in renamed:
        return source.problem(
            loc,
            "renamed-field",
            f'"{name}" was renamed to "{renamed[name]}"',
            f"rename the field to {renamed[name]}",
            key=True,
        )
    allowed = list(owner.model_fields) if owner else []
    # A shortened key ("two_way", "purpose") is too far from the full one for difflib: say the one it is part of.
    part = [a for a in allowed if len(name) >= 4 and name in a]
    close = difflib.get_close_matches(name, allowed, n=1) or (part if len(part) == 1 else [])
    hint = (
        f'did you mean "{close[0]}"?'
        if close
        else "remove it; allowed fields are " + ", ".join(a for a in allowed if a != "body")
    )
    return source.problem(loc, "unknown-field", f'unknown field "{name}"', hint, key=True)


def _pattern(source: Source, loc: FieldPath, value: Any, pattern: str) -> Problem:
    what = {SLUG_PATTERN: "is not a valid identifier", PSEUDONYM_PATTERN: "is not a pseudonym"}.get(
        pattern, "is not in the right form"
    )
    code = {SLUG_PATTERN: "invalid-id", PSEUDONYM_PATTERN: "invalid-pseudonym"}.get(pattern, "invalid-format")
    return source.problem(loc, code, f"{_show(value)} {what}", PATTERN_HINTS.get(pattern, f"it must match {pattern}"))


def _wrong_type(source: Source, loc: FieldPath, kind: str, value: Any) -> Problem | None:
    """A value of the wrong type (a number, true/false, text, a list, a block), or None."""
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return source.problem(
            loc, "invalid-number", f"{_show(value)} is not a whole number", "write digits only, e.g. 60"
        )
    if kind in ("bool_parsing", "bool_type"):
        return source.problem(loc, "invalid-boolean", f"{_show(value)} is not true or false", "write true or false")
    if kind in ("string_type",):
        return source.problem(
            loc,
            "invalid-text",
            f"expected text, found {_show(value)}",
            "write the value on the same line after the colon, in quotes if it contains ': '",
        )
    if kind == "list_type":
        return source.problem(
            loc,
            "invalid-list",
            f"expected a list, found {_show(value)}",
            "write each item on its own line starting with '- '",
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return source.problem(
            loc,
            "invalid-block",
            f"expected a block of fields, found {_show(value)}",
            "indent the fields under this one, e.g. '  type: enhanced'",
        )
    return None


def _out_of_bounds(source: Source, loc: FieldPath, error: Any) -> Problem:
    """A number out of range, a list too short or long, a validator's own message; else pydantic's words."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = next(iter(ctx.values()), "")
        relation = "at least" if kind.startswith("greater") else "at most"
        return source.problem(
            loc, "out-of-range", f"{_show(value)} is out of range", f"use a number {relation} {limit}"
        )
    if kind in ("too_short", "too_long"):
        return source.problem(loc, "wrong-length", error["msg"].replace("List", "the list"), "add or remove items")
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error["msg"]))
        return source.problem(loc, "invalid-value", message, key=True)
    return source.problem(loc, kind.replace("_", "-"), error["msg"])


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation can hold (through Optional, list, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _unwrap(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model class that governs the mapping at ``path`` (list indexes skipped)."""
    current: type[BaseModel] | None = model
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        found = _unwrap(info.annotation)
        current = found[0] if found else None
    return current


def field_info(model: type[BaseModel], path: FieldPath) -> Any:
    owner = model_at(model, path[:-1])
    if owner is None or not path:
        return None
    return owner.model_fields.get(str(path[-1]))
