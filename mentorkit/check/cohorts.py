"""The cohort files' rules: the programme, school and dates they name, their mentees and their deliveries."""

from __future__ import annotations

from collections.abc import Iterator

from mentorkit.check.dates import academic_year_bounds
from mentorkit.check.suggest import did_you_mean
from mentorkit.load.content import CheckedSite
from mentorkit.load.source import Source
from mentorkit.model import Cohort
from mentorkit.model.attendance import recorded
from mentorkit.problems import Problem


def cohorts(site: CheckedSite) -> Iterator[Problem]:
    numbers = {plan.number for plan in site.sessions.values()}
    sessions_valid = not any(kind == "session" for kind, _ in site.invalid)
    first_seen: dict[str, str] = {}
    for key, cohort in sorted(site.cohorts.items()):
        source = site.source("cohort", key)
        yield from _names_and_dates(site, cohort, source)
        members: dict[str, int] = {}
        yield from _mentees(site, key, cohort, source, members, first_seen)
        yield from _deliveries(site, cohort, source, members, numbers if sessions_valid else None)


def _names_and_dates(site: CheckedSite, cohort: Cohort, source: Source) -> Iterator[Problem]:
    """The programme and school it names, and its dates inside its academic year, start before end."""
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


def _mentees(
    site: CheckedSite, key: str, cohort: Cohort, source: Source, members: dict[str, int], first_seen: dict[str, str]
) -> Iterator[Problem]:
    """Each pseudonym once in the cohort and once in the programme; their mentors exist.

    Fills ``members`` (pseudonym -> index here) and ``first_seen`` (pseudonym -> first cohort).
    """
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
                did_you_mean(site, "mentor", mentee.mentor, f"add content/mentors/{mentee.mentor}.yaml or fix the id"),
            )


def _deliveries(
    site: CheckedSite, cohort: Cohort, source: Source, members: dict[str, int], numbers: set[int] | None
) -> Iterator[Problem]:
    """Each delivery: a known session (``numbers``; None when a session file is invalid), a date in
    the cohort's run, a known mentor, attendees who are its mentees, attendance only when delivered,
    and an attendance list when delivered."""
    reversed_dates = cohort.end < cohort.start
    for index, delivery in enumerate(cohort.deliveries):
        path = ("deliveries", index)
        if numbers is not None and delivery.session not in numbers:
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
