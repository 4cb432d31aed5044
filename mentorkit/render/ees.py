"""Open data in the tidy format of Explore Education Statistics (EES).

Alongside the Frictionless package (``opendata.py``), each published table
becomes EES data files under ``data/ees/`` with their ``.meta.csv``: the five
mandatory columns (``time_period``, ``time_identifier``, ``geographic_level``,
``country_code``, ``country_name``), EES geographic levels with their location
columns, filters and indicators, symbols written bare and no blank cells.

What EES cannot say honestly is left out of these files (the Frictionless CSVs
keep it), and ``Plan.left_out`` says what and why for the Open data page:

- "All years" totals: EES has no time period spanning several academic years.
- A programme total whose schools are not all in one local authority with
  codes: EES has no "programme" level, and calling it "National" or one
  authority's total would be false. A programme of a single school with codes
  is that school's row.
- A school row whose school file has no ``urn`` and ``laestab`` (the check
  stage warns, ``ees-school-codes``).
- Tables that are not the programme's own figures (``indicators`` copies other
  publishers' statistics, which EES already holds at their source).

School rows go to ``<table>_schools.csv``, local authority rows to
``<table>.csv``: the EES table tool ignores School rows in a file that mixes
them with other levels (eesyscreener ``R/check_geog_ignored_rows.R``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.model.people import School
from mentorkit.model.programme import LICENCES
from mentorkit.stats.breakdowns import ALL_YEARS, SCHOOL, YEAR_GROUP
from mentorkit.stats.disclosure import Cell, Column, PublishedTable

EES_DIR = "data/ees"
LICENCE_FILE = f"{EES_DIR}/licence.txt"
TIME_IDENTIFIER = "Academic year"
COUNTRY = {"country_code": "E92000001", "country_name": "England"}
MANDATORY = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name"]
LA_COLUMNS = ["new_la_code", "old_la_code", "la_name"]
SCHOOL_COLUMNS = ["school_urn", "school_laestab", "school_name"]
META_COLUMNS = [
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
]
LOCAL_AUTHORITY, EES_SCHOOL = "Local authority", "School"

#: Tables that are not the programme's figures, and why they have no EES file.
NOT_PUBLISHED = {
    "indicators": "indicators.csv copies other publishers' statistics (and some illustrative values); "
    "EES already holds them at their source, so it has no EES file",
}
#: Label columns EES files leave out or rename: the table tool shows filter items to readers,
#: so a question is filtered by its text rather than by its id (one filter, not two of the same size).
_DROPPED = {"question"}
_RENAMED = {"question_text": "question"}
_NO_OUTCOME = "Not linked to an outcome"
_TOTAL = "Total"
_BREAKDOWN = ("academic_year", "level", "group")


@dataclass
class EesFile:
    """One EES data file and its metadata, as rows of text."""

    name: str
    header: list[str]
    rows: list[list[str]]
    meta: list[dict[str, str]]

    @property
    def path(self) -> str:
        return f"{EES_DIR}/{self.name}.csv"

    @property
    def meta_path(self) -> str:
        return f"{EES_DIR}/{self.name}.meta.csv"


@dataclass
class Plan:
    files: list[EesFile] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def time_period(academic_year: str) -> str:
    """``2023-24`` -> ``202324`` (EES writes an academic year as six digits)."""
    start, end = academic_year.split("-")
    return f"{start}{end}"


# ---------------------------------------------------------------- geography


def _coded(school: School | None) -> bool:
    return bool(school and school.urn and school.laestab)


def school_location(school: School) -> dict[str, str]:
    out = {"school_urn": school.urn or "", "school_laestab": school.laestab or "", "school_name": school.name}
    la = school.local_authority
    out.update(
        {"new_la_code": la.code, "old_la_code": la.old_code, "la_name": la.name}
        if la
        else dict.fromkeys(LA_COLUMNS, "")
    )
    return out


def area_location(schools: list[School | None]) -> dict[str, str] | None:
    """The one local authority every school is in, with its codes; None when there is not one."""
    authorities = {s.local_authority.code: s.local_authority for s in schools if s and s.local_authority}
    if len(authorities) != 1 or any(s is None or s.local_authority is None for s in schools):
        return None
    la = next(iter(authorities.values()))
    return {"new_la_code": la.code, "old_la_code": la.old_code, "la_name": la.name}


def _year_schools(site: CheckedSite, table_id: str, year: str) -> set[str]:
    """Schools behind a year's programme row (qualification rows group mentors by their school)."""
    if table_id == "qualifications":
        return {
            m.school or ""
            for m in site.mentors.values()
            if m.kind == "peer" and m.qualification and m.qualification.academic_year == year
        }
    return {c.school for _, c in site.cohorts_in(year)}


def _group_schools(site: CheckedSite, table_id: str, year: str, level: str, label: str) -> set[str]:
    if level == YEAR_GROUP:
        number = label.removeprefix("Year ").strip()
        return {c.school for _, c in site.cohorts_in(year) if str(c.year_group) == number}
    return _year_schools(site, table_id, year)


def locate(site: CheckedSite, table_id: str, year: str, level: str, label: str) -> tuple[str, dict[str, str]] | None:
    """The EES geographic level and location columns of a row, or None when EES cannot place it honestly."""
    by_name = {s.name: s for s in site.schools.values()}
    if level == SCHOOL:
        school = by_name.get(label)
        return (EES_SCHOOL, school_location(school)) if school and _coded(school) else None
    ids = _group_schools(site, table_id, year, level, label)
    schools = [site.schools.get(i) for i in sorted(ids)]
    if len(schools) == 1 and schools[0] and _coded(schools[0]):
        return EES_SCHOOL, school_location(schools[0])
    area = area_location(schools)
    return (LOCAL_AUTHORITY, area) if area and schools else None


# ---------------------------------------------------------------- cells and columns


def _unit(column: Column) -> tuple[str, str]:
    """EES indicator_unit and indicator_dp of a column."""
    if column.role == "percent" or (column.role == "ratio" and column.unit == "share"):
        return "%", "1"
    if column.role in ("people", "tally"):
        return "", "0"
    return "", str(column.places or 2)


def indicator_text(cell: Cell, column: Column) -> str:
    """A published cell as EES writes it: the number, or its symbol bare; never blank."""
    if not cell.shown:
        return cell.symbol
    if cell.value is None or cell.value == "":
        return "x"
    unit, places = _unit(column)
    if unit == "%":
        return f"{cell.value * 100:.{places}f}"
    if column.role in ("people", "tally"):
        return str(cell.value)
    return f"{cell.value:.{places}f}"


def filter_text(cell: Cell, column: Column) -> str:
    value = cell.value if cell.shown else cell.symbol
    text = str(value).strip() if value not in (None, "") else ""
    if text:
        return text
    return _NO_OUTCOME if column.name == "outcome" else "Not applicable"


def _filters(table: PublishedTable) -> list[Column]:
    return [c for c in table.columns if c.role == "label" and c.name not in _BREAKDOWN and c.name not in _DROPPED]


def _indicators(table: PublishedTable) -> list[Column]:
    return [c for c in table.columns if c.role != "label"]


def _meta_row(name: str, col_type: str, label: str, **values: str) -> dict[str, str]:
    row = dict.fromkeys(META_COLUMNS, "")
    row.update(col_name=name, col_type=col_type, label=label, **values)
    return row


# ---------------------------------------------------------------- files


def _records(site: CheckedSite, table: PublishedTable, left_out: list[str]) -> list[tuple[str, dict[str, str]]]:
    """(EES level, {column: text}) for every row EES can place, in table order."""
    filters, indicators = _filters(table), _indicators(table)
    by_year = any(row["level"].value == YEAR_GROUP for row in table.rows)
    records: list[tuple[str, dict[str, str]]] = []
    skipped: dict[str, Any] = {"years": 0, "programme": 0, "school": set()}
    for row in table.rows:
        year, level, label = (str(row[c].value) for c in _BREAKDOWN)
        if year == ALL_YEARS:
            skipped["years"] += 1
            continue
        placed = locate(site, table.id, year, level, label)
        if placed is None:
            if level == SCHOOL:
                skipped["school"].add(label)
            else:
                skipped["programme"] += 1
            continue
        ees_level, location = placed
        record = {"time_period": time_period(year), "time_identifier": TIME_IDENTIFIER, "geographic_level": ees_level}
        record.update(COUNTRY)
        record.update(location)
        if by_year:
            record["year_group"] = label if level == YEAR_GROUP else _TOTAL
        record.update({_RENAMED.get(c.name, c.name): filter_text(row[c.name], c) for c in filters})
        record.update({c.name: indicator_text(row[c.name], c) for c in indicators})
        records.append((ees_level, record))
    _note_skipped(table.id, skipped, left_out)
    return records


def _note_skipped(table_id: str, skipped: dict[str, Any], left_out: list[str]) -> None:
    if skipped["years"]:
        left_out.append(f"{table_id}: the 'All years' totals (EES has no time period spanning several years)")
    if skipped["programme"]:
        left_out.append(
            f"{table_id}: {skipped['programme']} programme or year-group totals whose schools are not all in one "
            "local authority with codes (EES has no programme level)"
        )
    if skipped["school"]:
        names = ", ".join(sorted(skipped["school"]))
        left_out.append(f"{table_id}: the rows of {names} (no urn and laestab in the school file)")


def _meta(table: PublishedTable, header: list[str], rows: list[list[str]], by_year: bool) -> list[dict[str, str]]:
    """One meta row per filter with two or more values, then one per indicator.

    A filter with a single value (every row is a mentee answer, say) stays in the data
    but is not described: EES rejects single-level filters (R/precheck_filter_not_singular.R)
    and accepts undescribed single-level columns (R/precheck_cross_data_to_meta.R).
    """
    columns = {_RENAMED.get(c.name, c.name): c for c in _filters(table)}
    candidates = (["year_group"] if by_year else []) + list(columns)
    meta = []
    for name in candidates:
        if len({r[header.index(name)] for r in rows}) < 2:
            continue
        column = columns.get(name)
        label = column.title if column else "Year group"
        hint = column.description if column else "The year group, or Total for all year groups."
        meta.append(_meta_row(name, "Filter", label, filter_hint=hint))
    for column in _indicators(table):
        unit, places = _unit(column)
        meta.append(_meta_row(column.name, "Indicator", column.title, indicator_unit=unit, indicator_dp=places))
    return meta


def _file(name: str, table: PublishedTable, records: list[dict[str, str]], location: list[str]) -> EesFile:
    by_year = "year_group" in records[0]
    rest = [k for k in records[0] if k not in MANDATORY and k not in LA_COLUMNS and k not in SCHOOL_COLUMNS]
    header = MANDATORY + location + rest
    indicators = {c.name for c in _indicators(table)}
    seen, rows = set(), []
    for record in records:
        row = [record.get(c, "") for c in header]
        key = tuple(v for c, v in zip(header, row, strict=True) if c not in indicators)
        if key not in seen:  # two cohorts of one school would give that school two rows
            seen.add(key)
            rows.append(row)
    return EesFile(name, header, rows, _meta(table, header, rows, by_year))


def table_files(site: CheckedSite, table: PublishedTable, left_out: list[str]) -> list[EesFile]:
    if table.id in NOT_PUBLISHED:
        left_out.append(NOT_PUBLISHED[table.id])
        return []
    if not all(any(c.name == b for c in table.columns) for b in _BREAKDOWN):
        left_out.append(f"{table.id}: not broken down by academic year and school, so it has no EES file")
        return []
    records = _records(site, table, left_out)
    out = []
    areas = [r for level, r in records if level == LOCAL_AUTHORITY]
    if areas:
        out.append(_file(table.id, table, areas, LA_COLUMNS))
    schools = [r for level, r in records if level == EES_SCHOOL]
    if schools:
        with_la = any(r["new_la_code"] for r in schools)
        out.append(_file(f"{table.id}_schools", table, schools, SCHOOL_COLUMNS + (LA_COLUMNS if with_la else [])))
    return out


def plan(site: CheckedSite, figures: dict[str, Any]) -> Plan:
    """Every EES file of the published tables, and what was left out of them and why."""
    result = Plan()
    for table in figures.get("tables", {}).values():
        result.files += table_files(site, table, result.left_out)
    return result


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def licence_text(site: CheckedSite, found: Plan) -> str:
    """The licence and notes that EES metadata has no column for, published beside the files."""
    title, url = LICENCES[site.programme.licence]
    lines = [
        f"{site.programme.name}: open data in the Explore Education Statistics (EES) format",
        "",
        f"Licence: {title} ({site.programme.licence}), {url}",
        f"Attribution: contains data from {site.programme.organisation.name}, published under the {title}.",
        "",
        "Each <name>.csv has a <name>.meta.csv describing its filters and indicators.",
        "Symbols: c withheld to protect confidentiality; x not available; z not applicable.",
    ]
    if found.left_out:
        lines += ["", "Left out of these files (the CSV files in data/ keep them):"]
        lines += [f"- {note}" for note in found.left_out]
    return "\n".join(lines) + "\n"


def files(site: CheckedSite, figures: dict[str, Any]) -> dict[str, str]:
    """``{docs-relative path: text}`` for every EES data file, its meta file and the licence note."""
    found = plan(site, figures)
    if not found.files:
        return {}
    out = {}
    for item in found.files:
        out[item.path] = _csv(item.header, item.rows)
        out[item.meta_path] = _csv(META_COLUMNS, [[m[c] for c in META_COLUMNS] for m in item.meta])
    out[LICENCE_FILE] = licence_text(site, found)
    return out


def page_context(site: CheckedSite, figures: dict[str, Any], prefix: str) -> dict[str, Any]:
    """What the Open data page shows of the licence and the EES files (links start with ``prefix``)."""
    title, url = LICENCES[site.programme.licence]
    found = plan(site, figures)
    return {
        "licence": {"id": site.programme.licence, "title": title, "url": url},
        "ees_files": [
            {"name": f.name, "data": prefix + f.path, "meta": prefix + f.meta_path, "rows": len(f.rows)}
            for f in found.files
        ],
        "ees_left_out": found.left_out,
        "ees_notes": prefix + LICENCE_FILE,
    }
