"""The measures behind every published figure, as small pure functions on plain values.

A Wilson interval, a proportion of positive answers, a matched pre/post
change, participation and qualification results: each tested against
hand-worked values (tests/test_stats.py).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from mentorkit.model import Cohort, Question, Scale
from mentorkit.model.attendance import recorded

#: The two-sided 95% normal quantile (1.959964...), not the rounded 1.96.
Z95 = NormalDist().inv_cdf(0.975)


def wilson(positive: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``positive`` of ``n``: stays inside 0..1 and behaves at 0% and 100%."""
    if n <= 0 or not 0 <= positive <= n:
        raise ValueError(f"need 0 <= positive <= n and n > 0, got {positive} of {n}")
    p = positive / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Proportion:
    answered: int
    positive: int

    @property
    def share(self) -> float | None:
        return self.positive / self.answered if self.answered else None

    @property
    def interval(self) -> tuple[float, float] | tuple[None, None]:
        return wilson(self.positive, self.answered) if self.answered else (None, None)


def positive_test(question: Question, scale: Scale | None) -> Callable[[Any], bool]:
    """How a given answer to a yes/no or scale question counts: yes, or the scale's positive labels."""
    if question.kind == "yes_no":
        return lambda answer: bool(answer == "yes")
    assert scale is not None
    code = scale.positive_code  # looked up once per question, not once per answer
    return lambda answer: bool(int(answer) >= code)


def proportion(answers: Iterable[bool | None]) -> Proportion:
    """Positive answers out of those who answered (blanks are not in the base)."""
    given = [a for a in answers if a is not None]
    return Proportion(len(given), sum(given))


@dataclass(frozen=True)
class Change:
    matched: int
    improved: int
    same: int
    worse: int
    #: Sum of (after - before) in scale points; the mean's additive numerator.
    total: int

    @property
    def mean(self) -> float | None:
        return self.total / self.matched if self.matched else None


def matched_change(before: Mapping[str, int | None], after: Mapping[str, int | None]) -> Change:
    """Pre/post answers matched on pseudonym; only people who answered both count."""
    pairs = [
        (before[k], after[k])
        for k in sorted(before.keys() & after.keys())
        if before[k] is not None and after[k] is not None
    ]
    deltas = [int(post) - int(pre) for pre, post in pairs]  # type: ignore[arg-type]
    return Change(
        len(deltas), sum(d > 0 for d in deltas), sum(d == 0 for d in deltas), sum(d < 0 for d in deltas), sum(deltas)
    )


@dataclass(frozen=True)
class Participation:
    schools: int
    mentees: int
    mentors: int
    planned: int
    delivered: int
    cancelled: int
    #: Attendances at sessions run for a whole cohort or group, and the places at them,
    #: over the sessions whose attendance was recorded.
    attended: int
    places: int
    #: Such sessions delivered without an attendance record: left out, never counted as 0%.
    unrecorded: int = 0

    @property
    def attendance(self) -> float | None:
        return self.attended / self.places if self.places else None

    @property
    def attendance_record(self) -> str:
        """What the attendance figure covers, in words: "" when no such session was delivered."""
        if not self.unrecorded:
            return "recorded" if self.places else ""
        if not self.places:
            return "not recorded"
        return f"{self.unrecorded} session{'s' if self.unrecorded > 1 else ''} not recorded"

    @property
    def delivery(self) -> float | None:
        return self.delivered / self.planned if self.planned else None


def participation(cohorts: Iterable[Cohort]) -> Participation:
    """Schools, mentees, mentors and sessions of some cohorts.

    ``planned`` counts every delivery in the calendar (delivered, cancelled or
    still planned). Attendance is measured at sessions meant for a whole cohort
    or group; a tutorial with a named mentor is booked for whoever comes, so it
    counts as delivered but has no "places" to fill.
    """
    cohorts = list(cohorts)
    schools, mentees, mentors = set(), 0, set()
    planned = delivered = cancelled = attended = places = unrecorded = 0
    for cohort in cohorts:
        schools.add(cohort.school)
        mentees += len(cohort.mentees)
        mentors |= {m.mentor for m in cohort.mentees if m.mentor}
        for delivery in cohort.deliveries:
            planned += 1
            cancelled += delivery.status == "cancelled"
            if delivery.status != "delivered":
                continue
            delivered += 1
            invited = _invited(cohort, delivery.group, delivery.mentor, delivery.format)
            if invited is not None and not recorded(delivery):
                unrecorded += 1
            elif invited is not None:
                places += len(invited)
                attended += len(invited & set(delivery.attended))
    return Participation(
        len(schools), mentees, len(mentors), planned, delivered, cancelled, attended, places, unrecorded
    )


def _invited(cohort: Cohort, group: str | None, mentor: str | None, fmt: str) -> set[str] | None:
    if fmt == "one-to-one" and mentor:
        return None
    return {
        m.id for m in cohort.mentees if (group is None or m.group == group) and (mentor is None or m.mentor == mentor)
    }


@dataclass(frozen=True)
class Qualifications:
    enrolled: int
    achieved: int
    withdrawn: int
    studying: int

    @property
    def rate(self) -> float | None:
        return self.achieved / self.enrolled if self.enrolled else None


def qualification_results(statuses: Iterable[str]) -> Qualifications:
    """Statuses (enrolled / achieved / withdrawn) of everyone who started a qualification."""
    count = Counter(statuses)
    return Qualifications(sum(count.values()), count["achieved"], count["withdrawn"], count["enrolled"])
