"""``content/programme.yaml``: the one programme a site describes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from mentorkit.model.base import HEX_COLOUR_PATTERN, MARKDOWN, AssetPath, Email, Slug, Strict, Url, ref
from mentorkit.model.meaningful import MEANINGFUL_DESCRIPTION, MeaningfulEncounter

#: The licences open data may be published under: Open Definition / SPDX identifier -> (title, address).
#: OGL v3.0 is what UK public bodies normally use; the others are the common open licences a charity or
#: school trust might already publish under. Each lets anyone reuse the data with attribution (or none, CC0).
LICENCES: dict[str, tuple[str, str]] = {
    "OGL-UK-3.0": (
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-By-1.0": ("Open Data Commons Attribution License v1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}
LicenceId = Literal["OGL-UK-3.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "ODC-By-1.0", "ODbL-1.0"]


class Organisation(Strict):
    name: str = Field(description="The organisation that runs the programme, e.g. a council or a school.")
    team: str | None = Field(None, description="The team inside the organisation, e.g. 'Skills team'.")
    email: Email | None = Field(None, description="Public contact email for the programme.")
    website: Url | None = Field(None, description="The organisation's website.")
    phone: str | None = Field(None, description="Public contact telephone number.")
    address: str | None = Field(None, description="Public postal address (an office, never a person's home).")
    safeguarding_contact: str = Field(
        "the school's designated safeguarding lead (DSL)",
        description="Who mentors report safeguarding concerns to, written as a role, never a person's name.",
    )


class Aim(Strict):
    id: Slug = Field(description="Identifier sessions use to say which aims they serve.")
    text: str = Field(description="The aim in one sentence.")


class ShortTermOutcome(Strict):
    id: Slug = Field(description="Identifier survey questions use to say which outcome they measure.")
    text: str = Field(description="The outcome in one sentence.")


class LongTermOutcome(Strict):
    id: Slug = Field(description="Identifier of the long-term outcome.")
    text: str = Field(description="The outcome in one sentence, e.g. '% 16-17 year olds NEET'.")
    indicator: Slug | None = Field(
        None,
        description="The indicator (content/indicators/<id>.yaml) that tracks this outcome.",
        json_schema_extra=ref("indicator"),
    )


class Outcomes(Strict):
    short_term: list[ShortTermOutcome] = Field(
        default_factory=list, description="What the programme changes for mentees within the year."
    )
    long_term: list[LongTermOutcome] = Field(
        default_factory=list, description="The long-term goals the programme works towards."
    )


class Award(Strict):
    year: int = Field(ge=1990, le=2100, description="Year the award was given.")
    title: str = Field(description="The award, e.g. 'Joint first prize, most innovative project'.")
    awarded_by: str = Field(description="Who gave the award.")


class Recruitment(Strict):
    headline: str = Field(description="The call to action on the 'Become a mentor' page.")
    commitment: str = Field(
        description="What mentoring involves in time and effort (Markdown).", json_schema_extra=MARKDOWN
    )
    requirements: list[str] = Field(
        default_factory=list, description="What a mentor needs, one item each (e.g. an enhanced DBS check)."
    )
    apply_url: Url | None = Field(None, description="Web address of the application form.")
    apply_email: Email | None = Field(None, description="Email address applications go to.")

    @model_validator(mode="after")
    def _one_way_to_apply(self) -> Recruitment:
        if not self.apply_url and not self.apply_email:
            raise ValueError("recruitment needs a way to apply: add apply_url or apply_email")
        return self


class Accreditation(Strict):
    body: str = Field(description="The awarding body, e.g. 'Institute of Leadership and Management'.")
    status: str = Field(description="e.g. 'Accredited hub centre'.")
    since: str | None = Field(None, description="Academic year or year the accreditation began.")
    qualification: str | None = Field(None, description="The qualification mentors take.")


class Disclosure(Strict):
    """How small numbers are protected; defaults follow UK official-statistics practice."""

    min_count: int = Field(
        5, ge=1, description="Counts from 1 to min_count-1 are suppressed ([c]); 0 is shown as a true zero."
    )
    complement: bool = Field(
        True,
        description=(
            "Also suppress a count when the rest of its base is small (so '28 of 29' cannot single out the one)."
        ),
    )
    min_base: int = Field(10, ge=1, description="No percentage is published on a base smaller than this.")
    rationale: str | None = Field(
        None, description="Why this programme uses this policy; printed with the footnote on every table."
    )


#: A colour as the web writes it: # and six hexadecimal digits.
HexColour = Annotated[str, Field(pattern=HEX_COLOUR_PATTERN)]


class Colours(Strict):
    """The programme's own colours; checked for contrast (WCAG AA) with the text drawn on and around them."""

    primary: HexColour = Field(
        description="Main colour, e.g. '#0f5e5a': the header bar (with white text on it) and links on the white page."
    )
    accent: HexColour | None = Field(
        None, description="Second colour, e.g. '#8a3b12': buttons and links under the pointer. Default: the primary."
    )


class SiteSettings(Strict):
    url: Url | None = Field(None, description="Where the public site is published (used for the sitemap).")
    language: str = Field("en-GB", description="Language of the site's content.")
    example_data: bool = Field(
        False,
        description="Set to true when rosters, surveys and people are invented: every page then says so.",
    )
    logo: AssetPath | None = Field(
        None, description="The programme's logo, a file in content/assets/ (SVG or PNG), shown in the site header."
    )
    favicon: AssetPath | None = Field(
        None, description="The small icon browsers show in the tab, a file in content/assets/ (PNG or SVG, square)."
    )
    social_image: AssetPath | None = Field(
        None,
        description="The picture shown when someone shares a link to the site, a file in content/assets/ "
        "(PNG or JPEG, 1200 by 630 pixels).",
    )
    colours: Colours | None = Field(None, description="The programme's own colours (default: the theme's indigo).")
    accessibility_tested: date | None = Field(
        None,
        description=(
            "Date the site was last tested for accessibility, e.g. by a manual audit (shown in the "
            "accessibility statement; without it, the build date)."
        ),
    )
    accessibility_issues: list[str] = Field(
        default_factory=list,
        description=(
            "Known accessibility problems, one sentence each (what fails, for whom, and when it will be "
            "fixed). The accessibility statement lists them and then says the site is partially compliant."
        ),
    )


class Programme(Strict):
    id: Slug = Field(description="Short identifier cohorts and testimonials use, e.g. 60mm.")
    name: str = Field(description="Full name of the programme.")
    short_name: str = Field(description="Short name used in headers and page titles.")
    organisation: Organisation = Field(description="Who runs the programme and how to reach them.")
    summary: str = Field(description="What the programme is, for the home page (Markdown).", json_schema_extra=MARKDOWN)
    how_it_works: str | None = Field(
        None, description="Longer description for the 'How it works' page (Markdown).", json_schema_extra=MARKDOWN
    )
    why_mentoring: str | None = Field(
        None, description="The case for mentoring, for the home page (Markdown).", json_schema_extra=MARKDOWN
    )
    mentor_kind: Literal["business", "peer"] = Field(
        "business", description="Whether mentors come from local businesses or are peer (student) mentors."
    )
    year_groups: list[int] = Field(description="School year groups mentees come from, e.g. [8].")
    duration_months: int = Field(ge=1, le=24, description="How long a cohort runs, in months.")
    sessions_per_cohort: int = Field(
        ge=1, le=50, description="Number of structured sessions; session plans are numbered 1..this."
    )
    session_minutes: int | None = Field(
        None,
        ge=5,
        le=480,
        description="How long a session usually lasts, in minutes (new session plans start with this length).",
    )
    group_size: int | None = Field(None, ge=1, description="Typical number of mentees per mentor in group sessions.")
    aims: list[Aim] = Field(description="What each session is designed to do.")
    outcomes: Outcomes = Field(default_factory=Outcomes, description="Short- and long-term outcomes.")
    awards: list[Award] = Field(default_factory=list, description="Awards the programme has won.")
    recruitment: Recruitment = Field(description="The mentor recruitment call to action.")
    for_schools: str | None = Field(
        None, description="What schools commit to and receive (Markdown).", json_schema_extra=MARKDOWN
    )
    meaningful_encounter: MeaningfulEncounter | None = Field(None, description=MEANINGFUL_DESCRIPTION)
    accreditation: Accreditation | None = Field(None, description="Accreditation held, if any.")
    disclosure: Disclosure = Field(
        default_factory=Disclosure, description="Small-number suppression policy for published figures."
    )
    site: SiteSettings = Field(default_factory=SiteSettings, description="Settings of the public site.")
    licence: LicenceId = Field(
        "OGL-UK-3.0",
        description="The licence the open data (CSV files) is published under: OGL-UK-3.0 (Open Government "
        "Licence v3.0, the usual choice of a council), CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODC-By-1.0 or ODbL-1.0.",
    )
