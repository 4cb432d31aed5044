"""Where mentorkit's own files are, installed from a wheel or from a checkout.

The theme overrides and the default mkdocs.yml live at the top of the
repository (``site_overrides/``, ``mkdocs.yml``), where a site's maintainers
expect them; the wheel carries copies inside the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # mentorkit/
CHECKOUT = PACKAGE.parent


def default_overrides() -> Path:
    bundled = PACKAGE / "_site_overrides"
    return bundled if bundled.is_dir() else CHECKOUT / "site_overrides"


def default_mkdocs_yml() -> Path:
    bundled = PACKAGE / "_mkdocs.yml"
    return bundled if bundled.is_file() else CHECKOUT / "mkdocs.yml"
