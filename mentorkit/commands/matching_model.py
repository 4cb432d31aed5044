"""The matching's integer programme: its columns, costs, bounds and constraint rows (see ``matching``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import LinearConstraint
from scipy.sparse import coo_matrix

from mentorkit.commands.matching_candidates import Candidate, interest_cost
from mentorkit.model import Cohort

UNMATCHED = 1000.0
SPLIT = 100.0
OFF_TARGET = 2.0

#: A constraint row: ({column: coefficient}, low, high).
Row = tuple[dict[int, float], float, float]


@dataclass
class Model:
    """Column layout of the integer programme.

    Mentees who want the same sectors (and, in a group programme, share a
    school group) are interchangeable, so each such class gets one integer
    column per mentor ("how many of them go to this mentor") instead of one
    yes/no column per mentee and mentor: a cohort of 139 mentees in 3 classes
    is 3 columns per mentor, not 139, and the solver proves optimality at once.
    """

    classes: list[list[int]]  # mentee indices (into ``waiting``) of each class, in file order
    pairs: list[tuple[int, int]]  # (class, candidate) for each x column
    u0: int  # first "unmatched in this class" column
    y0: int = -1  # first "mentor leads a group here" column (group mode)
    d0: int = -1  # first "group size off target" column (group mode)
    z: dict[tuple[str, int], int] = field(default_factory=dict)  # (school group, candidate) -> column
    size: int = 0
    wanted: list[list[str]] = field(default_factory=list)  # each class's sectors
    labels: list[str | None] = field(default_factory=list)  # each class's kept school group


@dataclass
class Programme:
    """The programme ``milp`` solves: minimise ``cost`` within the bounds and constraints."""

    model: Model
    cost: np.ndarray
    constraints: list[LinearConstraint]
    lower: np.ndarray
    upper: np.ndarray


def kept_groups(cohort: Cohort, target: float | None) -> set[str]:
    """The school's groups to keep with one mentor: those of about the target size.

    A larger label (a subject stream, a whole year group) only sorts mentees.
    """
    if target is None:
        return set()
    sizes = Counter(m.group for m in cohort.mentees if m.group)
    return {label for label, size in sizes.items() if size <= 1.5 * target}


def integrality(model: Model, mentors: int) -> np.ndarray:
    integral = np.ones(model.size)
    integral[model.d0 : model.d0 + mentors] = 0  # deviations are continuous
    return integral


def build(
    cohort: Cohort, waiting: list, found: list[Candidate], interests: dict[str, list[str]], target: float | None
) -> Programme:
    model = _columns(cohort, waiting, found, interests, target)
    cost, lower, upper = _costs(model, found)
    rows = _class_rows(model)
    if target is None:
        rows += _capacity_rows(model, found)
    else:
        rows += _group_rows(model, found, target, cost, lower, upper)
        rows += _split_rows(model, cohort, found, cost, lower, upper)
    return Programme(model, cost, [_constraint(rows, model.size)], lower, upper)


def _columns(
    cohort: Cohort, waiting: list, found: list[Candidate], interests: dict[str, list[str]], target: float | None
) -> Model:
    """The classes of interchangeable mentees, and a column for each unknown."""
    groups_mode = target is not None
    by_class: dict[tuple[tuple[str, ...], str | None], list[int]] = {}
    for i, mentee in enumerate(waiting):
        by_class.setdefault((tuple(interests.get(mentee.id, [])), mentee.group if groups_mode else None), []).append(i)
    classes = list(by_class.values())
    kept = kept_groups(cohort, target)
    labels = [label if label in kept else None for _, label in by_class]
    pairs = [(k, j) for k in range(len(classes)) for j in range(len(found))]
    model = Model(classes, pairs, len(pairs), wanted=[list(key[0]) for key in by_class], labels=labels)
    size = len(pairs) + len(classes)
    if groups_mode:
        model.y0, model.d0 = size, size + len(found)
        size += 2 * len(found)
        for label in sorted({label for label in labels if label}):
            for j in range(len(found)):
                model.z[(label, j)] = size
                size += 1
    model.size = size
    return model


def _costs(model: Model, found: list[Candidate]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Interest costs and bounds of the pair columns, and the cost of leaving a mentee unmatched."""
    cost = np.zeros(model.size)
    lower, upper = np.zeros(model.size), np.ones(model.size)
    for column, (k, j) in enumerate(model.pairs):
        cost[column] = interest_cost(model.wanted[k], found[j].sector)
        upper[column] = min(len(model.classes[k]), found[j].room)
    for k, members in enumerate(model.classes):
        cost[model.u0 + k] = UNMATCHED
        upper[model.u0 + k] = len(members)
    return cost, lower, upper


def _class_rows(model: Model) -> list[Row]:
    """Every mentee of a class is matched or counted unmatched."""
    rows: list[Row] = []
    for k, members in enumerate(model.classes):
        row = {column: 1.0 for column, (a, _) in enumerate(model.pairs) if a == k}
        row[model.u0 + k] = 1.0
        rows.append((row, float(len(members)), float(len(members))))
    return rows


def _taken(model: Model, j: int) -> dict[int, float]:
    """The columns of the mentees candidate ``j`` takes."""
    return {column: 1.0 for column, (_, b) in enumerate(model.pairs) if b == j}


def _capacity_rows(model: Model, found: list[Candidate]) -> list[Row]:
    """Pairs: no mentor over their room."""
    return [(_taken(model, j), 0.0, float(candidate.room)) for j, candidate in enumerate(found)]


def _group_rows(
    model: Model, found: list[Candidate], target: float, cost: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> list[Row]:
    """Groups: a mentor takes mentees only if they lead a group here, of about the target size."""
    rows: list[Row] = []
    for j, candidate in enumerate(found):
        taken = _taken(model, j)
        y, d = model.y0 + j, model.d0 + j
        if candidate.here:
            lower[y] = 1.0  # their group in this school exists already
        rows.append(({**taken, y: -float(candidate.room)}, -np.inf, 0.0))
        # d >= |here + taken - target * y|
        rows.append(({d: 1.0, **{c: -v for c, v in taken.items()}, y: target}, float(candidate.here), np.inf))
        rows.append(({d: 1.0, **taken, y: -target}, -float(candidate.here), np.inf))
        cost[d], upper[d] = OFF_TARGET, np.inf
    return rows


def _split_rows(
    model: Model, cohort: Cohort, found: list[Candidate], cost: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> list[Row]:
    """Groups: each extra mentor a kept school group is split across costs ``SPLIT``."""
    already = {(m.group, m.mentor) for m in cohort.mentees if m.group and m.mentor}
    for (label, j), z in model.z.items():
        cost[z] = SPLIT
        if (label, found[j].id) in already:
            lower[z] = 1.0  # part of the group already meets this mentor
    rows: list[Row] = []
    for column, (k, j) in enumerate(model.pairs):
        kept = model.labels[k]
        if kept:
            rows.append(({column: 1.0, model.z[(kept, j)]: -upper[column]}, -np.inf, 0.0))
    return rows


def _constraint(rows: list[Row], size: int) -> LinearConstraint:
    data, row_index, col_index = [], [], []
    low, high = [], []
    for r, (row, lo, hi) in enumerate(rows):
        for column, value in row.items():
            row_index.append(r)
            col_index.append(column)
            data.append(value)
        low.append(lo)
        high.append(hi)
    matrix = coo_matrix((data, (row_index, col_index)), shape=(len(rows), size)).tocsr()
    return LinearConstraint(matrix, np.array(low), np.array(high))
