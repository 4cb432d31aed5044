"""The README is a tested contract: set-up commands, CI and CLI options."""

from __future__ import annotations

import re

from mentorkit.cli import parser

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "Quick start has a fenced sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands_build_then_test():
    first, second = quick_start_commands()
    assert "build.py" in first and "pytest" in second


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text()
    assert quick_start_commands()[1] in ci.splitlines()


def test_every_command_and_option_is_in_the_readme():
    top = parser()
    subparsers = next(a for a in top._actions if a.dest == "command")
    missing = []
    for name, sub in subparsers.choices.items():
        if f"`{name}" not in README:
            missing.append(name)
        for action in sub._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help" and option not in README:
                    missing.append(f"{name} {option}")
    assert missing == []
