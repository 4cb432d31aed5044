"""axe-core in a real page: the WCAG 2.0, 2.1 and 2.2 A and AA rules plus best practice."""

from __future__ import annotations

from dataclasses import dataclass

#: The rule tags UK public-sector monitoring asks for (WCAG 2.2 AA), and axe's best practice.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    page: str
    width: int
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    summary: str

    def __str__(self) -> str:
        where = ", ".join(self.targets[:3]) + (f" (+{len(self.targets) - 3} more)" if len(self.targets) > 3 else "")
        return (
            f"/{self.page} at {self.width}px: {self.rule} ({self.impact}): {self.help}\n    at {where}\n    "
            f"{self.summary.splitlines()[1:2]}"
        )


def new_context(browser, width: int, axe_script):
    """A browser context at ``width`` whose every page has axe loaded (from the local file)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(path=str(axe_script))
    return context


def check_page(page, url: str, name: str, width: int) -> list[Violation]:
    page.goto(url)
    found = page.evaluate(_RUN, TAGS)
    return [
        Violation(
            name,
            width,
            v["rule"],
            v["impact"] or "",
            v["help"],
            tuple(n["target"] for n in v["nodes"]),
            v["nodes"][0]["summary"] if v["nodes"] else "",
        )
        for v in found
    ]
