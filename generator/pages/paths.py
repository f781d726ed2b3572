"""Where each generated page lives in docs_dir, and links between pages.

Paths are POSIX paths relative to docs_dir, built only from slugs and ISO dates, so they
never leave docs_dir. With ``use_directory_urls`` MkDocs serves ``papers/<slug>.md`` at
``papers/<slug>/``.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath

from markupsafe import Markup

from generator.core.process_memos import memo

HOME = "index.md"
TAGS_INDEX = "tags/index.md"
TAGS_BY_COUNT = "tags/by-count.md"
"""The tags index again, most papers first (``tags/index.md`` is by name)."""
TRENDS_PAGE = "tags/trends.md"
"""The topic trends page (:mod:`generator.catalog.trends`)."""
TAGS_DATA = "tags/tags.json"
"""Every tag's slug and label, former slugs, and the tags with a page (their papers, URL)
(:func:`generator.pages.tag_pages.tags_data`): what the search page (``theme/search.html``)
reads to key its tag filter by slug and to link a chosen tag's page."""
ARCHIVE_INDEX = "archive/index.md"
FEEDS_DIR = "feeds"
"""Where the Atom feeds live, relative to site_url. Every feed sits in this one folder, next
to an empty ``sitemap.xml``: Material's script fetches ``sitemap.xml`` beside every
``<link rel="alternate">`` of a page (to map alternate versions of a page), and this keeps
that fetch small and never 404."""
SITE_FEED = f"{FEEDS_DIR}/latest.xml"
"""The site's Atom feed, relative to site_url (written into site_dir by :mod:`generator.output.feeds`)."""


GENERATED_FOLDERS = ("papers/", "tags/", "days/", "archive/")
"""With :data:`HOME`, where in docs_dir the generator's pages live: every page it writes is
the home page or lies in one of these folders (tested); everything else in docs_dir is
hand-written (``.gitignore`` lists the same paths)."""


def paper_path(slug: str) -> str:
    """``papers/<slug>.md``"""
    return f"papers/{slug}.md"


def tag_path(slug: str) -> str:
    """``tags/<slug>.md``"""
    return f"tags/{slug}.md"


def tag_feed_path(slug: str) -> str:
    """``feeds/tag-<slug>.xml``: a tag's Atom feed, relative to site_url."""
    return f"{FEEDS_DIR}/tag-{slug}.xml"


def day_path(day: dt.date) -> str:
    """``days/YYYY-MM-DD.md``"""
    return f"days/{day.isoformat()}.md"


def year_path(year: int) -> str:
    """``archive/YYYY.md``"""
    return f"archive/{year:04d}.md"


def tag_page_path(slug: str, number: int) -> str:
    """Full page ``number`` of a tag's papers, numbered from the oldest (page 1 holds the
    oldest papers): ``tags/<slug>/page/<number>.md``. The tag's newest papers are on its
    landing page, :func:`tag_path`."""
    return f"tags/{slug}/page/{number}.md"


def day_page_path(day: dt.date, number: int) -> str:
    """Page ``number`` (from 1) of a day's papers: ``days/YYYY-MM-DD.md``, then
    ``days/YYYY-MM-DD/page/<number>.md``."""
    return day_path(day) if number == 1 else f"days/{day.isoformat()}/page/{number}.md"


def day_bibtex_path(day: dt.date) -> str:
    """``days/YYYY-MM-DD/bibtex.md``: the BibTeX of a day too long for one page."""
    return f"days/{day.isoformat()}/bibtex.md"


def month_path(year: int, month: int) -> str:
    """``archive/YYYY-MM.md``"""
    return f"archive/{year:04d}-{month:02d}.md"


def page_url(page: str, directory_urls: bool = True) -> str:
    """The URL, relative to the site root, at which MkDocs serves docs_dir page ``page``
    (MkDocs' rule, https://www.mkdocs.org/user-guide/configuration/#use_directory_urls): with
    ``directory_urls`` ``papers/a.md`` → ``papers/a/`` and ``tags/index.md`` → ``tags/``
    (the home page ``index.md`` → ``""``); without, ``papers/a.html`` and ``tags/index.html``."""
    stem = page.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def href(from_page: str, to_page: str, directory_urls: bool = True) -> str:
    """The relative URL of docs_dir page ``to_page`` in the built page of ``from_page``
    (both served as :func:`page_url` says): what MkDocs makes of a Markdown link, for raw
    HTML, which MkDocs leaves as it is (``papers/a.md`` → ``tags/b.md``:
    ``../../tags/b/``, or ``../tags/b.html`` without directory URLs)."""
    here = _built_url(from_page, directory_urls)[0]
    folder, name = _built_url(to_page, directory_urls)
    up = _relative_dir(here, folder)
    return f"{up}/{name}" if up != "." or not name else name


@memo
@functools.lru_cache(maxsize=1 << 16)
def _built_url(page: str, directory_urls: bool) -> tuple[str, str]:
    """:func:`page_url` of ``page`` cut at its last ``/``: (folder, name). Cached: listings
    link the same pages (papers, tags) from many pages."""
    folder, _, name = page_url(page, directory_urls).rpartition("/")
    return folder, name


def link(from_page: str, to_page: str) -> Markup:
    """A Markdown link target from one docs_dir page to another (relative, ``.md`` kept, so
    MkDocs checks it and rewrites it to the built URL)."""
    to_dir, name = posixpath.split(to_page)
    up = _relative_dir(posixpath.dirname(from_page), to_dir)
    return Markup(name if up == "." else f"{up}/{name}")


@memo
@functools.cache
def _relative_dir(from_dir: str, to_dir: str) -> str:
    """``posixpath.relpath(to_dir, from_dir)`` for docs_dir folders (``""``: docs_dir itself).
    Folders made of plain names are compared part by part (relpath is slow: it makes both
    paths absolute, and with directory URLs every paper page is a folder of its own)."""
    here, there = from_dir.split("/") if from_dir else [], to_dir.split("/") if to_dir else []
    if {"", ".", ".."} & {*here, *there}:
        return posixpath.relpath(to_dir or ".", from_dir or ".")
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."
