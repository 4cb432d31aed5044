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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from mentorkit.model.programme import Disclosure
from mentorkit.stats.suppression import Equation, Key, _determined, _verified, determined, secondary

__all__ = ["determined", "_determined"]  # re-exported: the tests prove tables with them

Role = Literal["label", "people", "tally", "percent", "ratio", "number"]

#: Explore Education Statistics symbols.
SYMBOLS = {
    "c": "withheld to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
}


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
    #: How a ratio reads: "share" (shown as a percentage), "points" or "sd" (a signed number), "mean" (a number).
    unit: str = "share"
    #: A ratio's people columns whose members add to its sum (improved, worse): all 0, the sum is 0.
    moves: tuple[str, ...] = ()
    #: A ratio withheld below ``min_base`` even where its sum is known from the counts: an
    #: effect size also tells the spread of the answers, which the counts do not.
    strict: bool = False


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

    In three phases: the counts of people (``_withheld_counts``), the hidden
    numerators of means and rates (``_withheld_sums``), then the cells
    (``_published_rows``).

    ``follow``: columns another table also publishes (encounters' pupils are
    participation's mentees), with the rows that table withholds. They are
    withheld here too and no others in them, so neither table can be used to
    work out what the other withholds; the rest of this table is protected
    around them.
    """
    withheld, count_equations = _withheld_counts(table, policy, follow or {})
    hidden_withheld = _withheld_sums(table, policy, withheld)
    rows = _published_rows(table, policy, withheld, hidden_withheld)
    return PublishedTable(table.id, table.title, table.description, table.columns, rows, policy, count_equations)


def _withheld_counts(
    table: StatTable, policy: Disclosure, follow: Mapping[str, Iterable[int]]
) -> tuple[set[Key], list[Equation]]:
    """Counts of people withheld on their own account, then those that would give them away."""
    rows = table.rows
    people = [c for c in table.columns if c.role == "people"]
    counts: dict[Key, int] = {
        (i, c.name): row[c.name] for i, row in enumerate(rows) for c in people if row.get(c.name) is not None
    }
    withheld = {
        (i, c.name)
        for i, row in enumerate(rows)
        for c in people
        if primary(row.get(c.name), row.get(c.base) if c.base else None, policy)
    }
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
    return withheld, count_equations


def _withheld_sums(table: StatTable, policy: Disclosure, withheld: set[Key]) -> set[Key]:
    """The hidden numerators (sums) of means and rates that are withheld.

    A mean is a function of the counts over the same base: a mean change
    bounds improved minus worse (exactly, on a two-point scale or when nobody
    moved), so with a count of its row withheld, the mean is withheld too;
    otherwise a published mean and its published neighbours would give the
    count away by differencing. Then, as for counts, more sums are withheld
    until no withheld sum can be had from the published ones.
    """
    rows = table.rows
    names = {c.name for c in table.columns if c.role == "people"}
    hidden_values: dict[Key, int | float] = {}
    hidden_withheld: set[Key] = set()
    known: set[Key] = set()
    for column in (c for c in table.columns if c.role == "ratio"):
        assert column.hidden and column.base
        linked = [c.name for c in table.columns if c.role == "people" and c.base == column.base]
        for i, row in enumerate(rows):
            key = (i, column.hidden)
            if row.get(column.hidden) is None:
                continue
            hidden_values[key] = row[column.hidden]
            if any((i, name) in withheld for name in linked):
                hidden_withheld.add(key)
            elif _known_sum(column, row, i, withheld):
                known.add(key)  # the reader knows it anyway: no use hiding it, no partner to hide another
            elif _too_small((i, column.base), rows, withheld, policy, names):
                hidden_withheld.add(key)
    # Several ratios may share one sum (a mean change and its effect size): one set of equations each sum.
    hidden_names = dict.fromkeys(c.hidden for c in table.columns if c.role == "ratio" and c.hidden)
    hidden_equations = _row_equations(table, list(hidden_names))
    # A sum of changes can be negative: no bound to lean on, linear algebra decides.
    hidden_withheld = secondary(
        hidden_values, hidden_equations, hidden_withheld, _totals(hidden_equations), nonnegative=False, frozen=known
    )
    return _verified(hidden_withheld - known, hidden_equations, set(hidden_values) - known)


def _known_sum(column: Column, row: dict[str, Any], i: int, withheld: set[Key]) -> bool:
    """A sum the reader knows from published counts: over nobody, or nobody moved."""
    assert column.base
    if row.get(column.base) == 0 and (i, column.base) not in withheld:
        return True
    return bool(column.moves) and all(row.get(name) == 0 and (i, name) not in withheld for name in column.moves)


def _published_rows(
    table: StatTable, policy: Disclosure, withheld: set[Key], hidden_withheld: set[Key]
) -> list[dict[str, Cell]]:
    rows = table.rows
    names = {c.name for c in table.columns if c.role == "people"}

    def percent_hidden(column: Column, i: int) -> bool:
        return bool(column.count and (i, column.count) in withheld) or _too_small(
            (i, column.base or ""), rows, withheld, policy, names
        )

    hidden_by = {
        "people": lambda column, i: (i, column.name) in withheld,
        "percent": percent_hidden,
        "ratio": lambda column, i: (
            (i, column.hidden or "") in hidden_withheld
            or (column.strict and _too_small((i, column.base or ""), rows, withheld, policy, names))
        ),
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
    return published


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
