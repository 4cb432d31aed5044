"""The content model: one pydantic model per kind of file (see docs/content-model)."""

from mentorkit.model.base import PATTERN_HINTS, PSEUDONYM_PATTERN, SLUG_PATTERN, Strict
from mentorkit.model.cohort import Cohort, Delivery, Mentee
from mentorkit.model.documents import FreePage, Guide, Indicator, Report, Testimonial
from mentorkit.model.people import Mentor, School
from mentorkit.model.programme import Programme
from mentorkit.model.session import AgendaItem, SessionPlan
from mentorkit.model.survey import Question, Scale, Survey

__all__ = [
    "PATTERN_HINTS",
    "PSEUDONYM_PATTERN",
    "SLUG_PATTERN",
    "Strict",
    "AgendaItem",
    "Cohort",
    "Delivery",
    "Guide",
    "Indicator",
    "Mentee",
    "Mentor",
    "FreePage",
    "Programme",
    "Question",
    "Report",
    "Scale",
    "School",
    "SessionPlan",
    "Survey",
    "Testimonial",
]
