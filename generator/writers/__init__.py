"""Writers: one module per kind of page, each returning ``{docs_dir path: Markdown text}``.

:func:`render_site` runs them all; :mod:`generator.docs_dir` puts the result on disk.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.catalog import Catalog
from generator.process_pool import process_count, process_pool, split
from generator.related import Similarity
from generator.tagging import Taxonomy
from generator.writers.archive_pages import archive_pages
from generator.writers.day_pages import day_pages
from generator.writers.paper_pages import paper_pages
from generator.writers.tag_pages import tag_pages

PAGE_WRITERS = (paper_pages, day_pages, tag_pages, archive_pages)


PAPERS_PER_PROCESS = 1000
"""Paper pages are rendered in worker processes (:mod:`generator.process_pool`) when each
gets at least this many; fewer are rendered here. Measured (bench/README.md): at 10,000
papers two workers take 8 CPU seconds each where one process takes 20, against about half
a second of pickling; at 1,000 a worker's start-up (imports, the pickled catalog) eats the
gain."""


def render_site(catalog: Catalog, taxonomy: Taxonomy, processes: int | None = None) -> dict[str, str]:
    """Every generated page of the site as ``{docs_dir path: Markdown text}``, sorted by path.

    The paper pages (most of the work: related papers and rendering) are rendered by
    ``processes`` worker processes (default: one per :data:`PAPERS_PER_PROCESS` papers, at
    most one per CPU; 1 renders them here), while this process renders the listing pages;
    the pages are the same however many processes render them.
    """
    similarity = Similarity(catalog.papers)
    if processes is None:
        processes = process_count(len(catalog.papers), PAPERS_PER_PROCESS)
    if processes <= 1:
        pages = paper_pages(catalog, taxonomy, similarity, catalog.papers)
        for writer in PAGE_WRITERS[1:]:
            pages.update(writer(catalog, taxonomy))
        return dict(sorted(pages.items()))
    keys = [paper.key for paper in catalog.papers]
    with process_pool(processes, _start_paper_worker, (catalog, taxonomy, similarity)) as pool:
        parts = [pool.submit(_paper_pages_of, part) for part in split(keys, processes)]
        pages = {}
        for writer in PAGE_WRITERS[1:]:
            pages.update(writer(catalog, taxonomy))
        for part in parts:
            pages.update(part.result())
    return dict(sorted(pages.items()))


_worker: dict = {}
"""In a worker process of :func:`render_site`: the catalog, taxonomy and similarity."""


def _start_paper_worker(catalog: Catalog, taxonomy: Taxonomy, similarity: Similarity) -> None:
    _worker.update(catalog=catalog, taxonomy=taxonomy, similarity=similarity)


def _paper_pages_of(keys: Sequence[str]) -> dict[str, str]:
    catalog = _worker["catalog"]
    papers = [catalog.by_key[key] for key in keys]
    return paper_pages(catalog, _worker["taxonomy"], _worker["similarity"], papers)
