"""``import-survey``: a Microsoft Forms or Google Forms export -> the contract's response CSV.

Forms exports name columns by the question's text, give answers as their
labels ("Agree", "Yes") and write dates the way the form's locale does. This
turns one into ``content/surveys/responses/<year>/<survey>.csv`` — pseudonym,
school id, ISO date, answer codes — or into a list of problems, one per
offending row, numbered as the spreadsheet numbers them (the header is row 1).

All or nothing: a single problem and nothing is written. No row is dropped
quietly; columns the survey does not ask (a form's Name or Email, which must
never reach the content) are left out on purpose and listed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from mentorkit.files import write_atomically
from mentorkit.load.content import Site
from mentorkit.model import PSEUDONYM_PATTERN, Survey
from mentorkit.problems import Problem

#: Columns Forms adds that are not answers. Name and email are personal data and are never copied.
METADATA = {
    "id",
    "start time",
    "completion time",
    "last modified time",
    "email",
    "name",
    "email address",
    "timestamp",
    "total points",
    "quiz feedback",
    "score",
    "response id",
    "points",
}
MENTEE_HEADERS = {"mentee", "pseudonym", "mentee pseudonym", "mentee code", "student code", "your code", "code"}
SCHOOL_HEADERS = {"school", "school id", "your school"}
DATE_HEADERS = {"submitted", "completion time", "timestamp", "date", "submitted at"}

_PSEUDONYM = re.compile(PSEUDONYM_PATTERN)


def normalise(text: str) -> str:
    """Header or label text compared the way a person reads it: case, spaces, quotes and end punctuation ignored."""
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u00a0", " ")
    )
    return " ".join(text.split()).strip(" ?.:*").casefold()


@dataclass
class Mapping:
    mentee: int | None = None
    school: int | None = None
    submitted: int | None = None
    response_id: int | None = None
    questions: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def map_columns(headers: list[str], survey: Survey, rel: str) -> tuple[Mapping, list[Problem]]:
    mapping, problems = Mapping(), []
    by_text = {normalise(q.text): q.id for q in survey.questions}
    by_id = {q.id: q.id for q in survey.questions}
    for index, header in enumerate(headers):
        key = normalise(header)
        question = by_id.get(header.strip()) or by_text.get(key)
        if question:
            if question in mapping.questions:
                problems.append(
                    Problem(
                        rel,
                        1,
                        index + 1,
                        header,
                        "duplicate-column",
                        f'"{header}" answers question "{question}" a second time',
                        "keep one column per question",
                    )
                )
            mapping.questions[question] = index
        elif key in MENTEE_HEADERS and mapping.mentee is None:
            mapping.mentee = index
        elif key in SCHOOL_HEADERS and mapping.school is None:
            mapping.school = index
        elif key in DATE_HEADERS and (mapping.submitted is None or key == "completion time"):
            mapping.submitted = index
        elif key in ("id", "response id"):
            mapping.response_id = index
        elif key in METADATA:
            mapping.ignored.append(header)
        else:
            problems.append(
                Problem(
                    rel,
                    1,
                    index + 1,
                    header,
                    "unknown-column",
                    f'the column "{header}" is not a question of the survey "{survey.title}"',
                    "rename it to a question's id or its exact text, or delete the column from the export",
                )
            )
    if mapping.mentee is None:
        problems.append(
            Problem(
                rel,
                1,
                None,
                "",
                "missing-column",
                "no column holds the mentee's pseudonym",
                'name it "mentee" (or "pseudonym")',
            )
        )
    if mapping.submitted is None:
        problems.append(
            Problem(
                rel,
                1,
                None,
                "",
                "missing-column",
                "no column holds the date of the answers",
                'name it "submitted" (Forms call it "Completion time" or "Timestamp")',
            )
        )
    for asked in survey.questions:
        if asked.id not in mapping.questions:
            problems.append(
                Problem(
                    rel,
                    1,
                    None,
                    asked.id,
                    "missing-column",
                    f'no column for the question "{asked.text}"',
                    f'name the column "{asked.id}" or give it the question\'s exact text; add an empty column if the '
                    "form did not ask it",
                )
            )
    return mapping, problems


# ---------------------------------------------------------------- dates

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:\s.*)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?:[\s,].*)?$")


def parse_date(text: str, order: str | None) -> dt.date | str:
    """A date from a Forms export, or the reason it cannot be read.

    ISO (2024-03-12, 2024-03-12T10:41:12Z), Google's 2024/03/12 10:41:12 am GMT, and
    day/month/year or month/day/year with any time after it; ``order`` ("dmy"/"mdy")
    says which of the last two a file uses.
    """
    text = text.strip()
    try:
        if match := _ISO.match(text) or _YMD_SLASH.match(text):
            year, month, day = (int(x) for x in match.groups())
            return dt.date(year, month, day)
        if match := _SLASHED.match(text):
            first, second, year = (int(x) for x in match.groups())
            year += 2000 if year < 100 else 0
            if order is None:
                return "ambiguous"
            day, month = (first, second) if order == "dmy" else (second, first)
            return dt.date(year, month, day)
    except ValueError:
        return "no such day"
    return "unreadable"


def date_order(values: list[str]) -> str | None:
    """dmy or mdy, when some date in the file settles it (a first part over 12, or a second)."""
    orders = set()
    for value in values:
        if match := _SLASHED.match(value.strip()):
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                orders.add("dmy")
            elif second > 12 >= first:
                orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None


# ---------------------------------------------------------------- rows


def convert(
    site: Site, text: str, rel: str, survey_id: str, year: str, order: str | None = None
) -> tuple[str | None, list[Problem]]:
    """The response CSV for ``text`` (an export), or every problem in it."""
    survey = site.surveys.get(survey_id)
    if survey is None:
        return None, [
            Problem(
                rel,
                None,
                None,
                "",
                "unknown-survey",
                f'there is no survey "{survey_id}"',
                "use the id of a file in content/surveys/",
            )
        ]
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not records:
        return None, [
            Problem(rel, None, None, "", "empty-export", "the export is empty", "download the responses again")
        ]
    mapping, problems = map_columns(records[0], survey, rel)
    if problems:
        return None, problems
    assert mapping.mentee is not None and mapping.submitted is not None
    roster = {m.id: c.school for _, c in site.cohorts_in(year) for m in c.mentees}
    schools = {s: s for s in site.schools} | {normalise(school.name): s for s, school in site.schools.items()}
    order = order or date_order([r[mapping.submitted] for r in records[1:] if len(r) > mapping.submitted])
    start, end = dt.date(int(year[:4]), 9, 1), dt.date(int(year[:4]) + 1, 8, 31)
    seen: dict[str, int] = {}
    out_rows = []
    for number, record in enumerate(records[1:], start=2):
        row_problems: list[Problem] = []

        def problem(
            column: int | None,
            name: str,
            code: str,
            message: str,
            hint: str = "",
            record: list[str] = record,  # bound now: the helper belongs to this row
            number: int = number,
            row_problems: list[Problem] = row_problems,
        ) -> None:
            where = (
                f" (response {record[mapping.response_id]})"
                if mapping.response_id is not None and mapping.response_id < len(record)
                else ""
            )
            row_problems.append(
                Problem(rel, number, column + 1 if column is not None else None, name, code, message + where, hint)
            )

        if not any(cell.strip() for cell in record):
            problem(None, "", "blank-row", "the row is empty", "delete it from the export")
            problems += row_problems
            continue
        cells = record + [""] * (len(records[0]) - len(record))
        mentee = cells[mapping.mentee].strip().upper()
        if not mentee:
            problem(
                mapping.mentee,
                "mentee",
                "missing-value",
                "has no pseudonym",
                "fill it in from the cohort file, or delete the row",
            )
        elif not _PSEUDONYM.match(mentee):
            problem(
                mapping.mentee,
                "mentee",
                "invalid-pseudonym",
                f'"{cells[mapping.mentee].strip()}" is not a pseudonym',
                "use the mentee's pseudonym from the cohort file, never a name",
            )
        elif mentee not in roster:
            problem(
                mapping.mentee,
                "mentee",
                "unknown-mentee",
                f'"{mentee}" is in no cohort of {year}',
                "check the code against content/cohorts/" + year,
            )
        elif mentee in seen:
            problem(
                mapping.mentee,
                "mentee",
                "duplicate-row",
                f'"{mentee}" also answered in row {seen[mentee]}',
                "keep one row per mentee: delete the one that is not wanted",
            )
        if mentee and mentee not in seen:
            seen[mentee] = number
        school = roster.get(mentee, "")
        if mapping.school is not None:
            given = cells[mapping.school].strip()
            found = schools.get(given) or schools.get(normalise(given))
            if not found:
                problem(
                    mapping.school,
                    "school",
                    "unknown-school",
                    f'"{given}" is not a school of the programme',
                    "use the school's id or its name as in content/schools/",
                )
            elif school and found != school:
                problem(
                    mapping.school,
                    "school",
                    "wrong-school",
                    f'"{mentee}" is in the cohort of {found_name(site, school)}, not {found_name(site, found)}',
                    "correct the school or the pseudonym",
                )
            school = found or school
        raw_date = cells[mapping.submitted].strip()
        day = parse_date(raw_date, order)
        if day == "ambiguous":
            problem(
                mapping.submitted,
                "submitted",
                "ambiguous-date",
                f'"{raw_date}" could be day/month or month/day',
                "run again with --date-order dmy (UK) or --date-order mdy (US)",
            )
        elif isinstance(day, str):
            problem(
                mapping.submitted,
                "submitted",
                "invalid-date",
                f'"{raw_date}" is not a date ({day})',
                "write YYYY-MM-DD",
            )
        elif not start <= day <= end:
            problem(
                mapping.submitted,
                "submitted",
                "date-outside-year",
                f"{day.isoformat()} is outside the academic year {year}",
                "check --year, or the date order (--date-order)",
            )
        answers = []
        for question in survey.questions:
            column = mapping.questions[question.id]
            value, message = _answer(survey, question.id, cells[column])
            if message:
                problem(column, question.id, "invalid-answer", message, _allowed(survey, question.id))
            answers.append(value)
        problems += row_problems
        if not row_problems:
            assert isinstance(day, dt.date)
            out_rows.append([mentee, school, day.isoformat(), *answers])
    if problems:
        return None, problems
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["mentee", "school", "submitted", *(q.id for q in survey.questions)])
    writer.writerows(out_rows)
    return buffer.getvalue(), []


def found_name(site: Site, school: str) -> str:
    return site.schools[school].name if school in site.schools else school


def _answer(survey: Survey, question_id: str, raw: str) -> tuple[str, str]:
    """(the contract's value, a message if the answer is not allowed)."""
    question = next(q for q in survey.questions if q.id == question_id)
    value = raw.strip()
    if not value or question.kind == "text":
        return value, ""
    if question.kind == "yes_no":
        if normalise(value) in ("yes", "no"):
            return normalise(value), ""
        return "", f'"{value}" is not yes or no'
    assert survey.scale is not None
    labels = [normalise(label) for label in survey.scale.labels]
    if normalise(value) in labels:
        return str(labels.index(normalise(value)) + 1), ""
    if value.isdigit() and 1 <= int(value) <= len(labels):
        return value, ""
    return "", f'"{value}" is not on the scale'


def _allowed(survey: Survey, question_id: str) -> str:
    question = next(q for q in survey.questions if q.id == question_id)
    if question.kind == "yes_no":
        return "answer Yes or No, or leave it blank"
    assert survey.scale is not None
    return (
        "answer one of: " + ", ".join(survey.scale.labels) + f" (or 1 to {len(survey.scale.labels)}), or leave it blank"
    )


def read_export(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    data = path.read_bytes() if path.is_file() else None
    if data is None:
        return None, [
            Problem(
                rel, None, None, "", "missing-file", "there is no such file", "give the path of the CSV you downloaded"
            )
        ]
    # Excel's "Unicode text" is UTF-16 with a byte order mark; everything else should be UTF-8.
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",)
    for encoding in encodings:
        try:
            return data.decode(encoding), []
        except UnicodeError:
            continue
    return None, [
        Problem(
            rel,
            None,
            None,
            "",
            "unreadable-table",
            "the file is not UTF-8 text",
            'save it from Excel as "CSV UTF-8 (comma delimited)"',
        )
    ]


def run(
    root: Path, export: Path, survey_id: str, year: str, order: str | None = None, replace: bool = False
) -> tuple[Path | None, list[Problem]]:
    """Check the content, convert the export and write the response file; nothing is written on any problem."""
    from mentorkit.build.pipeline import check
    from mentorkit.load.tables import response_schema, validate_table
    from mentorkit.model.base import ACADEMIC_YEAR_PATTERN
    from mentorkit.problems import errors

    rel = str(export)
    if not re.match(ACADEMIC_YEAR_PATTERN, year):
        return None, [
            Problem(
                rel,
                None,
                None,
                "",
                "bad-year",
                f'"{year}" is not an academic year',
                "write it as YYYY-YY, e.g. 2024-25",
            )
        ]
    site, content_problems = check(root)
    if errors(content_problems):
        return None, [
            Problem(
                rel,
                None,
                None,
                "",
                "content-errors",
                "the content has errors, so pseudonyms and schools cannot be checked",
                "run: python build.py check",
            ),
            *errors(content_problems),
        ]
    target = root / "content" / "surveys" / "responses" / year / f"{survey_id}.csv"
    if target.exists() and not replace:
        return None, [
            Problem(
                rel,
                None,
                None,
                "",
                "file-exists",
                f"{target.relative_to(root)} already exists",
                "pass --replace to overwrite it",
            )
        ]
    text, problems = read_export(export, rel)
    if text is None:
        return None, problems
    converted, problems = convert(site, text, rel, survey_id, year, order)
    if converted is None:
        return None, problems
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, converted)
    # The result must pass the contract's own check; if it does not, that is a bug here: undo.
    survey = site.surveys[survey_id]
    late = validate_table(root, target.relative_to(root).as_posix(), response_schema(survey))
    if late:
        target.unlink()
        return None, late
    return target, []
