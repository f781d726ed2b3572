"""Writer for the home page (``index.md``), the archive (``archive/index.md``), one page per
year (``archive/YYYY.md``) and one per month (``archive/YYYY-MM.md``).

Every archive page stays small whatever the number of papers: the index lists months,
a year page its months, a month page its days, each with counts of papers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from generator.catalog import Catalog
from generator.tagging import Taxonomy
from generator.writers.day_pages import PAPERS_PER_DAY_PAGE, listed_papers
from generator.writers.paths import (
    ARCHIVE_INDEX,
    HOME,
    TAGS_INDEX,
    day_page_path,
    day_path,
    link,
    month_path,
    year_path,
)
from generator.writers.rendering import LISTING_META, render_page

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
    """The months that have digests, newest first (used for the archive and the nav)."""
    days = sorted((d.date for d in catalog.digests), reverse=True)
    return [Month(y, m, tuple(group)) for (y, m), group in groupby(days, key=lambda d: (d.year, d.month))]


def archive_pages(catalog: Catalog, taxonomy: Taxonomy) -> dict[str, str]:
    """The home page, the archive index, the year and the month pages, as ``{docs_dir
    path: text}``. Days whose digest lists no papers count as days with 0 papers."""
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

        def month_rows(from_page: str) -> list[dict[str, Any]]:
            return [
                {
                    "label": m.label,
                    "url": link(from_page, m.path),
                    "days": m.days,
                    "count": month_counts[m],
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
                "months": month_rows(ARCHIVE_INDEX),
            }
        )
    pages[ARCHIVE_INDEX] = render_page("archive.md.j2", {"title": "Archive", **LISTING_META}, years=years, **totals)
    latest = None
    newest_first = sorted(catalog.digests, key=lambda d: d.date, reverse=True)
    if newest_first:
        day = newest_first[0].date
        papers = listed_papers(HOME, catalog, day, taxonomy)
        shown = min(PAPERS_ON_HOME, PAPERS_PER_DAY_PAGE)
        # "more" leads to the day page holding the first paper not shown here
        more_page = shown // PAPERS_PER_DAY_PAGE + 1
        latest = {
            "date": day,
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
        {"title": "Home", **LISTING_META},
        latest=latest,
        recent=recent,
        archive_url=link(HOME, ARCHIVE_INDEX),
        tags_url=link(HOME, TAGS_INDEX),
        **totals,
    )
    return pages
