"""Writer for tag pages: ``tags/<slug>.md`` per tag that has papers, and ``tags/index.md``."""

from __future__ import annotations

from generator.catalog import Catalog
from generator.tagging import Taxonomy
from generator.writers.paths import TAGS_INDEX, link, paper_path, tag_path
from generator.writers.rendering import LISTING_META, render_page


def tag_pages(catalog: Catalog, taxonomy: Taxonomy) -> dict[str, str]:
    """Every tag page (papers newest first) and the tags index (plain links with counts), as
    ``{docs_dir path: Markdown text}``. Tags no paper carries get no page."""
    by_tag: dict[str, list] = {tag.slug: [] for tag in taxonomy.tags}
    for paper in catalog.papers:  # already newest first
        for slug in paper.tags:
            by_tag[slug].append(paper)
    pages: dict[str, str] = {}
    index_items = []
    for tag in taxonomy.tags:
        papers = by_tag[tag.slug]
        if not papers:
            continue
        page = tag_path(tag.slug)
        pages[page] = render_page(
            "tag.md.j2",
            {"title": tag.label, "description": tag.description, **LISTING_META},
            tag=tag,
            papers=[{"paper": p, "url": link(page, paper_path(p.slug))} for p in papers],
            index_url=link(page, TAGS_INDEX),
        )
        index_items.append({"tag": tag, "url": link(TAGS_INDEX, page), "count": len(papers)})
    pages[TAGS_INDEX] = render_page("tags_index.md.j2", {"title": "Tags", **LISTING_META}, tags=index_items)
    return pages
