"""Writer for tag pages: ``tags/<slug>.md`` per tag that has papers (continued on
``tags/<slug>/page/<n>.md`` beyond :data:`PAPERS_PER_TAG_PAGE` papers), and
``tags/index.md``."""

from __future__ import annotations

from generator.catalog import Catalog
from generator.tagging import Taxonomy
from generator.writers.paths import TAGS_INDEX, link, paper_path, tag_feed_path, tag_page_path, tag_path
from generator.writers.rendering import LISTING_META, render_page

PAPERS_PER_TAG_PAGE = 500
"""Papers per tag page, newest first. A listed paper is about 300 bytes of HTML, so a tag
page stays far below 1 MB however many papers carry the tag (issue 8: 10,000 papers)."""


def tag_pages(catalog: Catalog, taxonomy: Taxonomy) -> dict[str, str]:
    """Every tag page (papers newest first, :data:`PAPERS_PER_TAG_PAGE` per page) and the
    tags index (plain links with counts), as ``{docs_dir path: Markdown text}``. Tags no
    paper carries get no page. Each tag's first page names its Atom feed
    (``feeds/tag-<slug>.xml``, see :mod:`generator.feeds`) in its front matter."""
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
        chunks = [papers[i : i + PAPERS_PER_TAG_PAGE] for i in range(0, len(papers), PAPERS_PER_TAG_PAGE)]
        for number, chunk in enumerate(chunks, start=1):
            page = tag_page_path(tag.slug, number)
            title = tag.label if number == 1 else f"{tag.label} (page {number})"
            pages[page] = render_page(
                "tag.md.j2",
                {"title": title, "description": tag.description, "feed": tag_feed_path(tag.slug), **LISTING_META},
                tag=tag,
                count=len(papers),
                number=number,
                page_count=len(chunks),
                papers=[{"paper": p, "url": link(page, paper_path(p.slug))} for p in chunk],
                previous_url=link(page, tag_page_path(tag.slug, number - 1)) if number > 1 else None,
                next_url=link(page, tag_page_path(tag.slug, number + 1)) if number < len(chunks) else None,
                index_url=link(page, TAGS_INDEX),
            )
        index_items.append({"tag": tag, "url": link(TAGS_INDEX, tag_path(tag.slug)), "count": len(papers)})
    pages[TAGS_INDEX] = render_page("tags_index.md.j2", {"title": "Tags", **LISTING_META}, tags=index_items)
    return pages
