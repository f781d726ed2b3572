"""Writer for the home page (``index.md``), the archive (``archive/index.md``), one page per
year (``archive/YYYY.md``) and one per month (``archive/YYYY-MM.md``).

The archive index shows a calendar of every month with a digest, each listed day a link, so
that every day is two clicks from any page (the nav's Archive, then the day); a year page
lists its months, a month page its days, each with counts of papers. The nav itself never
changes when a day is added.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from generator.catalog.catalog import Catalog
from generator.catalog.tagging import Taxonomy
from generator.pages.day_pages import PAPERS_PER_DAY_PAGE, listed_papers
from generator.pages.listing import ListingBlocks
from generator.pages.paths import (
    ARCHIVE_INDEX,
    HOME,
    SITE_FEED,
    TAGS_INDEX,
    day_page_path,
    day_path,
    link,
    month_path,
    paper_path,
    year_path,
)
from generator.pages.rendering import LISTING_META, render_page

WEEK_DAYS = 7
"""The home page's "most upvoted" covers the latest day and the days before it, this many in all."""
MOST_UPVOTED_ON_HOME = 10
"""How many of the week's most upvoted papers the home page names."""
RECENT_DAYS_ON_HOME = 10
"""How many days before the latest the home page lists."""
PAPERS_ON_HOME = 50
"""How many of the latest day's papers the home page lists (an arXiv day has hundreds: at
250 the home page was 417 KB of HTML and took 1.5 s to load in headless Chromium, issue 5);
the rest are a link away, on the day's own pages."""


@dataclass(frozen=True)
class Month:
    """A month that has digests: its pages path, its label (``March 2025``) and its days
    (newest first)."""

    year: int
    month: int
    days: tuple[dt.date, ...]

    @property
    def path(self) -> str:
        return month_path(self.year, self.month)

    @property
    def label(self) -> str:
        return f"{dt.date(self.year, self.month, 1):%B %Y}"


def months(catalog: Catalog) -> list[Month]:
    """The months that have digests, newest first."""
    days = sorted((d.date for d in catalog.digests), reverse=True)
    return [Month(y, m, tuple(group)) for (y, m), group in groupby(days, key=lambda d: (d.year, d.month))]


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""The calendar's columns: weeks start on Monday (ISO 8601)."""


def month_calendar(month: Month, from_page: str, counts: dict[dt.date, int]) -> list[list[dict[str, Any] | None]]:
    """The weeks of ``month`` (Monday first) as rows of seven cells for the archive's
    calendar: ``None`` outside the month, else ``{day, url, count}`` where ``url`` (linked
    from ``from_page``) and ``count`` are ``None`` on days without a digest."""
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(month.year, month.month)
    listed = set(month.days)
    return [
        [
            None
            if day.month != month.month
            else {
                "day": day.day,
                "url": link(from_page, day_path(day)) if day in listed else None,
                "count": counts.get(day) if day in listed else None,
            }
            for day in week
        ]
        for week in weeks
    ]


def most_upvoted(catalog: Catalog, latest: dt.date) -> list[dict[str, Any]]:
    """The papers with the most upvotes among those listed in the :data:`WEEK_DAYS` days
    ending with ``latest``, most first (ties: newest listed first, then title), at most
    :data:`MOST_UPVOTED_ON_HOME`, as ``{paper, url, day, day_url}`` linked from the home page
    (``day``: the latest day of the week that listed it). Papers without upvotes are left out."""
    since = latest - dt.timedelta(days=WEEK_DAYS - 1)
    days: dict[str, dt.date] = {}
    for day, keys in catalog.day_listing.items():
        if since <= day <= latest:
            for key in keys:
                days[key] = max(days.get(key, day), day)
    ranked = sorted(
        (catalog.by_key[key] for key in days if catalog.by_key[key].upvotes is not None),
        key=lambda p: (-(p.upvotes or 0), -days[p.key].toordinal(), p.title.casefold()),
    )
    return [
        {
            "paper": paper,
            "url": link(HOME, paper_path(paper.slug)),
            "day": days[paper.key],
            "day_url": link(HOME, day_path(days[paper.key])),
        }
        for paper in ranked[:MOST_UPVOTED_ON_HOME]
    ]


def _week_beyond_latest(week: list[dict[str, Any]], latest: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The week's most upvoted (:func:`most_upvoted`) for the home page, or ``[]`` when they
    are all of the latest day and that day is listed most upvoted first below them: the
    section would repeat the top of the "Latest" list (a week whose only day is the latest)."""
    if latest and latest["by_upvotes"] and all(item["day"] == latest["date"] for item in week):
        return []
    return week


def archive_pages(
    catalog: Catalog, taxonomy: Taxonomy, directory_urls: bool = True, blocks: ListingBlocks | None = None
) -> dict[str, str]:
    """The home page, the archive index, the year and the month pages, as ``{docs_dir
    path: text}``. Days whose digest lists no papers count as days with 0 papers. The home
    page's listed papers link to built URLs for ``directory_urls`` (raw HTML); ``blocks``:
    the run's listed papers (:class:`~generator.pages.listing.ListingBlocks`), when the caller has them."""
    counts = {day: len(keys) for day, keys in catalog.day_listing.items()}

    def distinct(days: Iterable[dt.date]) -> int:
        """Papers listed on any of ``days``, each once (a paper listed on two days of a month
        counts once in the month, as in the archive's total)."""
        return len({key for day in days for key in catalog.day_listing[day]})

    all_months = months(catalog)
    month_counts = {month: distinct(month.days) for month in all_months}
    totals = {"paper_count": len(catalog.papers), "day_count": len(catalog.digests)}
    pages: dict[str, str] = {}
    for month in all_months:
        pages[month.path] = render_page(
            "month.md.j2",
            {"title": month.label, **LISTING_META},
            label=month.label,
            count=month_counts[month],
            days=[{"date": d, "url": link(month.path, day_path(d)), "count": counts[d]} for d in month.days],
            archive_url=link(month.path, ARCHIVE_INDEX),
            year=month.year,
            year_url=link(month.path, year_path(month.year)),
        )
    years: list[dict[str, Any]] = []
    for year, group in groupby(all_months, key=lambda m: m.year):
        year_months = list(group)
        page = year_path(year)

        def month_rows(from_page: str, with_calendar: bool = False) -> list[dict[str, Any]]:
            return [
                {
                    "label": m.label,
                    "url": link(from_page, m.path),
                    "days": m.days,
                    "count": month_counts[m],
                    "weeks": month_calendar(m, from_page, counts) if with_calendar else None,
                }
                for m in year_months
            ]

        year_count = distinct(d for m in year_months for d in m.days)
        year_days = sum(len(m.days) for m in year_months)
        pages[page] = render_page(
            "year.md.j2",
            {"title": str(year), **LISTING_META},
            year=year,
            count=year_count,
            day_count=year_days,
            months=month_rows(page),
            archive_url=link(page, ARCHIVE_INDEX),
        )
        years.append(
            {
                "year": year,
                "url": link(ARCHIVE_INDEX, page),
                "count": year_count,
                "day_count": year_days,
                "months": month_rows(ARCHIVE_INDEX, with_calendar=True),
            }
        )
    pages[ARCHIVE_INDEX] = render_page(
        "archive.md.j2", {"title": "Archive", **LISTING_META}, years=years, weekdays=WEEKDAYS, **totals
    )
    latest = None
    newest_first = sorted(catalog.digests, key=lambda d: d.date, reverse=True)
    if newest_first:
        day = newest_first[0].date
        papers = listed_papers(HOME, catalog, day, blocks or ListingBlocks(taxonomy, directory_urls))
        shown = min(PAPERS_ON_HOME, PAPERS_PER_DAY_PAGE)
        # "more" leads to the day page holding the first paper not shown here
        more_page = shown // PAPERS_PER_DAY_PAGE + 1
        latest = {
            "date": day,
            "by_upvotes": any(item.paper.upvotes is not None for item in papers),
            "url": link(HOME, day_path(day)),
            "papers": papers[:shown],
            "more": len(papers) - len(papers[:shown]),
            "more_url": link(HOME, day_page_path(day, more_page)),
        }
    recent = [
        {"date": d.date, "url": link(HOME, day_path(d.date)), "count": counts[d.date]}
        for d in newest_first[1 : 1 + RECENT_DAYS_ON_HOME]
    ]
    pages[HOME] = render_page(
        "home.md.j2",
        {"title": "Home", "template": "home.html", "feed": SITE_FEED, **LISTING_META},
        latest=latest,
        week=_week_beyond_latest(most_upvoted(catalog, newest_first[0].date), latest) if newest_first else [],
        recent=recent,
        archive_url=link(HOME, ARCHIVE_INDEX),
        tags_url=link(HOME, TAGS_INDEX),
        **totals,
    )
    return pages
