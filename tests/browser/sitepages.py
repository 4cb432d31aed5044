"""Which pages a built site has, found in the built site itself.

Pages come from the files the generator wrote, not from a list kept here, so
a page another part of mentorkit adds (impact, annual reports) is checked the
day it first appears. ``PAGE_TYPES`` names the kinds of page the issue asks
the suite to visit, so a test can fail if one of them silently disappears.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Folders of the built site that hold no public pages: the theme's files, and
#: the staff's form editor (admin/), an app Sveltia CMS draws in the browser whose
#: user interface is Sveltia's. Its HTML shell is still validated and link-checked.
NOT_PAGES = {"assets", "search", "admin"}

#: Page type -> pattern for its address (relative to the site root).
PAGE_TYPES = {
    "home": r"",
    "how it works": r"how-it-works/",
    "a session": r"sessions/[^/]+/",
    "become a mentor": r"become-a-mentor/",
    "for schools": r"for-schools/",
    "testimonials": r"testimonials/",
    "the handbook": r"handbook/",
    "a handbook chapter": r"handbook/[^/]+/",
    "accessibility statement": r"accessibility/",
}
#: Checked like every other page once mentorkit generates them.
LATER_PAGE_TYPES = {"impact": r"impact/", "an annual report": r"impact/\d{4}-\d{2}/"}


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site as an address relative to its root ('' is home)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0] in NOT_PAGES:
            continue
        address = rel.as_posix()
        pages.append(address[: -len("index.html")] if address.endswith("index.html") else address)
    return pages


def page_types(pages: list[str], types: dict[str, str] = PAGE_TYPES) -> dict[str, str]:
    """The first page of each type that ``pages`` has."""
    found = {}
    for name, pattern in types.items():
        match = next((p for p in pages if re.fullmatch(pattern, p)), None)
        if match is not None:
            found[name] = match
    return found
