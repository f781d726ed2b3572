"""Tag pages and topic trends in a real browser (Debian's Chromium through Playwright), light
and dark: the Trends page lists a rising topic and a new one, a topic page shows its chart
(an SVG with a text alternative) in the palette's colours, and an area page lists its topics.

The site holds the 36 hand-picked real papers of tests/fixtures/tagging/, spread over four
months so that the last four weeks can be compared with the twelve before: three of the four
video-generation papers fall in the last four weeks."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml

from browser import Visit, serve
from conftest import FIXTURES, build_site, made_once, make_project

pytestmark = pytest.mark.browser

RECENT_VIDEO = ("2406.04277", "2505.07818", "2406.08656")  # VideoTetris, DanceGRPO, TC-Bench
LAST_DAY = dt.date(2026, 4, 30)


def schedule(records: list[dict]) -> dict[dt.date, list[dict]]:
    """Days for the papers: three video-generation papers and Seed-TTS in the last four
    weeks, the others every other day from 12 January 2026."""
    days: dict[dt.date, list[dict]] = {}
    earlier = [r for r in records if r["arxiv_id"] not in RECENT_VIDEO + ("2406.02430",)]
    for number, record in enumerate(earlier):
        days.setdefault(dt.date(2026, 1, 12) + dt.timedelta(days=2 * number), []).append(record)
    for offset, arxiv_id in zip((20, 10, 5, 0), RECENT_VIDEO[:2] + ("2406.02430", RECENT_VIDEO[2])):
        days.setdefault(LAST_DAY - dt.timedelta(days=offset), []).append(next(r for r in records if r["arxiv_id"] == arxiv_id))
    return days


@pytest.fixture(scope="module")
def trends_site(tmp_path_factory, worker_id):
    return made_once(tmp_path_factory, worker_id, "trends", make_trends_site)


def make_trends_site(folder):
    records = json.loads((FIXTURES / "tagging" / "hand-picked-papers.json").read_text())
    project = make_project(folder / "project", [])
    for day, listed in sorted(schedule(records).items()):
        papers = [
            {
                "title": r["title"],
                "abstract": r["abstract"],
                "arxiv_id": r["arxiv_id"],
                **({"categories": r["categories"]} if "categories" in r else {}),
                **({"keywords": r["ai_keywords"]} if "ai_keywords" in r else {}),
            }
            for r in listed
        ]
        text = yaml.safe_dump({"date": day, "papers": papers}, sort_keys=False, allow_unicode=True)
        (project / "digests" / f"{day.isoformat()}.yml").write_text(text, encoding="utf-8")
    return build_site(project)


@pytest.fixture(scope="module")
def server(trends_site):
    with serve(trends_site) as running:
        yield running


def bar_colour_and_background(page) -> tuple[str, str]:
    return page.evaluate(
        """() => {
            const rect = document.querySelector('figure.pd-trend svg rect');
            return [getComputedStyle(rect).fill, getComputedStyle(document.body).backgroundColor];
        }"""
    )


def luminance(css: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    a, b = sorted((luminance(one), luminance(two)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_trends_page_leads_to_a_topic_chart(browser, server, scheme):
    visit = Visit(browser, server, color_scheme=scheme)
    try:
        page = visit.open("tags/trends/")
        assert page.locator("h1").inner_text() == "Topic trends"
        rising = page.locator("table").first
        assert rising.locator("tbody tr").count() >= 1
        first_row = rising.locator("tbody tr").first.inner_text()
        assert first_row.split("\t")[:4] == ["Video generation", "Vision", "3 (75.0 %)", "1 (3.1 %)"]
        new_topics = page.locator("h2:has-text('New topics') + p + ul li")
        assert "Speech synthesis and voice" in new_topics.all_inner_texts()[0]

        rising.locator("a", has_text="Video generation").click()
        page.wait_for_url(re.compile(r"/tags/video-generation/$"))
        assert page.locator("h1").count() == 1 and page.locator("h1").inner_text() == "Video generation"
        chart = page.locator("figure.pd-trend svg[role=img]")
        box = chart.bounding_box()
        assert box["width"] > 300 and box["height"] > 60
        assert page.locator("figure.pd-trend svg title").text_content() == "Video generation: papers per week"
        assert page.locator("figure.pd-trend figcaption").inner_text().startswith("4 papers from 12 Jan 2026 to 3 May 2026")
        assert page.locator("figure.pd-trend svg rect").count() == 4
        fill, background = bar_colour_and_background(page)
        assert contrast(fill, background) >= 3, (scheme, fill, background)  # WCAG 1.4.11 for graphics
        is_dark = page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        assert is_dark == (scheme == "dark")
        assert luminance(background) < 0.2 if is_dark else luminance(background) > 0.8

        titles = page.locator("article .listed-paper .paper-title a").all_inner_texts()
        assert titles[0].startswith("TC-Bench")  # newest first
        assert len(titles) == 4
    finally:
        visit.context.close()
    assert visit.problems == []


CHART_TEXT = """() => {
    const chart = document.querySelector('figure.pd-trend svg[role=img]').getBoundingClientRect();
    const labels = [...document.querySelectorAll('figure.pd-trend svg text')].map(text => {
        const box = text.getBoundingClientRect();  // CSS px; getBBox() is in the SVG's own units
        return {text: text.textContent, size: parseFloat(getComputedStyle(text).fontSize) * box.height / text.getBBox().height,
                left: box.left - chart.left, right: box.right - chart.left};
    });
    return {width: chart.width, labels};
}"""


def test_chart_labels_are_readable_on_a_phone(browser, server):
    """The chart shrinks with the page but its labels do not: 12 px text (Material's .6rem)
    at 390 px as at 1280 px (a scaled 640-unit drawing made them 6.7 px on a phone), inside
    the chart, the two dates apart."""
    visit = Visit(browser, server, viewport={"width": 390, "height": 800})
    try:
        page = visit.open("tags/video-generation/")
        for width, chart_width in ((390, 358), (1280, 640)):
            page.set_viewport_size({"width": width, "height": 800})
            chart = page.evaluate(CHART_TEXT)
            labels = chart["labels"]
            assert round(chart["width"]) == chart_width
            assert [label["text"] for label in labels] == ["1", "0", "12 Jan 2026", "27 Apr 2026"]
            assert {round(label["size"], 1) for label in labels} == {12.0}, (width, labels)
            assert all(0 <= label["left"] < label["right"] <= chart["width"] for label in labels), (width, labels)
            assert labels[3]["left"] - labels[2]["right"] > 100, (width, labels)  # the two dates apart
    finally:
        visit.context.close()
    assert visit.problems == []


def test_area_page_lists_its_topics_with_counts(browser, server):
    visit = Visit(browser, server)
    try:
        page = visit.open("tags/vision/")
        assert page.locator("h2").first.inner_text() == "Topics"
        rows = page.locator("table").first.locator("tbody tr")
        cells = [row.split("\t")[:2] for row in rows.all_inner_texts()]
        assert ["Video generation", "4"] in cells
        assert cells == sorted(cells, key=lambda c: -int(c[1]))  # most papers first
        page = visit.open("tags/by-count/")
        counts = [int(row.split("\t")[2]) for row in page.locator("table tbody tr").all_inner_texts()]
        assert counts == sorted(counts, reverse=True) and counts[0] >= 4
    finally:
        visit.context.close()
    assert visit.problems == []
