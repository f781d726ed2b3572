"""Reader for Hugging Face Daily Papers API dumps: the JSON body of
``https://huggingface.co/api/daily_papers?date=YYYY-MM-DD``, one file per day (e.g.
``2025-03-18.json`` or ``2025-03-18.json.gz``).

The body is a JSON array with one item per paper: ``{"paper": {...}, "title": ...}``. The
schema grew over time (see ``../shared/corpora/README.md``, section 2); what is read:

* ``title`` (top level, clean; ``paper.title`` keeps arXiv's hard wraps and is the fallback),
* ``paper.summary`` (the abstract; top-level ``summary`` as fallback),
* ``paper.id`` (the arXiv id), ``paper.authors[].name``, ``paper.upvotes``,
* ``paper.ai_keywords`` (from 2025-03; the strings of the list, blanks dropped) → ``keywords``,
* ``paper.publishedAt`` → ``published`` (its UTC date), ``paper.ai_summary``,
  ``paper.githubStars`` → ``github_stars``, ``paper.organization.fullname`` (else
  ``.name``; else the record's own ``organization``) → ``organization``,
* ``paper.githubRepo`` → ``links.code``, ``paper.projectPage`` → ``links.project``, and
  ``links.huggingface`` = ``https://huggingface.co/papers/<id>``.

A value of the wrong type (a count that is not a whole number, an organization that is
not an object) is left out; the paper is kept.

Two real-world breakages are read too: items that are strings holding the Python ``repr``
of the object (single quotes, ``True``/``False``; December 2024 – January 2025), parsed with
:func:`ast.literal_eval`, which only accepts literals and never runs code; and a wrapper
object ``{"status", "date", "count", "data": [...]}`` around the list (2025-01-10).

The day: ``--date`` if given, else the ISO date in the file name, else the wrapper's
``date``, else each record's ``paper.submittedOnDailyAt``. A record that cannot be read is
skipped and reported with its position and reason; the same paper twice in one day is
counted as a duplicate.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.core.arxiv_id import ArxivIdError, parse_arxiv_id
from generator.core.model import UPVOTES_MAX, Digest, ListedPaper
from generator.core.problems import InputError, Problem, shortened
from generator.inputs.readers.result import PapersByDay, ReadResult, checked_links, date_in_file_name, validation_reason

FORMAT = "hf-daily"
HF_PAPER_URL = "https://huggingface.co/papers/{arxiv_id}"
HF_DAY_URL = "https://huggingface.co/papers?date={day}"
"""The Daily Papers page of one day: each digest's ``source``."""
HF_SOURCE_NAME = "Hugging Face Daily Papers"
"""Each digest's ``source_name``."""


def _looks_like_item(item: Any) -> bool:
    if isinstance(item, dict):
        return "paper" in item
    return isinstance(item, str) and item.lstrip().startswith(("{'paper'", '{"paper"'))


def _items(data: Any) -> tuple[list[Any], str | None] | None:
    """The list of items and the wrapper's date (if any), or ``None`` for other JSON."""
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        return data["data"], data.get("date") if isinstance(data.get("date"), str) else None
    if isinstance(data, list):
        return data, None
    return None


def detect(text: str) -> bool:
    """True for a JSON array whose first item is a daily-papers item (an object with
    ``paper``, or its Python-repr string), for an empty array, and for the wrapper object."""
    if not text.lstrip().startswith(("[", "{")):
        return False
    try:
        data = json.loads(text)
    except ValueError:
        return False
    found = _items(data)
    if found is None:
        return False
    items, _ = found
    return not items or _looks_like_item(items[0])


def _record(item: Any) -> dict[str, Any]:
    """One item as a dict; raises ``ValueError`` saying why it is not one."""
    if isinstance(item, str):
        try:
            item = ast.literal_eval(item)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as error:
            raise ValueError(f"a string that is not a Python literal ({type(error).__name__})") from None
    if not isinstance(item, dict) or not isinstance(item.get("paper"), dict):
        raise ValueError("not an object with a 'paper' object")
    return item


def _day_of(record: dict[str, Any]) -> dt.date | None:
    stamp = record["paper"].get("submittedOnDailyAt")
    if isinstance(stamp, str):
        try:
            return dt.date.fromisoformat(stamp[:10])
        except ValueError:
            return None
    return None


def _text(*candidates: Any) -> Any:
    """The first candidate that is a non-blank string, else the first that is not ``None``
    (so that pydantic reports an empty or wrongly typed value), else ``None``."""
    for value in candidates:
        if isinstance(value, str) and value.strip():
            return value
    return next((value for value in candidates if value is not None), None)


def _count(value: Any) -> int | None:
    """A whole number of 0 or more (not a bool), else ``None``."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _utc_date(stamp: Any) -> dt.date | None:
    """The UTC date of an ISO-8601 timestamp such as ``2026-08-20T00:00:00.000Z``, else ``None``."""
    if not isinstance(stamp, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment.astimezone(dt.UTC) if moment.tzinfo else moment).date()


def _organization(*candidates: Any) -> str | None:
    """The display name (``fullname``, else ``name``) of the first organization object."""
    for value in candidates:
        if isinstance(value, dict):
            name = _text(value.get("fullname"), value.get("name"))
            if isinstance(name, str) and name.strip():
                return name
    return None


def _one_line_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def read(path: Path, text: str, date: dt.date | None = None) -> ReadResult:
    """Read one daily-papers file into a :class:`ReadResult` (normally one digest; several
    when the day comes from each record's ``submittedOnDailyAt``).

    Raises :class:`InputError` when the file is not daily-papers JSON. Records that cannot
    be read (not an object, bad repr string, bad arXiv id, no title or abstract, no day) are
    skipped and listed in ``ReadResult.skipped`` as ``record N (<id>): reason``.
    """
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InputError([Problem(path, getattr(error, "lineno", None), f"not JSON ({error})")]) from None
    found = _items(data)
    if found is None:
        raise InputError(
            [Problem(path, None, "not a daily-papers API body: expected a JSON array of {\"paper\": …} items")]
        )
    items, wrapper_date = found
    file_day = date or date_in_file_name(path)
    if file_day is None and wrapper_date:
        try:
            file_day = dt.date.fromisoformat(wrapper_date)
        except ValueError:
            pass

    result = ReadResult(digests=[], records=len(items))
    by_day = PapersByDay()
    for number, item in enumerate(items, start=1):
        where = f"record {number}"
        try:
            record = _record(item)
        except ValueError as error:
            result.skipped.append(Problem(path, None, f"{where}: {error}"))
            continue
        paper = record["paper"]
        raw_id = paper.get("id")
        if raw_id is not None:
            where = f"record {number} ({shortened(str(raw_id))})"
        day = file_day or _day_of(record)
        if day is None:
            result.skipped.append(
                Problem(path, None, f"{where}: no day (no date in the file name, no submittedOnDailyAt); pass --date")
            )
            continue
        arxiv_id = None
        if raw_id is not None:
            try:
                arxiv_id = parse_arxiv_id(str(raw_id))
            except ArxivIdError as error:
                result.skipped.append(Problem(path, None, f"{where}: {error}"))
                continue
        links, notes = checked_links(
            path,
            where,
            {
                "huggingface": HF_PAPER_URL.format(arxiv_id=arxiv_id) if arxiv_id else None,
                "code": paper.get("githubRepo"),
                "project": paper.get("projectPage"),
            },
        )
        result.notes.extend(notes)
        if not isinstance(paper.get("authors") or [], list):
            result.skipped.append(
                Problem(path, None, f"{where}: authors is {type(paper['authors']).__name__}; expected a list of objects with a name")
            )
            continue
        authors = [a["name"] for a in paper.get("authors") or [] if isinstance(a, dict) and isinstance(a.get("name"), str)]
        upvotes = paper.get("upvotes")
        if upvotes is not None and not (
            isinstance(upvotes, int) and not isinstance(upvotes, bool) and 0 <= upvotes <= UPVOTES_MAX
        ):
            result.notes.append(
                Problem(path, None, f"{where}: upvotes {shortened(repr(upvotes))} is not a whole number of 0 or more; left out")
            )
            upvotes = None
        keywords = paper.get("ai_keywords")
        keywords = [k for k in keywords if isinstance(k, str) and k.strip()] if isinstance(keywords, list) else []
        try:
            listed = ListedPaper(
                title=_text(record.get("title"), paper.get("title")),
                abstract=_text(paper.get("summary"), record.get("summary")),
                arxiv_id=arxiv_id,
                authors=[name for name in authors if name.strip()],
                links=links,
                keywords=list(dict.fromkeys(keywords)),
                published=_utc_date(paper.get("publishedAt")),
                upvotes=upvotes,
                ai_summary=_one_line_or_none(paper.get("ai_summary")),
                github_stars=_count(paper.get("githubStars")) if links.code else None,
                organization=_organization(paper.get("organization"), record.get("organization")),
            )
        except ValidationError as error:
            result.skipped.append(Problem(path, None, f"{where}: {validation_reason(error, {'abstract': 'paper.summary'})}"))
            continue
        if not by_day.add(day, listed):
            result.duplicates += 1
    result.digests = [
        Digest(date=day, source=HF_DAY_URL.format(day=day.isoformat()), source_name=HF_SOURCE_NAME, papers=papers)
        for day, papers in by_day.sorted()
    ]
    if not items:
        result.notes.append(Problem(path, None, "an empty list: no papers that day"))
    return result
