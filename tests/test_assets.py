"""Assets carry nothing the gate cannot read (class 3 of the hardening issue).

Allowed types only; images re-encoded without metadata; SVGs and PDFs without
script, hidden parts or attachments; pseudonyms in file names found; symbolic
links refused wherever the build reads.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from mentorkit.build.assets import publish_assets, stripped_image
from mentorkit.build.pipeline import check
from mentorkit.privacy.gate import scan_site, secrets

SECRET = "HS-02"  # a mentee pseudonym in the minimal fixture


def _jpeg_with_exif_comments(text: str) -> bytes:
    image = Image.new("RGB", (8, 8), "white")
    exif = image.getexif()
    exif[0x9C9C] = (text + "\0").encode("utf-16-le")  # XPComment, in IFD0, UTF-16 as Windows writes it
    exif[0x010E] = "A photo"  # ImageDescription: harmless
    sub = exif.get_ifd(0x8769)  # the Exif sub-directory
    sub[0x9286] = b"UNICODE\0" + text.encode("utf-16-be")  # UserComment
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _png_with_text(text: str) -> bytes:
    info = PngInfo()
    info.add_itxt("Comment", text)
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _gif_with_comment(text: str) -> bytes:
    out = io.BytesIO()
    frames = [Image.new("P", (8, 8), i) for i in range(2)]
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], comment=text.encode())
    return out.getvalue()


def _webp_with_exif(text: str) -> bytes:
    image = Image.new("RGB", (8, 8), "white")
    exif = image.getexif()
    exif[0x9C9C] = (text + "\0").encode("utf-16-le")
    out = io.BytesIO()
    image.save(out, "WEBP", exif=exif)
    return out.getvalue()


IMAGES = {
    "photo.jpg": _jpeg_with_exif_comments,
    "chart.png": _png_with_text,
    "moving.gif": _gif_with_comment,
    "photo.webp": _webp_with_exif,
}


@pytest.fixture
def loaded(site):
    return check(site.root)[0]


@pytest.mark.parametrize("name", list(IMAGES))
def test_image_metadata_holding_a_pseudonym_is_found_by_the_gate(loaded, tmp_path, name):
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_bytes(IMAGES[name](SECRET))
    assert [p.code for p in scan_site(out, secrets(loaded))] == ["privacy-leak"]


@pytest.mark.parametrize("name", list(IMAGES))
def test_published_images_are_re_encoded_without_their_metadata(site, loaded, tmp_path, name):
    site.path("content/assets").mkdir(parents=True)
    site.path(f"content/assets/{name}").write_bytes(IMAGES[name](SECRET))
    out = tmp_path / "out"
    publish_assets(site.root, out)
    published = out / "assets" / name
    data = published.read_bytes()
    assert SECRET.encode() not in data and SECRET.encode("utf-16-le") not in data
    assert SECRET.encode("utf-16-be") not in data
    assert scan_site(out, secrets(loaded)) == []
    with Image.open(published) as image:
        assert image.size == (8, 8) and not image.getexif()


def test_a_photo_is_turned_upright_before_its_orientation_is_dropped(tmp_path):
    image = Image.new("RGB", (20, 10), "white")
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90 degrees to display
    path = tmp_path / "p.jpg"
    image.save(path, "JPEG", exif=exif)
    with Image.open(io.BytesIO(stripped_image(path))) as out:
        assert out.size == (10, 20)


@pytest.mark.parametrize(
    "name", ["notes.md", "page.html", "tracker.js", "roster.docx", "photos.zip", "results.xlsx", "deck.pptx", "x.odt"]
)
def test_asset_types_outside_the_list_are_refused_with_the_list(site, name):
    site.write(f"content/assets/{name}", "anything")
    found = [p for p in site.problems() if p.code == "asset-type"]
    assert [(p.file, p.severity) for p in found] == [(f"content/assets/{name}", "error")]
    assert "PNG, JPEG" in found[0].hint and "calendars" in found[0].hint


SVGS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "event handler": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    "foreign object": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    "javascript link": '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
    "external image": '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://t.example/p.png"/></svg>',
    "entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>',
    "style import": '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://t.example/a.css)</style></svg>',
}


@pytest.mark.parametrize("kind", list(SVGS))
def test_an_svg_that_could_run_script_or_load_something_is_refused(site, kind):
    site.write("content/assets/drawing.svg", "\n" + SVGS[kind])
    assert ("content/assets/drawing.svg", 2, "asset-unsafe") in site.errors()


def test_a_plain_svg_and_the_other_allowed_types_pass(site):
    site.write(
        "content/assets/drawing.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<defs><path id="p" d="M0 0"/></defs><use xlink:href="#p"/><text><tspan>Hi</tspan></text></svg>',
    )
    site.write("content/assets/figures.csv", "a,b\n1,2\n")
    site.write("content/assets/readme.txt", "hello")
    site.path("content/assets/logo.png").write_bytes(_png_with_text("fine"))
    assert site.errors() == []


def _pdf(attach: bool = False, note: bool = False, javascript: bool = False) -> bytes:
    from pypdf import PdfWriter
    from pypdf.annotations import FreeText

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if note:
        writer.add_annotation(0, FreeText(text=f"About {SECRET}", rect=(10, 10, 100, 40)))
    if attach:
        writer.add_attachment("roster.csv", f"id\n{SECRET}\n".encode())
    if javascript:
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript")})
        action[NameObject("/JS")] = TextStringObject("app.alert(1);")
        writer._root_object[NameObject("/OpenAction")] = action
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "kind, options, words",
    [
        ("note", {"note": True}, "annotations"),
        ("attachment", {"attach": True}, "attached files"),
        ("script", {"javascript": True}, "JavaScript"),
    ],
)
def test_a_pdf_with_parts_the_gate_cannot_read_is_refused(site, kind, options, words):
    site.path("content/assets").mkdir(parents=True)
    site.path("content/assets/leaflet.pdf").write_bytes(_pdf(**options))
    found = [p for p in site.problems() if p.code == "asset-unsafe"]
    assert [p.file for p in found] == ["content/assets/leaflet.pdf"] and words in found[0].message


def test_a_plain_pdf_passes(site):
    site.path("content/assets").mkdir(parents=True)
    site.path("content/assets/leaflet.pdf").write_bytes(_pdf())
    assert site.errors() == []


@pytest.mark.parametrize("name", ["assets/HS-02.jpg", "assets/photos/hs-02_portrait.png", "HS-02/index.html"])
def test_a_pseudonym_in_a_published_file_name_is_found(loaded, tmp_path, name):
    target = tmp_path / "out" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"")
    problems = scan_site(tmp_path / "out", secrets(loaded))
    assert [(p.field, p.code) for p in problems] == [("mentees[1].id", "privacy-leak")]


@pytest.mark.parametrize(
    "link", ["site_overrides/main.html", "site_overrides/partials/footer.html", "mkdocs.yml", "content/assets/x.png"]
)
def test_symbolic_links_are_refused_wherever_the_build_reads(site, tmp_path, link):
    outside = tmp_path / "host-file"
    outside.write_text("root:x:0:0")
    target = site.path(link)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(outside)
    assert (link, None, "symlink") in site.errors()


def test_a_linked_overrides_folder_is_refused(site, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    site.path("site_overrides").symlink_to(tmp_path / "elsewhere")
    assert ("site_overrides", None, "symlink") in site.errors()


@pytest.mark.slow
def test_a_pseudonym_split_across_svg_tspans_stops_the_build(site, capsys):
    from mentorkit.cli import main

    site.write(
        "content/assets/chart.svg",
        '<svg xmlns="http://www.w3.org/2000/svg"><text><tspan>HS-</tspan><tspan dx="2">02</tspan></text></svg>',
    )
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 1
    assert "assets/chart.svg" in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"", b"not an image", b"\x89PNG\r\n\x1a\n" + b"\0" * 20])
def test_an_image_that_cannot_be_read_is_refused_at_check(site, content):
    site.path("content/assets").mkdir(parents=True)
    site.path("content/assets/card.png").write_bytes(content)
    assert ("content/assets/card.png", None, "asset-unsafe") in site.errors()
