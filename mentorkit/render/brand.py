"""The programme's own look, from ``programme.yaml``'s ``site:``: colours, logo, favicon, footer, link preview.

Colours reach the theme as CSS custom properties (Material's
``--md-primary-fg-color`` and friends) in a stylesheet of their own, not an
inline ``<style>``, so a Content-Security-Policy can forbid inline styles.
"""

from __future__ import annotations

from typing import Any

from mentorkit.check.branding import shade, text_on
from mentorkit.model import Programme

STYLESHEET = "assets/mentorkit-colours.css"


def stylesheet(programme: Programme) -> str | None:
    """The colours as custom properties, or None for the theme's own."""
    colours = programme.site.colours
    if colours is None:
        return None
    primary, accent = colours.primary.lower(), (colours.accent or colours.primary).lower()
    on_primary = text_on(primary)
    return (
        "/* The programme's colours (programme.yaml, site.colours), written by mentorkit: edit them there. */\n"
        ":root {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {shade(primary, 1.25)};\n"
        f"  --md-primary-fg-color--dark: {shade(primary, 0.8)};\n"
        f"  --md-primary-bg-color: {on_primary};\n"
        f"  --md-primary-bg-color--light: {on_primary}b3;\n"
        f"  --md-accent-fg-color: {accent};\n"
        f"  --md-accent-fg-color--transparent: {accent}1a;\n"
        f"  --md-accent-bg-color: {text_on(accent)};\n"
        f"  --md-accent-bg-color--light: {text_on(accent)}b3;\n"
        "}\n"
    )


def theme(programme: Programme) -> dict[str, Any]:
    """Theme settings the programme's look adds to ``mkdocs.yml``."""
    settings = programme.site
    out: dict[str, Any] = {}
    if settings.logo:
        out["logo"] = f"assets/{settings.logo}"
    if settings.favicon:
        out["favicon"] = f"assets/{settings.favicon}"
    if settings.colours:
        # "custom": the theme defines no colours of its own, so the stylesheet's apply.
        out["palette"] = {"scheme": "default", "primary": "custom", "accent": "custom"}
    return out


def extra(programme: Programme) -> dict[str, Any]:
    """What the overrides (footer, link preview) read from ``config.extra``."""
    organisation = programme.organisation
    return {
        # No "Made with Material for MkDocs": the footer names who runs the programme.
        "generator": False,
        "organisation": {
            "name": organisation.name,
            "team": organisation.team,
            "email": organisation.email,
            "website": organisation.website,
            "phone": organisation.phone,
        },
        "social_image": f"assets/{programme.site.social_image}" if programme.site.social_image else None,
        "description": " ".join(programme.summary.split())[:200],
    }
