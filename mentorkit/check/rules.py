"""Cross-file rules of the content model.

Each rule is a generator over a valid ``Site`` yielding problems located in
the file (and at the value) that has to change. Rules skip references to
files that exist but failed validation: those already have their own error.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mentorkit.check.school_codes import school_codes
from mentorkit.load.content import CheckedSite, Site, checked
from mentorkit.model import Cohort, Mentor
from mentorkit.model.attendance import recorded
from mentorkit.problems import Problem

Rule = Callable[[CheckedSite], Iterator[Problem]]

#: An enhanced DBS certificate is accepted for this long unless it is on the
#: Update Service (the common policy of councils and schools in England).
DBS_VALID_YEARS = 3
#: Safeguarding training is refreshed on the same cycle.
TRAINING_VALID_YEARS = 3

TESTIMONIAL_ROLES = ("parent", "carer", "teacher", "mentor", "mentee", "student", "employer", "school", "governor")


def academic_year_bounds(year: str) -> tuple[dt.date, dt.date]:
    start = int(year[:4])
    return dt.date(start, 9, 1), dt.date(start + 1, 8, 31)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def did_you_mean(site: CheckedSite, kind: str, wrong: str, otherwise: str) -> str:
    """A hint for an id that names no file: the closest existing id first, when one is close."""
    known = set(site.of(kind)) | {key for k, key in site.invalid if k == kind}
    close = difflib.get_close_matches(wrong, sorted(known), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"? If not, {otherwise}' if close else otherwise


def check(site: Site) -> list[Problem]:
    problems: list[Problem] = []
    valid = checked(site)
    if valid is None:
        return problems
    for rule in RULES:
        problems.extend(rule(valid))
    return problems


def programme_ids(site: CheckedSite) -> Iterator[Problem]:
    source = site.source("programme", "programme")
    for name, items in (
        ("aims", site.programme.aims),
        ("outcomes.short_term", site.programme.outcomes.short_term),
        ("outcomes.long_term", site.programme.outcomes.long_term),
    ):
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            path = tuple(name.split(".")) + (index, "id")
            if item.id in seen:
                yield source.problem(
                    path, "duplicate-id", f'"{item.id}" is used twice in {name}', "give each entry its own id"
                )
            seen[item.id] = index
    for index, outcome in enumerate(site.programme.outcomes.long_term):
        if outcome.indicator and not site.exists("indicator", outcome.indicator):
            yield source.problem(
                ("outcomes", "long_term", index, "indicator"),
                "unknown-indicator",
                f'there is no indicator "{outcome.indicator}"',
                f"add content/indicators/{outcome.indicator}.yaml or fix the id",
            )


def assets(site: CheckedSite) -> Iterator[Problem]:
    logo = site.programme.site.logo
    if logo and not (site.root / "content" / "assets" / logo).is_file():
        yield site.source("programme", "programme").problem(
            ("site", "logo"), "missing-asset", f"there is no content/assets/{logo}", "add the file or correct the path"
        )


def sessions(site: CheckedSite) -> Iterator[Problem]:
    expected = site.programme.sessions_per_cohort
    aims = {aim.id for aim in site.programme.aims}
    numbers: dict[int, str] = {}
    for key, plan in sorted(site.sessions.items()):
        source = site.source("session", key)
        total = sum(item.minutes for item in plan.agenda)
        if total != plan.duration_minutes:
            yield source.problem(
                ("agenda",),
                "agenda-minutes",
                key=True,
                message=f"the agenda adds up to {total} minutes but duration_minutes is {plan.duration_minutes}",
                hint=f"change the items' minutes by {plan.duration_minutes - total:+d} in total, or change duration_minutes",
            )
        if plan.number in numbers:
            yield source.problem(
                ("number",),
                "duplicate-session",
                f"session {plan.number} is also sessions/{numbers[plan.number]}.yaml",
                "give each session plan its own number",
            )
        numbers[plan.number] = key
        if plan.number > expected:
            yield source.problem(
                ("number",),
                "session-out-of-range",
                f"session {plan.number} is beyond sessions_per_cohort ({expected}) in programme.yaml",
                f"number the sessions 1 to {expected}, or raise sessions_per_cohort",
            )
        for index, aim in enumerate(plan.aims):
            if aim not in aims:
                yield source.problem(
                    ("aims", index),
                    "unknown-aim",
                    f'"{aim}" is not one of the programme\'s aims',
                    "use one of " + ", ".join(sorted(aims)),
                )
        if plan.survey and not site.exists("survey", plan.survey):
            yield source.problem(
                ("survey",),
                "unknown-survey",
                f'there is no survey "{plan.survey}"',
                did_you_mean(site, "survey", plan.survey, f"add content/surveys/{plan.survey}.yaml or fix the id"),
            )
    invalid = {key for kind, key in site.invalid if kind == "session"}
    if not invalid:
        for number in range(1, expected + 1):
            if number not in numbers:
                yield Problem(
                    "sessions",
                    None,
                    None,
                    "",
                    "missing-session",
                    f"there is no plan for session {number} of {expected}",
                    f"add sessions/{number:02d}-<title>.yaml",
                )


def surveys(site: CheckedSite) -> Iterator[Problem]:
    outcomes = {o.id for o in site.programme.outcomes.short_term}
    for key, survey in sorted(site.surveys.items()):
        source = site.source("survey", key)
        seen: set[str] = set()
        for index, question in enumerate(survey.questions):
            if question.id in seen:
                yield source.problem(
                    ("questions", index, "id"),
                    "duplicate-id",
                    f'question id "{question.id}" is used twice',
                    "each question needs its own id: it is a column of the responses",
                )
            seen.add(question.id)
            if question.id in ("mentee", "school", "submitted"):
                yield source.problem(
                    ("questions", index, "id"),
                    "reserved-id",
                    f'"{question.id}" is a reserved column name',
                    "choose another id",
                )
            if question.outcome and question.outcome not in outcomes:
                yield source.problem(
                    ("questions", index, "outcome"),
                    "unknown-outcome",
                    f'"{question.outcome}" is not a short-term outcome of the programme',
                    "use one of " + ", ".join(sorted(outcomes)),
                )
        if survey.pairs_with:
            other = site.surveys.get(survey.pairs_with)
            if other is None and not site.exists("survey", survey.pairs_with):
                yield source.problem(
                    ("pairs_with",),
                    "unknown-survey",
                    f'there is no survey "{survey.pairs_with}"',
                    did_you_mean(site, "survey", survey.pairs_with, "name the pre survey's id"),
                )
            elif other is not None and other.timing != "pre":
                yield source.problem(
                    ("pairs_with",),
                    "bad-pairing",
                    f'"{survey.pairs_with}" is a {other.timing} survey, not a pre survey',
                    "pair a post survey with the pre survey it repeats",
                )


def cohorts(site: CheckedSite) -> Iterator[Problem]:
    numbers = {plan.number for plan in site.sessions.values()}
    sessions_valid = not any(kind == "session" for kind, _ in site.invalid)
    first_seen: dict[str, str] = {}
    for key, cohort in sorted(site.cohorts.items()):
        source = site.source("cohort", key)
        if cohort.programme != site.programme.id:
            yield source.problem(
                ("programme",),
                "unknown-programme",
                f'"{cohort.programme}" is not this programme\'s id',
                f"write programme: {site.programme.id}",
            )
        if not site.exists("school", cohort.school):
            yield source.problem(
                ("school",),
                "unknown-school",
                f'there is no school "{cohort.school}"',
                did_you_mean(
                    site, "school", cohort.school, f"add content/schools/{cohort.school}.yaml or rename this file"
                ),
            )
        year_start, year_end = academic_year_bounds(cohort.academic_year)
        for name in ("start", "end"):
            day = getattr(cohort, name)
            if not year_start <= day <= year_end:
                yield source.problem(
                    (name,),
                    "date-outside-year",
                    f"{day} is outside the academic year {cohort.academic_year} ({year_start} to {year_end})",
                    "correct the date or move the file to the right year's folder",
                )
        reversed_dates = cohort.end < cohort.start
        if reversed_dates:
            yield source.problem(
                ("end",),
                "dates-reversed",
                f"the cohort ends ({cohort.end}) before it starts ({cohort.start})",
                "swap start and end",
            )
        members: dict[str, int] = {}
        for index, mentee in enumerate(cohort.mentees):
            if mentee.id in members:
                yield source.problem(
                    ("mentees", index, "id"),
                    "duplicate-pseudonym",
                    f'"{mentee.id}" is listed twice in this cohort',
                    "each mentee appears once",
                )
                continue
            members[mentee.id] = index
            if mentee.id in first_seen:
                yield source.problem(
                    ("mentees", index, "id"),
                    "duplicate-pseudonym",
                    f'"{mentee.id}" is also a mentee in cohorts/{first_seen[mentee.id]}.yaml',
                    "pseudonyms must be unique across the whole programme",
                )
            first_seen.setdefault(mentee.id, key)
            if mentee.mentor and not site.exists("mentor", mentee.mentor):
                yield source.problem(
                    ("mentees", index, "mentor"),
                    "unknown-mentor",
                    f'there is no mentor "{mentee.mentor}"',
                    did_you_mean(
                        site, "mentor", mentee.mentor, f"add content/mentors/{mentee.mentor}.yaml or fix the id"
                    ),
                )
        for index, delivery in enumerate(cohort.deliveries):
            path = ("deliveries", index)
            if sessions_valid and delivery.session not in numbers:
                yield source.problem(
                    path + ("session",),
                    "unknown-session",
                    f"there is no session {delivery.session}",
                    f"use a session number from 1 to {site.programme.sessions_per_cohort}",
                )
            if not reversed_dates and not cohort.start <= delivery.date <= cohort.end:
                yield source.problem(
                    path + ("date",),
                    "delivery-outside-cohort",
                    f"{delivery.date} is outside the cohort's dates ({cohort.start} to {cohort.end})",
                    "correct the date, or the cohort's start or end",
                )
            if delivery.mentor and not site.exists("mentor", delivery.mentor):
                yield source.problem(
                    path + ("mentor",),
                    "unknown-mentor",
                    f'there is no mentor "{delivery.mentor}"',
                    did_you_mean(site, "mentor", delivery.mentor, "fix the id"),
                )
            for position, pseudonym in enumerate(delivery.attended):
                if pseudonym not in members:
                    yield source.problem(
                        path + ("attended", position),
                        "unknown-attendee",
                        f'"{pseudonym}" is not a mentee of this cohort',
                        "add them to mentees or correct the pseudonym",
                    )
            if delivery.status != "delivered" and delivery.attended:
                yield source.problem(
                    path + ("attended",),
                    "attendance-not-delivered",
                    f"attendance is recorded for a {delivery.status} session",
                    "set status: delivered, or clear attended",
                )
            if not recorded(delivery):
                # Without it every page said 0% attendance and 0 pupils reached for the school.
                yield source.problem(
                    path + ("status",) if "status" in delivery.model_fields_set else path,
                    "attendance-not-recorded",
                    f"session {delivery.session} on {delivery.date} is delivered but has no attended list, "
                    "so its attendance is shown as not recorded",
                    "add attended: with the pseudonyms of those who came, or attended: [] if nobody came",
                    severity="warning",
                )


@dataclass(frozen=True)
class CheckFinding:
    """A matched business mentor whose DBS check or training is not good enough."""

    cohort: str
    mentor: str
    path: tuple[object, ...]  # where the mentor is first named in the cohort file
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
                f"{mentor_id}'s DBS check was issued {dbs.issued}, more than {DBS_VALID_YEARS} years before the cohort starts ({cohort.start})",
                f"renew it or record Update Service membership in {where}",
                "error",
            )
        elif add_years(dbs.issued, DBS_VALID_YEARS) < cohort.end:
            yield (
                "dbs-lapses",
                f"{mentor_id}'s DBS check ({dbs.issued}) lapses on {add_years(dbs.issued, DBS_VALID_YEARS)}, before the cohort ends ({cohort.end})",
                "plan a renewal or join the Update Service",
                "warning",
            )
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
            f"{mentor_id}'s enhanced check did not include the children's barred list, and this cohort has one-to-one sessions",
            f"if they will be alone with young people often enough to be regulated activity, a check with the barred list is needed: ask your safeguarding lead, then record it in {where}",
            "warning",
        )
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
            f"{mentor_id}'s safeguarding training ({training}) is over {TRAINING_VALID_YEARS} years old before the cohort ends",
            "book a refresher",
            "warning",
        )
    if not mentor.active:
        yield (
            "inactive-mentor",
            f"{mentor_id} is marked inactive",
            f"match another mentor or set active: true in {where}",
            "warning",
        )


def safeguarding(site: CheckedSite) -> Iterator[Problem]:
    for f in mentor_checks(site):
        yield site.source("cohort", f.cohort).problem(f.path, f.code, f.message, f.hint, severity=f.severity)


def _matched(cohort: Cohort) -> dict[str, tuple[object, ...]]:
    """Every mentor who meets the cohort's young people — matched with a mentee
    or leading a delivery — with where they are first named (where to report)."""
    first: dict[str, tuple[object, ...]] = {}
    for index, mentee in enumerate(cohort.mentees):
        if mentee.mentor:
            first.setdefault(mentee.mentor, ("mentees", index, "mentor"))
    for index, delivery in enumerate(cohort.deliveries):
        if delivery.mentor:
            first.setdefault(delivery.mentor, ("deliveries", index, "mentor"))
    return first


def capacity(site: CheckedSite) -> Iterator[Problem]:
    load: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for key, cohort in sorted(site.cohorts.items()):
        for index, mentee in enumerate(cohort.mentees):
            if mentee.mentor:
                load[(cohort.academic_year, mentee.mentor)].append((key, index))
    for (year, mentor_id), places in sorted(load.items()):
        mentor = site.mentors.get(mentor_id)
        if mentor and mentor.max_mentees and len(places) > mentor.max_mentees:
            key, index = places[mentor.max_mentees]
            yield site.source("cohort", key).problem(
                ("mentees", index, "mentor"),
                "over-capacity",
                f"{mentor_id} has {len(places)} mentees in {year}, over their max_mentees of {mentor.max_mentees}",
                "match some of them with another mentor",
                severity="warning",
            )


def mentors(site: CheckedSite) -> Iterator[Problem]:
    for key, mentor in sorted(site.mentors.items()):
        source = site.source("mentor", key)
        for index, school in enumerate(mentor.schools):
            if not site.exists("school", school):
                yield source.problem(
                    ("schools", index),
                    "unknown-school",
                    f'there is no school "{school}"',
                    did_you_mean(site, "school", school, "fix the id"),
                )
        if mentor.school and not site.exists("school", mentor.school):
            yield source.problem(
                ("school",),
                "unknown-school",
                f'there is no school "{mentor.school}"',
                did_you_mean(site, "school", mentor.school, "fix the id"),
            )
        if mentor.kind == "peer" and mentor.consent.publish_name:
            yield source.problem(
                ("consent", "publish_name"),
                "peer-name",
                "peer mentors are students: their names are never published, whatever this says",
                "set publish_name: false",
                severity="warning",
            )


def testimonials(site: CheckedSite) -> Iterator[Problem]:
    for key, item in sorted(site.testimonials.items()):
        source = site.source("testimonial", key)
        if item.programme != site.programme.id:
            yield source.problem(
                ("programme",),
                "unknown-programme",
                f'"{item.programme}" is not this programme\'s id',
                f"write programme: {site.programme.id}",
            )
        if item.source not in TESTIMONIAL_ROLES and not site.exists("school", item.source):
            yield source.problem(
                ("source",),
                "unknown-source",
                f'"{item.source}" is neither a school id nor a role',
                "use a school's id or one of " + ", ".join(TESTIMONIAL_ROLES),
            )


def responses(site: CheckedSite) -> Iterator[Problem]:
    members: dict[tuple[str, str], set[str]] = {
        (c.academic_year, c.school): {m.id for m in c.mentees} for c in site.cohorts.values()
    }
    cohort_invalid = {key for kind, key in site.invalid if kind == "cohort"}
    for (year, survey_id), table in sorted(site.responses.items()):
        start, end = academic_year_bounds(year)
        for row in table.rows:
            line = row["_line"]
            school = row["school"]
            if not site.exists("school", school):
                yield Problem(
                    table.rel,
                    line,
                    None,
                    "school",
                    "unknown-school",
                    f'there is no school "{school}"',
                    did_you_mean(site, "school", school, "use a school's id from content/schools"),
                )
            elif (year, school) not in members:
                if f"{year}/{school}" not in cohort_invalid:
                    yield Problem(
                        table.rel,
                        line,
                        None,
                        "school",
                        "no-cohort",
                        f"{school} has no cohort in {year}",
                        f"add content/cohorts/{year}/{school}.yaml or correct the school",
                    )
            elif row["mentee"] not in members[(year, school)]:
                yield Problem(
                    table.rel,
                    line,
                    None,
                    "mentee",
                    "unknown-mentee",
                    f'"{row["mentee"]}" is not a mentee of {school} in {year}',
                    "correct the pseudonym or add them to the cohort",
                )
            if not start <= row["submitted"] <= end:
                yield Problem(
                    table.rel,
                    line,
                    None,
                    "submitted",
                    "date-outside-year",
                    f"{row['submitted']} is outside the academic year {year}",
                    "correct the date or move the row to the right year's file",
                )


def consistency(site: CheckedSite) -> Iterator[Problem]:
    """Cohorts and mentors that do not fit the programme's own description."""
    for key, cohort in sorted(site.cohorts.items()):
        if cohort.year_group not in site.programme.year_groups:
            groups = ", ".join(str(g) for g in site.programme.year_groups)
            yield site.source("cohort", key).problem(
                ("year_group",),
                "year-group",
                f"Year {cohort.year_group} is not one of the programme's year groups ({groups})",
                "correct the year group, or add it to year_groups in programme.yaml",
                severity="warning",
            )
    for key, mentor in sorted(site.mentors.items()):
        if mentor.kind != site.programme.mentor_kind:
            yield site.source("mentor", key).problem(
                ("kind",),
                "mentor-kind",
                f"a {mentor.kind} mentor in a programme of {site.programme.mentor_kind} mentors",
                "check kind, or mentor_kind in programme.yaml",
                severity="warning",
            )


def reports(site: CheckedSite) -> Iterator[Problem]:
    years = set(site.academic_years) | {key.split("/")[0] for kind, key in site.invalid if kind == "cohort"}
    for key, report in sorted(site.reports.items()):
        for index, highlight in enumerate(report.highlights):
            if any(ch.isdigit() for ch in highlight):
                yield site.source("report", key).problem(
                    ("highlights", index),
                    "figure-in-highlight",
                    "highlights are words; the build adds every figure from the data",
                    "remove the number, or check it appears in the report's figures",
                    severity="warning",
                )
        if report.academic_year not in years:
            yield site.source("report", key).problem(
                ("academic_year",),
                "report-without-cohorts",
                f"there are no cohorts in {report.academic_year}",
                "the report will have no figures; check the year",
                severity="warning",
            )


def guides(site: CheckedSite) -> Iterator[Problem]:
    orders = Counter(guide.order for guide in site.guides.values())
    for key, guide in sorted(site.guides.items()):
        if orders[guide.order] > 1:
            yield site.source("guide", key).problem(
                ("order",),
                "duplicate-order",
                f"another chapter also has order {guide.order}",
                "give each chapter its own number",
                severity="warning",
            )


RULES: list[Rule] = [
    programme_ids,
    assets,
    sessions,
    surveys,
    cohorts,
    safeguarding,
    capacity,
    mentors,
    testimonials,
    responses,
    consistency,
    reports,
    guides,
    school_codes,
]
