"""Atom feeds of the latest papers: one for the whole site and one per tag, made with feedgen.

Written into the built site (site_dir) after MkDocs has built it, by the hook's
``on_post_build``: a feed needs absolute links, and only the MkDocs config knows the
site's URL (``site_url``, which a fork or the Pages workflow sets), whereas site_src/
must not depend on where the site is deployed.

* ``feeds/latest.xml`` — the :data:`FEED_ENTRIES` papers first listed most recently;
* ``feeds/tag-<slug>.xml`` — the same for each tag that has papers

(newest day first, a day's papers in its day page's order:
:func:`generator.pages.listing.newest_first`, most upvoted first when the day has upvotes),
and next to them ``feeds/sitemap.xml``, an empty sitemap (see
:data:`generator.pages.paths.FEEDS_DIR`).

Stable and deterministic, so that feed readers never show an old paper as new: an entry's
id is a ``tag:`` URI (RFC 4151) made of the paper's key (``arxiv:<id>`` or
``title:<title key>``), its dates are the day the paper was first listed, and a feed's
``updated`` is its newest entry's date; nothing depends on the build time (an id is a valid
IRI: :func:`entry_id` percent-encodes what a title key may hold that an IRI may not). Titles and
summaries are plain text (``type="text"``), escaped by the XML serialiser.

A build makes only the feeds whose inputs changed (:func:`feed_key`, recorded with each
file's size and time and its entries' keys in :data:`FEEDS_RECORD` of the hook's cache
folder). feedgen renders each paper's entry once (:func:`render_entries`), not once per
feed showing it, and an entry the last build's feed files hold with the same
:func:`entry_keys` is cut from them (:func:`split_feed`): an added day renders its own
papers' entries, and each changed feed is its head (feedgen's, without entries), its
entries and its foot joined (:func:`assembled_feed`), the bytes :func:`render_feed`
(feedgen's whole feed) gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from importlib.metadata import version
from pathlib import Path
from posixpath import join as url_join
from stat import S_ISREG
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from generator.core.files import holds, regular_bytes, replaced, write_new_file
from generator.catalog.catalog import Catalog
from generator.core.model import Paper
from generator.catalog.tagging import Taxonomy
from generator.pages.listing import newest_first
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


def _feed_generator(
    *, title: str, subtitle: str, feed_url: str, home_url: str, author: str, updated: dt.datetime
) -> FeedGenerator:
    """A feedgen feed with the feed's own elements and no entry yet (see :func:`render_feed`)."""
    fg = FeedGenerator()
    fg.id(feed_url)
    fg.title(xml_text(title))
    fg.subtitle(xml_text(subtitle))
    fg.author({"name": xml_text(author)})
    fg.link(href=home_url, rel="alternate", type="text/html")
    fg.link(href=feed_url, rel="self", type="application/atom+xml")
    fg.language("en")
    fg.generator("Paper Digests generator (python-feedgen)")
    fg.updated(updated)
    return fg


def _add_entry(fg: FeedGenerator, paper: Paper, url: str, taxonomy: Taxonomy, site_url: str) -> None:
    """Append ``paper``'s entry (its page at ``url``) to ``fg``."""
    fe = fg.add_entry(order="append")
    fe.id(entry_id(paper))
    fe.title(xml_text(paper.title))
    fe.link(href=url, rel="alternate", type="text/html")
    fe.summary(xml_text(paper.abstract))
    fe.published(_midnight(paper.first_listed))
    fe.updated(_midnight(paper.first_listed))
    for name in paper.authors:
        fe.author({"name": xml_text(name)})
    for slug in paper.tags:
        tag = taxonomy.by_slug[slug]
        fe.category(term=slug, label=xml_text(tag.label), scheme=page_url(site_url, TAGS_INDEX))


def _updated(papers: list[Paper]) -> dt.datetime:
    """A feed's ``updated``: its newest entry's day (the epoch for a feed without entries)."""
    return max((_midnight(p.first_listed) for p in papers[:FEED_ENTRIES]), default=_EPOCH)


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
    :data:`FEED_ENTRIES` are used), rendered whole by feedgen. ``page_url_of`` maps paper keys
    to their pages' absolute URLs; ``home_url`` is the page the feed is about (its alternate
    link). :func:`write_feeds` writes the same bytes, assembled from entries rendered once
    (:func:`assembled_feed`)."""
    fg = _feed_generator(title=title, subtitle=subtitle, feed_url=feed_url, home_url=home_url, author=author,
                         updated=_updated(papers))
    for paper in papers[:FEED_ENTRIES]:
        _add_entry(fg, paper, page_url_of[paper.key], taxonomy, site_url)
    return fg.atom_str(pretty=True)


_ENTRY_OPEN = b"  <entry>\n"
_ENTRY_CLOSE = b"  </entry>\n"


def split_feed(data: bytes) -> tuple[bytes, list[bytes], bytes]:
    """A feed as :func:`render_feed` (feedgen, pretty-printed) writes it → its head (the XML
    declaration, ``<feed>`` and the feed's own elements, through the line before the first
    entry), each entry's lines (``  <entry>`` to ``  </entry>``, newline included) and its
    foot (``</feed>`` and the newline). ``<entry>`` can only be a tag there: text and attribute
    values escape ``<``. Raises ``ValueError`` when ``data`` is not of that shape."""
    head, found, rest = data.partition(_ENTRY_OPEN)
    if not found:
        at = data.rindex(b"</feed>")
        return data[:at], [], data[at:]
    end = rest.rindex(_ENTRY_CLOSE) + len(_ENTRY_CLOSE)
    entries = [_ENTRY_OPEN + part for part in rest[:end].split(_ENTRY_OPEN)]
    if not all(entry.endswith(_ENTRY_CLOSE) for entry in entries) or not rest[end:].startswith(b"</feed>"):
        raise ValueError("not a feed as render_feed writes it")
    return head, entries, rest[end:]


def render_entries(papers: list[Paper], page_url_of: dict[str, str], taxonomy: Taxonomy, site_url: str) -> list[bytes]:
    """The XML of each of ``papers``' entries (``page_url_of``: their pages' absolute URLs) as
    :func:`render_feed` writes them in any feed of ``site_url``: rendered by feedgen in one
    feed, then cut apart (:func:`split_feed`). An entry's lines do not depend on the feed it
    is in: its elements are feedgen's of the paper alone, at the same depth under the same
    ``<feed>`` element (held equal to whole feeds by tests/test_reader_features.py)."""
    if not papers:
        return []
    fg = _feed_generator(title="entries", subtitle="", feed_url=site_url, home_url=site_url, author="", updated=_EPOCH)
    for paper in papers:
        _add_entry(fg, paper, page_url_of[paper.key], taxonomy, site_url)
    _, entries, _ = split_feed(fg.atom_str(pretty=True))
    if len(entries) != len(papers):
        raise ValueError("feedgen gave another number of entries")
    return entries


def assembled_feed(plan: dict, entries: list[bytes]) -> bytes:
    """The feed of ``plan`` (the keyword arguments of :func:`render_feed`) with ``entries``,
    the XML of its first :data:`FEED_ENTRIES` papers' entries (:func:`render_entries`, or cut
    from a feed rendered earlier with the same entry keys): the bytes :func:`render_feed`
    gives, its head and foot rendered by feedgen without entries."""
    fg = _feed_generator(title=plan["title"], subtitle=plan["subtitle"], feed_url=plan["feed_url"],
                         home_url=plan["home_url"], author=plan["author"], updated=_updated(plan["papers"]))
    head, _, foot = split_feed(fg.atom_str(pretty=True))
    return head + b"".join(entries) + foot


def feed_plans(
    catalog: Catalog, taxonomy: Taxonomy, site_url: str, site_name: str, use_directory_urls: bool = True
) -> dict[str, dict]:
    """Every feed as ``{path relative to site_dir: the keyword arguments of render_feed}``:
    the site feed and one per tag that has papers, their papers in :func:`newest_first`'s
    order. ``site_url`` must be the absolute URL the site is served at."""
    ordered = newest_first(catalog)
    latest = ordered[:FEED_ENTRIES]
    by_tag: dict[str, list[Paper]] = {tag.slug: [] for tag in taxonomy.tags}
    for paper in ordered:  # one pass: each tag's newest papers, up to a feed's worth
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
    """The papers some feed shows, in the feeds' order (:func:`newest_first`): :func:`feed_plans`
    of a catalog holding only these (without day listings) gives the same feeds (a worker
    process is given these, not the whole catalog: :mod:`generator.output.catalog_files`)."""
    ordered = Catalog(newest_first(catalog), [], {}, {})  # ordered once: without day listings it keeps its order
    plans = feed_plans(ordered, taxonomy, "https://example.invalid/", "")
    shown = {paper.key for plan in plans.values() for paper in plan["papers"]}
    return [paper for paper in ordered.papers if paper.key in shown]


def render_feeds(
    catalog: Catalog, taxonomy: Taxonomy, site_url: str, site_name: str, use_directory_urls: bool = True
) -> dict[str, bytes]:
    """Every feed as ``{path relative to site_dir: Atom XML}`` (:func:`feed_plans`)."""
    plans = feed_plans(catalog, taxonomy, site_url, site_name, use_directory_urls)
    return {path: render_feed(**plan) for path, plan in plans.items()}


def entry_keys(plan: dict, renderer: str, entries: dict[str, str] | None = None) -> list[str]:
    """A hash (hex) per entry of the feed of ``plan`` (its first :data:`FEED_ENTRIES`
    papers) of everything :func:`render_feed` makes the entry's XML from: the paper (key,
    title, abstract, authors, first day, tags and their labels), its page URL, ``site_url``
    (the tags' scheme) and ``renderer``, what stands for the code that renders (see
    :func:`write_feeds`). ``entries``: a memo by paper key, for feeds of one
    :func:`feed_plans` (which share their URLs, taxonomy, ``site_url``) and one ``renderer``."""
    taxonomy, urls = plan["taxonomy"], plan["page_url_of"]
    entries = {} if entries is None else entries
    keys = []
    for paper in plan["papers"][:FEED_ENTRIES]:
        entry = entries.get(paper.key)
        if entry is None:
            labels = [(slug, taxonomy.by_slug[slug].label) for slug in paper.tags]
            shown = (renderer, plan["site_url"], paper.key, paper.title, paper.abstract, paper.authors,
                     paper.first_listed.isoformat(), urls[paper.key], labels)
            entry = entries[paper.key] = _hash(repr(shown))
        keys.append(entry)
    return keys


def feed_key(plan: dict, renderer: str, entries: dict[str, str] | None = None) -> str:
    """A hash (hex) of everything :func:`render_feed` makes a feed's bytes from: the feed's
    title, subtitle, links and author, its entries' :func:`entry_keys` and ``renderer``
    (``entries``: their memo)."""
    parts = [renderer, plan["title"], plan["subtitle"], plan["feed_url"],
             plan["home_url"], plan["site_url"], plan["author"], *entry_keys(plan, renderer, entries)]
    return _hash("\x00".join(parts))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


FEEDS_RECORD = "feeds.json"
"""The record :func:`write_feeds` keeps in its cache folder: for each feed file it wrote or
found current, the :func:`feed_key` of its inputs, the file's size and modification time,
and its entries' :func:`entry_keys`."""


def _read_record(path: Path) -> dict[str, list]:
    try:
        feeds = json.loads(path.read_text(encoding="utf-8"))["feeds"]
        return feeds if isinstance(feeds, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _recorded_entries(target: Path, recorded: list, wanted: set[str], into: dict[str, bytes]) -> None:
    """Put into ``into`` (by entry key) the XML of the entries of ``wanted`` that the feed file
    ``target`` holds, as its ``recorded`` entry of :data:`FEEDS_RECORD` names them; nothing
    when the file is not the one recorded (size and modification time) or not of that shape."""
    keys = recorded[3]
    if not wanted.intersection(keys):
        return
    try:
        data = regular_bytes(target)
        if _times(target) != recorded[1:3] or len(data) != recorded[1]:
            return
        _, entries, _ = split_feed(data)
    except (OSError, ValueError):
        return
    if len(entries) == len(keys):
        for key, entry in zip(keys, entries):
            if key in wanted:
                into[key] = entry


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
    """Write the feeds :func:`render_feeds` renders and :data:`EMPTY_SITEMAP` into
    ``site_dir``; returns the feed files written. A feed whose bytes are already there is
    not written again, and tag feeds no longer made (a tag gone from the taxonomy) are
    removed, so that a ``--dirty`` build leaves the feeds a clean build makes.

    Each paper's entry is rendered once for all the feeds showing it (:func:`render_entries`)
    and the feeds assembled from their entries (:func:`assembled_feed`). With ``cache`` (a
    folder), a feed is not even assembled when :data:`FEEDS_RECORD` there records the same
    :func:`feed_key` for it and its file still has the size and modification time recorded
    (a file changed since, or another site_dir's, is made again); and an entry a feed to
    assemble needs is cut from a recorded feed file that holds it with the same
    :func:`entry_keys` (so an added day renders its own papers' entries, not every entry of
    the feeds it changes). ``generator`` must then stand for the generator's code
    (:func:`generator.inputs.project.generator_fingerprint`), which the keys combine with
    the versions of feedgen and lxml. The record is written last; one left by a run cut
    short only names files whose times then differ.

    Raises ``ValueError`` when ``site_url`` is not an absolute http(s) URL (a feed's links
    must be absolute)."""
    if not re.match(r"https?://", site_url or ""):
        raise ValueError(f"site_url {site_url!r} is not an absolute http(s) URL; feeds need one (set site_url)")
    record_path = cache / FEEDS_RECORD if cache is not None else None
    record = _read_record(record_path) if record_path is not None else {}
    renderer = f"{generator} feedgen {version('feedgen')} lxml {version('lxml')}"
    kept: dict[str, list] = {}
    written = []
    plans = feed_plans(catalog, taxonomy, site_url, site_name, use_directory_urls)
    memo: dict[str, str] = {}
    to_make: list[tuple[str, Path, str, list[str], list | None]] = []  # feed, file, key, entry keys, its record
    for relative, plan in plans.items():
        target = site_dir.joinpath(*relative.split("/"))
        keys = entry_keys(plan, renderer, memo)
        key = feed_key(plan, renderer, memo)
        recorded = record.get(relative)
        if not (isinstance(recorded, list) and len(recorded) == 4 and isinstance(recorded[3], list)):
            recorded = None
        if recorded is not None and recorded[0] == key and _times(target) == recorded[1:3]:
            kept[relative] = recorded
            continue
        to_make.append((relative, target, key, keys, recorded))
    papers: dict[str, Paper] = {}  # the papers of the entries to make, by entry key, in first-needed order
    for relative, _, _, keys, _ in to_make:
        papers.update((key, paper) for key, paper in zip(keys, plans[relative]["papers"]) if key not in papers)
    entries: dict[str, bytes] = {}
    for _, target, _, _, recorded in to_make:  # entries the last build's files hold
        if recorded is not None:
            _recorded_entries(target, recorded, papers.keys() - entries.keys(), entries)
    missing = [key for key in papers if key not in entries]
    if missing:
        plan = next(iter(plans.values()))
        rendered = render_entries([papers[key] for key in missing], plan["page_url_of"], taxonomy, site_url)
        entries.update(zip(missing, rendered))
    for relative, target, key, keys, _ in to_make:
        data = assembled_feed(plans[relative], [entries[entry] for entry in keys])
        if not holds(target, data):
            target.parent.mkdir(parents=True, exist_ok=True)
            write_new_file(target, data)  # a link there is replaced, never written through
            written.append(target)
        kept[relative] = [key, *_times(target), keys]
    for stale in (site_dir / FEEDS_DIR).glob(tag_feed_path("*").rpartition("/")[2]):
        if f"{FEEDS_DIR}/{stale.name}" not in plans:
            stale.unlink()
    sitemap = site_dir / FEEDS_DIR / "sitemap.xml"
    if not holds(sitemap, EMPTY_SITEMAP):
        write_new_file(sitemap, EMPTY_SITEMAP)
    if record_path is not None and kept != record:
        record_path.parent.mkdir(parents=True, exist_ok=True)
        with replaced(record_path) as file:
            file.write(json.dumps({"feeds": kept}, sort_keys=True) + "\n")
    return written


def _times(path: Path) -> list[int]:
    """A file's size and modification time (ns), or ``[]`` when it is not a regular file (a
    link is not followed)."""
    try:
        found = path.lstat()
    except OSError:
        return []
    return [found.st_size, found.st_mtime_ns] if S_ISREG(found.st_mode) else []
