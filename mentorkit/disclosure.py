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
  from the published totals (checked exactly, by linear algebra over the
  table's additive relations, not by a rule of thumb).

A ``StatTable`` holds true values and must never reach a template; ``protect``
turns it into a ``PublishedTable`` whose withheld cells carry no value at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Literal

from .models.programme import Disclosure

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


def protect(table: StatTable, policy: Disclosure) -> PublishedTable:
    """Apply the policy to every cell; the result holds no withheld value."""
    rows = table.rows
    people = [c for c in table.columns if c.role == "people"]
    names = {c.name for c in people}
    counts: dict[Key, int] = {(i, c.name): row[c.name] for i, row in enumerate(rows) for c in people if row.get(c.name) is not None}
    withheld = {
        (i, c.name) for i, row in enumerate(rows) for c in people
        if primary(row.get(c.name), row.get(c.base) if c.base else None, policy)
    }
    count_equations = _row_equations(table, [c.name for c in people]) + _sum_equations(table)
    within = [((i, c.name), (i, c.base)) for i, row in enumerate(rows) for c in people
              if c.base and row.get(c.name) is not None and row.get(c.base) is not None]
    withheld = secondary(counts, count_equations, withheld, _totals(count_equations), within)

    ratios = [c for c in table.columns if c.role == "ratio"]
    hidden_values: dict[Key, int | float] = {}
    hidden_withheld: set[Key] = set()
    for column in ratios:
        assert column.hidden and column.base
        for i, row in enumerate(rows):
            key = (i, column.hidden)
            if row.get(column.hidden) is None:
                continue
            hidden_values[key] = row[column.hidden]
            if _too_small((i, column.base), rows, withheld, policy, names):
                hidden_withheld.add(key)
    hidden_equations = _row_equations(table, [c.hidden for c in ratios if c.hidden])
    hidden_withheld = secondary(hidden_values, hidden_equations, hidden_withheld, _totals(hidden_equations))

    published: list[dict[str, Cell]] = []
    for i, row in enumerate(rows):
        out: dict[str, Cell] = {}
        for column in table.columns:
            value = row.get(column.name)
            if value is None:
                out[column.name] = Cell(None, "x")
            elif column.role == "people" and (i, column.name) in withheld:
                out[column.name] = Cell(None, "c")
            elif column.role == "percent" and (
                (column.count and (i, column.count) in withheld) or _too_small((i, column.base or ""), rows, withheld, policy, names)
            ):
                out[column.name] = Cell(None, "c")
            elif column.role == "ratio" and (i, column.hidden or "") in hidden_withheld:
                out[column.name] = Cell(None, "c")
            else:
                out[column.name] = Cell(value)
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
            values = [table.rows[i].get(name) for i in (relation.total, *relation.parts)]
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
            values = [row.get(total)] + [row.get(p) for p in parts]
            if any(v is None for v in values) or values[0] != sum(values[1:]):
                continue
            equations.append({(i, total): 1, **{(i, p): -1 for p in parts}})
    return equations


def _totals(equations: list[Equation]) -> set[Key]:
    return {key for eq in equations for key, coefficient in eq.items() if coefficient > 0}


# ---------------------------------------------------------------- secondary suppression


def secondary(values: dict[Key, Any], equations: list[Equation], withheld: set[Key], totals: set[Key],
              within: list[tuple[Key, Key]] = ()) -> set[Key]:
    """Withhold more cells until no withheld cell is determined by the published ones.

    Greedy, as statistical offices do it by hand: while some withheld cell can be
    solved for, withhold the smallest published cell that shares a relation with
    it, preferring parts to totals (totals are what readers need) and non-zero
    cells to zeros. Exact rational arithmetic decides "can be solved for".
    """
    withheld = set(withheld)
    index: dict[Key, list[Equation]] = {}
    for equation in equations:
        for key in equation:
            index.setdefault(key, []).append(equation)

    def widen(key: Key) -> bool:
        candidates = _neighbours(key, index, withheld)
        if not candidates:
            return False  # everything related is already withheld
        withheld.add(min(candidates, key=lambda k: (k in totals, values.get(k) == 0, values.get(k, 0), k)))
        return True

    memo: dict[tuple[Key, frozenset[Key]], bool] = {}

    def pins(key: Key) -> bool:
        # The answer depends only on the withheld cells of the key's component: remember it.
        component = _component(key, index, withheld)
        signature = (key, frozenset(k for eq in component for k in eq if k in withheld))
        if signature not in memo:
            memo[signature] = bounded(key, component, withheld, values, within)
        return memo[signature]

    # Linear algebra first (cheap), to a fixed point; then the bounds check (linear
    # programming) once per withheld cell, widening and starting again when it bites.
    hopeless: set[Key] = set()
    while True:
        pending = sorted(k for k in withheld if k in index)
        while pending:
            key = pending.pop(0)
            if key in hopeless or not determined(key, _component(key, index, withheld), withheld):
                continue
            if widen(key):
                pending = sorted(k for k in withheld if k in index)
            else:
                hopeless.add(key)
        pinned = next((k for k in sorted(withheld) if k in index and k not in hopeless and pins(k)), None)
        if pinned is None:
            return withheld
        if not widen(pinned):
            hopeless.add(pinned)


def _component(key: Key, index: dict[Key, list[Equation]], withheld: set[Key]) -> list[Equation]:
    """The equations linked to ``key`` through withheld cells (the rest are all-known constants)."""
    seen, frontier, found, ids = {key}, [key], [], set()
    while frontier:
        current = frontier.pop()
        for equation in index.get(current, []):
            if id(equation) in ids:
                continue
            ids.add(id(equation))
            found.append(equation)
            for other in equation:
                if other in withheld and other not in seen:
                    seen.add(other)
                    frontier.append(other)
    return found


def _neighbours(key: Key, index: dict[Key, list[Equation]], withheld: set[Key]) -> set[Key]:
    """Published cells nearest to ``key`` in its relations, reached through withheld cells."""
    seen, layer = {key}, [key]
    while layer:
        found, following = set(), []
        for current in layer:
            for equation in index.get(current, []):
                for other in equation:
                    if other not in withheld:
                        found.add(other)
                    elif other not in seen:
                        seen.add(other)
                        following.append(other)
        if found:
            return found
        layer = following
    return set()


def determined(key: Key, equations: list[Equation], withheld: set[Key]) -> bool:
    """Whether the published cells fix the value of withheld cell ``key``.

    The published values are constants, so each relation restricted to the
    withheld cells is a linear equation in them; ``key`` is determined exactly
    when its unit vector lies in the span of those equations.
    """
    basis: list[tuple[Key, dict[Key, Fraction]]] = []
    for equation in equations:
        row = {k: Fraction(c) for k, c in equation.items() if k in withheld}
        if not row:
            continue
        reduced = _reduce(row, basis)
        if reduced:
            pivot = min(reduced)
            scale = reduced[pivot]
            basis.append((pivot, {k: v / scale for k, v in reduced.items()}))
    return not _reduce({key: Fraction(1)}, basis)


def bounded(key: Key, equations: list[Equation], withheld: set[Key], values: dict[Key, Any], within: Iterable[tuple[Key, Key]]) -> bool:
    """Whether counts being >= 0 and no more than their base pin ``key`` to one value.

    The linear algebra of ``determined`` misses this: 5 of a school's 5 answers
    positive, published, makes its withheld "answered" at least 5, and a year
    group's total may make it at most 5. Linear programming finds the least and
    the greatest value the withheld cell can take; equal means disclosed.
    """
    unknown = sorted({k for eq in equations for k in eq if k in withheld} | {key})
    position = {k: i for i, k in enumerate(unknown)}
    a_eq, b_eq = [], []
    for equation in equations:
        row, constant = [0.0] * len(unknown), 0.0
        for k, coefficient in equation.items():
            if k in position:
                row[position[k]] += coefficient
            else:
                constant -= coefficient * values[k]
        if any(row):
            a_eq.append(row)
            b_eq.append(constant)
    a_ub, b_ub = [], []
    for count, base in within:
        if count not in position and base not in position:
            continue
        row, constant = [0.0] * len(unknown), 0.0
        for k, coefficient in ((count, 1), (base, -1)):
            if k in position:
                row[position[k]] += coefficient
            else:
                constant -= coefficient * values[k]
        a_ub.append(row)
        b_ub.append(constant)
    if not a_ub:
        return False  # without bounds from a base, linear algebra has said all there is to say
    from scipy.optimize import linprog  # only tables with withheld cells get here

    objective = [1.0 if k == key else 0.0 for k in unknown]
    options = {"A_ub": a_ub, "b_ub": b_ub, "A_eq": a_eq or None, "b_eq": b_eq or None, "bounds": [(0, None)] * len(unknown), "method": "highs"}
    low = linprog(objective, **options)
    high = linprog([-x for x in objective], **options)
    if low.status != 0 or high.status != 0:
        return False  # unbounded (or no bound at all): not pinned
    return bool(-high.fun - low.fun < 0.5)


def _reduce(row: dict[Key, Fraction], basis: list[tuple[Key, dict[Key, Fraction]]]) -> dict[Key, Fraction]:
    row = dict(row)
    for pivot, vector in basis:
        factor = row.get(pivot)
        if not factor:
            continue
        for k, v in vector.items():
            updated = row.get(k, Fraction(0)) - factor * v
            if updated:
                row[k] = updated
            else:
                row.pop(k, None)
    return row
