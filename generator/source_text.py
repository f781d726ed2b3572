"""Reading input files as text: UTF-8 only, BOM dropped, line endings unified."""

from __future__ import annotations

import gzip
from pathlib import Path

from generator.problems import InputError, Problem

INPUT_SUFFIXES = (".json", ".jsonl", ".xml", ".atom", ".txt")
"""File endings an import picks up inside a folder (each also with ``.gz``; see
:func:`generator.importing.input_files`)."""


def read_text(path: Path) -> str:
    """Return the text of ``path`` (``.gz`` files are decompressed first).

    The bytes must be UTF-8; a leading byte-order mark is dropped and CRLF and lone CR line
    endings become ``\\n``. Raises :class:`InputError` for anything but a readable regular
    file, and naming the file, line and byte offset of the first byte that is not UTF-8.
    """
    if not path.is_file():
        raise InputError(
            [Problem(path, None, "not a regular file (a folder, a pipe or a broken link); an input is a text file")]
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError([Problem(path, None, f"cannot be read: {error.strerror}")]) from None
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise InputError([Problem(path, None, f"not a readable gzip file ({error})")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            [
                Problem(
                    path,
                    line,
                    f"byte {error.start} (0x{data[error.start]:02x}) is not UTF-8; "
                    "save the file as UTF-8 and try again",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
