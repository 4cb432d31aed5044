"""The typed-value scan (``sources.scan``) again only where an edit can change its answer.

Finding the site's private values and normalising each for the matcher is
most of a warm ``check`` (2 s of 270,000 values at national size), and none
of it changes when a session plan is edited. The values are a function of
the files of ``SECRET_KINDS`` alone (``gate.secrets`` reads nothing else), and
one file's findings are a function of its own bytes and of those values
(``sources.scan_model``). So, kept in the disk cache (signed like the rest):

- the values' normalised forms (``keys``) and the values themselves, by a
  hash of the files they come from (``ReadCache.digest``);
- each scanned file's findings, by its content hash.

While the values' files are unchanged, an unchanged file's findings are
reused and a changed file is searched by looking its word-bounded substrings
up among the known normalised values (``KnownValues``): exactly the matches
the gate's automaton makes, since every value must stand alone as words.
Only on a hit are the values loaded, and the hit ones searched for with the
gate's own ``Matcher``. Any change to those files, a value that need not
stand alone, or a cache that cannot vouch for every file: everything is
found and scanned again, as without a cache.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import Any

from mentorkit.load.cache import ReadCache
from mentorkit.load.content import Site
from mentorkit.load.memo import Kept
from mentorkit.privacy.gate import Clean, Matcher, Secret, _is_word, _normal, secrets
from mentorkit.privacy.sources import markdown_models, scan_model
from mentorkit.problems import Problem

#: The kinds of file ``gate.secrets`` reads ("table": survey responses; the surveys say which columns are free text).
SECRET_KINDS = frozenset({"cohort", "mentor", "testimonial", "survey", "table"})
KEYS, VALUES, FINDINGS = "privacy-keys", "privacy-values", "privacy-findings"
#: What the build's scans of its outputs passed: for these private values (CLEAN), and for the theme (PAGES).
CLEAN, PAGES = "privacy-clean", "script-clean"

FileKey = tuple[str, str]


class KnownValues:
    """``Matcher.find`` for a few texts, without building the automaton of every value."""

    def __init__(self, keys: frozenset[str], longest: int, load: Callable[[], dict[str, list[Secret]]]) -> None:
        self.keys, self.longest, self.load = keys, longest, load
        self.empty = not keys

    def find(self, text: str) -> Iterator[Secret]:
        hits = self.hits(_normal(text))
        if hits:
            values = self.load()
            yield from Matcher([], {key: values[key] for key in sorted(hits)}).find(text)

    def hits(self, haystack: str) -> set[str]:
        """The known values that stand alone somewhere in ``haystack`` (already normalised)."""
        size = len(haystack)
        word = [_is_word(char) for char in haystack]
        starts = [i for i in range(size) if i == 0 or not word[i - 1]]
        ends = [i + 1 for i in range(size) if i + 1 == size or not word[i + 1]]
        found = set()
        for start in starts:
            index = bisect_left(ends, start + 1)
            while index < len(ends) and ends[index] - start <= self.longest:
                if haystack[start : ends[index]] in self.keys:
                    found.add(haystack[start : ends[index]])
                index += 1
        return found


def scan(site: Site, cache: ReadCache | None, kept: Kept) -> list[Problem]:
    """``sources.scan``, redoing only what changed since what ``kept`` holds (see the module's docstring)."""
    inputs = cache.digest(SECRET_KINDS) if cache is not None else None
    kept.memory.update(matcher=None, inputs=inputs, site=site)
    digests = {key: entry[0] for key, entry in cache.entries.items() if len(key) == 2} if cache is not None else {}
    known = kept.get(KEYS, inputs)
    if known is not None and known[2]:  # known[2]: every value must stand alone (KnownValues relies on it)
        finder: Matcher | KnownValues = KnownValues(known[0], known[1], functools.partial(_values, kept))
        findings = kept.get(FINDINGS, inputs) or {}
    else:
        finder = kept.memory["matcher"] = Matcher(secrets(site))
        whole = all(s.whole_word for s in finder.found)
        kept.put(KEYS, inputs, (frozenset(finder.keys), max(map(len, finder.keys), default=0), whole))
        kept.put(VALUES, inputs, (finder.found, finder.keys))
        findings = {}
    problems, now = scan_all(site, finder, findings, digests)
    if now != findings:
        kept.put(FINDINGS, inputs, now)
    return problems


def full_matcher(kept: Kept, site: Site) -> Matcher:
    """Every private value of the site ``scan`` last saw, ready to search the rendered pages: its own, or kept."""
    scanned = kept.memory.get("site")
    # ``checked`` hands on a copy of the scanned site sharing its parts: the same content.
    same = scanned is not None and scanned.root == site.root and scanned.sources is site.sources
    matcher = kept.memory.get("matcher") if same else None
    if matcher is None:
        values = kept.get(VALUES, kept.memory.get("inputs")) if same else None
        matcher = kept.memory["matcher"] = Matcher(*values) if values is not None else Matcher(secrets(site))
    return matcher


def cleans(kept: Kept) -> tuple[Clean, Clean]:
    """What the last build found clean: outputs searched for the same private values, pages searched for script."""
    inputs = kept.memory.get("inputs")
    return Clean(kept.get(CLEAN, inputs) or frozenset()), Clean(kept.get(PAGES, b"theme") or frozenset())


def keep_cleans(kept: Kept, clean: Clean | None, pages: Clean | None) -> None:
    """Keep what this build found clean (only this build's outputs: the rest are gone)."""
    if clean is not None and pages is not None:
        kept.put(CLEAN, kept.memory.get("inputs"), frozenset(clean.now))
        kept.put(PAGES, b"theme", frozenset(pages.now))  # the theme is in each page's key


def _values(kept: Kept) -> dict[str, list[Secret]]:
    values = kept.get(VALUES, kept.memory["inputs"])
    if values is None:  # lost since the keys were read: find them again
        return Matcher(secrets(kept.memory["site"])).keys
    return values[1]


def scan_all(
    site: Site,
    finder: Matcher | KnownValues,
    kept: dict[FileKey, tuple[bytes, list[Problem]]],
    digests: dict[Any, bytes],
) -> tuple[list[Problem], dict[FileKey, tuple[bytes, list[Problem]]]]:
    """``sources.scan``, reusing ``kept`` findings of files whose bytes are unchanged; returns them as they are now."""
    problems: list[Problem] = []
    now: dict[FileKey, tuple[bytes, list[Problem]]] = {}
    if finder.empty:
        return problems, now
    for kind, source, model in markdown_models(site):
        key = (kind, source.rel)
        digest, before = digests.get(key), kept.get(key)
        found = before[1] if digest is not None and before is not None and before[0] == digest else None
        if found is None:
            found = scan_model(site, source, model, finder)
        if digest is not None:
            now[key] = (digest, found)
        problems += found
    return problems, now
