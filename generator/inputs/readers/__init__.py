"""Readers: one module per input format, each turning a file into digests.

Every reader module has ``FORMAT`` (its name for ``--format``), ``detect(text) -> bool`` and
``read(path, text, date) -> ReadResult``. :func:`read_file` picks the reader from the
content unless a format is given.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import ModuleType

from pydantic import ValidationError

from generator.core.problems import InputError, Problem, shortened
from generator.inputs.readers import arxiv_atom, arxiv_jsonl, hf_daily, listing_page
from generator.inputs.readers.result import ReadResult, broken_json, validation_reason
from generator.inputs.source_text import read_text

READERS: dict[str, ModuleType] = {
    module.FORMAT: module for module in (hf_daily, arxiv_atom, arxiv_jsonl, listing_page)
}
"""Readers by format name, in detection order: the structured formats first (each ``detect``
looks for its own shape), the listing page last, as it accepts any text (the fallback)."""


def detect_format(text: str) -> str:
    """The name of the first reader whose ``detect`` accepts ``text``."""
    for name, module in READERS.items():
        if module.detect(text):
            return name
    raise ValueError("no reader accepts this text")


def _unknown_format(path: Path, text: str) -> Problem:
    """Why no reader accepts ``text`` (JSON or XML, as the listing page takes all other text):
    JSON that does not parse, with the line where it breaks, or a shape no reader knows."""
    formats = f"pass --format ({', '.join(READERS)}) if you know it is one of them"
    if text.lstrip().startswith("<"):
        return Problem(
            path,
            None,
            "XML, but not an arXiv API Atom feed (a <feed> in the Atom namespace, "
            f"http://www.w3.org/2005/Atom, from export.arxiv.org); {formats}",
        )
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg != "Extra data":  # one JSON value: a Hugging Face daily-papers file
            return broken_json(path, error.lineno, error)
        # Several JSON values: JSON Lines, whose first record shows which kind.
        number, first = next((n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip())
        try:
            record = json.loads(first)
        except json.JSONDecodeError as error:
            return broken_json(path, number, error)
        keys = ", ".join(sorted(map(repr, record))) if isinstance(record, dict) else "none"
        return Problem(
            path,
            number,
            f"JSON Lines whose first record is not an arXiv paper (its keys: {shortened(keys)}); "
            f"expected one object a line with 'id', 'title' and 'summary'; {formats}",
        )
    return Problem(
        path,
        None,
        "JSON, but not Hugging Face daily papers (an array of items each with a 'paper' object, or "
        f"an object whose 'data' is that array); {formats}",
    )


def read_file(path: Path, format: str | None = None, date: dt.date | None = None) -> ReadResult:
    """Read one input file with the reader for ``format`` (detected from the content when
    ``None``). ``date`` is the day to file its papers under, for formats without one.

    Raises :class:`InputError` for unreadable files, an unknown format, or input the reader
    refuses.
    """
    text = read_text(path)
    if format is None:
        try:
            format = detect_format(text)
        except ValueError:
            raise InputError([_unknown_format(path, text)]) from None
    if format not in READERS:
        raise InputError([Problem(path, None, f"unknown format {format!r}; expected one of {', '.join(READERS)}")])
    try:
        return READERS[format].read(path, text, date)
    except ValidationError as error:  # a whole digest refused, e.g. a day before arXiv began
        raise InputError([Problem(path, None, validation_reason(error))]) from None
