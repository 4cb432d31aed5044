"""write_atomically: the new text whole, the file's mode kept, and nothing left behind on failure."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from mentorkit.cli import main
from mentorkit.files import write_atomically

from .test_import_survey import MS_FORMS, TARGET

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_text_replaces_the_file_exactly_with_its_own_line_endings(tmp_path):
    path = tmp_path / "roster.yaml"
    path.write_text("old\n", encoding="utf-8")
    write_atomically(path, "mentees:\r\n  - id: HS-01\n")
    assert path.read_bytes() == b"mentees:\r\n  - id: HS-01\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.yaml"], "no temporary file is left"


@posix_only
@pytest.mark.parametrize("before", [0o600, 0o640, 0o664])
def test_an_existing_file_keeps_its_mode(tmp_path, before):
    path = tmp_path / "roster.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(before)
    write_atomically(path, "new\n")
    assert mode(path) == before


@posix_only
def test_a_new_file_is_readable_by_everyone_whatever_the_umask(tmp_path):
    path = tmp_path / "new.csv"
    old = os.umask(0o077)
    try:
        write_atomically(path, "a,b\n")
    finally:
        os.umask(old)
    assert (path.read_text(encoding="utf-8"), mode(path)) == ("a,b\n", 0o644)


def test_text_that_cannot_be_written_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "roster.yaml"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(path, "half a surrogate: \ud800")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.yaml"]


def test_a_failed_replace_removes_the_temporary_file(tmp_path):
    # The target is a folder: the rename fails after the temporary file was written.
    target = tmp_path / "responses"
    target.mkdir()
    (target / "keep.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomically(target, "a,b\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["responses"]
    assert [p.name for p in target.iterdir()] == ["keep.csv"]


@pytest.mark.skipif(sys.platform == "win32", reason="file modes are POSIX")
def test_import_survey_writes_a_readable_response_file_and_leaves_no_temporary_file(site, tmp_path):
    site.path(TARGET).unlink()
    export = tmp_path / "export.csv"
    export.write_text(MS_FORMS, encoding="utf-8")
    args = ["import-survey", str(export), "--survey", "post", "--year", "2024-25", "--content-root", str(site.root)]
    assert main(args) == 0
    written = site.path(TARGET)
    assert mode(written) == 0o644
    assert [p.name for p in written.parent.iterdir() if p.name.startswith(".")] == [], "no temporary file is left"
