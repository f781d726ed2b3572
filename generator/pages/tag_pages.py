"""Writer for tag pages and the trends page.

* ``tags/<slug>.md`` per tag, its *landing* page: an **area** page lists its topics with
  their paper counts, a **topic** (or kind) page shows its papers per week as a chart
  (:mod:`trend_chart`); then each lists its newest papers as day pages list theirs
  (:class:`generator.pages.listing.ListingBlocks`: raw HTML, TeX rendered), with the day each
  was first listed. A tag no paper carries gets no page, but an area a paper's arXiv
  category links to (paper pages link each category to its area, carried or not).
* ``tags/<slug>/page/<n>.md``: the tag's papers in *full pages* of
  :data:`PAPERS_PER_TAG_PAGE`, **numbered from the oldest** (page 1 holds the oldest 100), so
  that a page, once full, keeps its papers and its number whatever is added later. The
  landing shows the papers of no full page, and at least the newest
  :data:`LANDING_PAPERS` (the newest of the newest full page make up the rest): between 30
  and 99 papers, a screenful to scan rather than two hundred; it links to the newest full
  page. A full page links only to its neighbours (the newest one to the landing as its
  newer neighbour) and to the landing, never to every page number. So adding papers to a
  tag changes its landing page only, and the newest full page too when a new one fills up
  (issue 19); what a changed landing costs to render and convert grows with the papers it
  lists, so it lists few. Each page lists its papers newest first, a day's papers in its day
  page's order (most upvoted first, else the digest's: :func:`~generator.pages.listing.newest_first`,
  as the tag's feed), so that a topic's papers of one day read as that day lists them.
* ``tags/index.md``: every tag papers carry, by name, with its area and count (a tag no paper
  carries is left out, an area too); ``tags/by-count.md``: the same, most papers first.

The tables (the tags indexes, an area's topics, the rising topics) are raw HTML in the layout
Python-Markdown gives a Markdown table (the page looks the same), linking to built URLs
(:func:`~generator.pages.paths.href`): Python-Markdown then converts a placeholder instead of
every cell's escaped text, which cost more than half of converting these pages (bench/README.md,
issue 19: 0.19 -> 0.09 CPU s for the 17 pages with a table, each changed by an added day).
* ``tags/trends.md``: the topics whose share of papers grew most in the last four weeks, and
  the topics new in them (:func:`generator.catalog.trends.topic_trends`).
* ``tags/tags.json``: every tag's slug and label, the former slugs, the tags with a page and
  the archive's first and last day (:func:`tags_data`), for the search page's filters (the
  address names a tag by slug) and its results' tag chips.
"""

from __future__ import annotations

import json
from typing import Any

from generator.catalog.catalog import Catalog
from generator.core.model import Paper, Tag
from generator.catalog.tagging import Taxonomy
from generator.catalog.trends import Series, TopicTrend, tag_series, topic_trends
from generator.pages.listing import ListingBlocks, newest_first
from generator.pages.paper_pages import category_tag
from generator.pages.paths import (
    TAGS_BY_COUNT,
    TAGS_DATA,
    TAGS_INDEX,
    TRENDS_PAGE,
    href,
    link,
    tag_feed_path,
    tag_page_path,
    tag_path,
)
from generator.pages.rendering import LISTING_META, PageInputs, render_page
from generator.pages.trend_chart import trend_chart

PAPERS_PER_TAG_PAGE = 100
"""Papers per tag page, newest first. A listed paper with its summary line is about 600
bytes of HTML, so a page stays well below 100 KB however many papers carry the tag."""

LANDING_PAPERS = 30
"""A tag's landing page lists at least this many of its newest papers (all, when it has
fewer), and every paper on no full page (up to :data:`PAPERS_PER_TAG_PAGE` - 1)."""


def tag_pages(
    catalog: Catalog,
    taxonomy: Taxonomy,
    inputs: PageInputs | None = None,
    directory_urls: bool = True,
    blocks: ListingBlocks | None = None,
) -> dict[str, str | None]:
    """Every tag page, the two tags indexes and the trends page, as ``{docs_dir path:
    Markdown text}`` (see the module docstring). Their lists of papers are raw HTML
    (:class:`~generator.pages.listing.ListingBlocks`, as on day pages), linking to built URLs
    for ``directory_urls``; ``blocks``: the run's listed papers (:class:`~generator.pages.listing.ListingBlocks`), when the caller has them. Each tag's pages name its Atom feed
    (``feeds/tag-<slug>.xml``, see :mod:`generator.output.feeds`) in their front matter. With
    ``inputs`` (:class:`~generator.pages.rendering.PageInputs`), a tag page current for
    its inputs (its papers' records, its number and neighbours, and on the landing the
    count, the topics' counts and the chart; the template) is not rendered: its value is
    ``None``."""
    by_tag: dict[str, list[Paper]] = {tag.slug: [] for tag in taxonomy.tags}
    for paper in newest_first(catalog):
        for slug in paper.tags:
            by_tag[slug].append(paper)
    series = tag_series(catalog, taxonomy)
    blocks = blocks or ListingBlocks(taxonomy, directory_urls)
    # A tag no paper carries gets no page, unless a paper page links to it: its arXiv
    # categories link to their tag (paper_pages.category_tag: an area), whether papers carry
    # it or not (a paper's other categories add no tag).
    categories = {category for paper in catalog.papers for category in paper.categories}
    linked = {tag.slug for category in categories if (tag := category_tag(category, taxonomy))}
    pages: dict[str, str | None] = {}
    for tag in taxonomy.tags:
        papers = by_tag[tag.slug]
        if papers or tag.slug in linked:
            pages.update(_pages_of(tag, papers, taxonomy, by_tag, series, blocks, inputs, directory_urls))
    # The indexes list the tags papers carry: they listed every area, linking to pages of no
    # papers ("Robotics and embodied AI (0)": 6 of the seed site's 14 areas).
    shown = [tag for tag in taxonomy.tags if by_tag[tag.slug]]
    by_name = sorted(shown, key=lambda tag: (tag.label.casefold(), tag.slug))
    by_count = sorted(shown, key=lambda tag: (-len(by_tag[tag.slug]), tag.label.casefold(), tag.slug))
    for path, ordered, other in ((TAGS_INDEX, by_name, TAGS_BY_COUNT), (TAGS_BY_COUNT, by_count, TAGS_INDEX)):
        # the table's links are raw HTML (built URLs, per page); the areas' are Markdown
        items: dict[str, dict[str, Any]] = {
            tag.slug: {
                "tag": tag,
                "count": len(by_tag[tag.slug]),
                "url": link(path, tag_path(tag.slug)),
                "href": href(path, tag_path(tag.slug), directory_urls),
                "area": taxonomy.by_slug[tag.area] if tag.area else None,
                "area_href": href(path, tag_path(tag.area), directory_urls) if tag.area else None,
            }
            for tag in ordered
        }
        pages[path] = render_page(
            "tags_index.md.j2",
            {"title": "Tags" if path == TAGS_INDEX else "Tags by number of papers", **LISTING_META},
            by_count=path == TAGS_BY_COUNT,
            items=list(items.values()),
            areas=[items[tag.slug] for tag in shown if tag.level == "area"],
            other_url=link(path, other),
            trends_url=link(path, TRENDS_PAGE),
        )
    pages[TRENDS_PAGE] = _trends_page(catalog, taxonomy, directory_urls)
    listed = [digest.date for digest in catalog.digests if catalog.day_listing.get(digest.date)]
    days = (listed[0].isoformat(), listed[-1].isoformat()) if listed else None
    pages[TAGS_DATA] = tags_data(taxonomy, {slug: len(papers) for slug, papers in by_tag.items()}, directory_urls, days)
    return pages


def tags_data(
    taxonomy: Taxonomy, counts: dict[str, int], directory_urls: bool = True, days: tuple[str, str] | None = None
) -> str:
    """``tags/tags.json``: ``{"tags": [[slug, label], …], "aliases": {former slug: slug},
    "pages": {slug: [papers, url], …}, "days": [first, last]}``, every tag of ``taxonomy`` in
    its order (those no paper carries too), the former slugs, and for each tag carried by
    papers (``counts``: papers per slug) their number and its landing page's URL relative to
    the site's root (``tags/<slug>/``, or ``tags/<slug>.html`` without ``directory_urls``),
    as JSON text (UTF-8, one line); ``days``: the archive's first and last day that lists
    papers (``YYYY-MM-DD``; no such key for an archive of none). The search page
    (``theme/assets/javascripts/search-page.js``) names a tag in its address by slug, which
    stays when a label is reworded, reads a former slug or a label as that tag, links a
    chosen tag's page while no words are typed and a result's tag chips to their pages, and
    bounds its date fields by ``days`` (the file it reads for its filters already)."""
    tags = [[tag.slug, tag.label] for tag in taxonomy.tags]
    pages = {
        tag.slug: [counts[tag.slug], href("index.md", tag_path(tag.slug), directory_urls)]
        for tag in taxonomy.tags
        if counts.get(tag.slug)
    }
    data: dict[str, Any] = {"tags": tags, "aliases": dict(sorted(taxonomy.aliases.items())), "pages": pages}
    if days:
        data["days"] = list(days)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def full_pages(papers: list[Paper]) -> list[list[Paper]]:
    """A tag's ``papers`` (in :func:`~generator.pages.listing.newest_first`'s order) cut
    into its full pages: page 1 holds the last :data:`PAPERS_PER_TAG_PAGE` of that order (the
    oldest), and so on; papers that fill no page are on no full page. Each page's papers in
    that order, newest first: a day cut by a page's end goes on where the newer page left off."""
    oldest_first = papers[::-1]
    count = len(papers) // PAPERS_PER_TAG_PAGE
    return [oldest_first[i * PAPERS_PER_TAG_PAGE : (i + 1) * PAPERS_PER_TAG_PAGE][::-1] for i in range(count)]


def _pages_of(
    tag: Tag,
    papers: list[Paper],
    taxonomy: Taxonomy,
    by_tag: dict[str, list[Paper]],
    series: Series | None,
    blocks: ListingBlocks,
    inputs: PageInputs | None,
    directory_urls: bool,
) -> dict[str, str | None]:
    pages: dict[str, str | None] = {}
    full = full_pages(papers)
    landing = tag_path(tag.slug)
    topics: list[dict[str, Any]] = []
    if tag.level == "area":
        for topic in sorted(taxonomy.topics_of(tag.slug), key=lambda t: (-len(by_tag[t.slug]), t.label.casefold())):
            count = len(by_tag[topic.slug])
            topics.append({"tag": topic, "count": count, "href": href(landing, tag_path(topic.slug), directory_urls) if count else None})
    area = taxonomy.by_slug[tag.area] if tag.area else None
    chart = trend_chart(tag.slug, tag.label, series) if series is not None and papers and tag.level != "area" else None
    metadata = {"title": tag.label, "description": tag.description, **LISTING_META}
    if papers:
        metadata["feed"] = tag_feed_path(tag.slug)
    # The landing: every paper on no full page, then the newest of the newest full page
    # until it shows LANDING_PAPERS.
    on_full = {p.key for chunk in full for p in chunk}
    on_landing = [p for p in papers if p.key not in on_full]
    if len(on_landing) < LANDING_PAPERS and full:
        newest_full = full[-1][: LANDING_PAPERS - len(on_landing)]
        shown = {p.key for p in on_landing} | {p.key for p in newest_full}
        on_landing = [p for p in papers if p.key in shown]
    common = {
        "tag": tag,
        "kind": {"area": "Area", "topic": "Topic", "kind": "Kind of paper"}[tag.level],
        "area": area,
        "per_page": PAPERS_PER_TAG_PAGE,
    }
    older_url = link(landing, tag_page_path(tag.slug, len(full))) if full else None
    parts = [tag.slug, len(papers), [(t["tag"].slug, t["count"]) for t in topics], chart, older_url]
    if inputs is not None and inputs.current([landing], inputs.of(["tag.md.j2"], parts, [p.key for p in on_landing])):
        pages[landing] = None
    else:
        pages[landing] = render_page(
            "tag.md.j2",
            metadata,
            **common,
            area_url=link(landing, tag_path(area.slug)) if area else None,
            topics=topics,
            chart=chart,
            count=len(papers),
            number=None,
            papers=[blocks.entry(landing, p, dated=True) for p in on_landing],
            shown=len(on_landing),
            older_url=older_url,
            newer_url=None,
            landing_url=None,
            index_url=link(landing, TAGS_INDEX),
            trends_url=link(landing, TRENDS_PAGE),
        )
    for number, chunk in enumerate(full, start=1):
        page = tag_page_path(tag.slug, number)
        newer = tag_page_path(tag.slug, number + 1) if number < len(full) else landing
        if inputs is not None and inputs.current([page], inputs.of(["tag.md.j2"], [tag.slug, number, newer], [p.key for p in chunk])):
            pages[page] = None
            continue
        pages[page] = render_page(
            "tag.md.j2",
            {**metadata, "title": f"{tag.label} (page {number})"},
            **common,
            area_url=link(page, tag_path(area.slug)) if area else None,
            topics=[],
            chart=None,
            count=None,
            number=number,
            first=(number - 1) * PAPERS_PER_TAG_PAGE + 1,
            last=number * PAPERS_PER_TAG_PAGE,
            papers=[blocks.entry(page, p, dated=True) for p in chunk],
            older_url=link(page, tag_page_path(tag.slug, number - 1)) if number > 1 else None,
            newer_url=link(page, newer),
            landing_url=link(page, landing),
            index_url=link(page, TAGS_INDEX),
            trends_url=link(page, TRENDS_PAGE),
        )
    return pages


def _trends_page(catalog: Catalog, taxonomy: Taxonomy, directory_urls: bool) -> str:
    report = topic_trends(catalog, taxonomy)

    def row(trend: TopicTrend) -> dict[str, Any]:
        tag = taxonomy.by_slug[trend.slug]
        area = taxonomy.by_slug[tag.area or tag.slug]  # a trend is a topic's, which has an area
        return {
            "trend": trend,
            "tag": tag,
            "url": link(TRENDS_PAGE, tag_path(tag.slug)),
            "href": href(TRENDS_PAGE, tag_path(tag.slug), directory_urls),
            "area": area,
            "area_href": href(TRENDS_PAGE, tag_path(area.slug), directory_urls),
        }

    return render_page(
        "trends.md.j2",
        {"title": "Topic trends", "description": "Topics whose share of papers grew most in the last four weeks.", **LISTING_META},
        report=report,
        rising=[row(t) for t in report.rising] if report else [],
        new=[row(t) for t in report.new] if report else [],
        index_url=link(TRENDS_PAGE, TAGS_INDEX),
    )
