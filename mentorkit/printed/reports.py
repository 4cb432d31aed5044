"""Each year's annual report as a printed document (``pdf/annual-report-<year>.pdf``).

The PDF shows what the report page shows: it is rendered from the page's own
context (``outcome_pages.report_context``), so every figure is the same
disclosure-controlled cell, formatted by the same functions, with the same
footnotes. Printing reuses ``printables.render_html`` (Markdown made to work on
paper, the print environment) and the charts are the site's own SVG files,
read from the staged docs folder the PDF engine resolves relative paths in.
"""

from __future__ import annotations

from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.printed.documents import Printable
from mentorkit.render import outcome_views
from mentorkit.render import outcomes as outcome_pages

#: Past this many schools a printed report does not list them one by one: at
#: national scale (500 schools) two 500-row tables made each report about 80
#: pages and 40 s of layout. The web page and the open data keep every school.
MAX_PRINTED_SCHOOLS = 30


def plan(site: CheckedSite, figures: dict[str, Any]) -> list[Printable]:
    """One printable per academic year that has a report page."""
    out = []
    for year in figures.get("years", []):
        context = outcome_pages.report_context(site, figures, year)
        schools = len({cohort.school for _, cohort in site.cohorts_in(year)})
        context["schools_elsewhere"] = 0
        if schools > MAX_PRINTED_SCHOOLS:
            context.update(
                schools=None,
                school_chart=None,
                change_schools=None,
                attrition_schools=None,
                schools_elsewhere=schools,
                delivery=outcome_views.participation_display(figures, [year], by_school=False),
            )
        title = outcome_pages.report_title(context)
        out.append(
            Printable(
                outcome_pages.report_pdf_path(year),
                "print/report.html.j2",
                f"{site.programme.name}: {title}",
                {
                    **context,
                    "report_title": title,
                    "page": outcome_pages.report_path(year),
                    "running_title": f"Annual report {year}",
                    "body_class": "mk-annual-report",
                    "description": (
                        f"The {site.programme.short_name} annual report for {year}: delivery, outcomes and "
                        "qualifications."
                    ),
                },
            )
        )
    return out
