"""'Did you mean' for an id that names no file: the closest existing id, when one is close."""

from __future__ import annotations

import difflib

from mentorkit.load.content import CheckedSite


def did_you_mean(site: CheckedSite, kind: str, wrong: str, otherwise: str) -> str:
    """A hint for ``wrong`` (an id of ``kind``): the closest existing id first, then ``otherwise``."""
    known = set(site.of(kind)) | {key for k, key in site.invalid if k == kind}
    close = difflib.get_close_matches(wrong, sorted(known), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"? If not, {otherwise}' if close else otherwise
