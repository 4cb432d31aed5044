"""``import-survey``: a Microsoft Forms or Google Forms download -> the contract's response CSV.

Forms downloads ``.xlsx`` (Google: CSV), names columns by the question's text, gives
answers as their labels ("Agree", "Yes") and writes dates the way the form's locale
does. This turns one into ``content/surveys/responses/<year>/<survey>.csv``
(pseudonym, school id, ISO date, answer codes), or into a list of problems, one per
offending row, numbered as the spreadsheet numbers them (the header is row 1); a date
order that cannot be told is one problem for its column, not one per row.

All or nothing: a single problem and nothing is written. No row is dropped quietly;
columns the survey does not ask (a form's Name or Email, which must never reach the
content) are left out on purpose. The survey is found from the download's columns
(``--survey`` when two surveys ask the same questions and the file name does not
settle it), the columns as ``survey_columns`` says; after the first import the
survey's YAML keeps the headers (its ``import`` block), so the next year's download
needs only ``--year``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from mentorkit.commands.survey_columns import (
    Mapping,
    form_title,
    import_block,
    map_columns,
    question_headers,
    write_import_block,
)
from mentorkit.commands.survey_export import Records, date_order, normalise, parse_date, read_export
from mentorkit.files import write_atomically
from mentorkit.load.content import Site
from mentorkit.model import PSEUDONYM_PATTERN, Survey
from mentorkit.problems import Problem

__all__ = ["convert", "parse_date", "read_export", "run"]

_PSEUDONYM = re.compile(PSEUDONYM_PATTERN)


@dataclass
class Converted:
    """A successful conversion: the CSV text, the column mapping and what to tell the user."""

    text: str
    mapping: Mapping
    notes: list[str] = field(default_factory=list)


# --- which survey ------------------------------------------------------------------------


def choose_survey(site: Site, headers: list[str], export: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """The survey whose every question has a column here; most questions, then the file name, break ties."""
    keys = {normalise(h) for h in headers} | {h.strip() for h in headers}
    complete = []
    for key, survey in site.surveys.items():
        known = question_headers(survey)
        ids = {known[k] for k in keys if k in known}
        if all(q.id in ids for q in survey.questions):
            complete.append((len(survey.questions), key))
    best = [key for size, key in complete if size == max((s for s, _ in complete), default=0)]
    if len(best) > 1:
        title = normalise(form_title(export) or export.stem)
        named = [
            k
            for k in best
            if title and title in {normalise(site.surveys[k].title), normalise(_saved_form(site.surveys[k]))}
        ]
        best = named or best
    if len(best) == 1:
        return best[0], []
    which = ", ".join(best) if best else "none"
    return None, [
        Problem(
            rel,
            1,
            None,
            "",
            "which-survey",
            f"cannot tell which survey this download answers (surveys whose questions all have a column: {which})",
            "give --survey ID (the survey's file name in content/surveys/)",
        )
    ]


def _saved_form(survey: Survey) -> str:
    return survey.import_.form if survey.import_ else ""


# --- rows --------------------------------------------------------------------------------


@dataclass
class _Rows:
    """What the rows are checked against, and what they gave."""

    site: Site
    survey: Survey
    rel: str
    year: str
    mapping: Mapping
    roster: dict[str, str]
    schools: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)

    def problem(self, number: int, record: list[str], column: int | None, name: str, code: str, msg: str, hint: str):
        rid = self.mapping.response_id
        where = f" (response {record[rid]})" if rid is not None and rid < len(record) else ""
        column_number = column + 1 if column is not None else None
        self.problems.append(Problem(self.rel, number, column_number, name, code, msg + where, hint))


def _mentee(rows: _Rows, number: int, cells: list[str]) -> str:
    column = rows.mapping.mentee
    assert column is not None
    raw = cells[column].strip()
    mentee = raw.upper()
    if not mentee:
        rows.problem(
            number, cells, column, "mentee", "missing-value", "has no pseudonym", "fill it in from the cohort file"
        )
    elif not _PSEUDONYM.match(mentee):
        hint = "use the mentee's pseudonym from the cohort file, never a name"
        rows.problem(number, cells, column, "mentee", "invalid-pseudonym", f'"{raw}" is not a pseudonym', hint)
    elif mentee not in rows.roster:
        hint = "check the code against content/cohorts/" + rows.year
        rows.problem(
            number, cells, column, "mentee", "unknown-mentee", f'"{mentee}" is in no cohort of {rows.year}', hint
        )
    elif mentee in rows.seen:
        msg, hint = f'"{mentee}" also answered in row {rows.seen[mentee]}', "keep one row per mentee: delete the other"
        rows.problem(number, cells, column, "mentee", "duplicate-row", msg, hint)
    if mentee and mentee not in rows.seen:
        rows.seen[mentee] = number
    return mentee


def _school(rows: _Rows, number: int, cells: list[str], mentee: str) -> str:
    school = rows.roster.get(mentee, "")
    column = rows.mapping.school
    if column is None:
        return school
    given = cells[column].strip()
    found = rows.schools.get(given) or rows.schools.get(normalise(given))
    if not found:
        msg, hint = (
            f'"{given}" is not a school of the programme',
            "use the school's id or its name as in content/schools/",
        )
        rows.problem(number, cells, column, "school", "unknown-school", msg, hint)
    elif school and found != school:
        msg = f'"{mentee}" is in the cohort of {found_name(rows.site, school)}, not {found_name(rows.site, found)}'
        rows.problem(number, cells, column, "school", "wrong-school", msg, "correct the school or the pseudonym")
    return found or school


def _answers(rows: _Rows, number: int, cells: list[str]) -> list[str]:
    answers = []
    for question in rows.survey.questions:
        column = rows.mapping.questions[question.id]
        value, message = _answer(rows.survey, question.id, cells[column])
        if message:
            rows.problem(
                number, cells, column, question.id, "invalid-answer", message, _allowed(rows.survey, question.id)
            )
        answers.append(value)
    return answers


def _dates(rows: _Rows, records: Records, order: str | None) -> dict[int, dt.date]:
    """Each row's date. Dates whose order cannot be told are one problem for the column."""
    column = rows.mapping.submitted
    assert column is not None
    texts = {n: (r[column].strip() if column < len(r) else "") for n, r in enumerate(records[1:], start=2)}
    order = order or date_order(list(texts.values()))
    start, end = dt.date(int(rows.year[:4]), 9, 1), dt.date(int(rows.year[:4]) + 1, 8, 31)
    out, ambiguous = {}, []
    for number, raw in texts.items():
        day = parse_date(raw, order)
        if day == "ambiguous":
            ambiguous.append(number)
        elif isinstance(day, str):
            rows.problem(
                number, [], column, "submitted", "invalid-date", f'"{raw}" is not a date ({day})', "write YYYY-MM-DD"
            )
        elif not start <= day <= end:
            msg = f"{day.isoformat()} is outside the academic year {rows.year}"
            rows.problem(number, [], column, "submitted", "date-outside-year", msg, "check --year, or --date-order")
        else:
            out[number] = day
    if ambiguous:
        header, first = records[0][column], texts[ambiguous[0]]
        rows.problems.append(
            Problem(
                rows.rel,
                ambiguous[0],
                column + 1,
                "submitted",
                "ambiguous-date",
                f'the {len(ambiguous)} dates in "{header}" (rows {_spans(ambiguous)}), such as "{first}", could be '
                "day/month or month/day, and none settles it",
                "run again with --date-order dmy (UK) or --date-order mdy (US)",
            )
        )
    return out


def _spans(numbers: list[int]) -> str:
    """2, 3, 4, 7 -> "2-4, 7"."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    return ", ".join(f"{s[0]}-{s[-1]}" if len(s) > 1 else str(s[0]) for s in spans)


def _convert_rows(rows: _Rows, records: Records, order: str | None) -> list[list[str]]:
    dates = _dates(rows, records, order)
    out = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            rows.problem(number, record, None, "", "blank-row", "the row is empty", "delete it from the export")
            continue
        before = len(rows.problems)
        cells = record + [""] * (len(records[0]) - len(record))
        mentee = _mentee(rows, number, cells)
        school = _school(rows, number, cells, mentee)
        answers = _answers(rows, number, cells)
        if len(rows.problems) == before and number in dates:
            out.append([mentee, school, dates[number].isoformat(), *answers])
    return out


def convert(
    site: Site, records: Records, rel: str, survey_id: str, year: str, order: str | None = None
) -> tuple[Converted | None, list[Problem]]:
    """The response CSV for a download's rows, or every problem in it."""
    survey = site.surveys.get(survey_id)
    if survey is None:
        hint = "use the id of a file in content/surveys/: " + ", ".join(sorted(site.surveys))
        return None, [Problem.whole_file(rel, "unknown-survey", f'there is no survey "{survey_id}"', hint)]
    if not records:
        return None, [Problem.whole_file(rel, "empty-export", "the export is empty", "download the responses again")]
    roster = {m.id: c.school for _, c in site.cohorts_in(year) for m in c.mentees}
    schools = {s: s for s in site.schools} | {normalise(school.name): s for s, school in site.schools.items()}
    mapping, problems = map_columns(records, survey, rel, set(roster), schools)
    if problems:
        return None, problems
    rows = _Rows(site, survey, rel, year, mapping, roster, schools)
    out_rows = _convert_rows(rows, records, order)
    if rows.problems:
        return None, sorted(rows.problems, key=lambda p: (p.line or 0, p.column or 0))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["mentee", "school", "submitted", *(q.id for q in survey.questions)])
    writer.writerows(out_rows)
    notes = [f"{role}: column {text}" for role, text in mapping.how.items()]
    return Converted(buffer.getvalue(), mapping, notes), []


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
    labels = ", ".join(survey.scale.labels)
    return f"answer one of: {labels} (or 1 to {len(survey.scale.labels)}), or leave it blank"


# --- the command -------------------------------------------------------------------------


def _one(rel: str, code: str, message: str, hint: str) -> list[Problem]:
    return [Problem.whole_file(rel, code, message, hint)]


def _content(root: Path, rel: str, year: str) -> tuple[Site | None, list[Problem]]:
    """The checked content, or why the import cannot start."""
    from mentorkit.build.pipeline import check
    from mentorkit.model.base import ACADEMIC_YEAR_PATTERN
    from mentorkit.problems import errors

    if not re.match(ACADEMIC_YEAR_PATTERN, year):
        return None, _one(rel, "bad-year", f'"{year}" is not an academic year', "write it as YYYY-YY, e.g. 2024-25")
    site, content_problems = check(root)
    if errors(content_problems):
        message = "the content has errors, so pseudonyms and schools cannot be checked"
        return None, _one(rel, "content-errors", message, "run: python build.py check") + errors(content_problems)
    return site, []


def run(
    root: Path,
    export: Path,
    survey_id: str | None,
    year: str,
    order: str | None = None,
    replace: bool = False,
    notes: list[str] | None = None,
) -> tuple[Path | None, list[Problem]]:
    """Check the content, convert the download and write the response file; nothing is written on any problem.

    ``notes`` receives how each column was found, and whether the survey's import block was saved.
    """
    from mentorkit.load.tables import response_schema, validate_table

    rel = str(export)
    site, problems = _content(root, rel, year)
    if site is None:
        return None, problems
    records, problems = read_export(export, rel)
    if records is None:
        return None, problems
    if survey_id is None:
        survey_id, problems = choose_survey(site, records[0] if records else [], export, rel)
        if survey_id is None:
            return None, problems
    target = root / "content" / "surveys" / "responses" / year / f"{survey_id}.csv"
    if target.exists() and not replace:
        return None, _one(
            rel, "file-exists", f"{target.relative_to(root)} already exists", "pass --replace to overwrite it"
        )
    converted, problems = convert(site, records, rel, survey_id, year, order)
    if converted is None:
        return None, problems
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = target.read_bytes() if target.exists() else None
    write_atomically(target, converted.text)
    # The result must pass the contract's own check; if it does not, that is a bug here: undo,
    # putting back the answers --replace was about to replace rather than losing them.
    survey = site.surveys[survey_id]
    late = validate_table(root, target.relative_to(root).as_posix(), response_schema(survey))
    if late:
        if previous is None:
            target.unlink()
        else:
            target.write_bytes(previous)
        return None, late
    said = notes if notes is not None else []
    said.append(f"survey: {survey_id} ({survey.title})")
    said += converted.notes
    source = site.source("survey", survey_id)
    if write_import_block(source.path, import_block(records, survey, converted.mapping, form_title(export))):
        said.append(f"saved these columns' headers as the import block of {source.rel}: commit it with the answers")
    return target, []
