"""Parsed digests cached by content hash, so that a run reads YAML and validates only the
digest files that changed since the last run; and papers' tags cached by what they are
assigned from (:class:`TagCache`), so that a run tags only new or edited papers.

An entry is the pickled :class:`~generator.core.model.Digest` of one digest file, named by the
SHA-256 of the file's name and bytes and of the generator (:func:`generator.inputs.project.
generator_fingerprint`: code, taxonomy, library versions), in the project's cache folder
(``.cache/paper-digests/digests/``, git-ignored). Only digests that read without a problem
are cached, so a bad file is reported on every run. Entries are written whole (a temporary
file renamed into place), so a run cut short never leaves a half entry; an entry that cannot
be read is a miss. Entries no run used are removed at :meth:`DigestCache.prune`.

The digests the last run used are also kept in the process (:data:`_IN_PROCESS`), by the
same key: under ``mkdocs serve`` a build after an edit unpickles none of the unchanged days.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

from generator.core.files import replaced
from generator.inputs.digest_files import read_digest
from generator.core.model import Digest
from generator.core.process_memos import memo
from generator.catalog.tagging import Taxonomy


_IN_PROCESS: dict[str, Digest] = memo({})
"""The digests the last :meth:`DigestCache.prune` kept, by entry key (a hash of the file's
name and bytes and of the generator): right whenever found, like the files."""


class DigestCache:
    """Reads digest files through the cache in ``folder`` (made when first written).

    ``generator`` is the fingerprint of the generator (code, taxonomy, libraries) that the
    cached digests must have been parsed by."""

    def __init__(self, folder: Path, generator: str) -> None:
        self.folder = folder
        self._generator = generator.encode()
        self._used: set[str] = set()
        self._read: dict[str, Digest] = {}
        self.read_keys: dict[Path, str] = {}
        """The key of the bytes each file was read from (:meth:`read`), by path."""

    def _key(self, path: Path, data: bytes) -> str:
        key = hashlib.sha256(self._generator + b"\0" + path.name.encode() + b"\0" + data).hexdigest()
        self._used.add(key)
        return key

    def key_of(self, path: Path) -> str | None:
        """The key of ``path``'s entry (a hash of the generator, the file's name and bytes),
        or ``None`` when it is no regular file or cannot be read. The entry counts as used
        (:meth:`prune` keeps it)."""
        data = _regular_file_bytes(path)
        return None if data is None else self._key(path, data)

    def read(self, path: Path, taxonomy: Taxonomy) -> Digest:
        """The digest in ``path`` (see :func:`generator.inputs.digest_files.read_digest`): from the
        cache when the file's bytes were parsed before, else parsed and cached. Raises
        :class:`~generator.core.problems.InputError` as ``read_digest`` does (nothing is cached then)."""
        data = _regular_file_bytes(path)
        if data is None:  # not a regular file (a link among them), or unreadable: read_digest reports it
            return read_digest(path, taxonomy)
        key = self.read_keys[path] = self._key(path, data)
        entry = self.folder / f"{key}.pickle"
        digest = _IN_PROCESS.get(key)
        if digest is not None:
            if not entry.exists():  # read by another project of this process: this project's cache gets it too
                self._store(entry, digest)
        else:
            digest = self._load(entry)
        if digest is None:
            digest = read_digest(path, taxonomy)
            self._store(entry, digest)
        self._read[key] = digest
        return digest

    def _load(self, entry: Path) -> Digest | None:
        try:
            with entry.open("rb") as file:
                digest = pickle.load(file)
            if isinstance(digest, Digest):
                return digest
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            pass
        return None

    def _store(self, entry: Path, digest: Digest) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with replaced(entry, binary=True) as file:
                pickle.dump(digest, file, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass  # a cache that cannot be written is only slower

    def prune(self) -> None:
        """Remove the entries (and temporary files of runs cut short) that this cache's
        reads did not use: digests since edited or removed, or parsed by another generator;
        keeps the digests read in the process (:data:`_IN_PROCESS`) in place of those before."""
        _IN_PROCESS.clear()
        _IN_PROCESS.update(self._read)
        try:
            for entry in self.folder.iterdir():
                if entry.suffix == ".pickle" and entry.stem not in self._used:
                    entry.unlink(missing_ok=True)
        except OSError:
            pass


_TAGS_IN_PROCESS: dict[str, dict[tuple, tuple[str, list[str]]]] = memo({})
"""The tags the last :meth:`TagCache.save` kept, for the generator of the fingerprint they
are filed under: by the arguments they were assigned from, with their entry key."""


def _regular_file_bytes(path: Path) -> bytes | None:
    """The bytes of ``path``, or ``None`` when it is no regular file (a symbolic link among
    them) or cannot be read."""
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None


class TagCache:
    """Papers' tags (:meth:`generator.catalog.tagging.Taxonomy.assign`) by what they are assigned
    from, kept in the JSON file ``path`` for the generator of fingerprint ``generator``
    (code and taxonomy: :func:`generator.inputs.project.generator_fingerprint`; a file made by
    another generator counts as empty). Call it as ``assign`` is called; :meth:`save` keeps
    the entries used since the cache was opened (written whole: a temporary file renamed
    into place). Tagging is a pure function of its arguments and the generator, so an
    entry is right whenever it is found."""

    def __init__(self, path: Path, taxonomy: Taxonomy, generator: str) -> None:
        self.path = path
        self.taxonomy = taxonomy
        self.generator = generator
        self.entries: dict[str, list[str]] = {}
        self.used: dict[str, list[str]] = {}
        self._remembered: dict[tuple, tuple[str, list[str]]] = {}
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("generator") == generator and isinstance(saved.get("tags"), dict):
                self.entries = saved["tags"]
        except (OSError, ValueError, AttributeError):
            self.entries = {}

    def __call__(
        self,
        title: str,
        abstract: str,
        manual: tuple[str, ...] = (),
        categories: tuple[str, ...] = (),
        keywords: tuple[str, ...] = (),
    ) -> tuple[str, ...]:
        arguments = (title, abstract, manual, categories, keywords)
        remembered = _TAGS_IN_PROCESS.get(self.generator, {}).get(arguments)
        if remembered is not None:
            key, found = remembered
        else:
            key = hashlib.sha256(json.dumps([title, abstract, manual, categories, keywords]).encode()).hexdigest()
            saved = self.entries.get(key)
            found = list(self.taxonomy.assign(title, abstract, manual, categories, keywords)) if saved is None else saved
        self.used[key] = found
        self._remembered[arguments] = key, found
        return tuple(found)

    def save(self, keep_unused: bool = False) -> None:
        """Write the entries used since the cache was opened (and, when ``keep_unused``, those
        read too: a run that tagged only the papers of an added day), unless they are those
        read, and keep them in the process (:data:`_TAGS_IN_PROCESS`) in place of those before."""
        _TAGS_IN_PROCESS.clear()
        _TAGS_IN_PROCESS[self.generator] = self._remembered
        if keep_unused:
            self.used = {**self.entries, **self.used}
        if self.used.keys() == self.entries.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with replaced(self.path) as file:
                file.write(json.dumps({"generator": self.generator, "tags": self.used}, sort_keys=True))
        except OSError:
            pass  # a cache that cannot be written is only slower
