"""``build.py match COHORT-FILE``: propose mentors for a cohort's unmatched mentees.

Staff weigh three things by hand each autumn: the sectors mentees are curious
about, group sizes, and safeguarding. Here that is one integer programme, solved
to proven optimality by SciPy's ``milp`` (the HiGHS solver):

Hard constraints
    each mentee gets at most one mentor; a mentor never goes over ``max_mentees``
    in the academic year, counting every school; only mentors who are active,
    available at the school (``schools``) and cleared for the cohort's dates by
    ``safeguarding.mentor_clearance`` (the very rule ``check`` applies; its warnings,
    e.g. a DBS check that lapses before the cohort ends, exclude a mentor too).

Costs, heaviest first
    an unmatched mentee (``UNMATCHED``); in a group programme (``group_size``),
    each extra mentor a school's group is split across (``SPLIT``) and each
    mentee a mentor's group is away from the target size (``OFF_TARGET``);
    then interests: first choice 0, second 1, later 2, no shared sector
    ``NO_SHARED`` (a mentee who stated none costs 0 with any mentor).

Why not ``linear_sum_assignment`` or a min-cost flow: "keep a school's group with
one mentor" and "a group of about ten, or none" are costs on sets of pairs, not
on single pairs, which neither can express. Without groups the programme is
the transportation problem those solve; ``tests/test_matching.py`` checks that
the two find the same optimum there.

The candidates and interests are read in ``matching_candidates``; the integer
programme is laid out in ``matching_model``; this module solves it and says
why each mentee got the mentor they did.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy.optimize import Bounds, milp

from mentorkit.commands.matching_candidates import (
    Candidate,
    Excluded,
    candidates,
    mentee_interests,
    rank_of,
)
from mentorkit.commands.matching_model import Programme, build, integrality, kept_groups
from mentorkit.load.content import CheckedSite
from mentorkit.model import Cohort
from mentorkit.problems import MentorkitError, Problem

#: Seconds the solver may take; a cohort of 60 mentees and 40 mentors takes well under one.
TIME_LIMIT = 60.0


@dataclass(frozen=True)
class Pairing:
    mentee: str
    mentor: str
    sector: str
    rank: int | None  # which of the mentee's interests the mentor's sector is (1-based)
    reason: str
    group: str | None  # the group the mentee ends up in
    new_group: bool  # True when ``group`` is to be written (the mentee had none)


@dataclass(frozen=True)
class Fit:
    """How well a set of pairings serves the mentees' interests.

    ``score`` is the share of the mentees who stated interests (matched or
    not) who get a mentor from one of their sectors: an unmatched mentee
    counts against it, a mentee with no stated interest does not count.
    """

    stated: int
    sector_match: int
    first_choice: int
    no_interest: int
    matched: int
    unmatched: int

    @property
    def score(self) -> float | None:
        return self.sector_match / self.stated if self.stated else None


@dataclass
class Proposal:
    key: str
    cohort: Cohort
    mode: Literal["groups", "pairs"]
    target: float | None
    candidates: list[Candidate]
    excluded: list[Excluded]
    pairings: list[Pairing] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    interests: dict[str, list[str]] = field(default_factory=dict)
    from_survey: set[str] = field(default_factory=set)
    solver: str = ""
    cost: float = 0.0

    @property
    def fit(self) -> Fit:
        return fit_of(self.pairings, [m for m, _ in self.unmatched], self.interests)


def fit_of(pairings: list[Pairing], unmatched: list[str], interests: dict[str, list[str]]) -> Fit:
    stated = [p for p in pairings if interests.get(p.mentee)]
    return Fit(
        stated=len(stated) + sum(1 for m in unmatched if interests.get(m)),
        sector_match=sum(1 for p in stated if p.rank is not None),
        first_choice=sum(1 for p in stated if p.rank == 1),
        no_interest=sum(1 for p in pairings if not interests.get(p.mentee)),
        matched=len(pairings),
        unmatched=len(unmatched),
    )


def current_fit(site: CheckedSite, cohort: Cohort) -> Fit:
    """The fit of a cohort's matching as it stands (to compare with a proposal)."""
    interests = mentee_interests(site, cohort)[0]
    pairings = []
    for mentee in cohort.mentees:
        mentor = site.mentors.get(mentee.mentor or "")
        if mentor:
            pairings.append(
                Pairing(
                    mentee.id,
                    mentee.mentor or "",
                    mentor.sector,
                    rank_of(interests.get(mentee.id, []), mentor.sector),
                    "",
                    mentee.group,
                    False,
                )
            )
    return fit_of(pairings, [m.id for m in cohort.mentees if not m.mentor], interests)


def propose(site: CheckedSite, key: str) -> Proposal:
    """The optimal proposal for the unmatched mentees of cohort ``key`` (``year/school``)."""
    cohort = site.cohorts[key]
    group_size = site.programme.group_size
    mode: Literal["groups", "pairs"] = "groups" if group_size else "pairs"
    waiting = [m for m in cohort.mentees if not m.mentor]
    found, excluded = candidates(site, cohort, len(waiting))
    interests, from_survey = mentee_interests(site, cohort)
    target = None
    if group_size and cohort.mentees:
        groups_needed = math.ceil(len(cohort.mentees) / group_size)
        target = len(cohort.mentees) / groups_needed
    proposal = Proposal(key, cohort, mode, target, found, excluded, interests=interests, from_survey=from_survey)
    if not waiting:
        proposal.solver = "nothing to match: every mentee has a mentor"
        return proposal
    if not found:
        proposal.unmatched = [(m.id, "no mentor is cleared, available and has room for this cohort") for m in waiting]
        proposal.solver = "nothing to solve: no mentor can take mentees here"
        return proposal

    programme = build(cohort, waiting, found, interests, target)
    result = _solve(programme, key, len(found), grouped=target is not None)
    proposal.solver = "SciPy milp (HiGHS): " + (
        "optimal" if result.status == 0 else f"best found in {TIME_LIMIT:.0f}s, not proven optimal"
    )
    proposal.cost = float(result.fun)
    chosen: dict[int, int] = {}
    model = programme.model
    for column, (k, j) in enumerate(model.pairs):
        count = int(round(result.x[column]))
        free = [i for i in model.classes[k] if i not in chosen]
        for i in free[:count]:  # interchangeable: hand them out in file order
            chosen[i] = j
    _describe(proposal, cohort, waiting, found, chosen)
    return proposal


def _solve(programme: Programme, key: str, mentors: int, grouped: bool) -> Any:
    """``milp``'s result; a MentorkitError when it found no answer at all."""
    model = programme.model
    result = milp(
        programme.cost,
        integrality=integrality(model, mentors) if grouped else np.ones(model.size),
        bounds=Bounds(programme.lower, programme.upper),
        constraints=programme.constraints,
        options={"time_limit": TIME_LIMIT},
    )
    if result.x is None:
        raise MentorkitError(
            "the matching solver found no answer",
            [
                Problem(
                    f"content/cohorts/{key}.yaml",
                    None,
                    None,
                    "mentees",
                    "match-failed",
                    f"SciPy milp: {result.message}",
                    "report this with the cohort file",
                )
            ],
        )
    return result


def _describe(
    proposal: Proposal, cohort: Cohort, waiting: list, found: list[Candidate], chosen: dict[int, int]
) -> None:
    """Turn the solver's choice into pairings with reasons, group letters and the unmatched."""
    groups_mode = proposal.mode == "groups"
    kept = kept_groups(cohort, proposal.target)
    assigned = Counter(chosen.values())
    letters = _group_letters(cohort, waiting, found, chosen) if groups_mode else {}
    room_left = sum(c.room for c in found)
    for i, mentee in enumerate(waiting):
        if i not in chosen:
            proposal.unmatched.append(
                (mentee.id, f"no places left: {room_left} places with cleared mentors for {len(waiting)} mentees")
            )
            continue
        j = chosen[i]
        candidate = found[j]
        wanted = proposal.interests.get(mentee.id, [])
        rank = rank_of(wanted, candidate.sector)
        group = mentee.group or letters.get(j)
        if rank is not None:
            reason = f"sector match: {candidate.sector} (interest {rank} of {len(wanted)})"
        elif not wanted:
            if not groups_mode:
                reason = "no stated interests: any cleared mentor fits"
            elif mentee.group in kept:
                reason = f"no stated interests: stays with group {mentee.group}"
            elif not mentee.group:
                reason = f"no stated interests: placed in group {group} to balance group sizes"
            else:
                reason = "no stated interests: balances group sizes"
        else:
            covering = [(k, c) for k, c in enumerate(found) if c.sector in wanted]
            if not covering:
                reason = f"no shared sector: no cleared mentor with room works in {' or '.join(wanted)}"
            elif all(assigned[k] >= c.room for k, c in covering):
                reason = (
                    f"no shared sector: every {' and '.join(sorted({c.sector for _, c in covering}))} place is taken"
                )
            elif mentee.group in kept:
                reason = f"no shared sector: keeps group {mentee.group} together"
            else:
                reason = (
                    "no shared sector: balances group sizes"
                    if groups_mode
                    else "no shared sector: the mentors of their sectors are needed elsewhere"
                )
        if mentee.id in proposal.from_survey:
            reason += " (interests from the pre-survey)"
        proposal.pairings.append(
            Pairing(mentee.id, candidate.id, candidate.sector, rank, reason, group, groups_mode and not mentee.group)
        )


def _group_letters(cohort: Cohort, waiting: list, found: list[Candidate], chosen: dict[int, int]) -> dict[int, str]:
    """A group label for each mentor taking mentees who have none: the mentor's
    existing group in this cohort, else the label most of their new mentees carry,
    else the next free letter."""
    used = {m.group for m in cohort.mentees if m.group}
    out: dict[int, str] = {}
    for j in sorted(set(chosen.values())):
        mine = [waiting[i] for i, k in chosen.items() if k == j]
        if all(m.group for m in mine):
            continue
        existing = Counter(m.group for m in cohort.mentees if m.mentor == found[j].id and m.group)
        carried = Counter(m.group for m in mine if m.group)
        if existing:
            out[j] = existing.most_common(1)[0][0]
        elif carried:
            out[j] = carried.most_common(1)[0][0]
        else:
            out[j] = _next_letter(used)
        used.add(out[j])
    return out


def _next_letter(used: set[str]) -> str:
    n = 0
    while True:
        label, k = "", n
        while True:
            label = chr(ord("A") + k % 26) + label
            k = k // 26 - 1
            if k < 0:
                break
        if label not in used:
            return label
        n += 1
