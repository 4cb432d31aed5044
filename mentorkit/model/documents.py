"""Markdown documents with YAML front matter: guides, report narratives, pages,
plus testimonials and indicators.

For Markdown kinds the text below the front matter arrives as ``body``
(the name Decap CMS uses for it); the JSON Schema of the front matter leaves
``body`` out.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field

from mentorkit.model.base import MARKDOWN, AcademicYear, Slug, Strict, Url

BODY = Field(
    "", description="The Markdown text below the front matter.", json_schema_extra={**MARKDOWN, "x-body": True}
)


class Guide(Strict):
    title: str = Field(description="Chapter title.")
    order: int = Field(ge=0, description="Position in the handbook; must match the NN of the file name.")
    audience: Literal["mentor", "school", "staff"] = Field(description="Who the chapter is for.")
    summary: str = Field(description="One or two sentences shown in the handbook's contents.")
    body: str = BODY


class Report(Strict):
    academic_year: AcademicYear = Field(description="The year this report covers; must match the file name.")
    title: str = Field(description="Title of the annual report.")
    highlights: list[str] = Field(
        default_factory=list, description="Short highlights in staff's words (no figures: the build adds them)."
    )
    body: str = BODY


# A free page of the public site (content/pages/<slug>.md), written by staff; not a page the build plans.
class FreePage(Strict):
    model_config = ConfigDict(title="Page")  # the name editors and the JSON Schema show

    title: str = Field(description="Page title.")
    nav_order: int = Field(100, description="Position in the site navigation (lower comes first).")
    description: str = Field(description="One sentence for search engines and link previews.")
    body: str = BODY


class Testimonial(Strict):
    quote: str = Field(description="The words quoted.")
    source: str = Field(
        description=(
            "Who said it: a school's id (content/schools), or one of the roles parent, carer, teacher, mentor, "
            "mentee, student, employer, school, governor."
        )
    )
    role: str = Field(description="How the source is described, e.g. 'Teacher' or 'Head of Year 8'.")
    date: dt.date | None = Field(None, description="When it was said (YYYY-MM-DD).")
    consent: bool = Field(description="Must be true for the quote to be published.")
    programme: Slug = Field(description="The programme's id.")
    featured: bool = Field(False, description="Show on the home page.")


class IndicatorSource(Strict):
    publisher: str = Field(description="Who publishes the series, e.g. Department for Education.")
    title: str = Field(description="Title of the publication.")
    url: Url = Field(description="Web address of the publication.")


class Indicator(Strict):
    title: str = Field(
        description="What is measured, e.g. '16-17 year olds not in education, employment or training (NEET)'."
    )
    unit: Literal["percent"] = Field("percent", description="Unit of value and comparator.")
    area: str = Field(description="Area the values describe, e.g. 'Southend-on-Sea'.")
    comparator_name: str = Field("England", description="What the comparator column describes.")
    source: IndicatorSource = Field(description="The official publication the series comes from.")
    better: Literal["higher", "lower"] = Field(description="Which direction is an improvement.")
    illustrative: bool = Field(
        False,
        description="True when the values were not read from the source: every page showing them then says so.",
    )
    note: str = Field("", description="Anything a reader needs to interpret the series.")
