"""Schools and mentors: ``content/schools/<id>.yaml``, ``content/mentors/<id>.yaml``."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from mentorkit.model.base import MARKDOWN, AcademicYear, Slug, Strict, Url, ref
from mentorkit.model.meaningful import MODE_DESCRIPTION, SIZE_DESCRIPTION, EmployerSize, Mode


class LocalAuthority(Strict):
    """The school's local authority, as Get Information about Schools and the DfE's statistics name it."""

    name: str = Field(description="The local authority's name, e.g. Southend-on-Sea.")
    code: str = Field(
        pattern=r"^E(06|08|09|10)[0-9]{6}$",
        description="The 9-character GSS code of the local authority, e.g. E06000033 (from GIAS or the ONS).",
    )
    old_code: str = Field(
        pattern=r"^[0-9]{3}$",
        description="The 3-digit DfE local authority number, e.g. 882: the first three digits of every LAESTAB.",
    )


class School(Strict):
    id: Slug | None = Field(None, description="Optional; when given it must equal the file name.")
    name: str = Field(description="The school's name.")
    urn: str | None = Field(
        None,
        pattern=r"^[0-9]{6}$",
        description="The school's 6-digit Unique Reference Number from Get Information about Schools.",
    )
    laestab: str | None = Field(
        None,
        pattern=r"^[0-9]{7}$",
        description="The school's 7-digit LAESTAB (local authority number, then establishment number) "
        "from Get Information about Schools.",
    )
    local_authority: LocalAuthority | None = Field(
        None, description="The school's local authority; the open data then publishes totals at local authority level."
    )
    town: str = Field(description="Town the school is in.")
    website: Url | None = Field(None, description="The school's website.")
    joined: AcademicYear = Field(description="Academic year the school joined, e.g. 2023-24.")
    active: bool = Field(True, description="Whether the school takes part this year.")
    fictional: bool = Field(
        False, description="True for invented example schools; pages then label the school as fictional."
    )


class Dbs(Strict):
    type: Literal["basic", "standard", "enhanced"] = Field(description="Level of the DBS check.")
    issued: date = Field(description="Date on the DBS certificate (YYYY-MM-DD).")
    update_service: bool = Field(
        False, description="True when the certificate is kept current on the DBS Update Service."
    )
    barred_list: bool = Field(
        True, description="Whether the children's barred list was checked (required for regulated activity)."
    )


class Consent(Strict):
    publish_name: bool = Field(False, description="The mentor agreed that their name may appear on the public site.")
    publish_organisation: bool = Field(
        False, description="The mentor agreed that their employer may be named on the public site."
    )
    publish_quote: bool = Field(False, description="The mentor agreed that their quote and bio may be published.")
    recorded: date | None = Field(None, description="Date consent was recorded.")


class Qualification(Strict):
    name: str = Field(description="e.g. 'ILM Level 2 Certificate in Coaching and Mentoring for Young Learners'.")
    academic_year: AcademicYear = Field(description="Academic year the mentor studied for it.")
    status: Literal["enrolled", "achieved", "withdrawn"] = Field(
        description="Where the mentor is with the qualification."
    )
    awarded: date | None = Field(None, description="Date the qualification was awarded (status achieved).")

    @model_validator(mode="after")
    def _awarded_matches_status(self) -> Qualification:
        if self.status == "achieved" and self.awarded is None:
            raise ValueError("an achieved qualification needs its awarded date (YYYY-MM-DD)")
        if self.status != "achieved" and self.awarded is not None:
            raise ValueError(f"awarded is set but status is {self.status}: set status to achieved or remove awarded")
        return self


class Mentor(Strict):
    renamed = {"dbs_type": "dbs.type", "dbs_issued": "dbs.issued", "employer": "organisation"}

    id: Slug | None = Field(None, description="Optional; when given it must equal the file name.")
    name: str = Field(description="The mentor's name. Published only with consent.publish_name.")
    kind: Literal["business", "peer"] = Field(
        description="business: an adult from a local employer; peer: a student mentor."
    )
    organisation: str | None = Field(
        None, description="Employer (business mentors). Published only with consent.publish_organisation."
    )
    sector: Slug = Field(
        description=(
            "Sector the mentor works in, as a slug, e.g. finance, construction, health; used for matching and "
            "shown when the name is not."
        )
    )
    employer_size: EmployerSize | None = Field(None, description="Business mentors: " + SIZE_DESCRIPTION)
    mode: Mode | None = Field(
        None, description=MODE_DESCRIPTION + " The default for this mentor's sessions; a delivery can say otherwise."
    )
    role: str | None = Field(None, description="Job title (business) or role, e.g. 'Sixth Form peer mentor'.")
    dbs: Dbs | None = Field(None, description="The mentor's DBS check. Business mentors need an enhanced check.")
    safeguarding_training: date | None = Field(
        None, description="Date of the mentor's most recent safeguarding training (YYYY-MM-DD)."
    )
    consent: Consent = Field(default_factory=Consent, description="What the mentor agreed may be published.")
    bio: str | None = Field(
        None,
        description="A short introduction (Markdown). Published only with consent.publish_quote.",
        json_schema_extra=MARKDOWN,
    )
    quote: str | None = Field(
        None, description="Why they mentor, in their words. Published only with consent.publish_quote."
    )
    max_mentees: int | None = Field(None, ge=1, le=60, description="Most mentees this mentor can take.")
    schools: list[Slug] = Field(
        default_factory=list,
        description="Schools the mentor can travel to (empty: any school).",
        json_schema_extra=ref("school"),
    )
    school: Slug | None = Field(
        None, description="Peer mentors: the school they study at.", json_schema_extra=ref("school")
    )
    year_group: int | None = Field(None, ge=7, le=14, description="Peer mentors: their year group, e.g. 12.")
    subject: str | None = Field(None, description="Peer mentors: the subject they mentor in.")
    qualification: Qualification | None = Field(
        None, description="Peer mentors: the coaching and mentoring qualification."
    )
    active: bool = Field(True, description="False once the mentor has left the programme.")

    @model_validator(mode="after")
    def _peer_fields(self) -> Mentor:
        if self.kind == "peer":
            missing = [f for f in ("school", "year_group", "subject") if getattr(self, f) is None]
            if missing:
                raise ValueError(f"a peer mentor needs {', '.join(missing)}")
        elif self.qualification is not None:
            raise ValueError("qualification is for peer mentors: remove it or set kind: peer")
        return self
