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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from mentorkit.load.yaml_file import load_yaml_file
from mentorkit.model.base import ACADEMIC_YEAR_PATTERN, SLUG_PATTERN, Strict
from mentorkit.model.kinds import KIND_BY_NAME, KINDS, Kind
from mentorkit.problems import MentorkitError, Problem

WIDTH = 96


@dataclass(frozen=True)
class Context:
    """What a placeholder may depend on: the site as it is, and the ids asked for."""

    root: Path
    ids: tuple[str, ...]
    programme_id: str
    year: str  # the academic year the file is for
    #: programme.yaml as written (read even when it has errors elsewhere), for what new files must fit.
    programme: dict[str, Any] = field(default_factory=dict)

    @property
    def start_year(self) -> int:
        return int(self.year[:4])

    def setting(self, name: str, default: Any, kind: type = int) -> Any:
        value = self.programme.get(name)
        return value if isinstance(value, kind) and not isinstance(value, bool) else default

    @property
    def year_group(self) -> int:
        groups = self.programme.get("year_groups")
        return groups[0] if isinstance(groups, list) and groups and isinstance(groups[0], int) else 8

    @property
    def session_minutes(self) -> int:
        """The programme's session length, else the usual length of its plans, else an hour."""
        lengths = Counter(_durations(self.root / "sessions"))
        return self.setting("session_minutes", lengths.most_common(1)[0][0] if lengths else 60)


def academic_year(day: dt.date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


# --- placeholders: a value for every field a new file must have ------------------------


def _session(c: Context) -> dict[str, Any]:
    minutes = c.session_minutes
    edge = 5 if minutes < 45 else 10
    return {
        "number": _session_number(c),
        "title": _title(c.ids[0]),
        "format": "group",
        "duration_minutes": minutes,
        "agenda": [
            {"minutes": edge, "activity": "Welcome and recap", "lead": "staff"},
            {
                "minutes": minutes - 2 * edge,
                "activity": "Main activity",
                "lead": "mentor",
                "details": "How to run it, step by step.",
            },
            {"minutes": edge, "activity": "Reflect and close", "lead": "all"},
        ],
        "safeguarding": "Meet in school, never alone behind a closed door. Report any disclosure to the\n"
        "school's designated safeguarding lead the same day.\n",
    }


def _cohort(c: Context) -> dict[str, Any]:
    return {
        "programme": c.programme_id,
        "school": c.ids[1],
        "academic_year": c.year,
        "year_group": c.year_group,
        "start": dt.date(c.start_year, 10, 1),
        "end": _cohort_end(c),
        # Shaped like the examples' (school, year, number), never like the pages' sample "AB-01",
        # which the privacy gate would then find on every site.
        "mentees": [{"id": _pseudonym(c), "mentor": None}],
        "deliveries": [],
    }


PLACEHOLDERS: dict[str, Callable[[Context], dict[str, Any]]] = {
    "programme": lambda c: {
        "id": c.ids[0],
        "name": _title(c.ids[0]),
        "short_name": _title(c.ids[0]),
        "organisation": {"name": "Your organisation", "email": "skills@example.org"},
        "summary": "What the programme is, in two or three sentences.\n",
        "year_groups": [8],
        "duration_months": 7,
        "sessions_per_cohort": 4,
        "aims": [{"id": "inspire", "text": "Inspire young people about the world of work."}],
        "recruitment": {
            "headline": "Give an hour, change a future.",
            "commitment": "Four hours over seven months.\n",
            "apply_email": "skills@example.org",
        },
    },
    "school": lambda c: {"name": _name(c.ids[0]), "town": "Town", "joined": _joined(c)},
    "mentor": lambda c: {"name": _name(c.ids[0]), "kind": "business", "sector": "finance"},
    "cohort": _cohort,
    "session": _session,
    "guide": lambda c: {
        "title": _title(c.ids[0]),
        "order": _next_number(c.root / "content" / "guides", "*.md"),
        "audience": "mentor",
        "summary": "One or two sentences for the handbook's contents.",
        "body": "Write the chapter here, in Markdown.\n\n## A first heading\n\nText.\n",
    },
    "survey": lambda c: {
        "title": _title(c.ids[0]),
        "respondent": "mentee",
        "timing": "pre",
        "scale": {
            "id": "agree-5",
            "labels": ["Strongly disagree", "Disagree", "Not sure", "Agree", "Strongly agree"],
            "positive_from": "Agree",
        },
        "questions": [{"id": "confident-future", "text": "I feel confident about my future.", "kind": "scale"}],
    },
    "testimonial": lambda c: {
        "quote": "The words, exactly as said.",
        "source": "parent",
        "role": "Parent",
        "date": dt.date.today(),
        # Nothing is published until someone has agreed to it.
        "consent": False,
        "programme": c.programme_id,
    },
    "indicator": lambda c: {
        "title": "What is measured",
        "area": "Your area",
        "source": {
            "publisher": "Department for Education",
            "title": "Title of the publication",
            "url": "https://www.gov.uk/",
        },
        "better": "lower",
        "illustrative": True,
    },
    "report": lambda c: {
        "academic_year": c.ids[0],
        "title": f"Annual report {c.ids[0]}",
        "highlights": ["A highlight in your own words (the build adds every figure)."],
        "body": "Reflections on the year, in Markdown.\n",
    },
    "page": lambda c: {
        "title": _title(c.ids[0]),
        "description": "One sentence for search engines and link previews.",
        "body": "Write the page here, in Markdown.\n",
    },
}

#: Extra files a kind needs beside its own (an indicator's series).
COMPANIONS: dict[str, Callable[[Path], dict[Path, str]]] = {
    "indicator": lambda path: {path.with_suffix(".csv"): "year,value,comparator\n"},
}

#: What ``new KIND`` asks for, after the kind: (name, pattern, example).
ARGUMENTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "cohort": (("academic year", ACADEMIC_YEAR_PATTERN, "2025-26"), ("school id", SLUG_PATTERN, "pier-hill")),
    "report": (("academic year", ACADEMIC_YEAR_PATTERN, "2025-26"),),
}


def _pseudonym(c: Context) -> str:
    initials = "".join(part[0] for part in c.ids[1].split("-") if part[:1].isalpha())[:3].upper() or "PP"
    return f"{initials.ljust(2, 'X')}{c.start_year % 100:02d}-001"


def _cohort_end(c: Context) -> dt.date:
    """October plus the programme's months, ending by July (cohorts run inside the school year)."""
    months = max(1, min(c.setting("duration_months", 7), 10))
    last = dt.date(c.start_year, 10, 1) + dt.timedelta(days=31 * (months - 1))
    following = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _joined(c: Context) -> str:
    """This academic year, or the first year the school already has a cohort in (never later than that)."""
    years = [p.parent.name for p in (c.root / "content" / "cohorts").glob(f"*/{c.ids[0]}.yaml")]
    return min([c.year, *(y for y in years if re.match(ACADEMIC_YEAR_PATTERN, y))])


def _durations(folder: Path) -> list[int]:
    found = []
    for path in sorted(folder.glob("*.yaml")):
        match = re.search(r"^duration_minutes:\s*([0-9]+)\s*$", path.read_text(encoding="utf-8"), re.M)
        if match:
            found.append(int(match[1]))
    return found


def _session_number(c: Context) -> int:
    """The first number from 1 to sessions_per_cohort without a plan, else the one after the last."""
    folder = c.root / "sessions"
    taken = {int(m[1]) for p in folder.glob("*.yaml") if (m := re.match(r"([0-9]{2,3})-", p.name))}
    count = c.setting("sessions_per_cohort", 0)
    return next((n for n in range(1, count + 1) if n not in taken), max(taken, default=0) + 1)


def _title(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _name(slug: str) -> str:
    return slug.replace("-", " ").title()


def _next_number(folder: Path, pattern: str) -> int:
    numbers = [int(m[1]) for p in folder.glob(pattern) if (m := re.match(r"([0-9]{2,3})-", p.name))]
    return max(numbers, default=0) + 1


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
    wanted = ARGUMENTS.get(kind.name, (("id", SLUG_PATTERN, "new-" + kind.name),))
    usage = " ".join(f"<{name}>" for name, _, _ in wanted)
    if len(given) > len(wanted) or (len(given) < len(wanted) and kind.name in ARGUMENTS):
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
    year = ids[0] if kind.name in ARGUMENTS else academic_year(today or dt.date.today())
    programme = _programme(root)
    programme_id = programme.get("id") if isinstance(programme.get("id"), str) else "programme"
    c = Context(root, ids, programme_id, year, programme)
    values = PLACEHOLDERS[kind.name](c)
    path = target(kind, c, values)
    files = {path: render(kind, values), **COMPANIONS.get(kind.name, lambda p: {})(path)}
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


def _mapping(model: type[BaseModel], values: dict[str, Any], pad: str, skip: set[str] = frozenset()) -> list[str]:
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


def _submodel(info: FieldInfo) -> type[Strict] | None:
    """The model inside ``X``, ``X | None`` or ``list[X]``, if there is one."""
    stack = [info.annotation]
    while stack:
        t = stack.pop()
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
        stack.extend(get_args(t))
    return None
