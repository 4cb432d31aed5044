"""``sessions/<NN>-<slug>.yaml``: one session plan."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mentorkit.model.base import MARKDOWN, Slug, Strict, ref
from mentorkit.model.meaningful import MeaningfulEncounter


class AgendaItem(Strict):
    minutes: int = Field(ge=1, le=240, description="How long this part takes, in minutes.")
    activity: str = Field(description="Name of the activity, e.g. 'Icebreaker: two truths and a wish'.")
    lead: Literal["mentor", "mentee", "staff", "all"] = Field(description="Who leads this part.")
    details: str = Field("", description="How to run it (Markdown).", json_schema_extra=MARKDOWN)
    materials: list[str] = Field(default_factory=list, description="What to bring or print for this part.")


class SessionPlan(Strict):
    renamed = {"duration": "duration_minutes", "length": "duration_minutes"}

    number: int = Field(ge=1, description="Session number, 1..sessions_per_cohort; must match the NN of the file name.")
    title: str = Field(description="Title of the session.")
    summary: str = Field("", description="One or two sentences for the sessions overview.")
    format: Literal["group", "one-to-one", "mixed"] = Field(description="How the session is run.")
    duration_minutes: int = Field(
        ge=5, le=480, description="Length of the session; the agenda's minutes must add up to it."
    )
    aims: list[Slug] = Field(
        default_factory=list,
        description="Programme aims (programme.yaml aims[].id) this session serves.",
        json_schema_extra=ref("aim"),
    )
    objectives: list[str] = Field(default_factory=list, description="By the end, mentees will… (one each).")
    preparation: list[str] = Field(default_factory=list, description="What the mentor does before the session.")
    agenda: list[AgendaItem] = Field(description="The timed plan of the session.")
    prompts: list[str] = Field(default_factory=list, description="Questions the mentor can ask.")
    safeguarding: str = Field(
        description="Safeguarding reminders specific to this session (Markdown).", json_schema_extra=MARKDOWN
    )
    follow_up: str = Field("", description="What happens after the session (Markdown).", json_schema_extra=MARKDOWN)
    survey: Slug | None = Field(
        None, description="Survey instrument used in or after this session.", json_schema_extra=ref("survey")
    )
    meaningful_encounter: MeaningfulEncounter | None = Field(
        None,
        description="How this session meets the criteria of a meaningful encounter (Gatsby Benchmark 5) that "
        "programme.yaml's meaningful_encounter leaves out, or says more specifically for this session.",
    )
