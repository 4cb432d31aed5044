"""``build.py match COHORT-FILE``: propose mentors for a cohort's unmatched mentees.

Staff weigh three things by hand each autumn: the sectors mentees are curious
about, group sizes, and safeguarding. Here that is one integer programme, solved
to proven optimality by SciPy's ``milp`` (the HiGHS solver):

Hard constraints
    each mentee gets at most one mentor; a mentor never goes over ``max_mentees``
    in the academic year, counting every school; only mentors who are active,
    available at the school (``schools``) and cleared for the cohort's dates by
    ``rules.mentor_clearance`` (the very rule ``check`` applies; its warnings,
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
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from mentorkit.check.rules import mentor_clearance
from mentorkit.load.content import CheckedSite
from mentorkit.model import Cohort, Mentor
from mentorkit.model.base import slugify_label
from mentorkit.problems import MentorkitError, Problem

UNMATCHED = 1000.0
SPLIT = 100.0
OFF_TARGET = 2.0
NO_SHARED = 6.0
#: A pre-survey text question with this id supplies interests a roster leaves empty.
INTEREST_QUESTION = "interests"
#: Seconds the solver may take; a cohort of 60 mentees and 40 mentors takes well under one.
TIME_LIMIT = 60.0


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
                    _rank(interests.get(mentee.id, []), mentor.sector),
                    "",
                    mentee.group,
                    False,
                )
            )
    return fit_of(pairings, [m.id for m in cohort.mentees if not m.mentor], interests)


# ---------------------------------------------------------------- inputs


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


def _rank(interests: list[str], sector: str) -> int | None:
    return interests.index(sector) + 1 if sector in interests else None


def interest_cost(interests: list[str], sector: str) -> float:
    if not interests:
        return 0.0
    rank = _rank(interests, sector)
    return NO_SHARED if rank is None else float(min(rank - 1, 2))


# ---------------------------------------------------------------- the solver


@dataclass
class _Model:
    """Column layout of the integer programme.

    Mentees who want the same sectors (and, in a group programme, share a
    school group) are interchangeable, so each such class gets one integer
    column per mentor ("how many of them go to this mentor") instead of one
    yes/no column per mentee and mentor: a cohort of 139 mentees in 3 classes
    is 3 columns per mentor, not 139, and the solver proves optimality at once.
    """

    classes: list[list[int]]  # mentee indices (into ``waiting``) of each class, in file order
    pairs: list[tuple[int, int]]  # (class, candidate) for each x column
    u0: int  # first "unmatched in this class" column
    y0: int = -1  # first "mentor leads a group here" column (group mode)
    d0: int = -1  # first "group size off target" column (group mode)
    z: dict[tuple[str, int], int] = field(default_factory=dict)  # (school group, candidate) -> column
    size: int = 0


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

    model, cost, constraints, lower, upper = _build(cohort, waiting, found, interests, target)
    result = milp(
        cost,
        integrality=np.ones(model.size) if target is None else _integrality(model, len(found)),
        bounds=Bounds(lower, upper),
        constraints=constraints,
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
    proposal.solver = "SciPy milp (HiGHS): " + (
        "optimal" if result.status == 0 else f"best found in {TIME_LIMIT:.0f}s, not proven optimal"
    )
    proposal.cost = float(result.fun)
    chosen: dict[int, int] = {}
    for column, (k, j) in enumerate(model.pairs):
        count = int(round(result.x[column]))
        free = [i for i in model.classes[k] if i not in chosen]
        for i in free[:count]:  # interchangeable: hand them out in file order
            chosen[i] = j
    _describe(proposal, cohort, waiting, found, chosen)
    return proposal


def kept_groups(cohort: Cohort, target: float | None) -> set[str]:
    """The school's groups to keep with one mentor: those of about the target size.

    A larger label (a subject stream, a whole year group) only sorts mentees.
    """
    if target is None:
        return set()
    sizes = Counter(m.group for m in cohort.mentees if m.group)
    return {label for label, size in sizes.items() if size <= 1.5 * target}


def _integrality(model: _Model, mentors: int) -> np.ndarray:
    integral = np.ones(model.size)
    integral[model.d0 : model.d0 + mentors] = 0  # deviations are continuous
    return integral


def _build(
    cohort: Cohort, waiting: list, found: list[Candidate], interests: dict[str, list[str]], target: float | None
) -> tuple[_Model, np.ndarray, list[LinearConstraint], np.ndarray, np.ndarray]:
    groups_mode = target is not None
    by_class: dict[tuple[tuple[str, ...], str | None], list[int]] = {}
    for i, mentee in enumerate(waiting):
        by_class.setdefault((tuple(interests.get(mentee.id, [])), mentee.group if groups_mode else None), []).append(i)
    classes = list(by_class.values())
    kept = kept_groups(cohort, target)
    labels = [label if label in kept else None for _, label in by_class]
    pairs = [(k, j) for k in range(len(classes)) for j in range(len(found))]
    model = _Model(classes, pairs, len(pairs))
    size = len(pairs) + len(classes)
    if groups_mode:
        model.y0, model.d0 = size, size + len(found)
        size += 2 * len(found)
        for label in sorted({label for label in labels if label}):
            for j in range(len(found)):
                model.z[(label, j)] = size
                size += 1
    model.size = size

    cost = np.zeros(size)
    lower, upper = np.zeros(size), np.ones(size)
    wanted = [list(key[0]) for key in by_class]
    for column, (k, j) in enumerate(pairs):
        cost[column] = interest_cost(wanted[k], found[j].sector)
        upper[column] = min(len(classes[k]), found[j].room)
    for k, members in enumerate(classes):
        cost[model.u0 + k] = UNMATCHED
        upper[model.u0 + k] = len(members)

    rows: list[tuple[dict[int, float], float, float]] = []  # ({column: coefficient}, low, high)
    for k, members in enumerate(classes):
        row = {column: 1.0 for column, (a, _) in enumerate(pairs) if a == k}
        row[model.u0 + k] = 1.0
        rows.append((row, float(len(members)), float(len(members))))
    taken = [{column: 1.0 for column, (_, b) in enumerate(pairs) if b == j} for j in range(len(found))]
    for j, candidate in enumerate(found):
        if not groups_mode:
            rows.append((taken[j], 0.0, float(candidate.room)))
            continue
        assert target is not None
        y, d = model.y0 + j, model.d0 + j
        if candidate.here:
            lower[y] = 1.0  # their group in this school exists already
        rows.append(({**taken[j], y: -float(candidate.room)}, -np.inf, 0.0))
        # d >= |here + taken - target * y|
        rows.append(({d: 1.0, **{c: -v for c, v in taken[j].items()}, y: target}, float(candidate.here), np.inf))
        rows.append(({d: 1.0, **taken[j], y: -target}, -float(candidate.here), np.inf))
        cost[d], upper[d] = OFF_TARGET, np.inf
    if groups_mode:
        already = {(m.group, m.mentor) for m in cohort.mentees if m.group and m.mentor}
        for (label, j), z in model.z.items():
            cost[z] = SPLIT
            if (label, found[j].id) in already:
                lower[z] = 1.0  # part of the group already meets this mentor
        for column, (k, j) in enumerate(pairs):
            if labels[k]:
                rows.append(({column: 1.0, model.z[(labels[k], j)]: -upper[column]}, -np.inf, 0.0))
    data, row_index, col_index = [], [], []
    low, high = [], []
    for r, (row, lo, hi) in enumerate(rows):
        for column, value in row.items():
            row_index.append(r)
            col_index.append(column)
            data.append(value)
        low.append(lo)
        high.append(hi)
    matrix = coo_matrix((data, (row_index, col_index)), shape=(len(rows), size)).tocsr()
    return model, cost, [LinearConstraint(matrix, np.array(low), np.array(high))], lower, upper


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
        rank = _rank(wanted, candidate.sector)
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
