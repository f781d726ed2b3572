"""Topic trends, computed from the catalog alone (no MkDocs): how many papers each tag got per
week or month over the whole archive, and which topics rose in the latest weeks.

A paper counts on the day a digest first listed it (:attr:`Paper.first_listed`). Weeks start
on Monday (ISO 8601). Time runs up to the latest digest, never to today's date, so the same
digests always give the same trends.

* :func:`tag_series` — papers per bucket (week, or month for archives longer than
  :data:`MAX_WEEKLY_BUCKETS` weeks) for every tag, plus all papers per bucket.
* :func:`topic_trends` — each topic's share of the papers in the last
  :data:`RECENT_DAYS` days against its share in the :data:`BEFORE_DAYS` days before: the
  topics whose share grew most, and the topics new in the recent window (no paper before it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from generator.catalog.catalog import Catalog
from generator.catalog.tagging import Taxonomy

MAX_WEEKLY_BUCKETS = 160
"""Archives up to this many weeks are charted per week; longer ones per month."""
RECENT_DAYS = 28
"""The recent window: the last four weeks up to the latest digest."""
BEFORE_DAYS = 84
"""The window it is compared with: the twelve weeks before the recent window."""
MIN_RECENT_PAPERS = 3
"""A topic needs this many papers in the recent window to count as rising."""
MAX_RISING = 15
"""Rising topics listed at most."""


@dataclass(frozen=True)
class Series:
    """Papers per bucket: ``starts[i]`` is the first day of bucket ``i`` (a Monday, or the
    1st of a month when ``unit`` is ``"month"``); ``totals[i]`` all papers in it;
    ``by_tag[slug][i]`` the papers carrying tag ``slug`` in it."""

    unit: str
    starts: tuple[dt.date, ...]
    totals: tuple[int, ...]
    by_tag: dict[str, tuple[int, ...]]

    @property
    def last_day(self) -> dt.date:
        """The last day of the last bucket."""
        start = self.starts[-1]
        if self.unit == "week":
            return start + dt.timedelta(days=6)
        return _next_month(start) - dt.timedelta(days=1)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def tag_series(catalog: Catalog, taxonomy: Taxonomy) -> Series | None:
    """Papers per week (or month) for every tag of ``taxonomy`` over the whole catalog, from
    the bucket of the first listed paper to that of the last; ``None`` for an empty catalog.
    Tags without papers get all zeros."""
    if not catalog.papers:
        return None
    days = [paper.first_listed for paper in catalog.papers]
    first, last = min(days), max(days)
    weekly = (_monday(last) - _monday(first)).days // 7 + 1 <= MAX_WEEKLY_BUCKETS
    if weekly:
        unit = "week"
        starts = [_monday(first) + dt.timedelta(weeks=n) for n in range((_monday(last) - _monday(first)).days // 7 + 1)]

        def bucket(day: dt.date) -> int:
            return (_monday(day) - starts[0]).days // 7
    else:
        unit = "month"
        starts = [dt.date(first.year, first.month, 1)]
        while starts[-1] < dt.date(last.year, last.month, 1):
            starts.append(_next_month(starts[-1]))

        def bucket(day: dt.date) -> int:
            return (day.year - starts[0].year) * 12 + day.month - starts[0].month

    totals = [0] * len(starts)
    counts: dict[str, list[int]] = {tag.slug: [0] * len(starts) for tag in taxonomy.tags}
    for paper in catalog.papers:
        index = bucket(paper.first_listed)
        totals[index] += 1
        for slug in paper.tags:
            counts[slug][index] += 1
    return Series(unit, tuple(starts), tuple(totals), {slug: tuple(row) for slug, row in counts.items()})


@dataclass(frozen=True)
class TopicTrend:
    """One topic in the two windows: papers and share of all papers (0–1) in each."""

    slug: str
    recent: int
    before: int
    recent_share: float
    before_share: float

    @property
    def change(self) -> float:
        """The change of share, in percentage points."""
        return 100 * (self.recent_share - self.before_share)


@dataclass(frozen=True)
class TrendReport:
    """The windows compared (first and last day of each, inclusive), their paper counts, the
    rising topics (largest change of share first) and the topics new in the recent window
    (most papers first). ``enough_history`` is False when no paper was first listed in the
    earlier window: then nothing is listed as rising. ``older_total``: the papers first
    listed before the earlier window (an archive with a gap has some while the earlier
    window has none); topics are called new only when some paper is older than the recent
    window."""

    recent_start: dt.date
    recent_end: dt.date
    before_start: dt.date
    before_end: dt.date
    recent_total: int
    before_total: int
    rising: tuple[TopicTrend, ...]
    new: tuple[TopicTrend, ...]
    enough_history: bool
    older_total: int = 0


def topic_trends(catalog: Catalog, taxonomy: Taxonomy) -> TrendReport | None:
    """The trend report for the topics (not areas or kinds) of ``taxonomy`` (see the module
    docstring); ``None`` for an empty catalog. Ties are broken by slug, so the report is
    deterministic."""
    if not catalog.papers:
        return None
    recent_end = max(paper.first_listed for paper in catalog.papers)
    recent_start = recent_end - dt.timedelta(days=RECENT_DAYS - 1)
    before_end = recent_start - dt.timedelta(days=1)
    before_start = recent_start - dt.timedelta(days=BEFORE_DAYS)
    topics = {tag.slug for tag in taxonomy.tags if tag.level == "topic"}
    recent: Counter[str] = Counter()
    before: Counter[str] = Counter()
    earlier: set[str] = set()
    recent_total = before_total = older_total = 0
    for paper in catalog.papers:
        day = paper.first_listed
        if day >= recent_start:
            recent_total += 1
            recent.update(slug for slug in paper.tags if slug in topics)
            continue
        earlier.update(paper.tags)
        if day >= before_start:
            before_total += 1
            before.update(slug for slug in paper.tags if slug in topics)
        else:
            older_total += 1
    enough = before_total > 0

    def trend(slug: str) -> TopicTrend:
        return TopicTrend(
            slug, recent[slug], before[slug],
            recent[slug] / recent_total if recent_total else 0.0,
            before[slug] / before_total if before_total else 0.0,
        )

    rising: list[TopicTrend] = []
    new: list[TopicTrend] = []
    if enough or older_total:
        for slug in sorted(recent):
            if slug not in earlier:
                new.append(trend(slug))
            elif enough and recent[slug] >= MIN_RECENT_PAPERS and trend(slug).change > 0:
                rising.append(trend(slug))
        rising.sort(key=lambda t: (-t.change, t.slug))
        new.sort(key=lambda t: (-t.recent, t.slug))
    return TrendReport(
        recent_start, recent_end, before_start, before_end, recent_total, before_total,
        tuple(rising[:MAX_RISING]), tuple(new), enough, older_total,
    )
