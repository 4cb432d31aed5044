"""The YAML loader: YAML 1.2 scalars, positions, encodings, limits."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from mentorkit.load.source import Source
from mentorkit.load.yaml_file import MAX_YAML_BYTES, load_yaml_file
from mentorkit.load.yaml_parse import parse_yaml


def parse(text: str) -> tuple[Source, list]:
    source = Source(path=Path("x.yaml"), rel="x.yaml")
    return source, parse_yaml(text, source)


def test_yaml_1_1_booleans_stay_text_so_a_pseudonym_no_survives():
    source, problems = parse("a: NO\nb: on\nc: yes\nd: true\n")
    assert problems == [] and source.data == {"a": "NO", "b": "on", "c": "yes", "d": True}


def test_dates_and_sexagesimal_numbers_stay_text():
    source, _ = parse("a: 2024-13-01\nb: 1:20\nc: 0755\n")
    assert source.data == {"a": "2024-13-01", "b": "1:20", "c": 755}


def test_positions_are_one_based_lines_and_columns():
    source, _ = parse("top:\n  inner: value\nitems:\n  - first\n  - second\n")
    assert source.position(("top", "inner")) == (2, 10)
    assert source.position(("top", "inner"), key=True) == (2, 3)
    assert source.position(("items", 1)) == (5, 5)


def test_block_scalar_position_is_its_first_text_line():
    source, _ = parse("summary: |\n  First line.\n")
    assert source.position(("summary",))[0] == 2


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: Sam\r\nrole: Nurse\r\n")
    source, problems = load_yaml_file(path, "x.yaml")
    assert problems == [] and source.data == {"name": "Sam", "role": "Nurse"}


def test_non_utf8_names_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"name: Sam\nrole: caf\xe9\n")
    _, problems = load_yaml_file(path, "x.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 10, "not-utf8")]


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: b\n" * (MAX_YAML_BYTES // 5 + 10))
    _, problems = load_yaml_file(path, "x.yaml")
    assert [p.code for p in problems] == ["file-too-large"]


def test_python_tags_are_refused_not_executed():
    _, problems = parse("a: !!python/object/apply:os.system ['true']\n")
    assert [p.code for p in problems] == ["yaml-tag"]


def test_front_matter_body_line_is_the_first_text_line(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: T\n---\n\n\nBody text.\n")
    source, problems = load_yaml_file(path, "x.md", front_matter=True)
    assert problems == [] and source.body_line == 6 and source.body == "Body text.\n"


def test_every_kind_names_the_site_attribute_that_holds_its_files():
    # A new kind is one entry in kinds.KINDS: the Site reads its attribute from there.
    from mentorkit.load.content import Site
    from mentorkit.model.kinds import KINDS

    fields = {f.name for f in dataclasses.fields(Site)}
    assert {kind.attribute for kind in KINDS} <= fields
    assert len({kind.attribute for kind in KINDS}) == len(KINDS)


def test_check_hands_the_stages_a_site_whose_programme_is_there(site):
    from mentorkit.build.pipeline import check
    from mentorkit.load.content import CheckedSite

    loaded, _ = check(site.root)
    assert isinstance(loaded, CheckedSite)
    assert loaded.programme.id


def test_a_site_whose_programme_failed_to_load_is_not_a_checked_site(site):
    from mentorkit.build.pipeline import check
    from mentorkit.load.content import CheckedSite, checked

    site.write("content/programme.yaml", "id: [unclosed\n")
    loaded, problems = check(site.root)
    assert not isinstance(loaded, CheckedSite)
    assert checked(loaded) is None
    assert any(p.file == "content/programme.yaml" for p in problems)
