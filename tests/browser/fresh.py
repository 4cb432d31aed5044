"""A fresh `init` site with its own logo and colours, as a new programme would first publish it.

Shared by the browser checks (axe, the Nu HTML Checker, links, keyboard) and
scripts/screenshots.py, so the site the README shows is the site the tests check.
"""

from __future__ import annotations

from pathlib import Path

from mentorkit.cli import main

FLAGS = [
    "--name",
    "Future Steps",
    "--organisation",
    "Harbour Academies Trust (fictional)",
    "--year-groups",
    "10",
    "--sessions",
    "3",
    "--session-minutes",
    "45",
    "--contact-email",
    "futuresteps@harbour-trust.example",
    "--academic-year",
    "2025-26",
    "--repo-url",
    "https://github.com/harbour-trust/future-steps",
]

#: A made-up mark: a teal square with a rising step, the programme's initials beside it.
LOGO = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Future Steps">
  <rect width="48" height="48" rx="8" fill="#ffffff"/>
  <path d="M8 38h10v-8h10v-8h12v16z" fill="#0f5e5a"/>
  <circle cx="36" cy="12" r="5" fill="#b5501d"/>
</svg>
"""

BRANDING = """\
  logo: logo.svg
  favicon: logo.svg
  colours:
    primary: "#0f5e5a"
    accent: "#8a3b12"
"""


def fresh_site(folder: Path) -> Path:
    """Write the site into ``folder`` (new or empty) and return it."""
    assert main(["init", str(folder), *FLAGS]) == 0
    (folder / "content" / "assets").mkdir(parents=True, exist_ok=True)
    (folder / "content" / "assets" / "logo.svg").write_text(LOGO, encoding="utf-8")
    programme = folder / "content" / "programme.yaml"
    # site: is the file's last mapping, so its new keys go at the end, indented under it.
    programme.write_text(programme.read_text(encoding="utf-8") + BRANDING, encoding="utf-8")
    return folder
