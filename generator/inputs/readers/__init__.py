"""Readers: one module per input format, each turning a file into digests.

Every reader module has ``FORMAT`` (its name for ``--format``), ``detect(text) -> bool`` and
``read(path, text, date) -> ReadResult``. :func:`read_file` picks the reader from the
content unless a format is given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import ModuleType

from pydantic import ValidationError

from generator.core.problems import InputError, Problem
from generator.inputs.readers import arxiv_atom, arxiv_jsonl, hf_daily, listing_page
from generator.inputs.readers.result import ReadResult, validation_reason
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
            raise InputError([Problem(path, None, f"cannot tell its format; pass --format ({', '.join(READERS)})")]) from None
    if format not in READERS:
        raise InputError([Problem(path, None, f"unknown format {format!r}; expected one of {', '.join(READERS)}")])
    try:
        return READERS[format].read(path, text, date)
    except ValidationError as error:  # a whole digest refused, e.g. a day before arXiv began
        raise InputError([Problem(path, None, validation_reason(error))]) from None
