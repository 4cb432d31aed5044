"""The content model: one pydantic model per kind of file (see docs/content-model)."""

from .base import PATTERN_HINTS, PSEUDONYM_PATTERN, SLUG_PATTERN, Strict
from .cohort import Cohort, Delivery, Mentee
from .documents import Guide, Indicator, Page, Report, Testimonial
from .people import Mentor, School
from .programme import Programme
from .session import AgendaItem, SessionPlan
from .survey import Question, Scale, Survey

__all__ = [
    "PATTERN_HINTS", "PSEUDONYM_PATTERN", "SLUG_PATTERN", "Strict",
    "AgendaItem", "Cohort", "Delivery", "Guide", "Indicator", "Mentee", "Mentor", "Page",
    "Programme", "Question", "Report", "Scale", "School", "SessionPlan", "Survey", "Testimonial",
]
