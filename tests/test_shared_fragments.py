"""generator.output.shared_fragments: the tabs, footer and config script, and Material's own
nav, back-to-top, palette and search box partials (wrapped through the hook's template loader),
rendered once per build for the pages outside the nav in one folder; every page's HTML stays
what Material renders for it alone."""

from __future__ import annotations

import importlib.resources
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from jinja2 import Environment
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.theme import Theme

from generator.output.shared_fragments import SharedFragments, shared_partials_loader

REPO = Path(__file__).resolve().parent.parent
MATERIAL_TEMPLATES = Path(str(importlib.resources.files("material") / "templates"))

FRAGMENTS = ["config", "footer", "nav", "palette", "search", "tabs", "top"]
"""The shared fragments of every page (theme/main.html's shared() calls and the wrappers in
theme/partials/shared/)."""


def _page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url)


def test_a_key_is_the_folder_of_a_page_outside_the_nav():
    home, about, tags = _page(""), _page("about/"), _page("tags/")
    nav = SimpleNamespace(
        items=[home, SimpleNamespace(children=[tags, SimpleNamespace(url="papers/linked/")]), about],
        pages=[home, tags, about],
    )
    fragments = SharedFragments(homepage=None, logo="assets/logo.png")
    a, b, c = (
        fragments.key("nav", _page("papers/a/"), nav),
        fragments.key("nav", _page("papers/b/"), nav),
        fragments.key("nav", _page("days/a/"), nav),
    )
    assert a == b == ("nav", id(nav), "papers", True)
    assert c == ("nav", id(nav), "days", True)
    assert fragments.key("footer", _page("papers/a/"), nav) != a
    assert fragments.key("nav", _page("tags/x/page-2/"), nav) == ("nav", id(nav), "tags/x", True)
    assert fragments.key("nav", _page("papers/a.html"), nav) == ("nav", id(nav), "papers", False)
    # The page's own: in the nav, a nav link at or under it, the logo under it, no page.
    assert fragments.key("nav", tags, nav) is None
    assert fragments.key("nav", about, nav) is None
    assert fragments.key("nav", _page("papers/linked/"), nav) is None
    assert fragments.key("nav", _page("papers/"), nav) is None
    assert fragments.key("nav", _page("assets/"), nav) is None
    assert fragments.key("nav", None, nav) is None


def test_a_fragment_is_rendered_once_per_key():
    nav = SimpleNamespace(items=[], pages=[])
    fragments = SharedFragments()
    rendered = []

    def caller(text: str):
        return lambda: rendered.append(text) or text

    assert fragments("tabs", _page("papers/a/"), nav, caller("A")) == "A"
    assert fragments("tabs", _page("papers/b/"), nav, caller("B")) == "A"
    assert fragments("tabs", _page("days/b/"), nav, caller("C")) == "C"
    assert fragments("tabs", None, nav, caller("D")) == "D"
    assert rendered == ["A", "C", "D"]


def test_every_page_of_a_site_renders_as_without_shared_fragments(seed_site: Path):
    """Every page of the seed site (nav pages, paper, day, tag and month pages) rendered with
    Material's template twice, with the hook's shared fragments and without: the same HTML;
    and the pages outside the nav did share their fragments."""
    project = seed_site.parent
    config = load_config(str(project / "mkdocs.yml"))
    files, nav, pages, rendered = converted_site(config)
    plain = rendered(config.theme.get_env())
    env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)  # a new one, as each build
    fragments = env.globals["shared_fragment"]
    assert isinstance(fragments, SharedFragments)
    calls, renders = [], []

    def counted(name, page, nav, caller):
        calls.append(name)
        return fragments(name, page, nav, lambda: renders.append((name, page.url if page else None)) or caller())

    env.globals["shared_fragment"] = counted
    shared = rendered(env)
    assert len(pages) > 60 and shared.keys() == plain.keys()
    assert [url for url in plain if shared[url] != plain[url]] == []
    # search/ and the home page (theme/search.html, home.html: no bundle of Material's) have no config block.
    assert sorted(set(calls)) == sorted(FRAGMENTS) and len(calls) == len(FRAGMENTS) * len(pages) - 2
    # Rendered for each nav page, and once for the first page of each other folder.
    nav_urls = {page.url for page in nav.pages}
    folders = {page.url.rstrip("/").rpartition("/")[0] for page in pages if page.url not in nav_urls}
    assert {"papers", "days", "tags"} <= folders
    assert len(renders) == len(FRAGMENTS) * (len(nav_urls) + len(folders)) - 2


def test_the_loader_serves_the_wrapper_only_where_material_s_own_partial_would_be(tmp_path: Path):
    """The wrapper of partials/nav.html is served in its place while the theme has no
    partials/nav.html of its own; with one, the theme's own wins; Material's original stays
    reachable as material/partials/nav.html; a theme without wrappers gets Material's."""
    custom = tmp_path / "theme"
    shutil.copytree(REPO / "theme" / "partials" / "shared", custom / "partials" / "shared")
    own = (custom / "partials" / "shared" / "nav.html").read_text(encoding="utf-8")
    material = (MATERIAL_TEMPLATES / "partials" / "nav.html").read_text(encoding="utf-8")
    assert 'include "material/partials/nav.html"' in own and own != material

    def source(custom_dir: Path | None, name: str) -> str:
        env = Theme(name="material", custom_dir=str(custom_dir) if custom_dir else None).get_env()
        env.loader = shared_partials_loader(env, str(custom_dir) if custom_dir else None, MATERIAL_TEMPLATES)
        return env.loader.get_source(env, name)[0]

    assert source(custom, "partials/nav.html") == own
    assert source(custom, "material/partials/nav.html") == material
    assert source(custom, "partials/nav-item.html") == (MATERIAL_TEMPLATES / "partials" / "nav-item.html").read_text(encoding="utf-8")
    assert source(None, "partials/nav.html") == material
    (custom / "partials" / "nav.html").write_text("<nav>the theme's own</nav>\n", encoding="utf-8")
    assert source(custom, "partials/nav.html") == "<nav>the theme's own</nav>\n"


PAGES = {
    "index.md": "# Home\n\nText.\n",
    "about.md": "# About\n\n## Who\n\nText.\n",
    "archive/index.md": "# Archive\n",
    "tags/index.md": "# Tags\n",
    "tags/trends.md": "# Trends\n\n## Chart\n",
    "search/index.md": "# Search\n",
    "papers/a.md": "---\nhide:\n- navigation\n- toc\n---\n# A\n\n## Abstract\n\nText.\n",
    "papers/b.md": "# B\n\n## Abstract\n\nText.\n",
    "papers/c.md": "---\nhide:\n- toc\ntitle: Title of C\n---\n# C\n",
    "papers/deep/d.md": "---\nhide:\n- navigation\n---\n# D\n\n## Deeper\n",
    "tags/x.md": "---\nhide:\n- navigation\n---\n# X\n",
    "tags/x/page-2.md": "# X, page 2\n",
    "days/2026-01-01.md": "---\ntitle: 1 January 2026\n---\n# 1 January 2026\n",
}
"""Pages outside the nav that share a folder but differ in their hide flags, title and
table of contents, at several depths, beside the nav's pages (mkdocs.yml's nav)."""


@pytest.mark.parametrize("directory_urls", [True, False])
def test_pages_of_a_folder_differing_in_hide_flags_depth_and_toc_render_as_alone(tmp_path: Path, directory_urls: bool):
    """Material's template with the hook's on_env (shared fragments and wrapped partials)
    gives every page the HTML it gets without the hook, for pages of one folder that differ
    in what the shared parts must not depend on (hide flags, title, table of contents), for
    pages deeper down, and for the nav's pages (an active item); with and without directory URLs."""
    from generator import mkdocs_hook

    text = re.sub(r"(?m)^(hooks|watch):\n(?:  - .*\n)+", "", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    shutil.copytree(REPO / "theme", tmp_path / "theme")
    for relative, markdown in PAGES.items():
        (tmp_path / "site_src" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "site_src" / relative).write_text(markdown, encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), use_directory_urls=directory_urls)
    files, nav, pages, rendered = converted_site(config)
    plain = rendered(config.theme.get_env())
    env = mkdocs_hook.on_env(config.theme.get_env(), config=config, files=files)
    fragments, renders = env.globals["shared_fragment"], []
    env.globals["shared_fragment"] = lambda name, page, nav, caller: fragments(
        name, page, nav, lambda: renders.append((name, page.url)) or caller()
    )
    shared = rendered(env)
    assert len(plain) == len(PAGES) and [url for url in plain if shared[url] != plain[url]] == []
    # a, b and c share each fragment; d, x, x/page-2 and the day have folders of their own.
    outside = {"papers/a", "papers/b", "papers/c", "papers/deep/d", "tags/x", "tags/x/page-2", "days/2026-01-01"}
    folders = {url.rpartition("/")[0] for url in outside}
    nav_pages = len(PAGES) - len(outside)
    assert len(renders) == len(FRAGMENTS) * (nav_pages + len(folders))
    assert any("md-nav__link--active" in plain[page.url] for page in nav.pages)
    assert 'data-md-type="navigation" hidden' in plain[pages_url(pages, "papers/a.md")]
    assert 'data-md-type="navigation" hidden' not in plain[pages_url(pages, "papers/b.md")]


def converted_site(config) -> tuple[Files, Navigation, list, Callable[[Environment], dict[str, str]]]:
    """The site of ``config`` read and converted as a build does: its files (the theme's
    included), nav and pages (each page's Markdown converted), and a function rendering
    every page with a template environment, each page active while it renders, with its own
    template: ``{page URL: HTML}``."""
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    nav = get_navigation(files, config)
    pages = [file.page for file in files.documentation_pages()]
    for page in pages:
        page.read_source(config)
        page.render(config, files)

    def rendered(env: Environment) -> dict[str, str]:
        html = {}
        for page in pages:
            page.active = True
            context = get_context(nav, files.documentation_pages(), config, page)
            html[page.url] = env.get_template(page.meta.get("template", "main.html")).render(context)
            page.active = False
        return html

    return files, nav, pages, rendered


def pages_url(pages: list, src_uri: str) -> str:
    return next(page.url for page in pages if page.file.src_uri == src_uri)
