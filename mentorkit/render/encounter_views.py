"""The For schools page's Benchmark 5 tables as a reader sees them, from the published (protected) table.

Nothing here computes a figure: every cell comes from ``disclosure.protect``'s
``PublishedTable``, so a withheld count reaches the page only as ``[c]``.
"""

from __future__ import annotations

from mentorkit.model.meaningful import EMPLOYER_SIZES, MODE_TITLES, MODES, NOT_RECORDED, SIZE_TITLES
from mentorkit.render.display import Display, share_with_n, show
from mentorkit.stats.breakdowns import PROGRAMME, SCHOOL
from mentorkit.stats.disclosure import Cell, PublishedTable
from mentorkit.stats.encounter_table import MODE_COLUMNS, RECORDED, SIZE_COLUMNS


def _rows(table: PublishedTable, year: str) -> list[dict[str, Cell]]:
    rows = [r for r in table.rows if r["academic_year"].value == year and r["level"].value in (PROGRAMME, SCHOOL)]
    # Schools first, then the programme's total, as a reader adds them up.
    return sorted(rows, key=lambda r: r["level"].value == PROGRAMME)


def summary(table: PublishedTable, year: str) -> Display:
    """Per school: pupils, the share who met an employer, encounters per pupil reached."""
    cols = {c.name: c for c in table.columns}
    display = Display(
        ["School", "Pupils", "Had an employer encounter", "Encounters per pupil reached"], align=["l", "r", "r", "r"]
    )
    for r in _rows(table, year):
        per_pupil, record = r["per_pupil"], r["attendance_record"].value
        if record != RECORDED:
            # Never "0% (0 of 12)": the sessions happened, who came was not written down.
            display.rows.append([r["group"].value, show(r["pupils"], cols["pupils"]), record, record])
            continue
        display.rows.append(
            [
                r["group"].value,
                show(r["pupils"], cols["pupils"]),
                share_with_n(r, table, "reached_share", "reached", "pupils"),
                f"{per_pupil.value:.1f}" if per_pupil.shown else f"[{per_pupil.symbol}]",
            ]
        )
    return display


def meaningful(table: PublishedTable, year: str) -> Display:
    """Per school: the share of pupils with at least one meaningful encounter, with its base."""
    cols = {c.name: c for c in table.columns}
    display = Display(["School", "Pupils", "Had a meaningful encounter"], align=["l", "r", "r"])
    for r in _rows(table, year):
        record = r["attendance_record"].value
        shown = record if record != RECORDED else share_with_n(r, table, "meaningful_share", "meaningful", "pupils")
        display.rows.append([r["group"].value, show(r["pupils"], cols["pupils"]), shown])
    return display


def kinds(table: PublishedTable, year: str) -> Display | None:
    """The programme's pupils with a meaningful encounter by employer size, then by mode; None when the
    base is withheld or under the policy's ``min_base`` (a breakdown of a handful of pupils tells too much)."""
    programme = next(
        (r for r in table.rows if r["academic_year"].value == year and r["level"].value == PROGRAMME), None
    )
    if programme is None or not programme["meaningful"].shown:
        return None
    base = programme["meaningful"].value
    if base is None or base < table.policy.min_base:
        return None
    cols = {c.name: c for c in table.columns}
    display = Display(["Employer size or mode", "Pupils with a meaningful encounter"], align=["l", "r"])
    entries = [(SIZE_TITLES[s], SIZE_COLUMNS[s]) for s in EMPLOYER_SIZES]
    entries += [("Employer size not recorded", SIZE_COLUMNS[NOT_RECORDED])]
    entries += [(MODE_TITLES[m], MODE_COLUMNS[m]) for m in MODES]
    entries += [("Mode not recorded", MODE_COLUMNS[NOT_RECORDED])]
    for title, name in entries:
        cell = programme[name]
        if title.endswith("not recorded") and cell.shown and not cell.value:
            continue  # every encounter's size (or mode) is known: no row of zeros about nothing
        display.rows.append([title, show(cell, cols[name])])
    return display
