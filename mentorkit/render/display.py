"""Published cells and tables as a reader sees them: 86% (144 of 167), [c], and the footnote saying why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mentorkit.model.programme import Disclosure
from mentorkit.stats.disclosure import SYMBOLS, Cell, Column, PublishedTable


def show(cell: Cell, column: Column) -> str:
    """One cell as a reader sees it: 1,234 / 86% / +0.42 / [c]."""
    if not cell.shown:
        return f"[{cell.symbol}]"
    value = cell.value
    if column.role == "percent" or (column.role == "ratio" and column.unit == "share"):
        return f"{value * 100:.0f}%"
    if column.role == "ratio":  # a mean answer has no sign to show; a change or an effect size has
        return f"{value:{'' if column.unit == 'mean' else '+'}.{column.places}f}"
    if column.role in ("people", "tally"):
        return f"{value:,}"
    if column.role == "number":
        return f"{value:.{column.places}f}"
    return str(value)


def share_with_n(row: dict[str, Cell], table: PublishedTable, share: str, count: str, base: str) -> str:
    """86% (144 of 167): a percentage never appears without its base."""
    cols = {c.name: c for c in table.columns}
    n = show(row[base], cols[base])
    if row[share].shown:
        return f"{show(row[share], cols[share])} ({show(row[count], cols[count])} of {n})"
    if row[count].shown:
        return f"{show(row[count], cols[count])} of {n}"
    return f"{show(row[share], cols[share])} (n = {n})"


def interval(row: dict[str, Cell]) -> str:
    if row["lower"].shown and row["upper"].shown:
        return f"{row['lower'].value * 100:.0f}% to {row['upper'].value * 100:.0f}%"
    return f"[{row['lower'].symbol or row['upper'].symbol}]"


@dataclass
class Display:
    """A table as display strings, with the symbols it uses (for its footnote)."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""
    align: list[str] = field(default_factory=list)
    #: What short headers stand for, as (header, meaning), listed above the table.
    key: list[tuple[str, str]] = field(default_factory=list)

    @property
    def symbols(self) -> list[str]:
        found = {s for row in self.rows for cell in row for s in SYMBOLS if f"[{s}]" in cell}
        return [s for s in SYMBOLS if s in found]


def policy_text(policy: Disclosure) -> str:
    """The disclosure rule in plain English, from the policy actually applied."""
    small = f"1 to {policy.min_count - 1}" if policy.min_count > 2 else "1"
    parts = [f"counts of {small} people"]
    if policy.complement:
        parts.append(f"counts that leave {small} people in the rest of their group")
    parts.append(f"percentages, intervals, averages or rates about fewer than {policy.min_base} people")
    parts.append("further figures that would let a withheld one be worked out from a total")
    return "We do not publish " + "; ".join(parts[:-1]) + "; or " + parts[-1] + ". A zero is a true zero."


def footnote(symbols: list[str], policy: Disclosure) -> str:
    notes = []
    if "c" in symbols:
        text = f"[c] withheld to protect the young people behind it. {policy_text(policy)}"
        if policy.rationale:
            text += f" {' '.join(policy.rationale.split())}"
        notes.append(text)
    notes += [f"[{s}] {SYMBOLS[s]}." for s in symbols if s != "c"]
    return " ".join(notes)


def columns_by_name(table: PublishedTable) -> dict[str, Column]:
    return {c.name: c for c in table.columns}


def value_of(row: dict[str, Cell], name: str) -> Any:
    return row[name].value
