"""A tag's papers per week (or month) as a small bar chart: an inline SVG made at build time.

No script and nothing fetched: the bars are ``currentColor``, set from Material's CSS
variables (the accent colour for bars, the lighter text colour for labels), so the chart
follows the light and dark palettes. The chart is ``role="img"`` with a ``<title>`` and a
``<desc>`` (``aria-labelledby``), and the same sentence is printed under it as a caption.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

from generator.catalog.trends import Series

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
    per bucket of ``series``. ``label`` is the tag's label (escaped here)."""
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
        bars.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar:.1f}" height="{PLOT_BOTTOM - top:.1f}"/>')
    sentence = chart_sentence(series, counts, noun)
    title = f"{label}: papers per {series.unit}"
    ident = f"trend-{slug}"
    first, last = series.starts[0], series.starts[-1]
    if first == last:  # one bucket: its start under the middle of its bar, once
        axis_labels = f'<text x="{(PLOT_LEFT + PLOT_RIGHT) / 2:.0f}" y="{PLOT_BOTTOM + 20}" text-anchor="middle">{escape(_label(first, series.unit))}</text>'
    else:
        axis_labels = (
            f'<text x="{PLOT_LEFT}" y="{PLOT_BOTTOM + 20}">{escape(_label(first, series.unit))}</text>'
            f'<text x="{PLOT_RIGHT}" y="{PLOT_BOTTOM + 20}" text-anchor="end">{escape(_label(last, series.unit))}</text>'
        )
    svg = (
        f'<figure class="pd-trend">\n'
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc" style="max-width:100%;height:auto;color:var(--md-accent-fg-color)">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(sentence)}</desc>'
        f'<g fill="currentColor">{"".join(bars)}</g>'
        f'<g style="color:var(--md-default-fg-color--light)" fill="currentColor" font-size="12" font-family="inherit">'
        f'<line x1="{PLOT_LEFT}" y1="{PLOT_BOTTOM + 0.5}" x2="{PLOT_RIGHT}" y2="{PLOT_BOTTOM + 0.5}" stroke="currentColor"/>'
        f'<line x1="{PLOT_LEFT}" y1="{PLOT_TOP}" x2="{PLOT_RIGHT}" y2="{PLOT_TOP}" stroke="currentColor" stroke-dasharray="2 3" stroke-opacity="0.6"/>'
        f'<text x="{PLOT_LEFT - 6}" y="{PLOT_TOP + 4}" text-anchor="end">{peak}</text>'
        f'<text x="{PLOT_LEFT - 6}" y="{PLOT_BOTTOM + 4}" text-anchor="end">0</text>'
        f"{axis_labels}"
        f"</g></svg>\n"
        f"<figcaption>{escape(sentence)}</figcaption>\n"
        f"</figure>"
    )
    return Markup(svg)
