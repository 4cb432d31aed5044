"""The page plan: which pages the public site has, and what each one gets.

Each builder is a pure function from the validated ``Site`` (plus computed
figures) to ``PlannedPage`` values; nothing here touches the file system. Templates
receive public views (``public.py``), never raw people or rosters.
Later stages add their builders to ``BUILDERS``; a page a site writes itself
(``content/pages/<slug>.md``) may not take a generated page's address.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.model import SessionPlan
from mentorkit.problems import Problem
from mentorkit.render import encounters, landing
from mentorkit.render import outcomes as outcome_pages
from mentorkit.render.consented import public_mentor, public_testimonials
from mentorkit.render.environment import PlannedPage

Builder = Callable[[CheckedSite, dict[str, Any]], list[PlannedPage]]

AUDIENCES = (("mentor", "For mentors"), ("school", "For schools"), ("staff", "For programme staff"))


@dataclass(frozen=True)
class AgendaRow:
    start: int
    end: int
    minutes: int
    activity: str
    lead: str
    details: str
    materials: list[str]


def agenda_rows(plan: SessionPlan) -> list[AgendaRow]:
    """The agenda with running clock times (0:00-0:10, 0:10-0:25, ...)."""
    rows, clock = [], 0
    for item in plan.agenda:
        rows.append(
            AgendaRow(clock, clock + item.minutes, item.minutes, item.activity, item.lead, item.details, item.materials)
        )
        clock += item.minutes
    return rows


def session_path(key: str) -> str:
    return f"sessions/{key}.md"


def guide_path(key: str) -> str:
    return f"handbook/{key}.md"


def home(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    testimonials = [
        t for t in public_testimonials(site.testimonials, site.schools) if t.featured
    ] or public_testimonials(site.testimonials, site.schools)[:2]
    year, results = landing.headlines(site, figures)
    return [
        PlannedPage(
            "index.md",
            "pages/home.md.j2",
            site.programme.name,
            {
                "testimonials": testimonials[:2],
                "more_testimonials": bool(testimonials),
                "glance": landing.glance(site),
                "results_year": year,
                "results": results,
            },
            order=0,
            description=_first_sentence(site.programme.summary),
            source=_source(site, "programme", "programme"),
        )
    ]


def how_it_works(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    return [
        PlannedPage(
            "how-it-works.md",
            "pages/how-it-works.md.j2",
            "How it works",
            {"sessions": _sessions(site)},
            order=10,
            description="How the programme runs, session by session.",
        )
    ]


def sessions(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    plans = _sessions(site)
    aims = {aim.id: aim.text for aim in site.programme.aims}
    pages = [
        PlannedPage(
            "sessions/index.md",
            "pages/sessions-index.md.j2",
            "The sessions",
            {"sessions": plans},
            section=("The sessions",),
            order=20,
            description="Every session plan, with timings, prompts and safeguarding notes.",
        )
    ]
    for key, plan in plans:
        pages.append(
            PlannedPage(
                session_path(key),
                "pages/session.md.j2",
                f"Session {plan.number}: {plan.title}",
                {
                    "plan": plan,
                    "agenda": agenda_rows(plan),
                    "survey": site.surveys.get(plan.survey or ""),
                    "aims": [aims[a] for a in plan.aims if a in aims],
                    "meaningful": encounters.session_criteria(site, plan),
                },
                section=("The sessions",),
                order=20 + plan.number,
                description=plan.summary or plan.title,
                source=_source(site, "session", key),
            )
        )
    return pages


def become_a_mentor(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    mentors = [public_mentor(m) for _, m in sorted(site.mentors.items()) if m.active]
    featured = [m for m in mentors if m.named or m.quote]
    return [
        PlannedPage(
            "become-a-mentor.md",
            "pages/become-a-mentor.md.j2",
            "Become a mentor",
            {"mentors": featured},
            order=30,
            description=site.programme.recruitment.headline,
        )
    ]


def for_schools(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    schools = [s for _, s in sorted(site.schools.items(), key=lambda kv: kv[1].name)]
    # Benchmark 5 figures (encounters.py): disclosure-controlled, None for a peer programme.
    # Its Pupils are participation's Mentees, so it withholds them where that table does.
    context = {"schools": schools, "encounters": encounters.sections(site, figures["tables"].get("participation"))}
    return [
        PlannedPage(
            "for-schools.md",
            "pages/for-schools.md.j2",
            "For schools",
            context,
            order=40,
            description="What taking part involves for a school, and what it gets.",
        )
    ]


def testimonials(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    items = public_testimonials(site.testimonials, site.schools)
    if not items:
        return []
    return [
        PlannedPage(
            "testimonials.md",
            "pages/testimonials.md.j2",
            "What people say",
            {"testimonials": items},
            order=50,
            description="What schools, families and mentors say about the programme.",
        )
    ]


def handbook(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    chapters = sorted(site.guides.items(), key=lambda kv: (kv[1].order, kv[0]))
    groups = [(label, [(k, g) for k, g in chapters if g.audience == audience]) for audience, label in AUDIENCES]
    groups = [(label, items) for label, items in groups if items]
    section = ("Mentor handbook",)
    pages = [
        PlannedPage(
            "handbook/index.md",
            "pages/handbook-index.md.j2",
            "Mentor handbook",
            {"groups": groups, "sessions": _sessions(site)},
            section=section,
            order=60,
            description="The handbook for mentors: safeguarding, conversations, options and goals.",
        )
    ]
    for key, chapter in chapters:
        pages.append(
            PlannedPage(
                guide_path(key),
                "pages/guide.md.j2",
                chapter.title,
                {"chapter": chapter},
                section=section,
                order=60 + chapter.order,
                description=chapter.summary,
                source=_source(site, "guide", key),
            )
        )
    return pages


def free_pages(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    return [
        PlannedPage(
            f"{key}.md",
            "pages/free.md.j2",
            page.title,
            {"body": page.body},
            order=page.nav_order,
            description=page.description,
            source=_source(site, "page", key),
        )
        for key, page in sorted(site.pages.items())
    ]


def accessibility(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    built = build_date()
    context = {
        "prepared": built,
        "tested": site.programme.site.accessibility_tested or built,
        "issues": site.programme.site.accessibility_issues,
    }
    return [
        PlannedPage(
            "accessibility.md",
            "pages/accessibility.md.j2",
            "Accessibility statement",
            context,
            order=900,
            description="How accessible this website is and how to report a problem.",
        )
    ]


def build_date() -> dt.date:
    """Today, or ``SOURCE_DATE_EPOCH``'s day, so the same content can build the same site."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch.isdigit() else dt.date.today()


def privacy_notice(site: CheckedSite, figures: dict[str, Any]) -> list[PlannedPage]:
    return [
        PlannedPage(
            "privacy.md",
            "pages/privacy.md.j2",
            "Privacy notice",
            {},
            order=910,
            description="What information the programme keeps about mentors and young people, and what it publishes.",
        )
    ]


def _sessions(site: CheckedSite) -> list[tuple[str, SessionPlan]]:
    return sorted(site.sessions.items(), key=lambda kv: kv[1].number)


def _source(site: CheckedSite, kind: str, key: str) -> str:
    found = site.sources.get((kind, key))
    return found.rel if found else ""


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    end = flat.find(". ")
    return (flat[: end + 1] if end > 0 else flat)[:300]


#: In navigation order. Outcome and report pages join here (see stats.py).
BUILDERS: list[Builder] = [
    home,
    how_it_works,
    sessions,
    become_a_mentor,
    for_schools,
    testimonials,
    handbook,
    *outcome_pages.BUILDERS,
    free_pages,
    accessibility,
    privacy_notice,
]


def plan(
    site: CheckedSite, figures: dict[str, Any], builders: list[Builder] | None = None
) -> tuple[list[PlannedPage], list[Problem]]:
    """All pages of the site, and a problem for any free page that takes a generated page's path."""
    pages: list[PlannedPage] = []
    for builder in builders or BUILDERS:
        pages += builder(site, figures)
    problems: list[Problem] = []
    seen: dict[str, PlannedPage] = {}
    for page in pages:
        if page.path in seen:
            key = page.path[: -len(".md")]
            problems.append(
                Problem.whole_file(
                    f"content/pages/{key}.md",
                    "page-conflict",
                    f'the page "{key}" has the same address as the generated page "{seen[page.path].title}"',
                    "rename the file",
                )
            )
            continue
        seen[page.path] = page
    return list(seen.values()), problems
