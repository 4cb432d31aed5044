"""A site generator's failure as one message, never its traceback.

MkDocs reports a crash in a page (an 800-level list once gave 2,500 lines of
traceback blamed on mkdocs.yml) as a Python traceback. Users need which page
failed and why, in one line; the traceback would also copy the page's text,
pseudonyms and all, into CI logs. ``check`` refuses what is known to crash
the generator, so this is the last resort.
"""

from __future__ import annotations

import re

from mentorkit.problems import MentorkitError, Problem

_PAGE = re.compile(r"""(?:docs[/\\])?([\w./\\-]+\.md)\b""")
_EXCEPTION = re.compile(r"^(?:[\w.]+\.)?(\w*(?:Error|Exception|Exit)):? ?(.*)$")
_REPORTED = ("ERROR", "WARNING", "Error", "Aborted")
MAX_MESSAGE = 200


def failure(generator: str, log: str) -> MentorkitError:
    """The error for a failed run of ``generator`` whose output was ``log``."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    reported = [line for line in lines if line.startswith(_REPORTED) and not line.startswith("Error: ")]
    exception = next((m for line in reversed(lines) if (m := _EXCEPTION.match(line))), None)
    page = next((m.group(1) for line in reversed(lines) if (m := _PAGE.search(line))), None)
    if reported and not exception:
        problems = [_problem(page, line[:MAX_MESSAGE]) for line in reported]
    else:
        what = f"{exception.group(1)}: {exception.group(2)}" if exception else (lines[-1] if lines else "no output")
        where = f" on the page {page}" if page else ""
        problems = [_problem(page, f"the site generator {generator} failed{where}: {what[:MAX_MESSAGE]}")]
    return MentorkitError(f"the site generator ({generator}) failed; nothing was published", problems)


def _problem(page: str | None, message: str) -> Problem:
    return Problem.whole_file(
        page or "mkdocs.yml",
        "site-build-failed",
        message,
        "look at the content this page is made from (run check first); if it is fine, report the message",
    )
