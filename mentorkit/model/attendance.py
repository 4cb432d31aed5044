"""Attendance, counted the same way on every page and in every report.

Programmes record deliveries differently: one record for a whole group
session, or one record per one-to-one meeting. Counting per mentee and
session makes both give the same answer: a mentee attended session N if
any delivered record of session N lists them.
"""

from __future__ import annotations

from mentorkit.model import Cohort, Delivery


def recorded(delivery: Delivery) -> bool:
    """False for a delivered session whose file has no ``attended`` list."""
    return delivery.status != "delivered" or "attended" in delivery.model_fields_set


def unrecorded(cohort: Cohort) -> list[tuple[int, Delivery]]:
    """(index in ``deliveries``, delivery) of each delivered session without an attendance record."""
    return [(i, d) for i, d in enumerate(cohort.deliveries) if not recorded(d)]


def sessions_delivered(cohort: Cohort) -> set[int]:
    return {d.session for d in cohort.deliveries if d.status == "delivered"}


def attended_pairs(cohort: Cohort) -> set[tuple[str, int]]:
    return {(pseudonym, d.session) for d in cohort.deliveries if d.status == "delivered" for pseudonym in d.attended}


def attendance(cohort: Cohort) -> tuple[int, int]:
    """(attendances, possible attendances) over the sessions delivered so far whose attendance was recorded."""
    missing = {d.session for _, d in unrecorded(cohort)}
    counted = sessions_delivered(cohort) - missing
    pairs = {(pseudonym, session) for pseudonym, session in attended_pairs(cohort) if session in counted}
    return len(pairs), len(cohort.mentees) * len(counted)
