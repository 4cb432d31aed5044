"""Every problem code mentorkit prints, in one registry: the code, a one-line title, who prints it.

A problem's code (``[unknown-mentor]`` at the end of its line) is stable, so
tools, tests and reviewers can match on it, and ``docs/content-model.md``
("Rules the build enforces") explains each one. Like frictionless' registry of
error types, this is the list both are held to: tests/test_problem_codes.py
fails when the source constructs a ``Problem`` with a code missing here, or
when a code here is missing from the documentation.

To add a code: add a ``Code`` line here (alphabetical order) and a row to the
matching table in docs/content-model.md.
"""

from __future__ import annotations

from dataclasses import dataclass

#: ``check``, and every command that checks the content first (build, serve,
#: status, schema, match, private).
CHECK = ("check",)
#: Found while the pages are rendered or the site built: ``build`` and ``serve``.
BUILD = ("build", "serve")


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    commands: tuple[str, ...]


CODES: tuple[Code, ...] = (
    Code("agenda-minutes", "a session plan's agenda minutes do not add up to its duration_minutes", CHECK),
    Code("ambiguous-date", "an export's dates could be day/month or month/day", ("import-survey",)),
    Code("asset-type", "a file in content/assets/ is of a type that is not published", CHECK),
    Code(
        "asset-unsafe",
        "an asset could run script, load something or hide text: an SVG with script or links, "
        "a PDF with notes, attachments, forms or JavaScript, an unreadable image",
        CHECK + BUILD,
    ),
    Code(
        "attendance-not-delivered", "attended is filled in for a delivery whose status is planned or cancelled", CHECK
    ),
    Code("attendance-not-recorded", "a delivered session has no attended list: shown as not recorded, never 0%", CHECK),
    Code("bad-file-name", "a file or folder name does not give a valid id", CHECK),
    Code("bad-key", "a field name is not plain text", CHECK),
    Code("bad-pairing", "pairs_with names a survey whose timing is not pre", CHECK),
    Code("bad-year", "--year is not an academic year", ("import-survey",)),
    Code("binary-file", "the file contains NUL bytes: it is not a text file", CHECK),
    Code("blank-row", "a row is empty", CHECK + ("import-survey",)),
    Code("body-in-front-matter", "a body: field is written in the front matter", CHECK),
    Code("constraint", "any other rule of the Table Schema is broken", CHECK),
    Code("content-errors", "the content has errors, so an import cannot be checked against it", ("import-survey",)),
    Code("control-character", "an invisible control character (often pasted from Word or a PDF) is in the text", CHECK),
    Code("date-outside-year", "a date falls outside its academic year", CHECK + ("import-survey",)),
    Code("dates-reversed", "a cohort's end is before its start", CHECK),
    Code("dbs-expired", "a matched mentor's DBS certificate is over 3 years old at the cohort's start", CHECK),
    Code("dbs-lapses", "a matched mentor's DBS certificate lapses before the cohort ends", CHECK),
    Code("dbs-missing", "a matched mentor has no DBS check recorded", CHECK),
    Code(
        "dbs-no-barred-list", "the enhanced check has barred_list: false and the cohort has one-to-one sessions", CHECK
    ),
    Code("dbs-not-enhanced", "a matched mentor's DBS check is basic or standard, not enhanced", CHECK),
    Code("delivery-outside-cohort", "a delivery's date is outside the cohort's start to end", CHECK),
    Code("duplicate-column", "two columns of an export answer one question", ("import-survey",)),
    Code("duplicate-id", "two aims, outcomes or questions share an id", CHECK),
    Code("duplicate-key", "the same field appears twice in one block", CHECK),
    Code("duplicate-order", "two handbook chapters have the same order", CHECK),
    Code("duplicate-pseudonym", "a pseudonym appears twice in a cohort, or in two cohorts", CHECK),
    Code("duplicate-row", "two CSV rows for one mentee or one year", CHECK + ("import-survey",)),
    Code("duplicate-session", "two session plans have the same number", CHECK),
    Code(
        "ees-school-codes",
        "a school with figures has no urn or laestab, so its rows are left out of the EES open data",
        CHECK,
    ),
    Code(
        "employer-size-for-peer", "a peer mentor has an employer_size: peer mentors are students, not employers", CHECK
    ),
    Code("empty-columns", "the header has empty columns, usually added at the end by a spreadsheet", CHECK),
    Code(
        "editor-repository-unset",
        "repo_url in mkdocs.yml is unset or a placeholder: /admin/ saves nothing, no Edit this page",
        ("build", "serve"),
    ),
    Code("empty-export", "the export is empty", ("import-survey",)),
    Code("empty-file", "the YAML file is empty", CHECK),
    Code("extra-cell", "a row has more cells than there are columns: a stray comma", CHECK),
    Code("figure-in-highlight", "a report highlight states a figure the build does not compute", CHECK),
    Code("file-exists", "the file to be written already exists", ("import-survey", "new")),
    Code("file-too-large", "a YAML or Markdown file over 2 MB, or a CSV over 50 MB", CHECK),
    Code("inactive-mentor", "a matched mentor is marked active: false", CHECK),
    Code("init-answer", "an answer given to init (a flag) is not valid: nothing was written", ("init",)),
    Code("init-not-empty", "init was pointed at a folder that already holds something: nothing was written", ("init",)),
    Code("invalid-answer", "an export's answer is not one the question allows", ("import-survey",)),
    Code("invalid-block", "a block of indented fields was expected", CHECK),
    Code("invalid-boolean", "true or false was expected", CHECK),
    Code("invalid-choice", "a value is not one of the allowed values", CHECK),
    Code("invalid-date", "a date is not a real YYYY-MM-DD date", CHECK + ("import-survey",)),
    Code("invalid-format", "a value misses its form (email, web address, time, year, URN)", CHECK),
    Code("invalid-id", "a value that should be an identifier is not (capitals, spaces, underscores…)", CHECK),
    Code("invalid-list", "a list was expected", CHECK),
    Code("invalid-number", "a whole number was expected", CHECK),
    Code("invalid-pseudonym", "a mentee pseudonym is not in the pseudonym form", CHECK + ("import-survey",)),
    Code("invalid-text", "text was expected, e.g. an unquoted number in a text field", CHECK),
    Code("invalid-value", "a rule inside one file is broken", CHECK),
    Code(
        "invisible-character",
        "an invisible or bidirectional control character (a soft hyphen, a zero-width space) is in the text",
        CHECK,
    ),
    Code("laestab-mismatch", "a school's laestab does not start with its local authority's old_code", CHECK),
    Code("low-contrast", "a site.colours colour is under WCAG AA's 4.5:1 with white text", CHECK),
    Code(
        "markdown-too-complex",
        "Markdown the site generator would take minutes over, or could not render (too many brackets, nested too deep)",
        CHECK,
    ),
    Code("match-failed", "the matching solver failed", ("match",)),
    Code(
        "meaningful-criteria-missing",
        "sessions with employers do not say how they meet all four criteria of a meaningful encounter (Benchmark 5)",
        CHECK,
    ),
    Code("mentor-kind", "a mentor's kind differs from the programme's mentor_kind", CHECK),
    Code("missing-asset", "the programme's logo, favicon or social_image names no file in content/assets/", CHECK),
    Code("missing-cell", "a row has fewer cells than there are columns: a missing comma", CHECK),
    Code("missing-column", "no column of an export holds the pseudonym or the school", ("import-survey",)),
    Code("missing-field", "a required field is missing", CHECK),
    Code("missing-file", "content/programme.yaml is missing", CHECK + ("import-survey", "match")),
    Code("missing-front-matter", "a Markdown file does not start with a --- line", CHECK),
    Code("missing-series", "an indicator's .yaml has no matching .csv", CHECK),
    Code("missing-session", "a session number from 1 to sessions_per_cohort has no plan", CHECK),
    Code(
        "missing-value",
        "a cell that may not be blank is blank (mentee, school, submitted, year, value)",
        CHECK + ("import-survey",),
    ),
    Code("mkdocs-config", "the site's mkdocs.yml cannot be read (keep it plain YAML, without !!python tags)", CHECK),
    Code("name-mismatch", "a field disagrees with the file name or folder", CHECK),
    Code("no-cohort", "a response row's school has no cohort in that academic year", CHECK),
    Code("no-content", "there is no content/ folder where the command was run (use --content-root DIR)", CHECK),
    Code("not-a-cohort", "the file given to match is not a cohort file of the site", ("match",)),
    Code("not-a-mapping", "the file is not field: value lines", CHECK),
    Code("not-utf8", "the file is not UTF-8 text", CHECK),
    Code("number-too-long", "a whole number of more than 30 digits", CHECK),
    Code("out-of-range", "a number is outside its limits", CHECK),
    Code("over-capacity", "a mentor has more mentees in a year than their max_mentees", CHECK),
    Code("page-conflict", "a free page in content/pages/ would take the address of a page the build generates", BUILD),
    Code("pdf-engine", "the PDF engine (WeasyPrint) cannot run on this machine", ("build",)),
    Code("pdf-resource", "a printable page refers to an image or stylesheet the PDF engine cannot find", ("build",)),
    Code("peer-name", "a peer mentor has publish_name: true", CHECK),
    Code(
        "privacy-leak",
        "a private value (pseudonym, unconsented name, quote or answer) would be published",
        CHECK + BUILD,
    ),
    Code(
        "private-in-public", "private files would be written where the public site is built from or into", ("private",)
    ),
    Code("raw-html", "raw HTML or an unsafe link in Markdown", CHECK),
    Code("renamed-field", "a field that has been renamed: the hint names the new one", CHECK),
    Code("report-without-cohorts", "an annual report is for a year with no cohorts", CHECK),
    Code("reserved-id", "a question id is one of the CSV's own columns", CHECK),
    Code(
        "script-in-page",
        "a built page has an event handler, a script or data URL, or an inline script the theme did not write",
        BUILD,
    ),
    Code("semicolon-csv", "the columns are separated by semicolons (a spreadsheet set to a European locale)", CHECK),
    Code("session-out-of-range", "a session's number is above sessions_per_cohort", CHECK),
    Code("site-build-failed", "the site generator reported an error or warning", BUILD),
    Code("stray-file", "a file in content/ or sessions/ that no kind reads", CHECK),
    Code("symlink", "a symbolic link in content/, sessions/, site_overrides/ or as mkdocs.yml", CHECK),
    Code("tab-indent", "a tab is used for indentation", CHECK),
    Code("template-error", "a page template (or an override in content/templates/) failed", BUILD),
    Code("too-deep", "a file is nested too deeply to read", CHECK),
    Code("too-many-values", "a file holds more than 200,000 values", CHECK),
    Code("training-after-start", "a mentor's safeguarding training is dated after the cohort's start", CHECK),
    Code("training-lapses", "a matched mentor's safeguarding training lapses before the cohort ends", CHECK),
    Code("training-missing", "a matched mentor has no safeguarding_training date", CHECK),
    Code("unclosed-front-matter", "the front matter's closing --- is missing", CHECK),
    Code("unclosed-quote", "a CSV cell opens a double quote that is never closed", CHECK),
    Code("unknown-aim", "a session plan's aims names an aim not in programme.yaml", CHECK),
    Code("unknown-attendee", "a pseudonym in attended is not one of this cohort's mentees", CHECK),
    Code("unknown-column", "an export's column is no question of the survey", ("import-survey",)),
    Code("unknown-field", "a field the kind does not have, usually a typo", CHECK),
    Code("unknown-indicator", "an indicator id or indicator CSV has no indicator file", CHECK),
    Code(
        "unknown-mentee",
        "a response row's mentee is not in that school's cohort for that year",
        CHECK + ("import-survey",),
    ),
    Code("unknown-mentor", "a mentee's mentor or a delivery's mentor names no mentor file", CHECK),
    Code("unknown-outcome", "a question's outcome is not a short-term outcome id of the programme", CHECK),
    Code("unknown-programme", "a cohort's or testimonial's programme is not the id in programme.yaml", CHECK),
    Code("unknown-school", "a school id names no school file", CHECK + ("import-survey",)),
    Code("unknown-session", "a delivery's session number has no session plan", CHECK),
    Code("unknown-source", "a testimonial's source is neither a school id nor one of the allowed roles", CHECK),
    Code(
        "unknown-survey", "a session plan's survey or a survey's pairs_with names no survey", CHECK + ("import-survey",)
    ),
    Code("unportable-plugin", "the site's mkdocs.yml names a plugin other than search: it is ignored", CHECK),
    Code("unreadable-file", "the file cannot be opened (permissions, a broken link)", CHECK),
    Code("unreadable-table", "the CSV cannot be read as a table at all", CHECK + ("import-survey",)),
    Code(
        "unsafe-site-dir",
        "the output folder is or overlaps the content, a repository or a folder of other files",
        BUILD,
    ),
    Code("web-fonts", "the site's mkdocs.yml sets theme.font: it is ignored, fonts stay local", CHECK),
    Code("wrong-columns", "a CSV header is not exactly the expected columns in order", CHECK),
    Code("wrong-extension", "a file ends in .yml", CHECK),
    Code("wrong-length", "a list is too short, e.g. a survey without questions", CHECK),
    Code("which-survey", "an export's columns fit more than one survey, or none", ("import-survey",)),
    Code("wrong-school", "an export's pseudonym belongs to another school's cohort", ("import-survey",)),
    Code("yaml-alias", "YAML anchors and aliases (&name, *name) are used", CHECK),
    Code("yaml-curly-quotes", "a value opens with Word's curly quote, so its ': ' breaks the YAML", CHECK),
    Code("yaml-syntax", "the file is not valid YAML", CHECK),
    Code("yaml-tag", "a tag such as !!python/object or !include is used", CHECK),
    Code("year-group", "a cohort's year group is not one of the programme's", CHECK),
)

BY_CODE = {code.code: code for code in CODES}
