"""What the form editor at ``/admin/`` needs besides its forms: the editor's
program, and the repository its saves go to.

The editor is Sveltia CMS, which reads Decap CMS's ``config.yml`` and signs
in to GitHub with a personal access token, so a site on GitHub Pages needs no
sign-in server (README, "The form editor"). Its program is one pinned file
vendored in ``vendor/`` (version, source and licence below and in
``vendor/README.md``): ``python build.py`` publishes it with no Node.js and no
network, and the privacy gate knows it by its SHA-256 (``bundle_dir``).

The repository comes from ``repo_url`` in the site's ``mkdocs.yml``, the
branch from its ``edit_uri`` (``edit/<branch>/...``), else ``main``. While
``repo_url`` is unset or a placeholder, the published editor works on an
in-browser test repository that saves nothing, and the build warns
(``editor-repository-unset``): a placeholder repository in the published
configuration would send staff's saves nowhere.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mentorkit.build.generators import load_base_config
from mentorkit.problems import Problem

VENDOR = Path(__file__).resolve().parent / "vendor"
#: The editor's one program file, as published in npm's @sveltia/cms (dist/), unchanged.
BUNDLE = "sveltia-cms.js"
BUNDLE_VERSION = "0.221.1"
BUNDLE_SHA256 = "2fc783907e1a4a70783f155cc28435c70b8f79792f2aab75e787984e84aa413a"
LICENCE = "sveltia-cms.LICENSE.txt"
#: Owner or repository names that stand for "fill this in", never a real repository.
PLACEHOLDERS = {"owner", "repository", "repo", "org", "organisation", "organization", "user", "username", "example"}
PLACEHOLDER_PREFIXES = ("your-", "my-", "<")


@dataclass(frozen=True)
class Repository:
    """Where the editor's saves go: ``name`` is ``owner/repository``, or None when unknown."""

    host: str
    name: str | None
    branch: str
    url: str
    line: int | None  # repo_url's line in mkdocs.yml, for the warning

    @property
    def web(self) -> str | None:
        """The repository's address on its host, for links such as "edit this page"."""
        return f"https://{self.host}/{self.name}" if self.name else None


def repository(root: Path) -> Repository:
    config = load_base_config(root)
    url = str(config.get("repo_url") or "").strip()
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    name = parts.path.strip("/").removesuffix(".git")
    known = host in ("github.com", "gitlab.com") and name.count("/") >= 1 and not _placeholder(name)
    if host == "github.com" and name.count("/") != 1:
        known = False
    return Repository(host or "github.com", name if known else None, _branch(config), url, _line_of(root, "repo_url"))


def _placeholder(name: str) -> bool:
    return any(
        part.lower() in PLACEHOLDERS or part.lower().startswith(PLACEHOLDER_PREFIXES) for part in name.split("/")
    )


def _branch(config: dict[str, Any]) -> str:
    # MkDocs' own setting for the branch pages are edited on: edit_uri: edit/<branch>/docs/
    parts = str(config.get("edit_uri") or "").strip("/").split("/")
    if len(parts) >= 2 and parts[0] in ("edit", "blob", "tree", "-"):
        return parts[1] if parts[0] != "-" or len(parts) < 3 else parts[2]
    return "main"


def _line_of(root: Path, key: str) -> int | None:
    path = root / "mkdocs.yml"
    if not path.is_file():
        return None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def edit_base(root: Path) -> str | None:
    """The address a page's source path is added to, to open that file in the host's web
    editor (``{repo_url}/edit/{branch}/{path}``); GitHub turns a save there into a pull request."""
    repo = repository(root)
    if repo.name is None:
        return None
    edit = "-/edit" if repo.host == "gitlab.com" else "edit"
    return f"{repo.web}/{edit}/{repo.branch}/{repo_prefix(root)}"


def repo_prefix(root: Path) -> str:
    """Where the site sits inside its git repository (the editor's paths are from the top)."""
    root = root.resolve()
    for parent in (root, *root.parents):
        if (parent / ".git").exists():
            rel = root.relative_to(parent).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def backend(root: Path) -> dict[str, Any]:
    """The editor's ``backend``: the site's repository, or the in-browser test repository."""
    repo = repository(root)
    if repo.name is None:
        return {"name": "test-repo"}
    if repo.host == "gitlab.com":
        return {"name": "gitlab", "repo": repo.name, "branch": repo.branch}
    # Signing in with GitHub's OAuth needs a server to hold the app's secret (GitHub's
    # token endpoint sends no CORS headers); a personal access token needs none.
    return {"name": "github", "repo": repo.name, "branch": repo.branch, "auth_methods": ["token"]}


def repository_problems(root: Path) -> list[Problem]:
    """A warning while the form editor cannot save to the site's repository."""
    repo = repository(root)
    if repo.name is not None:
        return []
    what = f"{repo.url!r} is not a GitHub repository's address" if repo.url else "is not set"
    if repo.url and _placeholder(urlsplit(repo.url).path.strip("/")):
        what = f"{repo.url!r} is a placeholder"
    return [
        Problem(
            "mkdocs.yml",
            repo.line,
            1 if repo.line else None,
            "repo_url",
            "editor-repository-unset",
            f"{what}, so the form editor at /admin/ opens a test repository that saves nothing "
            "and pages have no 'Edit this page' link",
            "set repo_url to your repository's address, e.g. repo_url: https://github.com/your-council/mentoring; "
            "if its branch is not main, add edit_uri: edit/BRANCH/",
            severity="warning",
        )
    ]


def bundle_dir(root: Path | None = None) -> Path:
    """The folder of the editor's program (``root`` is accepted for older callers)."""
    return VENDOR


def copy_bundle(root: Path, target: Path) -> None:
    """Copy the editor's program and licence into ``target`` (``docs/admin``).

    A copy already there with the same size and time is left alone, so a
    generator watching the folder does not rebuild for it.
    """
    target.mkdir(parents=True, exist_ok=True)
    for name in (BUNDLE, LICENCE):
        source, copy = VENDOR / name, target / name
        if copy.is_file() and (copy.stat().st_size, int(copy.stat().st_mtime)) == (
            source.stat().st_size,
            int(source.stat().st_mtime),
        ):
            continue
        shutil.copy2(source, copy)


def bundle_problems(root: Path) -> list[Problem]:
    """Build warnings about the editor: only its repository now that the program is vendored."""
    return repository_problems(root)
