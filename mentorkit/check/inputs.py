"""What each costly cross-file rule reads, so a warm check can keep its problems (``load.memo``).

A rule's problems are a function of the files of some kinds and of a few
values of others: the cohorts' rule reads the session plans only for their
numbers. While those are unchanged, the problems are the same, and a check
after editing a session plan's words need not look at 150,000 mentees again.
A rule not named here runs every time; one named here must read nothing else
(tests/test_incremental.py edits files at random and compares with a cold check).
"""

from __future__ import annotations

from collections.abc import Callable

from mentorkit.load.content import CheckedSite

#: The kinds of file each costly rule reads, and what else it reads of the site; nothing more. Its
#: problems are kept while those files and that are unchanged (``load.memo``).
INPUTS: dict[str, tuple[frozenset[str], Callable[[CheckedSite], object]]] = {
    "responses": (frozenset({"table", "survey", "school", "cohort"}), lambda site: None),
    "capacity": (frozenset({"cohort", "mentor"}), lambda site: None),
    "safeguarding": (frozenset({"cohort", "mentor"}), lambda site: None),
    # Of the session plans, only their numbers and whether all are valid; of the programme, two values.
    "cohorts": (
        frozenset({"cohort", "school", "mentor"}),
        lambda site: (
            site.programme.id,
            site.programme.sessions_per_cohort,
            sorted(plan.number for plan in site.sessions.values()),
            any(kind == "session" for kind, _ in site.invalid),
        ),
    ),
}
