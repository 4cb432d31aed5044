"""Open data in EES format: both examples pass the screener's structural checks, broken files fail them."""

from __future__ import annotations

import csv
import io
import json
import typing
from pathlib import Path

import pytest

from mentorkit.build.pipeline import BuildOptions, build, render_docs
from mentorkit.load.content import CheckedSite, checked, read_site
from mentorkit.model.programme import LICENCES, LicenceId
from mentorkit.render import ees
from mentorkit.render.outcomes import files as published_files
from mentorkit.stats import figures as stats
from tests.ees_screener import CHECKS, Pair, read_pair, screen, screen_files

from .conftest import REPO, SiteDir, copy_fixture

EXAMPLES = [REPO, REPO / "examples" / "academy-hub"]


def _load(root: Path) -> CheckedSite:
    site, problems = read_site(root)
    assert not [p for p in problems if p.severity == "error"]
    loaded = checked(site)
    assert loaded
    return loaded


def _published(root: Path) -> dict[str, str]:
    site = _load(root)
    return published_files(site, stats.compute(site))


def _pairs(out: dict[str, str]) -> list[Pair]:
    data = [p for p in out if p.startswith(ees.EES_DIR) and p.endswith(".csv") and not p.endswith(".meta.csv")]
    return [read_pair(Path(p).stem, out[p], out[p.removesuffix(".csv") + ".meta.csv"]) for p in sorted(data)]


@pytest.fixture(scope="module")
def sixty() -> dict[str, str]:
    return _published(REPO)


@pytest.mark.parametrize("root", EXAMPLES, ids=["60mm", "academy-hub"])
def test_every_ees_file_of_both_examples_passes_the_screener_checks(root):
    pairs = _pairs(_published(root))
    assert pairs, "each example publishes EES files"
    for pair in pairs:
        assert screen(pair) == [], pair.name
        assert pair.rows and pair.meta


def test_the_60mm_example_publishes_local_authority_totals_and_school_rows(sixty):
    names = {p.name for p in _pairs(sixty)}
    by_school = {f"{t}{s}" for t in ("participation", "outcomes", "change", "attrition") for s in ("", "_schools")}
    assert names == by_school | {"dosage", "matched_means"}  # dosage and matched means are by programme only
    outcomes = list(csv.DictReader(io.StringIO(sixty["data/ees/outcomes.csv"])))
    assert {r["geographic_level"] for r in outcomes} == {"Local authority"}
    assert {(r["new_la_code"], r["old_la_code"], r["la_name"]) for r in outcomes} == {
        ("E06000033", "882", "Southend-on-Sea")
    }
    assert {r["time_period"] for r in outcomes} == {"202324", "202425"}
    schools = list(csv.DictReader(io.StringIO(sixty["data/ees/outcomes_schools.csv"])))
    assert {r["school_laestab"][:3] for r in schools} == {"882"}
    assert all(r["outcome"] for r in outcomes + schools), "a question with no outcome is named, not left blank"


def test_withheld_cells_are_bare_symbols_and_shares_become_percentages(sixty):
    frictionless = list(csv.DictReader(io.StringIO(sixty["data/change.csv"])))
    ees_rows = list(csv.DictReader(io.StringIO(sixty["data/ees/change.csv"])))
    programme = [r for r in frictionless if r["level"] == "Programme"]
    assert len(programme) == len(ees_rows)
    for before, after in zip(programme, ees_rows, strict=True):
        assert after["time_period"] == before["academic_year"].replace("-", "")
        for column in ("matched", "improved", "same", "worse"):
            assert after[column] == before[column]  # counts and symbols (c) unchanged
        share = before["improved_share"]
        assert after["improved_share"] == (share if share == "c" else f"{float(share) * 100:.1f}")
    assert any(r["same"] == "c" for r in ees_rows)


def test_all_years_totals_and_area_statistics_are_left_out_and_the_notes_say_why(sixty):
    participation = sixty["data/ees/participation.csv"]
    assert "All years" not in participation and "202324" in participation
    notes = sixty[ees.LICENCE_FILE]
    assert "'All years' totals" in notes and "indicators.csv copies other publishers' statistics" in notes
    assert "Open Government Licence v3.0" in notes


def test_the_meta_file_describes_filters_with_two_values_and_every_indicator(sixty):
    meta = list(csv.DictReader(io.StringIO(sixty["data/ees/change.meta.csv"])))
    assert [m["col_name"] for m in meta if m["col_type"] == "Filter"] == ["question", "outcome"]
    units = {m["col_name"]: (m["indicator_unit"], m["indicator_dp"]) for m in meta if m["col_type"] == "Indicator"}
    assert units["matched"] == ("", "0") and units["improved_share"] == ("%", "1") and units["mean_change"] == ("", "2")
    # survey is the single post survey here: kept in the data, not described (EES refuses one-level filters)
    assert "survey" in sixty["data/ees/change.csv"].splitlines()[0]


def test_the_licence_is_in_the_data_package_and_on_the_open_data_page(sixty):
    package = json.loads(sixty["datapackage.json"])
    assert package["licenses"] == [
        {
            "name": "OGL-UK-3.0",
            "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            "title": "Open Government Licence v3.0",
        }
    ]
    site = _load(REPO)
    docs, _, _ = render_docs(site, stats.compute(site))
    page = docs["impact/open-data.md"]
    assert "[Open Government Licence v3.0](https://www.nationalarchives.gov.uk/" in page
    assert "[outcomes_schools.meta.csv](../data/ees/outcomes_schools.meta.csv)" in page
    assert "All years" in page


def test_the_licence_list_and_its_identifiers_agree():
    assert set(typing.get_args(LicenceId)) == set(LICENCES)


def test_another_licence_flows_through_and_an_unknown_one_is_refused(tmp_path):
    site = copy_fixture("small-school", tmp_path / "site")
    site.write("content/programme.yaml", site.read("content/programme.yaml") + "licence: CC-BY-4.0\n")
    loaded = _load(site.root)
    out = published_files(loaded, stats.compute(loaded))
    assert json.loads(out["datapackage.json"])["licenses"][0]["name"] == "CC-BY-4.0"
    assert "Creative Commons Attribution 4.0 International" in out[ees.LICENCE_FILE]
    site.edit("content/programme.yaml", "licence: CC-BY-4.0", "licence: MIT")
    assert (
        "content/programme.yaml",
        site.line_of("content/programme.yaml", "licence: MIT"),
    ) in {(f, line) for f, line, _ in site.errors()}


# ---------------------------------------------------------------- schools and their codes


def _school(site: SiteDir, rel: str, codes: str) -> None:
    """Replace the codes at the end of a fixture school's file (they come last) with ``codes``."""
    lines = site.read(rel).splitlines()
    cut = next((i for i, line in enumerate(lines) if line.startswith(("# Invented", "urn:"))), len(lines))
    site.write(rel, "\n".join(lines[:cut]) + "\n" + codes)


def test_a_school_without_codes_is_left_out_and_warned_about_once_at_its_file(tmp_path):
    site = copy_fixture("small-school", tmp_path / "site")
    rel = "content/schools/cliff-school.yaml"
    _school(site, rel, "")
    warnings = [w for w in site.warnings() if w[2] == "ees-school-codes"]
    assert warnings == [(rel, site.line_of(rel, "name:"), "ees-school-codes")]
    loaded = _load(site.root)
    out = ees.files(loaded, stats.compute(loaded))
    schools = out["data/ees/participation_schools.csv"]
    assert "Cliff School" not in schools and "Brook School" in schools
    assert "the rows of Cliff School (fictional) (no urn and laestab" in out[ees.LICENCE_FILE]


def test_programme_totals_are_local_authority_rows_only_when_every_school_shares_one(tmp_path):
    site = copy_fixture("small-school", tmp_path / "site")
    la = 'local_authority:\n  name: {name}\n  code: {code}\n  old_code: "{old}"\n'
    for n, school in enumerate(("brook", "cliff", "hill"), start=1):
        codes = f'urn: "99990{n}"\nlaestab: "882990{n}"\n' + la.format(
            name="Southend-on-Sea", code="E06000033", old="882"
        )
        _school(site, f"content/schools/{school}-school.yaml", codes)
    loaded = _load(site.root)
    out = ees.files(loaded, stats.compute(loaded))
    assert "Local authority,E92000001,England,E06000033,882,Southend-on-Sea" in out["data/ees/participation.csv"]
    _school(
        site,
        "content/schools/hill-school.yaml",
        'urn: "999903"\nlaestab: "8819903"\n' + la.format(name="Essex", code="E10000012", old="881"),
    )
    loaded = _load(site.root)
    out = ees.files(loaded, stats.compute(loaded))
    assert "data/ees/participation.csv" not in out
    assert "not all in one local authority with codes" in out[ees.LICENCE_FILE]
    for pair in _pairs(out):
        assert screen(pair) == [], pair.name


def test_a_laestab_outside_its_local_authority_or_a_malformed_code_is_an_error_at_its_line(site):
    rel = "content/schools/hill-school.yaml"
    la = 'local_authority:\n  name: Southend-on-Sea\n  code: E06000033\n  old_code: "882"\n'
    _school(site, rel, 'urn: "999922"\nlaestab: "8819922"\n' + la)
    assert site.errors() == [(rel, site.line_of(rel, "laestab:"), "laestab-mismatch")]
    site.edit(rel, "8819922", "8829922")
    assert site.errors() == []
    site.edit(rel, "code: E06000033", "code: E6000033")
    assert site.errors() == [(rel, site.line_of(rel, "code: E6000033"), "invalid-format")]


def test_an_academic_year_becomes_six_digits():
    assert ees.time_period("2023-24") == "202324"
    assert ees.time_period("1999-00") == "199900"


# ---------------------------------------------------------------- the checks can fail


def _set(column: str, value: str, row: int = 0):
    def mutate(pair: Pair) -> None:
        pair.rows[row][column] = value

    return mutate


def _meta(column: str, field: str, value: str):
    def mutate(pair: Pair) -> None:
        next(m for m in pair.meta if m["col_name"] == column)[field] = value

    return mutate


def _drop_column(column: str):
    def mutate(pair: Pair) -> None:
        pair.columns.remove(column)
        for row in pair.rows:
            del row[column]

    return mutate


def _rename(old: str, new: str):
    def mutate(pair: Pair) -> None:
        pair.columns[pair.columns.index(old)] = new
        for row in pair.rows:
            row[new] = row.pop(old)
        for m in pair.meta:
            if m["col_name"] == old:
                m["col_name"] = new

    return mutate


def _undescribe(column: str):
    def mutate(pair: Pair) -> None:
        pair.meta[:] = [m for m in pair.meta if m["col_name"] != column]

    return mutate


def _describe_survey(pair: Pair) -> None:
    pair.meta.insert(0, {**pair.meta[0], "col_name": "survey", "label": "Survey"})


def _duplicate_row(pair: Pair) -> None:
    pair.rows.append(dict(pair.rows[0]))


BROKEN = {
    "no time_period": (_drop_column("time_period"), "col_req_data"),
    "academic year as 2023-24": (_set("time_period", "2023-24"), "time_period_num"),
    "years not consecutive": (_set("time_period", "202325"), "time_period_six"),
    "five-digit period": (_set("time_period", "20232"), "time_period_num"),
    "time identifier misspelt": (_set("time_identifier", "Academic Year"), "time_id_valid"),
    "level Programme": (_set("geographic_level", "Programme"), "geog_level"),
    "country misnamed": (_set("country_name", "england"), "geog_country_combos"),
    "local authority misnamed": (_set("la_name", "Southend"), "geog_la_combos"),
    "local authority name blank": (_set("la_name", ""), "geog_level_completed"),
    "school code on an LA row": (_set("school_urn", "999901"), None),
    "blank filter cell": (_set("outcome", ""), "filter_blanks"),
    "blank indicator cell": (_set("matched", ""), "ind_invalid_entry"),
    "bracketed symbol": (_set("matched", "[c]"), "ind_numeric_or_symbol"),
    "legacy symbol": (_set("matched", ":"), "ind_invalid_entry"),
    "NA written out": (_set("improved", "NA"), "general_null"),
    "filter with trailing space": (_set("outcome", "confidence "), "filter_whitespace"),
    "capitals and a space in a name": (_rename("mean_change", "Mean change"), "col_names_spaces"),
    "capital in a name": (_rename("mean_change", "meanChange"), "col_snake_case"),
    "filter not described": (_undescribe("outcome"), "cross_data_to_meta"),
    "one-level filter described": (_describe_survey, "filter_not_singular"),
    "duplicate label": (_meta("same", "label", "Worse"), "meta_dupe_label"),
    "blank label": (_meta("same", "label", ""), "meta_label"),
    "col_type Measure": (_meta("same", "col_type", "Measure"), "meta_col_type"),
    "indicator without dp": (_meta("same", "indicator_dp", ""), "meta_ind_dp_set"),
    "negative dp": (_meta("same", "indicator_dp", "-1"), "meta_ind_dp_values"),
    "unit percent": (_meta("improved_share", "indicator_unit", "percent"), "meta_ind_unit_validation"),
    "filter with a unit": (_meta("outcome", "indicator_unit", "%"), "meta_ind_unit"),
    "indicator with a hint": (_meta("same", "filter_hint", "Matched people"), "meta_filter_hint"),
    "geography described": (_meta("outcome", "col_name", "la_name"), "meta_ob_unit"),
    "duplicate row": (_duplicate_row, "general_dupes"),
    "a filter pivoted into indicators": (_rename("same", "same_female"), "col_ind_smushed"),
    "characteristic filter": (_rename("outcome", "characteristic"), "col_var_characteristic"),
}


@pytest.mark.parametrize("mutate, expected", list(BROKEN.values()), ids=list(BROKEN))
def test_a_broken_ees_file_fails_the_check_written_for_it(sixty, mutate, expected):
    pair = read_pair("change", sixty["data/ees/change.csv"], sixty["data/ees/change.meta.csv"])
    assert screen(pair) == []
    if expected is None:  # a column this file lacks: add it, filled on an LA row
        pair.columns.insert(8, "school_urn")
        for row in pair.rows:
            row["school_urn"] = ""
        expected = "geog_overcompleted_cols"
    mutate(pair)
    found = {f.check for f in screen(pair)}
    assert expected in found, found


def test_every_check_names_its_source_in_eesyscreener_and_the_broken_files_reach_most_of_them():
    assert all(source.startswith(("R/", "data-raw/")) for _, source, _, _ in CHECKS)
    assert len(CHECKS) >= 40


@pytest.mark.slow
def test_a_real_build_publishes_ees_files_that_pass_the_screener(tmp_path):
    site = copy_fixture("small-school", tmp_path / "site")
    built = build(BuildOptions(site.root, site_dir=site.root / "out", pdf=False)).output
    found = screen_files(built / ees.EES_DIR)
    assert {"participation_schools.csv", "outcomes_schools.csv"} <= set(found)
    assert all(findings == [] for findings in found.values()), found
    assert (built / ees.LICENCE_FILE).exists()


def test_year_group_rows_become_a_year_group_filter_with_total_for_the_others(tmp_path):
    site = copy_fixture("small-school", tmp_path / "site")
    site.edit("content/programme.yaml", "year_groups: [8]", "year_groups: [8, 9]")
    site.edit("content/cohorts/2024-25/brook-school.yaml", "year_group: 8", "year_group: 9")
    loaded = _load(site.root)
    out = ees.files(loaded, stats.compute(loaded))
    rows = list(csv.DictReader(io.StringIO(out["data/ees/participation_schools.csv"])))
    # Year 9 is Brook School's alone: its row is Brook's, beside Brook's total
    brook = {r["year_group"]: r["mentees"] for r in rows if r["school_name"].startswith("Brook")}
    assert set(brook) == {"Total", "Year 9"} and brook["Total"] == brook["Year 9"]
    meta = list(csv.DictReader(io.StringIO(out["data/ees/participation_schools.meta.csv"])))
    assert meta[0]["col_name"] == "year_group" and meta[0]["col_type"] == "Filter"
    # Year 8 spans two schools in no shared local authority: left out, and said so
    assert not any(r["year_group"] == "Year 8" for r in rows)
    assert "programme or year-group totals" in out[ees.LICENCE_FILE]
    for pair in _pairs(out):
        assert screen(pair) == [], pair.name
