"""What ``new KIND`` writes into a new file: a value for every field that file must have.

Each kind's entry in ``kinds.KINDS`` names its placeholder here, so a new kind of
content file is one entry there plus, when it needs one, a function here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class NewFileContext:
    """What a placeholder may depend on: the site as it is, and the ids asked for."""

    root: Path
    ids: tuple[str, ...]
    programme_id: str
    year: str  # the academic year the file is for

    @property
    def start_year(self) -> int:
        return int(self.year[:4])


def title(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def name(slug: str) -> str:
    return slug.replace("-", " ").title()


def next_number(folder: Path, pattern: str) -> int:
    numbers = [int(m[1]) for p in folder.glob(pattern) if (m := re.match(r"([0-9]{2,3})-", p.name))]
    return max(numbers, default=0) + 1


def programme(c: NewFileContext) -> dict[str, Any]:
    return {
        "id": c.ids[0],
        "name": title(c.ids[0]),
        "short_name": title(c.ids[0]),
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
    }


def school(c: NewFileContext) -> dict[str, Any]:
    return {"name": name(c.ids[0]), "town": "Town", "joined": c.year}


def mentor(c: NewFileContext) -> dict[str, Any]:
    return {"name": name(c.ids[0]), "kind": "business", "sector": "finance"}


def cohort(c: NewFileContext) -> dict[str, Any]:
    return {
        "programme": c.programme_id,
        "school": c.ids[1],
        "academic_year": c.year,
        "year_group": 8,
        "start": dt.date(c.start_year, 10, 1),
        "end": dt.date(c.start_year + 1, 4, 30),
        "mentees": [{"id": "AB-01", "mentor": None}],
        "deliveries": [],
    }


def session(c: NewFileContext) -> dict[str, Any]:
    return {
        "number": next_number(c.root / "sessions", "*.yaml"),
        "title": title(c.ids[0]),
        "format": "group",
        "duration_minutes": 60,
        "agenda": [
            {"minutes": 10, "activity": "Welcome and recap", "lead": "staff"},
            {"minutes": 40, "activity": "Main activity", "lead": "mentor", "details": "How to run it, step by step."},
            {"minutes": 10, "activity": "Reflect and close", "lead": "all"},
        ],
        "safeguarding": "Meet in school, never alone behind a closed door. Report any disclosure to the\n"
        "school's designated safeguarding lead the same day.\n",
    }


def guide(c: NewFileContext) -> dict[str, Any]:
    return {
        "title": title(c.ids[0]),
        "order": next_number(c.root / "content" / "guides", "*.md"),
        "audience": "mentor",
        "summary": "One or two sentences for the handbook's contents.",
        "body": "Write the chapter here, in Markdown.\n\n## A first heading\n\nText.\n",
    }


def survey(c: NewFileContext) -> dict[str, Any]:
    return {
        "title": title(c.ids[0]),
        "respondent": "mentee",
        "timing": "pre",
        "scale": {
            "id": "agree-5",
            "labels": ["Strongly disagree", "Disagree", "Not sure", "Agree", "Strongly agree"],
            "positive_from": "Agree",
        },
        "questions": [{"id": "confident-future", "text": "I feel confident about my future.", "kind": "scale"}],
    }


def testimonial(c: NewFileContext) -> dict[str, Any]:
    return {
        "quote": "The words, exactly as said.",
        "source": "parent",
        "role": "Parent",
        "date": dt.date.today(),
        # Nothing is published until someone has agreed to it.
        "consent": False,
        "programme": c.programme_id,
    }


def indicator(c: NewFileContext) -> dict[str, Any]:
    return {
        "title": "What is measured",
        "area": "Your area",
        "source": {
            "publisher": "Department for Education",
            "title": "Title of the publication",
            "url": "https://www.gov.uk/",
        },
        "better": "lower",
        "illustrative": True,
    }


def report(c: NewFileContext) -> dict[str, Any]:
    return {
        "academic_year": c.ids[0],
        "title": f"Annual report {c.ids[0]}",
        "highlights": ["A highlight in your own words (the build adds every figure)."],
        "body": "Reflections on the year, in Markdown.\n",
    }


def page(c: NewFileContext) -> dict[str, Any]:
    return {
        "title": title(c.ids[0]),
        "description": "One sentence for search engines and link previews.",
        "body": "Write the page here, in Markdown.\n",
    }
