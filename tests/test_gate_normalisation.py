"""The gate reads text as a reader does: invisible, look-alike and encoded characters hide nothing.

Class 1 of the hardening issue: a pseudonym displayed on a page must be found
whatever characters spell it; ``check`` refuses the invisible ones in content.
Class 4: a private value stays private whatever other field holds it, and a
long text is found from any run of its words.
"""

from __future__ import annotations

import pytest

from mentorkit.build.pipeline import check
from mentorkit.cli import main
from mentorkit.privacy.gate import scan_site, scan_texts, secrets
from mentorkit.privacy.normalise import normalise

PSEUDONYM = ("content/cohorts/2024-25/hill-school.yaml", "mentees[1].id")  # HS-02

SPELLINGS = {
    "soft hyphen (pasted from Word)": "HS-0\u00ad2",
    "zero-width space": "HS\u200b-02",
    "word joiner": "H\u2060S-02",
    "zero-width joiner": "HS-\u200d02",
    "right-to-left override": "\u202dHS-02\u202c",
    "variation selector": "HS-0\ufe002",
    "non-breaking hyphen": "HS\u201102",
    "minus sign": "HS\u221202",
    "en dash": "HS\u201302",
    "full-width letters": "\uff28\uff33\uff0d\uff10\uff12",
    "Cyrillic S": "H\u0405-02",
    "Greek capital eta": "\u0397S-02",
    "letter O for zero": "HS-O2",
    "character references": "&#72;&#x53;&#45;02",
    "percent-encoded in a link": '<a href="/pupils/HS%2D02/">a page</a>',
    "double percent-encoded": '<a href="/p/HS%252D02">a page</a>',
    "inline tags inside the id": "HS-<b>0</b>2",
    "a span and an emphasis": "<span>HS</span>-<em>02</em>",
    "SVG text split across tspans": '<text><tspan>HS-</tspan><tspan x="4">02</tspan></text>',
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    from .conftest import copy_fixture

    fixture = copy_fixture("minimal", tmp_path_factory.mktemp("n") / "site")
    site, problems = check(fixture.root)
    assert problems == []
    return site


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_a_pseudonym_spelt_with_hidden_or_look_alike_characters_is_found_in_a_page(loaded, tmp_path, spelling):
    (tmp_path / "page.html").write_text(f"<html><body><p>Well done {SPELLINGS[spelling]} today</p></body></html>")
    (tmp_path / "chart.svg").write_text(f"<svg><text>{SPELLINGS[spelling]}</text></svg>")
    problems = scan_site(tmp_path, secrets(loaded))
    assert sorted((p.file, p.field, p.message.split()[-1]) for p in problems) == [
        (*PSEUDONYM, "chart.svg"),
        (*PSEUDONYM, "page.html"),
    ]


@pytest.mark.parametrize("markdown", ["HS-**0**2", "HS-_02_", "`HS`-02", "H~~S~~-02"])
def test_a_pseudonym_split_by_markdown_emphasis_is_found_before_the_site_is_generated(loaded, markdown):
    problems = scan_texts([("pages/news.md", f"Well done {markdown} today.")], secrets(loaded))
    assert [(p.file, p.field) for p in problems] == [PSEUDONYM]


@pytest.mark.parametrize(
    "innocent",
    [
        "<p>HS-020 and HS-2 and HHS-02 are other pupils</p>",  # a pseudonym must stand alone
        "<p>HS</p><p>02</p>",  # two paragraphs are two words to a reader
        "<ul><li>HS-0</li><li>2</li></ul>",
    ],
)
def test_block_tags_still_separate_words(loaded, tmp_path, innocent):
    (tmp_path / "page.html").write_text(innocent)
    assert scan_site(tmp_path, secrets(loaded)) == []


def test_normalising_twice_changes_nothing_and_both_sides_agree():
    for spelling in ["HS-0\u00ad2", "\uff28\uff33\uff0d\uff10\uff12", "H\u0405\u221202", "JO PRIVATE", "Jо Private"]:
        once = normalise(spelling)
        assert normalise(once) == once
    assert normalise("HS-0\u00ad2") == normalise("HS-02") == normalise("hs\u201102")
    assert normalise("JO PRIVATE") == normalise("Jo Private") == normalise("J\u043e Pr\u0456vate")


INVISIBLE = {
    "soft hyphen": "\u00ad",
    "zero-width space": "\u200b",
    "word joiner": "\u2060",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "zero-width no-break space mid-text": "\ufeff",
}


@pytest.mark.parametrize("name", list(INVISIBLE))
def test_check_refuses_an_invisible_character_with_its_line_and_column(site, name):
    rel = "content/mentors/jo-private.yaml"
    site.edit(rel, "Jo builds bridges", f"Jo builds br{INVISIBLE[name]}idges")
    line = site.line_of(rel, "bio:")
    found = [(p.file, p.line, p.column, p.code) for p in site.problems() if p.code == "invisible-character"]
    assert found == [(rel, line, len("bio: Jo builds br") + 1, "invisible-character")]
    problem = next(p for p in site.problems() if p.code == "invisible-character")
    assert f"U+{ord(INVISIBLE[name]):04X}" in problem.message and problem.hint


def test_check_refuses_an_invisible_character_in_a_markdown_page_body(site):
    site.edit("content/pages/faq.md", "No.", "No, ask HS\u200b-01.")
    line = site.line_of("content/pages/faq.md", "No, ask")
    assert ("content/pages/faq.md", line, "invisible-character") in site.errors()


def test_emoji_sequences_and_a_byte_order_mark_are_not_invisible_characters(site):
    site.edit("content/pages/faq.md", "No.", "No \u2764\ufe0f, and \U0001f469\u200d\U0001f3eb teachers agree.")
    text = site.read("content/programme.yaml")
    site.write("content/programme.yaml", "\ufeff" + text)
    assert site.errors() == []


# Class 4: consent by name, exactly.


def test_an_unconsented_name_set_as_another_mentors_organisation_stays_private(site, capsys):
    site.edit("content/mentors/sam-okafor.yaml", "organisation: Okafor Accounts Ltd", "organisation: Jo Private")
    found = [s for s in secrets(check(site.root)[0]) if s.what == "mentor name without consent"]
    assert {s.text for s in found} >= {"Jo Private"}
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert 'content/mentors/jo-private.yaml:1: name: mentor name without consent "Jo Private"' in err


def test_an_unconsented_organisation_stays_private_when_another_mentor_is_named_after_it(site):
    site.edit("content/mentors/sam-okafor.yaml", "name: Sam Okafor", "name: Secret Widgets Ltd")
    found = {s.text for s in secrets(check(site.root)[0]) if s.what == "mentor organisation without consent"}
    assert "Secret Widgets Ltd" in found


@pytest.mark.parametrize(
    "excerpt",
    [
        "builds bridges and has done so for twenty years",  # from its second word
        "has done so for twenty years in the county",  # its end
        "and has done so for twenty",  # six words from the middle
        "so for twenty years in the",
    ],
)
def test_an_unconsented_bio_quoted_from_anywhere_is_found(loaded, excerpt):
    problems = scan_texts([("pages/about.md", f"As a mentor said: {excerpt}.")], secrets(loaded))
    assert [(p.file, p.field) for p in problems] == [("content/mentors/jo-private.yaml", "bio")]


@pytest.mark.parametrize(
    "excerpt", ["never cleared for publication by anyone", "quote was never cleared for publication"]
)
def test_an_unconsented_testimonial_quoted_from_its_middle_is_found(loaded, excerpt):
    problems = scan_texts([("index.html", f"<blockquote>{excerpt}</blockquote>")], secrets(loaded))
    assert [(p.file, p.field) for p in problems] == [("content/testimonials/unconsented.yaml", "quote")]


def test_five_words_of_a_bio_are_too_common_to_be_a_leak(loaded):
    assert scan_texts([("pages/about.md", "twenty years in the county")], secrets(loaded)) == []


def test_words_quoted_with_consent_elsewhere_are_public_but_the_unconsented_quote_is_still_found(site):
    # Two testimonials that share most of their words, one consented (as in synthetic content).
    shared = "students came back from each session talking about jobs they had never heard of"
    rest = "source: parent\nrole: Parent\nprogramme: tiny\n"
    site.write("content/testimonials/consented.yaml", f'quote: "Number 14: {shared}."\n{rest}consent: true\n')
    site.write("content/testimonials/unconsented.yaml", f'quote: "Number 4: {shared}."\n{rest}consent: false\n')
    loaded, problems = check(site.root)
    assert problems == []
    found = secrets(loaded)
    published = [("testimonials.md", f"> Number 14: {shared}.")]
    assert scan_texts(published, found) == []
    leaked = scan_texts([("testimonials.md", f"> Number 4: {shared}.")], found)
    assert [(p.file, p.field) for p in leaked] == [("content/testimonials/unconsented.yaml", "quote")]
