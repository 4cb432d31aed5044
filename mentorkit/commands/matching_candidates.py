"""Who may take a cohort's mentees (cleared, available, with room), why the others may not,
and which sectors each mentee wants (from the roster, else the pre-survey)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from mentorkit.check.safeguarding import mentor_clearance
from mentorkit.load.content import CheckedSite
from mentorkit.model import Cohort, Mentor
from mentorkit.model.base import slugify_label

#: The interest cost of a mentor from none of the mentee's sectors (see ``matching``).
NO_SHARED = 6.0
#: A pre-survey text question with this id supplies interests a roster leaves empty.
INTEREST_QUESTION = "interests"


@dataclass(frozen=True)
class Candidate:
    """A mentor who can take mentees in this cohort."""

    id: str
    sector: str
    room: int  # places left in the academic year
    capacity: int  # max_mentees, or the assumed limit
    assumed: bool  # True when max_mentees is missing and ``capacity`` is assumed
    load: int  # mentees already matched with them in the academic year
    here: int  # of which in this cohort


@dataclass(frozen=True)
class Excluded:
    id: str
    reason: str


def mentee_interests(site: CheckedSite, cohort: Cohort) -> tuple[dict[str, list[str]], set[str]]:
    """Each mentee's career-interest sectors: the roster's, else the pre-survey's answer.

    The survey answer is free text ("finance, health"); only the parts that name a
    sector some mentor works in are kept. Returns the interests and the mentees
    whose interests came from the survey.
    """
    found = {m.id: list(dict.fromkeys(m.interests)) for m in cohort.mentees if m.interests}
    sectors = {m.sector for m in site.mentors.values()}
    from_survey: set[str] = set()
    for (year, survey_id), table in sorted(site.responses.items()):
        survey = site.surveys.get(survey_id)
        if year != cohort.academic_year or survey is None or survey.respondent != "mentee" or survey.timing != "pre":
            continue
        if not any(q.id == INTEREST_QUESTION and q.kind == "text" for q in survey.questions):
            continue
        for row in table.rows:
            mentee, answer = row["mentee"], row.get(INTEREST_QUESTION) or ""
            if row["school"] != cohort.school or mentee in found:
                continue
            named = [slugify_label(part) for part in re.split(r"[,;/\n]|\band\b", str(answer))]
            chosen = list(dict.fromkeys(s for s in named if s in sectors))
            if chosen:
                found[mentee] = chosen
                from_survey.add(mentee)
    return found, from_survey


def year_load(site: CheckedSite, year: str) -> Counter[str]:
    """Mentees matched with each mentor in the academic year, across all schools."""
    return Counter(m.mentor for _, c in site.cohorts_in(year) for m in c.mentees if m.mentor)


def candidates(site: CheckedSite, cohort: Cohort, unmatched: int) -> tuple[list[Candidate], list[Excluded]]:
    """Who may take this cohort's mentees, and why each other mentor may not."""
    load = year_load(site, cohort.academic_year)
    here = Counter(m.mentor for m in cohort.mentees if m.mentor)
    group_size = site.programme.group_size
    found, excluded = [], []
    for mentor_id, mentor in sorted(site.mentors.items()):
        reasons = _not_cleared(mentor_id, mentor, cohort)
        if reasons:
            excluded.append(Excluded(mentor_id, "; ".join(reasons)))
            continue
        assumed = mentor.max_mentees is None
        # No stated limit: a group programme's mentor takes one group; otherwise
        # there is no limit, as in rules.capacity.
        capacity = mentor.max_mentees or group_size or (load[mentor_id] + unmatched)
        room = capacity - load[mentor_id]
        if room <= 0:
            excluded.append(
                Excluded(mentor_id, f"full: {load[mentor_id]} of {capacity} places taken in {cohort.academic_year}")
            )
            continue
        found.append(Candidate(mentor_id, mentor.sector, room, capacity, assumed, load[mentor_id], here[mentor_id]))
    return found, excluded


def _not_cleared(mentor_id: str, mentor: Mentor, cohort: Cohort) -> list[str]:
    reasons = [message for _, message, _, _ in mentor_clearance(mentor_id, mentor, cohort)]
    if not mentor.active and not any("inactive" in r for r in reasons):
        reasons.append(f"{mentor_id} is marked inactive")
    available = mentor.schools or ([mentor.school] if mentor.kind == "peer" and mentor.school else [])
    if available and cohort.school not in available:
        reasons.append(f"not available at {cohort.school} (schools: {', '.join(available)})")
    qualification = mentor.qualification
    if mentor.kind == "peer" and qualification is not None:
        if qualification.status == "withdrawn":
            reasons.append("withdrew from the mentoring qualification")
        elif qualification.academic_year != cohort.academic_year:
            reasons.append(f"a peer mentor of {qualification.academic_year}, not {cohort.academic_year}")
    return reasons


def rank_of(interests: list[str], sector: str) -> int | None:
    return interests.index(sector) + 1 if sector in interests else None


def interest_cost(interests: list[str], sector: str) -> float:
    if not interests:
        return 0.0
    rank = rank_of(interests, sector)
    return NO_SHARED if rank is None else float(min(rank - 1, 2))
