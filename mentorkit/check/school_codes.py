"""Schools' codes: a LAESTAB inside its local authority, and the codes the EES open data needs.

The open data in Explore Education Statistics format (``render/ees.py``) places a
school's rows by its URN and LAESTAB; without them those rows are left out. A
warning, not an error: the pages and the Frictionless CSVs are unaffected.
"""

from __future__ import annotations

from collections.abc import Iterator

from mentorkit.load.content import CheckedSite
from mentorkit.problems import Problem

CODE = "ees-school-codes"
MISMATCH = "laestab-mismatch"
GIAS = "https://get-information-schools.service.gov.uk/"


def _schools_with_figures(site: CheckedSite) -> set[str]:
    schools = {c.school for c in site.cohorts.values()}
    schools |= {m.school for m in site.mentors.values() if m.kind == "peer" and m.qualification and m.school}
    return schools


def school_codes(site: CheckedSite) -> Iterator[Problem]:
    yield from _laestab_in_local_authority(site)
    for key in sorted(_schools_with_figures(site)):
        school = site.schools.get(key)
        if school is None or (school.urn and school.laestab):
            continue
        missing = " and ".join(f for f in ("urn", "laestab") if not getattr(school, f))
        yield site.source("school", key).problem(
            ("name",),
            CODE,
            f"{school.name} has no {missing}, so its rows are left out of the open data in EES format (data/ees/)",
            f"add urn and laestab, and local_authority (name, code, old_code), from the school's page on "
            f"Get Information about Schools ({GIAS})",
            severity="warning",
        )


def _laestab_in_local_authority(site: CheckedSite) -> Iterator[Problem]:
    # A LAESTAB is the authority's 3-digit number then the school's: a mismatch means one was mistyped.
    for key, school in sorted(site.schools.items()):
        la = school.local_authority
        if school.laestab and la and not school.laestab.startswith(la.old_code):
            yield site.source("school", key).problem(
                ("laestab",),
                MISMATCH,
                f"laestab {school.laestab} does not start with the local authority's old_code {la.old_code}",
                "copy both from the school's page on Get Information about Schools",
            )
