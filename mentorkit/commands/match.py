"""``build.py match COHORT-FILE [--write]``: print a matching proposal, optionally write it.

For programme staff, not the public: the proposal names mentees by pseudonym
(staff match them) and mentors by id. ``--write`` fills only the empty
``mentor`` fields (and, in a group programme, empty ``group`` fields) of the
cohort file, so the pull request shows exactly the matching.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from mentorkit.commands.matching import Fit, Pairing, Proposal, current_fit, propose
from mentorkit.commands.matching_candidates import INTEREST_QUESTION
from mentorkit.commands.roster_edit import fill_mentees, read_exactly
from mentorkit.files import write_atomically
from mentorkit.load.content import CheckedSite, checked
from mentorkit.problems import MentorkitError, Problem, errors


def as_json(proposal: Proposal) -> dict[str, Any]:
    fit = proposal.fit
    return {
        "cohort": proposal.key,
        "mode": proposal.mode,
        "target_group_size": proposal.target,
        "candidates": [c.__dict__ for c in proposal.candidates],
        "excluded": [e.__dict__ for e in proposal.excluded],
        "pairings": [p.__dict__ for p in proposal.pairings],
        "unmatched": [{"mentee": m, "reason": r} for m, r in proposal.unmatched],
        "fit": {**fit.__dict__, "score": fit.score},
        "solver": proposal.solver,
        "cost": proposal.cost,
    }


def fit_line(fit: Fit) -> str:
    if fit.score is None:
        head = "Fit: no mentee stated an interest, so only capacity and group sizes were weighed"
    else:
        head = (
            f"Fit {fit.score:.0%}: {fit.sector_match} of {fit.stated} mentees who stated interests get a mentor "
            f"from one of their sectors ({fit.first_choice} their first choice)"
        )
    return f"{head}; {fit.no_interest} stated none; {fit.unmatched} unmatched."


def describe(proposal: Proposal, site: CheckedSite) -> list[str]:
    """The proposal as staff read it: who, why, and how good the whole is."""
    cohort = proposal.cohort
    waiting = sum(1 for m in cohort.mentees if not m.mentor)
    lines = [f"{cohort.school}, {cohort.academic_year}: {len(cohort.mentees)} mentees, {waiting} without a mentor"]
    if not waiting:
        return lines + ["Nothing to match. The matching as it stands: " + fit_line(current_fit(site, cohort))]
    if proposal.target is not None:
        lines.append(
            f"Groups of about {proposal.target:.1f} (group_size {site.programme.group_size}); a school's group stays "
            "with one mentor where it can"
        )
    stated = sum(1 for m in cohort.mentees if proposal.interests.get(m.id))
    source = (
        f" ({len(proposal.from_survey)} from the pre-survey question '{INTEREST_QUESTION}')"
        if proposal.from_survey
        else ""
    )
    lines.append(f"Interests: {stated} of {len(cohort.mentees)} mentees stated career-interest sectors{source}")
    lines += ["", "Mentors who can take mentees here:"]
    for c in proposal.candidates:
        limit = f"max_mentees {c.capacity}" if not c.assumed else f"no max_mentees, {c.capacity} assumed"
        lines.append(
            f"  {c.id:<24} {c.sector:<16} {c.room} places ({limit}; {c.load} matched in {cohort.academic_year})"
        )
    if not proposal.candidates:
        lines.append("  none")
    if proposal.excluded:
        lines += ["", "Not considered:"]
        lines += [f"  {e.id:<24} {e.reason}" for e in proposal.excluded]
    lines += ["", "Proposal:"]
    by_mentor: dict[str, list[Pairing]] = {}
    for p in proposal.pairings:
        by_mentor.setdefault(p.mentor, []).append(p)
    here = Counter(m.mentor for m in cohort.mentees if m.mentor)
    for mentor_id, items in sorted(by_mentor.items(), key=lambda kv: (kv[1][0].group or "", kv[0])):
        total = here[mentor_id] + len(items)
        label = f"Group {items[0].group}: " if proposal.mode == "groups" and items[0].group else ""
        lines.append(
            f"  {label}{mentor_id} ({items[0].sector}), {total} mentee{'s' if total != 1 else ''} ({len(items)} new)"
        )
        lines += [f"    {p.mentee:<12} {p.reason}" for p in items]
    if proposal.unmatched:
        lines.append("  Unmatched:")
        lines += [f"    {m:<12} {r}" for m, r in proposal.unmatched]
    if not proposal.pairings and not proposal.unmatched:
        lines.append("  nothing to propose")
    lines += ["", fit_line(proposal.fit)]
    if proposal.mode == "groups" and proposal.pairings:
        sizes = sorted((here[m] + len(items) for m, items in by_mentor.items()), reverse=True)
        lines.append(f"Group sizes: {', '.join(map(str, sizes))} (target {proposal.target:.1f})")
    lines.append(
        f"Solver: {proposal.solver}"
        + (f"; total cost {proposal.cost:g}" if proposal.pairings or proposal.unmatched else "")
    )
    return lines


def locate(root: Path, file: Path) -> tuple[Path, str]:
    """The site root and cohort key (``year/school``) of a cohort file.

    A file of another site (``examples/x/content/cohorts/2024-25/s.yaml``) names its
    own root, so ``--content-root`` may be left out.
    """
    path = file.resolve()
    root = root.resolve()
    if (
        not path.is_relative_to(root / "content" / "cohorts")
        and len(path.parents) > 3
        and path.parents[1].name == "cohorts"
        and path.parents[2].name == "content"
    ):
        root = path.parents[3]
    folder = root / "content" / "cohorts"
    if not path.is_relative_to(folder) or len(path.relative_to(folder).parts) != 2 or path.suffix != ".yaml":
        raise MentorkitError(
            "not a cohort file",
            [
                Problem.whole_file(
                    str(file),
                    "not-a-cohort",
                    f"{file} is not a cohort file of the site in {root}",
                    "give a file content/cohorts/<academic-year>/<school>.yaml, "
                    "and --content-root DIR for another site",
                )
            ],
        )
    if not path.is_file():
        raise MentorkitError(
            "no such cohort file",
            [
                Problem.whole_file(
                    str(file),
                    "missing-file",
                    f"{file} does not exist",
                    "check the academic year and the school's id",
                )
            ],
        )
    rel = path.relative_to(folder)
    return root, f"{rel.parts[0]}/{rel.stem}"


def command(args: argparse.Namespace) -> int:
    from mentorkit.build.pipeline import check

    root, key = locate(args.content_root, args.cohort_file)
    loaded, problems = check(root)
    failed, site = errors(problems), checked(loaded)
    if failed or site is None or key not in site.cohorts:
        raise MentorkitError(
            "fix the content first: matching needs every file valid (capacity counts every cohort of the year)", failed
        )
    proposal = propose(site, key)
    if args.format == "json":
        print(json.dumps(as_json(proposal), indent=2, default=str))
    else:
        print("\n".join(describe(proposal, site)))
    rel = f"content/cohorts/{key}.yaml"
    if not proposal.pairings:
        return 0
    if not args.write:
        print(
            f"\nNothing was written. Run again with --write to fill {len(proposal.pairings)} mentor field(s) in {rel}.",
            file=sys.stderr,
        )
        return 0
    values = {
        p.mentee: {"mentor": p.mentor, **({"group": p.group} if p.new_group and p.group else {})}
        for p in proposal.pairings
    }
    path = root / rel
    write_atomically(path, fill_mentees(read_exactly(path), values))
    after = errors(check(root)[1])
    print(
        f"\nWrote {len(values)} mentor field(s) into {rel}; check: "
        + (f"{len(after)} error(s), run `check`" if after else "no errors"),
        file=sys.stderr,
    )
    return 1 if after else 0
