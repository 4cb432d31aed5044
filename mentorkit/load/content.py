"""Read a whole content root into one ``Site``: every file parsed and validated.

Problems in one file never stop the others from being read, so one run
reports everything. Files that fail validation are left out of the ``Site``;
cross-file rules (``check/``) then run over what is valid.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import typing
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mentorkit.load.assets import asset_problems, link_problems
from mentorkit.load.cache import ReadCache, paused_collector
from mentorkit.load.characters import invisible_problems
from mentorkit.load.sanitise import findings, text_fields
from mentorkit.load.site_tables import read_tables
from mentorkit.load.source import Source, dotted
from mentorkit.load.tables import Table
from mentorkit.load.validate import validate_source
from mentorkit.load.yaml_file import MAX_YAML_BYTES, load_yaml_file
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
    Survey,
    Testimonial,
)
from mentorkit.model.kinds import KIND_BY_NAME, KINDS, Kind
from mentorkit.problems import Problem


@dataclass
class Site:
    """The validated content of one programme. Keys are ids (cohorts: ``year/school``)."""

    root: Path
    programme: Programme | None = None
    schools: dict[str, School] = field(default_factory=dict)
    mentors: dict[str, Mentor] = field(default_factory=dict)
    cohorts: dict[str, Cohort] = field(default_factory=dict)
    sessions: dict[str, SessionPlan] = field(default_factory=dict)
    guides: dict[str, Guide] = field(default_factory=dict)
    surveys: dict[str, Survey] = field(default_factory=dict)
    testimonials: dict[str, Testimonial] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    pages: dict[str, FreePage] = field(default_factory=dict)
    #: (academic year, survey id) -> responses
    responses: dict[tuple[str, str], Table] = field(default_factory=dict)
    #: indicator id -> its series
    series: dict[str, Table] = field(default_factory=dict)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    #: ids of files that exist but failed validation, so rules do not
    #: report "unknown mentor" for a mentor whose file has a typo.
    invalid: set[tuple[str, str]] = field(default_factory=set)

    def of(self, kind: str) -> dict[str, Any]:
        return getattr(self, KIND_BY_NAME[kind].attribute)

    def source(self, kind: str, key: str) -> Source:
        return self.sources[(kind, key)]

    def exists(self, kind: str, key: str) -> bool:
        """True when ``key`` names a file of ``kind``, valid or not."""
        return key in self.of(kind) or (kind, key) in self.invalid

    @property
    def sessions_by_number(self) -> dict[int, SessionPlan]:
        return {plan.number: plan for plan in self.sessions.values()}

    def cohorts_in(self, year: str) -> Iterator[tuple[str, Cohort]]:
        return ((key, c) for key, c in sorted(self.cohorts.items()) if c.academic_year == year)

    @property
    def academic_years(self) -> list[str]:
        return sorted({c.academic_year for c in self.cohorts.values()})


@dataclass
class CheckedSite(Site):
    """A site whose programme file is valid: what every stage after ``check`` works on.

    Every page, figure and printed document names the programme, so the stages
    take this and never ask whether there is one.
    """

    programme: Programme

    def __post_init__(self) -> None:
        if self.programme is None:
            raise ValueError("a CheckedSite needs its programme: make one with checked(site)")


def checked(site: Site) -> CheckedSite | None:
    """The same content as a ``CheckedSite``, or None when ``programme.yaml`` failed to load."""
    if site.programme is None:
        return None
    if isinstance(site, CheckedSite):
        return site
    # Shallow: the dicts and models are shared, so serve's identity checks still see "unchanged".
    return CheckedSite(**{f.name: getattr(site, f.name) for f in dataclasses.fields(site)})


def read_site(
    root: Path, cache: ReadCache | None = None, stage: Callable[[str], AbstractContextManager[Any]] | None = None
) -> tuple[Site, list[Problem]]:
    """Load and validate every file under ``root``. Never raises on bad content.

    ``cache``: files whose bytes are unchanged since its last pass are not
    read again (``serve`` passes one).
    ``stage``: e.g. ``Timings.stage``; the YAML and Markdown files are read
    in its ``load+validate`` stage, the CSV tables in its ``tables`` stage.
    """
    stage = stage or _untimed
    root = root.resolve()
    site = Site(root=root)
    problems: list[Problem] = []
    if not (root / "content").is_dir():
        return site, [
            Problem.whole_file(
                str(root),
                "no-content",
                "there is no content/ folder here",
                "run the command from the site's folder or pass --content-root DIR",
            )
        ]
    if cache is not None:
        cache.start()
    with paused_collector():
        with stage("load+validate"):
            listed: set[Path] = set()
            for kind in KINDS:
                for path in kind.files(root):
                    listed.add(path)
                    problems += _add(site, kind, _read_cached(cache, root, kind, path))
            problems += _stray_files(root, listed) + asset_problems(root) + link_problems(root)
            if site.programme is None and not (root / "content" / "programme.yaml").exists():
                problems.append(
                    Problem.whole_file(
                        "content/programme.yaml",
                        "missing-file",
                        "content/programme.yaml is missing",
                        "create it: every site describes one programme",
                    )
                )
        with stage("tables"):
            problems += read_tables(site, cache)
    if cache is not None:
        cache.finish()
    return site, problems


def _untimed(name: str) -> AbstractContextManager[None]:
    return nullcontext()


@dataclass
class _Read:
    """One file read and validated: what it adds to the site."""

    key: str | None  # None: the file name gives no id
    source: Source | None
    model: Any  # None when the file has errors
    problems: list[Problem]


def _read_cached(cache: ReadCache | None, root: Path, kind: Kind, path: Path) -> _Read:
    if cache is None:
        return _read_one(root, kind, path)
    read = cache.get(
        (kind.name, path.relative_to(root).as_posix()), path, MAX_YAML_BYTES, lambda: _read_one(root, kind, path)
    )
    if read.source is not None:
        read.source.path = path  # kept on disk by a run from another checkout of the same site
    return read


def _read_one(root: Path, kind: Kind, path: Path) -> _Read:
    read = _read_valid(root, kind, path)
    # Beside the file's other problems, never instead of them.
    read.problems += _invisible(path, path.relative_to(root).as_posix())
    return read


def _invisible(path: Path, rel: str) -> list[Problem]:
    # Read again, bounded: the YAML reader keeps no raw text, and these need a column.
    if path.stat().st_size > MAX_YAML_BYTES:
        return []
    return invisible_problems(path.read_bytes().decode("utf-8", errors="replace"), rel)


def _read_valid(root: Path, kind: Kind, path: Path) -> _Read:
    rel = path.relative_to(root).as_posix()
    identity = kind.identity(path.relative_to(root / kind.folder))
    if isinstance(identity, str):
        return _Read(None, None, None, [Problem.whole_file(rel, "bad-file-name", identity, "rename the file")])
    key, implied = identity
    source, problems = load_yaml_file(path, rel, front_matter=kind.front_matter)
    if source.data is None or any(p.severity == "error" for p in problems):
        # Parse-level mistakes come first: validating half-read data only adds noise.
        return _Read(key, source, None, problems)
    model, more = validate_source(kind.model, source, implied)
    problems += more
    if model is None or any(p.severity == "error" for p in problems):
        return _Read(key, source, None, problems)
    return _Read(key, source, model, problems + _markdown_problems(model, source))


def _add(site: Site, kind: Kind, read: _Read) -> list[Problem]:
    if read.key is None or read.source is None:
        return read.problems
    site.sources[(kind.name, read.key)] = read.source
    if read.model is None:
        site.invalid.add((kind.name, read.key))
    elif kind.name == "programme":
        site.programme = read.model
    else:
        site.of(kind.name)[read.key] = read.model
    return read.problems


def _markdown_problems(model: BaseModel, source: Source) -> list[Problem]:
    if isinstance(model, Cohort):
        return []  # a roster is never rendered (the privacy gate proves it): thousands of values to skip
    problems = []
    for path, text in text_fields(model):  # every text: a template may render any as Markdown
        lines_seen: set[int] = set()
        for finding in findings(text):
            if finding.line in lines_seen:
                continue  # one message per line: <b>...</b> is one mistake
            lines_seen.add(finding.line)
            column: int | None
            if path == ("body",):
                line, column = source.body_line + finding.line, 1
            else:
                start, column = source.position(path)
                line = (start or 1) + finding.line
            problems.append(
                Problem(source.rel, line, column, dotted(path), finding.code, finding.message, finding.hint)
            )
    return problems


@functools.cache
def may_hold_markdown(model: type[BaseModel]) -> bool:
    """Whether any field of ``model``, or of a model inside it, is Markdown (``markdown_fields`` finds those)."""
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for info in current.model_fields.values():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            if extra.get("contentMediaType") == "text/markdown":
                return True
            todo += _models_in(info.annotation)
    return False


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


_KNOWN_SUFFIXES = {".yaml", ".md", ".csv"}


def _entries(folder: Path) -> list[str]:
    """Every file and folder under ``folder`` (links not followed), as ``sorted(folder.rglob("*"))`` orders them."""
    found = []
    for parent, dirs, names in os.walk(folder):
        found += [os.path.join(parent, name) for name in dirs + names]
    return sorted(found, key=lambda name: name.split(os.sep))


def _stray_files(root: Path, listed: set[Path]) -> list[Problem]:
    """Files in content folders that no kind reads (``listed``: those the kinds read): usually a misnamed file."""
    read = {str(p) for p in listed}
    read |= {
        str(p)
        for pattern in ("content/surveys/responses/*/*.csv", "content/indicators/*.csv")
        for p in root.glob(pattern)
    }
    problems = []
    for folder in ["content", "sessions"]:
        # Plain strings, in the order of sorted Paths: 13,000 Path objects were half a warm national check's reading.
        for name in _entries(root / folder):
            rel = name[len(str(root)) + 1 :]
            if os.path.islink(name):
                problems.append(
                    Problem.whole_file(
                        rel,
                        "symlink",
                        "symbolic links are not allowed in content",
                        "copy the file in instead: a link could publish a file from outside the site",
                    )
                )
                continue
            if name in read or os.path.basename(name).startswith(".") or not os.path.isfile(name):
                continue
            path = Path(name)
            if rel.startswith("content/templates/") or rel.startswith("content/assets/"):
                continue
            if path.suffix == ".yml":
                problems.append(
                    Problem.whole_file(
                        rel,
                        "wrong-extension",
                        "the file ends in .yml and is not read",
                        f"rename it to {path.stem}.yaml",
                    )
                )
            elif path.suffix in _KNOWN_SUFFIXES:
                problems.append(
                    Problem.whole_file(
                        rel,
                        "stray-file",
                        "this file is in no folder mentorkit reads and is ignored",
                        "move it to the right folder (see the content model) or delete it",
                        "warning",
                    )
                )
    return problems
