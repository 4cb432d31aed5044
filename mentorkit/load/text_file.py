"""Read a text file within a size limit, as UTF-8, or say in plain English why not."""

from __future__ import annotations

from pathlib import Path

from mentorkit.problems import Problem


def read_text(path: Path, rel: str, limit: int, *, keep_line_ends: bool = False) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file (a BOM is dropped, CRLF becomes LF) within ``limit`` bytes.

    ``keep_line_ends``: leave CR and CRLF as they are (a CSV reader needs them:
    a quoted cell keeps its own line breaks).
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(rel, 1, None, "", "unreadable-file", f"cannot read the file: {exc.strerror}")]
    if size > limit:
        return None, [
            Problem(
                rel,
                1,
                None,
                "",
                "file-too-large",
                f"the file is {size / 1_000_000:.1f} MB, "
                f"over the {limit / 1_000_000:.1f} MB limit for this kind of file",
                "split it into smaller files or remove what does not belong in it",
            )
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                rel,
                line,
                column,
                "",
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not UTF-8 text",
                "save the file as UTF-8: in Excel, Save As > CSV UTF-8; in Notepad, Encoding > UTF-8",
            )
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [
            Problem(
                rel,
                line,
                None,
                "",
                "binary-file",
                "the file contains NUL bytes: it is not a text file",
                "save it as plain UTF-8 text",
            )
        ]
    if keep_line_ends:
        return text, []
    return text.replace("\r\n", "\n").replace("\r", "\n"), []
