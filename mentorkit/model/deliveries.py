"""Who meets whom at a delivery: one answer for mentors' calendars and schools' encounter records.

A delivery names its mentor when one mentor led it; otherwise each mentee
meets their own mentor (a whole-cohort group session has every group's mentor
in the room; a one-to-one day has each mentor meeting their own mentees).
"""

from __future__ import annotations

from mentorkit.model import Cohort, Delivery, Mentee


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
