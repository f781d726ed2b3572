"""Parts of Material's page template rendered once per build and shared by the pages outside
the nav: the tabs, the footer and the ``__config`` script (theme/main.html's blocks), and
Material's own partials that theme/partials/shared/ wraps (the navigation drawer, the
back-to-top button, the header's palette toggle and search box: :func:`shared_partials_loader`).

Material renders them for every page, but on a page outside the nav (paper, day, tag and month pages) nothing in
them is the page's own: no nav item is active, there is no previous or next page, and every
link in them is relative to the page's folder. So pages in the same folder get the same
HTML, byte for byte, and it is rendered for the first of them only.

The theme asks for a fragment with Jinja's ``{% call %}`` (theme/partials/shared-fragment.html)::

    {% block tabs %}{% call shared("tabs", page, nav) %}{{ super() }}{% endcall %}{% endblock %}

and the hook registers a :class:`SharedFragments` as the Jinja global ``shared_fragment``
in ``on_env`` (MkDocs' documented event for changing the template environment), a new one
each build, so that ``mkdocs serve`` never reuses a fragment of an earlier build. Without
the hook every page renders its own.

Material's partials are wrapped without a copy of them: theme/partials/shared/nav.html holds
only the ``{% call %}`` around ``{% include "material/partials/nav.html" %}``, and the
template loader the hook gives the environment (:func:`shared_partials_loader`) reaches
Material's own templates under the prefix ``material/`` and serves the wrapper in place of
``partials/nav.html``. Without the hook Material's partial is used as it is; a theme
overriding ``partials/nav.html`` itself keeps its override.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, FunctionLoader, PrefixLoader, TemplateNotFound

WRAPPERS = "partials/shared/"
"""Where the theme's wrappers of Material's partials are (``partials/shared/nav.html`` wraps
Material's ``partials/nav.html``)."""

MATERIAL_PREFIX = "material"
"""Material's own templates are reached as ``material/<name>`` (``material/partials/nav.html``)."""


class SharedFragments:
    """The Jinja global ``shared_fragment(name, page, nav, caller)``: ``caller()`` (the
    fragment's markup, rendered for ``page``) for a page of the nav, or the HTML rendered
    for the first page outside the nav in the same folder (see :meth:`key`).

    ``homepage`` and ``logo``: the other URLs the fragments link to relative to the page
    (Material's ``extra.homepage`` and ``theme.logo``), if set."""

    def __init__(self, homepage: str | None = None, logo: str | None = None) -> None:
        self._extra_urls = [url for url in (homepage, logo) if url]
        self._rendered: dict[tuple, str] = {}
        self._navs: dict[int, tuple[Any, set[int], list[str]]] = {}

    def __call__(self, name: str, page: Any, nav: Any, caller: Callable[[], str]) -> str:
        key = self.key(name, page, nav)
        if key is None:
            return caller()
        html = self._rendered.get(key)
        if html is None:
            html = self._rendered[key] = caller()
        return html

    def key(self, name: str, page: Any, nav: Any) -> tuple | None:
        """What fragment ``name`` rendered for ``page`` (a MkDocs ``Page``, ``None`` for a
        page without one, such as 404.html) depends on, or ``None`` when it is the page's
        own: the page is in ``nav`` (a MkDocs ``Navigation``; an item is then active, and
        the footer links the pages before and after it), or a URL the fragments link to lies
        at or under the page's own URL (its relative link would depend on the page's name).
        Otherwise every link is relative to the page's folder, and the key is the fragment's
        name, the nav and that folder."""
        if page is None or nav is None:
            return None
        nav_pages, urls = self._nav(nav)
        if id(page) in nav_pages:
            return None
        own = page.url.rstrip("/")
        if any(url == own or url.startswith(own + "/") for url in urls):
            return None
        return name, id(nav), posixpath.dirname(own), page.url.endswith("/")

    def _nav(self, nav: Any) -> tuple[set[int], list[str]]:
        """The ids of the nav's pages, and every URL its items and the extra URLs link to
        (without a leading or trailing slash); worked out once per nav, which is held, so
        that its id and its pages' stay theirs."""
        found = self._navs.get(id(nav))
        if found is None:
            urls = [url.strip("/") for url in (*_item_urls(nav.items), *self._extra_urls)]
            found = self._navs[id(nav)] = (nav, {id(item) for item in nav.pages}, urls)
        return found[1], found[2]


def _item_urls(items: list) -> Iterator[str]:
    for item in items:
        url = getattr(item, "url", None)
        if url is not None:
            yield url
        yield from _item_urls(getattr(item, "children", None) or [])


def shared_partials_loader(environment: Environment, custom_dir: str | None, material_templates: Path) -> BaseLoader:
    """A template loader for ``environment`` (a theme's, as MkDocs makes it): its own loader,
    plus Material's templates (the folder ``material_templates``) under the prefix
    ``material/``, and for each wrapper ``partials/shared/<name>`` in the theme's
    ``custom_dir`` (a folder, or ``None``: nothing wrapped), that wrapper in place of
    ``partials/<name>`` when ``environment`` would load Material's own ``partials/<name>``
    (so a theme's own override of it wins). A missing folder wraps nothing; raises
    ValueError when ``environment`` has no loader."""
    own = environment.loader
    if own is None:
        raise ValueError("the template environment has no loader to add Material's partials to")
    wrapped: dict[str, str] = {}
    folder = Path(custom_dir, WRAPPERS) if custom_dir else None
    for wrapper in sorted(folder.glob("*.html")) if folder is not None and folder.is_dir() else ():
        name = f"partials/{wrapper.name}"
        try:
            _, filename, _ = own.get_source(environment, name)
        except TemplateNotFound:
            continue
        if filename is not None and Path(filename).resolve() == (material_templates / name).resolve():
            wrapped[name] = WRAPPERS + wrapper.name

    def wrapper_of(name: str) -> tuple[str, str | None, Callable[[], bool] | None] | None:
        return own.get_source(environment, wrapped[name]) if name in wrapped else None

    return ChoiceLoader([
        PrefixLoader({MATERIAL_PREFIX: FileSystemLoader(str(material_templates))}),
        FunctionLoader(wrapper_of),
        own,
    ])
