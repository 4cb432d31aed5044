"""Results kept between checks by a hash of the files they are computed from.

A cross-file rule or the typed-value scan looks at the whole site, but each
reads only some kinds of file: the survey responses rule reads the tables,
surveys, schools and cohorts, never a session plan. ``Kept`` keeps such a
result with ``ReadCache.digest`` of the kinds it reads (names and bytes of
every file of those kinds), in the disk cache (signed like the rest) or, for
``serve``, in memory; it is reused only while that hash is the same.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from mentorkit.load.cache import ReadCache
from mentorkit.load.disk_cache import DiskCache

T = TypeVar("T")


@dataclass
class Kept:
    disk: DiskCache | None = None
    #: name -> (inputs hash, value), as read from disk or put this run
    values: dict[str, tuple[bytes, Any]] = field(default_factory=dict)
    #: this process's objects that are not written (the privacy gate's matcher)
    memory: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str, inputs: bytes | None) -> Any:
        """The value kept as ``name`` for ``inputs``, or None."""
        if inputs is None:
            return None
        if name not in self.values and self.disk is not None:
            payload = self.disk.read_view(f"kept/{name}.pickle", "kept")
            if payload is not None:
                try:
                    self.values[name] = pickle.loads(payload)
                except Exception:  # noqa: BLE001 - a signed file this mentorkit cannot load is as good as none
                    pass
        found = self.values.get(name)
        return found[1] if found is not None and found[0] == inputs else None

    def put(self, name: str, inputs: bytes | None, value: Any) -> None:
        if inputs is None:
            return
        self.values[name] = (inputs, value)
        if self.disk is not None:
            payload = pickle.dumps(self.values[name], protocol=pickle.HIGHEST_PROTOCOL)
            self.disk.write(f"kept/{name}.pickle", "kept", payload)

    def rule(self, cache: ReadCache | None) -> Callable[[str, frozenset[str], str, Callable[[], T]], T]:
        """A memo for ``check.rules``: ``run()``'s result, reused while the files of ``kinds`` and ``rest``
        (what else the rule reads, as text) are unchanged."""

        def memo(name: str, kinds: frozenset[str], rest: str, run: Callable[[], T]) -> T:
            digest = cache.digest(kinds) if cache is not None else None
            inputs = None if digest is None else digest + rest.encode()
            found = self.get(f"rule-{name}", inputs)
            if found is None:
                found = run()
                self.put(f"rule-{name}", inputs, found)
            return found

        return memo
