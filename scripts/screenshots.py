#!/usr/bin/env python3
"""Screenshots for the README: both bundled examples and a fresh `init` site, at a phone's
width (390 px) and a desktop's (1280 px), into docs/screenshots/.

    python scripts/screenshots.py

Each site is built with the real pipeline (no PDFs), served on 127.0.0.1 and
photographed by Debian's chromium through Playwright, as the browser tests do.
The PNGs are reduced to 64 colours: they stay sharp and small.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402  (WeasyPrint's dependency)
from playwright.sync_api import sync_playwright  # noqa: E402

from mentorkit.build.pipeline import BuildOptions, build  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from tests.browser.fresh import fresh_site  # noqa: E402

OUT = REPO / "docs" / "screenshots"
SIZES = {390: 844, 1280: 1100}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        roots = {
            "60mm": REPO,
            "academy-hub": REPO / "examples" / "academy-hub",
            "fresh-init": fresh_site(work / "future-steps"),
        }
        built = {
            name: build(BuildOptions(root, site_dir=work / f"site-{name}", pdf=False)).output
            for name, root in roots.items()
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for name, folder in built.items():
                with serve(folder) as url:
                    for width, height in SIZES.items():
                        page = browser.new_page(viewport={"width": width, "height": height})
                        page.goto(url, wait_until="networkidle")
                        target = OUT / f"{name}-{width}.png"
                        page.screenshot(path=str(target))
                        page.close()
                        Image.open(target).convert("RGB").quantize(colors=64).save(target, optimize=True)
                        print(f"wrote {target.relative_to(REPO)} ({target.stat().st_size // 1024} KB)")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
