"""`build.py private`: mentors' calendars and schools' Benchmark 5 evidence, never on the site."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from mentorkit.build.pipeline import check
from mentorkit.cli import main
from mentorkit.commands.staff_files import placement_problems
from mentorkit.privacy import gate as privacy
from mentorkit.render.encounters import CSV_COLUMNS, encounters, sections

from .conftest import REPO, copy_fixture

COHORT = "content/cohorts/2024-25/hill-school.yaml"


def write_private(site) -> Path:
    assert main(["private", "--content-root", str(site.root)]) == 0
    return site.root / "private"


def events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())  # a real parser: a malformed file raises
    return list(calendar.walk("VEVENT"))


def test_each_mentor_gets_a_calendar_of_the_sessions_they_deliver(site):
    site.edit("content/programme.yaml", "site:\n", "site:\n  url: https://mentoring.example.org/\n")
    site.edit(COHORT, "    date: 2024-10-08\n", '    date: 2024-10-08\n    start_time: "13:20"\n')
    site.edit(
        COHORT,
        "deliveries:\n",
        "deliveries:\n  - session: 2\n    date: 2025-03-11\n    format: one-to-one\n"
        "    mentor: jo-private\n    status: cancelled\n",
    )

    out = write_private(site)

    sam = events(out / "calendars" / "sam-okafor.ics")
    jo = events(out / "calendars" / "jo-private.ics")
    assert len(sam) == 2 and len(jo) == 3  # the cancelled one-to-one was Jo's alone
    first = sam[0]
    london = ZoneInfo("Europe/London")
    assert first.start == dt.datetime(2024, 10, 8, 13, 20, tzinfo=london)
    assert first.end - first.start == dt.timedelta(minutes=60)  # the plan's duration_minutes
    assert str(first["SUMMARY"]) == "Tiny session 1: First meeting (Hill School (fictional))"
    assert str(first["URL"]) == "https://mentoring.example.org/pdf/session-01-first-meeting.pdf"
    assert "Exampletown" in str(first["LOCATION"])
    assert sam[1].start == dt.date(2025, 3, 4)  # no start time yet: an all-day event
    assert [str(e["STATUS"]) for e in jo] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert len({str(e["UID"]) for e in sam + jo}) == 5
    text = (out / "calendars" / "jo-private.ics").read_text()
    assert "Jo Private" in text and "HS-0" not in text  # names the mentor, never a pupil


def test_calendar_uids_are_stable_between_runs(site):
    out = write_private(site)
    first = [str(e["UID"]) for e in events(out / "calendars" / "sam-okafor.ics")]
    out = write_private(site)
    assert [str(e["UID"]) for e in events(out / "calendars" / "sam-okafor.ics")] == first


def test_moving_a_session_updates_the_mentors_event_and_raises_its_sequence(site):
    out = write_private(site)
    before = {str(e["UID"]): e for e in events(out / "calendars" / "sam-okafor.ics")}
    assert {int(e["SEQUENCE"]) for e in before.values()} == {0}

    site.edit(COHORT, "    date: 2025-03-04\n", "    date: 2025-03-18\n")  # session 2 moves a fortnight
    out = write_private(site)

    after = {str(e["UID"]): e for e in events(out / "calendars" / "sam-okafor.ics")}
    assert after.keys() == before.keys()  # the same events, updated: no duplicate in the mentor's calendar
    moved = [uid for uid in after if after[uid].start != before[uid].start]
    assert len(moved) == 1 and after[moved[0]].start == dt.date(2025, 3, 18)
    assert {uid: int(e["SEQUENCE"]) for uid, e in after.items()} == {uid: int(uid == moved[0]) for uid in after}

    out = write_private(site)  # nothing changed: nothing to update
    again = {str(e["UID"]): int(e["SEQUENCE"]) for e in events(out / "calendars" / "sam-okafor.ics")}
    assert again == {uid: int(e["SEQUENCE"]) for uid, e in after.items()}


def test_each_school_gets_one_row_per_pupil_per_employer_encounter(site):
    site.edit(
        COHORT,
        "deliveries:\n",
        "deliveries:\n  - session: 2\n    date: 2025-04-01\n    format: group\n    status: planned\n",
    )

    out = write_private(site)

    with open(out / "encounters" / "2024-25" / "hill-school.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == CSV_COLUMNS
    assert [(r["pupil_code"], r["date"], r["minutes"], r["employer_sector"]) for r in rows] == [
        ("HS-01", "2024-10-08", "60", "finance"),
        ("HS-01", "2025-03-04", "30", "finance"),
        ("HS-02", "2024-10-08", "60", "finance"),
        ("HS-03", "2024-10-08", "60", "engineering"),
        ("HS-03", "2025-03-04", "30", "engineering"),
    ]  # the planned session is not an encounter yet
    assert {r["gatsby_benchmark"] for r in rows} == {"5"}
    assert (out / ".gitignore").read_text().splitlines()[-1] == "*"


def test_peer_mentoring_is_not_an_employer_encounter(tmp_path):
    hub = tmp_path / "hub"
    shutil.copytree(REPO / "examples" / "academy-hub", hub, ignore=shutil.ignore_patterns("site", "private"))
    loaded, _ = check(hub)
    assert all(encounters(loaded, key) == [] for key in loaded.cohorts)
    assert sections(loaded) is None


def test_the_public_summary_withholds_small_numbers(site):
    loaded, _ = check(site.root)

    summary = sections(loaded)

    assert summary is not None
    table = summary["years"][0]["table"]
    assert table.headers == ["School", "Pupils", "Had an employer encounter", "Encounters per pupil reached"]
    assert table.rows == [["All schools", "[c]", "[c] (n = [c])", "[c]"]]  # 3 pupils: below min_count 5
    assert "withheld" in summary["footnote"](table)


def test_the_public_summary_of_the_bundled_content():
    loaded, _ = check(REPO)
    summary = sections(loaded)
    assert summary is not None
    latest = summary["years"][0]
    assert latest["year"] == "2024-25"
    assert latest["table"].rows[-1][:3] == ["All schools", "78", "100% (78 of 78)"]


@pytest.mark.parametrize("where", ["site", "site/private", "content/assets/private", "sessions/x", "."])
def test_private_files_are_refused_where_the_build_reads_or_writes(site, where, capsys):
    target = (site.root / where).resolve()
    assert placement_problems(target, site.root)
    assert main(["private", "--content-root", str(site.root), "--out", str(target)]) == 1
    assert "private-in-public" in capsys.readouterr().err
    assert not (target / "calendars").exists()


def test_the_default_private_folder_is_allowed(site):
    assert placement_problems(site.root / "private", site.root) == []


def _private_secrets(out: Path) -> list[privacy.Secret]:
    """Values the private files hold that the public site must not: pupil codes, unpublished names."""
    found = []
    for path in sorted(out.rglob("*.csv")):
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
            found.append(
                privacy.Secret(row["pupil_code"], str(path), None, "pupil_code", "pupil code in a private file")
            )
    for path in sorted(out.rglob("*.ics")):
        name = str(Calendar.from_ical(path.read_bytes())["NAME"]).split(": ", 1)[1]
        if name != "Sam Okafor":  # the only mentor who agreed to be named
            found.append(privacy.Secret(name, str(path), None, "NAME", "mentor name in a private calendar"))
    return found


@pytest.mark.slow
def test_no_private_value_reaches_the_built_site_and_the_gate_would_stop_one(tmp_path, capsys):
    site = copy_fixture("minimal", tmp_path / "site-root")
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 0
    out = write_private(site)
    built = site.root / "site"

    assert not out.resolve().is_relative_to(built.resolve()) and not built.resolve().is_relative_to(out.resolve())
    secrets = _private_secrets(out)
    assert {s.text for s in secrets} >= {"HS-01", "HS-02", "HS-03", "Jo Private"}
    assert privacy.scan_site(built, secrets) == []
    private_bytes = {p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert not any(p.read_bytes() in private_bytes for p in built.rglob("*") if p.is_file())
    assert not list(built.rglob("*.ics"))

    # Proof the gate guards these files too: a calendar copied into the site's assets stops the build.
    site.write("content/assets/calendar.ics", (out / "calendars" / "jo-private.ics").read_text())
    assert main(["build", "--content-root", str(site.root), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "mentor name without consent" in err and "calendar.ics" in err
