"""Who meets whom at a delivery: one answer for mentors' calendars and schools' encounter records.

A delivery names its mentor when one mentor led it; otherwise each mentee
meets their own mentor (a whole-cohort group session has every group's mentor
in the room; a one-to-one day has each mentor meeting their own mentees).
"""

from __future__ import annotations

from mentorkit.model import Cohort, Delivery, Mentee, Mentor, Programme


def invited(cohort: Cohort, delivery: Delivery) -> list[Mentee]:
    """The mentees a delivery is for: its group (or the whole cohort), and its mentor's mentees when it names one."""
    return [
        m
        for m in cohort.mentees
        if (delivery.group is None or m.group == delivery.group)
        and (delivery.mentor is None or m.mentor == delivery.mentor)
    ]


def mentors_at(cohort: Cohort, delivery: Delivery) -> list[str]:
    """The mentors who deliver it: the named one, else the mentors of everyone invited or present."""
    if delivery.mentor:
        return [delivery.mentor]
    people = set(delivery.attended) | {m.id for m in invited(cohort, delivery)}
    found = {m.mentor for m in cohort.mentees if m.mentor and m.id in people}
    return sorted(found)


def mentor_met(delivery: Delivery, mentee: Mentee) -> str | None:
    """The mentor a mentee who attended the delivery met."""
    return delivery.mentor or mentee.mentor


def meets_employer(mentor: Mentor | None, programme: Programme) -> bool:
    """Whether meeting this mentor is an employer encounter (Gatsby Benchmark 5): a business mentor is an
    employer, a peer mentor a student; with no mentor named, the programme's kind of mentor decides."""
    return mentor.kind == "business" if mentor is not None else programme.mentor_kind == "business"


def employer_size(delivery: Delivery, mentor: Mentor | None) -> str | None:
    """The size of the employer met: the delivery's own, else the mentor's (None: not recorded)."""
    return delivery.employer_size or (mentor.employer_size if mentor is not None else None)


def mode(delivery: Delivery, mentor: Mentor | None) -> str | None:
    """In person or virtual: the delivery's own, else the mentor's usual (None: not recorded)."""
    return delivery.mode or (mentor.mode if mentor is not None else None)
