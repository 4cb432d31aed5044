"""Read one YAML or Markdown-with-front-matter content file: the size limit, then the parse.

Whatever goes wrong comes back as problems, never an exception: a file too
large, not UTF-8, not YAML, too many values or nested too deeply.
"""

from __future__ import annotations

from pathlib import Path

from mentorkit.load.source import Source
from mentorkit.load.text_file import read_text
from mentorkit.load.yaml_parse import MAX_NODES, TooManyNodes, parse_front_matter, parse_yaml
from mentorkit.problems import Problem

#: Content files are small (a cohort of 30 mentees is about 3 KB); the limit
#: stops a pasted export or a hostile file from exhausting memory.
MAX_YAML_BYTES = 2_000_000


def load_yaml_file(
    path: Path, rel: str, *, front_matter: bool = False, limit: int = MAX_YAML_BYTES
) -> tuple[Source, list[Problem]]:
    source = Source(path=path, rel=rel)
    text, problems = read_text(path, rel, limit)
    if text is None:
        return source, problems
    try:
        if front_matter:
            problems = parse_front_matter(text, source)
        else:
            problems = parse_yaml(text, source)
    except TooManyNodes:
        source.data = None
        return source, [
            source.file_problem(
                "too-many-values", f"the file holds more than {MAX_NODES:,} values", "split it into smaller files"
            )
        ]
    except RecursionError:
        source.data = None
        return source, [source.file_problem("too-deep", "the file is nested too deeply", "flatten the structure")]
    return source, problems
