"""Statistical disclosure control: small numbers are withheld before anything is rendered.

UK official statistics publish figures about children this way (DfE / Explore
Education Statistics symbols): a withheld cell is ``c`` in open data and
``[c]`` in human tables, with the rule stated beside it. The thresholds are a
policy (``programme.yaml`` ``disclosure``), not a constant:

- primary: a count of 1 to ``min_count - 1`` people is withheld (0 is a true zero);
- complement: so is a count whose base minus the count is that small ("28 of 29"
  would single out the one);
- ``min_base``: no percentage, interval, mean or rate on fewer people than this;
- secondary: more cells are withheld until no withheld cell can be worked out
  from the published totals. The usual rule of thumb (never one withheld cell
  alone in a sum) picks them; an exact check (linear algebra over the table's
  additive relations, and the bounds every count obeys) then proves it worked.

A ``StatTable`` holds true values and must never reach a template; ``protect``
turns it into a ``PublishedTable`` whose withheld cells carry no value at all.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from mentorkit.model.programme import Disclosure

Role = Literal["label", "people", "tally", "percent", "ratio", "number"]

#: Explore Education Statistics symbols.
SYMBOLS = {
    "c": "withheld to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
}

Key = tuple[int, str]  # (row index, column name)


@dataclass(frozen=True)
class Column:
    """One column of a statistics table and how disclosure control treats it.

    ``people``: a count of young people (primary, complement and secondary rules).
    ``tally``: a count of things or adults (sessions, schools): published as is.
    ``percent``: ``count`` / ``base`` (a share in 0..1, or an interval bound of one);
    withheld with its count or base, or when the base has fewer than ``min_base`` people.
    ``ratio``: a mean or a rate whose additive numerator is the hidden row value
    ``hidden`` (e.g. the sum of changes behind a mean change); withheld like a
    percent, and its numerator is protected from differencing like a count.
    ``label`` and ``number``: never withheld (names, years, area statistics).
    """

    name: str
    title: str
    role: Role
    description: str
    base: str | None = None
    count: str | None = None
    hidden: str | None = None
    places: int = 0
    #: How a ratio reads: "share" (shown as a percentage) or "points" (a signed number).
    unit: str = "share"


@dataclass(frozen=True)
class Relation:
    """Row ``total`` is the sum of rows ``parts`` (for every additive column where that holds)."""

    total: int
    parts: tuple[int, ...]


@dataclass
class StatTable:
    """True figures, before disclosure control. Never rendered."""

    id: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: Within a row: column ``total`` is the sum of columns ``parts`` (enrolled = achieved + ...).
    sums: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Cell:
    """A published figure: its value, or a symbol and no value at all."""

    value: Any
    symbol: str = ""

    @property
    def shown(self) -> bool:
        return not self.symbol


_NOT_AVAILABLE, _WITHHELD = Cell(None, "x"), Cell(None, "c")

Equation = dict[Key, int]


@dataclass
class PublishedTable:
    id: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Cell]]
    policy: Disclosure
    #: The additive relations between published count cells (each sums to zero),
    #: kept so tests can prove no withheld cell is determined by them.
    equations: list[Equation] = field(default_factory=list)

    @property
    def symbols(self) -> list[str]:
        """The symbols this table uses, in a fixed order (for its footnote)."""
        used = {cell.symbol for row in self.rows for cell in row.values() if cell.symbol}
        return [s for s in SYMBOLS if s in used]

    def where(self, **match: Any) -> list[dict[str, Cell]]:
        """Rows whose label cells equal the given values."""
        return [row for row in self.rows if all(row[k].value == v for k, v in match.items())]


# ---------------------------------------------------------------- the rules


def primary(value: int | None, base: int | None, policy: Disclosure) -> bool:
    """Whether a count of people is withheld on its own account."""
    if value is None:
        return False
    if 0 < value < policy.min_count:
        return True
    if policy.complement and base is not None and 0 < base - value < policy.min_count:
        return True
    return False


def protect(table: StatTable, policy: Disclosure, follow: Mapping[str, Iterable[int]] | None = None) -> PublishedTable:
    """Apply the policy to every cell; the result holds no withheld value.

    ``follow``: columns another table also publishes (encounters' pupils are
    participation's mentees), with the rows that table withholds. They are
    withheld here too and no others in them, so neither table can be used to
    work out what the other withholds; the rest of this table is protected
    around them.
    """
    rows = table.rows
    people = [c for c in table.columns if c.role == "people"]
    names = {c.name for c in people}
    counts: dict[Key, int] = {
        (i, c.name): row[c.name] for i, row in enumerate(rows) for c in people if row.get(c.name) is not None
    }
    withheld = {
        (i, c.name)
        for i, row in enumerate(rows)
        for c in people
        if primary(row.get(c.name), row.get(c.base) if c.base else None, policy)
    }
    follow = follow or {}
    withheld |= {(i, name) for name, numbers in follow.items() for i in numbers if rows[i].get(name) is not None}
    frozen = {(i, name) for name in follow for i in range(len(rows))}
    count_equations = _row_equations(table, [c.name for c in people]) + _sum_equations(table)
    within = [
        ((i, c.name), (i, c.base))
        for i, row in enumerate(rows)
        for c in people
        if c.base and row.get(c.name) is not None and row.get(c.base) is not None
    ]
    withheld = secondary(counts, count_equations, withheld, _totals(count_equations), within, frozen=frozen)

    ratios = [c for c in table.columns if c.role == "ratio"]
    hidden_values: dict[Key, int | float] = {}
    hidden_withheld: set[Key] = set()
    nobody: set[Key] = set()
    for column in ratios:
        assert column.hidden and column.base
        for i, row in enumerate(rows):
            key: tuple[Any, Any] = (i, column.hidden)  # also (type, value) below
            if row.get(column.hidden) is None:
                continue
            hidden_values[key] = row[column.hidden]
            if row.get(column.base) == 0 and (i, column.base) not in withheld:
                nobody.add(key)
                continue  # a sum over nobody, published as such, is a known zero: no use hiding it
            if _too_small((i, column.base), rows, withheld, policy, names):
                hidden_withheld.add(key)
    hidden_equations = _row_equations(table, [c.hidden for c in ratios if c.hidden])
    # A sum of changes can be negative: no bound to lean on, linear algebra decides.
    # ...and never a partner to hide another sum behind: the reader knows it anyway.
    hidden_withheld = secondary(
        hidden_values, hidden_equations, hidden_withheld, _totals(hidden_equations), nonnegative=False, frozen=nobody
    )
    hidden_withheld = _verified(hidden_withheld - nobody, hidden_equations, set(hidden_values) - nobody)

    def percent_hidden(column: Column, i: int) -> bool:
        return bool(column.count and (i, column.count) in withheld) or _too_small(
            (i, column.base or ""), rows, withheld, policy, names
        )

    hidden_by = {
        "people": lambda column, i: (i, column.name) in withheld,
        "percent": percent_hidden,
        "ratio": lambda column, i: (i, column.hidden or "") in hidden_withheld,
    }
    # Cells are immutable, so one per distinct value will do: most are labels repeated
    # on every row (years, levels, questions), and fewer objects make a big table cheap.
    shared: dict[tuple[type, str | int], Cell] = {}
    published: list[dict[str, Cell]] = []
    for i, row in enumerate(rows):
        out: dict[str, Cell] = {}
        for column in table.columns:
            value = row.get(column.name)
            hidden = hidden_by.get(column.role)
            if value is None:
                # "Not applicable" over a withheld base would tell the reader the base is 0.
                base_withheld = bool(column.base) and (i, column.base) in withheld
                out[column.name] = _WITHHELD if base_withheld else _NOT_AVAILABLE
            elif hidden and hidden(column, i):
                out[column.name] = _WITHHELD
            elif type(value) not in (str, int):
                out[column.name] = Cell(value)  # floats are mostly one-offs (and -0.0 == 0.0)
            else:
                key = (type(value), value)  # 1 and True are equal but print differently
                cell = shared.get(key)
                if cell is None:
                    cell = shared[key] = Cell(value)
                out[column.name] = cell
        published.append(out)
    return PublishedTable(table.id, table.title, table.description, table.columns, published, policy, count_equations)


def _too_small(base: Key, rows: list[dict[str, Any]], withheld: set[Key], policy: Disclosure, people: set[str]) -> bool:
    """A derived figure about people needs its base published and at least ``min_base`` people in it."""
    i, name = base
    if name not in people:
        return False  # a share of sessions is not a figure about people
    if base in withheld:
        return True
    value = rows[i].get(name)
    return value is not None and value < policy.min_base


def _row_equations(table: StatTable, names: Iterable[str]) -> list[Equation]:
    """total - sum(parts) = 0 for every relation and column where the figures really add up.

    A column that does not add up (mentors who work in two schools) gives no
    equation: a reader cannot difference it either.
    """
    equations = []
    for name in names:
        for relation in table.relations:
            values: list[Any] = [table.rows[i].get(name) for i in (relation.total, *relation.parts)]
            if any(v is None for v in values) or values[0] != sum(values[1:]):
                continue
            equation = {(relation.total, name): 1}
            for part in relation.parts:
                equation[(part, name)] = equation.get((part, name), 0) - 1
            equations.append(equation)
    return equations


def _sum_equations(table: StatTable) -> list[Equation]:
    equations = []
    for total, parts in table.sums:
        for i, row in enumerate(table.rows):
            values: list[Any] = [row.get(total)] + [row.get(p) for p in parts]
            if any(v is None for v in values) or values[0] != sum(values[1:]):
                continue
            equations.append({(i, total): 1, **{(i, p): -1 for p in parts}})
    return equations


def _totals(equations: list[Equation]) -> set[Key]:
    return {key for eq in equations for key, coefficient in eq.items() if coefficient > 0}


# ---------------------------------------------------------------- secondary suppression


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
