"""Files written whole: the generator's caches and records are never seen half-written."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def replaced(path: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """Write ``path`` whole: yields a file open for writing (bytes when ``binary``, else
    UTF-8 text), a temporary file in ``path``'s folder named ``.writing-*`` with ``path``'s
    suffix, which replaces ``path`` (:func:`os.replace`, atomic on one file system) when the
    block ends without an exception. On an exception the temporary file is removed and the
    exception goes on; ``path`` is as it was. Raises ``OSError`` when the folder cannot be
    written (it must exist)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb" if binary else "w", encoding=None if binary else "utf-8") as file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (links followed) holding exactly ``data``: its size
    first (a ``stat``), then its bytes. ``False`` when it cannot be read. What a writer
    checks so as not to rewrite a file that is already right (and so keep its modification time)."""
    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False
