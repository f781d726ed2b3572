"""WCAG 2.1 AA on every kind of page (issue 22), in Debian's Chromium through Playwright.

axe-core (shipped inside the ``axe-playwright-python`` wheel; nothing is downloaded) runs the
WCAG 2.0/2.1 A and AA rules on each page kind in the light and dark scheme at a desktop and a
mobile width; each page is loaded and axe injected once, then the scheme (the reader's system
preference, which Material's first palette follows) and the width change in place. The same
load checks what a screen reader needs (one h1, headings in order, landmarks, the page
language, names for charts and icon-only links, header cells) and the reflow at 200 % zoom.
Two more tests walk the site with the keyboard only and check reduced motion.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import axe_playwright_python

from browser import Visit, serve

pytestmark = pytest.mark.browser

PAGES = {  # in conftest's real_site: the pasted seed day and real Hugging Face API days
    "home": "",
    "day": "days/2025-03-18/",  # pasted: 31 papers
    "day from Hugging Face": "days/2025-07-08/",  # summaries, links, upvotes
    "paper": "papers/beyond-simple-edits-x-planner-for-complex-instruction-based-image-editing/",
    "tags index": "tags/",
    "tag": "tags/{first}/",  # the first tag page, whatever the taxonomy names
    "tag with a chart": "tags/{chart}/",  # the first whose page has an SVG chart (issue 17)
    "trends": "tags/trends/",  # issue 17's topic trends
    "archive": "archive/",
    "archive year": "archive/2025/",
    "archive month": "archive/2025-03/",
    "about": "about/",
    "404": "404.html",
    "search results": "?q=language",
    "search page": "search/?query=language",
}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
WIDTHS = {"desktop": 1280, "mobile": 390}
ZOOMED_WIDTH = 320
"""A 640 px wide window zoomed to 200 % lays the page out 320 CSS px wide (devicePixelRatio 2);
media queries and layout see 320 px, as in WCAG 1.4.10's reflow check."""

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
    "selectors": False,  # a third of axe's time; selectors are made again only on a failure
}
AXE_CORE = Path(axe_playwright_python.__file__).with_name("axe.min.js")  # as the wheel ships it
AXE_URL = "../axe.min.js"  # served next to the site, outside it
AXE_RUN = """async options => (await axe.run(document, options)).violations.map(v => ({
  rule: v.id, help: v.help,
  nodes: v.nodes.map(n => ({target: (n.target || []).join(" "), html: n.html, summary: n.failureSummary}))}))"""

SETTLED = """async () => {
  for (let quiet = 0; quiet < 2; ) {
    await new Promise(frame => requestAnimationFrame(frame))
    const running = document.getAnimations()
    if (running.length) { quiet = 0; await Promise.allSettled(running.map(a => a.finished)) } else quiet++
  }
}"""
"""Waits for the transitions a scheme or width change starts (colours fade over 125-250 ms,
the header's tabs come back after a frame): until two frames in a row run none."""

STRUCTURE = Path(__file__).with_name("accessibility.js").read_text()


@dataclass
class Audit:
    """What one page load found: axe's violations per (scheme, width) as readable lines, the
    page's structure, its reflow problems at 200 % zoom, and console errors."""

    violations: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    structure: dict = field(default_factory=dict)
    landmarks: dict[str, int] = field(default_factory=dict)
    reflow: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class ServedSite:
    """The built ``site`` served at ``url`` (ends with ``/``); :class:`Visit` takes it as its server."""

    url: str
    site: Path

    def path(self, kind: str) -> str | None:
        """The path of the page of ``kind`` (:data:`PAGES`) under ``url``; None when the
        site has no such page (the charts and trends of issue 17, until they land)."""
        tags = sorted(folder.name for folder in (self.site / "tags").iterdir() if folder.is_dir())
        charted = [tag for tag in tags if 'role="img"' in (self.site / "tags" / tag / "index.html").read_text()]
        if kind == "tag with a chart" and not charted:
            return None
        path = PAGES[kind].format(first=tags[0], chart=charted[0] if charted else "")
        return path if (self.site / path.split("?")[0] / "index.html").exists() or "." in path else None


def site_url_path(site: Path) -> str:
    """The path of the site's site_url (``paper-digests/``), read from its sitemap."""
    location = re.search(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text()).group(1)
    return urllib.parse.urlsplit(location).path.lstrip("/")


@pytest.fixture(scope="module")
def site_server(real_site, tmp_path_factory):
    """The site served under its site_url path, as on GitHub Pages: the 404 page's links are
    absolute, and served at the root it would be an unstyled page."""
    root = tmp_path_factory.mktemp("served")
    path = site_url_path(real_site)
    mount = root / path.rstrip("/") if path else root / "site"
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(real_site)
    shutil.copy(AXE_CORE, root / mount.relative_to(root).parent / "axe.min.js")
    with serve(root) as server:
        yield ServedSite(url=server.url + (path or "site/"), site=real_site)


def violation_lines(violations: list[dict]) -> list[str]:
    return [
        f"{v['rule']} ({v['help']}): {n['target'] or n['html'][:160]} -- {' '.join(n['summary'].split())[:300]}"
        for v in violations
        for n in v["nodes"]
    ]


def run_axe(page) -> list[str]:
    found = page.evaluate(AXE_RUN, AXE_OPTIONS)
    if found:  # again, with the elements' selectors for the message
        found = page.evaluate(AXE_RUN, {**AXE_OPTIONS, "selectors": True})
    return violation_lines(found)


def audit(visit: Visit, kind: str) -> Audit:
    """Load the page of ``kind`` once in ``visit``'s tab and check it in every scheme and width."""
    result = Audit()
    problems_before = len(visit.problems)
    page = visit.page
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 800})
    page.emulate_media(color_scheme="light")
    visit.open(visit.server.path(kind))
    if kind == "search results":
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    if kind == "search page":
        page.locator(".paper-search__result").first.wait_for(timeout=15_000)
        page.locator("#paper-search-filters-toggle").click()  # checked with its filters open
        page.locator("#paper-search-tag").wait_for()
    page.add_script_tag(url=visit.server.url + AXE_URL)  # once per page load
    result.structure = page.evaluate(STRUCTURE, "structure")
    for role in ("banner", "navigation", "main", "contentinfo"):
        result.landmarks[role] = page.get_by_role(role).count()
    for scheme, material_scheme in SCHEMES.items():
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function(f"document.body.dataset.mdColorScheme === {material_scheme!r}")
        for width_name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 800})
            page.evaluate(SETTLED)
            result.violations[scheme, width_name] = run_axe(page)
    page.set_viewport_size({"width": ZOOMED_WIDTH, "height": 640})  # from mobile, as a 640 px window zooms
    page.evaluate(SETTLED)
    result.reflow = page.evaluate(STRUCTURE, "reflow")
    result.problems = visit.problems[problems_before:]
    return result


@pytest.fixture(scope="module")
def audits(browser, site_server):
    """``audits(kind)``: the :class:`Audit` of that page kind, made on first use. All pages
    are audited in one tab (the browser's cache keeps Material's and axe's compiled scripts),
    without motion: the colours checked are those a transition ends with."""
    made: dict[str, Audit] = {}
    visit = Visit(browser, site_server, reduced_motion="reduce")

    def get(kind: str) -> Audit:
        if site_server.path(kind) is None:
            pytest.skip(f"the site has no {kind} page yet")
        if kind not in made:
            made[kind] = audit(visit, kind)
        return made[kind]

    yield get
    visit.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGES)
def test_no_axe_violations(audits, kind, scheme, width):
    assert audits(kind).violations[scheme, width] == []


@pytest.mark.parametrize("kind", PAGES)
def test_screen_readers_find_their_way(audits, kind):
    """One h1, headings in order, landmarks, the page language, and a name for every chart,
    icon-only link and button; tables have header cells; "Skip to content" leads to the h1
    (theme/404.html adds the one Material does not give the 404 page). No console errors."""
    found = audits(kind)
    structure = found.structure
    assert structure["skip"] == "#" + structure["h1 id"]
    assert structure["lang"] == "en"
    assert found.landmarks["banner"] == found.landmarks["main"] == found.landmarks["contentinfo"] == 1
    assert found.landmarks["navigation"] >= 1
    levels = [level for level, _ in structure["headings"]]
    assert levels.count(1) == 1 and levels[0] == 1, structure["headings"]
    skips = [(a, b) for a, b in zip(structure["headings"], structure["headings"][1:]) if b[0] > a[0] + 1]
    assert skips == [], "a heading level is skipped"
    assert structure["unnamed"] == []
    assert structure["charts without text"] == []
    assert structure["tables without header cells"] == []
    assert found.problems == []


@pytest.mark.parametrize("kind", PAGES)
def test_text_reflows_at_200_percent_zoom(audits, kind):
    """At 640 px zoomed to 200 %: no horizontal scrolling, no text cut off or overlapping
    (code blocks and tables may scroll within themselves, as WCAG 1.4.10 allows)."""
    assert audits(kind).reflow == []


def test_reduced_motion_stops_transitions_and_animations(browser, site_server):
    """Switching the scheme fades colours over 125-250 ms; a reader who prefers reduced
    motion gets the new colours at once."""
    counts = {}
    for motion in ("no-preference", "reduce"):
        visit = Visit(browser, site_server, reduced_motion=motion)
        page = visit.open(PAGES["paper"])
        counts[motion] = page.evaluate(STRUCTURE, "motion")
        visit.context.close()
    assert counts["no-preference"] > 0
    assert counts["reduce"] == 0


def focused(page) -> dict:
    return page.evaluate(STRUCTURE, "focused")


def tab_through(page) -> list[dict]:
    """Press Tab until the focus wraps around; what was focused at each press (once for an
    element Tab stays in: a date field's day, month and year)."""
    walked: list[dict] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        now = focused(page)
        if walked and now["index"] < walked[-1]["index"]:
            break  # wrapped around (or focus left the page)
        if not walked or now["index"] != walked[-1]["index"]:
            walked.append(now)
    return walked


def test_keyboard_alone_reaches_everything_in_reading_order(browser, site_server):
    """Skip to content, then every link and chip in document order, each with a visible focus."""
    visit = Visit(browser, site_server, viewport={"width": WIDTHS["desktop"], "height": 800})
    page = visit.open(PAGES["paper"])
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Skip to content" and skip["outlined"]
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
    page.evaluate("() => { window.__skipped = new Promise(done => addEventListener('hashchange', () => done(location.hash), { once: true })) }")
    page.keyboard.press("Enter")
    # the fragment navigation may land after the key's events return (a task of its own); the
    # hash may not stay: Material's navigation.tracking takes it off again at the page's top
    assert page.evaluate("window.__skipped") == "#" + page.locator(".md-content h1").get_attribute("id")
    page.keyboard.press("Tab")
    assert focused(page)["in"] == "article"  # past the header and the navigation

    page.reload()
    walked = tab_through(page)
    not_outlined = [step["text"] or step["html"] for step in walked if not step["outlined"]]
    assert not_outlined == []
    reached = [step["index"] for step in walked]
    links = page.evaluate(STRUCTURE, "links")  # visible links and chips in document order
    assert [link for link in links if link["index"] not in reached] == []
    chips = [step["text"] for step in walked if step["in"] == "article" and "md-tag" in step["html"]]
    assert chips and chips == page.locator("article .md-tag").all_inner_texts()
    assert visit.problems == []
    visit.context.close()


def test_keyboard_on_a_narrow_window(browser, site_server):
    """390 px wide (a phone, or a desktop window zoomed in): the focus never lands off the
    screen (the closed navigation drawer is out of the tab order); the menu button is
    reached and opens the drawer with Enter, whose links come next."""
    visit = Visit(browser, site_server, viewport={"width": WIDTHS["mobile"], "height": 800}, reduced_motion="reduce")
    page = visit.open(PAGES["paper"])
    walked = tab_through(page)
    assert [step["html"] for step in walked if not step["on screen"] and step["in"] != "search"] == []
    assert not [step for step in walked if step["in"] == "nav"]  # drawer closed
    menu = [step["text"] for step in walked].index("Navigation")
    for _ in range(menu + 1):
        page.keyboard.press("Tab")
    assert focused(page)["text"] == "Navigation"
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    page.keyboard.press(" ")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    page.keyboard.press(" ")
    in_drawer = [step for step in tab_through(page) if step["in"] == "nav"]
    assert "About" in [step["text"] for step in in_drawer]
    assert [step["html"] for step in in_drawer if not step["on screen"]] == []
    assert visit.problems == []
    visit.context.close()


def test_keyboard_on_the_search_page(browser, site_server):
    """The search page loads no script of Material's; its own give the keyboard what
    Material's do on the other pages: every control and link reached in order with a visible
    focus (the palette toggle's too), Enter on the toggle switches the palette, and on a
    narrow window the menu button opens the drawer with Enter, and a section of it too."""
    from playwright.sync_api import expect

    visit = Visit(browser, site_server, viewport={"width": WIDTHS["desktop"], "height": 800}, reduced_motion="reduce")
    page = visit.open(PAGES["search page"])
    page.locator(".paper-search__result").first.wait_for(timeout=15_000)
    expect(page.locator("#paper-search-status")).to_have_text(re.compile(r"^\d+ matching papers$"))  # the list is whole
    walked = tab_through(page)
    assert [step["text"] or step["html"] for step in walked if not step["outlined"]] == []
    links = page.evaluate(STRUCTURE, "links")
    assert [link for link in links if link["index"] not in {step["index"] for step in walked}] == []
    assert [step["html"] for step in walked if not step["on screen"]] == []
    toggle_at = [step["html"] for step in walked].index(next(step["html"] for step in walked if "md-option" in step["html"]))
    page.reload()
    for _ in range(toggle_at + 1):
        page.keyboard.press("Tab")
    label = "document.activeElement.nextElementSibling"
    assert page.evaluate(f"getComputedStyle({label}).outlineStyle") == "auto"  # Material's ring on the toggle
    toggle = page.locator("form[data-md-component=palette] label:visible")
    assert toggle.get_attribute("title") == "Switch to light mode"  # the system's scheme
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("title", "Switch to dark mode")
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.set_viewport_size({"width": WIDTHS["mobile"], "height": 800})
    page.reload()
    page.get_by_role("button", name="Navigation").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert "About" in [step["text"] for step in tab_through(page) if step["in"] == "nav"]
    section = page.locator(".md-sidebar--primary label.md-nav__link[tabindex]").first  # Tags' own pages
    section.focus()
    page.keyboard.press("Enter")  # opens the section, and says so as Material does
    expect(page.locator(f"[aria-labelledby='{section.get_attribute('id')}']")).to_have_attribute("aria-expanded", "true")
    assert visit.problems == []
    visit.context.close()


def test_search_by_keyboard(browser, site_server):
    """``/`` opens search, the arrow keys go through the results, Enter follows one; ``s``
    opens search too and Escape closes it."""
    visit = Visit(browser, site_server, viewport={"width": WIDTHS["desktop"], "height": 800})
    page = visit.open(PAGES["home"])
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.insert_text("sentence embedding")  # Material queries on each key's keyup:
    page.keyboard.press("s")  # one query, so no later answer replaces the list under the focus
    page.locator(".md-search-result__item").nth(1).wait_for(timeout=15_000)
    page.keyboard.press("ArrowDown")
    first = focused(page)
    assert "md-search-result__link" in first["html"] and first["outlined"]
    page.keyboard.press("ArrowDown")
    second = focused(page)
    assert "md-search-result__link" in second["html"] and second["href"] != first["href"]
    page.keyboard.press("ArrowUp")
    assert focused(page)["href"] == first["href"]
    page.keyboard.press("Enter")
    page.wait_for_url(first["href"])
    assert page.locator("article h1").inner_text() == first["text"].splitlines()[0]

    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    # Material opens search from the input's focus event a moment later (debounced): an
    # Escape before that finds search closed and does nothing, so wait for it to show open.
    page.wait_for_function("document.getElementById('__search').checked", timeout=15_000)
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__search').checked", timeout=15_000)
    assert visit.problems == []
    visit.context.close()
