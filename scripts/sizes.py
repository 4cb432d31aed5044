"""List the modules over 400 lines and the functions over 60 lines in mentorkit/ (AST-based).

    python scripts/sizes.py            # what is over, longest first
    python scripts/sizes.py --counts   # just the two counts

tests/test_guardrails.py uses the same functions, with an allow-list of the
few exceptions being worked on, so a new long module or function fails CI.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
PACKAGE = Path(__file__).resolve().parent.parent / "mentorkit"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    """``mentorkit/stats/disclosure.py`` -> ``stats/disclosure.py``."""
    return path.relative_to(package).as_posix()


def long_modules(package: Path = PACKAGE, limit: int = MAX_MODULE_LINES) -> dict[str, int]:
    """Module (relative to the package) -> its line count, for those over ``limit``."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            out[module_name(path, package)] = lines
    return out


def long_functions(package: Path = PACKAGE, limit: int = MAX_FUNCTION_LINES) -> dict[str, int]:
    """``module.py:Class.function`` -> its line count (def to last line), for those over ``limit``."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for qualname, node in _functions(tree, ""):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > limit:
                out[f"{module_name(path, package)}:{qualname}"] = lines
    return out


def _functions(node: ast.AST, prefix: str):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = prefix + child.name
            if not isinstance(child, ast.ClassDef):
                yield name, child
            yield from _functions(child, name + ".")


def main(argv: list[str]) -> int:
    modules, functions = long_modules(), long_functions()
    if "--counts" in argv:
        print(f"modules over {MAX_MODULE_LINES} lines: {len(modules)}")
        print(f"functions over {MAX_FUNCTION_LINES} lines: {len(functions)}")
        return 0
    print(f"Modules over {MAX_MODULE_LINES} lines ({len(modules)}):")
    for name, lines in sorted(modules.items(), key=lambda item: -item[1]):
        print(f"  {lines:5}  {name}")
    print(f"Functions over {MAX_FUNCTION_LINES} lines ({len(functions)}):")
    for name, lines in sorted(functions.items(), key=lambda item: -item[1]):
        print(f"  {lines:5}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
