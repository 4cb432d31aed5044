"""``content/cohorts/<academic-year>/<school-id>.yaml``: one school's cohort in one year.

Mentees appear only as pseudonyms. The pattern (capitals, digits, hyphens)
makes it impossible to type an ordinary name such as "Sam Jones" by mistake.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from mentorkit.model.base import AcademicYear, ClockTime, Pseudonym, Slug, Strict, ref
from mentorkit.model.meaningful import MODE_DESCRIPTION, SIZE_DESCRIPTION, EmployerSize, Mode


class Mentee(Strict):
    renamed = {"name": "id"}

    id: Pseudonym = Field(description="The mentee's pseudonym, e.g. EXAMPLE-01. Never a real name.")
    mentor: Slug | None = Field(
        None,
        description="The mentor matched with this mentee (empty until matched).",
        json_schema_extra=ref("mentor"),
    )
    group: str | None = Field(None, description="Mentoring group, e.g. A, where mentees meet in groups.")
    interests: list[Slug] = Field(
        default_factory=list,
        description="Career-interest sectors the mentee chose, as sector slugs (used for matching).",
    )


class Delivery(Strict):
    session: int = Field(ge=1, description="Number of the session plan delivered.", json_schema_extra=ref("session"))
    date: dt.date = Field(description="Date the session took (or will take) place (YYYY-MM-DD).")
    start_time: ClockTime | None = Field(None, description="Start time (HH:MM), for mentors' calendars.")
    format: Literal["group", "one-to-one"] = Field(description="How the session was run.")
    group: str | None = Field(None, description="Which mentoring group met, when not the whole cohort.")
    mentor: Slug | None = Field(
        None,
        description="Mentor who led it, when one mentor led the whole delivery.",
        json_schema_extra=ref("mentor"),
    )
    status: Literal["planned", "delivered", "cancelled"] = Field(
        "delivered", description="planned: in the calendar; delivered: took place; cancelled: did not happen."
    )
    attended: list[Pseudonym] = Field(default_factory=list, description="Pseudonyms of the mentees who attended.")
    mode: Mode | None = Field(None, description=MODE_DESCRIPTION + " Default: the mentor's mode.")
    employer_size: EmployerSize | None = Field(
        None,
        description=SIZE_DESCRIPTION + " Default: the mentor's employer_size; set it here when no mentor is named.",
    )


class Cohort(Strict):
    programme: Slug = Field(description="The programme's id (programme.yaml).")
    school: Slug = Field(
        description="The school (content/schools/<id>.yaml); must match the file name.", json_schema_extra=ref("school")
    )
    academic_year: AcademicYear = Field(description="Academic year, e.g. 2024-25; must match the folder name.")
    year_group: int = Field(ge=1, le=14, description="Year group of the mentees, e.g. 8.")
    start: dt.date = Field(description="First day of the cohort (YYYY-MM-DD), inside the academic year.")
    end: dt.date = Field(description="Last day of the cohort (YYYY-MM-DD), inside the academic year.")
    coordinator_role: str | None = Field(
        None, description="The school's contact for the programme, as a role (e.g. 'Careers lead'), never a name."
    )
    mentees: list[Mentee] = Field(default_factory=list, description="The mentees, by pseudonym, and who mentors them.")
    deliveries: list[Delivery] = Field(
        default_factory=list, description="Sessions planned or delivered, with attendance."
    )
