"""Writer for day pages: ``days/YYYY-MM-DD.md``, one per digest."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from generator.bibtex import bibtex_entry, citation_keys
from generator.catalog import Catalog
from generator.tagging import Taxonomy
from generator.writers.paper_pages import tag_chips
from generator.writers.paths import day_path, link, paper_path
from generator.writers.rendering import LISTING_META, code_block, long_date, markdown_url, render_page

DESCRIPTION_TITLES = 3
"""How many paper titles a day page's description (for link previews) names."""


def listed_papers(page: str, catalog: Catalog, day: dt.date, taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """The papers of ``day`` in digest order as ``{paper, url, tags}`` for templates, with
    links relative to ``page``."""
    return [
        {"paper": paper, "url": link(page, paper_path(paper.slug)), "tags": tag_chips(page, paper.tags, taxonomy)}
        for paper in catalog.papers_on(day)
    ]


def day_description(day: dt.date, titles: list[str]) -> str:
    """A day page's description: ``"3 papers listed on 18 March 2025: A; B; C; …"`` (the
    first :data:`DESCRIPTION_TITLES` titles)."""
    count = f"{len(titles)} paper{'' if len(titles) == 1 else 's'} listed on {long_date(day)}"
    if not titles:
        return count + "."
    more = "; …" if len(titles) > DESCRIPTION_TITLES else ""
    return f"{count}: {'; '.join(titles[:DESCRIPTION_TITLES])}{more}"


def render_day(catalog: Catalog, index: int, taxonomy: Taxonomy, keys: dict[str, str] | None = None) -> str:
    """The Markdown text of the page of ``catalog.digests[index]``, with links to the
    previous and next days that have digests and, at the end, the BibTeX of all the day's
    papers in one code block (citation ``keys`` by paper key, default
    :func:`~generator.bibtex.citation_keys` of the catalog)."""
    keys = keys if keys is not None else citation_keys(catalog.papers)
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
    day_papers = catalog.papers_on(digest.date)
    bibtex = "\n".join(bibtex_entry(p, keys[p.key]) for p in day_papers)
    return render_page(
        "day.md.j2",
        {
            "title": f"Papers of {long_date(digest.date)}",
            "date": digest.date.isoformat(),
            "description": day_description(digest.date, [p.title for p in day_papers]),
            **LISTING_META,
        },
        date=digest.date,
        papers=papers,
        source=markdown_url(digest.source) if digest.source else None,
        source_label=urlsplit(digest.source).hostname if digest.source else None,
        bibtex=code_block(bibtex) if bibtex else None,
        **neighbours,
    )


def day_pages(catalog: Catalog, taxonomy: Taxonomy) -> dict[str, str]:
    """Every day page, as ``{docs_dir path: Markdown text}``."""
    keys = citation_keys(catalog.papers)
    return {day_path(d.date): render_day(catalog, i, taxonomy, keys) for i, d in enumerate(catalog.digests)}
