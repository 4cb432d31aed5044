"""Files already read, kept by content hash between checks of one site (``serve``; ``disk_cache`` keeps it on disk).

``serve`` checks the whole site again after every edit. Reading a file is a
pure function of its bytes (and of where it is, which gives its id), so a
file whose bytes hash the same as last time gives the same result: its
parse, its model and its problems are reused and only what changed is read
again. Cross-file rules still run over everything: they are cheap, and any
file can break a rule about another.

A pass over the site (``start``, lookups, ``finish``) keeps exactly the files
it saw, so deleted files do not linger.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class ReadCache:
    entries: dict[tuple[str, ...], tuple[bytes, Any]] = field(default_factory=dict)
    #: this pass's entries, which replace ``entries`` when it finishes
    seen: dict[tuple[str, ...], tuple[bytes, Any]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    #: False when this pass read a file it could not keep: ``digest`` then cannot vouch for the site
    complete: bool = True

    def start(self) -> None:
        self.seen, self.hits, self.misses, self.complete = {}, 0, 0, True

    def finish(self) -> None:
        self.entries, self.seen = self.seen, {}

    def get(self, key: tuple[str, ...], path: Path, limit: int, read: Callable[[], T]) -> T:
        """``read()``'s result for ``path``, reused if its bytes are unchanged since the last pass.

        A file over ``limit`` bytes is never read here (``read`` refuses it
        without reading it); nor is one that cannot be read.
        """
        try:
            if path.stat().st_size > limit:
                self.complete = False
                return read()
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            self.complete = False
            return read()
        found = self.entries.get(key)
        if found is not None and found[0] == digest:
            self.hits += 1
            result: T = found[1]
        else:
            self.misses += 1
            result = read()
            if _digest(path) != digest:
                self.complete = False
                return result  # saved again while being read: which bytes were read is unknown, so it is not kept
        self.seen[key] = (digest, result)
        return result

    def digest(self, kinds: frozenset[str]) -> bytes | None:
        """One hash of the last pass's files of ``kinds`` (names and bytes); None if it could not keep them all.

        Whatever is a function of only those files can be reused while this is unchanged.
        """
        if not self.complete:
            return None
        digest = hashlib.blake2b(digest_size=16)
        for key in sorted(k for k in self.entries if k[0] in kinds):
            digest.update(repr(key).encode() + b"\0" + self.entries[key][0])
        return digest.digest()


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause Python's cycle collector while a site is read (or its cache loaded or saved).

    Reading builds millions of small objects that live on (data, positions,
    models), and each full collection walks all of them again: at national
    size that was 40% of the time. What reading creates holds no reference
    cycles (PyYAML's pure loader breaks its own in ``dispose``), so nothing
    is lost meanwhile; plain reference counting still frees the rest.

    Afterwards the survivors are moved straight to the oldest generation
    (``freeze`` then ``unfreeze``), so they are not walked once per younger
    generation on the way there; they stay collectable.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()
