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

from mentorkit.build import generator_errors, paths, siteconfig
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
    """The site's mkdocs.yml laid over mentorkit's defaults (see ``siteconfig``)."""
    return layered_config(root)[0]


def config_problems(root: Path) -> list[Problem]:
    """Warnings for the site's settings mentorkit overrules, or the error that it cannot be read."""
    try:
        return layered_config(root)[1]
    except MentorkitError as exc:
        return exc.problems


def layered_config(root: Path) -> tuple[dict[str, Any], list[Problem]]:
    default_path = paths.default_mkdocs_yml()
    defaults, _ = siteconfig.read(default_path, "mkdocs.yml")
    own_path = root / "mkdocs.yml"
    if not own_path.is_file() or own_path.resolve() == default_path.resolve():
        return defaults, []
    own, node = siteconfig.read(own_path, "mkdocs.yml")
    merged = siteconfig.layer(defaults, own)
    return merged, siteconfig.guarantees("mkdocs.yml", own, node, merged)


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
    theme_settings: dict[str, Any] | None = None,
    stylesheets: list[str] | None = None,
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
    theme.update(theme_settings or {})  # the programme's own look (programme.yaml's site:)
    config["theme"] = theme
    if stylesheets:
        config["extra_css"] = [*(config.get("extra_css") or []), *stylesheets]
    config["extra"] = {**(config.get("extra") or {}), **extra}
    path = staging / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
