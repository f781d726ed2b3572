"""The built site's files made from the catalog (the search files and the Atom feeds),
computed in a worker process while MkDocs renders the pages, so that the build does not
wait for them at its end.

What they need from MkDocs: the feeds nothing (the catalog, the taxonomy, ``site_url``,
``site_name``, ``use_directory_urls``); the search files the documents of the hand-written
pages that Material's search plugin indexes (:func:`~generator.output.search_index.page_documents`
of Material's ``search_index.json``, written at the build's end) and Material's search
``config``. Those pages come first among the search documents, so the worker is given a
guess of them (:func:`guessed_pages`: the last build's, recorded in the cache folder as
:data:`PAGES_NAME`, else one empty document per hand-written page Material will index) and
writes every search file but ``search_index.json``; at the end of the build
(:meth:`CatalogFiles.finish`) the pages Material indexed are compared with the guess: when
equal, only ``search_index.json`` is left to write; otherwise the search files are written
again in the build's process, incrementally on the state the worker saved (the papers are
the same, so only the pages' terms are computed again). The files are the same either way
(what :func:`~generator.output.search_index.write_index_files` writes for the real pages).

The worker is a process of the generator's start method
(:func:`generator.pages.process_pool.start_method`: a fork server, never a plain ``fork`` of
a process that may run threads), daemonic (it ends with the build's process), given the
documents and the feeds' papers (pickled), and stopped when the build fails
(:meth:`CatalogFiles.stop`). A worker stopped half way leaves what any run cut short leaves:
the search state is removed before the search files are written and saved after, the feeds'
record is written last (see their modules), so nothing is taken for current next time. A
worker that fails has its work done again in the build's process, which raises what it
raises.
"""

from __future__ import annotations

import json
import logging
import resource
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.catalog.catalog import Catalog
from generator.catalog.tagging import Taxonomy
from generator.core.files import holds, replaced
from generator.output.feeds import feed_papers, write_feeds
from generator.output.search_index import SearchDocument, write_index_files, write_index_json, write_shard_files
from generator.pages.process_pool import start_method

log = logging.getLogger("mkdocs.hooks.generator")

PAGES_NAME = "search-pages.json"
"""The file in the cache folder that records the search documents of the hand-written pages
of the last build (``[[location, title, text], …]``), the worker's guess for the next one."""


@dataclass(frozen=True)
class FeedSettings:
    """What the feeds take from the MkDocs config, and the generator's fingerprint (see
    :func:`~generator.output.feeds.write_feeds`)."""

    site_url: str
    site_name: str
    use_directory_urls: bool
    generator: str

    def write(self, site_dir: Path, catalog: Catalog, taxonomy: Taxonomy, cache: Path) -> int:
        """Write the feeds of ``catalog`` and ``taxonomy`` into ``site_dir`` with these
        settings (``cache``: the cache folder, for the feeds' record); returns how many
        were written (:func:`~generator.output.feeds.write_feeds`)."""
        return len(write_feeds(site_dir, catalog, taxonomy, self.site_url, self.site_name, self.use_directory_urls,
                               cache=cache, generator=self.generator))


def recorded_pages(cache: Path) -> list[SearchDocument] | None:
    """The hand-written pages' documents :data:`PAGES_NAME` records, or ``None`` when there
    is no such record (or it cannot be read)."""
    try:
        rows = json.loads((cache / PAGES_NAME).read_text(encoding="utf-8"))
        return [SearchDocument(location=location, title=title, text=text) for location, title, text in rows]
    except (OSError, ValueError, TypeError):
        return None


def record_pages(cache: Path, pages: list[SearchDocument]) -> None:
    """Record ``pages`` (documents of hand-written pages: location, title, text) as :data:`PAGES_NAME`."""
    data = json.dumps([[page.location, page.title, page.text] for page in pages], ensure_ascii=False) + "\n"
    path = cache / PAGES_NAME
    if not holds(path, data.encode("utf-8")):
        cache.mkdir(parents=True, exist_ok=True)
        with replaced(path) as file:
            file.write(data)


def guessed_pages(cache: Path, locations: list[str]) -> list[SearchDocument]:
    """The hand-written pages' search documents this build is likely to give: the last
    build's (:func:`recorded_pages`), else an empty document at each of ``locations`` (the
    URLs of the hand-written pages Material will index, in build order). A wrong guess
    costs time, never correctness (see the module docstring)."""
    recorded = recorded_pages(cache)
    return recorded if recorded is not None else [SearchDocument(location=location, title="", text="") for location in locations]


def _work(sender: Any, site_dir: Path, documents: list[SearchDocument], cache: Path,
          feed_catalog: Catalog | None, taxonomy: Taxonomy | None, feeds: FeedSettings | None) -> None:
    """The worker process: the search files but ``search_index.json``, then the feeds;
    sends ``("done", summary, shards, feeds written, seconds, peak RSS in bytes)`` or
    ``("failed", traceback text)``."""
    started = time.perf_counter()
    try:
        summary, shards = write_shard_files(site_dir, documents, cache=cache)
        written = 0
        if feeds is not None and feed_catalog is not None and taxonomy is not None:
            written = feeds.write(site_dir, feed_catalog, taxonomy, cache)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        sender.send(("done", summary, shards, written, time.perf_counter() - started, peak))
    except Exception:  # noqa: BLE001 - sent to the build's process, which does the work again
        sender.send(("failed", traceback.format_exc()))
    finally:
        sender.close()


class CatalogFiles:
    """The search files and feeds of one build, being written by a worker process (see the
    module docstring): :meth:`start` it as soon as the catalog and site_dir are ready,
    :meth:`finish` it at the build's end, :meth:`stop` it when the build fails."""

    def __init__(self, process: Any, receiver: Any, site_dir: Path, guess: list[SearchDocument],
                 papers: list[SearchDocument], cache: Path, feeds: FeedSettings | None) -> None:
        self._process, self._receiver = process, receiver
        self.site_dir, self.guess, self.papers, self.cache, self.feeds = site_dir, guess, papers, cache, feeds

    @classmethod
    def start(cls, site_dir: Path, guess: list[SearchDocument], papers: list[SearchDocument], cache: Path,
              catalog: Catalog | None, taxonomy: Taxonomy | None, feeds: FeedSettings | None) -> CatalogFiles:
        """Start a worker writing, into ``site_dir``, the search files of ``guess`` (the
        hand-written pages' documents guessed: :func:`guessed_pages`) then ``papers``
        (:func:`~generator.output.search_index.paper_documents`), with ``cache`` (the cache
        folder, for the search state and the feeds' record), and the feeds of ``catalog``
        and ``taxonomy`` with ``feeds`` (none when ``None``)."""
        context = start_method()
        receiver, sender = context.Pipe(duplex=False)
        feed_catalog = None
        if feeds is not None and catalog is not None and taxonomy is not None:
            feed_catalog = Catalog(feed_papers(catalog, taxonomy), [], {}, {})  # what the feeds show, pickled
        process = context.Process(target=_work, name="generator-catalog-files", daemon=True,
                                  args=(sender, site_dir, guess + papers, cache, feed_catalog, taxonomy, feeds))
        process.start()
        sender.close()  # the worker holds the other end: its exit is seen as the end of the pipe
        return cls(process, receiver, site_dir, guess, papers, cache, feeds)

    def _result(self) -> tuple | None:
        """The worker's message, waiting for it; ``None`` when it ended without one."""
        try:
            message = self._receiver.recv()
        except (EOFError, OSError):
            message = None
        self.stop()
        return message

    def finish(self, pages: list[SearchDocument], config: dict[str, Any],
               catalog: Catalog | None, taxonomy: Taxonomy | None) -> dict[str, Any]:
        """Wait for the worker, then complete its files with ``pages`` (the hand-written
        pages' documents, from Material's index) and ``config`` (Material's search config):
        ``search_index.json`` only when ``pages`` are the guess, else the search files
        written again on the worker's state (:func:`~generator.output.search_index.write_index_files`).
        When the worker failed, the search files and the feeds (of ``catalog`` and
        ``taxonomy``) are written here. Records ``pages`` for the next build's guess.

        Returns the search summary of :func:`~generator.output.search_index.write_shard_files`
        (``counted`` documents and ``computed`` terms: the worker's; when the guess was wrong,
        ``again`` holds what was counted and computed again here) plus ``feeds`` (feeds written, or ``None`` when none were asked for), ``worker_seconds``
        and ``worker_peak`` (bytes; 0 when the worker failed) and ``guessed`` (whether the
        guess was right)."""
        message = self._result()
        if message is None or message[0] != "done":
            log.warning("generator: the search files and feeds were not made beside the build (%s); making them now",
                        "the worker ended" if message is None else message[1].strip().splitlines()[-1])
            summary = write_index_files(self.site_dir, pages + self.papers, config, cache=self.cache)
            written = None
            if self.feeds is not None and catalog is not None and taxonomy is not None:
                written = self.feeds.write(self.site_dir, catalog, taxonomy, self.cache)
            record_pages(self.cache, pages)
            return {**summary, "feeds": written, "worker_seconds": 0.0, "worker_peak": 0, "guessed": False}
        _, summary, shards, written, seconds, peak = message
        guessed = pages == self.guess
        if guessed:
            write_index_json(self.site_dir, config, shards)
        else:  # the worker's work is what the summary counts; this pass's is ``again``
            again = write_index_files(self.site_dir, pages + self.papers, config, cache=self.cache)
            summary = again | {"counted": summary["counted"], "computed": summary["computed"],
                               "again": {"counted": again["counted"], "computed": again["computed"]}}
        record_pages(self.cache, pages)
        return {**summary, "feeds": written if self.feeds is not None else None, "worker_seconds": seconds,
                "worker_peak": peak, "guessed": guessed}

    @property
    def running(self) -> bool:
        """Whether the worker process is still running."""
        return self._process.is_alive()

    def stop(self) -> None:
        """End the worker, if still running (its files are then left as a run cut short
        leaves them), and wait for it. Idempotent."""
        if self.running:
            self._process.terminate()
        self._process.join()
        self._receiver.close()
