"""The privacy gate: prove that no private value reached a public output.

Templates only ever receive public views (``public.py``), so leaks should be
impossible; this gate checks the result rather than trusting the design. It
collects every private value from the content — mentee pseudonyms, mentor
names, organisations, bios and quotes without consent, testimonials without
consent, free-text survey answers — and searches every byte the build wrote.
A hit fails the build with where the value came from and where it leaked.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any

import ahocorasick

from mentorkit.load.content import Site
from mentorkit.load.source import FieldPath, dotted
from mentorkit.model.base import slugify_label
from mentorkit.privacy.extract import file_texts, pdf_texts, readings, words
from mentorkit.privacy.normalise import normalise
from mentorkit.problems import Problem

#: Free-text answers shorter than this are too common ("maths", "the
#: games") to be searched for without false alarms; long ones are distinctive.
MIN_TEXT_ANSWER = 25
#: Long texts (bios, quotes, answers) are searched for by every run of this many
#: words, so quoting any part of one (from its second word, say) is found.
RUN_WORDS = 6
#: Survey answers are many: their runs start every few words, so any excerpt of
#: RUN_WORDS + ANSWER_STRIDE - 1 words is found, with a third of the patterns.
ANSWER_STRIDE = 3

#: Fonts are skipped: they are the theme's, byte for byte, or a site's own typeface.
FONT_SUFFIXES = {".woff", ".woff2", ".ttf", ".otf", ".eot"}


@dataclass(frozen=True)
class Secret:
    text: str
    file: str  # where the value comes from
    line: int | None
    field: str
    what: str  # plain-English kind: "mentee pseudonym", ...
    whole_word: bool = True


def _plain(markdown: str) -> str:
    text = re.sub(r"[*_`#>\[\]]|\(https?://[^)]*\)", " ", markdown)
    return " ".join(text.split())


def word_runs(text: str, stride: int = 1) -> list[str]:
    """Overlapping runs of ``RUN_WORDS`` words of ``text`` (the whole text when shorter)."""
    words = text.split()
    if len(words) <= RUN_WORDS:
        return [" ".join(words)]
    starts = list(range(0, len(words) - RUN_WORDS + 1, stride))
    if starts[-1] != len(words) - RUN_WORDS:
        starts.append(len(words) - RUN_WORDS)  # the last words too
    return [" ".join(words[i : i + RUN_WORDS]) for i in starts]


def secrets(site: Site) -> list[Secret]:
    """Every value from the content that must never be published."""
    out: list[Secret] = []

    def add(kind: str, key: str, path: FieldPath, text: str, what: str, whole_word: bool = True) -> None:
        source = site.source(kind, key)
        out.append(Secret(text, source.rel, source.position(path)[0], dotted(path), what, whole_word))

    def add_long(kind: str, key: str, path: FieldPath, markdown: str | None, what: str) -> None:
        value = words(_plain(markdown or ""))
        if len(value) >= 12:
            for run in word_runs(value):
                add(kind, key, path, run, what)  # whole words: "4 students" is not in "14 students"

    for key, cohort in sorted(site.cohorts.items()):
        for index, mentee in enumerate(cohort.mentees):
            add("cohort", key, ("mentees", index, "id"), mentee.id, "mentee pseudonym")
    for key, mentor in sorted(site.mentors.items()):
        business = mentor.kind == "business"
        if not (business and mentor.consent.publish_name):
            add("mentor", key, ("name",), mentor.name, "mentor name without consent")
            # A name turned into a page address (/mentors/jo-private/) still names them.
            add("mentor", key, ("name",), slugify_label(mentor.name), "mentor name without consent")
        if mentor.organisation and not (business and mentor.consent.publish_organisation):
            add("mentor", key, ("organisation",), mentor.organisation, "mentor organisation without consent")
        if not (business and mentor.consent.publish_quote):
            for field in ("bio", "quote"):
                add_long("mentor", key, (field,), getattr(mentor, field), f"mentor {field} without consent")
    for key, item in sorted(site.testimonials.items()):
        if not item.consent:
            add_long("testimonial", key, ("quote",), item.quote, "testimonial without consent")
    out += _answers(site)
    return _drop_published(out, site)


def _answers(site: Site) -> list[Secret]:
    out = []
    for (_year, survey_id), table in sorted(site.responses.items()):
        survey = site.surveys[survey_id]
        for question in survey.questions:
            if question.kind != "text":
                continue
            for row in table.rows:
                answer = " ".join(words(str(row.get(question.id) or "")).split())
                if len(answer) >= MIN_TEXT_ANSWER:
                    out += [
                        Secret(run, table.rel, row["_line"], question.id, "free-text survey answer")
                        for run in word_runs(answer, ANSWER_STRIDE)
                    ]
    return out


def _drop_published(found: list[Secret], site: Site) -> list[Secret]:
    """A name or organisation published with consent is not secret as the same kind of value.

    Two mentors at one employer, one consenting: the employer is published.
    Two mentors of one name, one consenting: the name is published (nothing
    tells the two apart). But a value is private whatever *other* field holds
    it: another mentor's organisation set to an unconsented mentor's name does
    not make that name public.
    """
    public: dict[str, set[str]] = {"mentor name without consent": set(), "mentor organisation without consent": set()}
    for mentor in site.mentors.values():
        if mentor.kind != "business":
            continue
        if mentor.consent.publish_organisation and mentor.organisation:
            public["mentor organisation without consent"].add(normalise(mentor.organisation))
        if mentor.consent.publish_name:
            # The page heading of a named mentor becomes an anchor: #maya-abbott.
            public["mentor name without consent"].update(
                {normalise(mentor.name), normalise(slugify_label(mentor.name))}
            )
    # Words quoted with consent are public, whoever else said them too ("students came back
    # talking about jobs" in two testimonials, one consented): the unconsented text is still
    # found by its own words.
    quoted = {normalise(run) for text in _consented_texts(site) for run in word_runs(words(_plain(text)))}
    for kind in _LONG_TEXTS:
        public[kind] = quoted
    return [s for s in found if s.text.strip() and normalise(s.text) not in public.get(s.what, set())]


_LONG_TEXTS = ("mentor bio without consent", "mentor quote without consent", "testimonial without consent")


def _consented_texts(site: Site) -> Iterator[str]:
    for mentor in site.mentors.values():
        if mentor.kind == "business" and mentor.consent.publish_quote:
            yield from (text for text in (mentor.bio, mentor.quote) if text)
    for item in site.testimonials.values():
        if item.consent:
            yield item.quote


def _normal(text: str) -> str:
    return normalise(text)


def _is_word(char: str) -> bool:
    return char.isalnum() or char in "_-"


class Matcher:
    """Finds every secret in a text in one pass (Aho-Corasick), however many there are.

    Names and pseudonyms must stand alone (HS-1 is not inside HS-10);
    fragments of longer text are cut mid-word, so they match anywhere.
    """

    def __init__(self, found: list[Secret], keys: dict[str, list[Secret]] | None = None) -> None:
        """``keys``: ``found`` by normalised text, as a previous Matcher's ``keys`` (the disk cache keeps them)."""
        self.found = found
        if keys is None:
            keys = {}
            for secret in found:
                key = _normal(secret.text)
                if key:
                    keys.setdefault(key, []).append(secret)
        self.keys = keys
        self.automaton = ahocorasick.Automaton()
        for key, secrets in keys.items():
            self.automaton.add_word(key, (len(key), secrets))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> Iterator[Secret]:
        if self.empty:
            return
        haystack = _normal(text)
        for end, (length, secrets) in self.automaton.iter(haystack):
            start = end - length + 1
            standalone = (start == 0 or not _is_word(haystack[start - 1])) and (
                end + 1 == len(haystack) or not _is_word(haystack[end + 1])
            )
            for secret in secrets:
                if standalone or not secret.whole_word:
                    yield secret


class LazyMatcher(Matcher):
    """A ``Matcher`` made on first use: a warm build whose outputs all passed before (``Clean``) needs none."""

    def __init__(self, make: Callable[[], Matcher]) -> None:  # the base's work waits for the first use
        self.make = make

    def __getattr__(self, name: str) -> Any:
        if name not in ("found", "keys", "automaton", "empty"):
            raise AttributeError(name)
        self.__dict__.update(vars(self.make()))
        return self.__dict__[name]


def matcher_for(found: list[Secret] | Matcher) -> Matcher:
    """``found`` as a Matcher: a build searches its pages, PDFs and built site with one.

    Building one normalises every secret (0.18 s for a district's 16,000), so
    the build makes it once and hands it to each scan.
    """
    return found if isinstance(found, Matcher) else Matcher(found)


@dataclass
class Clean:
    """Outputs already searched and found clean, by a hash of their name and text, for one set of private values.

    A build after a one-file edit writes mostly the same pages, PDFs and files
    as the last: each is searched again only if its text changed. ``before``:
    the last build's (kept for the same private values); ``now``: this build's.
    """

    before: frozenset[bytes] = frozenset()
    now: set[bytes] = field(default_factory=set)

    def known(self, *parts: str) -> bytes | None:
        """None when ``parts`` were found clean before; else their key, to ``add`` once found clean now."""
        digest = hashlib.blake2b(digest_size=16)
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        key = digest.digest()
        if key in self.before:
            self.now.add(key)
            return None
        return key


def scan_texts(
    named_texts: Iterable[tuple[str, str]], found: list[Secret] | Matcher, clean: Clean | None = None
) -> list[Problem]:
    """Search ``(output name, text)`` pairs for any secret (``clean``: skipping those found clean before)."""
    matcher = matcher_for(found)
    problems: list[Problem] = []
    seen: set[tuple[str, int | None, str]] = set()
    for name, whole in named_texts:
        key = clean.known(name, whole) if clean is not None else None
        if clean is not None and key is None:
            continue
        hits = [found for text in readings(name, whole) for found in matcher.find(text)]
        if clean is not None and key is not None and not hits:
            clean.now.add(key)
        for secret in hits:
            if (secret.file, secret.line, name) in seen:
                continue
            seen.add((secret.file, secret.line, name))
            problems.append(
                Problem(
                    secret.file,
                    secret.line,
                    None,
                    secret.field,
                    "privacy-leak",
                    f'{secret.what} "{_redact(secret.text)}" appears in the public output {name}',
                    "nothing was published; remove the value from the page's content or template, "
                    "or record the consent",
                )
            )
    return problems


def vendor_hashes(folders: tuple[Path, ...], sizes: frozenset[int] | None = None) -> frozenset[str]:
    """SHA-256 of the files shipped by the theme and the CMS packages.

    ``sizes``: only files of these sizes are hashed. A copied file has its
    original's size, so this drops none that could match, and it spares
    hashing the theme's 15,000 files (two-thirds of a district build's scan).
    """
    hashes = set()
    for path, size in _vendor_files(folders):
        if sizes is None or size in sizes:
            hashes.add(_vendor_sha256(path, size))
    return frozenset(hashes)


@functools.lru_cache(maxsize=4)
def _vendor_files(folders: tuple[Path, ...]) -> tuple[tuple[Path, int], ...]:
    # Listed once per process: ``serve`` scans after every rebuild.
    # The theme's 13,000 icons are inlined into pages, never copied: a copied one
    # would merely be searched.
    found = []
    for folder in folders:
        for parent, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if d != ".icons"]
            for name in names:
                path = Path(parent, name)
                stat = path.lstat()
                if S_ISREG(stat.st_mode):
                    found.append((path, stat.st_size))
    return tuple(found)


@functools.lru_cache(maxsize=4096)
def _vendor_sha256(path: Path, size: int) -> str:
    return _sha256(path)


def _sha256(path: Path) -> str:
    # Streamed: the CMS's source maps are 25 MB each, and need not be in memory.
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _vendor_folders(extra: Iterable[Path]) -> tuple[Path, ...]:
    import material

    return (Path(material.__file__).parent / "templates", *extra)


def scan_site(
    site_dir: Path,
    found: list[Secret] | Matcher,
    vendor: Iterable[Path] = (),
    read_pdf: Callable[[Path], Iterable[str]] = pdf_texts,
    clean: Clean | None = None,
) -> list[Problem]:
    """Search every file the site generator wrote.

    ``read_pdf``: the build passes one that keeps each PDF's text by its hash
    (``build/pdf_texts``), as most PDFs are the same as last build's.

    A file byte-identical to one shipped by the theme or a ``vendor`` folder
    (the CMS bundle) was copied, not generated, and cannot carry content:
    its hash proves it, so its megabytes of JavaScript are not searched.
    """
    paths = [
        path for path in sorted(site_dir.rglob("*")) if path.is_file() and path.suffix.lower() not in FONT_SUFFIXES
    ]
    known = vendor_hashes(_vendor_folders(vendor), frozenset(path.stat().st_size for path in paths))

    def files() -> Iterator[tuple[str, str]]:
        for path in paths:
            rel = path.relative_to(site_dir).as_posix()
            # A file's name is published too (assets/HS-02_portrait.jpg): its parts are words.
            yield rel, re.sub(r"[/_.]", " ", rel)
            if _sha256(path) in known:
                continue
            for text in read_pdf(path) if path.suffix.lower() == ".pdf" else file_texts(path):
                yield rel, text

    return scan_texts(files(), found, clean)


def _redact(text: str) -> str:
    # The message names the leak without repeating a whole answer in CI logs.
    return text if len(text) <= 24 else text[:20] + "..."
