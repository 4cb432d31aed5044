"""No script reaches the public site from staff Markdown (class 2 of the hardening issue).

``check`` renders every text with the site generator's own Markdown parser
and extensions and holds the HTML to an allow-list; the ``md`` filter
escapes what is left; a final gate reads the built HTML.
"""

from __future__ import annotations

import pytest

from mentorkit.load.html_policy import violations
from mentorkit.load.sanitise import EXTENSIONS, clean_markdown, render

GUIDE = "content/guides/01-safeguarding.md"

# Each one ran script in Chromium before this check (or would have).
ATTACKS = {
    "attr_list event handler on an image": "![A chart](chart.png){ onerror=alert(1) }",
    "attr_list event handler on a paragraph": "Read this.\n{: onmouseover=alert(1) }",
    "attr_list javascript href": "[Our terms](https://example.org/terms){: href='javascript:alert(1)' }",
    "raw svg that CommonMark reads as text": "<svg/onload=alert(1)>",
    "admonition title": '!!! note "<img src=x onerror=alert(1)>"\n    Look.',
    "javascript link in capitals": "[Click](JaVaScRiPt:alert(1))",
    "javascript link by character reference": "[Click](&#106;avascript:alert(1))",
    "reference-style javascript link": "[Click][go]\n\n[go]: javascript:alert(1)",
    "vbscript link": "[Click](vbscript:msgbox(1))",
    "data URL image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "style attribute covering the page": "Hello\n{: style='position:fixed;top:0;left:0;width:100%;height:100%' }",
    "iframe in an HTML block": '<div markdown="1">\n<iframe src="https://evil.example"></iframe>\n</div>',
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_check_refuses_script_in_a_chapter_with_its_line(site, attack):
    site.edit(GUIDE, "the same day.", f"the same day.\n\n{ATTACKS[attack]}\n")
    line = site.line_of(GUIDE, ATTACKS[attack].splitlines()[0])
    found = [(p.file, p.line, p.code) for p in site.problems() if p.code == "raw-html"]
    assert found and found[0][0] == GUIDE
    assert {f[1] for f in found} <= set(range(line, line + 4)), found


@pytest.mark.parametrize(
    "field, old, new",
    [
        ("objectives", "  - Know their mentor.", "  - Know their [mentor](javascript:alert(1))."),
        ("agenda details", "story in **five** minutes", "story in **five**{ onclick=alert(1) } minutes"),
        ("prompts", "  - What do you enjoy?", "  - What do you enjoy? <img src=x onerror=alert(1)>"),
        ("title", "title: First meeting", "title: First <svg/onload=alert(1)> meeting"),
    ],
)
def test_plain_yaml_fields_are_read_as_markdown_too(site, field, old, new):
    rel = "sessions/01-first-meeting.yaml"
    site.edit(rel, old, new)
    line = site.line_of(rel, new.strip().split(":")[0] if field == "title" else new.strip()[:12])
    assert (rel, line, "raw-html") in site.errors()


@pytest.mark.parametrize(
    "safe",
    [
        "[a page](../sessions/) and [mail](mailto:a@example.org) and [web](https://example.org)",
        "![A chart](chart.png){ width=300 }",
        "## Heading {: #custom-id .special }",
        "[Open]( https://example.org ){ target=_blank rel=noopener }",
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
        '!!! tip "Remember"\n    Smith & Co <3 Maths, 2 < 3',
        "Term\n:   Definition\n\nA footnote[^1].\n\n[^1]: The note.",
        "- [x] done\n- [ ] to do",
    ],
)
def test_ordinary_markdown_passes(site, safe):
    site.edit(GUIDE, "the same day.", f"the same day.\n\n{safe}\n")
    assert site.errors() == []


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_the_md_filter_leaves_nothing_the_generator_would_render_as_script(attack):
    html = render(clean_markdown(ATTACKS[attack]))
    assert violations(html) == [], html


def test_the_check_uses_the_extensions_the_site_is_built_with():
    import yaml

    from mentorkit.build.paths import default_mkdocs_yml

    config = yaml.safe_load(default_mkdocs_yml().read_text())
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert sorted(names) == sorted(EXTENSIONS)


@pytest.mark.parametrize(
    "flood, code",
    [
        ("[" * 40_000, "markdown-too-complex"),
        ("".join("    " * i + "- x\n" for i in range(800)), "markdown-too-complex"),
    ],
    ids=["40,000 brackets", "800-level nested list"],
)
def test_markdown_that_would_take_minutes_or_crash_the_generator_is_refused_quickly(site, flood, code):
    import time

    site.edit(GUIDE, "the same day.", f"the same day.\n\n{flood}\n")
    start = time.perf_counter()
    problems = site.problems()
    assert time.perf_counter() - start < 5
    assert [(p.file, p.code) for p in problems if p.severity == "error"] == [(GUIDE, code)]


# The last gate, over the built HTML.

THEME_SCRIPT = (
    '<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>'
)
PAGES = {
    "event handler": '<p>Hi <img src="x.png" onerror="alert(1)"></p>',
    "event handler in capitals": '<p ONMOUSEOVER="alert(1)">Hi</p>',
    "javascript link": '<a href="javascript:alert(1)">go</a>',
    "javascript link with a tab and entities": '<a href="jav&#x09;ascript&colon;alert(1)">go</a>',
    "vbscript link": "<a href='vbscript:msgbox(1)'>go</a>",
    "data URL frame": '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    "svg xlink": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "meta refresh": '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
    "inline script": "<script>alert(1)</script>",
    "theme script with a quote injected": THEME_SCRIPT.replace('"../.."', '"../.."+alert(1)+""'),
}


def _theme():
    from mentorkit.build.pipeline import theme_folders

    return theme_folders()


@pytest.mark.parametrize("page", list(PAGES))
def test_the_html_gate_refuses_script_the_theme_did_not_write(tmp_path, page):
    from mentorkit.privacy.html_gate import scan_pages

    (tmp_path / "ok.html").write_text(f"<html><head>{THEME_SCRIPT}</head><body><p>fine</p></body></html>")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "index.html").write_text(f"<html><body>\n<main>\n{PAGES[page]}\n</main></body></html>")
    problems = scan_pages(tmp_path, _theme())
    assert [(p.file, p.line, p.code) for p in problems] == [("news/index.html", 3, "script-in-page")]


def test_the_themes_own_script_url_passes_the_html_gate(tmp_path):
    from mentorkit.privacy.html_gate import scan_pages

    share = '<a href="javascript:void(0)" class="md-search__icon md-icon">share</a>'  # partials/search.html
    (tmp_path / "index.html").write_text(f"<html><head>{THEME_SCRIPT}</head><body>{share}</body></html>")
    assert scan_pages(tmp_path, _theme()) == []


@pytest.mark.slow
def test_an_event_handler_in_a_sites_own_override_stops_the_build(site, capsys):
    from mentorkit.cli import main

    site.write(
        "site_overrides/main.html",
        '{% extends "base.html" %}\n{% block footer %}<div onclick="alert(1)">Hello</div>{% endblock %}\n',
    )
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 1
    assert "[script-in-page]" in capsys.readouterr().err
    assert not (site.root / "site").exists()


@pytest.mark.slow
def test_every_built_page_carries_the_content_security_policy_except_the_form_editor(site):
    from mentorkit.cli import main

    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 0
    pages = list((site.root / "site").rglob("*.html"))
    marked = [p for p in pages if 'http-equiv="Content-Security-Policy"' in p.read_text()]
    assert set(pages) - set(marked) == {p for p in pages if "admin" in p.parts}
    assert (
        "script-src 'self'" in marked[0].read_text()
        and "unsafe-inline" not in marked[0].read_text().split("style-src")[0].split("script-src")[1]
    )
