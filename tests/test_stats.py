"""The statistics module against values worked out by hand (arithmetic in the comments)."""

from __future__ import annotations

import pytest

from mentorkit.model import Cohort, Question, Scale
from mentorkit.stats.measures import (
    Change,
    matched_change,
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
