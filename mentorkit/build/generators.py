"""The site generator seam.

mentorkit writes finished Markdown and a plain ``mkdocs.yml`` into a staging
folder, then hands it to a generator as a separate process. Nothing of ours
is a MkDocs plugin, so swapping MkDocs for a drop-in successor (ProperDocs,
or Zensical, which reads the same mkdocs.yml) is a matter of the command
line below, chosen with ``--generator``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mentorkit.build import generator_errors, paths
from mentorkit.problems import MentorkitError, Problem


@dataclass(frozen=True)
class Generator:
    name: str
    program: tuple[str, ...]
    build_args: tuple[str, ...] = ("build", "--strict", "--quiet")

    def available(self) -> bool:
        if self.program[0] == sys.executable:
            return _module_available(self.program[-1])
        return shutil.which(self.program[0]) is not None

    def require(self) -> None:
        if not self.available():
            package = {"mkdocs": "mkdocs-material", "properdocs": "properdocs", "zensical": "zensical"}[self.name]
            raise MentorkitError(f"the site generator {self.name} is not installed: pip install {package}")

    def build(self, config: Path) -> str:
        """Run the generator; returns its log, raises with it on failure."""
        self.require()
        command = [*self.program, *self.build_args, "-f", str(config)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
        result = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True)
        log = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            raise generator_errors.failure(self.name, log)  # one message, never the traceback
        return log

    def serve_command(self, config: Path, address: str) -> list[str]:
        return [*self.program, "serve", "-f", str(config), "-a", address]


def _module_available(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


GENERATORS = {
    "mkdocs": Generator("mkdocs", (sys.executable, "-m", "mkdocs")),
    "properdocs": Generator("properdocs", ("properdocs",)),
    "zensical": Generator("zensical", ("zensical",), ("build", "--clean")),
}


def load_base_config(root: Path) -> dict[str, Any]:
    """The site's plain mkdocs.yml (or the packaged default)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        path = paths.default_mkdocs_yml()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise MentorkitError(
            f"{path} is not plain YAML",
            [
                Problem(
                    path.name,
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                    "",
                    "mkdocs-config",
                    f"cannot read it: {getattr(exc, 'problem', exc)}",
                    "keep mkdocs.yml plain: no !!python tags, so any generator can read it",
                )
            ],
        ) from None
    if not isinstance(data, dict):
        raise MentorkitError(f"{path} must be a mapping of settings")
    return data


def stage_overrides(root: Path, target: Path) -> Path:
    """Theme overrides: the packaged defaults, then the site's own on top."""
    shutil.copytree(paths.default_overrides(), target, dirs_exist_ok=True)
    own = root / "site_overrides"
    if own.is_dir() and own.resolve() != paths.default_overrides().resolve():
        shutil.copytree(own, target, dirs_exist_ok=True)
    return target


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def write_config(
    base: dict[str, Any],
    staging: Path,
    *,
    docs: Path,
    site_dir: Path,
    overrides: Path,
    nav: list[Any],
    extra: dict[str, Any],
    site_name: str,
    site_url: str | None,
    language: str,
    logo: str | None = None,
) -> Path:
    config = dict(base)
    config["site_name"] = site_name
    if site_url:
        config["site_url"] = site_url
    # Relative to the staged mkdocs.yml: every generator resolves them the same way
    # (Zensical refuses absolute ones).
    config["docs_dir"] = _relative(docs, staging)
    config["site_dir"] = _relative(site_dir, staging)
    config["nav"] = nav
    theme = dict(config.get("theme") or {"name": "material"})
    theme["custom_dir"] = _relative(overrides, staging)
    theme.setdefault("language", language.split("-")[0])
    if logo:
        theme["logo"] = logo
    config["theme"] = theme
    config["extra"] = {**(config.get("extra") or {}), **extra}
    path = staging / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
