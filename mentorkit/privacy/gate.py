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
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

import ahocorasick
from PIL import Image
from pypdf import PdfReader

from mentorkit.load.content import Site
from mentorkit.load.source import FieldPath, dotted
from mentorkit.model.base import slugify_label
from mentorkit.problems import Problem

#: Free-text answers shorter than this are too common ("maths", "the
#: games") to be searched for without false alarms; long ones are distinctive.
MIN_TEXT_ANSWER = 25
#: Bios and quotes are searched for by their opening words.
FRAGMENT = 40

#: Binary files are scanned byte for byte as Latin-1, which finds text in
#: their metadata (a PNG's tEXt chunk, a JPEG's EXIF comment); fonts are skipped.
FONT_SUFFIXES = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".avif"}
MAX_SCANNED_BYTES = 200_000_000


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


def secrets(site: Site) -> list[Secret]:
    """Every value from the content that must never be published."""
    out: list[Secret] = []

    def add(kind: str, key: str, path: FieldPath, text: str, what: str, whole_word: bool = True) -> None:
        source = site.source(kind, key)
        out.append(Secret(text, source.rel, source.position(path)[0], dotted(path), what, whole_word))

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
                value = _plain(getattr(mentor, field) or "")
                if len(value) >= 12:
                    add("mentor", key, (field,), value[:FRAGMENT], f"mentor {field} without consent", whole_word=False)
    for key, item in sorted(site.testimonials.items()):
        if not item.consent:
            add(
                "testimonial",
                key,
                ("quote",),
                _plain(item.quote)[:FRAGMENT],
                "testimonial without consent",
                whole_word=False,
            )
    for (_year, survey_id), table in sorted(site.responses.items()):
        survey = site.surveys[survey_id]
        for question in survey.questions:
            if question.kind != "text":
                continue
            for row in table.rows:
                answer = " ".join(str(row.get(question.id) or "").split())
                if len(answer) >= MIN_TEXT_ANSWER:
                    out.append(
                        Secret(
                            answer[: FRAGMENT * 2],
                            table.rel,
                            row["_line"],
                            question.id,
                            "free-text survey answer",
                            whole_word=False,
                        )
                    )
    return _drop_published(out, site)


def _drop_published(found: list[Secret], site: Site) -> list[Secret]:
    """A value that is also published with consent (two mentors at one employer) is not secret."""
    public = set()
    for mentor in site.mentors.values():
        if mentor.kind == "business" and mentor.consent.publish_organisation and mentor.organisation:
            public.add(mentor.organisation.casefold())
        if mentor.kind == "business" and mentor.consent.publish_name:
            # The page heading of a named mentor becomes an anchor: #maya-abbott.
            public.update({mentor.name.casefold(), slugify_label(mentor.name)})
    return [s for s in found if s.text.casefold() not in public and s.text.strip()]


def _texts(path: Path) -> Iterator[str]:
    """What a reader (or a search engine) could see in one output file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        yield from pdf_texts(path)
        return
    if suffix in IMAGE_SUFFIXES:
        yield from _image_texts(path)
        return
    if suffix == ".gz":
        with gzip.open(path, "rb") as handle:
            raw = handle.read(MAX_SCANNED_BYTES).decode("utf-8", errors="replace")
        yield html.unescape(raw)
        yield html.unescape(re.sub(r"<[^>]+>", " ", raw))
        return
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        try:
            yield from _json_strings(json.loads(raw))
            return
        except ValueError:
            pass
    yield html.unescape(raw)
    if path.suffix in (".html", ".htm", ".svg", ".xml"):
        yield html.unescape(re.sub(r"<[^>]+>", " ", raw))


def _image_texts(path: Path) -> Iterator[str]:
    # Text an image carries: PNG text chunks, EXIF fields (a photo's caption or author).
    try:
        with Image.open(path) as image:
            yield " ".join(str(v) for v in image.info.values() if isinstance(v, (str, bytes)))
            yield " ".join(str(v) for v in image.getexif().values())
    except (OSError, ValueError):
        yield path.read_bytes()[:MAX_SCANNED_BYTES].decode("latin-1")


def pdf_texts(path: Path) -> Iterator[str]:
    # A PDF's text, and its metadata (title, author, subject, keywords).
    texts = _poppler_texts(path)
    if texts is not None:
        yield from texts
        return
    reader = PdfReader(path)
    for page in reader.pages:
        yield page.extract_text() or ""
    if reader.metadata:
        yield " ".join(str(v) for v in reader.metadata.values())


def _poppler_texts(path: Path) -> list[str] | None:
    """The PDF's text, its document information and its XMP metadata, read by poppler.

    pypdf took 10 s for the text of a district's 25 PDFs and 6 s for their
    metadata (it parses the object stream that holds it); poppler takes 1 s
    for all of it. None when poppler-utils is not installed or cannot read the
    file: pypdf reads it then.
    """
    pdftotext, pdfinfo = shutil.which("pdftotext"), shutil.which("pdfinfo")
    if pdftotext is None or pdfinfo is None:
        return None
    texts = []
    for command in (
        [pdftotext, "-q", "-enc", "UTF-8", str(path), "-"],
        [pdfinfo, "-enc", "UTF-8", str(path)],
        [pdfinfo, "-meta", str(path)],
    ):
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            return None
        texts.append(done.stdout.decode("utf-8", "replace"))
    return texts


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield html.unescape(re.sub(r"<[^>]+>", " ", value))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _normal(text: str) -> str:
    """Case and spacing do not hide a value: 'JO  PRIVATE' is 'jo private'."""
    return " ".join(text.split()).casefold()


def _is_word(char: str) -> bool:
    return char.isalnum() or char in "_-"


class Matcher:
    """Finds every secret in a text in one pass (Aho-Corasick), however many there are.

    Names and pseudonyms must stand alone (HS-1 is not inside HS-10);
    fragments of longer text are cut mid-word, so they match anywhere.
    """

    def __init__(self, found: list[Secret]) -> None:
        self.automaton = ahocorasick.Automaton()
        for secret in found:
            key = _normal(secret.text)
            if key:
                entries = self.automaton.get(key, [])
                self.automaton.add_word(key, (len(key), [*entries[1], secret] if entries else [secret]))
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


def scan_texts(named_texts: Iterable[tuple[str, str]], found: list[Secret]) -> list[Problem]:
    """Search ``(output name, text)`` pairs for any secret."""
    matcher = Matcher(found)
    problems: list[Problem] = []
    seen: set[tuple[str, int | None, str]] = set()
    for name, text in named_texts:
        for secret in matcher.find(text):
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
                    "nothing was published; "
                    "remove the value from the page's content or template, or record the consent",
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
    found: list[Secret],
    vendor: Iterable[Path] = (),
    read_pdf: Callable[[Path], Iterable[str]] = pdf_texts,
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
            if _sha256(path) in known:
                continue
            rel = path.relative_to(site_dir).as_posix()
            for text in read_pdf(path) if path.suffix.lower() == ".pdf" else _texts(path):
                yield rel, text

    return scan_texts(files(), found)


def _redact(text: str) -> str:
    # The message names the leak without repeating a whole answer in CI logs.
    return text if len(text) <= 24 else text[:20] + "..."
