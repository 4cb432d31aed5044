"""The content a new programme starts from: its programme.yaml and a plan for each session.

Written with ``new``'s renderer, so every field is there under its note, like
a file from ``mentorkit new``. The first session is a worked example; the
others are outlines of the programme's session length, to replace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mentorkit.commands.new import render
from mentorkit.model.kinds import KIND_BY_NAME

if TYPE_CHECKING:
    from mentorkit.commands.init import Answers

#: Titles for the outline sessions, in a usual order; numbered ones after these.
OUTLINES = (
    ("the-world-of-work", "The world of work", "Mentors describe a working day and the routes into their job."),
    ("options-and-routes", "Options and routes", "GCSE options, sixth form, college and apprenticeships."),
    ("setting-goals", "Setting goals", "Each student writes one goal for the next year and the first step."),
    ("celebrating-progress", "Celebrating progress", "Looking back at the sessions and forward to what is next."),
)

SAFEGUARDING = (
    "Meet in school, where staff can see you, never alone behind a closed door. Report any\n"
    "disclosure to the school's designated safeguarding lead the same day.\n"
)


def content(a: Answers) -> dict[str, str]:
    files = {"content/programme.yaml": render(KIND_BY_NAME["programme"], programme(a))}
    for number in range(1, a.sessions + 1):
        slug, values = session(a, number)
        files[f"sessions/{number:02d}-{slug}.yaml"] = render(KIND_BY_NAME["session"], values)
    return files


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _years(a: Answers) -> str:
    groups = a.year_groups or [8]
    return "Year " + " and Year ".join(str(g) for g in groups)


def programme(a: Answers) -> dict[str, Any]:
    return {
        "id": a.slug,
        "name": a.name,
        "short_name": a.name,
        "organisation": {"name": a.organisation, "email": a.contact_email},
        "summary": (
            f"{a.name} matches volunteers from local employers with {_years(a)} students for "
            f"{a.sessions} session{'s' if a.sessions != 1 else ''} of {a.session_minutes} minutes. Mentors share "
            "how they got where they are; students leave with a plan for their next steps.\n"
        ),
        "year_groups": a.year_groups or [8],
        "duration_months": a.months,
        "sessions_per_cohort": a.sessions,
        "session_minutes": a.session_minutes,
        "aims": [
            {"id": "inspire", "text": "Help young people see where their strengths could take them."},
            {"id": "plan", "text": "Help young people make a plan for their next steps."},
        ],
        "recruitment": {
            "headline": f"Mentor {_years(a)} students: {_plural(a.sessions, 'session')} of {a.session_minutes} "
            "minutes that help them plan their future.",
            "commitment": (
                f"{a.sessions} session{'s' if a.sessions != 1 else ''} of {a.session_minutes} minutes with "
                f"{_years(a)} students, in school time, over about {a.months} months.\n"
            ),
            "requirements": [
                f"An enhanced DBS check, which {a.organisation} arranges",
                "A short safeguarding briefing before your first session",
            ],
            "apply_email": a.contact_email,
        },
        # Gatsby Benchmark 5's four criteria, worded for the starter sessions (each ends with
        # "Reflect and close"): a new programme's encounters count as meaningful from day one,
        # and the notes above each key say what to write when the sessions change.
        "meaningful_encounter": {
            "shared_purpose": "The mentor opens every session by saying what it is for.\n",
            "learning_outcomes": "Each plan lists what students will be able to do by the end.\n",
            "two_way_interaction": "Students question their mentor and talk with them in small groups.\n",
            "time_to_reflect": 'Every session ends with "Reflect and close": what I learnt, my next step.\n',
        },
        "site": {"url": a.site_url, "language": "en-GB"},
    }


def _agenda(minutes: int, main: str, details: str) -> list[dict[str, Any]]:
    edge = 5 if minutes < 45 else 10
    return [
        {"minutes": edge, "activity": "Welcome and recap", "lead": "staff"},
        {"minutes": minutes - 2 * edge, "activity": main, "lead": "mentor", "details": details},
        {"minutes": edge, "activity": "Reflect and close", "lead": "all"},
    ]


def session(a: Answers, number: int) -> tuple[str, dict[str, Any]]:
    """The file name's slug and the plan of session ``number``."""
    if number == 1:
        return "getting-to-know-you", {
            "number": 1,
            "title": "Getting to know you",
            "summary": "Mentors and students meet; each mentor tells the story of how they got to their job.",
            "format": "group",
            "duration_minutes": a.session_minutes,
            "aims": ["inspire"],
            "objectives": ["Know their mentor's name and job.", "Name one thing they enjoy and are good at."],
            "agenda": _agenda(
                a.session_minutes,
                "My story",
                "Each mentor tells their route into work in five minutes: what they enjoyed at school, what "
                "they tried, what they would tell their younger self. Then students ask questions.",
            ),
            "prompts": ["What do you enjoy doing, in school or out of it?", "What would you like to try?"],
            "safeguarding": SAFEGUARDING,
        }
    slug, title, summary = (
        OUTLINES[number - 2]
        if number - 2 < len(OUTLINES)
        else (f"session-{number}", f"Session {number}", "What this session is for.")
    )
    return slug, {
        "number": number,
        "title": title,
        "summary": summary,
        "format": "group",
        "duration_minutes": a.session_minutes,
        "aims": ["plan"],
        "agenda": _agenda(a.session_minutes, "Main activity", "How to run it, step by step."),
        "safeguarding": SAFEGUARDING,
    }
