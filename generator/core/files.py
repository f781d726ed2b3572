"""Files written whole: the generator's caches and records are never seen half-written."""

from __future__ import annotations

import errno
import os
import shutil
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


def regular_bytes(path: Path | str) -> bytes:
    """The bytes of ``path`` when it is a regular file, read without following a link (a
    link at ``path`` is not read through: ``O_NOFOLLOW``). Raises ``OSError`` when it is
    missing, a link, a directory or anything else but a regular file, or cannot be read."""
    handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
        return file.read()


def holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link: links are not followed) holding
    exactly ``data``: its size first (an ``lstat``), then its bytes. ``False`` when it
    cannot be read. What a writer checks so as not to rewrite a file that is already right
    (and so keep its modification time)."""
    try:
        found = path.lstat()
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
            return False
        return regular_bytes(path) == data
    except OSError:
        return False


def remove_entry(path: Path | str) -> None:
    """Remove whatever ``path`` names, not following a link: a link or a file is unlinked,
    a directory removed with all it holds (links inside unlinked, not followed). Nothing
    when it is missing. Only for a folder the build owns (its output, e.g. ``site/search/``):
    a directory there is the build's to remove. Raises ``OSError`` when it cannot be removed."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return
    except OSError:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            raise
        shutil.rmtree(path)


def write_new_file(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` as a new regular file: it is created (``O_EXCL``: nothing
    there is opened, a link not followed); when something is there, it is removed first
    (:func:`remove_entry`: a link itself, never its target; a hard link's other names keep
    their bytes; a directory with what it holds) and the file created then. One ``open`` when
    nothing is there (a clean build's files). Only for a folder the build owns. Raises
    ``OSError`` when it cannot be removed or written."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        handle = os.open(path, flags, 0o666)
    except FileExistsError:
        remove_entry(path)
        handle = os.open(path, flags, 0o666)
    with os.fdopen(handle, "wb") as file:
        file.write(data)
