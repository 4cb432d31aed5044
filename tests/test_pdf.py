"""Printed documents: every PDF the build makes, opened and read back.

Real WeasyPrint, real MkDocs, pypdf to read the text and poppler's pdftoppm
to look at the pages.
"""

from __future__ import annotations

import http.server
import io
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from mentorkit.build.pipeline import BuildOptions, build, render_docs
from mentorkit.load.content import read_site
from mentorkit.printed import documents as printables
from mentorkit.printed import engine as pdf
from mentorkit.problems import MentorkitError
from mentorkit.stats.figures import compute

from .conftest import REPO, copy_fixture

A4 = (595.28, 841.89)  # points


@pytest.fixture(scope="module")
def minimal(tmp_path_factory) -> Path:
    site = copy_fixture("minimal", tmp_path_factory.mktemp("pdf") / "site")
    return build(BuildOptions(site.root)).output


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    """The bundled 60 Minute Mentor content, built with its PDFs."""
    return build(BuildOptions(REPO, tmp_path_factory.mktemp("bundled") / "site")).output


def text_of(path: Path) -> list[str]:
    """Each page's text, whitespace collapsed (titles wrap across lines)."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def pdfs(site: Path) -> list[Path]:
    return sorted((site / "pdf").glob("*.pdf"))


# ---- what is built, and linked -------------------------------------------------


@pytest.mark.slow
def test_every_session_survey_and_the_handbook_has_a_pdf_linked_from_the_site(minimal):
    names = [p.name for p in pdfs(minimal)]
    assert names == [
        "annual-report-2024-25.pdf",
        "mentor-handbook.pdf",
        "session-01-first-meeting.pdf",
        "session-02-goals.pdf",
        "survey-post.pdf",
        "survey-pre.pdf",
    ]
    session = (minimal / "sessions/01-first-meeting/index.html").read_text()
    assert 'href="../../pdf/session-01-first-meeting.pdf"' in session and "Download PDF" in session
    assert 'href="../../pdf/survey-pre.pdf"' in session, "the session's survey links to its paper form"
    handbook = (minimal / "handbook/index.html").read_text()
    assert 'href="../pdf/mentor-handbook.pdf"' in handbook
    assert 'href="../pdf/survey-post.pdf"' in handbook and 'href="../pdf/survey-pre.pdf"' in handbook


@pytest.mark.slow
def test_browser_printing_uses_the_print_stylesheet_with_the_programme_in_the_header(minimal):
    html = (minimal / "index.html").read_text()
    assert "assets/print.css" in html
    assert '--mk-programme: "Tiny Mentoring (test fixture)"' in html
    assert "@media print" in (minimal / "assets/print.css").read_text()


def test_without_pdfs_the_pages_do_not_link_to_any(site):
    loaded, _ = read_site(site.root)
    docs, _, _ = render_docs(loaded, compute(loaded), with_pdfs=False)
    assert not [rel for rel, text in docs.items() if ".pdf" in text]
    docs, _, _ = render_docs(loaded, compute(loaded), with_pdfs=True)
    assert "Download PDF" in docs["sessions/01-first-meeting.md"]


# ---- the PDFs themselves ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("which", ["minimal", "bundled"])
def test_every_page_is_a4_and_page_counts_are_sane(which, request):
    site = request.getfixturevalue(which)
    found = pdfs(site)
    assert len(found) >= 5
    for path in found:
        reader = PdfReader(path)
        for page in reader.pages:
            box = page.mediabox
            assert abs(float(box.width) - A4[0]) <= 1 and abs(float(box.height) - A4[1]) <= 1, path.name
        pages = len(reader.pages)
        if path.name.startswith("session-"):
            assert 1 <= pages <= 4, f"{path.name}: {pages} pages"
        elif path.name.startswith("survey-"):
            assert pages == 1, f"{path.name}: a paper form fits one sheet, has {pages}"


@pytest.mark.slow
def test_session_guides_carry_the_title_every_activity_with_clock_times_and_safeguarding(bundled):
    site, _ = read_site(REPO)
    for key, plan in site.sessions.items():
        text = " ".join(text_of(bundled / printables.session_pdf(key)))
        assert f"Session {plan.number}: {flat(plan.title)}" in text
        clock = 0
        for item in plan.agenda:
            assert flat(item.activity) in text, item.activity
            start, clock = clock, clock + item.minutes
            assert f"{start // 60}:{start % 60:02d}–{clock // 60}:{clock % 60:02d}" in text
        assert "Safeguarding" in text and "the same day" in text
        for step in plan.preparation:
            assert flat(step)[:40] in text


@pytest.mark.slow
def test_the_handbook_has_a_cover_contents_with_right_page_numbers_chapters_and_sessions(bundled):
    site, _ = read_site(REPO)
    pages = text_of(bundled / printables.HANDBOOK_PDF)
    chapters = [flat(g.title) for g in site.guides.values()]
    sessions = [f"Session {p.number}: {flat(p.title)}" for p in site.sessions.values()]
    assert len(pages) > 2 + len(chapters) + len(sessions), "cover, contents, and each chapter and session starts a page"
    assert "Mentor handbook" in pages[0] and "60 Minute Mentor" in pages[0]
    contents = pages[1]
    assert contents.startswith("60 Minute Mentor Contents") or "Contents" in contents
    for title in chapters + sessions:
        match = re.search(re.escape(title) + r"[ .]*?(\d+)(?= |$)", contents)
        assert match, f"{title!r} is not in the contents"
        number = int(match.group(1))
        assert title in pages[number - 1], f"the contents say {title!r} is on page {number}"


@pytest.mark.slow
def test_paper_survey_forms_have_every_question_its_labels_and_a_box_for_the_pseudonym(bundled):
    site, _ = read_site(REPO)
    for key, survey in site.surveys.items():
        text = text_of(bundled / printables.survey_pdf(key))[0]
        assert flat(survey.title) in text
        assert "code" in text.lower(), "a box for the respondent's pseudonym"
        for question in survey.questions:
            assert flat(question.text) in text, question.text
        for label in survey.scale.labels if survey.scale else []:
            assert label in text


def blank_pages(path: Path, scratch: Path) -> list[str]:
    """The pages of ``path`` with no ink inside the margins (rendered with pdftoppm)."""
    assert shutil.which("pdftoppm"), "poppler-utils is installed by scripts/setup --test"
    prefix = scratch / path.stem
    subprocess.run(["pdftoppm", "-r", "24", "-gray", "-png", str(path), str(prefix)], check=True)
    images = sorted(scratch.glob(f"{path.stem}-*.png"))
    assert len(images) == len(PdfReader(path).pages)
    blank = []
    for image in images:
        with Image.open(image) as picture:
            width, height = picture.size
            # Only the area inside the margins: a page with nothing but its running
            # header and page number is blank.
            body = picture.convert("L").crop((0, height * 22 // 297, width, height * 275 // 297))
            ink = sum(body.histogram()[:200])  # pixels darker than light grey
        if ink < 20:
            blank.append(image.name)
    return blank


@pytest.mark.slow
@pytest.mark.parametrize("which", ["minimal", "bundled"])
def test_no_page_is_blank(which, request, tmp_path):
    site = request.getfixturevalue(which)
    for path in pdfs(site):
        assert blank_pages(path, tmp_path) == []


@pytest.mark.slow
def test_the_same_content_gives_identical_pdfs(site):
    loaded, _ = read_site(site.root)
    stylesheet = REPO / "site_overrides" / pdf.STYLESHEET
    html = printables.render_html(loaded, printables.plan(loaded))
    first = pdf.render(html, stylesheet, site.root)
    second = pdf.render(printables.render_html(loaded, printables.plan(loaded)), stylesheet, site.root)
    assert [(r.path, r.pages, r.data) for r in first] == [(r.path, r.pages, r.data) for r in second]
    assert b"/CreationDate" not in first[0].data


@pytest.mark.slow
def test_pdfs_shared_with_a_second_process_are_the_bytes_one_process_makes_and_errors_still_stop_it(
    tmp_path, monkeypatch
):
    stylesheet = REPO / "site_overrides" / pdf.STYLESHEET
    documents = {
        f"pdf/doc-{i}.pdf": f'<html lang="en"><head><title>Doc {i}</title></head>'
        f"<body>{'<p>Words.</p>' * (i * 40 + 1)}</body></html>"
        for i in range(pdf.MIN_TO_SHARE + 1)
    }
    monkeypatch.setattr(pdf, "_cores", lambda: 2)  # share even on a one-core machine: the second process is real
    shared = pdf.render(documents, stylesheet, tmp_path)
    alone, messages = pdf._render_all(documents, stylesheet, tmp_path)
    assert messages == []
    assert [(r.path, r.pages, r.data) for r in shared] == [(r.path, r.pages, r.data) for r in alone]
    assert [r.path for r in shared] == list(documents)

    # The two longest go one to each process: both report their missing image.
    broken = {
        path: html.replace("<body>", f'<body><img src="missing-{path[-5]}.png" alt="x">') if path[-5] in "34" else html
        for path, html in documents.items()
    }
    assert {path for path in pdf._split(broken)[1]} & {"pdf/doc-3.pdf", "pdf/doc-4.pdf"}
    with pytest.raises(MentorkitError) as raised:
        pdf.render(broken, stylesheet, tmp_path)
    assert sorted(p.code for p in raised.value.problems) == ["pdf-resource", "pdf-resource"]


# ---- offline, escaping, privacy ----------------------------------------------------


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        _Counting.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.mark.slow
def test_the_engine_never_fetches_a_web_address(tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        html = (
            f'<html lang="en"><head><title>Offline</title><link rel="stylesheet" href="{url}/style.css"><style>@import '
            f"url({url}/more.css);"
            f"@font-face {{ font-family: X; src: url({url}/x.woff2) }} body {{ font-family: X }}</style></head>"
            f'<body><p>Offline</p><img src="{url}/photo.png" alt="a photo"></body></html>'
        )
        rendered = pdf.render({"t.pdf": html}, REPO / "site_overrides" / pdf.STYLESHEET, tmp_path)
    finally:
        server.shutdown()
        thread.join()
    assert _Counting.requests == []
    assert rendered[0].pages == 1


def test_markdown_links_are_made_to_work_on_paper(tmp_path):
    render = printables.markdown_renderer(
        {"sessions/01-first.md": "session-01-first"}, "https://example.org/site/", tmp_path
    )
    html = render(
        "See [the first session](../sessions/01-first.md), [the FAQ](../faq.md#dbs), "
        "[GOV.UK](https://www.gov.uk) and ![a remote photo](https://example.org/x.png).",
        "handbook/02-safeguarding.md",
    )
    assert 'href="#session-01-first"' in html
    assert 'href="https://example.org/site/faq/#dbs"' in html
    assert 'href="https://www.gov.uk"' in html
    assert "example.org/x.png" not in html, "a remote image is never fetched"
    offline = printables.markdown_renderer({}, None, tmp_path)("[the FAQ](../faq.md)", "handbook/a.md")
    assert "href" not in offline and "the FAQ" in offline


@pytest.mark.slow
def test_a_programme_name_with_quotes_and_accents_prints_in_the_running_header(site):
    name = 'Académie "Tiny" & <Co> \\ mentors'
    site.edit("content/programme.yaml", "name: Tiny Mentoring (test fixture)", f"name: '{name}'")
    loaded, problems = read_site(site.root)
    assert loaded.programme and loaded.programme.name == name, problems
    forms = [p for p in printables.plan(loaded) if p.path.startswith("pdf/survey-")]
    rendered = pdf.render(printables.render_html(loaded, forms), REPO / "site_overrides" / pdf.STYLESHEET, site.root)
    page = PdfReader(io.BytesIO(rendered[0].data)).pages[0].extract_text()
    assert name in page


@pytest.mark.slow
def test_private_data_in_a_printed_document_stops_the_build(site):
    # A survey's intro is printed on the paper form but is on no web page, so only
    # the scan of the printed documents can catch a pseudonym in it.
    site.edit(
        "content/surveys/pre.yaml", "title: Before we start", "title: Before we start\nintro: Ask HS-01 to go first."
    )
    with pytest.raises(MentorkitError) as caught:
        build(BuildOptions(site.root))
    assert "printed" in caught.value.message
    assert [p.code for p in caught.value.problems] == ["privacy-leak"]
    assert not (site.root / "site").exists()
