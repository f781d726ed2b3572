"""Writers: one module per kind of page, each returning ``{docs_dir path: Markdown text}``.

:func:`render_site` runs them all; :mod:`generator.docs_dir` puts the result on disk.
"""

from __future__ import annotations

from generator.catalog import Catalog
from generator.related import Similarity
from generator.tagging import Taxonomy
from generator.writers.archive_pages import archive_pages
from generator.writers.day_pages import day_pages
from generator.writers.paper_pages import paper_pages
from generator.writers.tag_pages import tag_pages

PAGE_WRITERS = (paper_pages, day_pages, tag_pages, archive_pages)


def render_site(catalog: Catalog, taxonomy: Taxonomy) -> dict[str, str]:
    """Every generated page of the site as ``{docs_dir path: Markdown text}``, sorted by path."""
    similarity = Similarity(catalog.papers)
    pages = paper_pages(catalog, taxonomy, similarity, catalog.papers)
    for writer in PAGE_WRITERS[1:]:
        pages.update(writer(catalog, taxonomy))
    return dict(sorted(pages.items()))
