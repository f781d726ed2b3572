"""Writer for day pages: ``days/YYYY-MM-DD.md``, one per digest.

A day's page lists its papers by upvotes when the day has them, else in the digest's order
(:func:`generator.pages.listing.day_order`), each with its summary line, first authors
and a few tags (:class:`generator.pages.listing.ListingBlocks`); it says where the list came
from (the digest's ``source_name`` and ``source``), links the previous and next days, and ends with the BibTeX of all the day's papers in one code block (Material's copy
button copies it at once). A day with more than :data:`PAPERS_PER_DAY_PAGE` papers (arXiv
lists up to ~900 a day) continues on ``days/YYYY-MM-DD/page/<n>.md``, and its BibTeX
moves to its own page ``days/YYYY-MM-DD/bibtex.md``, so that no page passes ~1 MB of HTML
(issue 8). A digest with no papers gets a page that says so.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from generator.catalog.bibtex import bibtex_entry, citation_keys, utf8_characters
from generator.catalog.catalog import Catalog
from generator.core.model import Paper
from generator.catalog.tagging import Taxonomy
from generator.pages.listing import Listed, ListingBlocks, day_order
from generator.pages.paths import ARCHIVE_INDEX, day_bibtex_path, day_page_path, day_path, link
from generator.pages.rendering import LISTING_META, PageInputs, code_block, long_date, markdown_url, render_page

DESCRIPTION_TITLES = 3
"""How many paper titles a day page's description (for link previews) names."""

PAPERS_PER_DAY_PAGE = 250
"""Papers per day page. A listed paper (heading, tags, first sentence, table-of-contents
entry) is about 1 kB of HTML and a BibTeX entry about 0.6 kB, so a page stays well under
1 MB."""


def listed_papers(page: str, catalog: Catalog, day: dt.date, blocks: ListingBlocks) -> list[Listed]:
    """The papers of ``day`` in listing order (:func:`~generator.pages.listing.day_order`)
    as listed on ``page`` (:meth:`ListingBlocks.entry <generator.pages.listing.ListingBlocks.entry>`)."""
    return [blocks.entry(page, paper) for paper in day_order(catalog.papers_on(day))]


def day_description(day: dt.date, titles: list[str]) -> str:
    """A day page's description: ``"3 papers listed on 18 March 2025: A; B; C; …"`` (the
    first :data:`DESCRIPTION_TITLES` titles)."""
    count = f"{len(titles)} paper{'' if len(titles) == 1 else 's'} listed on {long_date(day)}"
    if not titles:
        return count + "."
    more = "; …" if len(titles) > DESCRIPTION_TITLES else ""
    return f"{count}: {'; '.join(titles[:DESCRIPTION_TITLES])}{more}"


def day_bibtex(papers: list[Paper], keys: dict[str, str]) -> str:
    """The BibTeX entries of ``papers`` (in order), separated by blank lines."""
    return "\n".join(bibtex_entry(p, keys[p.key]) for p in papers)


def render_day_pages(
    catalog: Catalog,
    index: int,
    taxonomy: Taxonomy,
    keys: dict[str, str],
    blocks: ListingBlocks,
) -> dict[str, str]:
    """The pages of ``catalog.digests[index]`` as ``{docs_dir path: Markdown text}``: its
    page(s) of papers and, for a day longer than one page, its BibTeX page. ``keys`` are
    the citation keys by paper key (:func:`~generator.catalog.bibtex.citation_keys`);
    ``blocks``: the run's listed papers (:class:`~generator.pages.listing.ListingBlocks`: raw
    HTML, linking to built URLs)."""
    digest = catalog.digests[index]
    day = digest.date
    papers = day_order(catalog.papers_on(day))
    chunks = [papers[i : i + PAPERS_PER_DAY_PAGE] for i in range(0, len(papers), PAPERS_PER_DAY_PAGE)] or [[]]
    bibtex = day_bibtex(papers, keys)
    beyond_ascii, more = utf8_characters(bibtex)
    paged = len(chunks) > 1
    meta = {
        "title": f"Papers of {long_date(day)}",
        "date": day.isoformat(),
        "description": day_description(day, [p.title for p in papers]),
        **LISTING_META,
    }
    pages: dict[str, str] = {}
    for number, chunk in enumerate(chunks, start=1):
        page = day_page_path(day, number)
        neighbours: dict[str, dict[str, object] | None] = {}
        for name, other in (("previous", index - 1), ("next", index + 1)):
            if 0 <= other < len(catalog.digests):
                other_day = catalog.digests[other].date
                neighbours[name] = {"date": other_day, "url": link(page, day_path(other_day))}
            else:
                neighbours[name] = None
        pages[page] = render_page(
            "day.md.j2",
            meta if number == 1 else {**meta, "title": f"{meta['title']} (page {number})"},
            date=day,
            count=len(papers),
            papers=[blocks.entry(page, p) for p in chunk],
            number=number,
            page_count=len(chunks),
            pages=[{"number": n, "url": link(page, day_page_path(day, n))} for n in range(1, len(chunks) + 1)],
            source=markdown_url(digest.source) if digest.source else None,
            source_label=digest.source_name or (urlsplit(digest.source).hostname if digest.source else None),
            by_upvotes=any(p.upvotes is not None for p in papers),
            archive_url=link(page, ARCHIVE_INDEX),
            bibtex=code_block(bibtex, "text") if bibtex and not paged else None,
            bibtex_url=link(page, day_bibtex_path(day)) if paged else None,
            bibtex_utf8=beyond_ascii,
            bibtex_utf8_more=more,
            **neighbours,
        )
    if paged:
        page = day_bibtex_path(day)
        pages[page] = render_page(
            "day_bibtex.md.j2",
            {"title": f"BibTeX of {long_date(day)}", "description": f"BibTeX entries of the {len(papers)} papers listed on {long_date(day)}.", **LISTING_META},
            date=day,
            count=len(papers),
            day_url=link(page, day_path(day)),
            bibtex=code_block(bibtex, "text"),
            bibtex_utf8=beyond_ascii,
            bibtex_utf8_more=more,
        )
    return pages


DAY_TEMPLATES = ("day.md.j2", "day_bibtex.md.j2")


def day_page_paths(day: dt.date, papers: int) -> list[str]:
    """The docs_dir paths of the pages of a day with ``papers`` papers."""
    count = max(1, -(-papers // PAPERS_PER_DAY_PAGE))
    return [day_page_path(day, n) for n in range(1, count + 1)] + ([day_bibtex_path(day)] if count > 1 else [])


def day_pages(
    catalog: Catalog,
    taxonomy: Taxonomy,
    directory_urls: bool = True,
    inputs: PageInputs | None = None,
    keys: dict[str, str] | None = None,
    blocks: ListingBlocks | None = None,
) -> dict[str, str | None]:
    """Every day's pages (see the module docstring), as ``{docs_dir path: Markdown text}``,
    for mkdocs.yml's ``use_directory_urls`` (``directory_urls``).
    With ``inputs`` (:class:`~generator.pages.rendering.PageInputs`), a day whose pages
    are current for their inputs (the digest's date and source, the neighbouring days, its
    papers' records and citation keys, the templates) is not rendered: its pages' values are
    ``None``. ``keys``: the citation keys (:func:`~generator.catalog.bibtex.citation_keys`)
    when the caller has them; ``blocks``: the run's listed papers
    (:class:`~generator.pages.listing.ListingBlocks`), when the caller has them."""
    keys = keys or citation_keys(catalog.papers)
    blocks = blocks or ListingBlocks(taxonomy, directory_urls)
    pages: dict[str, str | None] = {}
    for index, digest in enumerate(catalog.digests):
        if inputs is not None:
            on_day = catalog.day_listing[digest.date]
            neighbours = [catalog.digests[i].date if 0 <= i < len(catalog.digests) else None for i in (index - 1, index + 1)]
            parts = [digest.date, digest.source, digest.source_name, neighbours, [keys[k] for k in on_day]]
            paths = day_page_paths(digest.date, len(on_day))
            if inputs.current(paths, inputs.of(DAY_TEMPLATES, parts, on_day)):
                pages.update(dict.fromkeys(paths))
                continue
        pages.update(render_day_pages(catalog, index, taxonomy, keys, blocks))
    return pages
