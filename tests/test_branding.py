"""The programme's own look (programme.yaml's site:) and the home page as a recruitment landing page."""

from __future__ import annotations

import re

import pytest

from mentorkit.build.pipeline import BuildOptions, build, check, render_docs
from mentorkit.check.branding import contrast
from mentorkit.render.landing import year_groups
from mentorkit.stats import figures as stats

COLOURS = '  colours:\n    primary: "{primary}"\n    accent: "{accent}"\n'


def _brand(site, primary: str = "#0f5e5a", accent: str = "#8a3b12", extra: str = "") -> None:
    site.edit(
        "content/programme.yaml",
        "  example_data: true\n",
        "  example_data: true\n" + extra + COLOURS.format(primary=primary, accent=accent),
    )


def _home(site) -> str:
    loaded, _ = check(site.root)
    return render_docs(loaded, stats.compute(loaded))[0]["index.md"]


def test_contrast_ratios_are_wcags():
    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest AA grey


def test_a_primary_colour_too_light_for_white_text_is_an_error_with_its_ratio(site):
    _brand(site, primary="#66cccc")
    [problem] = [p for p in site.problems() if p.code == "low-contrast"]
    assert problem.severity == "error" and problem.file == "content/programme.yaml"
    assert problem.line == site.line_of("content/programme.yaml", "primary:")
    assert "1.90:1" in problem.message and "4.5:1" in problem.message and "11.07:1 with black" in problem.message
    darker = re.search(r"#[0-9a-f]{6}", problem.hint)[0]
    assert contrast(darker, "#ffffff") >= 4.5


def test_a_light_accent_is_a_warning(site):
    _brand(site, accent="#f4b400")
    assert [(p.code, p.severity) for p in site.problems() if p.field.endswith("accent")] == [
        ("low-contrast", "warning")
    ]


def test_readable_colours_pass_and_reach_the_theme_as_custom_properties(site):
    _brand(site)
    assert site.errors() == [] and site.warnings() == []
    loaded, _ = check(site.root)
    css = render_docs(loaded, stats.compute(loaded))[0]["assets/mentorkit-colours.css"]
    assert "--md-primary-fg-color: #0f5e5a;" in css and "--md-accent-fg-color: #8a3b12;" in css
    assert "--md-primary-bg-color: #ffffff;" in css


def test_a_colour_must_be_written_as_hex_and_the_hint_says_how(site):
    _brand(site, primary="teal")
    [problem] = [p for p in site.problems() if p.field == "site.colours.primary"]
    assert (problem.code, problem.line) == ("invalid-format", site.line_of("content/programme.yaml", "primary:"))
    assert '"#0f5e5a"' in problem.hint and "quotes" in problem.hint


def test_a_missing_favicon_or_social_image_is_named(site):
    _brand(site, extra="  favicon: icon.png\n  social_image: card.png\n")
    missing = [p.field for p in site.problems() if p.code == "missing-asset"]
    assert missing == ["site.favicon", "site.social_image"]


def test_the_home_page_asks_first_and_shows_the_commitment(site):
    home = _home(site)
    assert home.index("[Become a mentor](become-a-mentor.md){ .md-button .md-button--primary }") < home.index(
        "What mentoring asks of you"
    )
    assert "<strong>2 sessions</strong> <span>of 60 minutes each</span>" in home
    assert "<strong>7 months</strong>" in home and "<strong>Year 8</strong>" in home
    assert "- An enhanced DBS check" in home


def test_results_are_left_off_the_home_page_while_withheld(site):
    assert "What mentees said" not in _home(site)


def test_results_shown_carry_their_base(site):
    site.edit(
        "content/programme.yaml", "site:\n", "disclosure:\n  min_count: 1\n  complement: false\n  min_base: 1\nsite:\n"
    )
    home = _home(site)
    assert "What mentees said in 2024 to 2025" in home
    assert re.search(r"<strong>\d+%</strong> <span>of the \d+ mentees who answered after the sessions agreed", home)


def test_only_consented_testimonials_reach_the_home_page(site):
    home = _home(site)
    assert "Students talked about it for weeks." in home
    unconsented = site.read("content/testimonials/unconsented.yaml")
    quote = re.search(r"quote: (.+)", unconsented)[1].strip().strip("\"'")
    assert quote[:30] not in home


@pytest.mark.parametrize(
    ("groups", "text"),
    [
        ([10], "Year 10"),
        ([10, 9], "Years 9 and 10"),
        ([7, 8, 9, 10, 11], "Years 7 to 11"),
        ([7, 9, 11], "Years 7, 9 and 11"),
    ],
)
def test_year_groups_read_as_a_person_would_write_them(groups, text):
    assert year_groups(groups) == text


@pytest.mark.slow
def test_the_built_site_carries_the_programmes_look(site, tmp_path):
    site.write(
        "content/assets/logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n',
    )
    from PIL import Image  # a real picture: the build re-encodes images and refuses broken ones

    Image.new("RGB", (120, 63), "#0f5e5a").save(site.path("content/assets/card.png"))
    extra = "  url: https://pier.example/mentoring/\n  logo: logo.svg\n  favicon: logo.svg\n"
    _brand(site, extra=extra + "  social_image: card.png\n")
    out = build(BuildOptions(site.root, site_dir=tmp_path / "out", pdf=False)).output
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://pier.example/mentoring/assets/card.png">' in home
    assert '<link rel="icon" href="assets/logo.svg">' in home
    assert 'href="assets/mentorkit-colours.css"' in home
    assert 'data-md-color-primary="custom"' in home
    footer = home[home.index('class="md-copyright') :]
    assert "Example Council" in footer and "mailto:skills@example.org" in footer
    assert "Made with" not in home
