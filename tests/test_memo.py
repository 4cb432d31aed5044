"""Results remembered by identity: the same table again is not worked over twice."""

from __future__ import annotations

from mentorkit.stats.memo import by_identity


def test_the_same_object_is_answered_from_memory_and_an_equal_one_is_worked_out_again():
    calls = []

    @by_identity(maxsize=2)
    def total(values: list[int]) -> int:
        calls.append(list(values))
        return sum(values)

    first, equal = [1, 2], [1, 2]
    assert total(first) == 3 and total(first) == 3
    assert total(equal) == 3
    assert calls == [[1, 2], [1, 2]]
    total([5]), total([6])  # the oldest entries make way
    assert total(first) == 3 and len(calls) == 5
