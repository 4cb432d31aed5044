"""The structural checks of the DfE's EES data screener, for tests.

Each check follows one function of the R package dfe-analytical-services/eesyscreener
(v0.3.0, read at commit f0e47ba; the successor of the screener app) and names its source file. Severities are the
screener's: a FAIL blocks an upload to Explore Education Statistics, a WARNING does not;
``screen`` returns both, and tests hold mentorkit's files to no findings at all.

Left out: the data dictionary and harmonised-variable checks (``check_data_dictionary.R``,
``check_harmonised.R``: lists of standard names, not structure), filter defaults, item
limits and filter-group levels beyond the duplicate and match checks (``check_filter_*.R``),
and the lookups of geographies mentorkit never writes (regions, wards, constituencies...).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REFERENCE = Path(__file__).parent / "fixtures" / "ees"

# data-raw/req_values.R
REQ_DATA = ["geographic_level", "time_period", "time_identifier", "country_code", "country_name"]
REQ_META = [
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
]
OPTIONAL_META = ["filter_default", "parent_filter"]
# data-raw/acceptable_values.R
TERMS = ["Spring term", "Autumn term", "Summer term"]
MONTHS = "January February March April May June July August September October November December".split()
WEEKS = [f"Week {n}" for n in range(1, 53)]
QUARTERS = [f"Financial year Q{n}" for n in range(1, 5)]
HALVES = ["Part 1 (April to September)", "Part 2 (October to March)"]
TIME_IDS = [
    ["Autumn and spring term"],
    ["Calendar year"],
    ["Financial year"],
    ["Academic year"],
    ["Tax year"],
    ["Reporting year"],
    TERMS,
    WEEKS,
    MONTHS,
    QUARTERS,
    HALVES,
]
FOUR_DIGIT = ["Calendar year", "Reporting year", *WEEKS, *MONTHS]
SIX_DIGIT = ["Autumn and spring term", *TERMS, "Financial year", "Academic year", "Tax year", *QUARTERS, *HALVES]
INDICATOR_UNITS = ["%", "pp", "£", "£m", "numberstring"]
GSS_SYMBOLS = ["z", "x", "c", "low"]
LEGACY_SYMBOLS = ["~", ":"]
# data-raw/geography_df.R: level -> (code_field, name_field, code_field_secondary)
GEOGRAPHY = {
    "National": ("country_code", "country_name", None),
    "Regional": ("region_code", "region_name", None),
    "Local authority": ("new_la_code", "la_name", "old_la_code"),
    "Local authority district": ("lad_code", "lad_name", None),
    "RSC region": (None, "rsc_region_lead_name", None),
    "Parliamentary constituency": ("pcon_code", "pcon_name", None),
    "Local skills improvement plan area": ("lsip_code", "lsip_name", None),
    "Local enterprise partnership": ("local_enterprise_partnership_code", "local_enterprise_partnership_name", None),
    "English devolved area": ("english_devolved_area_code", "english_devolved_area_name", None),
    "Opportunity area": ("opportunity_area_code", "opportunity_area_name", None),
    "Ward": ("ward_code", "ward_name", None),
    "MAT": ("trust_id", "trust_name", None),
    "Sponsor": ("sponsor_id", "sponsor_name", None),
    "School": ("school_urn", "school_name", "school_laestab"),
    "Provider": ("provider_ukprn", "provider_name", None),
    "Institution": ("institution_id", "institution_name", None),
    "Planning area": ("planning_area_code", "planning_area_name", None),
    "Police force area": ("pfa_code", "pfa_name", None),
}
LOW_LEVELS = ["School", "Provider", "Institution"]
# R/check_geog_overcompleted_cols.R: which levels' rows may fill a level's columns (the levels used here)
COMPATIBLE = {
    "Local authority": [
        "Local authority",
        "Parliamentary constituency",
        "Local authority district",
        "Ward",
        *LOW_LEVELS,
        "Planning area",
        "Police force area",
    ],
    "School": ["School"],
}
# data-raw/potential_ob_units_regex.R
OB_UNITS_REGEX = re.compile(
    r"(^(country|sch|prov|inst|estab|reg|la|local|rsc|pfa|pcon|lep|mca|oa|ward|mat).*(name|code|urn|ukprn|number|upin|id)$)"
    r"|(^(laestab|estab|sch|school|schools|prov|provider|providers|inst|institution|institutions|name|code|urn|ukprn"
    r"|number|upin|id|region|la|lad|rsc|pcon|lep|mca|oa|ward|mat)$)",
    re.IGNORECASE,
)
# data-raw/char_limits.R
CHAR_LIMITS = {"location-code": 30, "column-name": 50, "column-label": 100, "column-item": 120}


def ob_units() -> list[str]:
    """R/utils.R get_acceptable_ob_units: time and geography columns."""
    geography = [c for cols in GEOGRAPHY.values() for c in cols if c]
    return ["time_period", "time_identifier", "geographic_level", *geography]


@dataclass(frozen=True)
class Finding:
    check: str
    source: str
    severity: str  # "FAIL" or "WARNING"
    message: str


@dataclass
class Pair:
    """A data file and its metadata, as read by the screener (every cell a string; "" is NA)."""

    name: str
    columns: list[str]
    rows: list[dict[str, str]]
    meta: list[dict[str, str]]

    def values(self, column: str) -> list[str]:
        return [r.get(column, "") for r in self.rows]

    def meta_of(self, col_type: str) -> list[dict[str, str]]:
        return [m for m in self.meta if m.get("col_type") == col_type]

    @property
    def filters(self) -> list[str]:
        return [m["col_name"] for m in self.meta_of("Filter")]

    @property
    def filter_groups(self) -> list[str]:
        return [m.get("filter_grouping_column", "") for m in self.meta if m.get("filter_grouping_column", "")]

    @property
    def indicators(self) -> list[str]:
        return [m["col_name"] for m in self.meta_of("Indicator")]

    @property
    def levels(self) -> list[str]:
        return sorted(set(self.values("geographic_level")))


def read_pair(name: str, data: str, meta: str) -> Pair:
    data_reader = csv.DictReader(io.StringIO(data))
    rows = list(data_reader)
    meta_rows = list(csv.DictReader(io.StringIO(meta)))
    return Pair(name, list(data_reader.fieldnames or []), rows, meta_rows)


def _reference(name: str) -> set[tuple[str, ...]]:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return {tuple(row) for row in list(csv.reader(handle))[1:]}


Check = Callable[[Pair], list[str]]
CHECKS: list[tuple[str, str, str, Check]] = []


def check(source: str, severity: str = "FAIL") -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS.append((function.__name__, source, severity, function))
        return function

    return register


def screen(pair: Pair) -> list[Finding]:
    """Every finding of every check, in the screener's order."""
    return [
        Finding(name, source, severity, message)
        for name, source, severity, function in CHECKS
        for message in function(pair)
    ]


def screen_files(folder: Path) -> dict[str, list[Finding]]:
    """Screen every ``<name>.csv`` in ``folder`` with its ``<name>.meta.csv``."""
    found = {}
    for data in sorted(folder.glob("*.csv")):
        if data.name.endswith(".meta.csv"):
            continue
        meta = data.with_name(data.stem + ".meta.csv")
        if not meta.exists():
            found[data.name] = [Finding("meta_file", "R/check_filenames_match.R", "FAIL", "no .meta.csv")]
            continue
        pair = read_pair(data.stem, data.read_text(encoding="utf-8"), meta.read_text(encoding="utf-8"))
        found[data.name] = screen(pair)
    return found


def _listed(what: str, items: list[str] | set[str]) -> list[str]:
    return [f"{what}: {', '.join(sorted(set(items)))}"] if items else []


# ---------------------------------------------------------------- file names and columns


@check("R/check_filename_special.R")
def filename_special(pair: Pair) -> list[str]:
    return _listed("special characters in the file name", set(re.sub(r"[A-Za-z0-9_\- ]", "", pair.name)))


@check("R/check_filename_spaces.R")
def filename_spaces(pair: Pair) -> list[str]:
    return ["the file name has spaces"] if " " in pair.name else []


@check("R/precheck_col_req_meta.R")
def col_req_meta(pair: Pair) -> list[str]:
    present = set(pair.meta[0]) if pair.meta else set()
    return _listed("required metadata columns missing", [c for c in REQ_META if c not in present])


@check("R/precheck_col_invalid_meta.R")
def col_invalid_meta(pair: Pair) -> list[str]:
    present = set(pair.meta[0]) if pair.meta else set()
    return _listed("invalid metadata columns", present - set(REQ_META) - set(OPTIONAL_META))


@check("R/precheck_col_req_data.R")
def col_req_data(pair: Pair) -> list[str]:
    return _listed("required data columns missing", [c for c in REQ_DATA if c not in pair.columns])


@check("R/precheck_col_to_rows.R")
def col_to_rows(pair: Pair) -> list[str]:
    extra = len(pair.columns) - 5
    return [f"{len(pair.meta)} metadata rows but {extra} non-mandatory data columns"] if len(pair.meta) > extra else []


@check("R/precheck_cross_meta_to_data.R")
def cross_meta_to_data(pair: Pair) -> list[str]:
    return _listed("in the metadata but not the data", set(pair.filters + pair.filter_groups) - set(pair.columns))


@check("R/precheck_cross_data_to_meta.R", "WARNING")
def cross_data_to_meta(pair: Pair) -> list[str]:
    described = {m.get("col_name", "") for m in pair.meta} | set(pair.filter_groups)
    loose = [c for c in pair.columns if c not in ob_units() and c not in described and len(set(pair.values(c))) > 1]
    return _listed("not an observational unit, not single-valued and not in the metadata", loose)


@check("R/check_col_names_spaces.R")
def col_names_spaces(pair: Pair) -> list[str]:
    return _listed("column names with spaces", [c for c in pair.columns if re.search(r"\s", c)])


@check("R/check_col_snake_case.R", "WARNING")
def col_snake_case(pair: Pair) -> list[str]:
    return _listed(
        "characters outside snake_case in column names", set(re.sub(r"[a-z0-9_]", "", "".join(pair.columns)))
    )


@check("R/check_col_var_start.R", "WARNING")
def col_var_start(pair: Pair) -> list[str]:
    return _listed(
        "column names not starting with a lower-case letter", [c for c in pair.columns if not re.match("[a-z]", c)]
    )


# ---------------------------------------------------------------- metadata


@check("R/precheck_meta_col_type.R")
def meta_col_type(pair: Pair) -> list[str]:
    return _listed("invalid col_type values", {m.get("col_type", "") for m in pair.meta} - {"Filter", "Indicator"})


@check("R/precheck_meta_ob_unit.R")
def meta_ob_unit(pair: Pair) -> list[str]:
    described = {m.get("col_name", "") for m in pair.meta} | set(pair.filter_groups)
    allowed = {"school_name", "provider_name"}
    return _listed(
        "observational units in the metadata", [c for c in ob_units() if c in described and c not in allowed]
    )


@check("R/precheck_meta_col_name.R")
def meta_col_name(pair: Pair) -> list[str]:
    blank = sum(1 for m in pair.meta if not m.get("col_name", "").strip())
    return [f"col_name missing in {blank} rows"] if blank else []


@check("R/check_meta_dupe_label.R")
def meta_dupe_label(pair: Pair) -> list[str]:
    labels = [m.get("label", "") for m in pair.meta]
    return _listed("duplicated labels", {x for x in labels if labels.count(x) > 1})


@check("R/check_meta_col_name_dupe.R")
def meta_col_name_dupe(pair: Pair) -> list[str]:
    names = [m.get("col_name", "") for m in pair.meta]
    return _listed("col_name described more than once", {x for x in names if names.count(x) > 1})


@check("R/check_meta_col_name_spaces.R")
def meta_col_name_spaces(pair: Pair) -> list[str]:
    return _listed(
        "col_name values with spaces", [m["col_name"] for m in pair.meta if re.search(r"\s", m.get("col_name", ""))]
    )


@check("R/check_meta_label.R")
def meta_label(pair: Pair) -> list[str]:
    blank = sum(1 for m in pair.meta if m.get("label", "") in ("", " "))
    return [f"label missing in {blank} rows"] if blank else []


def _set_for(pair: Pair, col_type: str, field: str) -> list[str]:
    return [m["col_name"] for m in pair.meta_of(col_type) if m.get(field, "")]


@check("R/check_meta_fil_grp.R")
def meta_fil_grp(pair: Pair) -> list[str]:
    return _listed("indicators with a filter_grouping_column", _set_for(pair, "Indicator", "filter_grouping_column"))


@check("R/check_meta_filter_hint.R")
def meta_filter_hint(pair: Pair) -> list[str]:
    return _listed("indicators with a filter_hint", _set_for(pair, "Indicator", "filter_hint"))


@check("R/check_meta_indicator_dp.R")
def meta_indicator_dp(pair: Pair) -> list[str]:
    return _listed("filters with an indicator_dp", _set_for(pair, "Filter", "indicator_dp"))


@check("R/check_meta_ind_unit.R")
def meta_ind_unit(pair: Pair) -> list[str]:
    return _listed("filters with an indicator_unit", _set_for(pair, "Filter", "indicator_unit"))


@check("R/check_meta_indicator_grouping.R")
def meta_indicator_grouping(pair: Pair) -> list[str]:
    return _listed("filters with an indicator_grouping", _set_for(pair, "Filter", "indicator_grouping"))


@check("R/check_meta_ind_dp_set.R", "WARNING")
def meta_ind_dp_set(pair: Pair) -> list[str]:
    return _listed(
        "indicators without indicator_dp",
        [m["col_name"] for m in pair.meta_of("Indicator") if not m.get("indicator_dp", "").strip()],
    )


@check("R/check_meta_ind_dp_values.R")
def meta_ind_dp_values(pair: Pair) -> list[str]:
    bad = [
        m["indicator_dp"]
        for m in pair.meta
        if m.get("indicator_dp", "").strip() and not m["indicator_dp"].strip().isdigit()
    ]
    return _listed("indicator_dp values that are not blank, zero or a positive integer", bad)


@check("R/check_meta_ind_unit_validation.R")
def meta_ind_unit_validation(pair: Pair) -> list[str]:
    units = {m.get("indicator_unit", "") for m in pair.meta_of("Indicator")} - {""}
    return _listed("invalid indicator_unit values", units - set(INDICATOR_UNITS))


@check("R/check_meta_fil_grp_dupe.R")
def meta_fil_grp_dupe(pair: Pair) -> list[str]:
    groups = pair.filter_groups
    return _listed("duplicated filter_grouping_column values", {g for g in groups if groups.count(g) > 1})


@check("R/check_meta_fil_grp_match.R")
def meta_fil_grp_match(pair: Pair) -> list[str]:
    return _listed("filter groups not in the data", set(pair.filter_groups) - set(pair.columns))


@check("R/check_meta_geog_catch.R")
def meta_geog_catch(pair: Pair) -> list[str]:
    names = pair.filters + pair.filter_groups
    if len(pair.filters) == 1 and names and names[0] in ("school_name", "provider_name"):
        names = [n for n in names if n not in ("school_name", "provider_name")]
    return _listed("filters that look like geography columns", [n for n in names if OB_UNITS_REGEX.search(n)])


from tests import ees_screener_rows  # noqa: E402, F401  (registers the row checks)
