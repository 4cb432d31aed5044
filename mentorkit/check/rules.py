"""Cross-file rules of the content model.

Each rule is a generator over a valid ``Site`` yielding problems located in
the file (and at the value) that has to change. Rules skip references to
files that exist but failed validation: those already have their own error.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from mentorkit.check import branding
from mentorkit.check.cohorts import cohorts
from mentorkit.check.dates import academic_year_bounds
from mentorkit.check.encounters import employer_sizes, meaningful_criteria
from mentorkit.check.inputs import INPUTS
from mentorkit.check.safeguarding import safeguarding
from mentorkit.check.school_codes import school_codes
from mentorkit.check.suggest import did_you_mean
from mentorkit.load.content import CheckedSite, Site, checked
from mentorkit.load.source import FieldPath, Source
from mentorkit.model import SessionPlan
from mentorkit.problems import Problem

Rule = Callable[[CheckedSite], Iterator[Problem]]

TESTIMONIAL_ROLES = ("parent", "carer", "teacher", "mentor", "mentee", "student", "employer", "school", "governor")


Memo = Callable[[str, frozenset[str], str, Callable[[], list[Problem]]], list[Problem]]


def check(site: Site, memo: Memo | None = None) -> list[Problem]:
    problems: list[Problem] = []
    valid = checked(site)
    if valid is None:
        return problems
    for rule in RULES:
        inputs = INPUTS.get(rule.__name__)
        if memo is None or inputs is None:
            problems.extend(rule(valid))
        else:
            kinds, rest = inputs
            problems.extend(memo(rule.__name__, kinds, repr(rest(valid)), lambda rule=rule: list(rule(valid))))  # type: ignore[misc]
    return problems


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def programme_ids(site: CheckedSite) -> Iterator[Problem]:
    source = site.source("programme", "programme")
    lists: tuple[tuple[str, Sequence[_Identified]], ...] = (
        ("aims", site.programme.aims),
        ("outcomes.short_term", site.programme.outcomes.short_term),
        ("outcomes.long_term", site.programme.outcomes.long_term),
    )
    for name, items in lists:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            path: FieldPath = (*name.split("."), index, "id")
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
        yield from _agenda_minutes(plan, source)
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
                yield Problem.whole_file(
                    "sessions",
                    "missing-session",
                    f"there is no plan for session {number} of {expected}",
                    f"add sessions/{number:02d}-<title>.yaml",
                )


def _agenda_minutes(plan: SessionPlan, source: Source) -> Iterator[Problem]:
    total = sum(item.minutes for item in plan.agenda)
    if total != plan.duration_minutes:
        yield source.problem(
            ("agenda",),
            "agenda-minutes",
            key=True,
            message=f"the agenda adds up to {total} minutes but duration_minutes is {plan.duration_minutes}",
            hint=f"change the items' minutes by {plan.duration_minutes - total:+d} in total, "
            "or change duration_minutes",
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
    for (year, _survey_id), table in sorted(site.responses.items()):
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
    meaningful_criteria,
    employer_sizes,
    branding.colours,  # the programme's own look (check/branding.py)
    branding.files,
]
