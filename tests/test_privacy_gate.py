"""The privacy gate finds every kind of private value in every output channel.

Unit level: each secret planted in each kind of file the build can write.
End to end: leaks planted through the real build fail it, and the last good
site stays exactly as it was.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil

import pytest

from mentorkit.build.pipeline import check
from mentorkit.cli import main
from mentorkit.privacy.gate import scan_site, secrets

from .test_build import tree_hash

SECRETS = {
    # kind: (planted text, origin file, field)
    "pseudonym": ("HS-02", "content/cohorts/2024-25/hill-school.yaml", "mentees[1].id"),
    "mentor name without consent": ("Jo Private", "content/mentors/jo-private.yaml", "name"),
    "organisation without consent": ("Secret Widgets Ltd", "content/mentors/jo-private.yaml", "organisation"),
    "bio without consent": (
        "Jo builds bridges and has done so for twenty years",
        "content/mentors/jo-private.yaml",
        "bio",
    ),
    "testimonial without consent": (
        "This quote was never cleared for publication",
        "content/testimonials/unconsented.yaml",
        "quote",
    ),
    "free-text answer": (
        "Hearing how my mentor changed careers at thirty",
        "content/surveys/responses/2024-25/post.csv",
        "best-thing",
    ),
}


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def _pdf_metadata(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(
        string=(
            f'<html><head><title>Guide</title><meta name="author" content="{text}"></head><body><p>Nothing '
            "here.</p></body></html>"
        )
    ).write_pdf()


def _png(text: str) -> bytes:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Description", text)
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue()


CHANNELS = {
    "html page": (
        "page/index.html",
        lambda t: f"<html><body><p>Say hello to {t.replace(' ', '&nbsp;', 1)}</p></body></html>".encode(),
    ),
    "html split by tags": (
        "page2/index.html",
        lambda t: f"<p><strong>{t.split(' ')[0]}</strong> {' '.join(t.split(' ')[1:])}</p>".encode(),
    ),
    "search index": (
        "search/search_index.json",
        lambda t: json.dumps({"docs": [{"location": "", "text": f"<p>{t}</p>"}]}).encode(),
    ),
    "sitemap": (
        "sitemap.xml.gz",
        lambda t: gzip.compress(
            f"<urlset><url><loc>https://x.org/{t.lower().replace(' ', '-')}/</loc></url></urlset>".encode()
        ),
    ),
    "open data csv": ("data/figures.csv", lambda t: f"label,value\n{t},4\n".encode()),
    "json data": ("data/figures.json", lambda t: json.dumps({"label": t}).encode()),
    "svg chart": (
        "assets/charts/c.svg",
        lambda t: f'<svg xmlns="http://www.w3.org/2000/svg"><text>{t}</text></svg>'.encode(),
    ),
    "pdf": ("pdf/guide.pdf", lambda t: _pdf(t)),
    "pdf metadata": ("pdf/meta.pdf", lambda t: _pdf_metadata(t)),
    "image metadata": ("assets/photo.png", lambda t: _png(t)),
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    from .conftest import copy_fixture

    fixture = copy_fixture("minimal", tmp_path_factory.mktemp("p") / "site")
    site, problems = check(fixture.root)
    assert problems == []
    return site


@pytest.mark.parametrize("channel", list(CHANNELS))
@pytest.mark.parametrize("kind", list(SECRETS))
def test_each_secret_is_found_in_each_channel(loaded, tmp_path, kind, channel):
    text, origin, field = SECRETS[kind]
    if channel == "sitemap" and kind not in ("pseudonym", "mentor name without consent"):
        pytest.skip("only a name or a pseudonym can become a page address")
    rel, make = CHANNELS[channel]
    target = tmp_path / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(make(text))
    (tmp_path / "innocent.html").write_text("<p>Sam Okafor, Okafor Accounts Ltd, Hill School</p>")

    problems = scan_site(tmp_path, secrets(loaded))

    assert [(p.file, p.field, p.code) for p in problems] == [(origin, field, "privacy-leak")]
    assert rel in problems[0].message


def test_a_copy_of_a_vendor_file_is_skipped_but_an_edited_one_of_the_same_size_is_searched(loaded, tmp_path):
    text, origin, field = SECRETS["pseudonym"]
    vendor, built = tmp_path / "vendor", tmp_path / "site"
    (vendor / "assets").mkdir(parents=True)
    (built / "assets").mkdir(parents=True)
    shipped = f"/* {text} */".encode()  # a vendor file that happens to contain the secret
    (vendor / "assets" / "bundle.js").write_bytes(shipped)
    (built / "assets" / "copied.js").write_bytes(shipped)
    assert scan_site(built, secrets(loaded), vendor=[vendor]) == []

    edited = shipped.replace(b"/*", b"//", 1)
    assert len(edited) == len(shipped)
    (built / "assets" / "copied.js").write_bytes(edited)
    problems = scan_site(built, secrets(loaded), vendor=[vendor])
    assert [(p.file, p.field, p.code) for p in problems] == [(origin, field, "privacy-leak")]


@pytest.mark.parametrize("reader", ["poppler", "pypdf"])
def test_a_secret_in_a_pdf_is_found_with_poppler_or_without_it(loaded, tmp_path, monkeypatch, reader):
    from mentorkit.privacy import extract

    if reader == "pypdf":
        monkeypatch.setattr(extract, "_poppler_texts", lambda path: None)  # as on a machine without poppler-utils
    else:
        assert shutil.which("pdftotext"), "scripts/setup installs poppler-utils"
    text, origin, field = SECRETS["pseudonym"]
    (tmp_path / "guide.pdf").write_bytes(_pdf(f"Notes about {text} today"))
    problems = scan_site(tmp_path, secrets(loaded))
    assert [(p.file, p.field, p.code) for p in problems] == [(origin, field, "privacy-leak")]


def test_consented_values_and_short_answers_are_not_secrets(loaded):
    texts = {s.text for s in secrets(loaded)}
    assert "Sam Okafor" not in texts and "Okafor Accounts Ltd" not in texts
    assert "maths" not in texts  # too short to search for without false alarms


def test_a_leak_in_generated_markdown_stops_the_build_before_the_site_generator(site, capsys):
    site.edit("content/pages/faq.md", "No.", "No. Ask HS-01, who did it last year.")
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "content/cohorts/2024-25/hill-school.yaml:8: mentees[0].id: mentee pseudonym" in err
    assert "faq.md" in err
    assert not (site.root / "site").exists()


@pytest.mark.slow
def test_leaks_through_the_theme_or_assets_fail_the_built_site_and_keep_the_last_one(site, capsys):
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 0
    before = tree_hash(site.root / "site")

    site.write(
        "site_overrides/main.html", '{% extends "base.html" %}\n{% block footer %}Mentor: Jo Private{% endblock %}\n'
    )
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 1
    assert "mentor name without consent" in capsys.readouterr().err
    assert tree_hash(site.root / "site") == before

    (site.root / "site_overrides/main.html").unlink()
    site.write("content/assets/export.csv", "mentee,score\nHS-03,5\n")
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 1
    assert "assets/export.csv" in capsys.readouterr().err
    assert tree_hash(site.root / "site") == before


def test_symlinks_in_content_are_refused(site, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("a private list")
    (site.root / "content" / "assets").mkdir()
    (site.root / "content" / "assets" / "list.txt").symlink_to(outside)
    assert ("content/assets/list.txt", None, "symlink") in site.errors()


@pytest.mark.slow
def test_two_mentors_with_one_name_one_consenting_still_build(site):
    # The consenting one's heading becomes the anchor #sam-okafor; that is published with consent.
    site.write(
        "content/mentors/sam-okafor-2.yaml",
        site.read("content/mentors/sam-okafor.yaml").replace("publish_name: true", "publish_name: false"),
    )
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 0
