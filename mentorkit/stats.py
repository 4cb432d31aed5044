"""Figures computed from the content, for the outcome and report pages.

Every figure a page shows comes from here, never typed into a template.
"""

from __future__ import annotations

from typing import Any

from .content import Site


def compute(site: Site) -> dict[str, Any]:
    """All published figures. Participation counts only, until outcomes land."""
    return {
        "schools": len({c.school for c in site.cohorts.values()}),
        "years": site.academic_years,
    }
