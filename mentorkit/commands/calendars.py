"""Each mentor's sessions as an iCalendar file (RFC 5545), for ``build.py private``.

Private output: the calendar is named after the mentor, so it never goes near
the public site. Events carry no pseudonyms (a calendar syncs to phones and
mail providers), only the session, the school, how many are invited and a link
to the printable guide.

An event's UID names the cohort, the session, the group and the mentor, never
the date: moving a session to another day must update the mentor's event, not
add a second one. RFC 5545 asks for a ``SEQUENCE`` that rises with each change
of an event; mentorkit keeps no state of its own, so it reads the calendar it
wrote last time (``private/`` stays on the staff member's machine) and raises
the number for each event whose content changed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event

from mentorkit.load.content import CheckedSite
from mentorkit.model import Cohort
from mentorkit.model.cohort import Delivery
from mentorkit.model.deliveries import invited, mentors_at
from mentorkit.printed.documents import session_pdf
from mentorkit.render.plan import session_path

#: The content model is England's (DBS checks, Gatsby benchmarks), so school
#: times are London times; the VTIMEZONE is written into each file.
TIMEZONE = ZoneInfo("Europe/London")
STATUS = {"planned": "CONFIRMED", "delivered": "CONFIRMED", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class Booking:
    key: str  # cohort key
    cohort: Cohort
    index: int
    delivery: Delivery


def bookings(site: CheckedSite) -> dict[str, list[Booking]]:
    """Every delivery each mentor takes part in, by mentor id, in date order."""
    out: dict[str, list[Booking]] = defaultdict(list)
    for key, cohort in sorted(site.cohorts.items()):
        for index, delivery in enumerate(cohort.deliveries):
            for mentor in mentors_at(cohort, delivery):
                if mentor in site.mentors:
                    out[mentor].append(Booking(key, cohort, index, delivery))
    return {
        m: sorted(items, key=lambda b: (b.delivery.date, b.delivery.start_time or "", b.key))
        for m, items in sorted(out.items())
    }


def calendars(
    site: CheckedSite, stamp: dt.datetime | None = None, previous: dict[str, bytes] | None = None
) -> dict[str, bytes]:
    """``{mentor id: .ics bytes}`` for every mentor with at least one delivery.

    ``previous``: the files written last time, by mentor id, so each event's
    ``SEQUENCE`` rises when (and only when) the event changed.
    """
    stamp = stamp or _stamp()
    previous = previous or {}
    out = {}
    for mentor_id, items in bookings(site).items():
        cal = calendar(site, mentor_id, items, stamp)
        _sequence(cal, previous.get(mentor_id))
        out[mentor_id] = cal.to_ical()
    return out


def calendar(site: CheckedSite, mentor_id: str, items: list[Booking], stamp: dt.datetime) -> Calendar:
    programme = site.programme
    mentor = site.mentors[mentor_id]
    cal = Calendar.new(
        prodid=f"-//mentorkit//{programme.short_name} sessions//EN",
        name=f"{programme.short_name} sessions: {mentor.name}",
        description=f"The {programme.name} sessions {mentor.name} delivers, made by mentorkit.",
        uid=f"{programme.id}-{mentor_id}@mentorkit",
    )
    seen: dict[str, int] = {}
    for booking in items:  # in date order, so "the second session 2 of this group" stays the second
        event = _event(site, mentor_id, booking, stamp)
        uid = str(event["UID"])
        seen[uid] = seen.get(uid, 0) + 1
        if seen[uid] > 1:  # the same session delivered again to the same group: its own event
            event["UID"] = uid.replace("@", f"-{seen[uid]}@")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def _event(site: CheckedSite, mentor_id: str, booking: Booking, stamp: dt.datetime) -> Event:
    programme, cohort, delivery = site.programme, booking.cohort, booking.delivery
    plan_key, plan = next(((k, p) for k, p in site.sessions.items() if p.number == delivery.session), (None, None))
    title = plan.title if plan else f"Session {delivery.session}"
    minutes = plan.duration_minutes if plan else 60
    school = site.schools.get(cohort.school)
    school_name = school.name if school else cohort.school
    if delivery.start_time:
        hours, mins = map(int, delivery.start_time.split(":"))
        start: dt.date | dt.datetime = dt.datetime.combine(delivery.date, dt.time(hours, mins), tzinfo=TIMEZONE)
        end: dt.date | dt.datetime = start + dt.timedelta(minutes=minutes)
    else:
        start, end = delivery.date, delivery.date + dt.timedelta(days=1)  # all day: the time is not set yet
    guide = _link(site, session_pdf(plan_key)) if plan_key else None
    page = _link(site, _page_url(session_path(plan_key))) if plan_key else None
    group = f", group {delivery.group}" if delivery.group else ""
    people = invited(cohort, delivery)
    yours = sum(1 for m in people if m.mentor == mentor_id)
    lines = [
        f"Session {delivery.session} of {programme.sessions_per_cohort}: {title}",
        f"{school_name}, Year {cohort.year_group}{group}: {delivery.format.replace('-', ' ')} session for "
        f"{len(people)} mentee{'s' if len(people) != 1 else ''} ({yours} matched with you).",
    ]
    if delivery.status == "cancelled":
        lines.insert(0, "CANCELLED")
    if not delivery.start_time:
        lines.append("The start time is not set yet: the school will confirm it.")
    if guide:
        lines.append(f"Printable guide: {guide}")
    if page:
        lines.append(f"Session plan: {page}")
    lines.append(f"Report any safeguarding concern to {programme.organisation.safeguarding_contact} the same day.")
    # Stable across runs and across a change of date (importing a newer file updates
    # the event), one per mentor (a staff calendar holding everyone's files keeps each
    # mentor's own description).
    where = (programme.id, cohort.academic_year, cohort.school)
    natural = "-".join((*where, f"session-{delivery.session}", delivery.group or "all", mentor_id))
    return Event.new(
        uid=f"{natural}@mentorkit",
        summary=f"{programme.short_name} session {delivery.session}: {title} ({school_name})",
        start=start,
        end=end,
        location=f"{school_name}, {school.town}" if school else school_name,
        description="\n".join(lines),
        status=STATUS[delivery.status],  # type: ignore[arg-type]
        url=guide if guide and guide.startswith("http") else None,
        stamp=stamp,
    )


#: Properties that say when the file was written or which revision it is, not
#: what the event is: left out when deciding whether an event changed.
_BOOKKEEPING = (b"DTSTAMP", b"SEQUENCE")


def _content(event: Component) -> bytes:
    lines = event.to_ical().splitlines()
    return b"\n".join(line for line in lines if not line.startswith(_BOOKKEEPING))


def _sequence(cal: Calendar, previous: bytes | None) -> None:
    """Give each event the SEQUENCE of its last version, plus one if it changed."""
    before: dict[str, tuple[bytes, int]] = {}
    if previous:
        try:
            for old in Calendar.from_ical(previous).walk("VEVENT"):
                before[str(old["UID"])] = (_content(old), int(old.get("SEQUENCE", 0)))
        except (ValueError, KeyError):
            before = {}  # a file edited by hand beyond reading: start the count again
    for event in cal.walk("VEVENT"):
        content, number = before.get(str(event["UID"]), (None, 0))
        event.add("SEQUENCE", number if content in (None, _content(event)) else number + 1)


def _link(site: CheckedSite, rel: str) -> str:
    """A full address when the programme says where its site is (site.url), else the path on the site."""
    url = site.programme.site.url
    if not url:
        return f"{rel} on the {site.programme.short_name} website"
    base = str(url)
    return (base if base.endswith("/") else base + "/") + rel


def _page_url(path: str) -> str:
    return path[: -len(".md")] + "/" if path.endswith(".md") else path


def _stamp() -> dt.datetime:
    """DTSTAMP: now, or ``SOURCE_DATE_EPOCH`` for byte-identical files from the same content."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
