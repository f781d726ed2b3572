"""A paper as listings show it (home, day and tag pages): title, summary line, first
authors, upvotes and at most :data:`LISTED_TAGS` tags; and the order of a day's papers.

Listings are for scanning: one entry is a heading, one summary line and one line of
byline, so that a day of 30 papers fits in about three desktop screens.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.core.model import Paper
from generator.catalog.summary_line import SummaryLine, summary_line
from generator.pages.abstract_text import abstract_html
from generator.catalog.tagging import Taxonomy
from generator.pages.paths import href, paper_path, tag_path

LISTED_TAGS = 3
"""A listed paper shows at most this many tags (the first in taxonomy order)."""
LISTED_AUTHORS = 2
"""A listed paper names this many authors, then ``et al.``."""

_PARTICLES = frozenset("da de del della der di du dos la le van von ter ten zu bin al el".split())
"""Lower-case name particles that belong to the surname (``Peter H. N. de With`` → ``P. H. N. de With``)."""


def initialled(name: str) -> str:
    """``Xianming Li`` → ``X. Li``; ``Li, Xianming`` → ``X. Li``; ``Peter H. N. de With`` →
    ``P. H. N. de With``; a one-word name stays as it is. The surname is the last word,
    with the lower-case particles before it; every other word becomes its initial."""
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        name = f"{first} {last}".strip()
    words = name.split()
    if len(words) < 2:
        return name
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    given = [word for word in words[:start] if word[:1].isalpha()]
    initials = " ".join(word if len(word.rstrip(".")) == 1 and word.endswith(".") else f"{word[0]}." for word in given)
    return f"{initials} {' '.join(words[start:])}".strip()


def first_authors(authors: tuple[str, ...] | list[str], shown: int = LISTED_AUTHORS) -> str:
    """The byline of a listing: ``A. Author, B. Author et al.`` (the first ``shown``
    authors, initialled), all of them when there are no more; ``""`` for none."""
    names = [initialled(name) for name in authors[:shown]]
    return ", ".join(names) + (" et al." if len(authors) > shown else "")


def day_order(papers: list[Paper]) -> list[Paper]:
    """A day's papers as listings show them: by upvotes, most first, when any paper of the
    day has upvotes (as Hugging Face orders its Daily Papers), ties and papers without
    upvotes in the digest's order after them; otherwise in the digest's order."""
    if not any(p.upvotes is not None for p in papers):
        return list(papers)
    return sorted(papers, key=lambda p: -(p.upvotes if p.upvotes is not None else -1))


class Summaries:
    """Each paper's summary line (:func:`~generator.catalog.summary_line.summary_line`) and
    its HTML (:func:`abstract_html`), computed once per run however many listings show the
    paper (its day, the home page, each of its tags' pages). Keyed by paper key: one
    instance serves one catalog."""

    def __init__(self) -> None:
        self._lines: dict[str, tuple[SummaryLine, Markup]] = {}

    def of(self, paper: Paper) -> tuple[SummaryLine, Markup]:
        """``paper``'s summary line and that line's text as HTML."""
        found = self._lines.get(paper.key)
        if found is None:
            line = summary_line(paper)
            found = self._lines[paper.key] = (line, abstract_html(line.text))
        return found


def listed_paper(
    page: str,
    paper: Paper,
    taxonomy: Taxonomy,
    directory_urls: bool = True,
    summaries: Summaries | None = None,
    dated: bool = False,
) -> dict[str, Any]:
    """One paper for a listing template, linked from ``page`` (built URLs for
    ``directory_urls``, :func:`~generator.pages.paths.href`: listings are raw HTML, whose
    links MkDocs does not rewrite): ``paper``, ``url``,
    ``summary`` (:class:`~generator.catalog.summary_line.SummaryLine`), ``summary_html`` (its
    text as escaped HTML with TeX math marked for KaTeX, :func:`abstract_html`: the summary
    line is a sentence of the abstract and shows as the abstract does), ``authors`` (the
    byline), ``tags`` (``{label, url}``, at most :data:`LISTED_TAGS`) and ``day`` (the day
    the paper was first listed when ``dated``, for listings that span days, else ``None``).
    ``summaries``: the run's memo of summary lines (:class:`Summaries`), when the caller has one."""
    summary, summary_html = (summaries or Summaries()).of(paper)
    return {
        "paper": paper,
        "url": href(page, paper_path(paper.slug), directory_urls),
        "summary": summary,
        "summary_html": summary_html,
        "authors": first_authors(paper.authors),
        "tags": tag_chips(page, paper.tags[:LISTED_TAGS], taxonomy, directory_urls),
        "day": paper.first_listed if dated else None,
    }


def tag_chips(page: str, slugs: tuple[str, ...], taxonomy: Taxonomy, directory_urls: bool = True) -> list[dict[str, Any]]:
    """Tags as ``{label, url}`` for templates (listings and paper pages), linked from
    ``page`` (built URLs, :func:`~generator.pages.paths.href`)."""
    return [{"label": taxonomy.by_slug[s].label, "url": href(page, tag_path(s), directory_urls)} for s in slugs]
