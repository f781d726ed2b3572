"""Pages: one module per kind of page, each returning ``{docs_dir path: Markdown text}``.

:mod:`~generator.pages.paper_pages`, :mod:`~generator.pages.day_pages`,
:mod:`~generator.pages.tag_pages` and :mod:`~generator.pages.archive_pages` turn the catalog
into Markdown with front matter through the Jinja templates in ``templates/``
(:mod:`~generator.pages.rendering`; listings share :mod:`~generator.pages.listing`);
:mod:`~generator.pages.paths` holds every path and URL rule once. :func:`render_site` runs
them all, skipping the paper pages whose inputs did not change
(:mod:`~generator.pages.page_ledger`) and spreading large sites over processes
(:mod:`~generator.pages.process_pool`); :mod:`generator.output.docs_dir` puts the result on
disk. Imports :mod:`generator.core`, :mod:`generator.catalog` and, for the front matter's
YAML and the code fingerprint, :mod:`generator.inputs`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import Future
from contextlib import nullcontext
from pathlib import Path

from generator.catalog.catalog import Catalog
from generator.pages.page_ledger import PageLedger
from generator.pages.process_pool import process_count, process_pool, split
from generator.inputs.project import code_fingerprint
from generator.catalog.related import CACHE_NAME, related_papers
from generator.catalog.tagging import Taxonomy
from generator.pages.archive_pages import archive_pages
from generator.pages.day_pages import day_pages
from generator.pages.listing import BLOCKS_NAME, ListingBlocks
from generator.pages.paper_pages import PaperPages, paper_pages, paper_records
from generator.pages.paths import paper_path
from generator.pages.rendering import PageInputs
from generator.pages.tag_pages import tag_pages

PAGE_WRITERS = (paper_pages, day_pages, tag_pages, archive_pages)


PAPERS_PER_PROCESS = 1000
"""Paper pages are rendered in worker processes (:mod:`generator.pages.process_pool`) when each
gets at least this many; fewer are rendered here. Measured (bench/README.md): at 10,000
papers two workers take 8 CPU seconds each where one process takes 20, against about half
a second of pickling; at 1,000 a worker's start-up (imports, the pickled catalog) eats the
gain."""


def render_site(
    catalog: Catalog,
    taxonomy: Taxonomy,
    ledger: PageLedger | None = None,
    processes: int | None = None,
    directory_urls: bool = True,
    cache_dir: Path | None = None,
) -> dict[str, str | None]:
    """Every generated page of the site as ``{docs_dir path: Markdown text}``, sorted by path.

    With a ``ledger`` (:mod:`generator.pages.page_ledger`), a paper page whose inputs
    (:func:`~generator.pages.paper_pages.paper_page_inputs`) are those its file on disk
    was made from is not rendered: its value is ``None`` (keep the file as it is).
    ``cache_dir``: the generator's cache folder, where related papers are cached per day
    (:func:`generator.catalog.related.related_papers`).

    The paper pages to render (most of the work) are shared among ``processes`` worker
    processes (default: one per :data:`PAPERS_PER_PROCESS` papers to render, at most one
    per CPU; 1 does everything here), while this process renders the listing pages; the
    pages are the same however many processes render them.

    ``directory_urls``: mkdocs.yml's ``use_directory_urls``, the form of the built URLs
    that paper pages and listings link to (:func:`~generator.pages.paper_pages.render_paper`,
    :func:`~generator.pages.listing.listed_paper`).
    """
    related = related_papers(catalog.papers, cache=cache_dir / CACHE_NAME if cache_dir else None)
    papers = PaperPages.of(catalog, taxonomy, related, directory_urls)
    pages: dict[str, str | None] = {}
    stale = [paper.key for paper in catalog.papers]
    listing_inputs = None
    if ledger is not None:
        code = code_fingerprint()
        records = paper_records(catalog.papers)
        inputs = papers.inputs(code, records)
        stale = [p.key for p in catalog.papers if not ledger.check(paper_path(p.slug), inputs[paper_path(p.slug)])]
        pages.update((page, None) for page in inputs)
        taxonomy_hash = hashlib.sha256(repr(taxonomy.tags).encode()).hexdigest()
        listing_inputs = PageInputs(ledger.check, f"{code}\0{taxonomy_hash}\0{directory_urls}", records)
    if processes is None:
        processes = process_count(len(stale), PAPERS_PER_PROCESS)
    pool = process_pool(processes, _start_paper_worker, (catalog, taxonomy, directory_urls)) if processes > 1 else None
    with pool or nullcontext() as workers:
        parts: list[Future[dict[str, str]]] = []
        if workers is None:
            pages.update(papers.render(stale))
        else:
            parts = [
                workers.submit(_paper_pages_of, part, {key: related[key] for key in part})
                for part in split(stale, processes)
            ]
        # each listed paper's block, rendered once for all listings (and kept between runs)
        blocks = ListingBlocks(taxonomy, directory_urls, listing_inputs, cache_dir / BLOCKS_NAME if cache_dir else None)
        pages.update(day_pages(catalog, taxonomy, directory_urls, listing_inputs, papers.keys, blocks))  # raw HTML: built URLs
        pages.update(tag_pages(catalog, taxonomy, listing_inputs, directory_urls, blocks))
        pages.update(archive_pages(catalog, taxonomy, directory_urls, blocks))
        blocks.save(catalog.papers)
        for part in parts:
            pages.update(part.result())
    return dict(sorted(pages.items()))


_worker: dict = {}
"""In a worker process of :func:`render_site`: the catalog, taxonomy and directory_urls."""


def _start_paper_worker(catalog: Catalog, taxonomy: Taxonomy, directory_urls: bool) -> None:
    _worker.update(catalog=catalog, taxonomy=taxonomy, directory_urls=directory_urls)


def _paper_pages_of(keys: Sequence[str], related: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """The pages of the papers ``keys``, whose ``related`` papers' keys are given."""
    return PaperPages.of(_worker["catalog"], _worker["taxonomy"], related, _worker["directory_urls"]).render(keys)
