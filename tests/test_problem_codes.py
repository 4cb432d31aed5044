"""Every problem code is registered (mentorkit/codes.py) and documented (docs/content-model.md)."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

from mentorkit.codes import BY_CODE, CODES

from .conftest import REPO

PACKAGE = REPO / "mentorkit"
DOCS = REPO / "docs" / "content-model.md"


def _code_positions(tree: ast.AST) -> dict[str, int]:
    """Callables in a module that take a ``code``, and its position (``self`` not counted).

    Functions with a ``code`` parameter (``Source.problem``, local ``problem`` helpers)
    and dataclasses with a ``code`` field (``Problem``, ``CheckFinding``).
    """
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = [a.arg for a in node.args.posonlyargs + node.args.args]
            names = names[1:] if names[:1] in (["self"], ["cls"]) else names
            if "code" in names:
                found[node.name] = names.index("code")
        elif isinstance(node, ast.ClassDef):
            fields = [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
            if "code" in fields:
                found[node.name] = fields.index("code")
    return found


def _strings(node: ast.AST) -> Iterator[ast.Constant]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)
    elif isinstance(node, ast.Tuple):  # code, hint = "yaml-alias", "..."
        yield from (s for item in node.elts[:1] for s in _strings(item))


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _codes_in(path: Path, tree: ast.AST, shared: dict[str, int]) -> Iterator[tuple[str, str]]:
    positions = {**shared, **_code_positions(tree)}
    for node in ast.walk(tree):
        rel = (
            f"{path.relative_to(REPO)}:{getattr(node, 'lineno', 0)}" if isinstance(node, (ast.Call, ast.Assign)) else ""
        )
        if isinstance(node, ast.Call) and _name(node) in positions:
            index = positions[_name(node)]  # type: ignore[index]
            given = [kw.value for kw in node.keywords if kw.arg == "code"]
            if not given and len(node.args) > index and not any(isinstance(a, ast.Starred) for a in node.args):
                given = [node.args[index]]
            for value in given:
                yield from ((s.value, rel) for s in _strings(value))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == "code":
                    yield from ((s.value, rel) for s in _strings(node.value))
                elif isinstance(target, ast.Tuple) and target.elts and getattr(target.elts[0], "id", "") == "code":
                    yield from ((s.value, rel) for s in _strings(node.value))


@functools.cache
def codes_in_source() -> dict[str, list[str]]:
    """Every string literal given as a problem's code in mentorkit/, and where."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}
    # Only methods and classes are shared across modules (``source.problem(...)``, ``Problem(...)``):
    # a module's own ``problem`` helper must not decide how another module's calls are read.
    shared: dict[str, int] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                shared.update(_code_positions(node))
    found: dict[str, list[str]] = {}
    for path, tree in trees.items():
        for code, where in _codes_in(path, tree, shared):
            found.setdefault(code, []).append(where)
    return found


def documented_codes() -> set[str]:
    """The codes in the first column of the tables under "Rules the build enforces"."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## Rules the build enforces") : text.index("## Renamed fields")]
    return {
        code
        for line in section.splitlines()
        if line.startswith("| `")
        for code in re.findall(r"`([a-z0-9-]+)`", line.split("|")[1])
    }


def test_the_source_scan_finds_the_codes_it_should():
    # The scanner itself: each way the package builds a problem is seen.
    found = codes_in_source()
    for code in ("unknown-mentor", "yaml-alias", "dbs-missing", "extra-cell", "invalid-id", "missing-field"):
        assert code in found, code


def test_every_code_the_source_uses_is_registered():
    missing = {code: where for code, where in codes_in_source().items() if code not in BY_CODE}
    assert not missing, "problem codes not in the registry: add a Code(...) line for each to mentorkit/codes.py:\n" + (
        "\n".join(f"  {code} (used at {', '.join(where)})" for code, where in sorted(missing.items()))
    )


def test_every_registered_code_is_documented():
    missing = sorted(code.code for code in CODES if code.code not in documented_codes())
    assert not missing, (
        "problem codes missing from docs/content-model.md: add a row for each to the matching table under "
        '"Rules the build enforces":\n' + "\n".join(f"  | `{code}` | {BY_CODE[code].title} |" for code in missing)
    )


def test_every_documented_code_is_registered():
    stale = sorted(documented_codes() - set(BY_CODE))
    assert not stale, f"docs/content-model.md documents codes nothing registers (mentorkit/codes.py): {stale}"


def test_codes_are_kebab_case_unique_and_say_who_prints_them():
    assert len(BY_CODE) == len(CODES)
    commands = {"check", "build", "serve", "status", "schema", "import-survey", "new", "match", "private", "init"}
    for code in CODES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code.code), code
        assert code.title and "\n" not in code.title, code
        assert code.commands and set(code.commands) <= commands, code
