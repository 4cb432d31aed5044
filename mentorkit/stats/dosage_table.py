"""Matched change by dosage: mentees who attended most sessions beside those who attended fewer.

The Education Endowment Foundation asks evaluations to report dosage: if the
change is larger for those who came to more sessions, that is consistent with
the programme mattering (though those who come more may differ in other ways
too). Programme level only, per academic year and question: school by dosage
would be groups too small to publish.

All or nothing: a question's two bands are published only when every figure in
both can be, and the programme's change row they add up to is published in
full. Otherwise one band published beside a withheld one would give the
withheld one away by subtraction from the change table's total.
"""

from __future__ import annotations

from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.model import Cohort
from mentorkit.model.attendance import recorded
from mentorkit.stats.breakdowns import PROGRAMME
from mentorkit.stats.disclosure import _WITHHELD, Column, PublishedTable, StatTable
from mentorkit.stats.measures import matched_change
from mentorkit.stats.survey_tables import CHANGE_COLUMNS, change_row, paired_surveys, scale_questions

MOST, FEWER = "Most sessions", "Fewer sessions"

DOSAGE_COLUMNS = [
    *CHANGE_COLUMNS[:3],
    Column(
        "dosage",
        "Sessions attended",
        "label",
        "Most sessions: more than half of their cohort's delivered sessions with an attendance list; "
        "Fewer sessions: the rest.",
    ),
    *CHANGE_COLUMNS[3:],
]


def sessions_attended(cohort: Cohort) -> dict[str, tuple[int, int]]:
    """Per mentee: (sessions attended, sessions counted), over delivered sessions with an attendance list."""
    counted = {d.session for d in cohort.deliveries if d.status == "delivered" and recorded(d)}
    counted -= {d.session for d in cohort.deliveries if d.status == "delivered" and not recorded(d)}
    attended: dict[str, set[int]] = {}
    for delivery in cohort.deliveries:
        if delivery.status == "delivered" and delivery.session in counted:
            for pseudonym in delivery.attended:
                attended.setdefault(pseudonym, set()).add(delivery.session)
    return {m.id: (len(attended.get(m.id, set())), len(counted)) for m in cohort.mentees}


def dosage_table(site: CheckedSite, years: list[str]) -> StatTable:
    """Per year and question: the matched change of mentees who attended most sessions, and of the rest."""
    table = StatTable(
        "dosage",
        "Before and after, by sessions attended",
        "Matched before/after change of mentees who attended most sessions, and of those who attended fewer.",
        list(DOSAGE_COLUMNS),
        sums=[("matched", ("improved", "same", "worse"))],
    )
    for year in years:
        band: dict[str, str] = {}
        for _, cohort in site.cohorts_in(year):
            for mentee, (came, counted) in sessions_attended(cohort).items():
                if counted:
                    band[mentee] = MOST if came * 2 > counted else FEWER
        for survey_id, pre_id in paired_surveys(site, year):
            before, after = site.responses[(year, pre_id)].rows, site.responses[(year, survey_id)].rows
            for question in scale_questions(site, survey_id, pre_id):
                for dosage in (MOST, FEWER):
                    change = matched_change(
                        {r["mentee"]: r.get(question.id) for r in before if band.get(r["mentee"]) == dosage},
                        {r["mentee"]: r.get(question.id) for r in after if band.get(r["mentee"]) == dosage},
                    )
                    labels = {"academic_year": year, "level": PROGRAMME, "group": "All schools", "survey": survey_id}
                    text = {"question": question.id, "question_text": question.text, "outcome": question.outcome or ""}
                    table.rows.append(change_row(labels | text | {"dosage": dosage}, change))
    return table


def all_or_nothing(dosage: PublishedTable, change: PublishedTable | None) -> PublishedTable:
    """Withhold both bands of a question wherever one figure of either, or of its change row, is withheld."""
    figures = [c.name for c in dosage.columns if c.role != "label"]
    complete = set()
    for row in change.rows if change else []:
        if row["level"].value == PROGRAMME and all(row[name].symbol != "c" for name in figures):
            complete.add(_key(row))
    bands: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in dosage.rows:
        bands.setdefault(_key(row), []).append(row)
    for key, rows in bands.items():
        if key not in complete or any(row[name].symbol == "c" for row in rows for name in figures):
            for row in rows:
                row.update({name: _WITHHELD for name in figures})
    return dosage


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name].value for name in ("academic_year", "survey", "question"))
