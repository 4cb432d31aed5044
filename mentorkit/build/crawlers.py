"""What the site tells search engines: robots.txt, and a sitemap only when it can list pages.

MkDocs writes sitemap.xml with an entry per page only when it knows the
site's address (``site.url`` in programme.yaml); without it the file lists
nothing, which search consoles report as an error. So it is removed then,
and robots.txt names it only when it is there. The form editor (``admin/``)
is not for search engines.
"""

from __future__ import annotations

from pathlib import Path


def robots_txt(site_url: str | None) -> str:
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def write_robots(docs_dir: Path, site_url: str | None) -> None:
    """robots.txt at the top of the staged docs (the generator copies it as it is)."""
    target = docs_dir / "robots.txt"
    text = robots_txt(site_url)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def drop_empty_sitemap(site_dir: Path) -> bool:
    """Remove sitemap.xml (and its .gz) when it lists no page; True when it did."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file() or "<loc>" in sitemap.read_text(encoding="utf-8"):
        return False
    sitemap.unlink()
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
    return True
