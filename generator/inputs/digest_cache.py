"""Parsed digests cached by content hash, so that a run reads YAML and validates only the
digest files that changed since the last run.

An entry is the pickled :class:`~generator.core.model.Digest` of one digest file, named by the
SHA-256 of the file's name and bytes and of the generator (:func:`generator.inputs.project.
generator_fingerprint`: code, taxonomy, library versions), in the project's cache folder
(``.cache/paper-digests/digests/``, git-ignored). Only digests that read without a problem
are cached, so a bad file is reported on every run. Entries are written whole (a temporary
file renamed into place), so a run cut short never leaves a half entry; an entry that cannot
be read is a miss. Entries no run used are removed at :meth:`DigestCache.prune`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from generator.inputs.digest_files import read_digest
from generator.core.model import Digest
from generator.catalog.tagging import Taxonomy


class DigestCache:
    """Reads digest files through the cache in ``folder`` (made when first written).

    ``generator`` is the fingerprint of the generator (code, taxonomy, libraries) that the
    cached digests must have been parsed by."""

    def __init__(self, folder: Path, generator: str) -> None:
        self.folder = folder
        self._generator = generator.encode()
        self._used: set[str] = set()

    def _entry(self, path: Path, data: bytes) -> Path:
        key = hashlib.sha256(self._generator + b"\0" + path.name.encode() + b"\0" + data).hexdigest()
        self._used.add(key)
        return self.folder / f"{key}.pickle"

    def read(self, path: Path, taxonomy: Taxonomy) -> Digest:
        """The digest in ``path`` (see :func:`generator.inputs.digest_files.read_digest`): from the
        cache when the file's bytes were parsed before, else parsed and cached. Raises
        :class:`~generator.core.problems.InputError` as ``read_digest`` does (nothing is cached then)."""
        try:
            data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        except OSError:
            data = None
        if data is None:  # not a regular file (a link among them), or unreadable: read_digest reports it
            return read_digest(path, taxonomy)
        entry = self._entry(path, data)
        try:
            with entry.open("rb") as file:
                digest = pickle.load(file)
            if isinstance(digest, Digest):
                return digest
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            pass
        digest = read_digest(path, taxonomy)
        self._store(entry, digest)
        return digest

    def _store(self, entry: Path, digest: Digest) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".writing-", suffix=".pickle")
            with os.fdopen(handle, "wb") as file:
                pickle.dump(digest, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except OSError:
            pass  # a cache that cannot be written is only slower

    def prune(self) -> None:
        """Remove the entries (and temporary files of runs cut short) that this cache's
        reads did not use: digests since edited or removed, or parsed by another generator."""
        try:
            for entry in self.folder.iterdir():
                if entry.suffix == ".pickle" and entry.stem not in self._used:
                    entry.unlink(missing_ok=True)
        except OSError:
            pass
