"""What every reader returns, and the day a data file is named after."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator.core.identity import SeenPapers
from generator.core.model import Digest, Links, ListedPaper
from generator.core.problems import Problem, shortened

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


@dataclass
class ReadResult:
    """The digests read from one input file (one per day it covers) and the accounting of
    its records: ``records`` seen, ``duplicates`` (records repeating a paper already read
    from the same file for the same day, merged into it), and every record ``skipped``, each
    as a :class:`Problem` saying which and why. ``notes`` are kept records that lost a field
    (e.g. a link that is not a URL), or remarks about the file as a whole (an empty feed).

    Every record is one of: a paper in ``digests``, a duplicate, or a skip.
    """

    digests: list[Digest]
    records: int = 0
    duplicates: int = 0
    skipped: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


@dataclass
class PapersByDay:
    """The papers a file lists, by the day each is listed on, each paper once a day (the
    one "same paper" rule: :class:`~generator.core.identity.SeenPapers`)."""

    days: dict[dt.date, list[ListedPaper]] = field(default_factory=dict)
    _seen: dict[dt.date, SeenPapers] = field(default_factory=dict)

    def add(self, day: dt.date, paper: ListedPaper) -> bool:
        """Add ``paper`` to ``day``; ``False`` (and nothing added) when that day already
        lists the same paper."""
        if self._seen.setdefault(day, SeenPapers()).again(paper):
            return False
        self.days.setdefault(day, []).append(paper)
        return True

    def sorted(self) -> list[tuple[dt.date, list[ListedPaper]]]:
        """``(day, papers)`` oldest day first, papers in the order they were added."""
        return sorted(self.days.items())


def date_in_file_name(path: Path) -> dt.date | None:
    """The ISO date ``YYYY-MM-DD`` in ``path``'s file name (``2026-06-29.jsonl.gz`` →
    2026-06-29), or ``None`` when the name holds no valid one."""
    match = _DATE_IN_NAME.search(path.name)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match[1])
    except ValueError:
        return None


_EXPECTED = {"string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number", "list_type": "a list"}
"""Pydantic's type errors, by its error type, as what the field should have been."""


def validation_reason(error: ValidationError, names: dict[str, str] | None = None) -> str:
    """A pydantic :class:`ValidationError` as one line: ``field: what is wrong; …``. A
    value of the wrong type reads ``abstract: missing (or empty); a paper needs it as text`` or
    ``title: 42 is not text``, other errors as pydantic words them. ``names`` gives the
    input's own name of a model field (``{"abstract": "summary"}``: the file says
    ``summary``)."""
    reasons = []
    for e in error.errors():
        where = ".".join(map(str, e["loc"]))
        where = (names or {}).get(where, where)
        expected = _EXPECTED.get(e["type"])
        if expected is None:
            reasons.append(f"{where}: {e['msg'].removeprefix('Value error, ')}")
        elif e.get("input") is None:
            reasons.append(f"{where}: missing (or empty); a paper needs it as {expected}")
        else:
            reasons.append(f"{where}: {shortened(repr(e['input']))} is not {expected}")
    return "; ".join(reasons)


def broken_json(path: Path, line: int, error: json.JSONDecodeError) -> Problem:
    """The problem of JSON that does not parse: ``line`` (of the file), the column and what
    the parser expected there."""
    reason = error.msg.removesuffix(" starting at")
    return Problem(path, line, f"not valid JSON at column {error.colno}: {reason[:1].lower()}{reason[1:]}; fix the JSON there")


def checked_links(path: Path, where: str, links: dict[str, object]) -> tuple[Links, list[Problem]]:
    """:class:`Links` from ``links`` (kind → URL or empty), keeping each URL that is an
    absolute http(s) URL. A value that is not is dropped, and a note (naming ``path``, the
    record ``where`` and the value) says so; empty values are ignored silently."""
    kept: dict[str, str] = {}
    notes: list[Problem] = []
    for kind, url in links.items():
        if url is None or (isinstance(url, str) and not url.strip()):
            continue
        try:
            Links(**{kind: url})
        except ValidationError:
            notes.append(Problem(path, None, f"{where}: {kind} link {shortened(repr(url))} is not an http(s) URL; left out"))
            continue
        kept[kind] = str(url).strip()
    return Links(**kept), notes
