"""Shared building blocks of the content models.

Every model forbids unknown keys (a misspelt key is an error, not silently
ignored) and every field carries a ``description``: the descriptions become
the JSON Schemas editors show as hover text and the CMS shows as hints.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PSEUDONYM_PATTERN = r"^[A-Z0-9]{2,}(-[A-Z0-9]+)*$"
ACADEMIC_YEAR_PATTERN = r"^[0-9]{4}-[0-9]{2}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
#: A file inside content/assets/: no "..", no leading "/", no drive letter or
#: backslash, so a path can never reach outside the site.
_SEGMENT = r"[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*"
ASSET_PATTERN = rf"^{_SEGMENT}(/{_SEGMENT})*$"

#: The plain-English fix the validator prints when a value misses a pattern.
#: Keyed by the pattern itself so the JSON Schema, the CMS form and the CLI
#: all give the same advice.
HEX_COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"

PATTERN_HINTS: dict[str, str] = {
    SLUG_PATTERN: "use lower-case letters, digits and single hyphens, e.g. harbour-high",
    PSEUDONYM_PATTERN: ("use a pseudonym of capital letters and digits, e.g. EXAMPLE-01 — never a real name"),
    ACADEMIC_YEAR_PATTERN: "write the academic year as YYYY-YY, e.g. 2024-25",
    EMAIL_PATTERN: "write an email address such as skills@example.org",
    URL_PATTERN: "write a full web address starting with https://",
    TIME_PATTERN: "write a 24-hour time as HH:MM, e.g. 09:30",
    HEX_COLOUR_PATTERN: 'write a colour as # and six hex digits, in quotes: "#0f5e5a" (unquoted, # starts a note)',
    ASSET_PATTERN: "write a path inside content/assets/, e.g. logo.svg or images/team.jpg (no '..', no leading '/')",
}


def _check_academic_year(value: str) -> str:
    start, end = value.split("-")
    if (int(start) + 1) % 100 != int(end):
        raise ValueError(
            f'"{value}" is not an academic year: the second part must be the year after '
            f"the first, e.g. {start}-{(int(start) + 1) % 100:02d}"
        )
    return value


Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Pseudonym = Annotated[str, Field(pattern=PSEUDONYM_PATTERN)]
AcademicYear = Annotated[str, Field(pattern=ACADEMIC_YEAR_PATTERN), AfterValidator(_check_academic_year)]
Email = Annotated[str, Field(pattern=EMAIL_PATTERN)]
Url = Annotated[str, Field(pattern=URL_PATTERN)]
ClockTime = Annotated[str, Field(pattern=TIME_PATTERN)]
AssetPath = Annotated[str, Field(pattern=ASSET_PATTERN)]

#: JSON Schema annotations: ``contentMediaType`` marks Markdown fields (the CMS
#: gives them a rich editor), ``x-ref`` names the kind an identifier points to
#: (the CMS turns it into a relation widget; the validator checks it resolves).
MARKDOWN: JsonDict = {"contentMediaType": "text/markdown"}


def ref(kind: str) -> JsonDict:
    return {"x-ref": kind}


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors.

    ``renamed`` maps a field's old name to its new dotted path, so a file
    written against an older contract gets "renamed to" instead of
    "unknown field".
    """

    # coerce_numbers_to_str: `urn: 123456` or `group: 1` is meant as text.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    renamed: ClassVar[dict[str, str]] = {}


def slugify_label(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
