"""``mkdocs serve`` rebuilds once for each change of a digest, not twice.

MkDocs' development server watches docs_dir (``site_src/``) and rebuilds whenever a file in
it changes. The hook regenerates the pages in ``site_src/`` at the start of every build, so
the generator's own writes looked like a new change: every edit of a digest was followed by
a second build, which found nothing to write.

The generator's pages (the home page and the folders of
:data:`generator.writers.paths.GENERATED_FOLDERS`, and its two records,
:data:`generator.docs_dir.MANIFEST_NAME` and :data:`generator.docs_dir.FINGERPRINT_NAME`)
only change because one of their inputs changed (a digest, the taxonomy, a template:
mkdocs.yml's ``watch:`` list), and the build that this input's change starts regenerates
them; a page there edited by hand is overwritten by the next build anyway. So
:func:`watch_docs_dir_except_generated_pages` puts, in place of MkDocs' watch of docs_dir,
one that rebuilds on every change except those to the generator's pages. A hand-written
page (``about.md``, the assets) still rebuilds the site when it changes.

This relies on internals of MkDocs' ``LiveReloadServer`` (1.6: ``observer``,
``_watched_paths``, ``_watch_refs``, ``_rebuild_cond``, ``_want_rebuild``); without them MkDocs' own watch is
left in place, and serve builds twice per change, as before.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path, PurePath
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from generator.docs_dir import FINGERPRINT_NAME, MANIFEST_NAME
from generator.writers.paths import is_generated_area

log = logging.getLogger("mkdocs.hooks.generator")

_SERVER_INTERNALS = ("observer", "_watched_paths", "_watch_refs", "_rebuild_cond", "_want_rebuild")


class _ChangesExceptGeneratedPages(FileSystemEventHandler):
    """Asks ``server`` for a rebuild on a file event in ``docs_dir``, unless every path of the
    event is one of the generator's pages or records."""

    def __init__(self, server: Any, docs_dir: str) -> None:
        self.server = server
        self.docs_dir = docs_dir

    def generated(self, path: str | bytes) -> bool:
        try:  # the observer names paths from the watched path, docs_dir as given
            relative = PurePath(os.fsdecode(path)).relative_to(self.docs_dir).as_posix()
        except ValueError:  # outside docs_dir (a move out of it)
            return False
        return relative in (MANIFEST_NAME, FINGERPRINT_NAME) or is_generated_area(relative)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        paths = [event.src_path, *([event.dest_path] if getattr(event, "dest_path", "") else [])]
        if all(self.generated(path) for path in paths):
            return
        log.debug("Rebuilding for %s", event)
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()


def watch_docs_dir_except_generated_pages(server: Any, docs_dir: str | Path) -> bool:
    """In MkDocs' development server ``server`` (a ``mkdocs.livereload.LiveReloadServer``,
    as given to the ``on_serve`` event), replace the watch of ``docs_dir`` by one that
    ignores changes to the generator's pages (see the module docstring).

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
    handler = _ChangesExceptGeneratedPages(server, watched)
    server._watch_refs[watched] = server.observer.schedule(handler, watched, recursive=True)
    return True
