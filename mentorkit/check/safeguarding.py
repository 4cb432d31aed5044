"""Safeguarding: every business mentor who meets a cohort's young people has an enhanced DBS check
and safeguarding training in date for the cohort's whole run (``check`` reports it, ``match`` refuses them)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mentorkit.check.dates import add_years
from mentorkit.load.content import CheckedSite
from mentorkit.load.source import FieldPath
from mentorkit.model import Cohort, Mentor
from mentorkit.problems import Problem

#: An enhanced DBS certificate is accepted for this long unless it is on the
#: Update Service (the common policy of councils and schools in England).
DBS_VALID_YEARS = 3
#: Safeguarding training is refreshed on the same cycle.
TRAINING_VALID_YEARS = 3


@dataclass(frozen=True)
class CheckFinding:
    """A matched business mentor whose DBS check or training is not good enough."""

    cohort: str
    mentor: str
    path: FieldPath  # where the mentor is first named in the cohort file
    code: str
    message: str
    hint: str
    severity: str = "error"


def mentor_checks(site: CheckedSite) -> Iterator[CheckFinding]:
    """Business mentors matched in a cohort: enhanced DBS and training in date."""
    for key, cohort in sorted(site.cohorts.items()):
        for mentor_id, path in _matched(cohort).items():
            mentor = site.mentors.get(mentor_id)
            if mentor is None:
                continue
            for code, message, hint, severity in mentor_clearance(mentor_id, mentor, cohort):
                yield CheckFinding(key, mentor_id, path, code, message, hint, severity)


Clearance = tuple[str, str, str, str]  # code, message, hint, severity


def mentor_clearance(mentor_id: str, mentor: Mentor, cohort: Cohort) -> Iterator[Clearance]:
    """Why ``mentor`` may not (error) or should not (warning) meet this cohort's young people.

    Pure, so the matcher (``matching.py``) refuses exactly the mentors this rule reports.
    """
    if mentor.kind != "business":
        return
    where = f"content/mentors/{mentor_id}.yaml"
    yield from _dbs(mentor_id, mentor, cohort, where)
    yield from _barred_list(mentor_id, mentor, cohort, where)
    yield from _training(mentor_id, mentor, cohort, where)
    if not mentor.active:
        yield (
            "inactive-mentor",
            f"{mentor_id} is marked inactive",
            f"match another mentor or set active: true in {where}",
            "warning",
        )


def _dbs(mentor_id: str, mentor: Mentor, cohort: Cohort, where: str) -> Iterator[Clearance]:
    """An enhanced DBS check, in date for the cohort's whole run unless it is on the Update Service."""
    dbs = mentor.dbs
    if dbs is None:
        yield (
            "dbs-missing",
            f"{mentor_id} has no DBS check on record",
            f"record an enhanced DBS check in {where} before matching",
            "error",
        )
    elif dbs.type != "enhanced":
        yield (
            "dbs-not-enhanced",
            f"{mentor_id}'s DBS check is {dbs.type}; mentoring children needs an enhanced check",
            f"record an enhanced check in {where}",
            "error",
        )
    elif not dbs.update_service:
        if dbs.issued < add_years(cohort.start, -DBS_VALID_YEARS):
            yield (
                "dbs-expired",
                f"{mentor_id}'s DBS check was issued {dbs.issued}, "
                f"more than {DBS_VALID_YEARS} years before the cohort starts ({cohort.start})",
                f"renew it or record Update Service membership in {where}",
                "error",
            )
        elif add_years(dbs.issued, DBS_VALID_YEARS) < cohort.end:
            yield (
                "dbs-lapses",
                f"{mentor_id}'s DBS check ({dbs.issued}) lapses on {add_years(dbs.issued, DBS_VALID_YEARS)}, "
                f"before the cohort ends ({cohort.end})",
                "plan a renewal or join the Update Service",
                "warning",
            )


def _barred_list(mentor_id: str, mentor: Mentor, cohort: Cohort, where: str) -> Iterator[Clearance]:
    dbs = mentor.dbs
    if (
        dbs is not None
        and dbs.type == "enhanced"
        and not dbs.barred_list
        and any(d.format == "one-to-one" for d in cohort.deliveries)
    ):
        # Whether one-to-ones are regulated activity turns on how often and how
        # closely supervised they are, which the content cannot tell: a warning.
        yield (
            "dbs-no-barred-list",
            f"{mentor_id}'s enhanced check did not include the children's barred list, "
            "and this cohort has one-to-one sessions",
            "if they will be alone with young people often enough to be regulated activity, "
            f"a check with the barred list is needed: ask your safeguarding lead, then record it in {where}",
            "warning",
        )


def _training(mentor_id: str, mentor: Mentor, cohort: Cohort, where: str) -> Iterator[Clearance]:
    """Safeguarding training before the cohort starts, and not lapsing before it ends."""
    training = mentor.safeguarding_training
    if training is None:
        yield (
            "training-missing",
            f"{mentor_id} has no safeguarding training on record",
            f"record the date in {where} (safeguarding_training)",
            "error",
        )
    elif training > cohort.start:
        yield (
            "training-after-start",
            f"{mentor_id}'s safeguarding training ({training}) is after the cohort starts ({cohort.start})",
            "the training must come before the mentor meets any student",
            "error",
        )
    elif add_years(training, TRAINING_VALID_YEARS) < cohort.end:
        yield (
            "training-lapses",
            f"{mentor_id}'s safeguarding training ({training}) "
            f"is over {TRAINING_VALID_YEARS} years old before the cohort ends",
            "book a refresher",
            "warning",
        )


def safeguarding(site: CheckedSite) -> Iterator[Problem]:
    for f in mentor_checks(site):
        yield site.source("cohort", f.cohort).problem(f.path, f.code, f.message, f.hint, severity=f.severity)


def _matched(cohort: Cohort) -> dict[str, FieldPath]:
    """Every mentor who meets the cohort's young people — matched with a mentee
    or leading a delivery — with where they are first named (where to report)."""
    first: dict[str, FieldPath] = {}
    for index, mentee in enumerate(cohort.mentees):
        if mentee.mentor:
            first.setdefault(mentee.mentor, ("mentees", index, "mentor"))
    for index, delivery in enumerate(cohort.deliveries):
        if delivery.mentor:
            first.setdefault(delivery.mentor, ("deliveries", index, "mentor"))
    return first
