#!/usr/bin/env python3
"""Synthetic content for benchmarking mentorkit: a complete, valid content root.

    python benchmarks/synth.py OUT_DIR [--preset small|district|national]
        [--schools N] [--years N] [--mentees N] [--mentors-per-school N]
        [--surveys-per-year N] [--seed N] [--force]

or, from Python::

    from benchmarks.synth import Config, generate, PRESETS
    stats = generate(Path("/tmp/synth"), Config(**PRESETS["district"]))

Everything is invented and marked so: the programme has
``site.example_data: true`` and every school ``fictional: true``.

The output is deterministic: the same arguments give byte-identical files.
Each cohort, mentor and file draws from its own ``random.Random`` seeded
with a string built from ``--seed`` and the thing's identity (string seeds
are hashed with SHA-512, so they do not depend on PYTHONHASHSEED), so
changing one argument does not reshuffle everything else.

Files are written with plain string formatting, one academic year at a
time: a year's survey CSVs are open while that year's cohorts are written,
and nothing else is kept but the mentor ids already issued. The national
preset (500 schools x 10 years) is about 150,000 mentee-years.

What it produces and the rules it keeps (see shared/design/content-model.md):

* slugs for every id; pseudonyms ``<SCHOOL CODE><YY>-<NNN>`` (e.g. ``BCD24-007``),
  unique across the site because the school code and year are in them;
* business mentors with an enhanced DBS issued in the months before their
  first cohort (a quarter on the Update Service) and safeguarding training
  before it; each mentor serves one school for at most two consecutive
  years, so neither the DBS nor the training lapses (no warnings);
* mentees are split between the school's mentors in contiguous groups
  (A, B, C...), never more than the mentor's ``max_mentees`` in a year;
* cohorts run from mid-September/October to April/May inside their
  academic year; every delivery falls between the cohort's start and end;
* survey rows only for mentees of that school's cohort that year, one row
  per mentee, ``submitted`` on a delivery date (inside the academic year);
* session agendas whose minutes add up to ``duration_minutes``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

LAST_YEAR = 2024  # the newest academic year generated is 2024-25

PRESETS: dict[str, dict[str, int]] = {
    "small": {"schools": 3, "years": 2, "mentees": 25, "mentors_per_school": 3, "surveys_per_year": 4},
    "district": {"schools": 30, "years": 10, "mentees": 30, "mentors_per_school": 3, "surveys_per_year": 4},
    # Ten questionnaires a year (one after every session, before and after from
    # mentees and staff, mentors and parents at the end): ~1.3 million rows.
    "national": {"schools": 500, "years": 10, "mentees": 30, "mentors_per_school": 3, "surveys_per_year": 10},
}


@dataclass(frozen=True)
class Config:
    schools: int = 3
    years: int = 2
    mentees: int = 30  # per cohort (one school, one year)
    mentors_per_school: int = 3  # per school per year
    surveys_per_year: int = 4  # instruments with a response file each year (max 10)
    seed: int = 1
    last_year: int = LAST_YEAR

    def __post_init__(self) -> None:
        if self.schools < 1 or self.years < 1 or self.mentees < 1 or self.mentors_per_school < 1:
            raise ValueError("schools, years, mentees and mentors-per-school must be at least 1")
        if not 0 <= self.surveys_per_year <= len(SURVEY_ORDER):
            raise ValueError(f"surveys-per-year must be 0..{len(SURVEY_ORDER)}")
        if self.years > 99:
            raise ValueError("at most 99 years (pseudonyms carry a two-digit year)")
        if -(-self.mentees // self.mentors_per_school) > 60:
            raise ValueError("more than 60 mentees per mentor: raise --mentors-per-school (max_mentees is at most 60)")


@dataclass
class Stats:
    """What was written, for the caller to print."""

    files: int = 0
    bytes: int = 0
    schools: int = 0
    mentors: int = 0
    cohorts: int = 0
    mentee_years: int = 0
    response_files: int = 0
    response_rows: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Vocabulary (all invented)

SCHOOL_FIRST = [
    "Alder",
    "Ashgrove",
    "Beacon",
    "Birchfield",
    "Bramble",
    "Brookside",
    "Castlemead",
    "Cedar",
    "Chalkhill",
    "Coppice",
    "Cornfield",
    "Dunmore",
    "Eastbrook",
    "Elmstead",
    "Fairhaven",
    "Fernbank",
    "Foxley",
    "Glenside",
    "Greyfriars",
    "Hawthorn",
    "Heathcote",
    "Hollybank",
    "Kestrel",
    "Kingsmead",
    "Larkrise",
    "Linden",
    "Marshgate",
    "Meadowbank",
    "Millbrook",
    "Northgate",
    "Oakridge",
    "Orchard",
    "Parkside",
    "Pinewood",
    "Quarry Hill",
    "Ravenscourt",
    "Redcliffe",
    "Riverside",
    "Rowan",
    "Saltings",
    "Sandpiper",
    "Seabrook",
    "Silverdale",
    "Southmead",
    "Stonebridge",
    "Thamesmouth",
    "Thornbury",
    "Wavecrest",
    "Westfield",
    "Willowbrook",
]
SCHOOL_SECOND = [
    "Academy",
    "High School",
    "School",
    "Community College",
    "Secondary School",
    "Park School",
    "Way School",
    "Green High School",
    "Church of England Academy",
    "Catholic School",
    "Grammar School",
    "Studio School",
]
TOWNS = [
    "Southend-on-Sea",
    "Basildon",
    "Chelmsford",
    "Colchester",
    "Rochford",
    "Leigh-on-Sea",
    "Rayleigh",
    "Canvey Island",
    "Benfleet",
    "Shoeburyness",
    "Maldon",
    "Billericay",
    "Harlow",
    "Braintree",
]
FIRST_NAMES = [
    "Aisha",
    "Alex",
    "Amara",
    "Ben",
    "Bethany",
    "Callum",
    "Chloe",
    "Daniel",
    "Deepa",
    "Eleanor",
    "Ethan",
    "Fatima",
    "Finn",
    "Gemma",
    "Hannah",
    "Harvey",
    "Imran",
    "Isla",
    "Jack",
    "Jasmine",
    "Kai",
    "Kirsty",
    "Liam",
    "Lucy",
    "Marcus",
    "Maya",
    "Nadia",
    "Nathan",
    "Olivia",
    "Oscar",
    "Priya",
    "Quentin",
    "Rachel",
    "Rhys",
    "Sabrina",
    "Samir",
    "Tariq",
    "Tessa",
    "Uma",
    "Victor",
    "Wendy",
    "Xavier",
    "Yasmin",
    "Zoe",
    "Adebayo",
    "Bronwen",
    "Ciaran",
    "Dorota",
    "Emeka",
    "Farah",
]
LAST_NAMES = [
    "Abbott",
    "Adeyemi",
    "Barker",
    "Bennett",
    "Chowdhury",
    "Clarke",
    "Dawson",
    "Doyle",
    "Ellison",
    "Evans",
    "Fletcher",
    "Fraser",
    "Gallagher",
    "Gill",
    "Hughes",
    "Hussain",
    "Iqbal",
    "Jennings",
    "Kaur",
    "Kowalski",
    "Lambert",
    "Lewis",
    "Mahmood",
    "Mayhew",
    "Nowak",
    "Nwosu",
    "O'Brien",
    "Okafor",
    "Patel",
    "Pearson",
    "Quinn",
    "Rahman",
    "Reeves",
    "Robertson",
    "Shah",
    "Singh",
    "Thornton",
    "Turner",
    "Underwood",
    "Vance",
    "Walsh",
    "Whitfield",
    "Young",
    "Zielinski",
]
SECTORS = {
    "finance": ("Counting House", ["Accountant", "Payroll officer", "Financial adviser", "Audit trainee"]),
    "construction": ("Builders", ["Site manager", "Quantity surveyor", "Electrician", "Project planner"]),
    "health": ("Care Partnership", ["Staff nurse", "Physiotherapist", "Care home manager", "Pharmacy technician"]),
    "digital": ("Digital", ["Software developer", "Data analyst", "IT support lead", "UX designer"]),
    "engineering": ("Engineering", ["Mechanical engineer", "Apprentice engineer", "Maintenance technician"]),
    "hospitality": ("Hotels", ["Head chef", "Events manager", "Front-of-house supervisor"]),
    "retail": ("Stores", ["Store manager", "Buyer", "Visual merchandiser"]),
    "legal": ("Solicitors", ["Paralegal", "Solicitor", "Legal secretary"]),
    "public-sector": ("Services", ["Planning officer", "Housing officer", "Librarian", "Firefighter"]),
    "creative": ("Studio", ["Graphic designer", "Video editor", "Marketing officer", "Copywriter"]),
    "logistics": ("Logistics", ["Warehouse supervisor", "Transport planner", "Port operations officer"]),
}
SECTOR_IDS = list(SECTORS)
ORG_WORDS = [
    "Estuary",
    "Harbour",
    "Pier",
    "Cliffside",
    "Marsh",
    "Lighthouse",
    "Tideway",
    "Riverbank",
    "Seafront",
    "Creekside",
    "Saltmarsh",
    "Gull",
    "Wharf",
    "Anchor",
    "Kingfisher",
]
ORG_ENDINGS = ["Ltd", "LLP", "Group", "and Co", "Partners", "Trust"]
# Free-text answers: a small pool, as real answers repeat. None of these
# phrases appears anywhere else in the generated content (privacy gate).
BEST_THING = [
    "my mentor was funny",
    "setting a goal",
    "the job detectives game",
    "talking about apprenticeships with someone who did one",
    "finding out that plans can change and that is fine",
    "hearing how a real engineer started out at sixteen",
    "getting one to one time with someone from a real job",
    "learning which subjects lead to which careers",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
]

SURVEY_ORDER = [
    "mentee-pre",
    "mentee-post",
    "teacher-post",
    "session-feedback",
    "mentor-post",
    "teacher-pre",
    "session-1-feedback",
    "session-3-feedback",
    "session-4-feedback",
    "parent-post",
]
AGREE5 = ["Strongly disagree", "Disagree", "Not sure", "Agree", "Strongly agree"]
MENTEE_SCALE_QUESTIONS = [
    ("confident-future", "I feel confident about my future career.", "confidence"),
    ("have-ideas", "I have some ideas about jobs I would like to do one day.", "confidence"),
    ("understand-work", "I understand what employers look for when they take on young people.", "world-of-work"),
    ("know-post-16", "I know what my choices are after Year 11.", "post-16-knowledge"),
    ("can-decide", "I feel able to make good choices about my GCSE options.", "informed-decisions"),
]


# --------------------------------------------------------------------------
# Small helpers


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part)


def academic_year(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


def school_code(index: int) -> str:
    """AAA, AAB, ... : three capitals (17,576 schools before it grows a letter)."""
    letters = ""
    n = index
    for _ in range(3):
        n, r = divmod(n, 26)
        letters = chr(65 + r) + letters
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def weekday_on_or_before(day: dt.date, floor: dt.date) -> dt.date:
    """Move a Saturday or Sunday back to Friday, but never before ``floor``."""
    back = max(0, day.weekday() - 4)
    return max(floor, day - dt.timedelta(days=back))


class Writer:
    """Writes text files under the output root and counts them."""

    def __init__(self, root: Path, stats: Stats) -> None:
        self.root = root
        self.stats = stats
        self.made: set[Path] = set()

    def path(self, rel: str) -> Path:
        target = self.root / rel
        if target.parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(target.parent)
        return target

    def write(self, rel: str, text: str, kind: str) -> None:
        data = text.encode("utf-8")
        self.path(rel).write_bytes(data)
        self.count(kind, len(data))

    def count(self, kind: str, size: int) -> None:
        self.stats.files += 1
        self.stats.bytes += size
        self.stats.counts[kind] = self.stats.counts.get(kind, 0) + 1


# --------------------------------------------------------------------------
# The fixed part: programme, sessions, surveys, guides, pages, indicators


PROGRAMME = """\
# Synthetic content generated by benchmarks/synth.py: every school, mentor,
# roster and answer is invented.
id: synth
name: Synthetic Mentoring Programme
short_name: SMP
organisation:
  name: Example County Council
  team: Skills team
  email: mentoring@example.org
  website: https://www.example.org
summary: |
  The Synthetic Mentoring Programme pairs Year 8 students with mentors from
  local employers. Over seven months each student takes part in four structured
  sessions, some in a small group and some one to one.

  This site is **generated example data** for benchmarking mentorkit.
how_it_works: |
  ## Four sessions across seven months

  1. The school chooses a cohort of Year 8 students.
  2. Each student is matched with a trained, DBS-checked mentor.
  3. Four structured sessions, each with a written plan.
  4. Short questionnaires at the start and at the end show what changed.
why_mentoring: |
  A mentor is an adult from outside school who takes a genuine interest and tells
  the truth about their own route into work.
mentor_kind: business
year_groups: [8]
duration_months: 7
sessions_per_cohort: 4
group_size: 10
aims:
  - id: inspire
    text: Inspire, engage and motivate young people.
  - id: employability
    text: Develop employability skills and introduce the world of work.
  - id: options
    text: Help young people think about their options after 16.
  - id: goals
    text: Set goals for the future.
outcomes:
  short_term:
    - id: confidence
      text: Students are more self-confident and have higher aspirations.
    - id: world-of-work
      text: Students understand the world of work better.
    - id: post-16-knowledge
      text: Students know more about the options open to them after 16.
    - id: informed-decisions
      text: Students are better able to make informed decisions.
  long_term:
    - id: neet-16-17
      text: Fewer 16 and 17-year-olds not in education, employment or training.
      indicator: neet-16-17
    - id: apprenticeships-18
      text: More 18-year-olds on apprenticeships.
      indicator: apprenticeships-18
awards:
  - year: 2019
    title: Example award for an invented programme
    awarded_by: The Example Institute
recruitment:
  headline: Give an hour, change a direction.
  commitment: |
    Four sessions of **60 minutes** over seven months, in school hours, with a
    group of about ten Year 8 students. Every session has a written plan.
  requirements:
    - An enhanced DBS check, arranged before you meet any students.
    - Safeguarding training and an induction.
    - Time for four sessions in school hours.
  apply_email: mentoring@example.org
for_schools: |
  ## What your school commits to

  - Select a cohort of Year 8 students and name a staff contact.
  - Provide a room and brief your designated safeguarding lead.
disclosure:
  min_count: 5
  complement: true
  min_base: 10
site:
  language: en-GB
  example_data: true
"""

# (title, format, [(minutes, activity, lead)], survey) : agendas add up to 60.
SESSIONS = [
    (
        "inspire-who-i-am",
        "Inspire: who I am and where I could go",
        "group",
        "mentee-pre",
        ["inspire", "goals"],
        [
            (5, "Welcome and group rules", "staff"),
            (5, "Starting questionnaire", "staff"),
            (15, "My story: how I got here", "mentor"),
            (15, "Two things I am good at", "all"),
            (15, "Job detectives", "mentor"),
            (5, "Close", "mentor"),
        ],
    ),
    (
        "world-of-work",
        "The world of work",
        "mixed",
        "session-feedback",
        ["employability"],
        [
            (10, "What employers look for", "mentor"),
            (20, "Skills auction", "all"),
            (25, "One-to-one chats", "mentor"),
            (5, "Session feedback", "mentee"),
        ],
    ),
    (
        "options-and-routes",
        "Options and routes after 16",
        "group",
        None,
        ["options"],
        [
            (10, "Recap", "mentor"),
            (20, "Routes map", "all"),
            (20, "Myth or fact quiz", "mentee"),
            (10, "Close", "mentor"),
        ],
    ),
    (
        "setting-goals",
        "Setting goals",
        "one-to-one",
        "mentee-post",
        ["goals"],
        [
            (10, "Looking back", "mentee"),
            (30, "One goal and the first step", "mentor"),
            (10, "Final questionnaire", "staff"),
            (10, "Celebration", "all"),
        ],
    ),
]


def session_yaml(
    number: int, title: str, fmt: str, survey: str | None, aims: list[str], agenda: list[tuple[int, str, str]]
) -> str:
    total = sum(minutes for minutes, _, _ in agenda)
    lines = [
        f"number: {number}",
        f"title: {q(title)}",
        f"summary: {q('Session ' + str(number) + ' of the synthetic programme: ' + title.lower() + '.')}",
        f"format: {fmt}",
        f"duration_minutes: {total}",
        f"aims: [{', '.join(aims)}]",
        "objectives:",
        "  - Know what the session is for.",
        "  - Take one idea away.",
        "preparation:",
        "  - Read this plan and the handbook chapter on safeguarding.",
        "agenda:",
    ]
    for minutes, activity, lead in agenda:
        lines += [
            f"  - minutes: {minutes}",
            f"    activity: {q(activity)}",
            f"    lead: {lead}",
            f"    details: {q('Run **' + activity.lower() + '** as described in the handbook.')}",
            "    materials: [Flipchart, Pens]",
        ]
    lines += [
        "prompts:",
        "  - What surprised you today?",
        "  - What would you like to find out next time?",
        "safeguarding: |",
        "  - Meet only in the room the school has arranged, with the door open.",
        "  - Report any concern to the designated safeguarding lead the same day.",
        "follow_up: Hand any paperwork to the member of staff before you leave.",
    ]
    if survey:
        lines.append(f"survey: {survey}")
    return "\n".join(lines) + "\n"


def survey_yaml(survey_id: str) -> str:
    agree = "scale:\n  id: agree-5\n  labels: [" + ", ".join(AGREE5) + "]\n  positive_from: Agree\n"
    scale_questions = "".join(
        f"  - id: {qid}\n    text: {q(text)}\n    kind: scale\n    outcome: {outcome}\n"
        for qid, text, outcome in MENTEE_SCALE_QUESTIONS
    )
    if survey_id == "mentee-pre":
        return (
            "id: mentee-pre\ntitle: Before the programme\nrespondent: mentee\ntiming: pre\n"
            "intro: There are no right or wrong answers.\n" + agree + "questions:\n" + scale_questions
        )
    if survey_id == "mentee-post":
        return (
            "id: mentee-post\ntitle: After the programme\nrespondent: mentee\ntiming: post\npairs_with: mentee-pre\n"
            "intro: Tell us how you feel now.\n"
            + agree
            + "questions:\n"
            + scale_questions
            + "  - id: enjoyed\n    text: Did you enjoy taking part?\n    kind: yes_no\n"
            + "  - id: best-thing\n    text: What was the best thing about having a mentor?\n    kind: text\n"
        )
    if survey_id == "teacher-post":
        return (
            "id: teacher-post\ntitle: Staff view of each student\nrespondent: teacher\ntiming: post\n"
            "intro: Answer for each student you know well enough to judge.\nquestions:\n"
            "  - id: more-confident\n    text: Is this student more confident than before?\n    kind: yes_no\n    "
            "outcome: confidence\n"
            "  - id: behaviour-improved\n    text: Has this student's engagement in lessons improved?\n    kind: "
            "yes_no\n"
        )
    if survey_id == "teacher-pre":
        return (
            "id: teacher-pre\ntitle: Staff view of each student, before\nrespondent: teacher\ntiming: pre\n"
            "intro: Answer for each student you know well enough to judge.\nquestions:\n"
            "  - id: confident\n    text: Is this student confident when talking about the future?\n    kind: yes_no\n"
            "  - id: engaged-in-lessons\n    text: Is this student engaged in lessons?\n    kind: yes_no\n"
        )
    if survey_id == "parent-post":
        return (
            "id: parent-post\ntitle: A parent's or carer's view\nrespondent: parent\ntiming: post\n"
            "intro: Thank you for telling us what you noticed at home.\n" + agree + "questions:\n"
            "  - id: talks-about-future\n    text: My child talks more about what they might do after school.\n    "
            "kind: scale\n    outcome: confidence\n"
            "  - id: would-recommend\n    text: Would you recommend the programme to another family?\n    kind: "
            "yes_no\n"
        )
    if survey_id == "session-feedback" or (survey_id.startswith("session-") and survey_id.endswith("-feedback")):
        return (
            f"id: {survey_id}\ntitle: How was today's session?\nrespondent: mentee\ntiming: session\n"
            "scale:\n  id: useful-3\n  labels: [Not really, A bit, A lot]\n  positive_from: A bit\nquestions:\n"
            "  - id: useful\n    text: Was today's session useful?\n    kind: scale\n    outcome: world-of-work\n"
            "  - id: learned-job\n    text: Did you hear about a job that was new to you?\n    kind: yes_no\n    "
            "outcome: world-of-work\n"
        )
    if survey_id == "mentor-post":
        return (
            "id: mentor-post\ntitle: Mentor's view of each mentee\nrespondent: mentor\ntiming: post\n"
            + agree
            + "questions:\n"
            "  - id: engaged\n    text: The mentee took an active part in the sessions.\n    kind: scale\n    outcome: "
            "confidence\n"
            "  - id: has-goal\n    text: The mentee left with a realistic goal.\n    kind: yes_no\n    outcome: "
            "informed-decisions\n"
        )
    raise KeyError(survey_id)


SURVEY_COLUMNS = {
    "mentee-pre": [qid for qid, _, _ in MENTEE_SCALE_QUESTIONS],
    "mentee-post": [qid for qid, _, _ in MENTEE_SCALE_QUESTIONS] + ["enjoyed", "best-thing"],
    "teacher-post": ["more-confident", "behaviour-improved"],
    "session-feedback": ["useful", "learned-job"],
    "mentor-post": ["engaged", "has-goal"],
    "teacher-pre": ["confident", "engaged-in-lessons"],
    "session-1-feedback": ["useful", "learned-job"],
    "session-3-feedback": ["useful", "learned-job"],
    "session-4-feedback": ["useful", "learned-job"],
    "parent-post": ["talks-about-future", "would-recommend"],
}

GUIDES = [
    (
        "01-welcome",
        "Welcome",
        "mentor",
        "What the programme is for and what we ask of you.",
        "Thank you for volunteering. This handbook tells you what you need to know.\n\n## What the programme is for\n\n"
        "Each session is designed to inspire, to build employability skills, to open up options and to set goals.\n",
    ),
    (
        "02-safeguarding",
        "Safeguarding",
        "mentor",
        "How to keep students and yourself safe.",
        "## The rules\n\n- Meet only where the school arranges.\n- Never share personal contact details.\n"
        "- Report any concern to the designated safeguarding lead the same day.\n",
    ),
    (
        "03-for-schools",
        "Running the programme in your school",
        "school",
        "What a school organises and when.",
        "## Before the first session\n\nBook the dates, a room and brief your safeguarding lead.\n",
    ),
    (
        "04-for-staff",
        "Matching and checks",
        "staff",
        "How the team matches mentors and records checks.",
        "## Matching\n\nMatch on sector interest and keep groups to about ten students.\n\n"
        "## Checks\n\nRecord the DBS check and the safeguarding training before a mentor meets a student.\n",
    ),
]

INDICATORS = [
    ("neet-16-17", "16 and 17-year-olds not in education, employment or training (NEET)", "lower", 5.5),
    ("apprenticeships-18", "18-year-olds on apprenticeships", "higher", 7.0),
]


def write_fixed(w: Writer, config: Config) -> None:
    w.write("content/programme.yaml", PROGRAMME, "programme")
    for number, (key, title, fmt, survey, aims, agenda) in enumerate(SESSIONS, 1):
        w.write(f"sessions/{number:02d}-{key}.yaml", session_yaml(number, title, fmt, survey, aims, agenda), "session")
    for survey_id in SURVEY_ORDER:
        w.write(f"content/surveys/{survey_id}.yaml", survey_yaml(survey_id), "survey")
    for key, title, audience, summary, body in GUIDES:
        order = int(key[:2])
        w.write(
            f"content/guides/{key}.md",
            f"---\ntitle: {q(title)}\norder: {order}\naudience: {audience}\nsummary: {q(summary)}\n---\n\n{body}",
            "guide",
        )
    w.write(
        "content/pages/faq.md",
        "---\ntitle: Questions and answers\nnav_order: 70\ndescription: Common questions about the programme.\n---\n\n"
        "## Is this real?\n\nNo: this site is generated example data.\n",
        "page",
    )
    first = config.last_year - config.years + 1
    for key, title, better, base in INDICATORS:
        rng = random.Random(f"{config.seed}/indicator/{key}")
        w.write(
            f"content/indicators/{key}.yaml",
            f"title: {q(title)}\nunit: percent\narea: Example County\ncomparator_name: England\n"
            "source:\n  publisher: Department for Education\n  title: Example publication\n"
            f"  url: https://www.example.org/statistics/{key}\nbetter: {better}\nillustrative: true\n"
            "note: Invented values for a synthetic benchmark site.\n",
            "indicator",
        )
        rows = ["year,value,comparator"]
        for year in range(first, config.last_year + 1):
            value = base + rng.uniform(-1.5, 1.5)
            rows.append(f"{year},{value:.1f},{base + rng.uniform(-0.5, 0.5):.1f}")
        w.write(f"content/indicators/{key}.csv", "\n".join(rows) + "\n", "indicator-series")


def write_testimonials(w: Writer, config: Config, schools: list[tuple[str, str]]) -> None:
    """A handful of quotes: from schools (by id), parents and mentors; one in four without consent."""
    count = min(len(schools), 12) + 2
    for index in range(count):
        rng = random.Random(f"{config.seed}/testimonial/{index}")
        if index < len(schools) and index < 12:
            source, role = schools[index][0], "Head of Year 8"
        else:
            source, role = ("parent", "Parent") if index % 2 else ("mentor", "Mentor")
        consent = index % 4 != 3
        year = config.last_year - rng.randrange(config.years)
        day = dt.date(year + 1, rng.randint(3, 6), rng.randint(1, 28))
        # Quotes are unique (the number is in them), so a withheld quote can
        # never equal a published one.
        text = (
            f"Testimonial number {index + 1}: students came back from each session talking about jobs they had "
            "never heard of."
        )
        w.write(
            f"content/testimonials/synthetic-{index + 1:03d}.yaml",
            f"quote: {q(text)}\nsource: {source}\nrole: {q(role)}\ndate: {day}\nconsent: "
            f"{'true' if consent else 'false'}\n"
            f"programme: synth\nfeatured: {'true' if index < 2 and consent else 'false'}\n",
            "testimonial",
        )


def write_report(w: Writer, year: int, schools: int, mentees: int) -> None:
    label = academic_year(year)
    w.write(
        f"content/reports/{label}.md",
        f"---\nacademic_year: {label}\ntitle: {q('Synthetic Mentoring Programme annual report ' + label)}\n"
        "highlights:\n  - Every school returned.\n  - New mentors joined from local employers.\n---\n\n"
        '!!! note "Example data"\n    Everything behind this report is invented.\n\n'
        f"## Reflections\n\nThis year {schools} schools took part with cohorts of about {mentees} students.\n",
        "report",
    )


# --------------------------------------------------------------------------
# Schools and mentors


def school_names(config: Config) -> list[tuple[str, str]]:
    """(id, name) for each school: unique, shuffled from the word lists."""
    rng = random.Random(f"{config.seed}/schools")
    combos = [f"{a} {b}" for a in SCHOOL_FIRST for b in SCHOOL_SECOND]
    rng.shuffle(combos)
    out, seen = [], set()
    for index in range(config.schools):
        name = combos[index % len(combos)]
        if index >= len(combos):
            name += f" {index // len(combos) + 1}"
        key = slug(name)
        assert key not in seen
        seen.add(key)
        out.append((key, name))
    return out


def school_yaml(index: int, key: str, name: str, joined: str, rng: random.Random) -> str:
    return (
        f"# A fictional school generated by benchmarks/synth.py.\nid: {key}\nname: {q(name)}\n"
        f'urn: "{900000 + index:06d}"\ntown: {q(rng.choice(TOWNS) + " (fictional school)")}\n'
        f"joined: {joined}\nactive: true\nfictional: true\n"
    )


@dataclass
class MentorSeat:
    """One mentor: serves one school for at most two consecutive years."""

    id: str
    first_year: int  # calendar year the first academic year starts


class Mentors:
    """Issues mentor ids and writes each mentor's file the first time a seat needs them.

    Seat ``k`` of school ``s`` in year index ``i`` is held by tenure
    ``(i + k % 2) // 2``: odd seats change over a year after even ones, so a
    school never replaces all its mentors at once.
    """

    def __init__(self, w: Writer, config: Config) -> None:
        self.w = w
        self.config = config
        self.ids: set[str] = set()
        self.by_seat: dict[tuple[int, int, int], str] = {}
        self.per_mentor = -(-config.mentees // config.mentors_per_school)
        names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
        random.Random(f"{config.seed}/names").shuffle(names)
        self.names = names

    def _name(self) -> str:
        """The next unused full name: every first/last pair once, then with middle initials.

        Names are unique on purpose: when two mentors share a name and only one
        consents to publishing it, mentorkit's privacy gate reports the
        consenting mentor's heading anchor (#maya-abbott) as a leak of the other
        one's name (see benchmarks/README.md), and nothing is built.
        """
        round_, index = divmod(len(self.ids), len(self.names))
        first, last = self.names[index]
        initials = ""
        while round_:
            round_, letter = divmod(round_ - 1, 26)
            initials = chr(65 + letter) + initials
        return f"{first} {initials} {last}" if initials else f"{first} {last}"

    def mentor(self, school_index: int, school_id: str, seat: int, year_index: int, year: int) -> str:
        tenure = (year_index + seat % 2) // 2
        key = (school_index, seat, tenure)
        if key in self.by_seat:
            return self.by_seat[key]
        rng = random.Random(f"{self.config.seed}/mentor/{school_index}/{seat}/{tenure}")
        name = self._name()
        mentor_id = slug(name)
        assert mentor_id not in self.ids
        self.ids.add(mentor_id)
        self.by_seat[key] = mentor_id
        self.w.write(f"content/mentors/{mentor_id}.yaml", self._yaml(mentor_id, name, school_id, year, rng), "mentor")
        return mentor_id

    def _yaml(self, mentor_id: str, name: str, school_id: str, year: int, rng: random.Random) -> str:
        sector = rng.choice(SECTOR_IDS)
        org_suffix, roles = SECTORS[sector]
        organisation = f"{rng.choice(ORG_WORDS)} {org_suffix} {rng.choice(ORG_ENDINGS)} (fictional)"
        # Checks in the months before the first cohort (which starts after
        # 15 September): valid for the next three years, so for both years
        # of a tenure, whether or not the mentor is on the Update Service.
        summer = dt.date(year, 8, 31)
        issued = summer - dt.timedelta(days=rng.randrange(0, 300))
        training = summer - dt.timedelta(days=rng.randrange(0, 120))
        publish_name, publish_org, publish_quote = rng.random() < 0.3, rng.random() < 0.4, rng.random() < 0.15
        lines = [
            "# A fictional mentor generated by benchmarks/synth.py.",
            f"id: {mentor_id}",
            f"name: {q(name)}",
            "kind: business",
            f"organisation: {q(organisation)}",
            f"sector: {sector}",
            f"role: {q(rng.choice(roles))}",
            "dbs:",
            "  type: enhanced",
            f"  issued: {issued}",
            f"  update_service: {'true' if rng.random() < 0.25 else 'false'}",
            f"safeguarding_training: {training}",
            "consent:",
            f"  publish_name: {'true' if publish_name else 'false'}",
            f"  publish_organisation: {'true' if publish_org else 'false'}",
            f"  publish_quote: {'true' if publish_quote else 'false'}",
            f"  recorded: {training}",
        ]
        if publish_quote:
            # Only consenting mentors get a bio and quote, so no withheld text
            # can equal a published one. Nothing here names the mentor.
            words = sector.replace("-", " ")
            lines.append(f"bio: {q(f'I work in {words} and joined the programme in {academic_year(year)}.')}")
            lines.append(f"quote: {q('Mentoring reminds me why I chose this work.')}")
        lines += [f"max_mentees: {min(60, self.per_mentor + rng.randrange(0, 4))}", f"schools: [{school_id}]"]
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Cohorts and responses


class Responses:
    """The open response CSVs of one academic year."""

    def __init__(self, w: Writer, label: str, surveys: list[str]) -> None:
        self.w = w
        self.handles = {}
        self.writers = {}
        self.rows = 0
        for survey_id in surveys:
            handle = w.path(f"content/surveys/responses/{label}/{survey_id}.csv").open(
                "w", encoding="utf-8", newline=""
            )
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["mentee", "school", "submitted", *SURVEY_COLUMNS[survey_id]])
            self.handles[survey_id] = handle
            self.writers[survey_id] = writer

    def add(self, survey_id: str, rows: list[list[object]]) -> None:
        if survey_id in self.writers:
            self.writers[survey_id].writerows(rows)
            self.rows += len(rows)

    def close(self) -> None:
        for handle in self.handles.values():
            size = handle.tell()
            handle.close()
            self.w.count("responses", size)


def blank_or(rng: random.Random, value: object, missing: float = 0.03) -> object:
    return "" if rng.random() < missing else value


def write_cohort(
    w: Writer,
    mentors: Mentors,
    responses: Responses,
    config: Config,
    school_index: int,
    school_id: str,
    year_index: int,
    year: int,
) -> int:
    label = academic_year(year)
    rng = random.Random(f"{config.seed}/cohort/{label}/{school_id}")
    start = weekday_on_or_before(dt.date(year, 9, 15) + dt.timedelta(days=rng.randrange(0, 25)), dt.date(year, 9, 15))
    end = weekday_on_or_before(dt.date(year + 1, 4, 20) + dt.timedelta(days=rng.randrange(0, 25)), start)
    seats = config.mentors_per_school
    seat_mentors = [mentors.mentor(school_index, school_id, k, year_index, year) for k in range(seats)]
    code = f"{school_code(school_index)}{year % 100:02d}"
    pseudonyms = [f"{code}-{n:03d}" for n in range(1, config.mentees + 1)]

    lines = [
        "# Synthetic cohort generated by benchmarks/synth.py: pseudonyms only.",
        "programme: synth",
        f"school: {school_id}",
        f"academic_year: {label}",
        "year_group: 8",
        f"start: {start}",
        f"end: {end}",
        "coordinator_role: Careers lead",
        "mentees:",
    ]
    for index, pseudonym in enumerate(pseudonyms):
        seat = index * seats // config.mentees  # contiguous groups, at most ceil(n/seats) each
        interests = rng.sample(SECTOR_IDS, rng.choice((0, 1, 1, 2)))
        group, wanted = chr(65 + seat % 26), ", ".join(interests)
        lines.append(f"  - {{id: {pseudonym}, mentor: {seat_mentors[seat]}, group: {group}, interests: [{wanted}]}}")

    lines.append("deliveries:")
    span = (end - start).days
    dates: list[dt.date] = []
    attended: list[list[str]] = []
    for number, (_, _, fmt, _, _, _) in enumerate(SESSIONS, 1):
        offset = span * (number - 1) // (len(SESSIONS) - 1) + rng.randint(-5, 5)
        day = weekday_on_or_before(start + dt.timedelta(days=min(span, max(0, offset))), start)
        if dates and day <= dates[-1]:
            day = dates[-1]
        present = [p for p in pseudonyms if rng.random() < 0.9]
        dates.append(day)
        attended.append(present)
        lines += [
            f"  - session: {number}",
            f"    date: {day}",
            f'    start_time: "{rng.choice(("09:00", "10:30", "11:00", "13:30"))}"',
            f"    format: {'one-to-one' if fmt == 'one-to-one' else 'group'}",
            "    status: delivered",
            f"    attended: [{', '.join(present)}]",
        ]
    w.write(f"content/cohorts/{label}/{school_id}.yaml", "\n".join(lines) + "\n", "cohort")

    # Survey rows: only mentees of this cohort, submitted on a delivery day
    # (or within ten days after the last one, never after the cohort's end).
    pre_scores = {}
    rows = []
    for p in attended[0]:
        scores = [rng.choice((2, 3, 3, 4, 4, 5)) for _ in MENTEE_SCALE_QUESTIONS]
        pre_scores[p] = scores
        rows.append([p, school_id, dates[0], *(blank_or(rng, s) for s in scores)])
    responses.add("mentee-pre", rows)
    rows = []
    for p in attended[-1]:
        base = pre_scores.get(p) or [3] * len(MENTEE_SCALE_QUESTIONS)
        scores = [min(5, max(1, s + rng.choice((-1, 0, 0, 1, 1, 1)))) for s in base]
        rows.append(
            [
                p,
                school_id,
                dates[-1],
                *(blank_or(rng, s) for s in scores),
                blank_or(rng, "yes" if rng.random() < 0.88 else "no"),
                rng.choice(BEST_THING),
            ]
        )
    responses.add("mentee-post", rows)
    after = min(end, dates[-1] + dt.timedelta(days=rng.randint(0, 10)))
    rows = [
        [
            p,
            school_id,
            after,
            blank_or(rng, "yes" if rng.random() < 0.7 else "no", 0.1),
            blank_or(rng, "yes" if rng.random() < 0.6 else "no", 0.1),
        ]
        for p in pseudonyms
        if rng.random() < 0.75
    ]
    responses.add("teacher-post", rows)
    rows = [
        [
            p,
            school_id,
            dates[1],
            blank_or(rng, rng.choice((1, 2, 2, 3, 3, 3))),
            blank_or(rng, "yes" if rng.random() < 0.6 else "no"),
        ]
        for p in attended[1]
    ]
    responses.add("session-feedback", rows)
    rows = [
        [
            p,
            school_id,
            dates[-1],
            blank_or(rng, rng.choice((2, 3, 4, 4, 5))),
            blank_or(rng, "yes" if rng.random() < 0.8 else "no"),
        ]
        for p in pseudonyms
        if rng.random() < 0.8
    ]
    responses.add("mentor-post", rows)
    # Drawn after the first five, so adding these left the smaller presets' files as they were.
    rows = [
        [
            p,
            school_id,
            dates[0],
            blank_or(rng, "yes" if rng.random() < 0.5 else "no", 0.1),
            blank_or(rng, "yes" if rng.random() < 0.7 else "no", 0.1),
        ]
        for p in pseudonyms
        if rng.random() < 0.75
    ]
    responses.add("teacher-pre", rows)
    for number in (1, 3, 4):
        rows = [
            [
                p,
                school_id,
                dates[number - 1],
                blank_or(rng, rng.choice((1, 2, 2, 3, 3, 3))),
                blank_or(rng, "yes" if rng.random() < 0.6 else "no"),
            ]
            for p in attended[number - 1]
        ]
        responses.add(f"session-{number}-feedback", rows)
    rows = [
        [
            p,
            school_id,
            after,
            blank_or(rng, rng.choice((2, 3, 4, 4, 5))),
            blank_or(rng, "yes" if rng.random() < 0.85 else "no"),
        ]
        for p in pseudonyms
        if rng.random() < 0.6
    ]
    responses.add("parent-post", rows)
    return len(pseudonyms)


# --------------------------------------------------------------------------


def generate(out: Path, config: Config, *, force: bool = False) -> Stats:
    """Write a complete content root (``content/`` and ``sessions/``) into ``out``."""
    started = time.perf_counter()
    out = Path(out)
    for folder in ("content", "sessions"):
        if (out / folder).exists():
            if not force:
                raise FileExistsError(f"{out / folder} exists: choose an empty folder or pass --force to replace it")
            shutil.rmtree(out / folder)
    stats = Stats()
    w = Writer(out, stats)
    write_fixed(w, config)

    schools = school_names(config)
    first_year = config.last_year - config.years + 1
    for index, (key, name) in enumerate(schools):
        rng = random.Random(f"{config.seed}/school/{key}")
        w.write(f"content/schools/{key}.yaml", school_yaml(index, key, name, academic_year(first_year), rng), "school")
    write_testimonials(w, config, schools)

    mentors = Mentors(w, config)
    surveys = SURVEY_ORDER[: config.surveys_per_year]
    for year_index in range(config.years):
        year = first_year + year_index
        responses = Responses(w, academic_year(year), surveys)
        try:
            for school_index, (key, _) in enumerate(schools):
                stats.mentee_years += write_cohort(w, mentors, responses, config, school_index, key, year_index, year)
                stats.cohorts += 1
        finally:
            responses.close()
        stats.response_rows += responses.rows
        stats.response_files += len(surveys)
        write_report(w, year, len(schools), config.mentees)

    stats.schools = len(schools)
    stats.mentors = len(mentors.ids)
    stats.seconds = time.perf_counter() - started
    return stats


def config_from_args(args: argparse.Namespace) -> Config:
    values = dict(PRESETS[args.preset]) if args.preset else {}
    for name in ("schools", "years", "mentees", "mentors_per_school", "surveys_per_year", "seed"):
        value = getattr(args, name)
        if value is not None:
            values[name] = value
    return Config(**values)


def check_source(parser: argparse.ArgumentParser, args: argparse.Namespace) -> bool:
    """A script measures a preset (or sizes) or a content root, never both. True when sizes were given."""
    sizing = any(
        getattr(args, n) is not None for n in ("schools", "years", "mentees", "mentors_per_school", "surveys_per_year")
    )
    if args.content_root and (args.preset or sizing):
        parser.error("give a PRESET (or sizing options) or --content-root, not both")
    return sizing


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The sizing options, shared with run.py."""
    parser.add_argument("--schools", type=int, help="number of schools (default 3)")
    parser.add_argument("--years", type=int, help=f"academic years, ending {academic_year(LAST_YEAR)} (default 2)")
    parser.add_argument("--mentees", type=int, help="mentees per cohort (default 30)")
    parser.add_argument("--mentors-per-school", type=int, help="mentors per school per year (default 3)")
    parser.add_argument(
        "--surveys-per-year",
        type=int,
        help=f"instruments with responses each year, 0..{len(SURVEY_ORDER)}: {', '.join(SURVEY_ORDER)} (default 4)",
    )
    parser.add_argument("--seed", type=int, help="random seed (default 1)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="where to write content/ and sessions/")
    parser.add_argument("--preset", choices=sorted(PRESETS), help="a named size; other options override it")
    parser.add_argument(
        "--force", action="store_true", help="replace OUT_DIR/content and OUT_DIR/sessions if they exist"
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        config = config_from_args(args)
        stats = generate(args.out, config, force=args.force)
    except (ValueError, FileExistsError) as exc:
        print(f"synth: {exc}", file=sys.stderr)
        return 2
    summary = {k: v for k, v in asdict(stats).items() if k not in ("counts", "seconds")}
    print(
        f"wrote {args.out} in {stats.seconds:.1f}s: "
        + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in summary.items()),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
