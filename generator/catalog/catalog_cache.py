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
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.core.files import replaced
from generator.core.model import Paper
from generator.catalog.catalog import Listings

CACHE_NAME = "catalog.pickle"
"""The kept catalog's file in the generator's cache folder."""

CHECKPOINT_NAME = "catalog-before-newest.pickle"
"""The catalog kept before the run that added the newest day (:func:`is_checkpoint`), beside
:data:`CACHE_NAME`."""


@dataclass
class KeptCatalog:
    """A catalog as a run left it: made by the generator of fingerprint ``generator`` from
    the digest files whose keys are ``days`` (in name order), their merged ``listings``, the
    catalog's ``papers`` by key and the per-paper ``memos`` by name (each ``{paper key:
    (paper, value)}``, :func:`generator.core.process_memos.paper_memo`)."""

    generator: str
    days: list[str]
    listings: Listings
    papers: dict[str, Paper]
    memos: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)


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
    exists, or can be read)."""
    for kept_path in (path, path.with_name(CHECKPOINT_NAME)):
        found = _load_kept(kept_path, generator, days)
        if found is not None:
            return found
    return None


def _kept_header(path: Path) -> tuple[str, list[str]] | None:
    """The generator and the files' keys of the catalog kept in ``path``; ``None`` when there
    is none or it cannot be read."""
    try:
        with path.open("rb") as file:
            kept_generator, kept = pickle.load(file)
    except _UNREADABLE:
        return None
    return kept_generator, kept


def _load_kept(path: Path, generator: str, days: Sequence[str]) -> tuple[int, KeptCatalog] | None:
    """The catalog kept in ``path`` when it is current (:func:`kept_days`), with how many of
    ``days`` it stands for; the files' keys are read first, the catalog only when current."""
    try:
        with path.open("rb") as file:
            kept_generator, kept = pickle.load(file)
            count = kept_days(generator, days, kept_generator, kept)
            if count is None:
                return None
            listings, papers, memos = pickle.load(file)
    except _UNREADABLE:
        return None
    if not isinstance(listings, Listings):
        return None
    return count, KeptCatalog(generator, list(kept), listings, papers, memos)


def own_memos(kept: KeptCatalog) -> KeptCatalog:
    """``kept`` with, of its memos, only the entries that name its papers themselves (the
    very objects): what :func:`write_kept` writes. New dicts: the memos may be emptied
    afterwards (:func:`generator.core.process_memos.run`) without changing it."""
    memos = {
        name: {key: entry for key, entry in store.items() if kept.papers.get(key) is entry[0]} for name, store in kept.memos.items()
    }
    return replace(kept, memos=memos)


def write_kept(path: Path, kept: KeptCatalog) -> None:
    """Write (whole) in ``path`` the ``kept`` catalog as it is (see :func:`own_memos`); the
    catalog ``path`` held before is moved to the checkpoint (:data:`CHECKPOINT_NAME`) when
    it stands for every day of ``kept`` but the newest (:func:`is_checkpoint`). A cache
    that cannot be written is only slower: nothing is raised."""
    before = _kept_header(path)
    if before is not None and is_checkpoint(kept.generator, kept.days, *before):
        try:
            path.replace(path.with_name(CHECKPOINT_NAME))
        except OSError:
            pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replaced(path, binary=True) as file:
            pickle.dump((kept.generator, kept.days), file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((kept.listings, kept.papers, kept.memos), file, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass
