"""What ``new KIND`` writes into a new file: a value for every field that file must have.

Each kind's entry in ``kinds.KINDS`` names its placeholder here, so a new kind of
content file is one entry there plus, when it needs one, a function here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorkit.model.base import ACADEMIC_YEAR_PATTERN


@dataclass(frozen=True)
class NewFileContext:
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
        return int(self.setting("session_minutes", lengths.most_common(1)[0][0] if lengths else 60))


def _durations(folder: Path) -> list[int]:
    found = []
    for path in sorted(folder.glob("*.yaml")):
        match = re.search(r"^duration_minutes:\s*([0-9]+)\s*$", path.read_text(encoding="utf-8"), re.M)
        if match:
            found.append(int(match[1]))
    return found


def session_number(c: NewFileContext) -> int:
    """The first number from 1 to sessions_per_cohort without a plan, else the one after the last."""
    folder = c.root / "sessions"
    taken = {int(m[1]) for p in folder.glob("*.yaml") if (m := re.match(r"([0-9]{2,3})-", p.name))}
    count = c.setting("sessions_per_cohort", 0)
    return next((n for n in range(1, count + 1) if n not in taken), max(taken, default=0) + 1)


def cohort_end(c: NewFileContext) -> dt.date:
    """October plus the programme's months, ending by July (cohorts run inside the school year)."""
    months = max(1, min(c.setting("duration_months", 7), 10))
    last = dt.date(c.start_year, 10, 1) + dt.timedelta(days=31 * (months - 1))
    following = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def joined(c: NewFileContext) -> str:
    """This academic year, or the first year the school already has a cohort in (never later than that)."""
    years = [p.parent.name for p in (c.root / "content" / "cohorts").glob(f"*/{c.ids[0]}.yaml")]
    return min([c.year, *(y for y in years if re.match(ACADEMIC_YEAR_PATTERN, y))])


def pseudonym(c: NewFileContext) -> str:
    """Shaped like the examples' (school, year, number), never like the pages' sample "AB-01",
    which the privacy gate would then find on every site."""
    initials = "".join(part[0] for part in c.ids[1].split("-") if part[:1].isalpha())[:3].upper() or "PP"
    return f"{initials.ljust(2, 'X')}{c.start_year % 100:02d}-001"


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
    return {"name": name(c.ids[0]), "town": "Town", "joined": joined(c)}


def mentor(c: NewFileContext) -> dict[str, Any]:
    return {"name": name(c.ids[0]), "kind": "business", "sector": "finance"}


def cohort(c: NewFileContext) -> dict[str, Any]:
    return {
        "programme": c.programme_id,
        "school": c.ids[1],
        "academic_year": c.year,
        "year_group": c.year_group,
        "start": dt.date(c.start_year, 10, 1),
        "end": cohort_end(c),
        "mentees": [{"id": pseudonym(c), "mentor": None}],
        "deliveries": [],
    }


def session(c: NewFileContext) -> dict[str, Any]:
    minutes = c.session_minutes
    edge = 5 if minutes < 45 else 10
    return {
        "number": session_number(c),
        "title": title(c.ids[0]),
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


def guide(c: NewFileContext) -> dict[str, Any]:
    return {
        "title": title(c.ids[0]),
        "order": next_number(c.root / "content" / "guides", "*.md"),
        "audience": "mentor",
        "summary": "One or two sentences for the handbook's contents.",
        "body": "Write the chapter here, in Markdown.\n\n## A first heading\n\nText.\n",
    }


def survey(c: NewFileContext) -> dict[str, Any]:
    # The id usually says who answers and when (mentee-post, teacher-pre): start from what it says.
    words = set(c.ids[0].split("-"))
    return {
        "title": title(c.ids[0]),
        "respondent": next((who for who in ("teacher", "parent", "mentor") if who in words), "mentee"),
        "timing": "post" if words & {"post", "after", "end"} else "pre",
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
