"""The statistics kept between builds, under a hash of every file they are computed from.

``stats.compute`` reads the programme, schools, mentors, cohorts, surveys,
indicators, reports and the tables, never the session plans, guides, pages or
testimonials (``serve`` relies on the same split, and tests/test_serve_cache.py
holds stats to it). So a build after editing a session plan takes last
build's figures; any change to a file they read computes them again.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from typing import Any

from mentorkit.load.content import CheckedSite
from mentorkit.load.disk_cache import DiskCache, fingerprint
from mentorkit.model.kinds import KIND_BY_NAME
from mentorkit.stats import figures as stats

#: Parts of a ``Site`` that ``stats.compute`` does not read.
NOT_IN_FIGURES = frozenset({"root", "sessions", "guides", "testimonials", "pages", "sources", "invalid"})
NAME = "figures.pickle"


def _read_by_figures(entry: tuple[str, ...]) -> bool:
    kind = KIND_BY_NAME.get(entry[0])
    return entry[0] == "table" or (kind is not None and kind.attribute not in NOT_IN_FIGURES)


@dataclass
class CachedFigures:
    """``stats.compute`` for ``documents``, taken from ``disk`` when no file it reads has changed.

    Call after the site was read through ``disk``'s read cache: its digests are the key.
    """

    disk: DiskCache

    def key(self, site: CheckedSite) -> str:
        digest = hashlib.sha256(fingerprint().encode())
        entries = sorted(
            (entry, content)
            for shard in self.disk.loaded.values()
            for entry, content in shard.items()
            if _read_by_figures(entry)
        )
        for entry, content in entries:
            digest.update(repr(entry).encode() + b"\0" + content + b"\0")
        # The ids each part holds, so a file read without the cache (too big, unreadable) still changes the key.
        for name in sorted(vars(site)):
            if name not in NOT_IN_FIGURES and isinstance(getattr(site, name), dict):
                digest.update(f"{name}:{sorted(map(repr, getattr(site, name)))}".encode())
        return digest.hexdigest()

    def compute(self, site: CheckedSite) -> dict[str, Any]:
        key = self.key(site)
        payload = self.disk.read(NAME, "figures")
        if payload is not None:
            try:
                kept = pickle.loads(payload)
                if kept["key"] == key:
                    return kept["figures"]
            except Exception:  # noqa: BLE001 - signed by us yet unloadable (a class moved): compute afresh
                pass
        figures = stats.compute(site)
        self.disk.write(
            NAME, "figures", pickle.dumps({"key": key, "figures": figures}, protocol=pickle.HIGHEST_PROTOCOL)
        )
        return figures
