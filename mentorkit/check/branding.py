"""The programme's own look (``programme.yaml``'s ``site:``): files that exist, colours people can read.

The theme draws white text on the primary colour (the header bar) and uses
the primary and accent colours as text on the white page (links, and links
under the pointer). WCAG 2.2 AA asks 4.5:1 for text, so a primary colour
below that with white is an error (every page would have it); an accent
below it is a warning (hover and focus states only). Each message gives the
ratios with white and with black text, so the fix is a darker or lighter
shade of the same colour, not a guess.
"""

from __future__ import annotations

from collections.abc import Iterator

from mentorkit.load.content import Site
from mentorkit.problems import Problem

AA_TEXT = 4.5


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2 definition) of ``#rrggbb``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """White or black, whichever reads better on ``background``."""
    return "#ffffff" if contrast(background, "#ffffff") >= contrast(background, "#000000") else "#000000"


def shade(hex_colour: str, factor: float) -> str:
    """The colour mixed towards black (factor < 1) or white (factor > 1)."""
    channels = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    if factor <= 1:
        mixed = [round(c * factor) for c in channels]
    else:
        mixed = [round(c + (255 - c) * (factor - 1)) for c in channels]
    return "#" + "".join(f"{min(255, max(0, c)):02x}" for c in mixed)


def _ratios(colour: str) -> str:
    white, black = contrast(colour, "#ffffff"), contrast(colour, "#000000")
    return f"{white:.2f}:1 with white text and {black:.2f}:1 with black text"


def colours(site: Site) -> Iterator[Problem]:
    assert site.programme
    chosen = site.programme.site.colours
    if chosen is None:
        return
    source = site.source("programme", "programme")
    white = contrast(chosen.primary, "#ffffff")
    if white < AA_TEXT:
        yield source.problem(
            ("site", "colours", "primary"),
            "low-contrast",
            f"the primary colour {chosen.primary} has a contrast ratio of {white:.2f}:1 with the white header text "
            f"and the white page ({_ratios(chosen.primary)}); WCAG AA needs {AA_TEXT}:1",
            f"choose a darker shade, e.g. {_darker_until(chosen.primary)}",
        )
    if chosen.accent:
        accent = contrast(chosen.accent, "#ffffff")
        if accent < AA_TEXT:
            yield source.problem(
                ("site", "colours", "accent"),
                "low-contrast",
                f"the accent colour {chosen.accent} has a contrast ratio of {accent:.2f}:1 as link text on the "
                f"white page ({_ratios(chosen.accent)}); WCAG AA needs {AA_TEXT}:1",
                f"choose a darker shade, e.g. {_darker_until(chosen.accent)}",
                severity="warning",
            )


def _darker_until(colour: str) -> str:
    factor = 1.0
    while contrast(shade(colour, factor), "#ffffff") < AA_TEXT and factor > 0:
        factor -= 0.05
    return shade(colour, max(factor, 0))


def files(site: Site) -> Iterator[Problem]:
    assert site.programme
    settings = site.programme.site
    for name, value in (("favicon", settings.favicon), ("social_image", settings.social_image)):
        if value and not (site.root / "content" / "assets" / value).is_file():
            yield site.source("programme", "programme").problem(
                ("site", name),
                "missing-asset",
                f"there is no content/assets/{value}",
                "add the file or correct the path",
            )
