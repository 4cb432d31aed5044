"""The measures behind every published figure, as small pure functions on plain values.

A Wilson interval, a proportion of positive answers, a matched pre/post
change, participation and qualification results: each tested against
hand-worked values (tests/test_stats.py).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
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
class Mean:
    """A mean answer and its t-based 95% interval."""

    estimate: float
    lower: float
    upper: float


def mean_interval(total: int, squares: int, n: int) -> Mean | None:
    """The mean of ``n`` answers from their sum and sum of squares, with its 95% interval.

    mean +- t(0.975, n - 1) * s / sqrt(n), s the sample standard deviation
    (n - 1 in the variance). The sums are exact integers until the division, so
    the figure does not depend on the order the answers were added in. None
    below two answers (no spread to estimate).
    """
    if n < 2:
        return None
    from scipy.stats import t  # imported here: only a build with matched answers pays for it

    mean = total / n
    variance = max(0, n * squares - total * total) / (n * (n - 1))
    half = float(t.ppf(0.975, n - 1)) * math.sqrt(variance / n)
    return Mean(mean, mean - half, mean + half)


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
    #: Sums of the answers, their squares and products: additive like ``total``, so a group's
    #: standard deviations (and its effect size) come from its schools' sums.
    #: Left out of ``==``: two changes are equal when their counts and total are.
    before_sum: int = field(default=0, compare=False)
    before_squares: int = field(default=0, compare=False)
    after_sum: int = field(default=0, compare=False)
    after_squares: int = field(default=0, compare=False)
    products: int = field(default=0, compare=False)

    @property
    def mean(self) -> float | None:
        return self.total / self.matched if self.matched else None


def matched_change(before: Mapping[str, int | None], after: Mapping[str, int | None]) -> Change:
    """Pre/post answers matched on pseudonym; only people who answered both count."""
    pairs = [
        (int(before[k]), int(after[k]))  # type: ignore[arg-type]
        for k in sorted(before.keys() & after.keys())
        if before[k] is not None and after[k] is not None
    ]
    deltas = [post - pre for pre, post in pairs]
    return Change(
        len(deltas),
        sum(d > 0 for d in deltas),
        sum(d == 0 for d in deltas),
        sum(d < 0 for d in deltas),
        sum(deltas),
        sum(pre for pre, _ in pairs),
        sum(pre * pre for pre, _ in pairs),
        sum(post for _, post in pairs),
        sum(post * post for _, post in pairs),
        sum(pre * post for pre, post in pairs),
    )


@dataclass(frozen=True)
class EffectSize:
    """A paired standardised mean change: the estimate and its 95% interval."""

    estimate: float
    lower: float
    upper: float


#: How the effect size is computed, in words, for pages and the data package.
EFFECT_SIZE_METHOD = (
    "Hedges' g_av for paired answers: the mean change divided by the square root of the mean of the "
    "before and after variances, times Hedges' small-sample correction 1 - 3/(4(n-1) - 1); "
    "95% interval by Bonett's (2008) normal approximation."
)


def paired_effect_size(change: Change, z: float = Z95) -> EffectSize | None:
    """Standardised mean change of matched before/after answers, with its 95% interval.

    The estimator is d_av with the average-variance standardiser,
    d_av = mean(after - before) / sqrt((s_before^2 + s_after^2) / 2),
    the paired counterpart of the pooled-SD effect size the Education Endowment
    Foundation reports (Lakens 2013, "Calculating and reporting effect sizes to
    facilitate cumulative science", Frontiers in Psychology 4:863, on why d_av
    rather than d_z = mean / sd(diff) compares with between-group designs). The
    published estimate is Hedges' g_av = J * d_av, J = 1 - 3 / (4 df - 1) with
    df = n - 1 (Hedges 1981; Cumming 2012, "Understanding the New Statistics",
    ch. 11), which removes most of d's upward bias in small groups.

    The interval is Bonett's normal approximation (Bonett 2008, "Confidence
    intervals for standardized linear contrasts of means", Psychological Methods
    13(2):99-109; as in R's statpsych::ci.stdmean.ps), around the uncorrected d:
    SE^2 = d^2 (v1^2 + v2^2 + 2 r^2 v1 v2) / (8 df s^4) + (v1 + v2 - 2 r s1 s2) / (df s^2),
    with v1, v2 the variances, r the before/after correlation and s^2 = (v1 + v2) / 2.

    None when it is undefined: fewer than three pairs, or no spread in the answers.
    """
    n = change.matched
    if n < 3:
        return None
    df = n - 1
    # Variances and covariance from the sums, exactly (integers) until the division.
    v1 = (n * change.before_squares - change.before_sum**2) / (n * df)
    v2 = (n * change.after_squares - change.after_sum**2) / (n * df)
    covariance = (n * change.products - change.before_sum * change.after_sum) / (n * df)
    s2 = (v1 + v2) / 2
    if s2 <= 0:
        return None
    d = change.total / n / math.sqrt(s2)
    # r^2 v1 v2 is the covariance squared; v1 + v2 - 2 r s1 s2 is the variance of the changes.
    variance = d * d * (v1 * v1 + v2 * v2 + 2 * covariance * covariance) / (8 * df * s2 * s2) + (
        v1 + v2 - 2 * covariance
    ) / (df * s2)
    half = z * math.sqrt(variance)
    correction = 1 - 3 / (4 * df - 1)
    return EffectSize(correction * d, d - half, d + half)


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
