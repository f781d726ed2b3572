"""Looking papers up at import (``import --lookup``): on the contributor's machine, with its
network, fill what a copied listing page lacks (arXiv id, authors, published date, links,
upvotes, Hugging Face's summary) from two public APIs:

1. the Hugging Face Daily Papers API for the digest's day
   (``https://huggingface.co/api/daily_papers?date=YYYY-MM-DD``, read by
   :mod:`generator.inputs.readers.hf_daily`);
2. for papers still without an arXiv id, the arXiv API by exact title
   (``https://export.arxiv.org/api/query?search_query=ti:"…"``, read by
   :mod:`generator.inputs.readers.arxiv_atom`; arXiv asks for 3 seconds between calls:
   https://info.arxiv.org/help/api/tou.html).

Only a confident match is taken: the answer holds exactly one paper whose title equals the
listed title once normalised (:func:`generator.core.identity.title_key`). Several such papers with
different ids are *ambiguous*; none is *missing*; both are reported by title and the paper
is left as it was, never guessed. What the listing already has is kept; a lookup only fills
empty fields.

Without a network (the first request fails with an :class:`OSError`), nothing more is asked:
the report says so in one line and the digest is written as read. The requests go through
one ``fetch(url) -> bytes`` function, so tests hand in recorded responses.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from generator.core.identity import title_key
from generator.core.model import Digest, ListedPaper
from generator.core.problems import InputError
from generator.inputs.readers import arxiv_atom, hf_daily

Fetch = Callable[[str], bytes]
"""Returns the body of a GET of the URL; raises :class:`OSError` (e.g. ``URLError``) without a network."""

HF_DAY_API = "https://huggingface.co/api/daily_papers?date={day}"
ARXIV_TITLE_API = "https://export.arxiv.org/api/query?search_query={query}&max_results=10"
ARXIV_PAUSE_SECONDS = 3.0
"""Seconds between two calls of the arXiv API, as its terms of use ask."""
TIMEOUT_SECONDS = 20.0
"""How long one request may take (seconds)."""
USER_AGENT = "paper-digests-import (https://github.com/paper-digests/paper-digests)"


def fetch_url(url: str) -> bytes:
    """The body of a GET of ``url`` (the real network; :data:`TIMEOUT_SECONDS`). Raises
    :class:`OSError` when there is no network or the server answers with an error."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return response.read()


@dataclass
class LookupReport:
    """What a lookup did, by paper title: ``matched`` (with where: ``Hugging Face`` or
    ``arXiv``), ``ambiguous`` and ``missing``; ``offline`` is the one line saying the network
    could not be reached (then nothing was looked up)."""

    matched: list[tuple[str, str]] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    offline: str | None = None

    def lines(self) -> list[str]:
        """The report as lines for the terminal."""
        lines = [self.offline] if self.offline else []
        if self.matched or self.ambiguous or self.missing or not self.offline:
            lines.append(
                f"lookup: {len(self.matched)} paper(s) found, {len(self.ambiguous)} ambiguous, {len(self.missing)} not found"
            )
        lines += [f"lookup: ambiguous (several papers have this title; left as listed): {t}" for t in self.ambiguous]
        lines += [f"lookup: not found on Hugging Face or arXiv (left as listed): {t}" for t in self.missing]
        return lines


_FILLED = (
    "arxiv_id", "authors", "categories", "keywords", "published", "upvotes", "ai_summary", "github_stars", "organization"
)


def fill_from(listed: ListedPaper, found: ListedPaper) -> ListedPaper:
    """``listed`` with its empty fields (arXiv id, authors, categories, published, upvotes,
    ai_summary, github stars, organization, links) filled from ``found``; title, abstract
    and tags stay as listed."""
    update = {name: getattr(found, name) for name in _FILLED if not getattr(listed, name) and getattr(found, name)}
    links = found.links.model_dump(exclude_none=True) | listed.links.model_dump(exclude_none=True)
    if links != listed.links.model_dump(exclude_none=True):
        update["links"] = type(listed.links)(**links)
    return listed.model_copy(update=update) if update else listed


def _by_title(papers: list[ListedPaper]) -> dict[str, list[ListedPaper]]:
    found: dict[str, list[ListedPaper]] = {}
    for paper in papers:
        found.setdefault(title_key(paper.title), []).append(paper)
    return found


def _one(candidates: list[ListedPaper]) -> ListedPaper | None | str:
    """The one paper among same-titled ``candidates``, ``None`` for none, ``"ambiguous"`` for
    several with different ids."""
    if not candidates:
        return None
    if len({p.arxiv_id for p in candidates}) > 1:
        return "ambiguous"
    return candidates[0]


def arxiv_title_query(title: str) -> str:
    """The arXiv API ``search_query`` for an exact title: ``ti:"word word …"`` (punctuation,
    which the query syntax would read as operators, turned into spaces), URL-encoded."""
    words = re.sub(r"[^\w]+", " ", title).split()
    return quote(f'ti:"{" ".join(words)}"')


def _papers_in(reader, url: str, body: bytes, day: dt.date) -> list[ListedPaper]:
    try:
        result = reader.read(Path(url), body.decode("utf-8", errors="replace"), day)
    except (InputError, ValueError):
        return []
    return [paper for digest in result.digests for paper in digest.papers]


def look_up(
    digest: Digest, fetch: Fetch | None = None, pause: Callable[[float], None] = time.sleep
) -> tuple[Digest, LookupReport]:
    """Look up the papers of ``digest`` (see the module docstring) and return the digest
    with what was found filled in, and the report. ``fetch`` gets each URL (default:
    :func:`fetch_url`, the network); ``pause(seconds)`` waits between two arXiv calls.
    Never raises for network trouble: the report says it."""
    fetch = fetch or fetch_url
    report = LookupReport()
    try:
        hf_body = fetch(HF_DAY_API.format(day=digest.date.isoformat()))
    except OSError as error:
        report.offline = f"lookup: no network ({error}); the day is written without lookup"
        return digest, report
    hf_papers = _papers_in(hf_daily, "daily_papers.json", hf_body, digest.date)
    on_hf = _by_title(hf_papers)
    hf_by_id = {p.arxiv_id: p for p in hf_papers if p.arxiv_id}
    papers: list[ListedPaper] = []
    asked_arxiv = False
    for listed in digest.papers:
        key = title_key(listed.title)
        match: ListedPaper | str | None = hf_by_id.get(listed.arxiv_id) if listed.arxiv_id else None
        match = match or _one(on_hf.get(key, []))
        where = "Hugging Face"
        if match is None and not listed.arxiv_id:
            if asked_arxiv:
                pause(ARXIV_PAUSE_SECONDS)
            asked_arxiv = True
            try:
                body = fetch(ARXIV_TITLE_API.format(query=arxiv_title_query(listed.title)))
            except OSError as error:
                report.offline = f"lookup: the network went away ({error}); the rest of the day is written without lookup"
                papers.extend(digest.papers[len(papers) :])
                break
            match = _one(_by_title(_papers_in(arxiv_atom, "query.xml", body, digest.date)).get(key, []))
            where = "arXiv"
        if isinstance(match, str):  # "ambiguous"
            report.ambiguous.append(listed.title)
            papers.append(listed)
        elif match is None:
            if not listed.arxiv_id:
                report.missing.append(listed.title)
            papers.append(listed)
        else:
            report.matched.append((listed.title, where))
            papers.append(fill_from(listed, match))
    return digest.model_copy(update={"papers": papers}), report
