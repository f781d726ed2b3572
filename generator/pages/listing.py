"""A paper as listings show it (home, day and tag pages): title, summary line, first
authors, upvotes and at most :data:`LISTED_TAGS` tags (then how many more it has); and the
order of a day's papers.

Listings are for scanning: one entry is a heading, one summary line and one line of
byline, so that a day of 30 papers fits in about three desktop screens.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.core.author_names import is_organisation
from generator.core.files import replaced

from generator.catalog.catalog import Catalog
from generator.core.model import Paper
from generator.catalog.summary_line import SummaryLine, summary_line
from generator.pages.abstract_text import abstract_html
from generator.catalog.tagging import Taxonomy
from generator.pages.paths import href, paper_path, tag_path
from generator.pages.rendering import PageInputs, render_block

LISTED_TAGS = 3
"""A listed paper shows at most this many tags (the first in taxonomy order), then how
many more it has ("+2 more", a link to the tags on its page)."""
LISTED_AUTHORS = 2
"""A listed paper names this many authors, then ``et al.``."""

_PARTICLES = frozenset("da de del della der di du dos la le van von ter ten zu bin al el".split())
"""Lower-case name particles that belong to the surname (``Peter H. N. de With`` → ``P. H. N. de With``)."""


_GIVEN_NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-](?=[^\W\d_]))*\.?")
"""A given name that has an initial: letters, with apostrophes, periods or hyphens between
them (``Jean-Luc``, ``H.``, ``D'Arcy``), starting with a letter that has case."""


_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")
"""Given names already written as initials (``H.``, ``J.R.R.``): kept as they are."""


def _as_written(given_name: str) -> bool:
    """Whether a given name is kept as written: initials (``H.``, ``J.R.R.``), or capitals
    without periods (``ZY Cui``, ``Marco AF Pimentel``, ``MD Sahidullah``: initials run
    together, whose first letter alone would drop the others)."""
    return bool(_INITIALS.fullmatch(given_name)) or (len(given_name) > 1 and given_name.isalpha() and given_name.isupper())


def initialled(name: str) -> str:
    """``Xianming Li`` → ``X. Li``; ``Li, Xianming`` → ``X. Li``; ``Peter H. N. de With`` →
    ``P. H. N. de With``; ``Jean-Luc Godard`` → ``J.-L. Godard`` (a hyphen's upper-case part
    keeps its initial, ``Ken-ichi Iwata`` → ``K. Iwata``; ``J.R.R. Tolkien`` and ``ZY Cui`` stay). The surname is the last word, with
    the lower-case particles before it; every other word becomes its initial. A name is
    left whole when it is one word, an organisation's (``Nex-AGI Team``, ``Mistral AI``:
    :func:`~generator.core.author_names.is_organisation`) or when a given name is not letters
    starting with a letter that has case (``李 明``, a name with markup or digits): no initial is guessed."""
    if is_organisation(name):
        return name
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        name = f"{first} {last}".strip()
    words = name.split()
    if len(words) < 2:
        return name
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    given = words[:start]
    if not all(_GIVEN_NAME.fullmatch(word) and word[0].lower() != word[0].upper() for word in given):
        return name
    initials = " ".join(word if _as_written(word) else _initials(word) for word in given)
    return f"{initials} {' '.join(words[start:])}"


def _initials(given_name: str) -> str:
    """``Jean-Luc`` → ``J.-L.``, ``Ken-ichi`` → ``K.``, ``Xianming`` → ``X.``."""
    parts = given_name.split("-")
    return "-".join(f"{part[0]}." for number, part in enumerate(parts) if number == 0 or part[:1].isupper())


def first_authors(authors: tuple[str, ...] | list[str], shown: int = LISTED_AUTHORS) -> str:
    """The byline of a listing: ``A. Author, B. Author et al.`` (the first ``shown``
    authors, initialled), all of them when there are no more; ``""`` for none."""
    names = [initialled(name) for name in authors[:shown]]
    return ", ".join(names) + (" et al." if len(authors) > shown else "")


def day_order(papers: list[Paper]) -> list[Paper]:
    """A day's papers as listings show them: by upvotes, most first, when any paper of the
    day has upvotes (as Hugging Face orders its Daily Papers), ties and papers without
    upvotes in the digest's order after them; otherwise in the digest's order."""
    if not any(p.upvotes is not None for p in papers):
        return list(papers)
    return sorted(papers, key=lambda p: -(p.upvotes if p.upvotes is not None else -1))


def newest_first(catalog: Catalog) -> list[Paper]:
    """Every paper of ``catalog``, the newest first listed first, and the papers first listed
    on one day in that day page's order (:func:`day_order` of the day's listing, the papers
    it lists again left out). The order of the feeds (:mod:`generator.output.feeds`). A
    catalog without day listings (the part of one that :mod:`generator.output.catalog_files`
    gives the feeds' worker, made in this order) keeps its papers' order."""
    if not catalog.day_listing:
        return list(catalog.papers)
    ordered: list[Paper] = []
    for day in sorted(catalog.day_listing, reverse=True):
        ordered += [paper for paper in day_order(catalog.papers_on(day)) if paper.first_listed == day]
    return ordered


class Summaries:
    """Each paper's summary line (:func:`~generator.catalog.summary_line.summary_line`) and
    its HTML (:func:`abstract_html`), computed once per run however many listings show the
    paper (its day, the home page, each of its tags' pages). Keyed by paper key: one
    instance serves one catalog."""

    def __init__(self) -> None:
        self._lines: dict[str, tuple[SummaryLine, Markup]] = {}

    def of(self, paper: Paper) -> tuple[SummaryLine, Markup]:
        """``paper``'s summary line and that line's text as HTML."""
        found = self._lines.get(paper.key)
        if found is None:
            line = summary_line(paper)
            found = self._lines[paper.key] = (line, abstract_html(line.text))
        return found


URL_SLOT = "<url-slot-{}>"
"""What a listed paper's block holds in place of its ``n``-th link while it is not yet on a
page (0: the paper's page, then its tags'). Text from digests is HTML-escaped in the
block, so no ``<`` of it can make one."""
_URL_SLOTS = re.compile(r"<url-slot-(\d+)>")

BLOCKS_NAME = "listings.json"
"""The file of :class:`ListingBlocks` in the generator's cache folder."""


def listed_paper(paper: Paper, taxonomy: Taxonomy, summaries: Summaries | None = None, dated: bool = False) -> dict[str, Any]:
    """One paper for ``_listed_paper.md.j2``, its links left as :data:`URL_SLOT` markers
    (filled per page by :meth:`ListingBlocks.entry`): ``paper``, ``url`` (slot 0),
    ``summary`` (:class:`~generator.catalog.summary_line.SummaryLine`), ``summary_html`` (its
    text as escaped HTML with TeX math marked for KaTeX, :func:`abstract_html`: the summary
    line is a sentence of the abstract and shows as the abstract does), ``authors`` (the
    byline), ``tags`` (``{label, url}``, at most :data:`LISTED_TAGS`, slots 1, 2, …),
    ``more_tags`` (the labels of the paper's other tags, which the entry counts: "+2 more",
    linking to the tags on the paper's page) and ``day`` (the day the paper was first listed when ``dated``, for listings that span
    days, else ``None``). ``summaries``: the run's memo of summary lines, when the caller has one."""
    summary, summary_html = (summaries or Summaries()).of(paper)
    return {
        "paper": paper,
        "url": Markup(URL_SLOT.format(0)),
        "summary": summary,
        "summary_html": summary_html,
        "authors": first_authors(paper.authors),
        "tags": [
            {"label": taxonomy.by_slug[slug].label, "url": Markup(URL_SLOT.format(number))}
            for number, slug in enumerate(paper.tags[:LISTED_TAGS], start=1)
        ],
        "more_tags": [taxonomy.by_slug[slug].label for slug in paper.tags[LISTED_TAGS:]],
        "day": paper.first_listed if dated else None,
    }


class Listed:
    """One paper as a listing page shows it: ``paper`` and, for the page's template,
    :meth:`html`."""

    def __init__(self, blocks: ListingBlocks, page: str, paper: Paper, dated: bool) -> None:
        self.paper = paper
        self._blocks, self._page, self._dated = blocks, page, dated

    def html(self, heading_level: int) -> Markup:
        """The paper's entry, ``_listed_paper.md.j2`` rendered with its title as a heading of
        ``heading_level`` (the page template's choice), linked from this page."""
        return self._blocks.html(self._page, self.paper, heading_level, self._dated)


class ListingBlocks:
    """Each listed paper's raw HTML (``_listed_paper.md.j2``), rendered once per paper,
    heading level and ``dated`` however many listings show it, its links then filled in for
    each page (built URLs for ``directory_urls``, :func:`~generator.pages.paths.href`:
    listings are raw HTML, whose links MkDocs does not rewrite).

    With ``inputs`` (:class:`~generator.pages.rendering.PageInputs`: the generator's code,
    the taxonomy, each paper's record hashed) and a ``cache`` file, the blocks of dated
    listings (tag pages) are kept from one run to the next: a block is taken from the cache
    when it was made from the same inputs (:func:`block_is_current`); :meth:`save` writes
    the blocks of the catalog's papers. A day that adds papers to a tag changes its landing
    page, which lists mostly papers it listed before (about 6,000 blocks a day at 10,000
    papers, bench/README.md); a day page lists its own day's papers, so the others are not
    kept (reading and writing them would cost more than the few they save)."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        directory_urls: bool = True,
        inputs: PageInputs | None = None,
        cache: Path | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.directory_urls = directory_urls
        self.summaries = Summaries()
        self._inputs = inputs
        self._cache = cache if inputs is not None else None
        self._blocks: dict[str, tuple[str, list[str | int]]] = {}
        """``<paper key> NUL <heading level> NUL dated|undated`` → (inputs hash, ``""`` without ``inputs``; the block's pieces: text and slot numbers)."""
        self._changed = False
        self._contexts: dict[tuple[int, bool], str] = {}
        """(heading level, dated) → the hash of what every such block is made from but its paper."""
        self._checked: set[str] = set()
        """The blocks found current or made this run."""
        if self._cache is not None:
            try:
                raw = json.loads(self._cache.read_text(encoding="utf-8"))["blocks"]
                self._blocks = {key: (value[0], value[1]) for key, value in raw.items()}
            except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
                self._blocks = {}
        self._loaded = set(self._blocks)

    def entry(self, page: str, paper: Paper, dated: bool = False) -> Listed:
        """``paper`` listed on docs_dir page ``page``, with its first-listed day when ``dated``."""
        return Listed(self, page, paper, dated)

    def html(self, page: str, paper: Paper, heading_level: int, dated: bool) -> Markup:
        """``paper``'s block linked from ``page`` (see :class:`Listed`)."""
        name = f"{paper.key}\0{heading_level}\0{'dated' if dated else 'undated'}"
        if name not in self._checked:  # once a run: a paper does not change within one
            inputs = self._inputs_of(paper, heading_level, dated)
            kept = self._blocks.get(name)
            if kept is None or not block_is_current(kept[0], inputs):
                text = render_block("_listed_paper.md.j2", item=listed_paper(paper, self.taxonomy, self.summaries, dated), heading_level=heading_level)
                pieces = _URL_SLOTS.split(text)
                self._blocks[name] = (inputs, [piece if i % 2 == 0 else int(piece) for i, piece in enumerate(pieces)])
                self._changed |= dated
            self._checked.add(name)
        found = self._blocks[name]
        targets = [paper_path(paper.slug), *(tag_path(slug) for slug in paper.tags[:LISTED_TAGS])]
        return Markup("".join(piece if isinstance(piece, str) else href(page, targets[piece], self.directory_urls) for piece in found[1]))

    def _inputs_of(self, paper: Paper, heading_level: int, dated: bool) -> str:
        """The hash of what ``paper``'s block is made from: :meth:`PageInputs.of
        <generator.pages.rendering.PageInputs.of>` of the template, ``heading_level`` and
        ``dated`` (once a run for each pair), with the paper's record hash. One ``sha256`` of
        two hashes per block: a changed landing links mostly kept blocks, about 6,000 a day
        at 10,000 papers, whose ``PageInputs.of`` each cost more than the check saved."""
        if self._inputs is None:
            return ""  # kept in this run only
        context = self._contexts.get((heading_level, dated))
        if context is None:
            context = self._contexts[heading_level, dated] = self._inputs.of(["_listed_paper.md.j2"], [heading_level, dated])
        return hashlib.sha256(f"{context}\0{self._inputs.records[paper.key]}".encode()).hexdigest()

    def save(self, papers: Iterable[Paper]) -> None:
        """Write the cache file (whole, :func:`~generator.core.files.replaced`) with the blocks
        of ``papers`` (the catalog's), if any block was made or is to be dropped."""
        if self._cache is None:
            return
        keys = {paper.key for paper in papers}
        kept = {name: value for name, value in self._blocks.items() if name.endswith("\0dated") and name.partition("\0")[0] in keys}
        if self._changed or kept.keys() != self._loaded:
            self._cache.parent.mkdir(parents=True, exist_ok=True)
            with replaced(self._cache) as file:
                file.write(json.dumps({"blocks": {name: list(value) for name, value in sorted(kept.items())}}, separators=(",", ":")))
        self._loaded, self._changed = set(kept), False


def block_is_current(made_from: str, inputs: str) -> bool:
    """Whether a listed paper's block made from ``made_from`` (the hash of its inputs:
    :meth:`PageInputs.of <generator.pages.rendering.PageInputs.of>` of the template, the
    heading level and ``dated``, and the paper's record) serves for ``inputs``: the same hash."""
    return made_from == inputs


def tag_chips(page: str, slugs: tuple[str, ...], taxonomy: Taxonomy, directory_urls: bool = True) -> list[dict[str, Any]]:
    """Tags as ``{label, url}`` for templates (listings and paper pages), linked from
    ``page`` (built URLs, :func:`~generator.pages.paths.href`)."""
    return [{"label": taxonomy.by_slug[s].label, "url": href(page, tag_path(s), directory_urls)} for s in slugs]
