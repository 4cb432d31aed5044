"""The accessibility statement follows GOV.UK's model statement and says what the data says."""

from __future__ import annotations

import html
import re

from mentorkit.build.pipeline import check, render_docs
from mentorkit.stats import figures as stats

GOV_UK_ORDER = [
    "# Accessibility statement for",
    "## How accessible this website is",
    "## Feedback and contact information",
    "## Reporting accessibility problems with this website",
    "## Enforcement procedure",
    "## Technical information about this website's accessibility",
    "### Compliance status",
    "## Non-accessible content",
    "## How we tested this website",
    "## Preparation of this accessibility statement",
]


def _statement(site_dir) -> str:
    site, problems = check(site_dir.root)
    assert [p for p in problems if p.severity == "error"] == []
    docs, _, _ = render_docs(site, stats.compute(site))
    return docs["accessibility.md"]


def _headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def test_statement_has_the_model_statements_sections_in_order(site):
    headings = _headings(_statement(site))
    found = [next(h for h in headings if h.startswith(start)) for start in GOV_UK_ORDER]
    assert found == sorted(found, key=headings.index)


def test_statement_names_the_organisation_its_contact_and_the_standard(site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741046400")  # 4 March 2025
    text = _statement(site)
    assert "This website is run by Example Council (Skills team)." in text
    assert "[skills@example.org](mailto:skills@example.org)" in text
    assert (
        "This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard." in text
    )
    assert "axe-core" in text and "Nu HTML Checker" in text and "390 pixels" in text
    # No test date in the data: the build date, from SOURCE_DATE_EPOCH for a reproducible build.
    assert "This statement was prepared on 4 March 2025." in text
    assert "This website was last tested on 4 March 2025." in text


def test_known_issues_make_the_site_partially_compliant_and_are_listed(site):
    site.edit(
        "content/programme.yaml",
        "site:\n",
        "site:\n  accessibility_tested: 2025-01-20\n  accessibility_issues:\n    - The impact chart's colours are hard "
        "to tell apart; a patterned version is due in March 2025.\n",
    )
    text = _statement(site)
    assert (
        "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the "
        "non-compliances listed below" in text
    )
    section = html.unescape(text.split("### Non-compliance with the accessibility regulations", 1)[1])
    assert "- The impact chart's colours are hard to tell apart" in section
    assert "fully compliant" not in text
    assert re.search(r"last tested on 20 January 2025\. The test was carried out by Example Council\.", text)
