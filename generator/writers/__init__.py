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


def render_site(catalog: Catalog, taxonomy: Taxonomy) -> dict[str, str]:
    """Every generated page of the site as ``{docs_dir path: Markdown text}``, sorted by path.

    The paper pages (most of the work: related papers and rendering) are made in two
    halves, one in a second process (:func:`generator.parallel.run_in_fork`) while this one
    makes the other half and the listing pages; the pages are the same as one process makes.
    """
    similarity = Similarity(catalog.papers)  # fitted once, before the fork: both halves use it
    other_half = run_in_fork(lambda: paper_pages(catalog, taxonomy, similarity, part=1, parts=2))
    pages = paper_pages(catalog, taxonomy, similarity, part=0, parts=2)
    for writer in PAGE_WRITERS[1:]:
        pages.update(writer(catalog, taxonomy))
    pages.update(other_half())
    return dict(sorted(pages.items()))
