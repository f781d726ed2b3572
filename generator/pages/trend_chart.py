"""A tag's papers per week (or month) as a small bar chart: an inline SVG made at build time.

No script and nothing fetched: the bars are ``currentColor``, set from Material's CSS
variables (the accent colour for bars, the lighter text colour for labels), so the chart
follows the light and dark palettes. The chart is ``role="img"`` with a ``<title>`` and a
``<desc>`` (``aria-labelledby``), and the same sentence is printed under it as a caption.

The chart has no ``viewBox``: it is as wide as the page allows (at most :data:`WIDTH` CSS
px) and :data:`HEIGHT` px high, its labels are placed in percent of its width and keep the
size the stylesheet gives text (a scaled drawing's 12-unit labels were 7 px on a 390 px
phone). Only the bars, in a nested ``<svg>``, stretch with the width.
"""

from __future__ import annotations

import datetime as dt
from markupsafe import Markup

from generator.catalog.trends import Series
from generator.pages.rendering import render_fragment

WIDTH = 640
"""The chart's largest width (CSS px); narrower pages get a narrower chart, same height."""
HEIGHT = 140
"""The chart's height (CSS px)."""
PLOT_TOP, PLOT_BOTTOM = 12, 112
"""Where the plot's top and bottom lines are (px from the chart's top)."""
PLOT_LEFT, PLOT_RIGHT = 9, 99
"""Where the plot starts and ends (percent of the chart's width); the counts sit left of it."""


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
    height = PLOT_BOTTOM - PLOT_TOP
    bars = []
    for index, count in enumerate(counts):  # in the plot's own units: a bucket is 1 wide
        if not count:
            continue
        top = height - height * count / peak
        bars.append({"x": f"{index + 0.1:.1f}", "y": f"{top:.1f}", "width": "0.8", "height": f"{height - top:.1f}"})
    first, last = series.starts[0], series.starts[-1]
    if first == last:  # one bucket: its start under the middle of its bar, once
        axis_labels = [{"x": f"{(PLOT_LEFT + PLOT_RIGHT) / 2:g}%", "anchor": "middle", "text": _label(first, series.unit)}]
    else:
        axis_labels = [
            {"x": f"{PLOT_LEFT}%", "anchor": "", "text": _label(first, series.unit)},
            {"x": f"{PLOT_RIGHT}%", "anchor": "end", "text": _label(last, series.unit)},
        ]
    return render_fragment(
        "_trend_chart.html.j2",
        width=WIDTH,
        height=HEIGHT,
        ident=f"trend-{slug}",
        title=f"{label}: papers per {series.unit}",
        sentence=chart_sentence(series, counts, noun),
        bars=bars,
        buckets=len(counts),
        plot_height=height,
        peak=peak,
        axis_labels=axis_labels,
        left=f"{PLOT_LEFT}%",
        plot_width=f"{PLOT_RIGHT - PLOT_LEFT}%",
        right=f"{PLOT_RIGHT}%",
        counts_x=f"{PLOT_LEFT - 1}%",
        top=PLOT_TOP,
        bottom=PLOT_BOTTOM,
        axis_y=PLOT_BOTTOM + 0.5,
    )
