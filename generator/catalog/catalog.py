"""The catalog: every paper of the site, merged across days, with slugs and tags.

``build_catalog`` turns the digests (oldest first) into :class:`~generator.core.model.Paper`
objects. A paper listed on several days is one paper, by the rule of
:mod:`generator.core.identity` (the versionless arXiv id, from whichever field carries it, then
the title key).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from slugify import slugify

from generator.core.identity import Identity, PaperIndex
from generator.core.model import Digest, Links, ListedPaper, Paper
from generator.core.process_memos import memo
from generator.catalog.tagging import Taxonomy

SLUG_MAX_CHARS = 80
"""Paper slugs are cut (at a word boundary) to this many characters: file names stay far
below the 255-byte limit of common file systems, and URLs stay readable."""
_RESERVED_SLUGS = {"index", "tags", "papers", "days", "archive", "search", "assets"}


def short_hash(text: str, length: int = 6) -> str:
    """The first ``length`` hex digits of the SHA-1 of ``text``: a stable disambiguator."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


@memo
@lru_cache(maxsize=1 << 17)
def base_slug(title: str) -> str:
    """The slug a title asks for: ASCII-folded (python-slugify), lowercase ``a-z0-9-``, at
    most :data:`SLUG_MAX_CHARS` characters. Empty for titles with nothing to transliterate
    (e.g. only emoji); :func:`assign_slugs` then uses a hash. Cached (a pure function of
    the title): under ``mkdocs serve`` each build slugs the same titles again."""
    return slugify(title, max_length=SLUG_MAX_CHARS, word_boundary=True, save_order=True)


def assign_slugs(papers: list[_Draft]) -> dict[str, str]:
    """Slugs by paper key, unique across the site and independent of list order.

    Papers whose titles ask for the same slug are ordered by (first listed, key); the first
    keeps the slug, the others get ``-<hash of key>`` appended, so adding a later paper never
    renames an earlier one.
    """
    wanted: dict[str, list[_Draft]] = {}
    for draft in papers:
        slug = draft.base_slug
        if not slug or slug in _RESERVED_SLUGS:
            slug = f"{slug or 'paper'}-{short_hash(draft.key)}"
        wanted.setdefault(slug, []).append(draft)
    slugs: dict[str, str] = {}
    taken = set(wanted)
    for slug, drafts in wanted.items():
        drafts.sort(key=lambda d: (d.listed_on[0], d.key))
        slugs[drafts[0].key] = slug
        for draft in drafts[1:]:
            candidate = f"{slug}-{short_hash(draft.key)}"
            length = 6
            while candidate in taken:
                length += 2
                candidate = f"{slug}-{short_hash(draft.key, length)}"
            taken.add(candidate)
            slugs[draft.key] = candidate
    return slugs


@dataclass
class _Draft:
    """A paper while listings are being merged into it."""

    key: str
    title: str
    abstract: str
    arxiv_id: str | None
    authors: tuple[str, ...]
    links: dict[str, str]
    categories: tuple[str, ...]
    published: dt.date | None
    upvotes: int | None
    ai_summary: str | None
    github_stars: int | None
    organization: str | None
    manual_tags: list[str]
    keywords: tuple[str, ...] = ()
    listed_on: list[dt.date] = field(default_factory=list)
    base_slug: str = ""
    """The slug the title asks for (:func:`base_slug`; the title never changes once started)."""

    @classmethod
    def start(cls, listed: ListedPaper, identity: Identity) -> _Draft:
        return cls(
            key=identity.key,
            title=listed.title,
            abstract=listed.abstract,
            arxiv_id=identity.arxiv_id,
            authors=tuple(listed.authors),
            links=listed.links.model_dump(exclude_none=True),
            categories=tuple(listed.categories),
            published=listed.published,
            upvotes=listed.upvotes,
            ai_summary=listed.ai_summary,
            github_stars=listed.github_stars,
            organization=listed.organization,
            manual_tags=list(listed.tags),
            keywords=tuple(listed.keywords),
            base_slug=base_slug(listed.title),
        )

    def merge(self, listed: ListedPaper, identity: Identity) -> None:
        """Fill what is still missing from a later listing of the same paper."""
        self.arxiv_id = self.arxiv_id or identity.arxiv_id
        self.authors = self.authors or tuple(listed.authors)
        for name, url in listed.links.model_dump(exclude_none=True).items():
            self.links.setdefault(name, url)
        self.categories = self.categories or tuple(listed.categories)
        self.keywords = self.keywords or tuple(listed.keywords)
        self.published = self.published or listed.published
        self.ai_summary = self.ai_summary or listed.ai_summary
        self.organization = self.organization or listed.organization
        if listed.upvotes is not None:
            self.upvotes = max(self.upvotes or 0, listed.upvotes)
        if listed.github_stars is not None:
            self.github_stars = max(self.github_stars or 0, listed.github_stars)
        self.manual_tags.extend(t for t in listed.tags if t not in self.manual_tags)


@dataclass(frozen=True)
class DigestDay:
    """What pages show of one digest besides its papers: its ``date``, and where its list
    came from (``source``, ``source_name``: :class:`~generator.core.model.Digest`'s)."""

    date: dt.date
    source: str | None = None
    source_name: str | None = None


@dataclass
class Catalog:
    """The site's content: ``papers`` (newest first listed first, then by title),
    ``digests`` (each digest's day and source, oldest first: :class:`DigestDay`; their papers
    are in ``papers``), and for each day the paper keys in the digest's order.
    ``repeats`` are the entries that list a paper their day already listed, as ``(day,
    position of the first entry, position of the repeat)`` in ``papers``: kept once."""

    papers: list[Paper]
    digests: list[DigestDay]
    day_listing: dict[dt.date, list[str]]
    by_key: dict[str, Paper]
    repeats: list[tuple[dt.date, int, int]] = field(default_factory=list)

    def papers_on(self, day: dt.date) -> list[Paper]:
        """The papers of one day, in the order the digest lists them."""
        return [self.by_key[key] for key in self.day_listing[day]]


@dataclass
class Listings:
    """Digests merged so far, oldest first (:meth:`add`), before they are a :class:`Catalog`
    (:meth:`catalog`): each paper's draft by key, the index that finds a listing's paper
    (:class:`~generator.core.identity.PaperIndex`), each day's paper keys, the repeats and
    the days. Kept between runs (:mod:`generator.catalog.catalog_cache`), so that a newer day
    is merged into the days before it without merging those again."""

    drafts: dict[str, _Draft] = field(default_factory=dict)
    index: PaperIndex[str] = field(default_factory=PaperIndex)
    day_listing: dict[dt.date, list[str]] = field(default_factory=dict)
    repeats: list[tuple[dt.date, int, int]] = field(default_factory=list)
    days: list[DigestDay] = field(default_factory=list)

    def add(self, digest: Digest) -> set[str]:
        """Merge ``digest``, whose date must be later than every day added before (raises
        ``ValueError`` otherwise, changing nothing); returns the keys of the papers it lists
        (new, or merged into: their fields may have changed)."""
        if self.days and digest.date <= self.days[-1].date:
            raise ValueError(f"{digest.date} is not after {self.days[-1].date}, the last day merged")
        keys: list[str] = []
        first_position: dict[str, int] = {}
        for position, listed in enumerate(digest.papers):
            identity = Identity.of(listed)
            key = self.index.find(identity)
            if key is None:
                draft = _Draft.start(listed, identity)
                key = draft.key  # unique: a title: key is only new while no paper has that title key
                self.drafts[key] = draft
            else:
                self.drafts[key].merge(listed, identity)
            self.index.add(identity, key)
            draft = self.drafts[key]
            if key in first_position:  # listed twice on the same day: one entry
                self.repeats.append((digest.date, first_position[key], position))
                continue
            first_position[key] = position
            keys.append(key)
            if not draft.listed_on or draft.listed_on[-1] != digest.date:
                draft.listed_on.append(digest.date)
        self.day_listing[digest.date] = keys
        self.days.append(DigestDay(digest.date, digest.source, digest.source_name))
        return set(first_position)

    def catalog(
        self,
        taxonomy: Taxonomy,
        assign: Callable[..., tuple[str, ...]] | None = None,
        previous: dict[str, Paper] | None = None,
        touched: set[str] | frozenset[str] = frozenset(),
    ) -> Catalog:
        """The :class:`Catalog` of the digests added, each paper tagged by ``assign`` (as
        :meth:`Taxonomy.assign <generator.catalog.tagging.Taxonomy.assign>`, the default).
        ``previous``: the papers (by key) of a catalog made by this method from the same
        listings before the digests whose papers are ``touched`` were added, with the same
        taxonomy and ``assign``: a paper not touched since, whose slug stays the same, is
        that very object (not made and tagged again)."""
        slugs = assign_slugs(list(self.drafts.values()))
        assign = assign or taxonomy.assign
        previous = previous or {}
        papers = []
        for d in self.drafts.values():
            kept = previous.get(d.key) if d.key not in touched else None
            if kept is not None and kept.slug == slugs[d.key]:
                papers.append(kept)
                continue
            papers.append(
                _paper(
                    (
                        d.key, slugs[d.key], d.title, d.abstract, d.arxiv_id, d.authors, tuple(d.links.items()), d.categories,
                        d.published, d.upvotes, d.keywords, d.ai_summary, d.github_stars, d.organization,
                        assign(d.title, d.abstract, tuple(d.manual_tags), d.categories, d.keywords), tuple(d.listed_on),
                    )
                )
            )
        papers.sort(key=lambda p: (-p.first_listed.toordinal(), p.title.casefold(), p.key))
        return Catalog(
            papers=papers,
            digests=list(self.days),
            day_listing=dict(self.day_listing),
            by_key={p.key: p for p in papers},
            repeats=list(self.repeats),
        )


def build_catalog(digests: list[Digest], taxonomy: Taxonomy, assign: Callable[..., tuple[str, ...]] | None = None) -> Catalog:
    """Merge ``digests`` (any order; at most one per date) into a :class:`Catalog`, each
    paper tagged by ``assign`` (called as :meth:`Taxonomy.assign <generator.catalog.tagging.Taxonomy.assign>`,
    which it is by default; :class:`generator.inputs.digest_cache.TagCache` remembers its answers).

    A paper's fields come from its first listing; later listings fill fields still empty,
    raise ``upvotes`` and ``github_stars`` to their maximum and add manual tags. Listings
    that give one arXiv id to two titles are merged under the first title: callers refuse
    them beforehand (:func:`generator.core.identity.conflicting_listings`).
    """
    listings = Listings()
    for digest in sorted(digests, key=lambda d: d.date):
        listings.add(digest)
    return listings.catalog(taxonomy, assign)


_PAPER_FIELDS = (
    "key", "slug", "title", "abstract", "arxiv_id", "authors", "links", "categories", "published", "upvotes",
    "keywords", "ai_summary", "github_stars", "organization", "tags", "listed_on",
)


@memo
@lru_cache(maxsize=1 << 17)
def _paper(fields: tuple) -> Paper:
    """The :class:`Paper` of ``fields`` (values of :data:`_PAPER_FIELDS` in that order, the
    links as ``(name, URL)`` pairs). Cached, so that a build under ``mkdocs serve`` gets the
    same (frozen) Paper object for every paper that did not change, and what is cached by
    paper downstream (records, page inputs) is found again.

    ``model_construct``: every value comes from validated ListedPapers (pydantic's
    documented way for pre-validated data), with the types Paper declares; validating
    10,000 papers again cost about half a CPU second a run."""
    values = dict(zip(_PAPER_FIELDS, fields))
    values["links"] = Links.model_construct(**dict(values["links"]))
    return Paper.model_construct(**values)
