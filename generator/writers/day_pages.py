"""Writer for day pages: ``days/YYYY-MM-DD.md``, one per digest."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from generator.catalog import Catalog
from generator.tagging import Taxonomy
from generator.writers.paper_pages import tag_chips
from generator.writers.paths import day_path, link, paper_path
from generator.writers.rendering import LISTING_META, markdown_url, render_page


def listed_papers(page: str, catalog: Catalog, day: dt.date, taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """The papers of ``day`` in digest order as ``{paper, url, tags}`` for templates, with
    links relative to ``page``."""
    return [
        {"paper": paper, "url": link(page, paper_path(paper.slug)), "tags": tag_chips(page, paper.tags, taxonomy)}
        for paper in catalog.papers_on(day)
    ]


def render_day(catalog: Catalog, index: int, taxonomy: Taxonomy) -> str:
    """The Markdown text of the page of ``catalog.digests[index]``, with links to the
    previous and next days that have digests."""
    digest = catalog.digests[index]
    page = day_path(digest.date)
    neighbours = {}
    for name, other in (("previous", index - 1), ("next", index + 1)):
        if 0 <= other < len(catalog.digests):
            day = catalog.digests[other].date
            neighbours[name] = {"date": day, "url": link(page, day_path(day))}
        else:
            neighbours[name] = None
    papers = listed_papers(page, catalog, digest.date, taxonomy)
    return render_page(
        "day.md.j2",
        {"title": f"Papers of {digest.date.day} {digest.date:%B %Y}", "date": digest.date.isoformat(), **LISTING_META},
        date=digest.date,
        papers=papers,
        source=markdown_url(digest.source) if digest.source else None,
        source_label=urlsplit(digest.source).hostname if digest.source else None,
        **neighbours,
    )


def day_pages(catalog: Catalog, taxonomy: Taxonomy) -> dict[str, str]:
    """Every day page, as ``{docs_dir path: Markdown text}``."""
    return {day_path(d.date): render_day(catalog, i, taxonomy) for i, d in enumerate(catalog.digests)}
