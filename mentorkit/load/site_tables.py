"""The site's CSV tables: each survey's response files and each indicator's series, read into the ``Site``.

Each file is validated against the schema its YAML describes (``tables``);
a CSV with no YAML to describe it, or a series its indicator lacks, is a problem.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentorkit.load.cache import ReadCache
from mentorkit.load.tables import MAX_CSV_BYTES, Table, indicator_schema, load_table, response_schema
from mentorkit.model.base import ACADEMIC_YEAR_PATTERN
from mentorkit.problems import Problem

if TYPE_CHECKING:
    from mentorkit.load.content import Site

ACADEMIC_YEAR = re.compile(ACADEMIC_YEAR_PATTERN)


def read_tables(site: Site, cache: ReadCache | None) -> list[Problem]:
    """Read every response file and indicator series into ``site``; return their problems."""
    return _read_responses(site, cache) + _read_series(site, cache) + _missing_series(site)


def _load_table(
    cache: ReadCache | None, root: Path, rel: str, schema: dict[str, Any]
) -> tuple[Table | None, list[Problem]]:
    if cache is None:
        return load_table(root, rel, schema)
    # The schema is part of the key: editing a survey's questions changes its table's columns.
    return cache.get(
        ("table", rel, json.dumps(schema, sort_keys=True)),
        root / rel,
        MAX_CSV_BYTES,
        lambda: load_table(root, rel, schema),
    )


def _read_responses(site: Site, cache: ReadCache | None) -> list[Problem]:
    problems: list[Problem] = []
    root = site.root
    for path in sorted(root.glob("content/surveys/responses/*/*.csv")):
        rel = path.relative_to(root).as_posix()
        year, survey_id = path.parent.name, path.stem
        survey = site.surveys.get(survey_id)
        if survey is None:
            if ("survey", survey_id) not in site.invalid:
                problems.append(
                    Problem.whole_file(
                        rel,
                        "unknown-survey",
                        f'there is no survey "{survey_id}" (content/surveys/{survey_id}.yaml)',
                        "name the file after its survey's id",
                    )
                )
            continue
        if not ACADEMIC_YEAR.match(year):
            problems.append(
                Problem.whole_file(
                    rel,
                    "bad-file-name",
                    f'the folder "{year}" must be an academic year such as 2024-25',
                    "rename the folder",
                )
            )
            continue
        if len({q.id for q in survey.questions}) != len(survey.questions):
            continue  # the survey's duplicate question id is reported; its columns are undefined
        table, table_problems = _load_table(cache, root, rel, response_schema(survey))
        problems += table_problems
        if table is not None:
            site.responses[(year, survey_id)] = table
    return problems


def _read_series(site: Site, cache: ReadCache | None) -> list[Problem]:
    problems: list[Problem] = []
    root = site.root
    for path in sorted(root.glob("content/indicators/*.csv")):
        rel = path.relative_to(root).as_posix()
        if path.stem not in site.indicators and ("indicator", path.stem) not in site.invalid:
            problems.append(
                Problem.whole_file(
                    rel,
                    "unknown-indicator",
                    f"there is no content/indicators/{path.stem}.yaml describing this series",
                    "add the .yaml or rename the .csv to match",
                )
            )
            continue
        table, table_problems = _load_table(cache, root, rel, indicator_schema())
        problems += table_problems
        if table is not None:
            site.series[path.stem] = table
    return problems


def _missing_series(site: Site) -> list[Problem]:
    problems: list[Problem] = []
    root = site.root
    for key in site.indicators:
        if key not in site.series and not (root / f"content/indicators/{key}.csv").exists():
            problems.append(
                Problem.whole_file(
                    f"content/indicators/{key}.yaml",
                    "missing-series",
                    f"content/indicators/{key}.csv is missing",
                    "add the series: columns year,value,comparator",
                )
            )
    return problems
