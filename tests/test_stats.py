"""The statistics module against values worked out by hand (arithmetic in the comments)."""

from __future__ import annotations

import pytest

from mentorkit.model import Cohort, Question, Scale
from mentorkit.stats.measures import (
    Change,
    matched_change,
    paired_effect_size,
    participation,
    positive_test,
    proportion,
    qualification_results,
    wilson,
)

# z = 1.959964 (the 97.5% normal quantile), z^2 = 3.841459.


def test_wilson_interval_for_144_of_167():
    # p = 144/167 = 0.862275; z^2/n = 0.023003; denominator = 1.023003
    # centre = (0.862275 + 0.011501) / 1.023003 = 0.854129
    # half = z * sqrt(p(1-p)/n + z^2/(4n^2)) / denominator
    #      = 1.959964 * sqrt(0.00071112 + 0.00003444) / 1.023003 = 0.052313
    lower, upper = wilson(144, 167)
    assert (round(lower, 3), round(upper, 3)) == (0.802, 0.906)


def test_wilson_interval_for_half_of_ten():
    # p = 0.5: centre = 0.5; half = 1.959964 * sqrt(0.025 + 0.009604) / 1.384146 = 0.263406
    lower, upper = wilson(5, 10)
    assert (round(lower, 3), round(upper, 3)) == (0.237, 0.763)


def test_wilson_interval_at_none_and_all_stays_inside_0_and_1():
    # p = 0: centre = half = (z^2/20) / (1 + z^2/10) = 0.192073 / 1.384146 = 0.138766
    assert tuple(round(x, 3) for x in wilson(0, 10)) == (0.0, 0.278)
    assert tuple(round(x, 3) for x in wilson(10, 10)) == (0.722, 1.0)


def test_wilson_refuses_an_impossible_count():
    with pytest.raises(ValueError):
        wilson(3, 2)
    with pytest.raises(ValueError):
        wilson(0, 0)


SCALE = Scale(
    id="agree-5", labels=["Strongly disagree", "Disagree", "Not sure", "Agree", "Strongly agree"], positive_from="Agree"
)


def test_positive_means_the_scale_s_positive_labels_or_yes():
    scale_question = Question(id="q", text="Q", kind="scale")
    yes_no = Question(id="y", text="Y", kind="yes_no")
    assert [positive_test(scale_question, SCALE)(v) for v in (1, 3, 4, 5)] == [False, False, True, True]
    assert [positive_test(yes_no, None)(v) for v in ("yes", "no")] == [True, False]


def test_proportion_leaves_blank_answers_out_of_the_base():
    result = proportion([True, False, None, True, None])
    assert (result.answered, result.positive, result.share) == (3, 2, 2 / 3)


def test_matched_change_counts_only_people_who_answered_both_times():
    before = {"A": 2, "B": 3, "C": 4, "D": None, "E": 1}
    after = {"A": 4, "B": 3, "C": 2, "D": 5, "F": 5}
    # A +2 (improved), B 0 (same), C -2 (worse); D has no "before", E no "after", F no "before".
    assert matched_change(before, after) == Change(matched=3, improved=1, same=1, worse=1, total=0)
    assert matched_change(before, after).mean == 0


def test_mean_change_is_the_average_step_on_the_scale():
    assert matched_change({"A": 1, "B": 2}, {"A": 4, "B": 2}).mean == 1.5  # (3 + 0) / 2


def test_paired_effect_size_for_four_matched_answers_worked_by_hand():
    # before 2, 3, 3, 4 (mean 3); after 3, 4, 3, 5 (mean 3.75); changes 1, 1, 0, 1 (mean 0.75).
    # v_before = (1 + 0 + 0 + 1) / 3 = 2/3; v_after = (0.5625 + 0.0625 + 0.5625 + 1.5625) / 3 = 11/12
    # cov = ((-1)(-0.75) + 0 + 0 + (1)(1.25)) / 3 = 2/3; s^2 = (2/3 + 11/12) / 2 = 19/24
    # d_av = 0.75 / sqrt(19/24) = 0.842927; J = 1 - 3 / (4 * 3 - 1) = 8/11; g_av = 0.613038
    # SE^2 = d^2 (v1^2 + v2^2 + 2 cov^2) / (8 df s^4) + (v1 + v2 - 2 cov) / (df s^2)
    #      = (13.5/19)(313/144) / (361/24) + (1/4) / (3 * 19/24) = 0.102675 + 0.105263 = 0.207938
    # half = 1.959964 * sqrt(0.2079385) = 0.8937489; interval 0.842927 -/+ 0.893749
    change = matched_change({"A": 2, "B": 3, "C": 3, "D": 4}, {"A": 3, "B": 4, "C": 3, "D": 5})
    effect = paired_effect_size(change)
    assert effect is not None
    assert effect.estimate == pytest.approx(0.613038, abs=1e-6)
    assert effect.lower == pytest.approx(-0.050821, abs=1e-6)
    assert effect.upper == pytest.approx(1.736676, abs=1e-6)


def test_paired_effect_size_agrees_with_bonetts_published_example():
    # statpsych::ci.stdmean.ps(.05, 110.4, 102.1, 15.3, 14.6, .75, 25), "unweighted standardizer":
    # d = 0.5550319, LL = 0.2394905, UL = 0.8705732 (Bonett 2008). The change is built from
    # those summaries: each sum of squares is df * variance + n * mean^2, the products df * cov + n * m1 * m2.
    n, after, before, sd_after, sd_before, r = 25, 110.4, 102.1, 15.3, 14.6, 0.75
    change = Change(
        n,
        0,
        0,
        0,
        n * (after - before),  # type: ignore[arg-type]
        before_sum=n * before,  # type: ignore[arg-type]
        before_squares=24 * sd_before**2 + n * before**2,  # type: ignore[arg-type]
        after_sum=n * after,  # type: ignore[arg-type]
        after_squares=24 * sd_after**2 + n * after**2,  # type: ignore[arg-type]
        products=24 * r * sd_after * sd_before + n * after * before,  # type: ignore[arg-type]
    )
    effect = paired_effect_size(change)
    assert effect is not None
    assert effect.estimate / (1 - 3 / (4 * 24 - 1)) == pytest.approx(0.5550319, abs=1e-7)
    assert (effect.lower, effect.upper) == pytest.approx((0.2394905, 0.8705732), abs=1e-7)


def test_paired_effect_size_is_undefined_without_spread_or_with_under_three_pairs():
    assert paired_effect_size(matched_change({"A": 3, "B": 3, "C": 3}, {"A": 4, "B": 4, "C": 4})) is None
    assert paired_effect_size(matched_change({"A": 1, "B": 3}, {"A": 4, "B": 2})) is None


def _cohort(deliveries):
    return Cohort.model_validate(
        {
            "programme": "p",
            "school": "s",
            "academic_year": "2024-25",
            "year_group": 8,
            "start": "2024-10-01",
            "end": "2025-04-30",
            "mentees": [
                {"id": "M1", "mentor": "a", "group": "A"},
                {"id": "M2", "mentor": "a", "group": "A"},
                {"id": "M3", "mentor": "b", "group": "B"},
            ],
            "deliveries": deliveries,
        }
    )


def test_participation_counts_sessions_and_attendance_at_group_sessions_only():
    cohort = _cohort(
        [
            {"session": 1, "date": "2024-10-08", "format": "group", "attended": ["M1", "M2"]},  # 2 of 3 places
            {"session": 2, "date": "2024-11-08", "format": "group", "group": "A", "attended": ["M1"]},  # 1 of 2
            {
                "session": 3,
                "date": "2024-12-08",
                "format": "one-to-one",
                "mentor": "b",
                "attended": ["M3"],
            },  # a tutorial: no places
            {"session": 4, "date": "2025-01-08", "format": "group", "status": "cancelled"},
            {"session": 4, "date": "2025-02-08", "format": "group", "status": "planned"},
        ]
    )
    result = participation([cohort])
    assert (result.schools, result.mentees, result.mentors) == (1, 3, 2)
    assert (result.planned, result.delivered, result.cancelled) == (5, 3, 1)
    assert (result.attended, result.places, result.attendance) == (3, 5, 0.6)


def test_qualification_results_of_the_academy_hub_second_year():
    result = qualification_results(["achieved"] * 28 + ["withdrawn"])
    assert (result.enrolled, result.achieved, result.withdrawn, result.studying) == (29, 28, 1, 0)
    assert round(result.rate, 3) == 0.966  # 28 / 29
