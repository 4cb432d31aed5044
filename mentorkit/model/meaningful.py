"""Gatsby Benchmark 5's *meaningful* encounter: its four criteria, employer sizes and modes.

The refreshed benchmark (Gatsby Foundation, November 2024, in force from
September 2025) asks for at least one meaningful encounter with an employer
for every pupil every year from age 11, and for encounters with employers of
different sizes, the self-employed included. An encounter is meaningful when
it has a clear shared purpose, learning outcomes, two-way interaction and time
to reflect. A programme says how its sessions meet each criterion
(``programme.yaml`` ``meaningful_encounter``); a session plan may add what the
programme leaves out. A session meets the benchmark only when all four are
declared, by the one or the other.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from mentorkit.model.base import MARKDOWN, Strict

#: The four criteria, by key, with the words the benchmark uses.
CRITERIA: dict[str, str] = {
    "shared_purpose": "a clear shared purpose",
    "learning_outcomes": "learning outcomes",
    "two_way_interaction": "two-way interaction",
    "time_to_reflect": "time to reflect",
}

EmployerSize = Literal["micro", "small", "medium", "large", "self-employed"]
EMPLOYER_SIZES: tuple[str, ...] = get_args(EmployerSize)
#: The UK's usual size bands (employees), as the Companies Act and the ONS use them.
SIZE_TITLES = {
    "micro": "Micro (fewer than 10 employees)",
    "small": "Small (10 to 49 employees)",
    "medium": "Medium (50 to 249 employees)",
    "large": "Large (250 or more employees)",
    "self-employed": "Self-employed",
}
Mode = Literal["in-person", "virtual"]
MODES: tuple[str, ...] = get_args(Mode)
MODE_TITLES = {"in-person": "In person", "virtual": "Virtual"}
NOT_RECORDED = "not recorded"

SIZE_DESCRIPTION = (
    "Size of the mentor's employer: micro (fewer than 10 employees), small (10 to 49), medium (50 to 249), "
    "large (250 or more) or self-employed. Gatsby Benchmark 5 asks for encounters with employers of different sizes."
)
MODE_DESCRIPTION = "How the mentor and mentees meet: in-person (in the same room) or virtual (online)."


class MeaningfulEncounter(Strict):
    """How sessions meet each criterion of a meaningful encounter (Gatsby Benchmark 5), one sentence or two each."""

    shared_purpose: str | None = Field(
        None,
        description="A clear shared purpose: how pupils and the mentor know what the session is for, e.g. "
        "'the mentor opens each session with its aim, written on the board'.",
        json_schema_extra=MARKDOWN,
    )
    learning_outcomes: str | None = Field(
        None,
        description="Learning outcomes: what pupils learn, e.g. 'each plan lists its objectives; the mentor "
        "checks them at the end'.",
        json_schema_extra=MARKDOWN,
    )
    two_way_interaction: str | None = Field(
        None,
        description="Two-way interaction: how pupils talk with the employer rather than only listen, e.g. "
        "'pupils question their mentor and work in small groups with them'.",
        json_schema_extra=MARKDOWN,
    )
    time_to_reflect: str | None = Field(
        None,
        description="Time to reflect: when pupils think about what they learnt, e.g. 'the last ten minutes, "
        "on a reflection sheet kept in their careers file'.",
        json_schema_extra=MARKDOWN,
    )


MEANINGFUL_DESCRIPTION = (
    "How the sessions make each employer encounter meaningful for Gatsby Benchmark 5: say how they meet "
    "shared_purpose, learning_outcomes, two_way_interaction and time_to_reflect. Only a session meeting all "
    "four counts as a meaningful encounter."
)


def declared(*declarations: MeaningfulEncounter | None) -> set[str]:
    """The criteria some declaration says how to meet (a blank text says nothing)."""
    return {
        key
        for declaration in declarations
        if declaration is not None
        for key in CRITERIA
        if (getattr(declaration, key) or "").strip()
    }


def unmet(*declarations: MeaningfulEncounter | None) -> list[str]:
    """The criteria no declaration meets, in the benchmark's order: empty for a meaningful session."""
    found = declared(*declarations)
    return [key for key in CRITERIA if key not in found]
