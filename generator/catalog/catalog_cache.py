"""The catalog kept from one run to the next, so that a run after a day was added merges
that day into the days before it instead of merging every day again.

After a successful run the generator keeps, in ``.cache/paper-digests/catalog.pickle``
(:data:`CACHE_NAME`), the merged listings of every digest (:class:`~generator.catalog.
catalog.Listings`), the catalog's papers, and what later stages computed from each paper
alone (:func:`generator.core.process_memos.paper_memos`: records, page inputs, citation
keys' stems), all in one pickle so that a paper not touched since is the very object those
name. It is kept under what it was made from: the generator's fingerprint
(:func:`generator.inputs.project.generator_fingerprint`: its code, templates, taxonomy and
libraries) and the digest files' keys in name order (each the hash of the generator, the
file's name and its bytes: :meth:`generator.inputs.digest_cache.DigestCache.key_of`).

:func:`kept_days` is the rule for whether it is current: it stands for the first files of
a run when it was made by the same generator from exactly those files. Anything else (a
digest edited, removed or inserted before others, another generator or taxonomy) means the
catalog is merged whole again; a day added after the kept ones is merged into them
(:func:`generator.build.load_catalog`, which also refuses what a merge of every day would
refuse). The file is replaced whole (:func:`generator.core.files.replaced`), and only after
a run ended without error; an entry is a pure function of its key, so one that cannot be
read, or was made by other code, only counts as missing.

The newest day is the one a contributor edits most (the day their pull request adds), and
an edited day is not after the kept ones. So the catalog kept before a run that added the
newest day is not dropped but kept too (:data:`CHECKPOINT_NAME`, moved, not written again:
:func:`is_checkpoint`): when the newest day is edited or replaced, that one is current
for every day but the newest, and the run merges the newest day into it, as it would an
added day (:func:`load_kept` takes the first current of the two). A run that merged every
day keeps no checkpoint until the next day is added.

Since the checkpoint is there, :data:`CACHE_NAME` after such a run holds only what changed
since it (:func:`write_kept`): the drafts the days since have touched, the papers that are
other objects than the checkpoint's, the memo entries that are not the checkpoint's, and the
listings' index and days whole; a paper of the checkpoint that a memo names is written as a
reference to it. Reading it reads the checkpoint first (:func:`load_kept`: same generator,
exactly the days the changes were made on, else neither counts). At 10,000 papers and a day
of 291 that is about a fiftieth of the pickling of the whole (bench/README.md, issue 19). The
changes are written on the same checkpoint while they cover at most :data:`MAX_DELTA_DAYS`
days; then whole again (and the checkpoint, older, still serves an edit of the newest day,
merging the days since it).
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from generator.core.files import replaced
from generator.core.model import Paper
from generator.catalog.catalog import Listings

CACHE_NAME = "catalog.pickle"
"""The kept catalog's file in the generator's cache folder."""

CHECKPOINT_NAME = "catalog-before-newest.pickle"
"""The catalog kept before the run that added the newest day (:func:`is_checkpoint`), beside
:data:`CACHE_NAME`."""

MAX_DELTA_DAYS = 7
""":data:`CACHE_NAME` holds only what changed since the checkpoint while it has at most this
many days more than the checkpoint; then it is written whole (:func:`write_kept`)."""


@dataclass
class Base:
    """The whole kept catalog that a run's catalog was merged into, as read: the file it is in
    (``name``: :data:`CACHE_NAME` or :data:`CHECKPOINT_NAME`), its ``days``, and its ``papers``
    and ``memos`` (the very objects read); ``changed``: the keys of the drafts that the days
    merged into it since have touched (new, or merged into)."""

    name: str
    days: list[str]
    papers: dict[str, Paper]
    memos: dict[str, dict[str, tuple[Any, Any]]]
    changed: set[str] = field(default_factory=set)


@dataclass
class KeptCatalog:
    """A catalog as a run left it: made by the generator of fingerprint ``generator`` from
    the digest files whose keys are ``days`` (in name order), their merged ``listings``, the
    catalog's ``papers`` by key and the per-paper ``memos`` by name (each ``{paper key:
    (paper, value)}``, :func:`generator.core.process_memos.paper_memo`); ``base``: the whole
    kept catalog it was merged into (``None``: merged whole), of which :func:`write_kept`
    writes only the changes when it can."""

    generator: str
    days: list[str]
    listings: Listings
    papers: dict[str, Paper]
    memos: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    base: Base | None = None


_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError, KeyError)
"""What reading a missing, cut or foreign kept catalog may raise: it counts as none."""


def kept_days(generator: str, days: Sequence[str], kept_generator: str, kept: Sequence[str]) -> int | None:
    """How many of a run's digest files ``days`` (their keys, in name order; the run's
    generator's fingerprint ``generator``) a catalog kept from the files ``kept`` by the
    generator ``kept_generator`` stands for: all of its files when it was made by the same
    generator and its files are the first of ``days``; ``None`` when it is not current
    (another generator, or any of its files edited, removed, renamed or preceded by
    another). The files after those are the run's to merge into it."""
    if kept_generator != generator or len(kept) > len(days):
        return None
    return len(kept) if list(days[: len(kept)]) == list(kept) else None


def is_checkpoint(generator: str, days: Sequence[str], kept_generator: str, kept: Sequence[str]) -> bool:
    """Whether a catalog kept from the files ``kept`` by the generator ``kept_generator``,
    when a run of generator ``generator`` over the files ``days`` ended, is to be kept as the
    checkpoint (:data:`CHECKPOINT_NAME`): it stands for every file of the run but the last
    (the run added the newest day to it), made by the same generator."""
    return kept_generator == generator and len(days) >= 1 and list(kept) == list(days[:-1])


def load_kept(path: Path, generator: str, days: Sequence[str]) -> tuple[int, KeptCatalog] | None:
    """The catalog kept in ``path``, or else the checkpoint beside it (:data:`CHECKPOINT_NAME`),
    the first current for a run of generator ``generator`` over the digest files ``days``
    (:func:`kept_days`), with how many of those it stands for; ``None`` when neither is (or
    exists, or can be read). When ``path`` holds the changes since the checkpoint, the
    checkpoint is read under them (it must be the one they were made on)."""
    for kept_path in (path, path.with_name(CHECKPOINT_NAME)):
        found = _load_kept(kept_path, generator, days)
        if found is not None:
            return found
    return None


def _kept_header(path: Path) -> tuple | None:
    """The header of the catalog kept in ``path``: its generator and files' keys, and (when it
    holds the changes since the checkpoint) the checkpoint's files' keys; ``None`` when there
    is none or it cannot be read."""
    try:
        with path.open("rb") as file:
            return _read_header(file)
    except _UNREADABLE:
        return None


def _read_header(file: IO[bytes]) -> tuple | None:
    """:func:`_kept_header` read from ``file`` (open at its start; left after the header)."""
    header = pickle.load(file)
    return header if isinstance(header, tuple) and len(header) in (2, 3) else None


class _ChangesPickler(pickle.Pickler):
    """Pickles a paper of ``base`` (the very object) as a reference to it, by key."""

    def __init__(self, file: Any, base: dict[str, Paper]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._base = base

    def persistent_id(self, obj: Any) -> str | None:  # noqa: D102 - pickle's documented hook
        if type(obj) is Paper and self._base.get(obj.key) is obj:
            return obj.key
        return None


class _ChangesUnpickler(pickle.Unpickler):
    """Reads what :class:`_ChangesPickler` wrote, the papers referred to from ``base``."""

    def __init__(self, file: Any, base: dict[str, Paper]) -> None:
        super().__init__(file)
        self._base = base

    def persistent_load(self, pid: Any) -> Paper:  # noqa: D102 - pickle's documented hook
        return self._base[pid]


def _load_whole(path: Path, generator: str) -> tuple[list[str], Listings, Base] | None:
    """The whole catalog kept in ``path`` by ``generator``: its files' keys, its listings, and
    itself as a :class:`Base`; ``None`` when it is not whole or made by another generator."""
    with path.open("rb") as file:
        return _read_whole(file, path.name, pickle.load(file), generator)


def _read_whole(file: IO[bytes], name: str, header: Any, generator: str) -> tuple[list[str], Listings, Base] | None:
    """:func:`_load_whole`'s catalog of the file ``name``, read from ``file`` after its ``header``."""
    if not isinstance(header, tuple) or len(header) != 2 or header[0] != generator:
        return None
    listings, papers, memos = pickle.load(file)
    if not isinstance(listings, Listings):
        return None
    kept = list(header[1])
    return kept, listings, Base(name, kept, papers, memos)


def _load_kept(path: Path, generator: str, days: Sequence[str]) -> tuple[int, KeptCatalog] | None:
    """The catalog kept in ``path`` when it is current (:func:`kept_days`), with how many of
    ``days`` it stands for; the files' keys are read first (the file's header, read once), the
    catalog only when current."""
    try:
        with path.open("rb") as file:
            header = _read_header(file)
            if header is None or kept_days(generator, days, header[0], header[1]) is None:
                return None
            if len(header) == 3:
                return _load_changes(file, path, generator, header[1], header[2])
            whole = _read_whole(file, path.name, header, generator)
        if whole is None:
            return None
        kept, listings, base = whole
        return len(kept), KeptCatalog(generator, kept, listings, base.papers, base.memos, base)
    except _UNREADABLE:
        return None


def _load_changes(file: IO[bytes], path: Path, generator: str, kept: list[str],
                  base_days: list[str]) -> tuple[int, KeptCatalog] | None:
    """The catalog of the files ``kept`` from the changes in ``path`` (``file``, open after
    its header) read onto the checkpoint beside it, which must be the whole catalog of the
    files ``base_days``."""
    whole = _load_whole(path.with_name(CHECKPOINT_NAME), generator)
    if whole is None or whole[0] != list(base_days):
        return None
    _, listings, base = whole
    listings.index, listings.day_listing, listings.repeats, listings.days = pickle.load(file)
    drafts, changed_papers, changed_memos, changed = _ChangesUnpickler(file, base.papers).load()
    for key, draft in drafts:  # touched ones in place, new ones after, in the order added
        listings.drafts[key] = draft
    papers = {**base.papers, **changed_papers}
    memos = {}
    for name in base.memos.keys() | changed_memos.keys():
        store = {**base.memos.get(name, {}), **changed_memos.get(name, {})}
        for key in changed_papers.keys() - changed_memos.get(name, {}).keys():
            store.pop(key, None)  # the checkpoint's entry names the paper before it changed
        memos[name] = store
    return len(kept), KeptCatalog(generator, list(kept), listings, papers, memos, replace(base, changed=set(changed)))


def own_memos(kept: KeptCatalog) -> KeptCatalog:
    """``kept`` with, of its memos, only the entries that name its papers themselves (the
    very objects): what :func:`write_kept` writes. New dicts: the memos may be emptied
    afterwards (:func:`generator.core.process_memos.run`) without changing it."""
    memos = {
        name: {key: entry for key, entry in store.items() if kept.papers.get(key) is entry[0]} for name, store in kept.memos.items()
    }
    return replace(kept, memos=memos)


def write_kept(path: Path, kept: KeptCatalog) -> None:
    """Write in ``path`` the ``kept`` catalog as it is (see :func:`own_memos`). When the
    catalog ``path`` held before stands for every day of ``kept`` but the newest
    (:func:`is_checkpoint`) and was whole, it is moved to the checkpoint
    (:data:`CHECKPOINT_NAME`). When ``kept`` was merged into the checkpoint's catalog (now)
    and has at most :data:`MAX_DELTA_DAYS` days more, only the changes since it are written
    (see the module docstring); else the whole catalog. A cache that cannot be written is
    only slower: nothing is raised."""
    base = kept.base
    checkpoint = path.with_name(CHECKPOINT_NAME)
    before = _kept_header(path)
    if before is not None and len(before) == 2 and is_checkpoint(kept.generator, kept.days, *before):
        try:
            path.replace(checkpoint)
        except OSError:
            base = None
        else:  # a base read from the checkpoint before is not there any more
            base = replace(base, name=checkpoint.name) if base is not None and base.name == path.name else None
    if base is not None and (base.name != checkpoint.name or len(kept.days) - len(base.days) > MAX_DELTA_DAYS):
        base = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replaced(path, binary=True) as file:
            if base is None:
                pickle.dump((kept.generator, kept.days), file, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump((kept.listings, kept.papers, kept.memos), file, protocol=pickle.HIGHEST_PROTOCOL)
            else:
                _write_changes(file, kept, base)
    except OSError:
        pass


def _same_entry(before: tuple[Any, Any] | None, entry: tuple[Any, Any]) -> bool:
    """Whether the memo entry ``entry`` is ``before`` (the checkpoint's): the same object, or
    for the very same paper an equal value (a memo may note an unchanged value anew each run)."""
    return before is entry or (before is not None and before[0] is entry[0] and before[1] == entry[1])


def _write_changes(file: Any, kept: KeptCatalog, base: Base) -> None:
    """Write into ``file`` what changed in ``kept`` since ``base`` (the checkpoint's catalog):
    see the module docstring."""
    listings = kept.listings
    pickle.dump((kept.generator, kept.days, base.days), file, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump((listings.index, listings.day_listing, listings.repeats, listings.days), file, protocol=pickle.HIGHEST_PROTOCOL)
    drafts = [(key, draft) for key, draft in listings.drafts.items() if key in base.changed]
    papers = {key: paper for key, paper in kept.papers.items() if base.papers.get(key) is not paper}
    memos = {name: {key: entry for key, entry in store.items() if not _same_entry(base.memos.get(name, {}).get(key), entry)}
             for name, store in kept.memos.items()}
    _ChangesPickler(file, base.papers).dump((drafts, papers, memos, sorted(base.changed)))
