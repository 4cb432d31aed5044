"""Gatsby Benchmark 5: the meaningful-encounter criteria sessions declare, and employer sizes.

A session with an employer counts as a meaningful encounter only when the
programme or its plan says how it meets all four criteria
(``model/meaningful.py``). A programme whose mentors are employers and which
says nothing would give every school "no" for every pupil; that is worth a
warning, not an error, because the site and the rest of the evidence are
still right.
"""

from __future__ import annotations

from collections.abc import Iterator

from mentorkit.load.content import CheckedSite
from mentorkit.model.meaningful import CRITERIA, unmet
from mentorkit.problems import Problem

HOW = "a sentence each on how the sessions meet it (see docs/content-model.md)"


def _names(keys: list[str]) -> str:
    if len(keys) == len(CRITERIA):
        return "any of the four criteria of a meaningful encounter"
    shown = [f"{CRITERIA[k]} ({k})" for k in keys]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _keys(keys: list[str]) -> str:
    return keys[0] if len(keys) == 1 else ", ".join(keys[:-1]) + " and " + keys[-1]


def has_employers(site: CheckedSite) -> bool:
    """Whether the programme's sessions can be employer encounters at all (a peer programme's are not)."""
    return site.programme.mentor_kind == "business" or any(m.kind == "business" for m in site.mentors.values())


def meaningful_criteria(site: CheckedSite) -> Iterator[Problem]:
    if not has_employers(site):
        return
    programme = site.programme.meaningful_encounter
    shared = unmet(programme)
    by_plan = {key: unmet(programme, plan.meaningful_encounter) for key, plan in sorted(site.sessions.items())}
    if not shared:
        return
    if all(missing == shared for missing in by_plan.values()):
        # The programme leaves them out and no plan adds them: one warning where they belong.
        source = site.source("programme", "programme")
        yield source.problem(
            ("meaningful_encounter",),
            "meaningful-criteria-missing",
            f"the programme does not say how its sessions meet {_names(shared)}: no employer encounter counts "
            "as meaningful for Gatsby Benchmark 5, so every pupil's evidence says no",
            f"add meaningful_encounter: to programme.yaml with {_keys(shared)}, {HOW}",
            key=True,
            severity="warning",
        )
        return
    for key, missing in by_plan.items():
        if missing:
            plan = site.sessions[key]
            yield site.source("session", key).problem(
                ("meaningful_encounter",),
                "meaningful-criteria-missing",
                f"session {plan.number} does not say how it meets {_names(missing)}: its employer encounters "
                "do not count as meaningful for Gatsby Benchmark 5",
                f"add {_keys(missing)} under meaningful_encounter: in this plan, or in programme.yaml for "
                "every session",
                key=True,
                severity="warning",
            )


def employer_sizes(site: CheckedSite) -> Iterator[Problem]:
    for key, mentor in sorted(site.mentors.items()):
        if mentor.kind == "peer" and mentor.employer_size is not None:
            yield site.source("mentor", key).problem(
                ("employer_size",),
                "employer-size-for-peer",
                "a peer mentor is a student, not an employer: their sessions are not employer encounters, so "
                "employer_size says nothing",
                "remove employer_size, or set kind: business if this mentor comes from an employer",
            )
