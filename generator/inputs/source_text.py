"""Reading input files as text: UTF-8 only, BOM dropped, line endings unified."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from generator.core.problems import InputError, Problem

INPUT_SUFFIXES = (".json", ".jsonl", ".xml", ".atom", ".txt")
"""File endings an import picks up inside a folder (each also with ``.gz``; see
:func:`generator.inputs.importing.input_files`)."""


INPUT_MAX_BYTES = 64 * 1024 * 1024
"""The most bytes read from one input or digest file, after decompression (64 MiB; the
largest real day in shared/corpora is under 2 MB). A small ``.gz`` can expand to gigabytes."""


def read_text(path: Path) -> str:
    """Return the text of ``path`` (``.gz`` files are decompressed first).

    The bytes must be UTF-8; a leading byte-order mark is dropped and CRLF and lone CR line
    endings become ``\\n``. Raises :class:`InputError` for anything but a readable regular
    file, for more than :data:`INPUT_MAX_BYTES` bytes (decompressed), and naming the file,
    line and byte offset of the first byte that is not UTF-8.
    """
    if not path.is_file():
        raise InputError(
            [Problem(path, None, "not a regular file (a folder, a pipe or a broken link); an input is a text file")]
        )
    too_big = InputError(
        [
            Problem(
                path,
                None,
                f"holds more than {INPUT_MAX_BYTES // 2**20} MiB{' once decompressed' if path.suffix == '.gz' else ''}; "
                "one file holds one day of papers (a few MB at most): split it by day, or check it is the file you meant",
            )
        ]
    )
    try:
        if path.suffix == ".gz":
            with gzip.open(path) as stream:
                data = stream.read(INPUT_MAX_BYTES + 1)
        elif path.stat().st_size > INPUT_MAX_BYTES:
            raise too_big
        else:
            data = path.read_bytes()
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise InputError([Problem(path, None, f"not a readable gzip file ({error})")]) from None
    except OSError as error:
        raise InputError([Problem(path, None, f"cannot be read: {error.strerror}")]) from None
    if len(data) > INPUT_MAX_BYTES:
        raise too_big
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
