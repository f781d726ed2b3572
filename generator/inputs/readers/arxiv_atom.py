"""Reader for arXiv API responses: the Atom 1.0 feed ``export.arxiv.org/api/query`` returns.

Both shapes seen in the wild are read: the current one (2026: namespaces declared on the
feed, ``<title>arXiv Query: …``) and the legacy one (2016: ``xmlns:arxiv`` declared on each
element, ``<title type="html">ArXiv Query…``, hard-wrapped summaries with a leading space).
XML is parsed with :mod:`defusedxml`, which refuses entity-expansion and external-entity
tricks.

Per ``<entry>``: ``id`` (``http://arxiv.org/abs/<id>vN``; stored versionless), ``title``,
``summary`` (the abstract), ``author/name``, ``arxiv:primary_category`` then ``category``
terms (primary first), ``published`` (its UTC date: when arXiv published the first
version), and the versionless abs and PDF links.

The day: an API response is a search result, not a day's listing, so with ``--date`` every
entry is filed under that day, and without it each entry under the UTC date of its
``<published>`` element (when arXiv received its first version). One response can thus
give several digests.

Two special answers: an empty result (``totalResults`` 0, no entries) gives no digest and a
note saying so; an error answer (one entry titled ``Error`` whose id is under
``arxiv.org/api/errors``) raises :class:`InputError` with arXiv's message; it never becomes
a paper called "Error".
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from pydantic import ValidationError

from generator.core.arxiv_id import ArxivIdError, abs_url, is_arxiv_category, parse_arxiv_id, pdf_url
from generator.core.model import Digest, ListedPaper
from generator.core.problems import InputError, Problem, shortened
from generator.inputs.readers.result import PapersByDay, ReadResult, validation_reason

FORMAT = "arxiv-atom"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
SOURCE_NAME = "arXiv API"
"""Each digest's ``source_name``."""


def detect(text: str) -> bool:
    """True for an Atom feed that mentions arXiv near its start."""
    head = text.lstrip()[:4000]
    return head.startswith("<") and "http://www.w3.org/2005/Atom" in head and "arxiv" in head.lower()


def _text(element: ET.Element | None) -> str | None:
    return None if element is None or element.text is None else element.text


def _is_error_entry(entry: ET.Element) -> bool:
    title = (_text(entry.find(f"{ATOM}title")) or "").strip()
    entry_id = (_text(entry.find(f"{ATOM}id")) or "").strip()
    return title == "Error" and "/api/errors" in entry_id


def _published_day(entry: ET.Element) -> dt.date | None:
    stamp = (_text(entry.find(f"{ATOM}published")) or "").strip()
    try:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(dt.UTC).date()
    except ValueError:
        return None


def read(path: Path, text: str, date: dt.date | None = None) -> ReadResult:
    """Read one arXiv API Atom feed into a :class:`ReadResult` (one digest per day; see the
    module docstring for how days are chosen).

    Raises :class:`InputError` when the text is not well-formed XML, is not an Atom feed, or
    is arXiv's error answer. Entries without a usable id, title, abstract or date are skipped
    and listed in ``ReadResult.skipped`` as ``entry N (<id>): reason``.
    """
    try:
        feed = fromstring(text)
    except ET.ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        raise InputError([Problem(path, line, f"not well-formed XML ({error})")]) from None
    except DefusedXmlException as error:
        raise InputError([Problem(path, None, f"refused: the XML uses {type(error).__name__}")]) from None
    if feed.tag != f"{ATOM}feed":
        raise InputError([Problem(path, 1, f"not an Atom feed: the root element is {feed.tag!r}, expected <feed>")])
    entries = feed.findall(f"{ATOM}entry")
    errors = [entry for entry in entries if _is_error_entry(entry)]
    if errors:
        message = (_text(errors[0].find(f"{ATOM}summary")) or "no message").strip()
        raise InputError(
            [Problem(path, None, f"this is arXiv's error answer, not papers: {message!r}; fix the query and fetch again")]
        )
    result = ReadResult(digests=[], records=len(entries))
    if not entries:
        total = (_text(feed.find(f"{OPENSEARCH}totalResults")) or "?").strip()
        result.notes.append(Problem(path, None, f"the arXiv API found nothing (totalResults {total}): no papers in this file"))
        return result
    by_day = PapersByDay()
    for number, entry in enumerate(entries, start=1):
        raw_id = (_text(entry.find(f"{ATOM}id")) or "").strip()
        where = f"entry {number} ({shortened(raw_id) or 'no id'})"
        try:
            arxiv_id = parse_arxiv_id(raw_id)
        except ArxivIdError as error:
            result.skipped.append(Problem(path, None, f"{where}: {error}"))
            continue
        day = date or _published_day(entry)
        if day is None:
            result.skipped.append(Problem(path, None, f"{where}: no <published> date; pass --date YYYY-MM-DD"))
            continue
        primary = entry.find(f"{ARXIV}primary_category")
        terms = [primary.get("term")] if primary is not None else []
        terms += [c.get("term") for c in entry.findall(f"{ATOM}category")]
        # arXiv also lists ACM and MSC classes (e.g. "I.2.7", "68T05") as categories: keep arXiv's own.
        categories = list(dict.fromkeys(t.strip() for t in terms if t and is_arxiv_category(t.strip())))
        authors = [
            name.strip()
            for name in (_text(author.find(f"{ATOM}name")) for author in entry.findall(f"{ATOM}author"))
            if name and name.strip()
        ]
        try:
            listed = ListedPaper(
                title=_text(entry.find(f"{ATOM}title")),
                abstract=_text(entry.find(f"{ATOM}summary")),
                arxiv_id=arxiv_id,
                authors=authors,
                categories=categories,
                links={"arxiv": abs_url(arxiv_id), "pdf": pdf_url(arxiv_id)},
                published=_published_day(entry),
            )
        except ValidationError as error:
            result.skipped.append(Problem(path, None, f"{where}: {validation_reason(error, {'title': '<title>', 'abstract': '<summary>'})}"))
            continue
        if not by_day.add(day, listed):
            result.duplicates += 1
    result.digests = [
        Digest(date=day, source_name=SOURCE_NAME, papers=papers) for day, papers in by_day.sorted()
    ]
    return result
