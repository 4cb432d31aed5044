"""The schools' private Benchmark 5 evidence (``build.py private``): their own pupils, by pupil code.

Per school and academic year, three files:

- ``<school>.csv``: one row per pupil per employer encounter, for a careers
  system's activity import (Compass+ and the like);
- ``<school>-pupils.csv``: one row per pupil on the roster, whether or not they
  met anyone, answering "at least one meaningful encounter this year?", so the
  Careers Leader sees at a glance who is still missing one;
- ``<school>-not-recorded.txt``: the sessions whose attendance was not
  recorded, which both files are therefore short of.

The school alone holds the key from pseudonyms to its pupils. These files never
reach the site: ``commands/staff_files.py`` refuses to write them where the
build reads or writes, and the privacy gate would stop their values.
"""

from __future__ import annotations

import csv
import io

from mentorkit.check.encounters import has_employers
from mentorkit.load.content import CheckedSite
from mentorkit.model.meaningful import EMPLOYER_SIZES, MODES, NOT_RECORDED
from mentorkit.render.encounters import (
    CSV_COLUMNS,
    Encounter,
    encounters,
    meaningful_sessions,
    unrecorded_encounters,
    unrecorded_meaningful,
)
from mentorkit.render.safecsv import neutralise_cell

BENCHMARK = "5"
ENCOUNTER_TYPE = "Employer mentoring"
YES, NO = "yes", "no"

#: One row per pupil on the roster. ``at_least_one_meaningful_encounter`` is yes, no,
#: or "not recorded" when a meaningful session they were due at has no attendance list.
PUPIL_COLUMNS = [
    "pupil_code",
    "school_urn",
    "school",
    "academic_year",
    "year_group",
    "gatsby_benchmark",
    "at_least_one_meaningful_encounter",
    "meaningful_encounters",
    "employer_encounters",
    "employer_sizes",
    "modes",
]


def _provider(site: CheckedSite) -> str:
    organisation = site.programme.organisation
    return organisation.name + (f", {organisation.team}" if organisation.team else "")


def _school(site: CheckedSite, key: str) -> tuple[str, str]:
    """The school's URN (or blank) and name."""
    cohort = site.cohorts[key]
    school = site.schools.get(cohort.school)
    return (school.urn or "" if school else ""), (school.name if school else cohort.school)


def _write(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: CRLF line ends, quotes where needed
    writer.writerow(header)
    for cells in rows:
        writer.writerow([neutralise_cell(c) for c in cells])
    return out.getvalue()


def evidence_csv(site: CheckedSite, key: str) -> str | None:
    """The school's Benchmark 5 evidence for one year, one row per encounter, or None when there is none."""
    rows = encounters(site, key)
    if not rows:
        return None
    programme = site.programme
    urn, name = _school(site, key)
    provider = _provider(site)
    cells = [
        [
            e.pupil,
            urn,
            name,
            e.academic_year,
            str(e.year_group),
            e.date,
            f"{programme.name}: session {e.session}, {e.title}",
            BENCHMARK,
            ENCOUNTER_TYPE,
            e.format,
            str(e.minutes),
            e.sector,
            provider,
            YES if e.meaningful else NO,
            e.employer_size or NOT_RECORDED,
            e.mode or NOT_RECORDED,
        ]
        for e in rows
    ]
    return _write(CSV_COLUMNS, cells)


def _kinds(found: list[Encounter], order: tuple[str, ...], attribute: str) -> str:
    values = {getattr(e, attribute) or NOT_RECORDED for e in found}
    return "; ".join(v for v in (*order, NOT_RECORDED) if v in values)


def pupils_csv(site: CheckedSite, key: str) -> str | None:
    """Every pupil on the roster with whether they had at least one meaningful encounter this year,
    or None for a programme whose mentors are not employers (its sessions are not Benchmark 5 evidence)."""
    cohort = site.cohorts[key]
    if not cohort.mentees or not has_employers(site):
        return None
    by_pupil: dict[str, list[Encounter]] = {}
    for e in encounters(site, key):
        by_pupil.setdefault(e.pupil, []).append(e)
    unknown = unrecorded_meaningful(site, key, meaningful_sessions(site))
    urn, name = _school(site, key)
    rows = []
    for mentee in sorted(cohort.mentees, key=lambda m: m.id):
        found = by_pupil.get(mentee.id, [])
        meaningful = sum(1 for e in found if e.meaningful)
        answer = YES if meaningful else NOT_RECORDED if mentee.id in unknown else NO
        rows.append(
            [
                mentee.id,
                urn,
                name,
                cohort.academic_year,
                str(cohort.year_group),
                BENCHMARK,
                answer,
                str(meaningful),
                str(len(found)),
                _kinds(found, EMPLOYER_SIZES, "employer_size"),
                _kinds(found, MODES, "mode"),
            ]
        )
    return _write(PUPIL_COLUMNS, rows)


def missing_records_text(site: CheckedSite, key: str) -> str | None:
    """For the school's evidence folder: the sessions with an employer whose attendance was
    not recorded, so the school knows its CSV is short of them (None when there are none)."""
    missing, total = unrecorded_encounters(site, key)
    if not missing:
        return None
    cohort = site.cohorts[key]
    school = site.schools.get(cohort.school)
    plans = site.sessions_by_number
    lines = [
        f"{school.name if school else cohort.school}, {cohort.academic_year}: attendance not recorded for "
        f"{len(missing)} of {total} sessions with an employer. Pupils who came to them are missing from "
        f"{cohort.academic_year}/{cohort.school}.csv until the attendance is added to the cohort file "
        f"(content/cohorts/{key}.yaml, attended: under each delivery) and build.py private is run again; "
        f"until then {cohort.school}-pupils.csv says 'not recorded' for pupils due at a meaningful one.",
        "",
    ]
    for delivery in missing:
        plan = plans.get(delivery.session)
        title = plan.title if plan else f"Session {delivery.session}"
        lines.append(f"- {delivery.date.isoformat()}: session {delivery.session}, {title} ({delivery.format})")
    return "\n".join(lines) + "\n"
