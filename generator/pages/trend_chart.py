"""A tag's papers per week (or month) as a small bar chart: an inline SVG made at build time.

No script and nothing fetched: the bars are ``currentColor``, set from Material's CSS
variables (the accent colour for bars, the lighter text colour for labels), so the chart
follows the light and dark palettes. The chart is ``role="img"`` with a ``<title>`` and a
``<desc>`` (``aria-labelledby``), and the same sentence is printed under it as a caption.
"""

from __future__ import annotations

import datetime as dt
from markupsafe import Markup

from generator.catalog.trends import Series
from generator.pages.rendering import render_fragment

WIDTH = 640
"""The chart's width in SVG units (it scales to the page width)."""
HEIGHT = 140
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT = 12, 112, 36, 632


def _label(day: dt.date, unit: str) -> str:
    return f"{day.day} {day:%b %Y}" if unit == "week" else f"{day:%b %Y}"


def chart_sentence(series: Series, counts: tuple[int, ...], noun: str) -> str:
    """The chart as one sentence: the span, the total, the busiest bucket and the latest."""
    unit = series.unit
    total = sum(counts)
    busiest = max(range(len(counts)), key=lambda i: (counts[i], i))
    first, last = series.starts[0], series.last_day
    span = f"{_label(first, 'week')} to {_label(last, 'week')}"
    sentence = f"{total} {noun}{'' if total == 1 else 's'} from {span}, counted per {unit}."
    if total:
        when = f"the {unit} of {_label(series.starts[busiest], 'week')}" if unit == "week" else _label(series.starts[busiest], unit)
        sentence += f" The busiest {unit} was {when}, with {counts[busiest]}."
        sentence += f" The latest {unit} had {counts[-1]}."
    return sentence


def trend_chart(slug: str, label: str, series: Series, noun: str = "paper") -> Markup:
    """The inline SVG chart (inside a ``<figure>`` with its caption) of tag ``slug``'s papers
    per bucket of ``series``, rendered from ``_trend_chart.html.j2``; this computes where
    each bar and label goes. ``label`` is the tag's label (escaped by the template)."""
    counts = series.by_tag[slug]
    peak = max(counts) or 1
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(counts)
    bar = max(slot * 0.8, 0.5)
    height = PLOT_BOTTOM - PLOT_TOP
    bars = []
    for index, count in enumerate(counts):
        if not count:
            continue
        top = PLOT_BOTTOM - height * count / peak
        x = PLOT_LEFT + index * slot + (slot - bar) / 2
        bars.append({"x": f"{x:.1f}", "y": f"{top:.1f}", "width": f"{bar:.1f}", "height": f"{PLOT_BOTTOM - top:.1f}"})
    first, last = series.starts[0], series.starts[-1]
    if first == last:  # one bucket: its start under the middle of its bar, once
        axis_labels = [{"x": f"{(PLOT_LEFT + PLOT_RIGHT) / 2:.0f}", "anchor": "middle", "text": _label(first, series.unit)}]
    else:
        axis_labels = [
            {"x": str(PLOT_LEFT), "anchor": "", "text": _label(first, series.unit)},
            {"x": str(PLOT_RIGHT), "anchor": "end", "text": _label(last, series.unit)},
        ]
    return render_fragment(
        "_trend_chart.html.j2",
        width=WIDTH,
        height=HEIGHT,
        ident=f"trend-{slug}",
        title=f"{label}: papers per {series.unit}",
        sentence=chart_sentence(series, counts, noun),
        bars=bars,
        peak=peak,
        axis_labels=axis_labels,
        left=PLOT_LEFT,
        right=PLOT_RIGHT,
        top=PLOT_TOP,
        bottom=PLOT_BOTTOM,
        axis_y=PLOT_BOTTOM + 0.5,
    )
