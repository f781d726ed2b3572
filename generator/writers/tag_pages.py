"""Writer for tag pages: ``tags/<slug>.md`` per tag that has papers, and ``tags/index.md``.

A tag with more than :data:`TAG_PAGE_PAPERS` papers is split over several pages:
``tags/<slug>.md`` lists the newest, ``tags/<slug>/page-2.md`` the next, and so on, each
linking to the newer and older page.
"""

from __future__ import annotations

from generator.catalog import Catalog
from generator.tagging import Taxonomy
from generator.writers.paths import TAGS_INDEX, link, paper_path, tag_path
from generator.writers.rendering import LISTING_META, render_page

TAG_PAGE_PAPERS = 1000
"""Papers listed per tag page. A listed paper is about 250 bytes of built HTML, so a page
stays near 300 KB and far below the 1 MB bound of issue 8, whatever the size of the site."""


def tag_page_path(slug: str, number: int) -> str:
    """``tags/<slug>.md`` for the first page of a tag, ``tags/<slug>/page-<number>.md`` after."""
    return tag_path(slug) if number == 1 else f"tags/{slug}/page-{number}.md"


def tag_pages(catalog: Catalog, taxonomy: Taxonomy) -> dict[str, str]:
    """Every tag page (papers newest first, :data:`TAG_PAGE_PAPERS` a page) and the tags
    index (plain links with counts), as ``{docs_dir path: Markdown text}``. Tags no paper
    carries get no page."""
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
        page_count = -(-len(papers) // TAG_PAGE_PAPERS)
        for number in range(1, page_count + 1):
            page = tag_page_path(tag.slug, number)
            chunk = papers[(number - 1) * TAG_PAGE_PAPERS : number * TAG_PAGE_PAPERS]
            pages[page] = render_page(
                "tag.md.j2",
                {"title": tag.label if number == 1 else f"{tag.label} (page {number})", "description": tag.description, **LISTING_META},
                tag=tag,
                count=len(papers),
                papers=[{"paper": p, "url": link(page, paper_path(p.slug))} for p in chunk],
                index_url=link(page, TAGS_INDEX),
                page_number=number,
                page_count=page_count,
                newer_url=link(page, tag_page_path(tag.slug, number - 1)) if number > 1 else None,
                older_url=link(page, tag_page_path(tag.slug, number + 1)) if number < page_count else None,
            )
        index_items.append({"tag": tag, "url": link(TAGS_INDEX, tag_path(tag.slug)), "count": len(papers)})
    pages[TAGS_INDEX] = render_page("tags_index.md.j2", {"title": "Tags", **LISTING_META}, tags=index_items)
    return pages
