"""The persistent cache never changes an answer: after any edit, a warm run says and builds what a cold one does.

A small generated site (benchmarks/synth.py) is checked and built once to warm
its cache; then random files are edited in random ways (a value changed, YAML
broken, a tab, a file renamed, deleted or copied) and the warm `check` must
report exactly the cold problems, and the warm build's site/ must be
byte-identical to the cold build's.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.cli import main
from mentorkit.load.disk_cache import MAGIC

from .test_synth import _synth

OPERATIONS = ("reword", "reword", "change", "break", "tab", "rename", "delete", "copy", "unknown-key", "leak", "leak")
#: Private values of the generated site (pseudonyms, mentors' names, an organisation), for "leak" to type into a file.
PRIVATE = ("AAA24-003", "AAA24-001", "Callum Clarke", "Fatima Evans", "Harbour Services Group (fictional)")
VALUES = ("0", "2024-13-01", "''", "a changed value", "[]", "yes", "-1", "null")
SCALAR_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_][\w-]*: )(\S.*)$")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@functools.cache
def _pristine() -> tuple[Path, Path]:
    """The generated site and its cache, warmed by one check and one build (kept for the whole session)."""
    base = Path(tempfile.mkdtemp(prefix="mentorkit-incremental-"))
    atexit.register(shutil.rmtree, base, True)
    synth = _synth()
    synth.generate(base / "site", synth.Config(schools=2, years=1, mentees=6, mentors_per_school=2, surveys_per_year=2))
    cache = str(base / "cache")
    assert _run("check", "--content-root", str(base / "site"), "--cache-dir", cache, "--format", "json")[0] == 0
    built = _run("build", "--content-root", str(base / "site"), "--no-pdf", "--cache-dir", cache)
    assert built[0] == 0, built[2]
    shutil.rmtree(base / "site" / "site")
    return base / "site", base / "cache"


def _content_files() -> list[str]:
    site, _ = _pristine()
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and ".mentorkit" not in p.parts
    )


def _edit(root: Path, rel: str, operation: str, n: int) -> None:
    path = root / rel
    if not path.exists():
        return  # an earlier edit renamed or deleted it
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if operation == "change" and path.suffix == ".csv":
        row = 1 + n % max(1, len(lines) - 1)
        if row < len(lines):
            cells = lines[row].rstrip("\n").split(",")
            cells[n % len(cells)] = VALUES[n % len(VALUES)].strip("'")
            lines[row] = ",".join(cells) + "\n"
        path.write_text("".join(lines), encoding="utf-8")
    elif operation == "change":
        candidates = [i for i, line in enumerate(lines) if SCALAR_LINE.match(line)]
        if candidates:
            i = candidates[n % len(candidates)]
            lines[i] = SCALAR_LINE.sub(lambda m: m.group(1) + VALUES[n % len(VALUES)], lines[i].rstrip("\n")) + "\n"
        path.write_text("".join(lines), encoding="utf-8")
    elif operation == "drop-row" and path.suffix == ".csv" and len(lines) > 2:
        del lines[1 + n % (len(lines) - 1)]
        path.write_text("".join(lines), encoding="utf-8")
    elif operation == "leak":  # a private value typed into the text: the typed-value scan must find it, warm or cold
        candidates = [i for i, line in enumerate(lines) if line.rstrip().endswith('"') or path.suffix == ".md"]
        if candidates:
            i = candidates[n % len(candidates)]
            end = lines[i].rstrip().endswith('"')
            lines[i] = lines[i].rstrip()[: -1 if end else None] + f" {PRIVATE[n % len(PRIVATE)]}" + ('"' if end else "")
            lines[i] += "\n"
        path.write_text("".join(lines), encoding="utf-8")
    elif operation == "reword":  # a valid edit, so the build goes on and pages change
        candidates = [i for i, line in enumerate(lines) if line.rstrip().endswith('"') or path.suffix == ".md"]
        if candidates:
            i = candidates[n % len(candidates)]
            end = lines[i].rstrip().endswith('"')
            lines[i] = lines[i].rstrip()[: -1 if end else None] + " edited" + ('"' if end else "") + "\n"
        path.write_text("".join(lines), encoding="utf-8")
    elif operation in ("break", "tab"):
        lines.insert(n % (len(lines) + 1), "broken: [unclosed\n" if operation == "break" else "\tindented: 1\n")
        path.write_text("".join(lines), encoding="utf-8")
    elif operation == "unknown-key":
        path.write_text(text + "not_a_field: 1\n", encoding="utf-8")
    elif operation == "rename":
        path.rename(path.with_name(f"{path.stem}-renamed{path.suffix}"))
    elif operation == "delete":
        path.unlink()
    elif operation == "copy":
        shutil.copyfile(path, path.with_name(f"{path.stem}-copy{path.suffix}"))


@st.composite
def edits(draw: st.DrawFn, operations: tuple[str, ...] = OPERATIONS) -> list[tuple[str, str, int]]:
    files = _content_files()
    return draw(
        st.lists(
            st.tuples(st.sampled_from(files), st.sampled_from(operations), st.integers(0, 10_000)),
            min_size=1,
            max_size=3,
        )
    )


def _edited_copy(work: Path, changes: list[tuple[str, str, int]]) -> tuple[Path, str]:
    site, cache = _pristine()
    shutil.copytree(site, work / "site")
    shutil.copytree(cache, work / "cache")
    for rel, operation, n in changes:
        _edit(work / "site", rel, operation, n)
    return work / "site", str(work / "cache")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=edits())
def test_warm_check_reports_exactly_the_cold_problems_after_random_edits(changes):
    with tempfile.TemporaryDirectory() as work:
        root, cache = _edited_copy(Path(work), changes)
        cold = _run("check", "--content-root", str(root), "--no-cache", "--format", "json")
        warm = _run("check", "--content-root", str(root), "--cache-dir", cache, "--format", "json")
        again = _run("check", "--content-root", str(root), "--cache-dir", cache, "--format", "json")
        assert warm[:2] == cold[:2] and again[:2] == cold[:2]
        assert "note" not in warm[2] + again[2], "the cache this run wrote is trusted by the next"


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Mostly edits that keep the content valid, so most examples build and their pages (and figures) change.
@given(changes=edits(("reword", "reword", "drop-row", "copy", "change")))
def test_warm_build_is_byte_identical_to_a_cold_build_after_random_edits(changes):
    with tempfile.TemporaryDirectory() as work:
        root, cache = _edited_copy(Path(work), changes)
        cold = _run("build", "--content-root", str(root), "--no-pdf", "--no-cache", "--site-dir", f"{work}/cold")
        warm = _run(
            "build", "--content-root", str(root), "--no-pdf", "--cache-dir", cache, "--site-dir", f"{work}/warm"
        )
        assert warm[0] == cold[0]
        if cold[0] == 0:
            assert _files(Path(work) / "warm") == _files(Path(work) / "cold")
        else:
            assert warm[2] == cold[2], "the same problems, the same words"


@pytest.mark.slow
def test_warm_build_with_pdfs_reuses_unchanged_documents_and_is_byte_identical(tmp_path):
    root, cache = _edited_copy(tmp_path, [])
    assert _run("build", "--content-root", str(root), "--cache-dir", cache, "--site-dir", f"{tmp_path}/first")[0] == 0
    kept = {p.name for p in (Path(cache) / "pdf").glob("*.pdf")}
    session = root / "sessions/02-world-of-work.yaml"
    session.write_text(session.read_text().replace("Take one idea away.", "Take two ideas away."))
    warm = _run("build", "--content-root", str(root), "--cache-dir", cache, "--site-dir", f"{tmp_path}/warm")
    cold = _run("build", "--content-root", str(root), "--no-cache", "--site-dir", f"{tmp_path}/cold")
    assert warm[0] == cold[0] == 0, warm[2] + cold[2]
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold")
    now = {p.name for p in (Path(cache) / "pdf").glob("*.pdf")}
    assert len(now) == len(kept) and 0 < len(now - kept) < len(kept), "only the documents holding the session change"
    texts = list((Path(cache) / "pdf-text").glob("*.json"))
    assert len(texts) == len(now), "the privacy gate's reading of each PDF is kept, for this build's PDFs only"


def _check_json(root: Path, cache: str) -> tuple[int, str, str]:
    return _run("check", "--content-root", str(root), "--cache-dir", cache, "--format", "json")


@pytest.mark.parametrize(
    "damage",
    ["truncated", "garbage", "not a header", "forged", "foreign key"],
)
def test_a_damaged_or_foreign_cache_is_ignored_with_a_note_and_never_unpickled(tmp_path, damage, monkeypatch):
    root, cache = _edited_copy(tmp_path, [("content/mentors/callum-clarke.yaml", "change", 1)])
    cold = _run("check", "--content-root", str(root), "--no-cache", "--format", "json")
    shard = Path(cache) / "read" / "cohort.pickle"
    data = shard.read_bytes()
    header_end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC) : header_end])
    # A payload that would write a file if it were ever unpickled.
    marker = tmp_path / "unpickled"
    bomb = b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."
    if damage == "truncated":
        shard.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        shard.write_bytes(b"\x00" * 64)
    elif damage == "not a header":
        shard.write_bytes(MAGIC + b"[1, 2]\n" + bomb)
    elif damage == "forged":
        shard.write_bytes(MAGIC + json.dumps(header).encode() + b"\n" + bomb)
    else:
        monkeypatch.setenv("MENTORKIT_CACHE_KEY", "someone else's key")
    warm = _check_json(root, cache)
    assert warm[:2] == cold[:2]
    assert "mentorkit: note: ignoring the cache file" in warm[2] and "cohort.pickle" in warm[2]
    assert not marker.exists()
    assert _check_json(root, cache) == (cold[0], cold[1], ""), "rewritten: the next run trusts it without a note"


def test_a_cache_from_another_mentorkit_is_dropped_quietly(tmp_path):
    root, cache = _edited_copy(tmp_path, [])
    shard = Path(cache) / "read" / "session.pickle"
    data = shard.read_bytes()
    end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC) : end])
    header["fingerprint"] = "0" * 64
    shard.write_bytes(MAGIC + json.dumps(header).encode() + data[end:])
    code, out, err = _check_json(root, cache)
    assert code == 0 and err == ""
    assert json.loads(shard.read_bytes()[len(MAGIC) : shard.read_bytes().index(b"\n", len(MAGIC))])["fingerprint"] != (
        "0" * 64
    )


def test_no_cache_neither_reads_nor_writes_the_cache(tmp_path):
    root, _ = _edited_copy(tmp_path, [])
    cache = tmp_path / "fresh"
    assert _run("check", "--content-root", str(root), "--no-cache", "--cache-dir", str(cache))[0] == 0
    assert not cache.exists()
    assert _run("check", "--content-root", str(root), "--cache-dir", str(cache))[0] == 0
    assert sorted(p.name for p in (cache / "read").iterdir())[:2] == ["cohort.pickle", "guide.pickle"]


def test_a_site_read_through_the_cache_in_another_folder_points_at_its_own_files(tmp_path):
    from mentorkit.build.pipeline import Timings, cached_check, check
    from mentorkit.load.disk_cache import DiskCache

    root, cache = _edited_copy(tmp_path / "first", [])
    moved = tmp_path / "moved"
    shutil.copytree(root, moved)
    disk = DiskCache.open(Path(cache))
    assert disk is not None
    site, problems = cached_check(moved, Timings(), disk, check)
    assert all(source.path == moved.resolve() / source.rel for source in site.sources.values())
    assert problems == check(moved)[1]


def test_a_pdf_is_printed_again_when_an_image_it_shows_changes(tmp_path):
    from mentorkit.printed.pdf_cache import document_key

    stylesheet = tmp_path / "print.css"
    stylesheet.write_text("@page { size: A4 } body { background: url('paper.png') }")
    (tmp_path / "charts").mkdir()
    chart = tmp_path / "charts" / "attendance.svg"
    chart.write_text("<svg>1</svg>")
    html = '<img src="charts/attendance.svg"><a href="https://example.org/">web</a>'
    before = document_key(html, stylesheet, tmp_path)
    assert document_key(html, stylesheet, tmp_path) == before, "the same input, the same key"
    chart.write_text("<svg>2</svg>")
    after_chart = document_key(html, stylesheet, tmp_path)
    (tmp_path / "paper.png").write_bytes(b"png")
    after_paper = document_key(html, stylesheet, tmp_path)
    assert len({before, after_chart, after_paper}) == 3, "an image in the page or in the stylesheet is in the key"


@pytest.mark.slow
def test_a_pseudonym_typed_after_a_warm_build_is_refused_as_on_a_cold_one(tmp_path):
    root, cache = _edited_copy(tmp_path, [])
    assert _run("build", "--content-root", str(root), "--cache-dir", cache, "--site-dir", f"{tmp_path}/first")[0] == 0
    session = root / "sessions/02-world-of-work.yaml"
    session.write_text(session.read_text().replace("Take one idea away.", "Take one idea away, AAA24-003."))
    warm = _run("build", "--content-root", str(root), "--cache-dir", cache, "--site-dir", f"{tmp_path}/warm")
    cold = _run("build", "--content-root", str(root), "--no-cache", "--site-dir", f"{tmp_path}/cold")
    assert warm == cold and warm[0] == 1
    assert "[privacy-leak]" in warm[2] and "sessions/02-world-of-work.md" in warm[2], warm[2]
    assert not (tmp_path / "warm").exists()


def test_a_file_saved_again_while_it_is_read_is_not_kept(tmp_path):
    from mentorkit.load.cache import ReadCache

    path = tmp_path / "mentor.yaml"
    path.write_text("name: A\n")
    cache = ReadCache()

    def read_while_an_editor_saves() -> str:
        path.write_text("name: B\n")
        return path.read_text()

    cache.start()
    assert cache.get(("mentor", "mentor.yaml"), path, 1000, read_while_an_editor_saves) == "name: B\n"
    cache.finish()
    path.write_text("name: A\n")  # back to the bytes that were hashed: B's result must not come back for them
    cache.start()
    assert cache.get(("mentor", "mentor.yaml"), path, 1000, path.read_text) == "name: A\n"
    cache.finish()
    assert cache.misses == 1


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(
        st.sampled_from(["HS-1", "HS-10", "Jo Bloggs", "ｋｗ24-012", "a b c", "Ο'Neil", "x_y", "--"]), max_size=5
    ),
    text=st.text(alphabet="HSs-10 Jo_Bloggs kw24012ΟＫ'\u00adabcxy.,<>", max_size=60),
)
def test_looking_up_known_values_finds_exactly_what_the_gates_matcher_finds(values, text):
    """``typed_cache.KnownValues`` stands in for the gate's automaton on a changed file: never a different answer."""
    from mentorkit.privacy.gate import Matcher, Secret
    from mentorkit.privacy.typed_cache import KnownValues

    found = [
        Secret(value, f"content/mentors/m{i}.yaml", i + 1, "name", "mentor name without consent")
        for i, value in enumerate(values)
    ]
    matcher = Matcher(found)
    known = KnownValues(frozenset(matcher.keys), max(map(len, matcher.keys), default=0), lambda: matcher.keys)
    assert known.empty == matcher.empty
    if not matcher.empty:
        assert list(known.find(text)) == list(matcher.find(text))


def test_the_typed_value_scan_and_the_kept_rules_redo_only_what_an_edit_changes(tmp_path):
    root, cache = _edited_copy(tmp_path, [])
    kept = Path(cache) / "kept"
    assert _check_json(root, cache)[0] == 0
    before = {p.name: p.read_bytes() for p in kept.iterdir()}
    assert {"privacy-keys.pickle", "privacy-values.pickle", "rule-responses.pickle"} <= set(before)
    session = root / "sessions/02-world-of-work.yaml"
    session.write_text(session.read_text().replace("in the handbook.", "in the handbook with AAA24-003.", 1))
    warm = _check_json(root, cache)
    assert warm[:2] == _run("check", "--content-root", str(root), "--no-cache", "--format", "json")[:2]
    assert "AAA24-003" in warm[1] and "sessions/02-world-of-work.yaml" in warm[1]
    after = {p.name: p.read_bytes() for p in kept.iterdir()}
    # A session plan holds no private value and no rule kept here reads it: only the findings were rewritten.
    assert [name for name in after if after[name] != before.get(name)] == ["privacy-findings.pickle"]


@pytest.mark.slow
def test_outputs_found_clean_are_searched_again_once_the_private_values_change(tmp_path):
    from mentorkit.build.pipeline import Timings, cached_check, check
    from mentorkit.load.disk_cache import DiskCache
    from mentorkit.load.memo import Kept
    from mentorkit.privacy import typed_cache
    from mentorkit.privacy.gate import Clean, Matcher, Secret, scan_texts

    root, cache = _edited_copy(tmp_path, [])
    assert (
        _run("build", "--content-root", str(root), "--no-pdf", "--cache-dir", cache, "--site-dir", f"{tmp_path}/s")[0]
        == 0
    )

    def passed_before() -> frozenset[bytes]:
        kept = Kept(DiskCache.open(Path(cache)))
        cached_check(root, Timings(), kept.disk, check, kept)
        return typed_cache.cleans(kept)[0].before

    assert len(passed_before()) > 30, "every page, document and file the last build searched"
    mentor = root / "content/mentors/callum-clarke.yaml"
    mentor.write_text(mentor.read_text().replace("publish_organisation: true", "publish_organisation: false"))
    assert passed_before() == frozenset(), "a new private value: every output is searched again"

    secret = Secret("AAA24-003", "content/cohorts/x.yaml", 9, "mentees.2.id", "mentee pseudonym")
    clean = Clean()
    assert scan_texts([("a.html", "nothing here"), ("b.html", "AAA24-003")], Matcher([secret]), clean)
    assert len(clean.now) == 1, "only the text without a private value is remembered as clean"
    assert scan_texts([("a.html", "nothing here")], Matcher([secret]), Clean(frozenset(clean.now))) == []
