"""Published CSV cells never run as spreadsheet formulas."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorkit.render.safecsv import neutralise_cell, neutralise_csv


@pytest.mark.parametrize(
    "cell,safe",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcell", "'\tcell"),
        ("-0.5", "-0.5"),
        ("+4", "+4"),
        ("Thamesmouth Academy", "Thamesmouth Academy"),
        ("", ""),
    ],
)
def test_formula_cells_get_an_apostrophe_numbers_do_not(cell, safe):
    assert neutralise_cell(cell) == safe


def test_a_csv_without_formulas_is_returned_unchanged():
    text = "label,value\r\nA,-1\r\n"
    assert neutralise_csv(text) is text


def test_a_formula_in_a_quoted_cell_is_neutralised():
    assert neutralise_csv('a,b\n"=1+1",2\n') == "a,b\n'=1+1,2\n"


_cells = st.text(alphabet=st.sampled_from(list('=+-@\t\r\n",a1 .')), max_size=6)


@given(st.lists(st.lists(_cells, min_size=1, max_size=4), min_size=1, max_size=5), st.sampled_from(["\n", "\r\n"]))
def test_no_cell_of_the_published_text_starts_a_formula(rows, line_end):
    # The quick scan that returns most texts untouched must never miss a cell.
    out = io.StringIO()
    csv.writer(out, lineterminator=line_end).writerows(rows)
    safe = neutralise_csv(out.getvalue())
    for row in csv.reader(io.StringIO(safe, newline="")):
        for cell in row:
            assert neutralise_cell(cell) == cell, (rows, safe)


@pytest.mark.slow
def test_csv_assets_are_neutralised_in_the_built_site(site):
    from mentorkit.build.pipeline import BuildOptions, build

    site.write("content/assets/links.csv", 'name,link\nGuide,=HYPERLINK("http://evil")\n')
    result = build(BuildOptions(site.root, pdf=False))
    assert (result.output / "assets/links.csv").read_text() == 'name,link\nGuide,"\'=HYPERLINK(""http://evil"")"\n'
