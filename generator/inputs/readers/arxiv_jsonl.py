"""Reader for daily arXiv JSON Lines dumps (one file per listing day, e.g. ``2026-06-29.jsonl``
or ``2026-06-29.jsonl.gz``), as published by daily-arXiv-ai-enhanced.

Each line is one paper: ``id`` (versionless arXiv id), ``title``, ``summary`` (the
abstract), ``authors`` (list of names), ``categories`` (primary first), ``abs``, ``pdf``,
``comment``; extra keys (such as ``AI``) are ignored. The day comes from the file name or
``--date``. A line that is not a JSON object with a title and an abstract is skipped and
reported; the same id (or, without an id, the same title) twice in one file is one paper,
and the repeats are counted as duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import ValidationError

from generator.core.arxiv_id import ArxivIdError, is_arxiv_category, parse_arxiv_id
from generator.core.identity import SeenPapers
from generator.core.model import Digest, ListedPaper
from generator.core.problems import InputError, Problem
from generator.inputs.readers.result import ReadResult, broken_json, date_in_file_name, validation_reason

FORMAT = "arxiv-jsonl"
SOURCE_NAME = "arXiv daily listing"
"""Each digest's ``source_name``."""


def detect(text: str) -> bool:
    """True when the first non-blank line is a JSON object with ``id`` and ``summary``."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and "summary" in record and "title" in record and "paper" not in record


def _day(path: Path, date: dt.date | None) -> dt.date:
    day = date or date_in_file_name(path)
    if day is not None:
        return day
    raise InputError([Problem(path, None, "no date in the file name (YYYY-MM-DD.jsonl); pass --date YYYY-MM-DD")])


def read(path: Path, text: str, date: dt.date | None = None) -> ReadResult:
    """Read one JSONL file into a :class:`ReadResult` with one digest for its day.

    Raises :class:`InputError` when the day cannot be told; bad records are skipped and
    listed in ``ReadResult.skipped`` with their line and reason.
    """
    day = _day(path, date)
    papers: list[ListedPaper] = []
    seen = SeenPapers()
    skipped: list[Problem] = []
    records = 0
    duplicates = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        records += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            skipped.append(broken_json(path, number, error))
            continue
        if not isinstance(record, dict):
            skipped.append(Problem(path, number, "not a JSON object; expected one paper a line, {\"id\": …, \"title\": …, \"summary\": …}"))
            continue
        arxiv_id = None
        if record.get("id"):
            try:
                arxiv_id = parse_arxiv_id(str(record["id"]))
            except ArxivIdError as error:
                skipped.append(Problem(path, number, str(error)))
                continue
        wrong = [key for key in ("authors", "categories") if not isinstance(record.get(key) or [], list)]
        if wrong:
            kinds = ", ".join(f"{key} is {type(record[key]).__name__}" for key in wrong)
            skipped.append(Problem(path, number, f"{kinds}; expected a list of strings"))
            continue
        links = {}
        if arxiv_id:
            links = {"arxiv": f"https://arxiv.org/abs/{arxiv_id}", "pdf": f"https://arxiv.org/pdf/{arxiv_id}"}
        try:
            paper = ListedPaper(
                title=record.get("title"),
                abstract=record.get("summary"),
                arxiv_id=arxiv_id,
                authors=[a for a in record.get("authors") or [] if isinstance(a, str) and a.strip()],
                categories=[c for c in record.get("categories") or [] if isinstance(c, str) and is_arxiv_category(c)],
                links=links,
            )
        except ValidationError as error:
            skipped.append(Problem(path, number, validation_reason(error, {"abstract": "summary"})))
            continue
        if seen.again(paper):
            duplicates += 1
            continue
        papers.append(paper)
    return ReadResult(
        digests=[Digest(date=day, source_name=SOURCE_NAME, papers=papers)] if papers else [],
        records=records,
        duplicates=duplicates,
        skipped=skipped,
    )
