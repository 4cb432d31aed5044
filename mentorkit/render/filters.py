"""Named formatting filters for templates: one place for how figures, dates
and years read on the public site (British English conventions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup

from mentorkit.load.sanitise import clean_markdown


def long_date(day: dt.date | None) -> str:
    """4 March 2025 (GOV.UK style: no leading zero, no ordinal)."""
    if day is None:
        return ""
    return f"{day.day} {day:%B %Y}"


def academic_year(year: str) -> str:
    """2024-25 -> 2024 to 2025 (how GOV.UK writes academic years in prose)."""
    start = int(year[:4])
    return f"{start} to {start + 1}"


def clock(minutes: int) -> str:
    """Minutes from the start of a session as a running clock, 70 -> 1:10."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def percent(value: float | None, places: int = 0) -> str:
    if value is None:
        return ""
    return f"{value * 100:.{places}f}%"


def plural(count: int, singular: str, many: str | None = None) -> str:
    word = singular if count == 1 else (many or singular + "s")
    return f"{count:,} {word}"


def md(text: str | None) -> Markup:
    """Markdown from content, cleaned of raw HTML, marked safe for the page."""
    return Markup(clean_markdown(text or ""))


def sentence_list(items: list[Any]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def sentence(text: str) -> str:
    """``text`` ended as a sentence: a full stop added unless it already ends in one, ? or !."""
    text = str(text).rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."


FILTERS = {
    "long_date": long_date,
    "academic_year": academic_year,
    "clock": clock,
    "percent": percent,
    "plural": plural,
    "md": md,
    "sentence_list": sentence_list,
    "sentence": sentence,
}
