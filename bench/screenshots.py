"""Screenshots of the pages readers see most, for maintainers to look at: the home page, a
day page and a paper page, each light, dark and mobile, in Debian's Chromium.

    .venv/bin/python bench/screenshots.py [--site SITE_DIR] [--out DIR]

Without ``--site`` it builds the site of real days the browser tests use (tests/conftest.py,
``make_real_project``: the pasted seed day plus three real Hugging Face API days) in a
temporary folder. Writes ``<page>-<mode>.png`` into ``--out`` (default ``screenshots/``,
which git ignores) and prints each page's full height in CSS pixels at the desktop size,
the figure behind "a day of 30 papers fits in about three desktop screens".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import launch_chromium, serve  # noqa: E402  (tests/browser.py)
from conftest import build_site, make_real_project  # noqa: E402

PAGES = {
    "home": "",
    "day": "days/2026-04-16/",
    "pasted-day": "days/2025-03-18/",
    "archive": "archive/",
    "tag": "tags/language/",
    "paper": "papers/rationalrewards-reasoning-rewards-scale-visual-generation-both-training-and-test/",
}
"""The pages shot, by name: paths under the site root."""
DESKTOP = {"width": 1280, "height": 800}
"""A common laptop screen in CSS pixels; one "screen" is its height."""
MODES = {
    "light": {"viewport": DESKTOP, "color_scheme": "light"},
    "dark": {"viewport": DESKTOP, "color_scheme": "dark"},
    "mobile": {"viewport": {"width": 390, "height": 844}, "color_scheme": "light", "is_mobile": True, "device_scale_factor": 1},
}


LISTING_BOTTOM = """() => Math.max(0, ...[...document.querySelectorAll('.paper-summary, .paper-byline')]
    .map(e => e.getBoundingClientRect().bottom + window.scrollY))"""
"""JavaScript: where a page's list of papers ends (CSS pixels from the top), 0 without one."""


def page_heights(site: Path) -> dict[str, tuple[int, int]]:
    """Each page's full height and the height down to the end of its list of papers (CSS
    pixels; the day pages end with the day's BibTeX below the list) at :data:`DESKTOP`."""
    heights = {}
    with launch_chromium() as browser, serve(site) as server:
        page = browser.new_page(viewport=DESKTOP)
        for name, path in PAGES.items():
            page.goto(server.url + path)
            heights[name] = (page.evaluate("document.documentElement.scrollHeight"), round(page.evaluate(LISTING_BOTTOM)))
        page.close()
    return heights


def shoot(site: Path, out: Path, full_page: bool = False) -> list[Path]:
    """Write one PNG per page and mode into ``out`` (the first screen, or the whole page with
    ``full_page``); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with launch_chromium() as browser, serve(site) as server:
        for mode, options in MODES.items():
            context = browser.new_context(**options)
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(server.url + path)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{mode}.png"
                page.screenshot(path=target, full_page=full_page)
                written.append(target)
            context.close()
    return written


README_SHOT = {"path": "days/2026-04-10/", "viewport": {"width": 1240, "height": 560}}
"""The picture in README.md: the top of a Hugging Face day page, light."""


def shoot_readme(site: Path, target: Path) -> Path:
    """Write README.md's picture (:data:`README_SHOT`) to ``target``."""
    with launch_chromium() as browser, serve(site) as server:
        page = browser.new_page(viewport=README_SHOT["viewport"], color_scheme="light")
        page.goto(server.url + README_SHOT["path"])
        page.wait_for_load_state("networkidle")
        page.screenshot(path=target)
        page.close()
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the reader fixture site)")
    parser.add_argument("--out", type=Path, default=REPO / "screenshots", help="where the PNGs go")
    parser.add_argument("--full-page", action="store_true", help="shoot whole pages, not the first screen")
    parser.add_argument("--readme", type=Path, help="also write README.md's picture here (docs/screenshot-day.png)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site or build_site(make_real_project(Path(scratch) / "project"))
        if args.readme:
            print(f"wrote {shoot_readme(site, args.readme)}")
        for path in shoot(site, args.out, args.full_page):
            print(f"wrote {path}")
        screen = DESKTOP["height"]
        for name, (height, listing) in page_heights(site).items():
            print(
                f"{name}: {height} px tall at {DESKTOP['width']}x{screen} ({height / screen:.1f} screens)"
                + (f"; its papers end at {listing} px ({listing / screen:.1f} screens)" if listing else "")
            )


if __name__ == "__main__":
    main()
