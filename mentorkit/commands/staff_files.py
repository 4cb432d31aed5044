"""``build.py private``: the staff-only files, written where the site can never pick them up.

- ``calendars/<mentor-id>.ics``: each mentor's sessions (``calendars.py``);
- ``encounters/<academic-year>/<school-id>.csv`` and ``<school-id>-pupils.csv``:
  each school's Benchmark 5 evidence, encounter by encounter and pupil by pupil
  (``render/encounter_evidence.py``).

Why a command of its own rather than a stage of ``build``: ``build`` runs in CI
and publishes everything it writes; these files name mentors and list pupils'
codes, so they are made only on a staff member's machine, on request. The
folder (``<content-root>/private`` by default) is refused anywhere the build
reads or writes (``site/``, ``content/``, ``sessions/``), carries its own
``.gitignore`` so it is never committed, and the build's privacy gate would
stop any of its values that reached the site (``tests/test_private.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mentorkit.commands.calendars import calendars
from mentorkit.load.content import CheckedSite, checked
from mentorkit.problems import MentorkitError, Problem, errors
from mentorkit.render.encounter_evidence import evidence_csv, missing_records_text, pupils_csv

README = """Private files made by `build.py private`. Do not publish them or commit them.

calendars/  each mentor's sessions, to import into their calendar (names the mentor)
encounters/ each school's employer encounters for Gatsby Benchmark 5, by pupil code
            (send each school only its own files):
            <school>.csv, one row per pupil per session with an employer;
            <school>-pupils.csv, one row per pupil on the roster: at least one
            meaningful encounter this year (yes, no, or not recorded), with the
            sizes of the employers met and how (in person or virtual);
            <school>-not-recorded.txt lists sessions whose attendance was not
            recorded, which the CSVs therefore lack
"""


def default_dir(root: Path) -> Path:
    return root / "private"


def placement_problems(out: Path, root: Path, site_dir: Path | None = None) -> list[Problem]:
    """Where private files may not go: anywhere the public build reads from or writes to."""
    out, root = out.resolve(), root.resolve()
    public = {"site": (site_dir or root / "site").resolve(), "content": root / "content", "sessions": root / "sessions"}
    problems = []
    for name, folder in public.items():
        if out == folder or out.is_relative_to(folder) or folder.is_relative_to(out):
            problems.append(
                Problem.whole_file(
                    str(out),
                    "private-in-public",
                    f"{out} overlaps {folder}, which the public build {'writes' if name == 'site' else 'reads'}",
                    "choose a folder outside site/, content/ and sessions/ (the default is <content-root>/private)",
                )
            )
    return problems


def write(site: CheckedSite, out: Path) -> list[Path]:
    """Write every private file into ``out``; stale ones from an earlier run are removed."""
    files: dict[Path, bytes] = {}
    last = {path.stem: path.read_bytes() for path in (out / "calendars").glob("*.ics") if not path.is_symlink()}
    for mentor_id, ics in calendars(site, previous=last).items():
        files[out / "calendars" / f"{mentor_id}.ics"] = ics
    for key in sorted(site.cohorts):
        text = evidence_csv(site, key)
        if text is not None:
            files[out / "encounters" / f"{key}.csv"] = text.encode("utf-8")
        roster = pupils_csv(site, key)
        if roster is not None:
            files[out / "encounters" / f"{key}-pupils.csv"] = roster.encode("utf-8")
        missing = missing_records_text(site, key)
        if missing is not None:
            files[out / "encounters" / f"{key}-not-recorded.txt"] = missing.encode("utf-8")
    out.mkdir(parents=True, exist_ok=True)
    (out / ".gitignore").write_text("# Private: never commit these files.\n*\n", encoding="utf-8")
    (out / "README.txt").write_text(README, encoding="utf-8")
    for pattern in ("calendars/*.ics", "encounters/*/*.csv", "encounters/*/*-not-recorded.txt"):
        for old in out.glob(pattern):
            if old not in files:
                old.unlink()
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return sorted(files)


def command(args: argparse.Namespace) -> int:
    from mentorkit.build.pipeline import check

    root = args.content_root.resolve()
    out = args.out or default_dir(root)
    wrong = placement_problems(out, root)
    if wrong:
        raise MentorkitError("private files would be published; nothing was written", wrong)
    loaded, problems = check(root)
    failed, site = errors(problems), checked(loaded)
    if failed or site is None:
        raise MentorkitError("fix the content first; nothing was written", failed)
    written = write(site, out)
    calendars_written = sum(1 for p in written if p.suffix == ".ics")
    evidence = sum(1 for p in written if p.suffix == ".csv" and not p.name.endswith("-pupils.csv"))
    rosters = sum(1 for p in written if p.name.endswith("-pupils.csv"))
    print(
        f"wrote {calendars_written} mentor calendar(s), {evidence} encounter file(s) and {rosters} pupil "
        f"list(s) (at least one meaningful encounter: yes or no) into {out} "
        "(private: not for the site)",
        file=sys.stderr,
    )
    for path in written:
        if path.name.endswith("-not-recorded.txt"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            print(f"{path.relative_to(out)}: {first}", file=sys.stderr)
    return 0
