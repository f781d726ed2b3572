"""Atom feeds of the latest papers: one for the whole site and one per tag, made with feedgen.

Written into the built site (site_dir) after MkDocs has built it, by the hook's
``on_post_build``: a feed needs absolute links, and only the MkDocs config knows the
site's URL (``site_url``, which a fork or the Pages workflow sets), whereas site_src/
must not depend on where the site is deployed.

* ``feeds/latest.xml`` — the :data:`FEED_ENTRIES` papers first listed most recently;
* ``feeds/tag-<slug>.xml`` — the same for each tag that has papers;

and next to them ``feeds/sitemap.xml``, an empty sitemap (see
:data:`generator.pages.paths.FEEDS_DIR`).

Stable and deterministic, so that feed readers never show an old paper as new: an entry's
id is a ``tag:`` URI (RFC 4151) made of the paper's key (``arxiv:<id>`` or
``title:<title key>``), its dates are the day the paper was first listed, and a feed's
``updated`` is its newest entry's date; nothing depends on the build time (an id is a valid
IRI: :func:`entry_id` percent-encodes what a title key may hold that an IRI may not). Titles and
summaries are plain text (``type="text"``), escaped by the XML serialiser.

A build renders only the feeds whose inputs changed (:func:`feed_key`, recorded with each
file's size and time in :data:`FEEDS_RECORD` of the hook's cache folder).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from importlib.metadata import version
from pathlib import Path
from posixpath import join as url_join
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from generator.core.files import holds, replaced
from generator.catalog.catalog import Catalog
from generator.core.model import Paper
from generator.catalog.tagging import Taxonomy
from generator.pages.paths import FEEDS_DIR, HOME, SITE_FEED, TAGS_INDEX, paper_path, tag_feed_path, tag_path

FEED_ENTRIES = 50
"""How many papers (newest first listed first) a feed holds."""

ID_PREFIX = "tag:paper-digests.github.io,2025:"
"""Entry ids are this prefix plus the paper's key (``…:arxiv:2402.14776``): the same on every
build and for every fork, whatever its site_url, as the paper is the same paper."""

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (C0 controls other than tab and
    newlines, lone surrogates, U+FFFE/U+FFFF)."""
    return _NOT_XML.sub("", text)


_NOT_IN_IRI = re.compile(
    "[^-A-Za-z0-9._~!$&'()*+,;=:@/?"
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(plane)}-{chr(plane + 0xFFFD)}" for plane in range(0x10000, 0xE0000, 0x10000))
    + "\U000e1000-\U000efffd]"
)
"""A character that may not stand as itself in the specific part of a ``tag:`` IRI: not
unreserved, a sub-delimiter, ``:``, ``@``, ``/`` or ``?`` (RFC 4151's ``specific`` over RFC
3986's ``pchar``), nor a ``ucschar`` (RFC 3987, the IRI form Atom ids take, RFC 4287 §4.2.6)."""


def entry_id(paper: Paper) -> str:
    """The Atom id of a paper's entry (an IRI, RFC 4287 §4.2.6): :data:`ID_PREFIX` plus its
    key, every character an IRI may not hold as itself (:data:`_NOT_IN_IRI`: spaces, ``<``,
    ``>``, ``^``, ``%``, ``#``, backquotes, controls…) percent-encoded as UTF-8. So
    ``title:c++<d^2>`` gives ``…:title:c++%3Cd%5E2%3E``; keys of letters, digits and ``:`` ``.``
    ``/`` (every arXiv key) are unchanged. The same key gives the same id on every build."""
    return ID_PREFIX + _NOT_IN_IRI.sub(lambda match: quote(match[0], safe=""), paper.key)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<!-- No pages here: the feeds' folder only answers Material's sitemap look-up. -->\n"
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)
"""The empty sitemap written next to the feeds (see :data:`~generator.pages.paths.FEEDS_DIR`)."""


def site_file_url(site_url: str, path: str) -> str:
    """The absolute URL of a file of the built site (``feed.xml`` → ``<site_url>feed.xml``)."""
    return url_join(site_url if site_url.endswith("/") else site_url + "/", path)


def page_url(site_url: str, docs_path: str, use_directory_urls: bool = True) -> str:
    """The absolute URL of the built page of ``docs_path`` (``papers/x.md`` →
    ``<site_url>papers/x/``, or ``…/papers/x.html`` without directory URLs)."""
    stem = docs_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
        relative = stem
    else:
        relative = f"{stem}/" if use_directory_urls else f"{stem}.html"
    return site_file_url(site_url, relative)


def render_feed(
    papers: list[Paper],
    *,
    title: str,
    subtitle: str,
    feed_url: str,
    page_url_of: dict[str, str],
    home_url: str,
    taxonomy: Taxonomy,
    site_url: str,
    author: str,
) -> bytes:
    """One Atom feed (UTF-8 XML) of ``papers`` (already newest first; the first
    :data:`FEED_ENTRIES` are used). ``page_url_of`` maps paper keys to their pages'
    absolute URLs; ``home_url`` is the page the feed is about (its alternate link)."""
    fg = FeedGenerator()
    fg.id(feed_url)
    fg.title(xml_text(title))
    fg.subtitle(xml_text(subtitle))
    fg.author({"name": xml_text(author)})
    fg.link(href=home_url, rel="alternate", type="text/html")
    fg.link(href=feed_url, rel="self", type="application/atom+xml")
    fg.language("en")
    fg.generator("Paper Digests generator (python-feedgen)")
    entries = papers[:FEED_ENTRIES]
    fg.updated(max((_midnight(p.first_listed) for p in entries), default=_EPOCH))
    for paper in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry_id(paper))
        fe.title(xml_text(paper.title))
        fe.link(href=page_url_of[paper.key], rel="alternate", type="text/html")
        fe.summary(xml_text(paper.abstract))
        fe.published(_midnight(paper.first_listed))
        fe.updated(_midnight(paper.first_listed))
        for name in paper.authors:
            fe.author({"name": xml_text(name)})
        for slug in paper.tags:
            tag = taxonomy.by_slug[slug]
            fe.category(term=slug, label=xml_text(tag.label), scheme=page_url(site_url, TAGS_INDEX))
    return fg.atom_str(pretty=True)


def feed_plans(
    catalog: Catalog, taxonomy: Taxonomy, site_url: str, site_name: str, use_directory_urls: bool = True
) -> dict[str, dict]:
    """Every feed as ``{path relative to site_dir: the keyword arguments of render_feed}``:
    the site feed and one per tag that has papers. ``site_url`` must be the absolute URL
    the site is served at."""
    latest = catalog.papers[:FEED_ENTRIES]  # catalog order: newest first
    by_tag: dict[str, list[Paper]] = {tag.slug: [] for tag in taxonomy.tags}
    for paper in catalog.papers:  # one pass: each tag's newest papers, up to a feed's worth
        for slug in paper.tags:
            listed = by_tag.get(slug)
            if listed is not None and len(listed) < FEED_ENTRIES:
                listed.append(paper)
    shown = {p.key: p for p in [*latest, *(p for papers in by_tag.values() for p in papers)]}
    urls = {key: page_url(site_url, paper_path(p.slug), use_directory_urls) for key, p in shown.items()}
    common = {"page_url_of": urls, "taxonomy": taxonomy, "site_url": site_url, "author": site_name}
    plans = {
        SITE_FEED: {
            "papers": latest,
            "title": f"{site_name}: latest papers",
            "subtitle": f"The {FEED_ENTRIES} papers most recently listed on {site_name}.",
            "feed_url": site_file_url(site_url, SITE_FEED),
            "home_url": page_url(site_url, HOME, use_directory_urls),
            **common,
        }
    }
    for tag in taxonomy.tags:
        papers = by_tag[tag.slug]
        if not papers:
            continue
        path = tag_feed_path(tag.slug)
        plans[path] = {
            "papers": papers,
            "title": f"{site_name}: {tag.label}",
            "subtitle": f"The latest papers tagged {tag.label}. {tag.description}".strip(),
            "feed_url": site_file_url(site_url, path),
            "home_url": page_url(site_url, tag_path(tag.slug), use_directory_urls),
            **common,
        }
    return plans


def feed_papers(catalog: Catalog, taxonomy: Taxonomy) -> list[Paper]:
    """The papers some feed shows, in the catalog's order: :func:`feed_plans` of a catalog
    holding only these gives the same feeds (a worker process is given these, not the
    whole catalog: :mod:`generator.output.catalog_files`)."""
    plans = feed_plans(catalog, taxonomy, "https://example.invalid/", "")
    shown = {paper.key for plan in plans.values() for paper in plan["papers"]}
    return [paper for paper in catalog.papers if paper.key in shown]


def render_feeds(
    catalog: Catalog, taxonomy: Taxonomy, site_url: str, site_name: str, use_directory_urls: bool = True
) -> dict[str, bytes]:
    """Every feed as ``{path relative to site_dir: Atom XML}`` (:func:`feed_plans`)."""
    plans = feed_plans(catalog, taxonomy, site_url, site_name, use_directory_urls)
    return {path: render_feed(**plan) for path, plan in plans.items()}


def feed_key(plan: dict, renderer: str, entries: dict[str, str] | None = None) -> str:
    """A hash (hex) of everything :func:`render_feed` makes a feed's bytes from: the feed's
    title, subtitle, links and author, each entry's paper (key, title, abstract, authors,
    first day, page URL, tags and their labels) and ``renderer``, what stands for the code
    that renders (see :func:`write_feeds`). ``entries``: a memo of each paper's part
    by paper key, for feeds of one :func:`feed_plans` (which share their URLs and taxonomy)."""
    taxonomy, urls = plan["taxonomy"], plan["page_url_of"]
    entries = {} if entries is None else entries
    parts = [renderer, plan["title"], plan["subtitle"], plan["feed_url"],
             plan["home_url"], plan["site_url"], plan["author"]]
    for paper in plan["papers"][:FEED_ENTRIES]:
        entry = entries.get(paper.key)
        if entry is None:
            labels = [(slug, taxonomy.by_slug[slug].label) for slug in paper.tags]
            shown = (paper.key, paper.title, paper.abstract, paper.authors, paper.first_listed.isoformat(), urls[paper.key], labels)
            entry = entries[paper.key] = _hash(repr(shown))
        parts.append(entry)
    return _hash("\x00".join(parts))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


FEEDS_RECORD = "feeds.json"
"""The record :func:`write_feeds` keeps in its cache folder: for each feed file it wrote or
found current, the :func:`feed_key` of its inputs and the file's size and modification time."""


def _read_record(path: Path) -> dict[str, list]:
    try:
        feeds = json.loads(path.read_text(encoding="utf-8"))["feeds"]
        return feeds if isinstance(feeds, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_feeds(
    site_dir: Path,
    catalog: Catalog,
    taxonomy: Taxonomy,
    site_url: str,
    site_name: str,
    use_directory_urls: bool = True,
    cache: Path | None = None,
    generator: str = "",
) -> list[Path]:
    """Write :func:`render_feeds` and :data:`EMPTY_SITEMAP` into ``site_dir``; returns the
    feed files written. A feed whose bytes are already there is not written again, and tag
    feeds no longer made (a tag gone from the taxonomy) are removed, so that a ``--dirty``
    build leaves the feeds a clean build makes.

    With ``cache`` (a folder), a feed is not even rendered when :data:`FEEDS_RECORD` there
    records the same :func:`feed_key` for it and its file still has the size and
    modification time recorded (a file changed since, or another site_dir's, is rendered
    again); ``generator`` must then stand for the generator's code
    (:func:`generator.inputs.project.generator_fingerprint`), which the key combines with
    the versions of feedgen and lxml. The record is written last; one left by a run cut short only names files whose
    times then differ.

    Raises ``ValueError`` when ``site_url`` is not an absolute http(s) URL (a feed's links
    must be absolute)."""
    if not re.match(r"https?://", site_url or ""):
        raise ValueError(f"site_url {site_url!r} is not an absolute http(s) URL; feeds need one (set site_url)")
    record_path = cache / FEEDS_RECORD if cache is not None else None
    record = _read_record(record_path) if record_path is not None else {}
    renderer = f"{generator} feedgen {version('feedgen')} lxml {version('lxml')}" if record_path is not None else ""
    kept: dict[str, list] = {}
    written = []
    plans = feed_plans(catalog, taxonomy, site_url, site_name, use_directory_urls)
    entries: dict[str, str] = {}
    for relative, plan in plans.items():
        target = site_dir.joinpath(*relative.split("/"))
        key = feed_key(plan, renderer, entries) if record_path is not None else ""
        recorded = record.get(relative)
        if isinstance(recorded, list) and len(recorded) == 3 and recorded[0] == key and _times(target) == recorded[1:]:
            kept[relative] = recorded
            continue
        data = render_feed(**plan)
        if not holds(target, data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
        kept[relative] = [key, *_times(target)]
    for stale in (site_dir / FEEDS_DIR).glob(tag_feed_path("*").rpartition("/")[2]):
        if f"{FEEDS_DIR}/{stale.name}" not in plans:
            stale.unlink()
    sitemap = site_dir / FEEDS_DIR / "sitemap.xml"
    if not holds(sitemap, EMPTY_SITEMAP):
        sitemap.write_bytes(EMPTY_SITEMAP)
    if record_path is not None and kept != record:
        record_path.parent.mkdir(parents=True, exist_ok=True)
        with replaced(record_path) as file:
            file.write(json.dumps({"feeds": kept}, sort_keys=True) + "\n")
    return written


def _times(path: Path) -> list[int]:
    """A file's size and modification time (ns), or ``[]`` when it is not a regular file."""
    try:
        stat = path.stat()
    except OSError:
        return []
    return [stat.st_size, stat.st_mtime_ns] if path.is_file() else []
