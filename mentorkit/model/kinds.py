"""The registry of file kinds: where each lives, its model, how its id is derived.

Everything that enumerates kinds — loading (the ``Site`` attribute), JSON Schema
export, scaffolding (``new``'s placeholder, arguments and companion files), the
CMS configuration (file names, relation values) — reads this one table, so a new
kind is one entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorkit.model import (
    Cohort,
    FreePage,
    Guide,
    Indicator,
    Mentor,
    Programme,
    Report,
    School,
    SessionPlan,
    Strict,
    Survey,
    Testimonial,
)
from mentorkit.model import placeholders as new_file
from mentorkit.model.base import ACADEMIC_YEAR_PATTERN, SLUG_PATTERN
from mentorkit.model.placeholders import NewFileContext

_SLUG = re.compile(SLUG_PATTERN)
_YEAR = re.compile(ACADEMIC_YEAR_PATTERN)
_NUMBERED = re.compile(r"^(?P<nn>[0-9]{2,3})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")

#: What a file's path says about its content: (id, {field: expected value}),
#: or an error message explaining how the name should look.
Identity = tuple[str, dict[str, Any]]


def _by_stem(rel: Path) -> Identity | str:
    if not _SLUG.match(rel.stem):
        return (
            f'the file name "{rel.name}" must be an identifier: '
            "lower-case letters, digits and hyphens, e.g. sam-okafor.yaml"
        )
    return rel.stem, {"id": rel.stem}


def _numbered(field: str) -> Callable[[Path], Identity | str]:
    def identity(rel: Path) -> Identity | str:
        match = _NUMBERED.match(rel.stem)
        if not match:
            return (
                f'the file name "{rel.name}" must look like 01-first-meeting{rel.suffix}: '
                "a two-digit number, a hyphen, an identifier"
            )
        return rel.stem, {field: int(match["nn"])}

    return identity


def _cohort(rel: Path) -> Identity | str:
    year = rel.parent.name
    if not _YEAR.match(year):
        return f'the folder "{year}" must be an academic year such as 2024-25'
    if not _SLUG.match(rel.stem):
        return f'the file name "{rel.name}" must be the school\'s id, e.g. pier-hill.yaml'
    return f"{year}/{rel.stem}", {"academic_year": year, "school": rel.stem}


def _report(rel: Path) -> Identity | str:
    if not _YEAR.match(rel.stem):
        return f'the file name "{rel.name}" must be the academic year, e.g. 2024-25.md'
    return rel.stem, {"academic_year": rel.stem}


def _programme(rel: Path) -> Identity | str:
    return "programme", {}


#: What ``new KIND`` asks for after the kind: (name, pattern, example).
Arguments = tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    folder: str
    pattern: str
    model: type[Strict]
    identity: Callable[[Path], Identity | str]
    #: The ``Site`` attribute that holds this kind's files (``site.mentors``).
    attribute: str
    #: ``new``: a value for every field a new file must have.
    placeholder: Callable[[NewFileContext], dict[str, Any]]
    front_matter: bool = False
    #: Fields the file's path supplies when the file leaves them out.
    from_path: tuple[str, ...] = ()
    #: ``new``: what it asks for after the kind; empty: one optional id.
    arguments: Arguments = ()
    #: ``new``: extra files beside the new one, as (suffix, first text): an indicator's series.
    companions: tuple[tuple[str, str], ...] = ()
    #: The form editor: how a new entry's file name is made (``identifier_field``,
    #: ``slug``, ``path``, ``summary``). It must be the name ``identity`` expects, or
    #: the build reports a mismatch. Decap's templates cannot pad a number, so
    #: ``0{{number}}`` gives 01..09, then 010, 011: both are accepted.
    cms_names: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    #: The form editor: what a relation to this kind stores (its file name, or a field).
    ref_value: str = "{{slug}}"

    @property
    def suffix(self) -> str:
        return ".md" if self.front_matter else ".yaml"

    def files(self, root: Path) -> list[Path]:
        base = root / self.folder
        if self.pattern == "programme.yaml":
            return [base / "programme.yaml"] if (base / "programme.yaml").is_file() else []
        return sorted(p for p in base.glob(self.pattern) if p.is_file())


_YEAR_ARGUMENT = ("academic year", ACADEMIC_YEAR_PATTERN, "2025-26")

KINDS: tuple[Kind, ...] = (
    Kind("programme", "Programme", "content", "programme.yaml", Programme, _programme, "programme", new_file.programme),
    Kind("school", "Schools", "content/schools", "*.yaml", School, _by_stem, "schools", new_file.school),
    Kind("mentor", "Mentors", "content/mentors", "*.yaml", Mentor, _by_stem, "mentors", new_file.mentor),
    Kind(
        "cohort",
        "Cohorts",
        "content/cohorts",
        "*/*.yaml",
        Cohort,
        _cohort,
        "cohorts",
        new_file.cohort,
        from_path=("school", "academic_year"),
        arguments=(_YEAR_ARGUMENT, ("school id", SLUG_PATTERN, "pier-hill")),
        cms_names={
            "identifier_field": "school",
            "slug": "{{fields.school}}",
            # Decap turns dots in `path` into hyphens, so no `fields.` prefix here.
            "path": "{{academic_year}}/{{slug}}",
            "summary": "{{fields.academic_year}}: {{fields.school}}",
        },
    ),
    Kind(
        "session",
        "Session plans",
        "sessions",
        "*.yaml",
        SessionPlan,
        _numbered("number"),
        "sessions",
        new_file.session,
        from_path=("number",),
        cms_names={"slug": "0{{fields.number}}-{{slug}}", "summary": "{{fields.number}}. {{fields.title}}"},
        ref_value="number",
    ),
    Kind(
        "guide",
        "Handbook chapters",
        "content/guides",
        "*.md",
        Guide,
        _numbered("order"),
        "guides",
        new_file.guide,
        front_matter=True,
        from_path=("order",),
        cms_names={"slug": "0{{fields.order}}-{{slug}}", "summary": "{{fields.order}}. {{fields.title}}"},
    ),
    Kind("survey", "Survey instruments", "content/surveys", "*.yaml", Survey, _by_stem, "surveys", new_file.survey),
    Kind(
        "testimonial",
        "Testimonials",
        "content/testimonials",
        "*.yaml",
        Testimonial,
        _by_stem,
        "testimonials",
        new_file.testimonial,
        cms_names={"slug": "{{fields.source}}-{{fields.role}}", "summary": "{{fields.role}}: {{fields.quote}}"},
    ),
    Kind(
        "indicator",
        "Long-term indicators",
        "content/indicators",
        "*.yaml",
        Indicator,
        _by_stem,
        "indicators",
        new_file.indicator,
        companions=((".csv", "year,value,comparator\n"),),
    ),
    Kind(
        "report",
        "Annual report narratives",
        "content/reports",
        "*.md",
        Report,
        _report,
        "reports",
        new_file.report,
        front_matter=True,
        from_path=("academic_year",),
        arguments=(_YEAR_ARGUMENT,),
        cms_names={"slug": "{{fields.academic_year}}"},
    ),
    Kind("page", "Pages", "content/pages", "*.md", FreePage, _by_stem, "pages", new_file.page, front_matter=True),
)

KIND_BY_NAME = {kind.name: kind for kind in KINDS}
