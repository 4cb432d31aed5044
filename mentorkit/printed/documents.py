"""The printed documents: a guide per session, the whole handbook, a paper form per survey.

Pure, like the page plan: from the validated ``Site`` to print HTML, rendered
with the templates in ``templates/print/`` from the same models and views the
site's pages use. ``pdf.py`` turns the HTML into A4 PDFs. The site's pages link
to ``links(site)`` only when the build makes PDFs.

Markdown fields are cleaned exactly as for the site (``sanitise.clean_markdown``)
and converted with Python-Markdown and the site's extensions; links inside them
are made to work on paper: a link to a page that is in the same document becomes
an internal link, one to another page of the site becomes its full address (when
the site's address is known) or plain text, and images are read from the staged
docs folder, never from the network.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown as python_markdown
from jinja2 import Environment, TemplateError
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from mentorkit.load.content import CheckedSite
from mentorkit.load.sanitise import clean_markdown
from mentorkit.model import SessionPlan, Survey
from mentorkit.render.environment import environment, template_failed
from mentorkit.render.plan import AUDIENCES, agenda_rows, guide_path, session_path

#: The site's Markdown extensions (mkdocs.yml) that change what a page says.
#: ``toc`` only adds heading ids for the web's permalinks, and several pages
#: share one printed document, so it is left out here.
EXTENSIONS = ["admonition", "attr_list", "tables", "def_list", "footnotes", "md_in_html"]

HANDBOOK_PDF = "pdf/mentor-handbook.pdf"

RESPONDENT_CODE = {
    "mentee": "Your code (from your mentor)",
    "teacher": "Code of the student you are describing",
    "mentor": "Your code (as the programme gave it to you)",
    "parent": "Your child's code",
}


def session_pdf(key: str) -> str:
    return f"pdf/session-{key}.pdf"


def survey_pdf(key: str) -> str:
    return f"pdf/survey-{key}.pdf"


def links(site: CheckedSite) -> dict[str, Any]:
    """Docs-relative paths of every PDF, for the pages that link to them."""
    return {
        "handbook": HANDBOOK_PDF if site.guides or site.sessions else None,
        "pages": {session_path(key): session_pdf(key) for key in site.sessions},
        "surveys": {key: survey_pdf(key) for key in site.surveys},
        "forms": [(survey.title, survey_pdf(key)) for key, survey in sorted(site.surveys.items())],
    }


@dataclass(frozen=True)
class Printable:
    """One printed document, before rendering. ``path`` is docs-relative."""

    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def css_string(value: str) -> str:
    """``value`` as a quoted CSS string (for running headers set from content)."""
    out = []
    for char in value:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def plan(site: CheckedSite) -> list[Printable]:
    """Every printed document of the site: session guides, the handbook, paper questionnaires."""
    sessions = _session_views(site)
    out = [
        Printable(
            session_pdf(view["key"]),
            "print/session.html.j2",
            f"Session {view['plan'].number}: {view['plan'].title}",
            {
                "session": view,
                "running_title": f"Session {view['plan'].number} guide",
                "description": view["plan"].summary or view["plan"].title,
                "body_class": "mk-session-guide",
            },
        )
        for view in sessions
    ]
    if links(site)["handbook"]:
        out.append(_handbook(site, sessions))
    out += [_questionnaire(key, survey) for key, survey in sorted(site.surveys.items())]
    return out


def _handbook(site: CheckedSite, sessions: list[dict[str, Any]]) -> Printable:
    """The mentor handbook: the guides' chapters by audience, then every session guide."""
    chapters = sorted(site.guides.items(), key=lambda kv: (kv[1].order, kv[0]))
    groups = []
    for audience, label in AUDIENCES:
        items = [
            {"key": k, "guide": g, "anchor": f"chapter-{k}", "page": guide_path(k)}
            for k, g in chapters
            if g.audience == audience
        ]
        if items:
            groups.append((label, items))
    return Printable(
        HANDBOOK_PDF,
        "print/handbook.html.j2",
        f"{site.programme.name}: mentor handbook",
        {
            "groups": groups,
            "sessions": sessions,
            "chapter_count": len(chapters),
            "running_title": "Mentor handbook",
            "description": "The handbook for mentors, with every session guide.",
            "body_class": "",
        },
    )


def _questionnaire(key: str, survey: Survey) -> Printable:
    """A survey as a paper form."""
    return Printable(
        survey_pdf(key),
        "print/survey.html.j2",
        survey.title,
        {
            "survey": survey,
            "survey_id": key,
            "code_label": RESPONDENT_CODE[survey.respondent],
            "instruction": _instruction(survey),
            "running_title": "Questionnaire",
            "description": f"Paper form of the questionnaire {survey.title}.",
            "body_class": "mk-survey-form",
        },
    )


def _session_views(site: CheckedSite) -> list[dict[str, Any]]:
    aims = {aim.id: aim.text for aim in site.programme.aims}
    plans = sorted(site.sessions.items(), key=lambda kv: kv[1].number)
    site_url = _site_url(site)
    views = []
    for key, session in plans:
        survey = site.surveys.get(session.survey or "")
        views.append(
            {
                "key": key,
                "plan": session,
                "anchor": f"session-{key}",
                "page": session_path(key),
                "of": len(plans),
                "agenda": agenda_rows(session),
                "aims": [aims[a] for a in session.aims if a in aims],
                "materials": _materials(session),
                "survey": survey,
                "survey_form": f"{site_url}{survey_pdf(session.survey)}"
                if survey and site_url and session.survey
                else None,
            }
        )
    return views


def _materials(plan: SessionPlan) -> list[str]:
    """Everything the agenda asks for, once each, in the order it is first needed."""
    seen: dict[str, None] = {}
    for item in plan.agenda:
        for material in item.materials:
            seen.setdefault(material.strip(), None)
    return [m for m in seen if m]


def _instruction(survey: Survey) -> str:
    kinds = {q.kind for q in survey.questions}
    parts = []
    if "scale" in kinds or "yes_no" in kinds:
        parts.append("Tick one box for each question.")
    if "text" in kinds:
        parts.append("Write your answer in the space given.")
    return " ".join(parts)


def _site_url(site: CheckedSite) -> str | None:
    url = site.programme.site.url
    if not url:
        return None
    url = str(url)
    return url if url.endswith("/") else url + "/"


# ---- Markdown for print --------------------------------------------------------


class _PaperLinks(Treeprocessor):
    """Point links and images at what works in a PDF (see the module's docstring)."""

    def __init__(self, md: python_markdown.Markdown, resolver: _Resolver) -> None:
        super().__init__(md)
        self.resolver = resolver

    def run(self, root: Element) -> None:
        for element in root.iter("a"):
            href = element.get("href")
            if href is None:
                continue
            target = self.resolver.link(href)
            if target is None:
                del element.attrib["href"]
            else:
                element.set("href", target)
                if "".join(element.itertext()).strip() in (href, href.removeprefix("mailto:")):
                    element.set("class", (element.get("class", "") + " mk-url-shown").strip())
        for element in root.iter("img"):
            src = self.resolver.image(element.get("src", ""))
            if src is None:
                element.attrib.pop("src", None)
            else:
                element.set("src", src)


class _PaperLinksExtension(Extension):
    def __init__(self, resolver: _Resolver) -> None:
        super().__init__()
        self.resolver = resolver

    def extendMarkdown(self, md: python_markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After inline links are built (priority 20), before the HTML is serialised.
        md.treeprocessors.register(_PaperLinks(md, self.resolver), "mentorkit-paper-links", 5)


@dataclass
class _Resolver:
    anchors: dict[str, str]  # docs path of a page in this document -> its anchor
    site_url: str | None
    docs_dir: Path | None
    page: str = ""  # docs path of the page the Markdown belongs to

    def _target(self, url: str) -> tuple[str, str] | None:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
        path = (
            parts.path.lstrip("/")
            if parts.path.startswith("/")
            else posixpath.join(posixpath.dirname(self.page), parts.path)
        )
        return posixpath.normpath(path), parts.fragment

    def link(self, url: str) -> str | None:
        if url.startswith("#") or urlsplit(url).scheme or urlsplit(url).netloc:
            return url
        target = self._target(url)
        if target is None:
            return url
        path, fragment = target
        if path in self.anchors:
            return "#" + self.anchors[path]
        if self.site_url and not path.startswith(".."):
            return self.site_url + _page_url(path) + (f"#{fragment}" if fragment else "")
        return None

    def image(self, url: str) -> str | None:
        if url.startswith("data:"):
            return url
        target = self._target(url)
        if target is None or self.docs_dir is None:
            return None  # never fetched: a printed document only uses local files
        file = (self.docs_dir / target[0]).resolve()
        if not file.is_file() or not file.is_relative_to(self.docs_dir.resolve()):
            return None
        return file.as_uri()


def _page_url(path: str) -> str:
    """The address MkDocs gives a docs file (directory URLs)."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def markdown_renderer(
    anchors: dict[str, str], site_url: str | None, docs_dir: Path | None
) -> Callable[[str, str], Markup]:
    """``render(text, page)``: content Markdown as HTML for one printed document.

    One converter per document, reset between fields, so footnote ids stay
    unique across the chapters of the handbook.
    """
    resolver = _Resolver(anchors, site_url, docs_dir)
    converter = python_markdown.Markdown(
        extensions=[*EXTENSIONS, _PaperLinksExtension(resolver)],
        extension_configs={"footnotes": {"UNIQUE_IDS": True}},
        output_format="html",
    )

    def render(text: str, page: str) -> Markup:
        resolver.page = page
        converter.reset()
        return Markup(converter.convert(clean_markdown(text or "")))

    return render


def print_environment(site: CheckedSite) -> Environment:
    env = environment(site.root / "content" / "templates")
    env.filters["css_string"] = css_string
    return env


def render_html(site: CheckedSite, printables: list[Printable], docs_dir: Path | None = None) -> dict[str, str]:
    """``{docs-relative PDF path: print HTML}`` for every printable."""
    env = print_environment(site)
    site_url = _site_url(site)
    out: dict[str, str] = {}
    for item in printables:
        anchors = _anchors(item)
        common = {
            "programme": site.programme,
            "site_url": site_url,
            "title": item.title,
            "markdown": markdown_renderer(anchors, site_url, docs_dir),
        }
        try:
            out[item.path] = env.get_template(item.template).render({**common, **item.context})
        except TemplateError as exc:
            raise template_failed(exc, item.template, item.path) from None
    return out


def _anchors(item: Printable) -> dict[str, str]:
    """Pages whose text is inside this document, and the anchor each starts at."""
    anchors: dict[str, str] = {}
    if "session" in item.context:
        anchors[item.context["session"]["page"]] = item.context["session"]["anchor"]
    for view in item.context.get("sessions", []):
        anchors[view["page"]] = view["anchor"]
    for _, chapters in item.context.get("groups", []):
        for chapter in chapters:
            anchors[chapter["page"]] = chapter["anchor"]
    return anchors
