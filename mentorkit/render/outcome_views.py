"""The outcome and delivery tables as displays: per outcome, side by side, before/after, by school, by year.

Each reads the disclosure-controlled tables ``stats.compute`` returns and only
formats their cells; none computes a figure of its own.
"""

from __future__ import annotations

from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.render.display import Display, columns_by_name, interval, share_with_n, show, value_of
from mentorkit.stats.breakdowns import PROGRAMME, SCHOOL
from mentorkit.stats.disclosure import Cell, Column, PublishedTable
from mentorkit.stats.memo import by_identity

RESPONDENTS = {"mentee": "Mentees", "teacher": "Teachers", "mentor": "Mentors", "parent": "Parents"}

#: What the matched figures are, and what they cannot show: the Impact page, the reports and their PDFs say it alike.
CHANGE_NOTES = {
    "matched": (
        "Each young person's answer after the programme compared with their own answer before it, "
        "matched on their pseudonym; only those who answered both times are counted."
    ),
    "effect": (
        "The effect size is the mean change divided by the spread of the answers before and after, in "
        "standard deviations: Hedges' g_av, with the small-sample correction (Lakens 2013, Frontiers in "
        "Psychology 4:863). The range in brackets is its 95% interval, by Bonett's approximation (Bonett 2008, "
        "Psychological Methods 13:99-109). An interval that includes 0 is consistent with no change at all."
    ),
    "cause": (
        "These figures show how the answers of the young people who answered twice changed, not that the "
        "programme changed them: answers can move over a school year for other reasons (growing older, other "
        "careers work, answering the same questions a second time), and those who answered both times may "
        "differ from those who did not. A comparison group, similar young people who did not take part asked "
        "the same questions at the same times, would show how much of the change would have happened anyway. "
        "Effect sizes from trials against such a group, such as the Education Endowment Foundation's, "
        "are not comparable with these."
    ),
    "dosage": (
        "The same comparison for mentees who attended more than half of their cohort's sessions and for those "
        "who attended fewer. Those who come more often may differ in other ways too, so a difference here is "
        "consistent with the sessions mattering but does not show it."
    ),
    "no_dosage": (
        "Change by sessions attended is not shown this year: one of the two groups (most sessions, fewer) "
        "is too small to publish without risking identifying the young people in it."
    ),
    "attrition": (
        "What the matched figures rest on: how many mentees were enrolled, how many answered the survey "
        "before the programme, after it, and both."
    ),
}


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


def change_display(figures: dict[str, Any], year: str, level: str = PROGRAMME) -> Display | None:
    """Matched before/after change per question: counts, mean change and effect size with its interval."""
    table = figures["tables"].get("change")
    if table is None:
        return None
    rows = [r for r in table.rows if value_of(r, "academic_year") == year and value_of(r, "level") == level]
    if not rows:
        return None
    cols = columns_by_name(table)
    first = ["Question"] if level == PROGRAMME else ["Question", "School"]
    display = Display(
        [
            *first,
            "Matched (n)",
            "Improved",
            "Same",
            "Worse",
            "Mean change (scale points)",
            "Effect size (95% interval)",
        ],
        align=["l"] * len(first) + ["r"] * 6,
    )
    for r in rows:
        display.rows.append(
            [
                value_of(r, "question_text"),
                *([] if level == PROGRAMME else [value_of(r, "group")]),
                show(r["matched"], cols["matched"]),
                share_with_n(r, table, "improved_share", "improved", "matched"),
                share_with_n(r, table, "same_share", "same", "matched"),
                share_with_n(r, table, "worse_share", "worse", "matched"),
                show(r["mean_change"], cols["mean_change"]),
                effect_with_interval(r, cols),
            ]
        )
    return display


def dosage_display(figures: dict[str, Any], year: str) -> Display | None:
    """Matched change of mentees who attended most sessions and of the rest, where both can be published."""
    table = figures["tables"].get("dosage")
    if table is None:
        return None
    rows = [r for r in table.rows if value_of(r, "academic_year") == year and r["matched"].shown]
    if not rows:
        return None
    cols = columns_by_name(table)
    display = Display(
        [
            "Question",
            "Sessions attended",
            "Matched (n)",
            "Improved",
            "Mean change (scale points)",
            "Effect size (95% interval)",
        ],
        align=["l", "l", "r", "r", "r", "r"],
    )
    for r in rows:
        display.rows.append(
            [
                value_of(r, "question_text"),
                value_of(r, "dosage"),
                show(r["matched"], cols["matched"]),
                share_with_n(r, table, "improved_share", "improved", "matched"),
                show(r["mean_change"], cols["mean_change"]),
                effect_with_interval(r, cols),
            ]
        )
    return display


def effect_with_interval(row: dict[str, Cell], cols: dict[str, Column]) -> str:
    """+0.73 (+0.49 to +1.00): an effect size never appears without its interval."""
    estimate, lower, upper = row["effect_size"], row["effect_lower"], row["effect_upper"]
    if not (estimate.shown and lower.shown and upper.shown):
        return show(estimate, cols["effect_size"]) if not estimate.shown else f"[{lower.symbol or upper.symbol}]"
    bounds = f"{show(lower, cols['effect_lower'])} to {show(upper, cols['effect_upper'])}"
    return f"{show(estimate, cols['effect_size'])} ({bounds})"


def attrition_display(figures: dict[str, Any], years: list[str], by_school: bool = False) -> Display | None:
    """Enrolled, answered before, answered after, answered both: what the matched figures rest on."""
    table = figures["tables"].get("attrition")
    if table is None:
        return None
    rows = [
        r
        for r in table.rows
        if value_of(r, "academic_year") in years
        and (value_of(r, "level") == SCHOOL if by_school else value_of(r, "level") == PROGRAMME)
    ]
    if not rows:
        return None
    cols = columns_by_name(table)
    display = Display(
        ["School" if by_school else "Year", "Enrolled", "Answered before", "Answered after", "Answered both"],
        align=["l", "r", "r", "r", "r"],
    )
    for r in rows:
        display.rows.append(
            [
                value_of(r, "group") if by_school else value_of(r, "academic_year"),
                *(show(r[n], cols[n]) for n in ("enrolled", "answered_before", "answered_after")),
                share_with_n(r, table, "matched_share", "matched", "enrolled"),
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
