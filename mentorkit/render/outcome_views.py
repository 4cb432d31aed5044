"""The outcome and delivery tables as displays: per outcome, side by side, before/after, by school, by year.

Each reads the disclosure-controlled tables ``stats.compute`` returns and only
formats their cells; none computes a figure of its own.
"""

from __future__ import annotations

from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.render.display import Display, columns_by_name, interval, share_with_n, show, value_of
from mentorkit.stats.breakdowns import PROGRAMME, SCHOOL
from mentorkit.stats.disclosure import Cell, PublishedTable
from mentorkit.stats.memo import by_identity

RESPONDENTS = {"mentee": "Mentees", "teacher": "Teachers", "mentor": "Mentors", "parent": "Parents"}


def question_rows(figures: dict[str, Any], year: str, level: str = PROGRAMME) -> list[dict[str, Cell]]:
    table = figures["tables"].get("outcomes")
    if table is None:
        return []
    return _rows_by_year_and_level(table).get((year, level), [])


@by_identity()
def _rows_by_year_and_level(table: PublishedTable) -> dict[tuple[Any, Any], list[dict[str, Cell]]]:
    """The outcomes table's rows grouped once, not scanned again for every year and level.

    At national scale the table has 100,000 rows and pages ask for them 70 times.
    """
    index: dict[tuple[Any, Any], list[dict[str, Cell]]] = {}
    for row in table.rows:
        index.setdefault((value_of(row, "academic_year"), value_of(row, "level")), []).append(row)
    return index


def outcome_sections(site: CheckedSite, figures: dict[str, Any], year: str) -> list[dict[str, Any]]:
    """Per programme outcome: a table of its questions (post surveys and pre surveys alike)."""
    table = figures["tables"].get("outcomes")
    rows = question_rows(figures, year)
    if table is None or not rows:
        return []
    texts = {o.id: o.text for o in site.programme.outcomes.short_term}
    sections = []
    for outcome in [*texts, ""]:
        mine = [r for r in rows if value_of(r, "outcome") == outcome]
        if not mine:
            continue
        display = Display(
            ["Question", "Who answered", "When", "Answered positively", "95% interval"], align=["l", "l", "l", "r", "r"]
        )
        for r in mine:
            survey = site.surveys.get(value_of(r, "survey"))
            when = {"pre": "Before", "post": "After", "session": "After a session"}.get(
                survey.timing if survey else "", ""
            )
            display.rows.append(
                [
                    value_of(r, "question_text"),
                    RESPONDENTS.get(value_of(r, "respondent"), ""),
                    when,
                    share_with_n(r, table, "positive_share", "positive", "answered"),
                    interval(r),
                ]
            )
        sections.append({"title": texts.get(outcome, "Other questions"), "table": display})
    return sections


def views_side_by_side(site: CheckedSite, figures: dict[str, Any], year: str) -> Display | None:
    """Mentees' and teachers' answers on the same outcome, side by side (after the programme)."""
    table = figures["tables"].get("outcomes")
    rows = [r for r in question_rows(figures, year) if value_of(r, "outcome")]
    post = [r for r in rows if (s := site.surveys.get(value_of(r, "survey"))) and s.timing == "post"]
    if table is None or {value_of(r, "respondent") for r in post} < {"mentee", "teacher"}:
        return None
    display = Display(["Outcome", "Mentees say", "Teachers say"], align=["l", "r", "r"])
    for outcome in site.programme.outcomes.short_term:
        cells = []
        for respondent in ("mentee", "teacher"):
            mine = [r for r in post if value_of(r, "outcome") == outcome.id and value_of(r, "respondent") == respondent]
            items = [share_with_n(r, table, "positive_share", "positive", "answered") for r in mine]
            if len(mine) > 1:
                items = [f"{value_of(r, 'question_text')} {item}" for r, item in zip(mine, items)]
            cells.append("; ".join(items) if items else "[z]")
        if cells != ["[z]", "[z]"]:
            display.rows.append([outcome.text, *cells])
    return display


def change_display(figures: dict[str, Any], year: str) -> Display | None:
    table = figures["tables"].get("change")
    if table is None:
        return None
    rows = [r for r in table.rows if value_of(r, "academic_year") == year and value_of(r, "level") == PROGRAMME]
    if not rows:
        return None
    cols = columns_by_name(table)
    display = Display(
        ["Question", "Matched (n)", "Improved", "Same", "Worse", "Mean change (scale points)"],
        align=["l", "r", "r", "r", "r", "r"],
    )
    for r in rows:
        display.rows.append(
            [
                value_of(r, "question_text"),
                show(r["matched"], cols["matched"]),
                share_with_n(r, table, "improved_share", "improved", "matched"),
                share_with_n(r, table, "same_share", "same", "matched"),
                share_with_n(r, table, "worse_share", "worse", "matched"),
                show(r["mean_change"], cols["mean_change"]),
            ]
        )
    return display


def participation_display(figures: dict[str, Any], years: list[str], by_school: bool) -> Display | None:
    table = figures["tables"].get("participation")
    if table is None:
        return None
    cols = columns_by_name(table)
    rows = [
        r
        for r in table.rows
        if value_of(r, "academic_year") in years and (by_school or value_of(r, "level") == PROGRAMME)
    ]
    if not rows:
        return None
    first = "School" if by_school else "Year"
    display = Display(
        [first, "Schools", "Mentees", "Mentors", "Sessions delivered", "Attendance"],
        align=["l", "r", "r", "r", "r", "r"],
    )
    for r in rows:
        label = value_of(r, "group") if by_school else value_of(r, "academic_year")
        planned = show(r["sessions_planned"], cols["sessions_planned"])
        delivered = f"{show(r['sessions_delivered'], cols['sessions_delivered'])} of {planned} planned"
        attendance = show(r["attendance"], cols["attendance"])
        if r["attendance"].shown:
            attendance += f" (mentees: {show(r['mentees'], cols['mentees'])})"
        record = value_of(r, "attendance_record") if "attendance_record" in r else ""
        if record == "not recorded":
            attendance = "not recorded"  # never 0%: no attendance list was kept for those sessions
        elif record not in ("", "recorded"):
            attendance += f" ({record})"
        display.rows.append(
            [
                label,
                show(r["schools"], cols["schools"]),
                show(r["mentees"], cols["mentees"]),
                show(r["mentors"], cols["mentors"]),
                delivered,
                attendance,
            ]
        )
    return display


def qualification_display(figures: dict[str, Any], years: list[str] | None) -> Display | None:
    table = figures["tables"].get("qualifications")
    if table is None:
        return None
    cols = columns_by_name(table)
    rows = [r for r in table.rows if years is None or value_of(r, "academic_year") in years]
    if not rows:
        return None
    display = Display(
        ["Year", "Group", "Enrolled", "Achieved", "Withdrawn", "Still studying", "Achievement rate"],
        align=["l", "l", "r", "r", "r", "r", "r"],
    )
    for r in rows:
        display.rows.append(
            [
                value_of(r, "academic_year"),
                value_of(r, "group"),
                *(show(r[n], cols[n]) for n in ("enrolled", "achieved", "withdrawn", "studying")),
                share_with_n(r, table, "achievement_rate", "achieved", "enrolled"),
            ]
        )
    return display


def school_matrix(site: CheckedSite, figures: dict[str, Any], year: str) -> Display | None:
    """Each question by school: per-school figures, each withheld where the policy says."""
    table = figures["tables"].get("outcomes")
    if table is None:
        return None
    rows = question_rows(figures, year, SCHOOL)
    schools = sorted({value_of(r, "group") for r in rows})
    if len(schools) < 2:
        return None
    return _question_pivot(site, table, rows, "group", schools)


#: Beyond this many schools or years a column each is unreadable (a national
#: programme has 500 schools): the table turns, one row each, questions across.
MAX_PIVOT_COLUMNS = 8


def _question_pivot(
    site: CheckedSite, table: Any, rows: list[dict[str, Cell]], by: str, columns: list[str], label: str = "School"
) -> Display:
    """One row per question, one column per value of ``by``; [x] where a column has no figure.

    With more than ``MAX_PIVOT_COLUMNS`` values of ``by``, one row per value
    instead, the questions across as Q1, Q2, ... with a key above.
    """
    by_question: dict[tuple[str, str], dict[str, dict[str, Cell]]] = {}
    for r in rows:
        by_question.setdefault((value_of(r, "survey"), value_of(r, "question")), {})[value_of(r, by)] = r

    def figure(mine: dict[str, dict[str, Cell]], column: str) -> str:
        return share_with_n(mine[column], table, "positive_share", "positive", "answered") if column in mine else "[x]"

    questions = list(by_question.values())
    if len(columns) > MAX_PIVOT_COLUMNS:
        short = [f"Q{i}" for i in range(1, len(questions) + 1)]
        display = Display([label, *short], align=["l", *["r"] * len(short)])
        for name, mine in zip(short, questions):
            any_row = next(iter(mine.values()))
            display.key.append((name, f"{value_of(any_row, 'question_text')} ({_who(site, any_row)})"))
        display.rows = [[column, *(figure(mine, column) for mine in questions)] for column in columns]
        return display
    display = Display(["Question", "Who answered", *columns], align=["l", "l", *["r"] * len(columns)])
    for mine in questions:
        any_row = next(iter(mine.values()))
        display.rows.append(
            [value_of(any_row, "question_text"), _who(site, any_row), *(figure(mine, c) for c in columns)]
        )
    return display


def _who(site: CheckedSite, row: dict[str, Cell]) -> str:
    who = RESPONDENTS.get(value_of(row, "respondent"), "")
    found = site.surveys.get(value_of(row, "survey"))
    return f"{who} (before)" if found and found.timing == "pre" else who


def trend_display(site: CheckedSite, figures: dict[str, Any], years: list[str]) -> Display | None:
    """Every question, year by year, at programme level: the 'all years' view of outcomes."""
    table = figures["tables"].get("outcomes")
    if table is None:
        return None
    rows = [r for r in table.rows if value_of(r, "level") == PROGRAMME]
    shown_years = [y for y in years if any(value_of(r, "academic_year") == y for r in rows)]
    if not shown_years:
        return None
    return _question_pivot(site, table, rows, "academic_year", shown_years, label="Year")
