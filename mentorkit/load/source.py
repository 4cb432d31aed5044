"""One file as read: its data, and where each value came from (packed positions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorkit.load.packed import Packed
from mentorkit.problems import Problem

FieldPath = tuple[str | int, ...]

#: A value's position and its key's, packed into one int per path: four
#: 32-bit fields (key line, key column, line, column), 0 meaning "none".
FIELD_BITS = 32
FIELD_MASK = (1 << FIELD_BITS) - 1


@dataclass
class Source(Packed):
    """One file as read: its data, and where each value came from.

    ``marks`` maps a field path to the packed (line, column) of its value and
    of its key (``position`` unpacks them), 1-based and already including the
    front-matter offset of Markdown files. One int per value, not two tuples:
    a national site holds millions of values, and tuples were most of the
    loader's memory.
    """

    path: Path
    rel: str
    data: Any = None
    body: str = ""
    body_line: int = 1
    marks: dict[FieldPath, int] = field(default_factory=dict, repr=False)

    PACKED = ("data", "marks")

    def __getstate__(self) -> dict[str, Any]:
        # The path as text: the reader sets it again (``content._read_cached``), and 13,000 Path
        # objects took a fifth of a second to unpickle.
        state = super().__getstate__()
        if "path" in state:
            state["_path"] = str(state.pop("path"))
        return state

    def __getattr__(self, name: str) -> Any:
        if name == "path" and "_path" in self.__dict__:
            self.path = Path(self.__dict__.pop("_path"))
            return self.path
        return super().__getattr__(name)

    def position(self, path: FieldPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """Best position for ``path``: the value itself, or its nearest ancestor."""
        marks = self.marks
        probe = tuple(path)
        while True:
            packed = marks.get(probe)
            if packed is not None:
                if key and packed >> (2 * FIELD_BITS):
                    return (packed >> (3 * FIELD_BITS)) & FIELD_MASK, (packed >> (2 * FIELD_BITS)) & FIELD_MASK
                return (packed >> FIELD_BITS) & FIELD_MASK, packed & FIELD_MASK
            if not probe:
                return (1, 1) if self.data is not None else (None, None)
            probe = probe[:-1]

    def problem(
        self,
        path: FieldPath,
        code: str,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        severity: str = "error",
    ) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(
            self.rel,
            line,
            column,
            dotted(path),
            code,
            message,
            hint,
            severity,  # type: ignore[arg-type]
        )

    def file_problem(self, code: str, message: str, hint: str = "", severity: str = "error") -> Problem:
        # About the whole file: reported at its first line so editors and CI can jump there.
        return Problem(self.rel, 1, None, "", code, message, hint, severity)  # type: ignore[arg-type]


def pack(line: int, column: int) -> int:
    return line << FIELD_BITS | column


def dotted(path: FieldPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
