"""Command line: ``python build.py [command]`` or ``mentorkit [command]``.

Exit codes: 0 success, 1 the content (or the build) has errors, 2 the
command line is wrong, 130 interrupted. Users see messages, never a
traceback; ``MENTORKIT_DEBUG=1`` shows one for a bug report.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from mentorkit.problems import MentorkitError, Problem, errors, format_problems

FORMATS = ("human", "github", "json")


def _default(value: object, top: bool) -> object:
    # A command's own parser leaves an option out unless it is given there, so
    # one written before the command (read by the top parser) is not overwritten.
    return value if top else argparse.SUPPRESS


def _common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    parser.add_argument(
        "--content-root",
        type=Path,
        default=_default(Path("."), top),
        metavar="DIR",
        help="the site's folder, holding content/ and sessions/ (default: current folder)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=_default("human", top),
        help="how problems are printed: human (default), github (Actions annotations) or json",
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="mentorkit", description="Validate mentoring programme content and build its public site."
    )
    _common(top, top=True)
    # Build is the default command: `python build.py --no-pdf` takes its options.
    _build_options(top, top=True)
    _cache_options(top, top=True)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    _site_commands(commands)
    _file_commands(commands)
    _staff_commands(commands)
    return top


def _site_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands that check, build and preview the site."""
    c = commands.add_parser("check", help="validate every file; exit 1 on any error")
    _common(c)
    _cache_options(c)

    b = commands.add_parser("build", help="check, then build the site into site/ (the default command)")
    _common(b)
    _build_options(b)
    _cache_options(b)

    s = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild when content changes")
    _common(s)
    _build_options(s)
    s.add_argument("--address", default="127.0.0.1:8000", help="host:port to serve on (default 127.0.0.1:8000)")
    _cache_options(s)

    st = commands.add_parser(
        "status", help="print the staff readiness table: checks, matching, capacity, deliveries, attendance"
    )
    _common(st)
    st.add_argument("--year", default=None, help="academic year, e.g. 2024-25 (default: the latest with cohorts)")

    sc = commands.add_parser("schema", help="write JSON Schemas (YAML kinds) and Table Schemas (CSVs) into schema/")
    _common(sc)
    sc.add_argument("--check", action="store_true", help="only report schemas that are out of date (exit 1 if any)")
    sc.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="where to write (default: <content-root>/schema)"
    )


def _file_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands that write content files: a new site, a new file, imported answers."""
    im = commands.add_parser(
        "import-survey", help="turn a Microsoft Forms or Google Forms export into a survey's response CSV"
    )
    _common(im)
    im.add_argument(
        "export", type=Path, metavar="EXPORT", help="the responses as downloaded from the form (.xlsx or .csv)"
    )
    im.add_argument(
        "--survey", metavar="ID", help="the survey's id (content/surveys/<id>.yaml); default: found from the columns"
    )
    im.add_argument(
        "--year", required=True, metavar="YYYY-YY", help="the academic year the answers belong to, e.g. 2024-25"
    )
    im.add_argument(
        "--date-order",
        choices=("dmy", "mdy"),
        default=None,
        help="how dates like 03/04/2025 are written (default: worked out from the file)",
    )
    im.add_argument("--replace", action="store_true", help="overwrite an existing response file")
    nw = commands.add_parser(
        "new", help="start a new file of a kind, documented and valid, e.g. new session goal-setting; never overwrites"
    )
    _common(nw)
    nw.add_argument(
        "kind",
        metavar="KIND",
        help="programme, school, mentor, cohort, session, guide, survey, testimonial, indicator, report or page",
    )
    nw.add_argument(
        "ids", nargs="*", metavar="ID", help="its id (cohort: ACADEMIC-YEAR SCHOOL-ID; report: ACADEMIC-YEAR)"
    )
    it = commands.add_parser(
        "init", help='start a new programme\'s site in a new folder, e.g. init future-steps --name "Future Steps"'
    )
    it.add_argument("--format", choices=FORMATS, default="human", help="how problems are printed")
    _init_options(it)


def _staff_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The staff's own tools: matching mentors, and files that never go on the site."""
    mt = commands.add_parser(
        "match",
        help="propose mentors for a cohort's unmatched mentees (sectors, capacity, safeguarding); "
        "--write fills them in",
    )
    _common(mt)
    mt.add_argument(
        "cohort_file",
        type=Path,
        metavar="COHORT-FILE",
        help="the cohort, e.g. content/cohorts/2025-26/kestrel-way-school.yaml",
    )
    mt.add_argument(
        "--write", action="store_true", help="fill the empty mentor fields in the file (comments and layout kept)"
    )
    pv = commands.add_parser(
        "private",
        help="write staff-only files: mentors' calendars (.ics) and schools' employer-encounter CSVs, "
        "never into the site",
    )
    _common(pv)
    pv.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write (default: <content-root>/private; refused inside site/, content/ or sessions/)",
    )


def _init_options(p: argparse.ArgumentParser) -> None:
    from mentorkit.commands.init import add_arguments

    add_arguments(p)


def _build_options(p: argparse.ArgumentParser, top: bool = False) -> None:
    from mentorkit.build.generators import GENERATORS

    p.add_argument(
        "--site-dir",
        type=Path,
        default=_default(None, top),
        metavar="DIR",
        help="where the site goes (default: <content-root>/site)",
    )
    p.add_argument(
        "--generator",
        choices=sorted(GENERATORS),
        default=_default("mkdocs", top),
        help="the static site generator to run (default mkdocs)",
    )
    p.add_argument(
        "--no-pdf",
        dest="pdf",
        action="store_false",
        default=_default(True, top),
        help="skip PDF rendering for a quicker preview",
    )


def _cache_options(p: argparse.ArgumentParser, top: bool = False) -> None:
    p.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        default=_default(True, top),
        help="read and print everything afresh, neither using nor saving the cache",
    )
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=_default(None, top),
        metavar="DIR",
        help="where unchanged files' results are kept between runs "
        "(default: $MENTORKIT_CACHE_DIR, else <content-root>/.mentorkit/cache)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command or "build"
    try:
        return COMMANDS[command](args)
    except MentorkitError as exc:
        _report(exc.problems, args.format, exc.message)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was changed", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in mentorkit, not in the content
        if os.environ.get("MENTORKIT_DEBUG"):
            raise
        print(
            f"mentorkit hit an internal error: {type(exc).__name__}: {exc}\n"
            "Nothing was published. Please report it with the output of the same command run with MENTORKIT_DEBUG=1.",
            file=sys.stderr,
        )
        return 1


def _report(problems: list[Problem], fmt: str, headline: str = "") -> None:
    if fmt == "json":
        print(format_problems(problems, "json"))
        return
    if problems:
        print(format_problems(problems, fmt), file=sys.stdout if fmt == "github" else sys.stderr)
    if headline and fmt == "human":
        count = len(errors(problems))
        suffix = f" ({count} error{'s' if count != 1 else ''})" if count else ""
        print(f"{headline}{suffix}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from mentorkit.build.pipeline import Timings, cached_check, check
    from mentorkit.load.disk_cache import DiskCache, cache_dir

    started = time.perf_counter()
    disk = DiskCache.open(cache_dir(args.content_root, args.cache_dir)) if args.cache else None
    site, problems = cached_check(args.content_root, Timings(), disk, check)
    _report(problems, args.format)
    failed = errors(problems)
    if args.format == "human":
        files = len(site.sources) + len(site.responses) + len(site.series)
        state = f"{len(failed)} error{'s' if len(failed) != 1 else ''}" if failed else "no errors"
        print(f"checked {files} files in {time.perf_counter() - started:.2f}s: {state}", file=sys.stderr)
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    from mentorkit.build.pipeline import BuildOptions, build

    started = time.perf_counter()
    result = build(BuildOptions(args.content_root, args.site_dir, args.generator, args.pdf, args.cache, args.cache_dir))
    _report(result.warnings, args.format)
    if args.format == "human":
        print(
            f"built {result.pages} pages into {result.output} in {time.perf_counter() - started:.1f}s", file=sys.stderr
        )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from mentorkit.build.serve import serve

    return serve(args)


def cmd_status(args: argparse.Namespace) -> int:
    from mentorkit.build.pipeline import check
    from mentorkit.commands.status import print_readiness, readiness
    from mentorkit.load.content import checked

    loaded, problems = check(args.content_root)
    site = checked(loaded)
    if site is None:
        _report(problems, args.format, "the programme file has errors")
        return 1
    report = readiness(site, args.year)
    print_readiness(site, report)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from mentorkit.build.pipeline import check
    from mentorkit.build.schemas import stale_schemas, write_schemas

    site, problems = check(args.content_root)
    target = args.out or args.content_root / "schema"
    if errors(problems):
        _report(problems, args.format, "fix the content first: table schemas come from the survey files")
        return 1
    if args.check:
        stale = stale_schemas(target, site)
        for rel in stale:
            print(f"{target / rel}: out of date (run: python build.py schema)", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(target, site):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_import_survey(args: argparse.Namespace) -> int:
    from mentorkit.commands.import_survey import run

    notes: list[str] = []
    target, problems = run(args.content_root, args.export, args.survey, args.year, args.date_order, args.replace, notes)
    if target is None:
        _report(problems, args.format, "nothing was imported")
        return 1
    for note in notes:
        print(note, file=sys.stderr)
    print(f"wrote {target}", file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from mentorkit.commands.new import new

    files, notes = new(args.content_root, args.kind, args.ids)
    for path in files:
        print(f"wrote {path}", file=sys.stderr)
    for note in notes:
        print(f"  {note}", file=sys.stderr)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from mentorkit.commands.init import command

    return command(args)


def cmd_match(args: argparse.Namespace) -> int:
    from mentorkit.commands.match import command

    return command(args)


def cmd_private(args: argparse.Namespace) -> int:
    from mentorkit.commands.staff_files import command

    return command(args)


COMMANDS = {
    "check": cmd_check,
    "build": cmd_build,
    "serve": cmd_serve,
    "status": cmd_status,
    "schema": cmd_schema,
    "import-survey": cmd_import_survey,
    "new": cmd_new,
    "init": cmd_init,
    "match": cmd_match,
    "private": cmd_private,
}
