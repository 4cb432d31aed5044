"""Disclosure control: the rules one by one, then the property that matters —
no published table lets a reader solve for a withheld value."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from mentorkit.model.meaningful import EMPLOYER_SIZES, NOT_RECORDED
from mentorkit.model.programme import Disclosure
from mentorkit.render import encounter_views as views
from mentorkit.stats.breakdowns import PROGRAMME, SCHOOL, YEAR_GROUP, Group, group_relations
from mentorkit.stats.disclosure import Column, PublishedTable, StatTable, _determined, determined, primary, protect
from mentorkit.stats.dosage_table import DOSAGE_COLUMNS, FEWER, MOST, all_or_nothing
from mentorkit.stats.encounter_table import MODE_COLUMNS, SIZE_COLUMNS, GroupCounts, encounter_row, new_table
from mentorkit.stats.measures import matched_change
from mentorkit.stats.survey_tables import CHANGE_COLUMNS, change_row, sum_changes

POLICY = Disclosure()
#: A mean over ``n`` people, its sum hidden: the shape of the "Mean change" column.
MEAN_COLUMNS = [
    Column("group", "Group", "label", ""),
    Column("n", "n", "people", ""),
    Column("mean", "Mean", "ratio", "", base="n", hidden="_sum", unit="points"),
]


def test_counts_of_one_to_four_are_withheld_and_zero_is_a_true_zero():
    assert [primary(v, None, POLICY) for v in (0, 1, 4, 5)] == [False, True, True, False]


def test_a_count_that_leaves_one_to_four_in_the_rest_of_its_base_is_withheld():
    assert primary(28, 29, POLICY)  # "28 of 29" singles out the one
    assert not primary(29, 29, POLICY)  # all of them: nobody is singled out
    assert not primary(24, 29, POLICY)
    assert not primary(28, 29, Disclosure(complement=False))


def test_the_policy_thresholds_are_the_programme_s_own():
    strict = Disclosure(min_count=11, min_base=30)
    assert primary(10, None, strict) and not primary(11, None, strict)


def _answers_table(schools: list[tuple[int, int, int]]) -> StatTable:
    """Programme, school and year-group rows of (answered, positive); schools are (answered, positive, year group)."""
    columns = [
        Column("group", "Group", "label", ""),
        Column("answered", "Answered", "people", ""),
        Column("positive", "Positive", "people", "", base="answered"),
        Column("share", "Share", "percent", "", base="answered", count="positive"),
    ]
    found = [Group(PROGRAMME, "All", frozenset(str(i) for i in range(len(schools))))]
    found += [Group(SCHOOL, f"S{i}", frozenset([str(i)])) for i in range(len(schools))]
    year_groups = sorted({g for _, _, g in schools})
    if len(year_groups) > 1:
        found += [
            Group(YEAR_GROUP, f"Y{g}", frozenset(str(i) for i, s in enumerate(schools) if s[2] == g))
            for g in year_groups
        ]
    table = StatTable("t", "t", "t", columns)
    for group in found:
        members = [schools[int(s)] for s in group.schools]
        answered, positive = sum(m[0] for m in members), sum(m[1] for m in members)
        table.rows.append(
            {
                "group": group.label,
                "answered": answered,
                "positive": positive,
                "share": positive / answered if answered else None,
            }
        )
    table.relations = group_relations(0, found)
    return table


def test_one_small_school_costs_a_second_school_its_figures_but_the_total_stays():
    published = protect(_answers_table([(3, 2, 8), (12, 8, 8), (14, 9, 8)]), POLICY)
    answered = [row["answered"] for row in published.rows]
    assert [c.symbol for c in answered] == ["", "c", "c", ""]
    assert answered[0].value == 29 and answered[3].value == 14
    assert all(c.value is None for c in answered if c.symbol)


def test_a_year_group_total_cannot_be_used_to_difference_out_a_school():
    # Total = S0 + S1 + S2 and Year 8 = S0 + S1, so Total - Year 8 = S2 unless more is withheld.
    table = _answers_table([(20, 10, 8), (30, 15, 8), (3, 1, 9)])
    published = protect(table, POLICY)
    withheld = {(i, name) for i, row in enumerate(published.rows) for name, cell in row.items() if cell.symbol == "c"}
    assert (3, "answered") in withheld  # S2, on its own account
    assert not any(determined(key, published.equations, withheld) for key in withheld)


def _solvable(table: StatTable, published_rows, equations, key) -> bool:
    """Whether linear programming pins the withheld cell ``key`` to one value, given
    every published cell, every relation, counts >= 0 and a count <= its base."""
    withheld = sorted({k for eq in equations for k in eq if published_rows[k[0]][k[1]].symbol == "c"})
    if key not in withheld:
        return False
    index = {k: i for i, k in enumerate(withheld)}
    value = lambda k: table.rows[k[0]][k[1]]  # noqa: E731 - only for published cells
    a_eq, b_eq = [], []
    for eq in equations:
        row, constant = np.zeros(len(withheld)), 0.0
        for k, coefficient in eq.items():
            if k in index:
                row[index[k]] += coefficient
            else:
                constant -= coefficient * value(k)
        if row.any():
            a_eq.append(row)
            b_eq.append(constant)
    a_ub, b_ub = [], []
    for column in table.columns:
        if column.role != "people" or not column.base:
            continue
        for i in range(len(table.rows)):
            if table.rows[i].get(column.name) is None:
                continue  # no figure in this row (a breakdown given for the programme only): nothing to bound
            count, base = (i, column.name), (i, column.base)
            if any(published_rows[k[0]][k[1]].symbol == "c" and k not in index for k in (count, base)):
                continue  # withheld but in no equation: an unknown the reader cannot use, not a known value
            if count in index or base in index:
                row, constant = np.zeros(len(withheld)), 0.0
                for k, coefficient in ((count, 1), (base, -1)):
                    if k in index:
                        row[index[k]] += coefficient
                    else:
                        constant -= coefficient * value(k)
                a_ub.append(row)
                b_ub.append(constant)
    objective = np.zeros(len(withheld))
    objective[index[key]] = 1
    bounds = [(0, None)] * len(withheld)
    low = linprog(
        objective,
        A_ub=a_ub or None,
        b_ub=b_ub or None,
        A_eq=a_eq or None,
        b_eq=b_eq or None,
        bounds=bounds,
        method="highs",
    )
    high = linprog(
        -objective,
        A_ub=a_ub or None,
        b_ub=b_ub or None,
        A_eq=a_eq or None,
        b_eq=b_eq or None,
        bounds=bounds,
        method="highs",
    )
    if high.status == 3:
        return False  # no upper bound at all
    assert low.status == 0 and high.status == 0
    return -high.fun - low.fun < 0.5


schools = st.lists(
    st.tuples(st.integers(0, 40), st.floats(0, 1), st.integers(7, 9)).map(lambda t: (t[0], round(t[0] * t[1]), t[2])),
    min_size=2,
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(schools)
def test_no_withheld_value_can_be_worked_out_from_the_published_table(data):
    table = _answers_table(data)
    published = protect(table, POLICY)
    for i, row in enumerate(published.rows):
        for name in ("answered", "positive"):
            true = table.rows[i][name]
            if primary(true, table.rows[i]["answered"] if name == "positive" else None, POLICY):
                assert row[name].symbol == "c", "every small count is withheld"
            if row[name].symbol == "c":
                assert row[name].value is None
                assert not row["share"].shown, "a share is withheld with its count"
                if true:
                    assert not _solvable(table, published.rows, published.equations, (i, name)), (data, i, name)
        if row["share"].shown:
            assert table.rows[i]["answered"] >= POLICY.min_base


def test_a_mean_is_withheld_when_the_others_would_give_away_its_sum():
    table = StatTable(
        "m",
        "m",
        "m",
        MEAN_COLUMNS,
        rows=[
            {"group": "All", "n": 43, "mean": 30 / 43, "_sum": 30},
            {"group": "A", "n": 3, "mean": 1.0, "_sum": 3},
            {"group": "B", "n": 20, "mean": 0.5, "_sum": 10},
            {"group": "C", "n": 20, "mean": 0.85, "_sum": 17},
        ],
    )
    table.relations = group_relations(
        0, [Group(PROGRAMME, "All", frozenset("ABC"))] + [Group(SCHOOL, s, frozenset(s)) for s in "ABC"]
    )
    published = protect(table, POLICY)
    assert [r["mean"].symbol for r in published.rows] == ["", "c", "c", ""]


# ---------------------------------------------------------------- tables with row and column totals


def _changes_table(schools: list[tuple[int, int, int, int, int]]) -> StatTable:
    """Before/after counts as ``change_table`` lays them out: each row's matched = improved + same + worse,
    and each column's programme (and year-group) row = the sum of its schools. Schools are
    (improved, same, worse, year group, sum of changes)."""
    columns = [
        Column("group", "Group", "label", ""),
        Column("matched", "Matched", "people", ""),
        Column("improved", "Improved", "people", "", base="matched"),
        Column("same", "Same", "people", "", base="matched"),
        Column("worse", "Worse", "people", "", base="matched"),
        Column("improved_share", "Improved (share)", "percent", "", base="matched", count="improved"),
        Column("mean", "Mean change", "ratio", "", base="matched", hidden="_sum", unit="points"),
    ]
    found = [Group(PROGRAMME, "All", frozenset(str(i) for i in range(len(schools))))]
    found += [Group(SCHOOL, f"S{i}", frozenset([str(i)])) for i in range(len(schools))]
    year_groups = sorted({s[3] for s in schools})
    if len(year_groups) > 1:
        found += [
            Group(YEAR_GROUP, f"Y{g}", frozenset(str(i) for i, s in enumerate(schools) if s[3] == g))
            for g in year_groups
        ]
    table = StatTable("c", "c", "c", columns, sums=[("matched", ("improved", "same", "worse"))])
    for group in found:
        members = [schools[int(s)] for s in group.schools]
        improved, same, worse, total = (sum(m[k] for m in members) for k in (0, 1, 2, 4))
        matched = improved + same + worse
        table.rows.append(
            {
                "group": group.label,
                "matched": matched,
                "improved": improved,
                "same": same,
                "worse": worse,
                "improved_share": improved / matched if matched else None,
                "mean": total / matched if matched else None,
                "_sum": total,
            }
        )
    table.relations = group_relations(0, found)
    return table


def _withheld(published, names) -> set[tuple[int, str]]:
    return {(i, name) for i, row in enumerate(published.rows) for name in names if row[name].symbol == "c"}


small_counts = st.integers(0, 30).map(lambda n: n if n % 3 else n // 6)  # plenty of 0 to 5
changes = st.lists(
    st.tuples(small_counts, small_counts, small_counts, st.integers(7, 9), st.integers(-20, 40)),
    min_size=2,
    max_size=7,
)


@settings(max_examples=150, deadline=None)
@given(changes)
# Found by this test: a sum over nobody offered as the partner of a withheld sum;
# and "x" (not applicable) for a mean whose withheld base was therefore 0.
@example([(0, 0, 0, 7, 0), (0, 0, 5, 7, 0), (0, 0, 10, 7, 0)])
@example([(0, 0, 0, 7, 0), (0, 1, 10, 8, 0), (0, 5, 0, 9, 0)])
def test_no_withheld_value_can_be_worked_out_from_a_table_with_row_and_column_totals(data):
    table = _changes_table(data)
    published = protect(table, POLICY)
    people = ("matched", "improved", "same", "worse")
    for i, row in enumerate(published.rows):
        for name in people:
            base = table.rows[i]["matched"] if name != "matched" else None
            if primary(table.rows[i][name], base, POLICY):
                assert row[name].symbol == "c", "every small count is withheld"
            if row[name].symbol == "c":
                assert row[name].value is None
                # Zeros too: a complement the reader could pin down would let the next cell be differenced.
                assert not _solvable(table, published.rows, published.equations, (i, name)), (data, i, name)
        if row["improved"].symbol == "c" or row["matched"].symbol == "c":
            assert not row["improved_share"].shown
    # A withheld mean's sum cannot be had from the others' sums: the published means times their bases.
    hidden = [
        {(i, "_sum"): c for (i, _), c in eq.items()}
        for eq in published.equations
        if all(name == "matched" for _, name in eq)
    ]
    withheld_sums = {(i, "_sum") for i, row in enumerate(published.rows) if row["mean"].symbol == "c"}
    assert not any(determined(key, hidden, withheld_sums) for key in withheld_sums), data


def test_a_small_count_costs_one_more_cell_in_its_row_and_one_in_its_column():
    # S0 has 2 who got worse. Its row gives 2 = 20 - 10 - 8, the Worse column 2 = 9 - 3 - 4.
    published = protect(_changes_table([(10, 8, 2, 8, 0), (11, 6, 3, 8, 0), (9, 9, 4, 8, 0)]), POLICY)
    withheld = _withheld(published, ("matched", "improved", "same", "worse"))
    rows, columns = Counter(i for i, _ in withheld), Counter(name for _, name in withheld)
    assert (1, "worse") in withheld
    assert all(n != 1 for n in rows.values()) and all(n != 1 for n in columns.values())
    assert published.rows[0]["matched"].value == 62, "the programme's total is still published"


def test_a_mean_over_nobody_does_not_count_as_hiding_a_sum():
    # B's mean is "x": nobody was matched, so its sum is a known 0 and cannot stand in for A's.
    table = StatTable(
        "m",
        "m",
        "m",
        MEAN_COLUMNS,
        rows=[
            {"group": "All", "n": 23, "mean": 13 / 23, "_sum": 13},
            {"group": "A", "n": 3, "mean": 1.0, "_sum": 3},
            {"group": "B", "n": 0, "mean": None, "_sum": 0},
            {"group": "C", "n": 20, "mean": 0.5, "_sum": 10},
        ],
    )
    table.relations = group_relations(
        0, [Group(PROGRAMME, "All", frozenset("ABC"))] + [Group(SCHOOL, s, frozenset(s)) for s in "ABC"]
    )
    published = protect(table, POLICY)
    assert [r["mean"].symbol for r in published.rows] == ["", "c", "x", "c"]


def test_a_column_another_table_publishes_is_withheld_exactly_where_that_table_withholds_it():
    # On its own the table would pair the school of 3 with the school of 12 (the smaller);
    # the other table paired it with the school of 14, so this one must too.
    table = _answers_table([(3, 2, 8), (14, 9, 8), (12, 8, 8)])
    assert _withheld(protect(table, POLICY), ["answered"]) == {(1, "answered"), (3, "answered")}
    published = protect(table, POLICY, follow={"answered": {1, 2}})
    assert _withheld(published, ["answered"]) == {(1, "answered"), (2, "answered")}
    for i, row in enumerate(published.rows):
        for name in ("answered", "positive"):
            if row[name].symbol == "c" and table.rows[i][name]:
                assert not _solvable(table, published.rows, published.equations, (i, name))


# ---------------------------------------------------------------- the exact check itself


matrices = st.integers(1, 6).flatmap(
    lambda n: st.lists(st.lists(st.integers(-2, 2), min_size=n, max_size=n), min_size=1, max_size=6)
)


@settings(max_examples=300, deadline=None)
@given(matrices)
def test_one_elimination_finds_the_unknowns_a_rank_test_finds(matrix):
    # Unknown j is fixed exactly when dropping its column lowers the rank (it is in no dependency).
    a = np.array(matrix, dtype=float)
    rank = np.linalg.matrix_rank(a)
    expected = {(0, str(j)) for j in range(a.shape[1]) if rank > np.linalg.matrix_rank(np.delete(a, j, axis=1))}
    rows = [{(0, str(j)): v for j, v in enumerate(r) if v} for r in matrix]
    assert _determined([r for r in rows if r]) == expected


# ---------------------------------------------------------------- means that are functions of withheld counts


def _deltas_table(schools: list[tuple[list[int], int]]) -> StatTable:
    """``_changes_table`` from each school's real changes (after - before), so its mean agrees with its counts."""
    rows = []
    for deltas, year_group in schools:
        improved, same, worse = (sum(d > 0 for d in deltas), sum(d == 0 for d in deltas), sum(d < 0 for d in deltas))
        rows.append((improved, same, worse, year_group, sum(deltas)))
    table = _changes_table(rows)
    table.columns[-1] = Column(
        "mean", "Mean change", "ratio", "", base="matched", hidden="_sum", unit="points", moves=("improved", "worse")
    )
    return table


def _pinned_by_means(table: StatTable, published, key, points: int) -> bool:
    """Whether linear programming pins the withheld count ``key`` to one value, given every
    published count and mean, the relations between rows and within them, and what a mean
    change says about its counts on a ``points``-point scale: each improved person moved up
    1 to points-1, each worse one down 1 to points-1."""
    cells = [(i, name) for i in range(len(table.rows)) for name in ("matched", "improved", "same", "worse", "_sum")]
    shown = lambda k: published.rows[k[0]]["mean" if k[1] == "_sum" else k[1]].shown  # noqa: E731
    unknown = [k for k in cells if not shown(k)]
    if key not in unknown:
        return False
    index = {k: n for n, k in enumerate(unknown)}

    def linear(terms):
        row, constant = np.zeros(len(unknown)), 0.0
        for k, coefficient in terms:
            if k in index:
                row[index[k]] += coefficient
            else:
                constant -= coefficient * table.rows[k[0]][k[1]]
        return row, constant

    sums = [
        {(i, "_sum"): c for (i, _), c in eq.items()} for eq in published.equations if all(n == "matched" for _, n in eq)
    ]
    a_eq, b_eq = zip(*[linear(eq.items()) for eq in published.equations + sums]) if published.equations else ((), ())
    a_ub, b_ub = [], []
    for i in range(len(table.rows)):
        up, down, total = (i, "improved"), (i, "worse"), (i, "_sum")
        for terms in (
            [(up, 1), (down, -(points - 1)), (total, -1)],  # total >= improved - (points-1) worse
            [(total, 1), (up, -(points - 1)), (down, 1)],  # total <= (points-1) improved - worse
            [(up, 1), ((i, "matched"), -1)],  # improved <= matched
            [(down, 1), ((i, "matched"), -1)],
            [((i, "same"), 1), ((i, "matched"), -1)],
        ):
            row, constant = linear(terms)
            if row.any():
                a_ub.append(row)
                b_ub.append(constant)
    bounds = [(None, None) if k[1] == "_sum" else (0, None) for k in unknown]
    objective = np.zeros(len(unknown))
    objective[index[key]] = 1
    kwargs = dict(
        A_ub=a_ub or None, b_ub=b_ub or None, A_eq=[r for r in a_eq if r.any()] or None, bounds=bounds, method="highs"
    )
    kwargs["b_eq"] = [c for r, c in zip(a_eq, b_eq) if r.any()] or None
    low, high = linprog(objective, **kwargs), linprog(-objective, **kwargs)
    if high.status == 3:
        return False
    assert low.status == 0 and high.status == 0, (low.message, high.message)
    return -high.fun - low.fun < 0.5


def test_a_schools_worse_count_cannot_be_had_from_its_mean_change():
    # The attack: S0 has 4 worse (withheld) and 1 same; its mean change was published.
    # Every change is one point (a two-point scale moves no further), so
    # worse = improved - sum = improved - mean * matched.
    schools = [([1] * 10 + [0] + [-1] * 4, 8), ([1] * 12 + [0] * 6 + [-1] * 7, 8), ([1] * 9 + [0] * 9 + [-1] * 8, 8)]
    table = _deltas_table(schools)
    published = protect(table, POLICY)
    assert published.rows[1]["worse"].symbol == "c"
    assert published.rows[1]["mean"].symbol == "c", "a mean over a withheld count is withheld"
    assert not _pinned_by_means(table, published, (1, "worse"), points=2)


def test_a_mean_where_nobody_moved_is_known_and_cannot_hide_another():
    table = _deltas_table([([0] * 12, 7), ([1] * 2 + [0] * 10 + [-1] * 8, 7), ([1] * 9 + [0] * 9 + [-1] * 8, 7)])
    published = protect(table, POLICY)
    assert published.rows[1]["mean"].shown and published.rows[1]["mean"].value == 0
    assert not _pinned_by_means(table, published, (2, "improved"), points=5)


deltas_on_a_scale = st.integers(2, 5).flatmap(
    lambda points: st.tuples(
        st.just(points),
        st.lists(
            st.tuples(
                st.lists(st.integers(-(points - 1), points - 1), min_size=0, max_size=25),
                st.integers(7, 9),
            ),
            min_size=2,
            max_size=6,
        ),
    )
)


@settings(max_examples=150, deadline=None)
@given(deltas_on_a_scale)
@example((2, [([1] * 10 + [0] + [-1] * 4, 8), ([1] * 12 + [0] * 6 + [-1] * 7, 8), ([1] * 9 + [0] * 9 + [-1] * 8, 8)]))
@example((3, [([0] * 6, 7), ([1, 1, -1, 0, 0, 0, 0, 0], 7), ([2] * 8 + [-2] * 3, 8)]))
def test_no_withheld_count_can_be_worked_out_from_the_published_means(data):
    points, schools = data
    table = _deltas_table(schools)
    published = protect(table, POLICY)
    for i, row in enumerate(published.rows):
        for name in ("matched", "improved", "same", "worse"):
            if row[name].symbol == "c":
                assert not _pinned_by_means(table, published, (i, name), points), (data, i, name)


# ---------------------------------------------------------------- effect sizes beside the mean change

EFFECT_COLUMNS = ("effect_size", "effect_lower", "effect_upper")
LINKED_COUNTS = ("matched", "improved", "same", "worse")


def _effect_table(schools: list[list[tuple[int, int]]]) -> StatTable:
    """``change_table``'s own columns and arithmetic over schools of (before, after) answers:
    a programme row and a row per school, each with its mean change and effect size."""
    per_school = [
        matched_change({str(k): b for k, (b, _) in enumerate(p)}, {str(k): a for k, (_, a) in enumerate(p)})
        for p in schools
    ]
    found = [Group(PROGRAMME, "All", frozenset(str(i) for i in range(len(schools))))]
    found += [Group(SCHOOL, f"S{i}", frozenset([str(i)])) for i in range(len(schools))]
    table = StatTable("change", "c", "c", list(CHANGE_COLUMNS), sums=[("matched", ("improved", "same", "worse"))])
    for group in found:
        change = sum_changes(per_school[int(s)] for s in sorted(group.schools))
        labels = {"academic_year": "2024-25", "level": group.level, "group": group.label}
        table.rows.append(
            change_row(labels | {"survey": "s", "question": "q", "question_text": "", "outcome": ""}, change)
        )
    table.relations = group_relations(0, found)
    return table


answers_on_a_scale = st.lists(
    st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=0, max_size=22), min_size=2, max_size=5
)


@settings(max_examples=120, deadline=None)
@given(answers_on_a_scale)
# S0: nobody moved and fewer than min_base matched; its mean (0) is known, its effect size is not.
@example([[(2, 2), (3, 3), (4, 4)] * 2, [(2, 4), (3, 4), (4, 4), (1, 2), (3, 3)] * 4])
def test_an_effect_size_is_published_only_over_a_published_base_and_published_counts(schools):
    table = _effect_table(schools)
    published = protect(table, POLICY)
    for i, row in enumerate(published.rows):
        true = table.rows[i]
        for name in EFFECT_COLUMNS:
            if not row[name].shown:
                continue
            assert true["matched"] >= POLICY.min_base, (schools, i, name)
            assert all(row[count].shown for count in LINKED_COUNTS), (schools, i, name)
            assert row["mean_change"].shown, "an effect size is never shown where its mean change is withheld"
        if not row["mean_change"].shown:
            assert not any(row[name].shown for name in EFFECT_COLUMNS)


# ---------------------------------------------------------------- change by sessions attended


def _dosage_tables(most: list[int], fewer: list[int]) -> tuple[PublishedTable, PublishedTable]:
    """A question's change row and its two dosage bands, from each matched mentee's change."""

    def change_of(deltas: list[int]):
        return matched_change({str(k): 3 for k in range(len(deltas))}, {str(k): 3 + d for k, d in enumerate(deltas)})

    labels = {"academic_year": "2024-25", "level": PROGRAMME, "group": "All schools", "survey": "s"}
    text = {"question": "q", "question_text": "", "outcome": ""}
    change = StatTable("change", "c", "c", list(CHANGE_COLUMNS), sums=[("matched", ("improved", "same", "worse"))])
    change.rows.append(change_row(labels | text, change_of(most + fewer)))
    dosage = StatTable("dosage", "d", "d", list(DOSAGE_COLUMNS), sums=[("matched", ("improved", "same", "worse"))])
    for band, deltas in ((MOST, most), (FEWER, fewer)):
        dosage.rows.append(change_row(labels | text | {"dosage": band}, change_of(deltas)))
    return protect(dosage, POLICY), protect(change, POLICY)


def test_both_dosage_bands_are_published_when_every_figure_of_both_can_be():
    dosage, change = _dosage_tables([1] * 10 + [0] * 8 + [-1] * 6, [1] * 6 + [0] * 7 + [-1] * 5)
    published = all_or_nothing(dosage, change)
    assert all(row[name].shown for row in published.rows for name in ("matched", "improved", "effect_size"))


def test_a_small_count_in_one_dosage_band_withholds_both_bands_entirely():
    # 3 of the "fewer" band got worse: withheld on its own, and the "most" band with it, or the
    # change table's published total minus the "most" band would give the 3 away.
    dosage, change = _dosage_tables([1] * 10 + [0] * 8 + [-1] * 6, [1] * 6 + [0] * 7 + [-1] * 3)
    assert change.rows[0]["worse"].shown and not dosage.rows[1]["worse"].shown
    published = all_or_nothing(dosage, change)
    for row in published.rows:
        assert all(row[c.name].symbol == "c" for c in published.columns if c.role != "label")


# ---------------------------------------------------------------- meaningful encounters (For schools)

ENCOUNTER_SIZES = (*EMPLOYER_SIZES, NOT_RECORDED)


@st.composite
def encounter_schools(draw):
    """Schools as (pupils, reached, meaningful, the employer sizes each meaningful pupil met): mostly one
    size a pupil, sometimes two (a pupil who met two employers), so the size columns may or may not add up."""
    found = []
    for _ in range(draw(st.integers(2, 5))):
        pupils = draw(small_counts)
        reached = draw(st.integers(0, pupils))
        meaningful = draw(st.integers(0, reached))
        each = st.frozensets(st.sampled_from(ENCOUNTER_SIZES), min_size=1, max_size=2)
        found.append((pupils, reached, meaningful, draw(st.lists(each, min_size=meaningful, max_size=meaningful))))
    return found


def _encounters_table(schools) -> StatTable:
    found = [Group(PROGRAMME, "All", frozenset(str(i) for i in range(len(schools))))]
    found += [Group(SCHOOL, f"S{i}", frozenset([str(i)])) for i in range(len(schools))]
    table = new_table()
    for group in found:
        members = [schools[int(s)] for s in group.schools]
        sizes = Counter(size for m in members for met in m[3] for size in met)
        counts = GroupCounts(
            pupils=sum(m[0] for m in members),
            reached=sum(m[1] for m in members),
            encounters=sum(2 * m[1] for m in members),
            meaningful=sum(m[2] for m in members),
            sizes=dict(sizes) if group.level == PROGRAMME else None,
            modes={"in-person": sum(m[2] for m in members)} if group.level == PROGRAMME else None,
        )
        table.rows.append(encounter_row("2024-25", group.level, group.label, counts))
    table.relations = group_relations(0, found)
    return table


@settings(max_examples=150, deadline=None)
@given(encounter_schools())
@example([(12, 12, 11, [*[{"large"}] * 10, {"micro"}]), (3, 3, 3, [{"large"}] * 3), (20, 20, 20, [{"small"}] * 20)])
@example([(5, 0, 0, []), (1, 1, 1, [{"micro"}]), (1, 1, 1, [{"micro", "small"}])])
@example([(1, 0, 0, []), (1, 1, 1, [{"micro", "large"}]), (5, 0, 0, [])])
def test_no_withheld_meaningful_share_or_employer_size_can_be_worked_out(schools):
    table = _encounters_table(schools)
    published = protect(table, POLICY)
    people = ["pupils", "reached", "meaningful", *SIZE_COLUMNS.values(), *MODE_COLUMNS.values()]
    # What a reader knows, written out here rather than taken from the table: the programme is the sum
    # of its schools, and where the sizes (or modes) add up to the pupils with a meaningful encounter,
    # a reader who guesses that each pupil met one employer can use that too.
    known = [{(0, name): 1, **{(i, name): -1 for i in range(1, len(table.rows))}} for name in people[:3]]
    programme = table.rows[0]
    for columns in (SIZE_COLUMNS, MODE_COLUMNS):
        if sum(programme[name] for name in columns.values()) == programme["meaningful"]:
            known.append({(0, "meaningful"): 1, **{(0, name): -1 for name in columns.values()}})
    for i, row in enumerate(published.rows):
        for name in people:
            true = table.rows[i].get(name)
            if true is None:
                continue
            base_name = table.column(name).base
            if primary(true, table.rows[i][base_name] if base_name else None, POLICY):
                assert row[name].symbol == "c", (name, "every small count is withheld")
            if row[name].symbol == "c":
                assert row[name].value is None
                assert not _solvable(table, published.rows, known, (i, name)), (schools, i, name)
        if row["meaningful_share"].shown:
            assert row["meaningful"].shown and row["pupils"].value >= POLICY.min_base
    # The breakdown is published only over a published base of at least min_base pupils.
    kinds = views.kinds(published, "2024-25")
    base = published.rows[0]["meaningful"]
    assert (kinds is not None) == (base.shown and base.value >= POLICY.min_base)
