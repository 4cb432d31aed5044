"""A site's own mkdocs.yml is laid over mentorkit's defaults: it can only add, never break a guarantee."""

from __future__ import annotations

import re

import pytest

from mentorkit.build.generators import config_problems, load_base_config
from mentorkit.build.pipeline import BuildOptions, build
from mentorkit.build.siteconfig import layer

from .conftest import REPO

THREE_LINES = """\
site_name: Pier Mentoring
repo_url: https://github.com/pier-council/pier-mentoring
theme: {palette: {primary: teal}}
"""


def _extension_names(config: dict) -> list[str]:
    return [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]


def test_a_three_line_file_keeps_every_default(site):
    site.write("mkdocs.yml", THREE_LINES)
    config = load_base_config(site.root)
    defaults = load_base_config(REPO)
    assert _extension_names(config) == _extension_names(defaults)
    assert config["extra_css"] == ["assets/mentorkit.css", "assets/print.css"]
    assert config["theme"]["font"] is False and config["theme"]["features"] == defaults["theme"]["features"]
    assert config["theme"]["palette"] == {"primary": "teal"}  # the site's own key wins
    assert config["plugins"] == ["search"]
    assert config["repo_url"] == "https://github.com/pier-council/pier-mentoring"
    assert config_problems(site.root) == []


def test_lists_are_merged_and_an_extensions_options_are_the_sites_key_by_key():
    defaults = {
        "markdown_extensions": ["admonition", {"toc": {"permalink": True}}],
        "extra_css": ["assets/mentorkit.css"],
    }
    own = {"markdown_extensions": [{"toc": {"toc_depth": 2}}, "abbr"], "extra_css": ["assets/ours.css"]}
    merged = layer(defaults, own)
    assert merged["markdown_extensions"] == ["admonition", {"toc": {"permalink": True, "toc_depth": 2}}, "abbr"]
    assert merged["extra_css"] == ["assets/mentorkit.css", "assets/ours.css"]
    assert defaults["extra_css"] == ["assets/mentorkit.css"]  # the defaults are not changed


def test_web_fonts_are_overruled_with_a_warning_at_their_line(site):
    site.write("mkdocs.yml", "site_name: X\ntheme:\n  name: material\n  font:\n    text: Roboto\n")
    assert load_base_config(site.root)["theme"]["font"] is False
    [problem] = config_problems(site.root)
    assert (problem.file, problem.line, problem.code, problem.severity) == ("mkdocs.yml", 4, "web-fonts", "warning")
    assert "Roboto" in problem.message and problem.hint


def test_a_plugin_other_generators_cannot_run_is_dropped_with_a_warning_at_its_line(site):
    site.write("mkdocs.yml", "site_name: X\nplugins:\n  - search\n  - social:\n      cards: true\n")
    assert load_base_config(site.root)["plugins"] == ["search"]
    [problem] = config_problems(site.root)
    assert (problem.line, problem.code) == (4, "unportable-plugin") and '"social"' in problem.message


def test_the_warnings_reach_check(site):
    site.write("mkdocs.yml", "site_name: X\ntheme:\n  font: {text: Roboto}\n")
    assert ("mkdocs.yml", 3, "web-fonts") in site.warnings()


def test_a_broken_mkdocs_yml_is_an_error_at_its_line(site):
    site.write("mkdocs.yml", "site_name: X\ntheme: [unclosed\n")
    [problem] = config_problems(site.root)
    assert problem.severity == "error" and problem.file == "mkdocs.yml" and problem.line == 3


@pytest.mark.slow
def test_a_three_line_mkdocs_yml_builds_with_the_full_look_and_no_web_fonts(site, tmp_path):
    site.write("mkdocs.yml", THREE_LINES)
    result = build(BuildOptions(site.root, site_dir=tmp_path / "out", pdf=False))
    session = (result.output / "sessions" / "01-first-meeting" / "index.html").read_text(encoding="utf-8")
    assert 'class="admonition' in session and "!!! " not in session
    home = (result.output / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/mentorkit.css"' in home and 'href="assets/print.css"' in home
    every_page = "".join(p.read_text(encoding="utf-8") for p in result.output.rglob("*.html"))
    assert not re.search(r"fonts\.(googleapis|gstatic)\.com|fonts\.bunny\.net", every_page)
    assert "Made with" not in home and "Material for MkDocs" not in home


def test_extensions_and_plugins_written_as_mappings_are_layered_too(site):
    site.write("mkdocs.yml", "site_name: X\nmarkdown_extensions:\n  abbr: {}\nplugins:\n  search: {lang: en}\n")
    config = load_base_config(site.root)
    assert _extension_names(config) == [*_extension_names(load_base_config(REPO)), "abbr"]
    assert config["plugins"] == [{"search": {"lang": "en"}}]
    assert config_problems(site.root) == []
