"""Internal links of a built site: find every one and check that it resolves where the site
is served, e.g. a GitHub Pages project site under ``https://<user>.github.io/<repo>/``.

A link is every ``href`` and ``src`` of every HTML page, the search worker that Material's
``__config`` script names, and every ``url(...)`` in the site's CSS files. A link is
*internal* when, resolved against the URL its page is served at, it falls on ``site_url``'s
host; it resolves when it lies under ``site_url`` and the server answers it. Links to other
hosts, ``mailto:``, ``data:`` and ``javascript:`` links are not checked, nor are fragments
(MkDocs' ``validation.anchors`` checks those at build time).

``404.html`` is checked as GitHub Pages serves it: for any missing path, at any depth, so
its links are resolved against a made-up deep URL (:data:`MISSING_PAGE`) and only links
that do not depend on the page's own location resolve.

:func:`pages_resolver` answers "is this URL served?" from the site folder alone, by GitHub
Pages' rules (https://docs.github.com/en/pages: a folder URL serves its ``index.html``; a
folder without the trailing slash is redirected to it). A test can pass a resolver that
asks a real HTTP server instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

MISSING_PAGE = "no/such/page/"
"""Where 404.html is checked from, relative to site_url: GitHub Pages serves it for any
missing path, so its links must not depend on where the page is."""

_SKIPPED_SCHEMES = ("mailto:", "data:", "javascript:", "tel:", "about:", "blob:")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@dataclass(frozen=True, order=True)
class BrokenLink:
    """A link that does not resolve: the ``source`` file (relative to the site folder, with
    its 1-based ``line``), the ``link`` as written and the ``url`` it resolved to (``""``
    for a link that is no URL at all, such as ``http://[bad``)."""

    source: str
    line: int
    link: str
    url: str

    def __str__(self) -> str:
        if not self.url:
            return f"{self.source}:{self.line}: {self.link!r} is not a URL"
        return f"{self.source}:{self.line}: {self.link!r} resolves to {self.url}, which is not served"


class _LinkParser(HTMLParser):
    """Collects (line, link) for every href/src and Material's search-worker path."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((line, value))
        self._in_config = tag == "script" and ("id", "__config") in attrs

    def handle_data(self, data: str) -> None:
        if self._in_config:
            try:
                config = json.loads(data)
            except ValueError:  # not Material's config: no worker path to check
                return
            if isinstance(config, dict) and isinstance(config.get("search"), str):
                self.links.append((self.getpos()[0], config["search"]))

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


def links_in_html(text: str) -> list[tuple[int, str]]:
    """Every (line, link) in an HTML page: each ``href`` and ``src`` attribute, and the
    search worker of Material's ``<script id="__config">``."""
    parser = _LinkParser()
    parser.feed(text)
    parser.close()
    return parser.links


def links_in_css(text: str) -> list[tuple[int, str]]:
    """Every (line, link) of a ``url(...)`` in a CSS file."""
    return [(text.count("\n", 0, m.start()) + 1, m[2].strip()) for m in _CSS_URL.finditer(text)]


def page_url(relative: str, site_url: str) -> str:
    """The URL a file of the site (``relative`` to the site folder, POSIX) is served at;
    404.html is taken to be served at :data:`MISSING_PAGE`."""
    if relative == "404.html":
        return urljoin(site_url, MISSING_PAGE)
    return urljoin(site_url, relative.removesuffix("index.html"))


def pages_resolver(site_dir: Path, site_url: str) -> Callable[[str], bool]:
    """A resolver for :func:`check_links`: True when GitHub Pages would serve ``url`` (no
    fragment) from ``site_dir`` published at ``site_url``: the URL lies under site_url and
    names a file, or a folder holding ``index.html``."""
    base = urlsplit(site_url)
    root = site_dir.resolve()

    def served(url: str) -> bool:
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base.path):
            return False
        relative = PurePosixPath(unquote(parts.path[len(base.path) :]))
        if ".." in relative.parts:
            return False
        target = root.joinpath(*relative.parts)
        try:
            return target.is_file() or (target / "index.html").is_file()
        except OSError:  # e.g. a name too long for the file system: not served either
            return False

    return served


def site_url_of(site_dir: Path) -> str:
    """The site_url a site was built with: the canonical link of its ``index.html``.
    Raises :class:`ValueError` when there is none (a build without site_url)."""
    text = (site_dir / "index.html").read_text(encoding="utf-8", errors="replace")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', text)
    if not match:
        raise ValueError(f"{site_dir / 'index.html'} has no canonical link; pass the site_url the site was built with")
    return match[1]


def check_links(
    site_dir: Path, site_url: str, served: Callable[[str], bool] | None = None
) -> tuple[list[str], list[BrokenLink]]:
    """Check every internal link of the site in ``site_dir`` as published at ``site_url``
    (which ends with ``/``). ``served(url)`` tells whether a URL is served (default:
    :func:`pages_resolver`); it is asked once per distinct URL.

    Returns the distinct internal URLs checked (sorted) and the broken links, sorted by
    file and line.
    """
    served = served or pages_resolver(site_dir, site_url)
    host = urlsplit(site_url)[:2]
    answers: dict[str, bool] = {}
    broken: list[BrokenLink] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")  # a stray byte must not hide the links
        found = links_in_html(text) if path.suffix == ".html" else links_in_css(text)
        where = page_url(relative, site_url)
        for line, link in found:
            if not link or link.startswith("#") or link.lower().startswith(_SKIPPED_SCHEMES):
                continue
            try:
                url = urldefrag(urljoin(where, link)).url
                outside = urlsplit(url)[:2] != host
            except ValueError:  # e.g. "http://[bad": no browser could follow it
                broken.append(BrokenLink(relative, line, link, ""))
                continue
            if outside:
                continue
            if url not in answers:
                answers[url] = served(url)
            if not answers[url]:
                broken.append(BrokenLink(relative, line, link, url))
    return sorted(answers), sorted(broken)
