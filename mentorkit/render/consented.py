"""Public views: the only shapes of people that templates ever receive.

Templates never see a ``Mentor`` or a ``Cohort``. They get these views,
built here with consent applied, so a template cannot print a name that
was not consented to, however it is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from mentorkit.model import Mentor, School, Testimonial

SECTOR_LABELS = {
    "public-sector": "public sector",
    "it": "IT",
    "digital": "digital and technology",
    "health": "health and care",
    "legal": "legal services",
}


def sector_label(sector: str) -> str:
    return SECTOR_LABELS.get(sector, sector.replace("-", " "))


@dataclass(frozen=True)
class PublicMentor:
    display_name: str
    organisation: str | None
    role: str | None
    sector: str
    bio: str | None
    quote: str | None
    named: bool


def public_mentor(mentor: Mentor) -> PublicMentor:
    # Peer mentors are students, usually under 18: never named, whatever the file says.
    named = mentor.consent.publish_name and mentor.kind == "business"
    with_words = mentor.consent.publish_quote and mentor.kind == "business"
    sector = sector_label(mentor.sector)
    organisation = mentor.organisation if mentor.consent.publish_organisation and mentor.kind == "business" else None
    if named:
        display = mentor.name
    elif mentor.kind == "peer":
        display = f"A Sixth Form peer mentor in {mentor.subject}" if mentor.subject else "A peer mentor"
    else:
        display = f"A mentor from the {sector} sector"
    return PublicMentor(
        display_name=display,
        organisation=organisation,
        role=mentor.role if named else None,
        sector=sector,
        bio=mentor.bio if with_words else None,
        quote=mentor.quote if with_words else None,
        named=named,
    )


@dataclass(frozen=True)
class PublicTestimonial:
    quote: str
    attribution: str
    featured: bool


def public_testimonials(items: dict[str, Testimonial], schools: dict[str, School]) -> list[PublicTestimonial]:
    """Consented testimonials only, newest first."""
    out = []

    def newest_first(key: str) -> tuple[bool, int, str]:
        day = items[key].date
        return (day is None, -day.toordinal() if day else 0, key)

    for key in sorted(items, key=newest_first):
        item = items[key]
        if not item.consent:
            continue
        school = schools.get(item.source)
        attribution = f"{item.role}, {school.name}" if school else item.role
        out.append(PublicTestimonial(item.quote, attribution, item.featured))
    return out
