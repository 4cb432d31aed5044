"""What the home page shows a would-be mentor: the commitment at a glance and the latest results.

Figures come only from the disclosure-controlled tables (``figures["tables"]``):
a figure whose value or base is withheld there is left off the home page
entirely (the Impact page explains withheld cells; a landing page has no room to).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from mentorkit.load.content import Site
from mentorkit.render.outcomes import show

#: How many results the home page shows at most.
HEADLINES = 3


@dataclass(frozen=True)
class Glance:
    figure: str  # "3 sessions"
    detail: str  # "of 45 minutes each"


@dataclass(frozen=True)
class Headline:
    figure: str  # "72%"
    text: str  # "of 68 mentees who answered agreed: I feel confident about my future."


def session_minutes(site: Site) -> int | None:
    """The programme's session length, else the usual length of its plans."""
    assert site.programme
    if site.programme.session_minutes:
        return site.programme.session_minutes
    lengths = Counter(plan.duration_minutes for plan in site.sessions.values())
    return lengths.most_common(1)[0][0] if lengths else None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def glance(site: Site) -> list[Glance]:
    """Sessions, length, months, who with; the requirements follow as a list of their own."""
    assert site.programme
    p = site.programme
    minutes = session_minutes(site)
    return [
        Glance(_plural(p.sessions_per_cohort, "session"), f"of {minutes} minutes each" if minutes else "in school"),
        Glance(_plural(p.duration_months, "month"), "from the first session to the last"),
        Glance(year_groups(p.year_groups), "the students you mentor, in school time"),
    ]


def year_groups(groups: list[int]) -> str:
    """Year 10 / Years 9 and 10 / Years 7 to 11 / Years 7, 9 and 11."""
    ordered = sorted(set(groups))
    if len(ordered) == 1:
        return f"Year {ordered[0]}"
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"Years {ordered[0]} to {ordered[-1]}"
    return "Years " + ", ".join(map(str, ordered[:-1])) + f" and {ordered[-1]}"


def headlines(site: Site, figures: dict[str, Any]) -> tuple[str | None, list[Headline]]:
    """The latest year's programme-wide results after the sessions, each with its base."""
    table = figures["tables"].get("outcomes")
    year = figures.get("latest")
    if table is None or year is None:
        return None, []
    cols = {c.name: c for c in table.columns}
    found = []
    for row in table.rows:
        if row["academic_year"].value != year or row["level"].value != "Programme":
            continue
        survey = site.surveys.get(row["survey"].value)
        if survey is None or survey.timing != "post" or row["respondent"].value != "mentee":
            continue
        if not (row["positive_share"].shown and row["answered"].shown):
            continue  # withheld: the Impact page says why; the home page leaves it out
        question = str(row["question_text"].value).rstrip(".")
        agree = survey.scale is not None and "agree" in survey.scale.positive_from.lower()
        verb = "agreed" if agree else "answered positively"
        answered = show(row["answered"], cols["answered"])
        found.append(
            Headline(
                show(row["positive_share"], cols["positive_share"]),
                f"of the {answered} mentees who answered after the sessions {verb}: “{question}”",
            )
        )
    return year, found[:HEADLINES]
