"""The Benchmark 5 table of the For schools page: its columns, and a row made from one group's counts.

Pure arithmetic over counts (``render/encounters.py`` counts them from the
deliveries), so the disclosure tests can build the table from any numbers.
Employer sizes and modes are counted for the programme's rows only: a school's
pupils split six ways would be small numbers nearly everywhere.

A pupil who met two employers of different sizes counts under both, so the
size columns need not add up to the pupils with a meaningful encounter; where
they do (each pupil met one), ``sums`` tells disclosure control, which then
stops a withheld size being worked out from the total and the other sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentorkit.model.meaningful import EMPLOYER_SIZES, MODES, NOT_RECORDED
from mentorkit.stats.disclosure import Column, StatTable


def _slug(value: str) -> str:
    return value.replace("-", "_").replace(" ", "_")


#: employer size (or "not recorded") -> its column; the same for modes.
SIZE_COLUMNS = {size: f"size_{_slug(size)}" for size in (*EMPLOYER_SIZES, NOT_RECORDED)}
MODE_COLUMNS = {mode: f"mode_{_slug(mode)}" for mode in (*MODES, NOT_RECORDED)}
RECORDED = "recorded"


def _by(kind: str, value: str) -> str:
    if value == NOT_RECORDED:
        what = "employer's size" if kind == "size" else "mode"
        return f"Pupils with a meaningful encounter whose {what} was not recorded"
    if kind == "size":
        return f"Pupils with a meaningful encounter with a {value} employer"
    return "Pupils with a meaningful encounter " + ("in person" if value == "in-person" else "online (virtual)")


COLUMNS = [
    Column("academic_year", "Academic year", "label", "Academic year, e.g. 2024-25."),
    Column("level", "Level", "label", "Programme (all schools), School or Year group."),
    Column("group", "Group", "label", "The school or year group; 'All schools' for the programme."),
    Column("pupils", "Pupils", "people", "Young people in the cohorts."),
    Column(
        "reached",
        "Pupils with an employer encounter",
        "people",
        "Pupils who attended at least one session with a business mentor.",
        base="pupils",
    ),
    Column("reached_share", "Reached (share)", "percent", "reached / pupils.", base="pupils", count="reached"),
    Column(
        "per_pupil",
        "Encounters per pupil reached",
        "ratio",
        "Sessions attended with a business mentor, per pupil reached.",
        base="reached",
        hidden="_encounters",
        places=1,
        unit="count",
    ),
    Column(
        "meaningful",
        "Pupils with a meaningful encounter",
        "people",
        "Pupils who attended at least one session with a business mentor that meets all four criteria of a "
        "meaningful encounter (Gatsby Benchmark 5): a clear shared purpose, learning outcomes, two-way "
        "interaction and time to reflect.",
        base="pupils",
    ),
    Column(
        "meaningful_share",
        "Meaningful encounter (share)",
        "percent",
        "meaningful / pupils.",
        base="pupils",
        count="meaningful",
    ),
    *(
        Column(name, _by("size", size), "people", _by("size", size) + ".", base="meaningful")
        for size, name in SIZE_COLUMNS.items()
    ),
    *(
        Column(name, _by("mode", mode), "people", _by("mode", mode) + ".", base="meaningful")
        for mode, name in MODE_COLUMNS.items()
    ),
    Column(
        "attendance_record",
        "Attendance record",
        "label",
        "recorded; or how many sessions with an employer were delivered with no attendance list, "
        "in which case no count of pupils reached is given (never 0).",
    ),
]


def new_table() -> StatTable:
    table = StatTable(
        "encounters",
        "Employer encounters (Gatsby Benchmark 5)",
        "Pupils who met an employer through the programme, how often, and who had a meaningful encounter.",
        list(COLUMNS),
    )
    table.sums = [("meaningful", tuple(SIZE_COLUMNS.values())), ("meaningful", tuple(MODE_COLUMNS.values()))]
    return table


@dataclass
class GroupCounts:
    """One group's figures, before disclosure control."""

    pupils: int
    reached: int
    encounters: int
    #: None when no session meets all four criteria: nothing is counted as meaningful.
    meaningful: int | None = None
    #: Employer size or mode -> pupils with a meaningful encounter of it (the programme's rows only).
    sizes: dict[str, int] | None = None
    modes: dict[str, int] | None = None
    record: str = RECORDED


def encounter_row(year: str, level: str, label: str, counts: GroupCounts) -> dict[str, Any]:
    pupils, reached, meaningful = counts.pupils, counts.reached, counts.meaningful
    row: dict[str, Any] = {
        "academic_year": year,
        "level": level,
        "group": label,
        "pupils": pupils,
        "reached": reached,
        "reached_share": reached / pupils if pupils else None,
        "per_pupil": counts.encounters / reached if reached else None,
        "_encounters": counts.encounters,
        "meaningful": meaningful,
        "meaningful_share": meaningful / pupils if pupils and meaningful is not None else None,
        "attendance_record": counts.record,
    }
    for found, columns in ((counts.sizes, SIZE_COLUMNS), (counts.modes, MODE_COLUMNS)):
        if found is not None and meaningful is not None:
            row.update({name: found.get(value, 0) for value, name in columns.items()})
    if counts.record != RECORDED:
        # Unrecorded sessions would count as nobody reached: no figure rather than a false 0.
        row.update(dict.fromkeys(["reached", "reached_share", "per_pupil", "_encounters", "meaningful"], None))
        row.update(dict.fromkeys(["meaningful_share", *SIZE_COLUMNS.values(), *MODE_COLUMNS.values()], None))
    return row
