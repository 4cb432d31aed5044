"""The screener's checks of data rows: time, filters, geography, indicators, API limits.

Registered into ``tests.ees_screener.CHECKS`` on import; each names its eesyscreener source.
"""

from __future__ import annotations

import re

from tests.ees_screener import (
    CHAR_LIMITS,
    COMPATIBLE,
    FOUR_DIGIT,
    GEOGRAPHY,
    GSS_SYMBOLS,
    LEGACY_SYMBOLS,
    OB_UNITS_REGEX,
    SIX_DIGIT,
    TIME_IDS,
    Pair,
    _listed,
    _reference,
    check,
    ob_units,
)

# ---------------------------------------------------------------- time


@check("R/precheck_time_period_num.R")
def time_period_num(pair: Pair) -> list[str]:
    return _listed(
        "time_period values that are not 4 or 6 digits",
        [v for v in set(pair.values("time_period")) if not re.fullmatch(r"\d{4}(\d{2})?", v)],
    )


@check("R/precheck_time_id_valid.R")
def time_id_valid(pair: Pair) -> list[str]:
    allowed = {t for group in TIME_IDS for t in group}
    return _listed("invalid time_identifier values", set(pair.values("time_identifier")) - allowed)


@check("R/precheck_time_id_mix.R")
def time_id_mix(pair: Pair) -> list[str]:
    found = list(dict.fromkeys(pair.values("time_identifier")))
    if not found:
        return []
    base = next((g for g in TIME_IDS if found[0] in g), [found[0]])
    return _listed(f"time identifiers that cannot be mixed with {found[0]}", set(found) - set(base))


@check("R/check_time_period.R")
def time_period_length(pair: Pair) -> list[str]:
    ids = pair.values("time_identifier")
    if not ids:
        return []
    periods = set(pair.values("time_period"))
    if ids[0] in FOUR_DIGIT and any(len(p) != 4 for p in periods):
        return [f"time_period must be four digits for {ids[0]}"]
    if ids[0] in SIX_DIGIT and any(len(p) != 6 for p in periods):
        return [f"time_period must be six digits for {ids[0]}"]
    return []


@check("R/check_time_period_six.R")
def time_period_six(pair: Pair) -> list[str]:
    bad = []
    for period in {p for p in pair.values("time_period") if len(p) == 6 and p.isdigit()}:
        first, second = int(period[2:4]), int(period[4:6])
        if not ((first == 99 and second == 0) or first + 1 == second):
            bad.append(period)
    return _listed("six-digit time periods whose years are not consecutive", bad)


# ---------------------------------------------------------------- filters


@check("R/precheck_filter_not_singular.R")
def filter_not_singular(pair: Pair) -> list[str]:
    return _listed("filters with fewer than two levels", [f for f in pair.filters if len(set(pair.values(f))) < 2])


@check("R/check_filter_blanks.R")
def filter_blanks(pair: Pair) -> list[str]:
    columns = set(pair.filters + pair.filter_groups) & set(pair.columns)
    return _listed("filter columns with blank cells", [c for c in columns if "" in pair.values(c)])


@check("R/check_filter_whitespace.R")
def filter_whitespace(pair: Pair) -> list[str]:
    geography = {c for cols in GEOGRAPHY.values() for c in cols if c}
    columns = (set(pair.filters) | geography) & set(pair.columns)
    return _listed(
        "values with leading or trailing spaces", [v for c in columns for v in set(pair.values(c)) if v != v.strip()]
    )


@check("R/check_filter_ob_total.R")
def filter_ob_total(pair: Pair) -> list[str]:
    names = ("school_name", "provider_name")
    units = [c for c in pair.columns if (c in ob_units() and c not in names) or OB_UNITS_REGEX.search(c)]
    return _listed(
        "observational unit columns with Total or All",
        [c for c in units if {"Total", "total", "All", "all"} & set(pair.values(c))],
    )


# ---------------------------------------------------------------- geography


@check("R/precheck_geog_level.R")
def geog_level(pair: Pair) -> list[str]:
    return _listed("invalid geographic_level values", set(pair.levels) - set(GEOGRAPHY))


@check("R/precheck_geog_level_present.R")
def geog_level_present(pair: Pair) -> list[str]:
    needed = {
        c for level in pair.levels if level in GEOGRAPHY and level != "Planning area" for c in GEOGRAPHY[level] if c
    }
    return _listed("location columns missing for the levels present", needed - set(pair.columns))


@check("R/check_geog_level_completed.R")
def geog_level_completed(pair: Pair) -> list[str]:
    incomplete = []
    for level in pair.levels:
        for column in GEOGRAPHY.get(level, ()):
            # new_la_code may be blank for old local authorities, so the screener leaves it out.
            if column and column != "new_la_code" and column in pair.columns:
                if any(r.get(column, "") == "" for r in pair.rows if r["geographic_level"] == level):
                    incomplete.append(column)
    return _listed("location columns incomplete for their level", incomplete)


@check("R/check_geog_overcompleted_cols.R")
def geog_overcompleted_cols(pair: Pair) -> list[str]:
    over = []
    for level, allowed in COMPATIBLE.items():
        for column in (c for c in GEOGRAPHY[level] if c and c in pair.columns):
            if any(r.get(column, "") for r in pair.rows if r["geographic_level"] not in allowed):
                over.append(column)
    return _listed("location columns filled on rows of another level", over)


@check("R/check_geog_col_present.R")
def geog_la_col_present(pair: Pair) -> list[str]:
    columns = ["new_la_code", "la_name", "old_la_code"]
    present = [c for c in columns if c in pair.columns]
    return _listed("local authority columns missing", set(columns) - set(present)) if present else []


@check("R/check_geog_combos.R")
def geog_country_combos(pair: Pair) -> list[str]:
    valid = _reference("countries.csv")
    found = {(r["country_code"], r["country_name"]) for r in pair.rows if r.get("country_code", "") != "x"}
    return _listed("country code/name combinations not in the lookup", [" ".join(f) for f in found - valid])


@check("R/check_geog_combos.R")
def geog_la_combos(pair: Pair) -> list[str]:
    columns = ["old_la_code", "new_la_code", "la_name"]
    if not all(c in pair.columns for c in columns):
        return []
    valid = _reference("las.csv")
    found = {tuple(r[c] for c in columns) for r in pair.rows if r["new_la_code"] not in ("", "x")}
    return _listed("local authority code/name combinations not in the lookup", [" ".join(f) for f in found - valid])


@check("R/check_geog_ignored_rows.R", "WARNING")
def geog_ignored_rows(pair: Pair) -> list[str]:
    ignored = {"School", "Provider", "Institution", "Planning area"}
    levels = set(pair.levels)
    if len(levels) == 1 and levels <= {"School", "Provider"}:
        return []
    count = sum(1 for r in pair.rows if r["geographic_level"] in ignored)
    return [f"{count} rows will be ignored by the EES table tool"] if count else []


@check("R/check_geog_na.R")
def geog_na(pair: Pair) -> list[str]:
    code, name = "school_urn", "school_name"
    if code not in pair.columns or name not in pair.columns:
        return []
    bad = [r[name] for r in pair.rows if r[code] == "x" and r[name] != "Not available"]
    bad += [r[code] for r in pair.rows if r[name] == "Not available" and r[code] != "x"]  # R/check_geog_na_code.R
    return _listed("schools whose code x and name 'Not available' do not go together", bad)


@check("R/check_geog_other_dupes.R")
def geog_school_dupes(pair: Pair) -> list[str]:
    if "school_urn" not in pair.columns or "school_name" not in pair.columns:
        return []
    names: dict[str, set[str]] = {}
    for row in pair.rows:
        if row["school_urn"]:
            names.setdefault(row["school_urn"], set()).add(row["school_name"])
    return _listed("school codes with several names", [u for u, n in names.items() if len(n) > 1])


# ---------------------------------------------------------------- rows and indicators


@check("R/check_general_dupes.R")
def general_dupes(pair: Pair) -> list[str]:
    columns = [c for c in pair.columns if c in ob_units() or c in pair.filters + pair.filter_groups]
    only = len(pair.levels) == 1 and pair.levels[0] in ("School", "Provider")
    excluded = {"Institution", "Planning area"} if only else {"School", "Provider", "Institution", "Planning area"}
    keys = [tuple(r[c] for c in columns) for r in pair.rows if r["geographic_level"] not in excluded]
    return [f"{len(keys) - len(set(keys))} duplicate rows"] if len(keys) != len(set(keys)) else []


@check("R/check_general_null.R")
def general_null(pair: Pair) -> list[str]:
    nulls = {"NULL", "Null", "null", "NA", "na"}
    found = {v for r in pair.rows for v in r.values() if v in nulls}
    found |= {v for m in pair.meta for v in m.values() if v in nulls}
    return _listed("null symbols", found)


@check("R/check_ind_invalid_entry.R")
def ind_invalid_entry(pair: Pair) -> list[str]:
    bad = {*LEGACY_SYMBOLS, ""}
    return _listed(
        "indicators with blank cells or legacy symbols", [i for i in pair.indicators if bad & set(pair.values(i))]
    )


@check("data-raw/acceptable_values.R (gss_symbols)")
def ind_numeric_or_symbol(pair: Pair) -> list[str]:
    """An indicator cell is a number or a GSS symbol (the screener reads other text as a character column)."""
    number = re.compile(r"-?\d+(\.\d+)?")
    bad = {v for i in pair.indicators for v in pair.values(i) if v and v not in GSS_SYMBOLS and not number.fullmatch(v)}
    return _listed("indicator cells that are neither numbers nor c, x, z or low", bad)


@check("R/check_api_char_limit.R")
def api_char_limits(pair: Pair) -> list[str]:
    long = [c for c in pair.columns if len(c) > CHAR_LIMITS["column-name"]]
    long += [m.get("label", "") for m in pair.meta if len(m.get("label", "")) > CHAR_LIMITS["column-label"]]
    codes = [c for cols in GEOGRAPHY.values() for c in cols[::2] if c and c in pair.columns]
    long += [v for c in codes for v in set(pair.values(c)) if len(v) > CHAR_LIMITS["location-code"]]
    long += [v for f in pair.filters for v in set(pair.values(f)) if len(v) > CHAR_LIMITS["column-item"]]
    return _listed("over the EES API's character limits", long)


# ---------------------------------------------------------------- tidy data

# R/check_col_ind_smushed.R: filter items that, inside an indicator's name, mean the data is wide, not tidy
SMUSHED = (
    "male female asian chinese indian pakistani bangladeshi black african caribbean white roma irish english "
    "british scottish welsh arab"
).split() + ["northern irish"]


@check("R/check_col_ind_smushed.R")
def col_ind_smushed(pair: Pair) -> list[str]:
    found = [i for i in pair.indicators if any(s in i.lower() for s in SMUSHED)]
    return _listed("indicators that look like a filter pivoted into columns", found)


@check("R/check_col_var_characteristic.R", "WARNING")
def col_var_characteristic(pair: Pair) -> list[str]:
    described = {m.get("col_name", "") for m in pair.meta} | set(pair.filter_groups)
    return _listed(
        "characteristic columns the table tool does not use", {"characteristic", "characteristic_group"} & described
    )
