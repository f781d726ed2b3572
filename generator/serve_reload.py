"""``mkdocs serve`` rebuilds once for each change of a digest, not twice.

MkDocs' development server watches docs_dir (``site_src/``) and rebuilds whenever a file in
it changes. The hook regenerates the pages in ``site_src/`` at the start of every build, so
the generator's own writes looked like a new change: every edit of a digest was followed by
a second build, which found nothing to write.

:func:`watch_docs_dir_except_generator_writes` puts, in place of MkDocs' watch of docs_dir,
one that rebuilds on every change except the generator's own writes, which are:

* any change to the generator's pages and records (the home page, the folders of
  :data:`generator.writers.paths.GENERATED_FOLDERS`,
  :data:`generator.docs_dir.MANIFEST_NAME`, :data:`generator.docs_dir.FINGERPRINT_NAME`)
  while the generator runs (:func:`generator_run`, around each run of the hook's);
* afterwards, a change to a file that its latest run wrote or removed (or to its records,
  if that run succeeded). MkDocs polls docs_dir every half second, so it may notice a write
  after the run has ended.

Everything else rebuilds: a hand-written page (``about.md``, the assets, even one placed in
a generated folder) and whatever a contributor does in the generated folders after a run
that failed or wrote nothing there, such as deleting them as the generator's error message
asks. After a failed run every change in docs_dir rebuilds until a run succeeds, a folder
created, removed or renamed included, except while the generator runs (otherwise, as
MkDocs', the watch ignores folders).

This relies on internals of MkDocs' ``LiveReloadServer`` (1.6: ``observer``,
``_watch_refs``, ``_rebuild_cond``, ``_want_rebuild``); without them
MkDocs' own watch is left in place, and serve builds twice per change, as before.

State lives in this module, not in the hook: MkDocs loads the hook's module afresh with the
configuration of every build, while this module stays loaded as long as the server runs.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from generator.docs_dir import FINGERPRINT_NAME, MANIFEST_NAME
from generator.writers.paths import is_generated_area

log = logging.getLogger("mkdocs.hooks.generator")

RECORDS = frozenset({MANIFEST_NAME, FINGERPRINT_NAME})
_SERVER_INTERNALS = ("observer", "_watch_refs", "_rebuild_cond", "_want_rebuild")


class _GeneratorWrites:
    """Whether the generator is running in this process, the docs_dir paths (POSIX,
    relative) its latest run wrote or removed, and whether that run failed. Read by the
    watcher's thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = False
        self.paths: frozenset[str] = frozenset()
        self.failed = False

    def written_by_generator(self, relative: str) -> bool:
        with self.lock:
            if self.running and (relative in RECORDS or is_generated_area(relative)):
                return True
            return relative in self.paths

    def folders_count(self) -> bool:
        """Whether a folder's change is a reason to rebuild: only after a failed run (removing
        a folder in the way may be the fix), and not while the generator runs (it makes and
        removes its own folders, docs_dir's modification time with them)."""
        with self.lock:
            return self.failed and not self.running


_writes = _GeneratorWrites()


@contextmanager
def generator_run() -> Iterator[Callable[[Iterable[str]], None]]:
    """Around one run of the generator into docs_dir: yields a function to call with the
    docs_dir paths (POSIX, relative) the run wrote or removed, once it succeeded. If the
    block raises, the run is taken to have failed: what it may have written before an
    ``OSError`` stopped it starts one more build, which finds it written."""
    recorded: list[frozenset[str]] = []
    with _writes.lock:
        _writes.running = True
    try:
        yield lambda paths: recorded.append(frozenset(paths) | RECORDS)
    finally:
        with _writes.lock:
            _writes.running = False
            _writes.paths = recorded[-1] if recorded else frozenset()
            _writes.failed = not recorded


class _ChangesExceptGeneratorWrites(FileSystemEventHandler):
    """Asks ``server`` for a rebuild on a file event in ``docs_dir``, unless every path of the
    event is one the generator writes (see the module docstring)."""

    def __init__(self, server: Any, docs_dir: str) -> None:
        self.server = server
        self.docs_dir = docs_dir

    def no_change(self, path: str | bytes) -> bool:
        """Whether the event's ``path`` is none of the site's changes: the generator wrote it,
        or it is a folder that does not count (:meth:`_GeneratorWrites.folders_count`; MkDocs'
        polling observer takes a new folder that got the inode of a file just deleted for that
        file, moved)."""
        path = os.fsdecode(path)
        try:  # the observer names paths from the watched path, docs_dir as given
            relative = PurePath(path).relative_to(self.docs_dir).as_posix()
        except ValueError:  # outside docs_dir (a move out of it)
            return False
        return _writes.written_by_generator(relative) or (os.path.isdir(path) and not _writes.folders_count())

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory and not _writes.folders_count():
            return
        paths = [event.src_path, *([event.dest_path] if getattr(event, "dest_path", "") else [])]
        if all(self.no_change(path) for path in paths):
            return
        log.debug("Rebuilding for %s", event)
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()


def watch_docs_dir_except_generator_writes(server: Any, docs_dir: str | Path) -> bool:
    """In MkDocs' development server ``server`` (a ``mkdocs.livereload.LiveReloadServer``,
    as given to the ``on_serve`` event), replace the watch of ``docs_dir`` by one that
    ignores the generator's own writes (see the module docstring).

    Returns whether it did: ``False``, leaving the server as it was, when the server does not
    watch ``docs_dir`` or lacks the internals this relies on. Raises nothing of its own.
    """
    watched = os.path.abspath(docs_dir)  # as MkDocs' watch() records it
    if not all(hasattr(server, name) for name in _SERVER_INTERNALS) or watched not in server._watch_refs:
        log.debug("generator: MkDocs' dev server watches docs_dir as it does (its internals differ)")
        return False
    # In MkDocs' own place: its records of watched paths stay as they are, and its unwatch()
    # would stop this watch as it stops its own.
    server.observer.unschedule(server._watch_refs[watched])
    handler = _ChangesExceptGeneratorWrites(server, watched)
    server._watch_refs[watched] = server.observer.schedule(handler, watched, recursive=True)
    return True
