"""Secondary suppression: withhold more cells until no withheld cell can be worked out.

Split from ``disclosure`` (which decides what is withheld on its own account
and publishes the rest): the rule of thumb, the exact check by elimination,
and ``determined``, which tests use to prove the result.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable
from typing import Any

Key = tuple[int, str]  # (row index, column name)
Equation = dict[Key, int]


def secondary(
    values: dict[Key, Any],
    equations: list[Equation],
    withheld: set[Key],
    totals: set[Key],
    within: Iterable[tuple[Key, Key]] = (),
    *,
    nonnegative: bool = True,
    frozen: Iterable[Key] = (),
) -> set[Key]:
    """Withhold more cells until no withheld cell can be worked out from the published ones.

    Each block of cells linked by relations is done on its own, in two passes:

    - the rule of thumb statistical offices use, cheap and nearly always
      enough: no relation may have exactly one withheld cell; where one has,
      withhold the smallest other cell in it, preferring parts to totals
      (totals are what readers need) and non-zero cells to zeros;
    - the exact check, one elimination per block rather than one per cell per
      step: see ``_first_disclosed``. A cell it finds is widened (the best
      published cell nearest to it is withheld), the rule of thumb runs again
      from there, and the check again on that part of the block only.

    ``nonnegative``: the values are counts (a sum of changes can be negative).
    ``frozen``: cells whose withholding another table decides; never chosen here.
    """
    return _Suppression(values, equations, set(withheld), totals, list(within), nonnegative, set(frozen)).run()


class _Suppression:
    def __init__(
        self,
        values: dict[Key, Any],
        equations: list[Equation],
        withheld: set[Key],
        totals: set[Key],
        within: list[tuple[Key, Key]],
        nonnegative: bool,
        frozen: set[Key],
    ) -> None:
        self.values, self.equations, self.withheld, self.totals = values, equations, withheld, totals
        self.within, self.nonnegative, self.frozen = within, nonnegative, frozen
        self.index: dict[Key, list[int]] = {}
        for number, equation in enumerate(equations):
            for key in equation:
                self.index.setdefault(key, []).append(number)
        self.pairs: dict[Key, list[tuple[Key, Key]]] = {}
        for pair in within:
            for key in pair:
                self.pairs.setdefault(key, []).append(pair)
        #: Withheld cells shown to take more than one value. Withholding more
        #: never fixes a free cell again (every solution extends with the new
        #: cells at their true values), so they are not checked twice.
        self.free: set[Key] = set()
        #: Determined cells with nothing left to withhold around them.
        self.hopeless: set[Key] = set()

    def run(self) -> set[Key]:
        for block in self._blocks():
            queue = sorted({n for key in block for n in self.index.get(key, [])})
            while True:
                self._no_lone_cells(queue)
                key = self._first_disclosed(block)
                if key is None:
                    break
                added = self._widen(key)
                if added is None:
                    self.hopeless.add(key)
                    queue = []
                else:
                    queue = self.index.get(added, [])
        return self.withheld

    def _blocks(self) -> list[list[Key]]:
        """Cells linked by relations or by a count-and-base pair: blocks share nothing, so each is done alone."""
        blocks, placed = [], set()
        for start in sorted(self.withheld):
            if start not in placed:
                block = self._linked([start], lambda key: True)
                placed |= block
                blocks.append(sorted(block))
        return blocks

    def _linked(self, start: Iterable[Key], follow: Callable[[Key], bool]) -> set[Key]:
        """``start`` and the cells linked to it, by relations and count-base pairs,
        through cells that ``follow`` allows."""
        seen, frontier, used = set(start), list(start), set()
        while frontier:
            current = frontier.pop()
            linked = [k for pair in self.pairs.get(current, []) for k in pair]
            for number in self.index.get(current, []):
                if number not in used:  # a relation of many cells is read once, not once per cell
                    used.add(number)
                    linked += self.equations[number]
            for other in linked:
                if other not in seen and follow(other):
                    seen.add(other)
                    frontier.append(other)
        return seen

    def _rank(self, key: Key) -> tuple[bool, bool, Any, Key]:
        value = self.values.get(key, 0)
        return (key in self.totals, value == 0, value, key)

    def _no_lone_cells(self, queue: Iterable[int]) -> None:
        """The rule of thumb: give every relation with exactly one withheld cell a second one."""
        heap: list[tuple[Key, int]] = []
        for number in queue:
            lone = self._lone(number)
            if lone is not None:
                heapq.heappush(heap, (lone, number))
        while heap:
            lone_key, number = heapq.heappop(heap)
            if self._lone(number) != lone_key:
                continue
            candidates = [k for k in self.equations[number] if k not in self.withheld and k not in self.frozen]
            if not candidates:
                continue  # the exact check will find the cell and look further afield
            added = min(candidates, key=self._rank)
            self.withheld.add(added)
            for other in self.index[added]:
                lone = self._lone(other)
                if lone is not None:
                    heapq.heappush(heap, (lone, other))

    def _lone(self, number: int) -> Key | None:
        found = None
        for key in self.equations[number]:
            if key in self.withheld:
                if found is not None:
                    return None
                found = key
        return found if found is not None and found not in self.hopeless else None

    def _first_disclosed(self, block: list[Key]) -> Key | None:
        """The first withheld cell of the block a reader could work out, or None.

        A reader knows the published cells, the relations, that counts are >= 0
        and that a count is no more than its base. A withheld cell is safe when
        some change to the withheld cells keeps all of that true and moves it.
        Changes that keep every count at a bound where it is (a withheld 0
        stays 0, a count equal to its base keeps pace with it) can go either
        way by a little and stay valid, so a cell they move is safe: linear
        algebra decides that, exactly, for the whole block at once. A cell they
        cannot move may still move one way only (a 0 can grow); only those few
        go to linear programming, which measures the range each can take.
        """
        unproven = [k for k in block if k in self.withheld and k not in self.free and k not in self.hopeless]
        if not unproven:
            return None
        cells = self._linked(unproven, self.withheld.__contains__)
        rows = self._restricted(cells)
        at_bounds = self._at_bounds(cells)
        fixed_at_bounds = _determined(rows + at_bounds)
        self.free |= cells - fixed_at_bounds
        suspects = sorted(fixed_at_bounds & set(unproven))
        if not suspects:
            return None
        fixed = _determined(rows) if at_bounds else fixed_at_bounds
        linear = [k for k in suspects if k in fixed]
        if linear:
            return linear[0]
        for key in suspects:
            if self._pinned(key):
                return key
            self.free.add(key)
        return None

    def _restricted(self, cells: set[Key]) -> list[dict[Key, int]]:
        """The relations as equations in the withheld cells (published cells are constants)."""
        return [{k: c for k, c in self.equations[n].items() if k in self.withheld} for n in self._relations(cells)]

    def _relations(self, cells: Iterable[Key]) -> list[int]:
        return sorted({n for key in cells for n in self.index.get(key, [])})

    def _at_bounds(self, cells: set[Key]) -> list[dict[Key, int]]:
        """Moves that would break a bound, as equations: a withheld zero stays, a count equal to its base keeps pace."""
        rows: list[dict[Key, int]] = []
        if self.nonnegative:
            rows += [{k: 1} for k in sorted(cells) if self.values.get(k) == 0]
        for count, base in sorted({p for k in cells for p in self.pairs.get(k, [])}):
            if self.values.get(count) == self.values.get(base):
                row = {k: c for k, c in ((count, 1), (base, -1)) if k in self.withheld}
                if row:
                    rows.append(row)
        return rows

    def _pinned(self, key: Key) -> bool:
        """Whether counts being >= 0 and no more than their base pin ``key`` to one value.

        The linear algebra misses this: 5 of a school's 5 answers positive,
        published, makes its withheld "answered" at least 5, and a year group's
        total may make it at most 5. Linear programming finds the least and the
        greatest value the withheld cell can take; equal means disclosed.
        """
        unknown = sorted(self._linked([key], self.withheld.__contains__))
        position = {k: i for i, k in enumerate(unknown)}

        def linear(terms: Iterable[tuple[Key, float]]) -> tuple[list[float], float]:
            """A constraint over the unknown cells: their coefficients, and the published cells moved to the right."""
            row, constant = [0.0] * len(unknown), 0.0
            for k, coefficient in terms:
                if k in position:
                    row[position[k]] += coefficient
                else:
                    constant -= coefficient * self.values[k]
            return row, constant

        equalities = [linear(self.equations[number].items()) for number in self._relations(unknown)]
        # count - base <= 0: a count is never more than its base
        bounds = [
            linear(((count, 1), (base, -1)))
            for count, base in sorted({p for k in unknown for p in self.pairs.get(k, [])})
        ]
        a_eq, b_eq = [row for row, _ in equalities], [constant for _, constant in equalities]
        a_ub, b_ub = [row for row, _ in bounds], [constant for _, constant in bounds]
        if not a_ub and not self.nonnegative:
            return False  # without bounds, linear algebra has said all there is to say
        from scipy.optimize import linprog  # only the few cells at a bound get here

        objective = [1.0 if k == key else 0.0 for k in unknown]
        options = {
            "A_ub": a_ub or None,
            "b_ub": b_ub or None,
            "A_eq": a_eq or None,
            "b_eq": b_eq or None,
            "bounds": [(0, None) if self.nonnegative else (None, None)] * len(unknown),
            "method": "highs",
        }
        low = linprog(objective, **options)
        high = linprog([-x for x in objective], **options)
        if low.status == 3 or high.status == 3:
            return False  # no bound on one side: not pinned
        if low.status != 0 or high.status != 0:
            return True  # the solver gave no answer: assume the worst
        return bool(-high.fun - low.fun < 0.5)

    def _widen(self, key: Key) -> Key | None:
        """Withhold the best published cell nearest to ``key`` in its relations (then in its count-base pairs)."""
        candidates = self._neighbours(key, through_pairs=False) or self._neighbours(key, through_pairs=True)
        if not candidates:
            return None  # everything related is already withheld
        added = min(candidates, key=self._rank)
        self.withheld.add(added)
        return added

    def _neighbours(self, key: Key, through_pairs: bool) -> set[Key]:
        """Published cells nearest to ``key`` in its relations, reached through withheld cells."""
        seen, layer, used = {key}, [key], set()
        while layer:
            found, following = set(), []
            for current in layer:
                linked: list[Key] = []
                for number in self.index.get(current, []):
                    if number not in used:
                        used.add(number)
                        linked += self.equations[number]
                if through_pairs:
                    linked += [k for pair in self.pairs.get(current, []) for k in pair]
                for other in linked:
                    if other not in self.withheld:
                        if other not in self.frozen:
                            found.add(other)
                    elif other not in seen:
                        seen.add(other)
                        following.append(other)
            if found:
                return found
            layer = following
        return set()


def _verified(withheld: set[Key], equations: list[Equation], candidates: set[Key]) -> set[Key]:
    """The last word on withheld sums: an exact check of the final pattern.

    Should the search above ever leave a withheld sum that the published ones
    fix, every sum that can be hidden is hidden instead: withholding more can
    never expose a cell, so this is always safe, if less informative.
    """
    rows = [{k: c for k, c in eq.items() if k in withheld} for eq in equations]
    if not withheld or not (_determined([row for row in rows if row]) & withheld):
        return withheld
    return withheld | candidates


def determined(key: Key, equations: list[Equation], withheld: set[Key]) -> bool:
    """Whether the published cells fix the value of withheld cell ``key``.

    The published values are constants, so each relation restricted to the
    withheld cells is a linear equation in them; ``key`` is determined exactly
    when its unit vector lies in the span of those equations.
    """
    rows = [{k: c for k, c in eq.items() if k in withheld} for eq in equations]
    return key in _determined([row for row in rows if row])


def _determined(rows: Iterable[dict[Key, int]]) -> set[Key]:
    """Every unknown the equations fix, from one exact elimination.

    Gauss-Jordan over the integers (each row divided by the gcd of its entries,
    so nothing grows and nothing is rounded): in reduced row echelon form an
    unknown is fixed exactly when its pivot row holds nothing else, since every
    other unknown of its row is free and moves it.
    """
    basis: dict[Key, dict[Key, int]] = {}
    holders: dict[Key, set[Key]] = {}  # unknown -> pivots whose rows hold it
    for row in sorted(rows, key=len):  # short relations first keep the rows sparse
        for pivot in [k for k in row if k in basis]:
            row = _eliminate(row, basis[pivot], pivot)
        if not row:
            continue
        pivot = min(row, key=lambda k: (abs(row[k]) != 1, len(holders.get(k, ())), k))
        for other in holders.pop(pivot, set()):
            before = basis[other]
            after = _eliminate(before, row, pivot)
            for k in before.keys() - after.keys():
                if k != other and k != pivot:
                    holders[k].discard(other)
            for k in after.keys() - before.keys():
                holders.setdefault(k, set()).add(other)
            basis[other] = after
        basis[pivot] = row
        for k in row:
            if k != pivot:
                holders.setdefault(k, set()).add(pivot)
    return {pivot for pivot, row in basis.items() if len(row) == 1}


def _eliminate(row: dict[Key, int], pivot_row: dict[Key, int], pivot: Key) -> dict[Key, int]:
    """``row`` with ``pivot`` cancelled by a multiple of ``pivot_row``, in lowest terms."""
    a, b = pivot_row[pivot], row[pivot]
    out = dict(row) if a == 1 else {k: v * a for k, v in row.items()}
    for k, v in pivot_row.items():
        updated = out.get(k, 0) - b * v
        if updated:
            out[k] = updated
        else:
            out.pop(k, None)
    divisor = math.gcd(*out.values()) if out else 1
    return {k: v // divisor for k, v in out.items()} if divisor > 1 else out
