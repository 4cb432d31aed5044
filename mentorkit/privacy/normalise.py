"""The text a reader gets, normalised the same way on both sides of a match.

The gate must find ``KW24-012`` however a page spells it for the eye, the ear
(a screen reader) or a search engine. Each secret and each published text go
through ``normalise``, in this order:

1. HTML character references are decoded (``&#75;W24`` is ``KW24``), then URL
   percent-escapes, twice at most (``KW24%2D012``; ``%252D`` once more);
2. Unicode NFKC: full-width ``ＫＷ２４``, ligatures and mathematical letters
   become their plain letters;
3. invisible characters are removed: Unicode's default-ignorable code points
   (soft hyphen, zero-width space and joiners, word joiner, variation
   selectors) and the bidirectional controls (``load.characters.INVISIBLE``);
4. hyphen and minus look-alikes (U+2010..U+2015, U+2212, ...) become ``-``;
5. case is folded, then letters that look alike become one letter: a
   Cyrillic ``о`` is ``o``, a Greek ``Κ`` is ``k``, and the ASCII look-alikes
   ``0``/``o`` and ``1``/``l``/``i``/``|`` are one letter each. The table is
   built from Unicode's confusables data (UTS #39) as the
   ``confusable-homoglyphs`` package ships it: a non-ASCII character that
   Unicode lists as confusable with an ASCII letter or digit maps to it;
6. runs of white space (any Unicode space) become one space.

Markup between the characters is handled where the text is extracted
(``privacy.extract``): inline tags are removed without a space
(``KW24-<b>0</b>16`` is read ``KW24-016``), block tags become a space.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import confusable_homoglyphs

from mentorkit.load.characters import INVISIBLE

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u02d7\u058a\u1806\u2e3a\u2e3b\ufe58\ufe63\uff0d\u2796"
#: ASCII characters a reader cannot tell apart in a pseudonym, after case folding.
_ASCII_ALIKE = {"0": "o", "1": "l", "i": "l", "|": "l"}
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


@functools.cache
def _table() -> dict[str, str]:
    """Each non-ASCII character that looks like an ASCII one, or like a hyphen: its ASCII letter."""
    data = json.loads((Path(confusable_homoglyphs.__file__).parent / "confusables.json").read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for char, homoglyphs in data.items():
        if len(char) != 1 or char.isascii():
            continue
        ascii_ones = sorted(h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalnum())
        if ascii_ones:
            letter = ascii_ones[0].casefold()
            table[char] = _ASCII_ALIKE.get(letter, letter)
    for dash in _DASHES:
        table[dash] = "-"
    return table


# Applied to the UTF-8 bytes: a multi-byte character's bytes are all above 127, so only ASCII changes.
_ASCII_TABLE = bytes.maketrans("".join(_ASCII_ALIKE).encode(), "".join(_ASCII_ALIKE.values()).encode())
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _look_alikes(text: str) -> str:
    # str.translate looks up every character in Python; this touches only the rare non-ASCII ones.
    table = _table()
    if not text.isascii():
        text = _NON_ASCII.sub(lambda m: "".join([table.get(c, c) for c in m.group()]), text)
    return text.encode("utf-8", "surrogatepass").translate(_ASCII_TABLE).decode("utf-8", "surrogatepass")


def _decode(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    for _ in range(2):
        if "%" not in text or not _PERCENT.search(text):
            break
        text = unquote(text, errors="replace")
    return text


def normalise(text: str) -> str:
    """``text`` as the gate compares it (see the module's docstring for each step)."""
    text = unicodedata.normalize("NFKC", _decode(text))
    text = INVISIBLE.sub("", text)
    # Mapped before folding (a Greek capital Kappa is K, its small letter is not k), and after.
    text = _look_alikes(_look_alikes(text).casefold())
    return " ".join(text.split())
