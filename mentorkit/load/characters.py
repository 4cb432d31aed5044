"""Characters a reader cannot see, and the check that refuses them in content.

A soft hyphen pasted from Word inside ``KW24-0\u00ad12`` displays as
``KW24-012``: the page shows a pseudonym that a byte-for-byte search does not
find. The privacy gate removes these characters before it matches
(``privacy.normalise``); ``check`` refuses them in content, so that what an
editor wrote is what the gate, the reader and a search engine all see.

The set is Unicode's Default_Ignorable_Code_Point property plus the
bidirectional controls (which reorder what is displayed). Emoji keep their
joiners and presentation selectors (U+200D, U+FE0E, U+FE0F after a symbol):
they cannot hide a pseudonym, and refusing them would refuse ordinary text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from mentorkit.problems import Problem

#: Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15) and the
#: bidirectional formatting characters (UAX #9: LRM, RLM, ALM, LRE..RLO, LRI..PDI).
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_EMOJI_JOINERS = {"\u200d", "\ufe0e", "\ufe0f"}


def _names(char: str) -> str:
    return unicodedata.name(char, f"U+{ord(char):04X}").lower()


def _emoji_part(text: str, index: int) -> bool:
    """A joiner or presentation selector that belongs to an emoji sequence."""
    if text[index] not in _EMOJI_JOINERS or index == 0:
        return False
    before = text[index - 1]
    return (
        unicodedata.category(before) in ("So", "Sk")
        or before in _EMOJI_JOINERS
        or "\U0001f3fb" <= before <= "\U0001f3ff"
    )


def invisible_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, description) of each invisible or bidi control character; both 1-based."""
    for match in INVISIBLE.finditer(text):
        index = match.start()
        if (index == 0 and text[0] == "\ufeff") or _emoji_part(text, index):
            continue  # a byte-order mark opening the file; an emoji's joiner
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        char = text[index]
        yield line, column, f"U+{ord(char):04X} {_names(char).upper()}"


#: A file full of them (a pasted document) is reported this many times, then once in sum.
MAX_REPORTED = 10


def invisible_problems(text: str, rel: str) -> list[Problem]:
    """``check``'s refusal of invisible and bidi control characters in one file's text."""
    problems: list[Problem] = []
    for count, (line, column, what) in enumerate(invisible_characters(text)):
        if count == MAX_REPORTED:
            problems.append(
                Problem(
                    rel,
                    line,
                    column,
                    "",
                    "invisible-character",
                    "more invisible characters follow; only the first ten are listed",
                    "remove them all, e.g. by pasting the text as plain text",
                )
            )
            break
        problems.append(
            Problem(
                rel,
                line,
                column,
                "",
                "invisible-character",
                f"an invisible character ({what}) is in the text",
                "delete it (retype the word around it): readers do not see it, and it can hide a pseudonym "
                "from the privacy check",
            )
        )
    return problems
