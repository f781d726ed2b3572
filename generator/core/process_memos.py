"""What the generator keeps in the process from one run to the next, and when.

Under ``mkdocs serve`` the hook and the generator's modules stay loaded from build to build,
so a build can reuse what the build before it computed: parsed digests, papers' tags, each
day's term counts, the same frozen Paper objects, record and page-input hashes (each memo
is a module-level dict or an ``lru_cache`` of a pure function, with its own rule for when an
entry is current: ``tests/test_in_process_reuse.py``). This module holds the one rule for
whether they are kept at all: only when a later run in the same process will use them, that
is when :func:`keep_between_runs` was called (the hook does, under ``mkdocs serve``: MkDocs'
documented ``on_startup`` event names the command). A CLI run or ``mkdocs build`` keeps none:
what a run put in them is dropped when the run ends (:func:`run`), so that memory (about
40 MB at 10,000 papers, most of it the days' term counts) is free for MkDocs' own build.

Memos register themselves with :func:`memo` where they are defined.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

Memo = TypeVar("Memo", bound=Any)

_MEMOS: list[Any] = []
"""Every registered memo: dicts (emptied with ``clear``) and ``lru_cache``-wrapped
functions (emptied with ``cache_clear``)."""

_STATE = {"keep": False, "filled": False}
"""``keep``: memos are kept between runs. ``filled``: a run since then ended without error,
so the memos hold what the next run reuses."""


def memo(store: Memo) -> Memo:
    """Register ``store`` (a dict, or a function wrapped by ``functools.lru_cache``) as a
    memo kept between runs only when :func:`keeping`; returns it (usable as a decorator
    above ``lru_cache``)."""
    _MEMOS.append(store)
    return store


_PAPER_MEMOS: dict[str, dict[str, tuple[Any, Any]]] = {}
"""The per-paper memos (:func:`paper_memo`), by name."""


def paper_memo(name: str) -> dict[str, tuple[Any, Any]]:
    """A new memo of something computed from one paper alone, registered under ``name``:
    ``{paper key: (the Paper, what was computed from it)}``, an entry being right for a
    paper only when it is that very (frozen) object (:func:`remembered`). Besides being kept
    in the process like any memo (:func:`memo`), these are kept from one run to the next in
    the generator's cache together with the papers they name
    (:mod:`generator.catalog.catalog_cache`), so that the identity holds there too."""
    store: dict[str, tuple[Any, Any]] = memo({})
    _PAPER_MEMOS[name] = store
    return store


def paper_memos() -> dict[str, dict[str, tuple[Any, Any]]]:
    """Every per-paper memo (:func:`paper_memo`) by name (the memos themselves, not copies)."""
    return _PAPER_MEMOS


def remembered(store: dict[str, tuple[Any, Any]], paper: Any, compute: Callable[[Any], Any]) -> Any:
    """What ``compute(paper)`` gives, from the per-paper memo ``store`` when it holds an
    entry for this very ``paper`` object (papers are frozen: the same object, the same
    answer), else computed and noted there."""
    found = store.get(paper.key)
    if found is not None and found[0] is paper:
        return found[1]
    value = compute(paper)
    store[paper.key] = (paper, value)
    return value


def keep_between_runs(keep: bool = True) -> None:
    """Keep the memos from one run to the next in this process (``keep``), or not (the
    default; the memos are emptied now)."""
    _STATE["keep"] = keep
    if not keep:
        forget()


def keeping() -> bool:
    """Whether the memos are kept between runs (:func:`keep_between_runs`)."""
    return _STATE["keep"]


def forget() -> None:
    """Empty every memo."""
    for store in _MEMOS:
        clear: Callable[[], None] = getattr(store, "cache_clear", None) or store.clear
        clear()
    _STATE["filled"] = False


@contextmanager
def run() -> Iterator[bool]:
    """One run of the generator. Yields whether the run must fill the memos, so must not take
    short cuts past what they hold (memos kept, and no run has filled them yet: the first
    build of ``mkdocs serve``, so that the first edit costs what later ones do). After the
    run the memos are emptied unless kept; kept ones count as filled once a run ended
    without error."""
    fill = _STATE["keep"] and not _STATE["filled"]
    try:
        yield fill
    except BaseException:
        if not _STATE["keep"]:
            forget()
        raise
    if _STATE["keep"]:
        _STATE["filled"] = True
    else:
        forget()
