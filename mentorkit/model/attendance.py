"""Attendance, counted the same way on every page and in every report.

Programmes record deliveries differently: one record for a whole group
session, or one record per one-to-one meeting. Counting per mentee and
session makes both give the same answer: a mentee attended session N if
any delivered record of session N lists them.
"""

from __future__ import annotations

from mentorkit.model import Cohort


def sessions_delivered(cohort: Cohort) -> set[int]:
    return {d.session for d in cohort.deliveries if d.status == "delivered"}


def attended_pairs(cohort: Cohort) -> set[tuple[str, int]]:
    return {(pseudonym, d.session) for d in cohort.deliveries if d.status == "delivered" for pseudonym in d.attended}


def attendance(cohort: Cohort) -> tuple[int, int]:
    """(attendances, possible attendances) over the sessions delivered so far."""
    return len(attended_pairs(cohort)), len(cohort.mentees) * len(sessions_delivered(cohort))
