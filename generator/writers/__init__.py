"""Writers: one module per kind of page, each returning ``{docs_dir path: Markdown text}``.

:func:`render_site` runs them all; :mod:`generator.docs_dir` puts the result on disk.
"""

from __future__ import annotations

from generator.catalog import Catalog
from generator.parallel import run_in_fork
from generator.related import Similarity
from generator.tagging import Taxonomy
from generator.writers.archive_pages import archive_pages
from generator.writers.day_pages import day_pages
from generator.writers.paper_pages import paper_pages
from generator.writers.tag_pages import tag_pages

PAGE_WRITERS = (paper_pages, day_pages, tag_pages, archive_pages)

SECOND_PROCESS_SHARE = 0.55
"""The share of the paper pages that :func:`render_site` leaves to the second process: a
little over half, because this process renders the listing pages as well (at 10,000 real
papers they take about an eighth of the paper pages' time; bench/README.md)."""


def render_site(catalog: Catalog, taxonomy: Taxonomy) -> dict[str, str]:
    """Every generated page of the site as ``{docs_dir path: Markdown text}``, sorted by path.

    The paper pages (most of the work: related papers and rendering) are shared with a
    second process (:func:`generator.parallel.run_in_fork`, :data:`SECOND_PROCESS_SHARE` of
    them) while this one renders the rest and the listing pages; the pages are the same as
    one process renders.
    """
    similarity = Similarity(catalog.papers)  # fitted once, before the fork: both processes use it
    cut = round(len(catalog.papers) * SECOND_PROCESS_SHARE)
    with run_in_fork(lambda: paper_pages(catalog, taxonomy, similarity, catalog.papers[:cut])) as other_share:
        pages = paper_pages(catalog, taxonomy, similarity, catalog.papers[cut:])
        for writer in PAGE_WRITERS[1:]:
            pages.update(writer(catalog, taxonomy))
        pages.update(other_share())
    return dict(sorted(pages.items()))
