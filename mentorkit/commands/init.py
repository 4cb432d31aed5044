"""``mentorkit init DIR``: a new programme's repository, valid and publishable from the first commit.

    mentorkit init future-steps --name "Future Steps" --year-groups 10 --sessions 3 --session-minutes 45

Writes the programme (``content/programme.yaml``), a session plan for each of
its sessions (the first a worked example, the rest outlines of the right
length), two handbook chapters (mentors' welcome; staff: editing and
publishing), and no people. Beside them: the site's README, a minimal
``mkdocs.yml`` (mentorkit fills in the rest), GitHub Actions workflows that
check, publish and attach reports for *this* site with a pinned mentorkit,
editor settings, a pre-commit hook and ``.gitignore``.

Every answer is a flag; a missing one is asked for when someone is typing
(stdin is a terminal), else its default is used. A folder that already holds
anything is refused before a file is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jinja2

from mentorkit import __version__
from mentorkit.build.pipeline import check
from mentorkit.build.schemas import write_schemas
from mentorkit.commands import starter
from mentorkit.commands.new import academic_year
from mentorkit.model.base import ACADEMIC_YEAR_PATTERN, EMAIL_PATTERN
from mentorkit.model.kinds import KINDS
from mentorkit.problems import MentorkitError, Problem, errors

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "init"

#: Third-party actions, pinned to the commit of a release (a tag can be moved; a commit cannot).
ACTIONS = {
    "checkout": "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1",
    "setup_python": "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97  # v7.0.0",
    "upload_artifact": "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f  # v7.0.0",
    "upload_pages_artifact": "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9  # v5.0.0",
    "deploy_pages": "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128  # v5.0.0",
    # As this repository's own check workflow pins it; only the check workflow uses it.
    "cache": "actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830  # v4.3.0",
}
#: What WeasyPrint needs on the runner for the PDFs (as scripts/setup installs here).
APT_PACKAGES = "fonts-dejavu-core fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
GITHUB_REPO = re.compile(r"^https://github\.com/(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$")


@dataclass
class Answers:
    name: str
    organisation: str = "Your organisation"
    year_groups: list[int] | None = None
    sessions: int = 4
    session_minutes: int = 60
    months: int = 6
    contact_email: str = "mentoring@example.org"
    academic_year: str = ""
    repo_url: str | None = None
    #: What the workflows and README install: a pinned release, or any pip requirement that reaches one.
    mentorkit: str = ""

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "programme"

    @property
    def preview_url(self) -> str:
        """Where ``mentorkit serve`` shows the site: the generator serves under the site address's path."""
        path = "/" + (self.site_url or "/").split("://", 1)[-1].partition("/")[2]
        return f"http://127.0.0.1:8000{path}"

    @property
    def site_url(self) -> str | None:
        """GitHub Pages' address for the repository (a project site)."""
        match = GITHUB_REPO.match(self.repo_url or "")
        if not match:
            return None
        owner, repo = match["owner"].lower(), match["repo"]
        return (
            f"https://{owner}.github.io/"
            if repo.lower() == f"{owner}.github.io"
            else f"https://{owner}.github.io/{repo}/"
        )


# --- the questions: flag, question, parse (raises ValueError with what is wrong) -------


def _year_groups(text: str) -> list[int]:
    parts = [part for part in re.split(r"[,\s]+", text.strip()) if part]
    if not parts or not all(part.isdigit() and 1 <= int(part) <= 13 for part in parts):
        raise ValueError("write school years 1 to 13, separated by commas, e.g. 10 or 9,10")
    return [int(part) for part in parts]


def _count(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text) if text.strip().isdigit() else -1
        if not low <= value <= high:
            raise ValueError(f"write a whole number from {low} to {high}")
        return value

    return parse


def _pattern(pattern: str, example: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not re.match(pattern, text.strip()):
            raise ValueError(f"write it like {example}")
        return text.strip()

    return parse


def _name(text: str) -> str:
    if not text.strip():
        raise ValueError("the programme needs a name, e.g. Future Steps")
    return " ".join(text.split())


QUESTIONS: tuple[tuple[str, str, Callable[[str], Any]], ...] = (
    ("name", "Programme name (e.g. Future Steps)", _name),
    ("organisation", "Organisation that runs it", _name),
    ("year_groups", "School year group(s) of the mentees, e.g. 10 or 9,10", _year_groups),
    ("sessions", "Number of sessions per cohort", _count(1, 50)),
    ("session_minutes", "Length of a session, in minutes", _count(15, 480)),
    ("months", "Months a cohort runs", _count(1, 24)),
    ("contact_email", "Public contact email", _pattern(EMAIL_PATTERN, "mentoring@your-organisation.org")),
    ("academic_year", "The current academic year", _pattern(ACADEMIC_YEAR_PATTERN, "2025-26")),
    (
        "repo_url",
        "GitHub repository address (blank: add it later)",
        _pattern(GITHUB_REPO.pattern, "https://github.com/OWNER/REPOSITORY"),
    ),
)


def answers(args: argparse.Namespace, today: dt.date, ask: Callable[[str], str] | None) -> Answers:
    """The flags, with a question for each missing one when ``ask`` is given (a terminal)."""
    defaults = asdict(Answers(name=""))
    defaults.update(year_groups="8", academic_year=academic_year(today), repo_url="")
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, question, parse in QUESTIONS:
        flag = getattr(args, key, None)
        if isinstance(flag, list):
            flag = ",".join(flag)
        if flag is not None:
            try:
                values[key] = parse(str(flag))
            except ValueError as exc:
                problems.append(_flag_problem(key, str(flag), str(exc)))
        elif ask is not None:
            answer = _ask(question, parse, str(defaults[key]), ask, required=key == "name")
            if answer is not None:
                values[key] = answer
    if "name" not in values and not any(p.field == "--name" for p in problems):
        problems.append(_flag_problem("name", "", 'the programme needs a name, e.g. --name "Future Steps"'))
    if problems:
        raise MentorkitError("nothing was written", problems)
    if getattr(args, "mentorkit", None):
        values["mentorkit"] = args.mentorkit
    values.setdefault("year_groups", [8])
    values.setdefault("academic_year", academic_year(today))
    return Answers(**values)


def _ask(question: str, parse: Callable[[str], Any], default: str, ask: Callable[[str], str], required: bool) -> Any:
    """One question, asked again until the answer fits; Enter takes the default (None: none given)."""
    while True:
        try:
            typed = ask(question + (f" [{default}]" if default else "") + ": ").strip() or default
        except EOFError:  # the input ended: what was given so far stands
            return None
        if not typed and not required:
            return None
        try:
            return parse(typed)
        except ValueError as exc:
            print(f"  {exc}", file=sys.stderr)


def _flag_problem(key: str, given: str, message: str) -> Problem:
    flag = "--" + key.replace("_", "-")
    shown = f'"{given}" is not valid: ' if given else ""
    return Problem(
        "command line", None, None, flag, "init-answer", f"{shown}{message}", "mentorkit init --help lists every answer"
    )


# --- writing the site ------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    # Brackets, not braces: the workflows are full of GitHub's own ${{ }} and bash's ${#...}.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        variable_start_string="[=",
        variable_end_string="=]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        keep_trailing_newline=True,
        trim_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )


#: Template -> where it goes in the new site (the workflows end in .j2: templates, not workflows to audit).
FILES = {
    "README.md": "README.md",
    "mkdocs.yml": "mkdocs.yml",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "vscode-settings.json": ".vscode/settings.json",
    "workflows/check.yml.j2": ".github/workflows/check.yml",
    "workflows/publish.yml.j2": ".github/workflows/publish.yml",
    "workflows/reports.yml.j2": ".github/workflows/reports.yml",
    "dependabot.yml": ".github/dependabot.yml",
    "pyproject.toml": "pyproject.toml",
    "build.py": "build.py",
    "site_overrides/assets/site.css": "site_overrides/assets/site.css",
    "tests/test_site.py": "tests/test_site.py",
    "guides/welcome.md": "content/guides/01-welcome.md",
    "guides/staff.md": "content/guides/02-editing-and-publishing.md",
}


def package_spec() -> str:
    """The pinned release the new site's workflows install."""
    return f"mentorkit=={__version__}"


def files(a: Answers) -> dict[str, str]:
    """Every file of the new site, by path, as text."""
    env = _environment()
    context = {
        "a": a,
        "package": a.mentorkit or package_spec(),
        "actions": ACTIONS,
        "apt_packages": APT_PACKAGES,
        "staff_chapter": Path(FILES["guides/staff.md"]).name,
        "kinds": [{"name": k.name, "glob": f"**/{k.folder}/{k.pattern}"} for k in KINDS if not k.front_matter],
    }
    out = {target: env.get_template(template).render(context) for template, target in FILES.items()}
    out.update(starter.content(a))
    return out


def refuse_non_empty(target: Path) -> None:
    # A fresh clone of an empty repository holds only .git: that is still an empty folder to write into.
    if target.exists() and (not target.is_dir() or any(p.name != ".git" for p in target.iterdir())):
        what = "is a file" if not target.is_dir() else "is not empty"
        raise MentorkitError(
            f"{target} {what}: nothing was written",
            [
                Problem.whole_file(
                    str(target),
                    "init-not-empty",
                    f"{what}; init only writes into a new or empty folder, so it never overwrites anything",
                    "choose a new folder name, e.g. mentorkit init my-programme",
                )
            ],
        )


def init(target: Path, a: Answers) -> tuple[list[Path], list[Problem]]:
    """Write the site into ``target`` (new or empty); returns the files and what ``check`` says of them."""
    refuse_non_empty(target)
    written = []
    for rel, text in files(a).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    site, problems = check(target)
    if not errors(problems):
        written += write_schemas(target / "schema", site)  # what .vscode/settings.json points the editor at
    return written, problems


def command(args: argparse.Namespace) -> int:
    ask = input if sys.stdin.isatty() else None
    target = Path(args.directory)
    refuse_non_empty(target)  # before any question: no answers typed for nothing
    a = answers(args, dt.date.today(), ask)
    written, problems = init(target, a)
    print(f"wrote {len(written)} files into {target}", file=sys.stderr)
    if problems:
        raise MentorkitError("the new site has problems (a bug in mentorkit: please report it)", problems)
    print(_next_steps(target, a), file=sys.stderr)
    return 0


def _next_steps(target: Path, a: Answers) -> str:
    placeholders = [
        f"  - {what}"
        for what, unset in (
            ("the organisation's name (content/programme.yaml)", a.organisation == "Your organisation"),
            ("the contact email (content/programme.yaml)", a.contact_email.endswith("@example.org")),
            ("the repository's address (mkdocs.yml repo_url)", not a.repo_url),
        )
        if unset
    ]
    lines = [
        "checked: no problems. Next:",
        f"  cd {target}",
        f"  mentorkit serve            # the site at {a.preview_url}",
        "  then publish it: README.md, 'Publish it on GitHub Pages'",
    ]
    if placeholders:
        lines += ["Still placeholders, to replace:", *placeholders]
    return "\n".join(lines)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("directory", metavar="DIR", help="the new site's folder (new, or empty)")
    p.add_argument("--name", help='the programme\'s name, e.g. "Future Steps" (asked for if missing)')
    p.add_argument("--organisation", help="who runs it, e.g. a trust, council or charity")
    # nargs: "--year-groups 12 13" is as natural to type as "12,13"; the question's parser splits either.
    p.add_argument(
        "--year-groups",
        nargs="+",
        type=str,
        help="mentees' school year group(s), e.g. 10 or 9,10 or 9 10 (default 8)",
    )
    p.add_argument("--sessions", help="sessions per cohort (default 4)")
    p.add_argument("--session-minutes", help="length of a session in minutes (default 60)")
    p.add_argument("--months", help="months a cohort runs (default 6)")
    p.add_argument("--contact-email", help="the programme's public contact email")
    p.add_argument("--academic-year", help="the current academic year, e.g. 2025-26 (default: from today's date)")
    p.add_argument("--repo-url", help="the GitHub repository, e.g. https://github.com/OWNER/REPOSITORY")
    p.add_argument(
        "--mentorkit",
        metavar="REQUIREMENT",
        help=f"what the site's workflows install (default {package_spec()}), "
        'e.g. "mentorkit @ git+https://github.com/OWNER/mentorkit@v0.1.0"',
    )
