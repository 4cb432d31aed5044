"""Results remembered for the very object they were worked out from.

``serve`` rebuilds after every edit and keeps the statistics when the data
did not change (``serve.Figures``): the same published tables come back, and
what was made from them (their open-data CSV, their rows grouped by year)
need not be made again. Tables are mutable dataclasses, so ``lru_cache``
cannot key on them; this keys on identity and holds the object, so its id
is not reused while the entry lives.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")


def by_identity(maxsize: int = 8) -> Callable[[Callable[[Any], R]], Callable[[Any], R]]:
    def decorate(function: Callable[[Any], R]) -> Callable[[Any], R]:
        entries: dict[int, tuple[Any, R]] = {}

        @functools.wraps(function)
        def remembered(thing: Any) -> R:
            found = entries.get(id(thing))
            if found is not None and found[0] is thing:
                return found[1]
            result = function(thing)
            if len(entries) >= maxsize:
                entries.pop(next(iter(entries)))
            entries[id(thing)] = (thing, result)
            return result

        return remembered

    return decorate
