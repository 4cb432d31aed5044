"""Every published figure, computed from the content; never typed into a template.

The measures are small pure functions (``measures``); the tables break them
down by academic year, school and year group (``survey_tables``,
``programme_tables``); ``compute`` hands pages only the disclosure-controlled
versions (``disclosure.protect``): no page ever sees a true small number.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.model.programme import Disclosure
from mentorkit.stats import matched_means
from mentorkit.stats.attrition_table import attrition_table, enrolled_withheld
from mentorkit.stats.disclosure import PublishedTable, StatTable, protect
from mentorkit.stats.dosage_table import all_or_nothing, dosage_table
from mentorkit.stats.programme_tables import indicator_table, participation_table, qualification_table
from mentorkit.stats.survey_tables import change_table, question_table


def data_years(site: CheckedSite) -> list[str]:
    """Academic years with cohorts, responses or a report."""
    years = set(site.academic_years) | {y for y, _ in site.responses} | {r.academic_year for r in site.reports.values()}
    return sorted(years)


def tables(site: CheckedSite) -> list[StatTable]:
    """Every statistics table, with true values (for ``compute`` and tests only)."""
    years = data_years(site)
    found = [
        participation_table(site, years),
        question_table(site, years),
        change_table(site, years),
        matched_means.matched_means_table(site, years),
        attrition_table(site, years),
        dosage_table(site, years),
        qualification_table(site, years),
        indicator_table(site),
    ]
    return [t for t in found if t is not None and t.rows]


def compute(site: CheckedSite) -> dict[str, Any]:
    """All published figures, disclosure control applied."""
    policy: Disclosure = site.programme.disclosure
    with _loaded_content_left_alone():
        published: dict[str, PublishedTable] = {}
        for t in tables(site):  # participation first: attrition's Enrolled follows its Mentees
            follow = enrolled_withheld(published.get("participation"), t) if t.id == "attrition" else None
            if t.id == "matched_means":  # after outcomes and change, whose figures it is checked against
                follow = matched_means.followed(published, t)
            published[t.id] = protect(t, policy, follow)
            if t.id == "matched_means":
                published[t.id] = matched_means.published(t, published[t.id], published)
        if "dosage" in published:
            published["dosage"] = all_or_nothing(published["dosage"], published.get("change"))
    years = data_years(site)
    return {
        "policy": policy,
        "years": years,
        "latest": years[-1] if years else None,
        "tables": published,
        "schools": len({c.school for c in site.cohorts.values()}),
    }


@contextmanager
def _loaded_content_left_alone() -> Iterator[None]:
    """Keep the garbage collector off the loaded site while the tables are built.

    At 500 schools the site is millions of objects, none of which dies here, and
    each full collection walks them all again: 40% of this stage. Frozen objects
    are skipped; they go back to the collector afterwards (unless the caller had
    frozen them already).
    """
    already = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not already:
            gc.unfreeze()
