"""Topic trends from the catalog (generator/catalog/trends.py) and their chart (generator/pages/trend_chart.py)."""

from __future__ import annotations

import datetime as dt
import re

from generator.catalog.catalog import build_catalog
from generator.core.model import Digest, ListedPaper
from generator.catalog.tagging import load_taxonomy
from generator.catalog.trends import tag_series, topic_trends
from generator.pages.tag_pages import tag_pages
from generator.pages.trend_chart import trend_chart

TAXONOMY = load_taxonomy()
LAST = dt.date(2026, 4, 30)  # a Thursday


def day(days_before_last: int) -> dt.date:
    return LAST - dt.timedelta(days=days_before_last)


def catalog_of(listings: list[tuple[dt.date, tuple[str, ...]]]):
    """Papers with neutral text and only the given manual tags, one digest per day."""
    by_day: dict[dt.date, list[ListedPaper]] = {}
    for number, (when, tags) in enumerate(listings):
        paper = ListedPaper(title=f"Paper number {number}", abstract="Nothing to see here.", tags=list(tags))
        by_day.setdefault(when, []).append(paper)
    return build_catalog([Digest(date=d, papers=p) for d, p in by_day.items()], TAXONOMY)


# Twelve weeks before the last four: 1 video-generation paper and 9 segmentation papers.
# Last four weeks: 3 video-generation, 1 segmentation, 1 speech-synthesis (new).
LISTINGS = (
    [(day(40), ("video-generation",))]
    + [(day(30 + 7 * n), ("segmentation",)) for n in range(9)]
    + [(day(20), ("video-generation",)), (day(10), ("video-generation",)), (day(0), ("video-generation",))]
    + [(day(5), ("segmentation",)), (day(1), ("speech-synthesis",))]
)


def test_a_topic_whose_share_grew_is_rising_and_a_first_topic_is_new():
    report = topic_trends(catalog_of(LISTINGS), TAXONOMY)
    assert (report.recent_start, report.recent_end) == (dt.date(2026, 4, 3), LAST)
    assert (report.before_start, report.before_end) == (dt.date(2026, 1, 9), dt.date(2026, 4, 2))
    assert (report.recent_total, report.before_total) == (5, 10)
    assert [(t.slug, t.recent, t.before, round(t.change, 1)) for t in report.rising] == [("video-generation", 3, 1, 50.0)]
    assert [(t.slug, t.recent) for t in report.new] == [("speech-synthesis", 1)]
    assert report.enough_history


def test_the_trends_page_lists_each_new_topic_on_its_own_line():
    # Two more topics new in the last four weeks: LLM agents (2 papers) and image editing (1).
    listings = LISTINGS + [(day(3), ("llm-agents",)), (day(2), ("llm-agents",)), (day(4), ("image-editing",))]
    page = tag_pages(catalog_of(listings), TAXONOMY)["tags/trends.md"]
    assert page.split("## New topics\n", 1)[1].splitlines() == [
        "",
        "Topics with papers in the last four weeks and none before:",
        "",
        "- [LLM agents and planning](llm-agents.md) (Agents): 2 papers",
        "- [Image editing](image-editing.md) (Vision): 1 paper",
        "- [Speech synthesis and voice](speech-synthesis.md) (Speech and audio): 1 paper",
    ]


def test_without_earlier_papers_nothing_is_called_rising_or_new():
    report = topic_trends(catalog_of([(day(3), ("video-generation",)), (day(1), ("segmentation",))]), TAXONOMY)
    assert not report.enough_history
    assert (report.rising, report.new) == ((), ())


def test_an_archive_with_a_gap_says_the_earlier_window_is_empty_and_still_names_new_topics():
    """A day from long ago and the newest days (fresh25: the seed's March 2025 day and a day of
    December 2025): the page said the archive did not reach back far enough, and named no new
    topic, though it holds papers from months before."""
    listings = [(day(300), ("segmentation",)), (day(3), ("video-generation",)), (day(1), ("segmentation",))]
    report = topic_trends(catalog_of(listings), TAXONOMY)
    assert not report.enough_history and (report.before_total, report.older_total) == (0, 1)
    assert report.rising == () and [(t.slug, t.recent) for t in report.new] == [("video-generation", 1)]
    page = tag_pages(catalog_of(listings), TAXONOMY)["tags/trends.md"]
    rising = page.split("## Rising topics\n", 1)[1].split("## New topics", 1)[0].strip()
    assert rising == "No paper was first listed in the twelve weeks before (8 Jan 2026 to 1 Apr 2026): there is nothing to compare with."
    assert page.split("## New topics\n", 1)[1].splitlines()[:4] == [
        "", "Topics with papers in the last four weeks and none before:", "",
        "- [Video generation](video-generation.md) (Vision): 1 paper",
    ]
    # With nothing older than the recent window, it still says the archive is too short
    short = tag_pages(catalog_of(listings[1:]), TAXONOMY)["tags/trends.md"]
    assert "The archive does not reach back far enough yet: it needs papers from before" in short
    assert "Not enough history yet." in short


def test_series_counts_papers_per_week_from_the_first_week_to_the_last():
    series = tag_series(catalog_of(LISTINGS), TAXONOMY)
    assert series.unit == "week"
    assert series.starts[0] == dt.date(2026, 2, 2) and series.starts[-1] == dt.date(2026, 4, 27)
    assert all(start.weekday() == 0 for start in series.starts)
    assert len(series.starts) == 13
    assert sum(series.totals) == 15
    assert sum(series.by_tag["video-generation"]) == 4 and series.by_tag["video-generation"][-1] == 1
    assert sum(series.by_tag["vision"]) == 14  # area tags follow from the topics
    assert sum(series.by_tag["survey"]) == 0


def test_long_archives_are_counted_per_month():
    listings = [(dt.date(2022, 1, 3), ("segmentation",)), (dt.date(2026, 4, 30), ("segmentation",))]
    series = tag_series(catalog_of(listings), TAXONOMY)
    assert series.unit == "month"
    assert (series.starts[0], series.starts[-1], len(series.starts)) == (dt.date(2022, 1, 1), dt.date(2026, 4, 1), 52)
    assert series.last_day == dt.date(2026, 4, 30)


def test_the_chart_is_an_image_with_a_text_alternative():
    series = tag_series(catalog_of(LISTINGS), TAXONOMY)
    svg = str(trend_chart("video-generation", "Video <generation> & more", series))
    assert '<svg width="640" height="140" role="img"' in svg  # no viewBox: labels are not scaled down
    assert '<svg x="9%" y="12" width="90%" height="100" viewBox="0 0 13 100" preserveAspectRatio="none">' in svg
    assert 'aria-labelledby="trend-video-generation-title trend-video-generation-desc"' in svg
    assert '<title id="trend-video-generation-title">Video &lt;generation&gt; &amp; more: papers per week</title>' in svg
    sentence = (
        "4 papers from 2 Feb 2026 to 3 May 2026, counted per week. "
        "The busiest week was the week of 27 Apr 2026, with 1. The latest week had 1."
    )
    assert f'<desc id="trend-video-generation-desc">{sentence}</desc>' in svg
    assert f"<figcaption>{sentence}</figcaption>" in svg
    assert len(re.findall(r"<rect ", svg)) == 4  # one bar per week with papers
    assert 'fill="currentColor"' in svg and "var(--md-accent-fg-color)" in svg  # follows the palette
    assert "<script" not in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_axis_labels_each_bucket_start_once():
    two_weeks = str(trend_chart("video-generation", "Video", tag_series(catalog_of(LISTINGS), TAXONOMY)))
    assert re.findall(r'<text x="([\d.]+%)" y="132"[^>]*>([^<]*)</text>', two_weeks) == [
        ("9%", "2 Feb 2026"),
        ("99%", "27 Apr 2026"),
    ]
    one_week = tag_series(catalog_of([(dt.date(2025, 3, 18), ("segmentation",)), (dt.date(2025, 3, 19), ("segmentation",))]), TAXONOMY)
    assert one_week.starts == (dt.date(2025, 3, 17),)
    svg = str(trend_chart("segmentation", "Segmentation", one_week))
    assert re.findall(r'<text x="[\d.]+%" y="132"[^>]*>([^<]*)</text>', svg) == ["17 Mar 2025"]
    assert '<text x="54%" y="132" text-anchor="middle">17 Mar 2025</text>' in svg
    assert '<rect x="0.1" y="0.0" width="0.8" height="100.0"/>' in svg  # the one bucket, full height
    assert "2 papers from 17 Mar 2025 to 23 Mar 2025, counted per week." in svg


def test_trends_take_well_under_a_second_for_thousands_of_papers():
    """Not a timing test (bench/tags.py times it): the work is one pass over the papers."""
    listings = [(day(n % 300), ("video-generation", "segmentation")) for n in range(3000)]
    catalog = catalog_of(listings)
    series = tag_series(catalog, TAXONOMY)
    assert sum(series.totals) == 3000
    assert topic_trends(catalog, TAXONOMY).recent_total == 280
