"""``run.py --warm``: the same run twice, cold (an empty cache) then warm (after a one-file edit), side by side.

Each run is a fresh process (``run.py --cache-dir DIR --json``), as a real
``check`` or CI build is: nothing survives between them but the cache folder,
so in-memory caches (charts, figures) do not flatter the warm figures.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: As run.py: the stages that are not mentorkit's own Python work.
NOT_OURS = {"site build", "pdf"}
#: The first quoted value of a session plan (its title or summary): a change every page that lists it shows.
QUOTED = re.compile(r'^(\w+: ".*)(")\s*$', re.MULTILINE)


def edit_one_session(root: Path) -> str:
    """Change one word of the first session plan, as a user's one-file edit would; returns what was edited."""
    path = sorted((root / "sessions").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    edited, count = QUOTED.subn(r"\1 (edited)\2", text, count=1)
    path.write_text(edited if count else text + "# edited\n", encoding="utf-8")
    return path.relative_to(root).as_posix() + ("" if count else " (a comment added)")


def measure_in_child(root: Path, cache: Path, flags: list[str]) -> dict[str, Any]:
    command = [sys.executable, str(HERE / "run.py"), "--content-root", str(root), "--cache-dir", str(cache)]
    done = subprocess.run([*command, "--json", "--no-frictionless", *flags], capture_output=True, text=True)
    if not done.stdout.strip():
        raise SystemExit(f"the measured run failed:\n{done.stderr}")
    return json.loads(done.stdout)


def _stage_seconds(figures: dict[str, Any]) -> dict[str, tuple[float, float]]:
    return {s["stage"]: (s["seconds"], s["cpu_seconds"]) for s in figures["stages"]}


def _ratio(figures: dict[str, Any]) -> str:
    ratio = figures["mentorkit_to_site_build"]
    return f"{ratio:.2f}" if ratio is not None else "-"


def _own_cpu(figures: dict[str, Any]) -> float:
    return sum(s["cpu_seconds"] for s in figures["stages"] if s["stage"] not in NOT_OURS)


def _cpu_ratio(figures: dict[str, Any]) -> str:
    generator = _stage_seconds(figures).get("site build")
    return f"{_own_cpu(figures) / generator[1]:.2f}" if generator and generator[1] else "-"


def side_by_side(cold: dict[str, Any], warm: dict[str, Any], heading: str, edited: str) -> str:
    before, after = _stage_seconds(cold), _stage_seconds(warm)
    names = list(before) + [name for name in after if name not in before]
    headers = ["stage", "cold wall s", "cold CPU s", "warm wall s", "warm CPU s", "warm/cold"]
    rows = []
    for name in names:
        c, w = before.get(name), after.get(name)
        rows.append(
            [
                name,
                f"{c[0]:.3f}" if c else "-",
                f"{c[1]:.3f}" if c else "-",
                f"{w[0]:.3f}" if w else "-",
                f"{w[1]:.3f}" if w else "-",
                f"{w[0] / c[0]:.2f}" if c and w and c[0] else "-",
            ]
        )
    footer = [
        ["total", f"{cold['total_seconds']:.3f}", "", f"{warm['total_seconds']:.3f}", "", ""],
        ["mentorkit's own stages", f"{cold['mentorkit_seconds']:.3f}", f"{_own_cpu(cold):.3f}"]
        + [f"{warm['mentorkit_seconds']:.3f}", f"{_own_cpu(warm):.3f}", ""],
        ["own : site generator", _ratio(cold), _cpu_ratio(cold), _ratio(warm), _cpu_ratio(warm), ""],
        ["process peak RSS MB", f"{cold['process_peak_rss_mb']:.0f}", "", f"{warm['process_peak_rss_mb']:.0f}", "", ""],
    ]
    widths = [max(len(r[i]) for r in [headers, *rows, *footer]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    rule = line(["-" * w for w in widths])
    loads = (cold["load_average"][0], warm["load_average"][1])
    out = [heading, line(headers), rule, *map(line, rows), rule, *map(line, footer)]
    out += [
        f"cold: a fresh process and an empty cache (it fills the cache). warm: a fresh process after editing {edited}.",
        "own stages: every stage but site build and pdf (the cache stage, loading and saving it, is ours); "
        "the ratio in the CPU columns is of CPU seconds, steadier on a busy machine.",
        f"machine: {cold['cpus']} CPUs, 1-minute load average {loads[0]:.1f} before cold and {loads[1]:.1f} after warm"
        + (
            " (busy: wall times are inflated, CPU s is the steadier figure)."
            if max(loads) > (cold["cpus"] or 1)
            else "."
        ),
    ]
    for name, figures in (("cold", cold), ("warm", warm)):
        if figures["error"]:
            out.append(f"{name} FAILED: {figures['error']['message']}: " + "; ".join(figures["error"]["first"][:3]))
    return "\n".join(out)
