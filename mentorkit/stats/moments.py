"""What a published mean and its interval tell about the answers behind them.

A mean answer gives the sum of the answers (mean x n); its interval's width
gives their standard deviation, so the sum of their squares too. On a scale
coded 1..N, those two sums and n can fix how many people gave an answer: all
of them on a scale of two or three labels (three equations, three unknowns),
some of them at the ends of a longer one (nineteen "Strongly agree" and one
"Agree" is the only way 20 answers can sum to 99). ``fixed_counts`` finds the
counts every possible set of answers shares, so disclosure control can treat
them as published (``matched_means``).

It walks the possible counts of each label in turn, the last three solved
from the two sums directly, skipping any branch whose remaining sums no
answers could make, and stops as soon as every count is seen to vary.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

#: Branches tried before giving up (a long scale and many people): the caller then assumes the worst.
BUDGET = 200_000


@dataclass(frozen=True)
class Fixed:
    """Counts that every set of answers with the given sums shares: by answer code, and of positive answers."""

    codes: dict[int, int]
    positive: int | None


class _OutOfBudget(Exception):
    pass


def fixed_counts(n: int, total: int, squares: int, labels: int, positive_from: int) -> Fixed | None:
    """The counts fixed by n answers on a 1..``labels`` scale summing to ``total``, their squares to
    ``squares`` (positive: the answers from ``positive_from`` up). None when there were too many ways to try."""
    seen: list[set[int]] = [set() for _ in range(labels)]
    positives: set[int] = set()
    try:
        for counts in _ways(1, labels, n, total, squares, (), [BUDGET]):
            for found, count in zip(seen, counts):
                found.add(count)
            positives.add(sum(counts[positive_from - 1 :]))
            if len(positives) > 1 and all(len(found) > 1 for found in seen):
                break
    except _OutOfBudget:
        return None
    codes = {code: next(iter(found)) for code, found in enumerate(seen, start=1) if len(found) == 1}
    return Fixed(codes, next(iter(positives)) if len(positives) == 1 else None)


def _ways(
    v: int, top: int, m: int, s: int, q: int, before: tuple[int, ...], budget: list[int]
) -> Iterator[tuple[int, ...]]:
    """Every way (counts of each code) ``m`` answers from ``v``..``top`` can sum to ``s``, their squares to ``q``."""
    if not (m * v <= s <= m * top and m * v * v <= q <= m * top * top and s * s <= m * q):
        return
    budget[0] -= 1
    if budget[0] < 0:
        raise _OutOfBudget
    if top - v < 3:  # three codes or fewer: their counts follow from m, s and q
        counts = _solved(v, top, m, s, q)
        if counts is not None:
            yield before + counts
        return
    for c in range(m + 1):
        yield from _ways(v + 1, top, m - c, s - c * v, q - c * v * v, (*before, c), budget)


def _solved(v: int, top: int, m: int, s: int, q: int) -> tuple[int, ...] | None:
    """The counts of ``v``..``top`` (one, two or three consecutive codes) with these sums, if whole."""
    if top == v:
        return (m,) if m * v == s and m * v * v == q else None
    if top == v + 1:
        y = s - v * m
        return (m - y, y) if 0 <= y <= m and q == v * v * (m - y) + (v + 1) ** 2 * y else None
    # x + y + z = m, v x + (v+1) y + (v+2) z = s, v^2 x + (v+1)^2 y + (v+2)^2 z = q.
    s1, q1 = s - v * m, q - v * v * m
    y2, z2 = s1 * ((v + 2) ** 2 - v * v) - 2 * q1, q1 - s1 * ((v + 1) ** 2 - v * v)
    if y2 % 2 or z2 % 2:
        return None
    y, z = y2 // 2, z2 // 2
    return (m - y - z, y, z) if y >= 0 and z >= 0 and y + z <= m else None
