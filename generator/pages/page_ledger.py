"""The page ledger: what each generated page was made from, so that a run renders only the
pages whose inputs changed (after Lektor's build state and ``check_artifact_is_current``).

For each page it renders, a writer names the page's inputs as one hash (for a paper page:
the paper's record, its related papers, its citation key, its tags' and categories' labels,
its template and the generator; :func:`generator.pages.paper_pages.paper_page_inputs`).
After a successful run the ledger records, per page, that hash and the size and
modification time (ns) of the file as it then is on disk. The next run skips rendering a
page when :func:`page_is_current` says so.

The ledger lives in the project's cache folder (``.cache/paper-digests/pages.json``) and is
replaced whole (a temporary file renamed into place) at the end of a successful run only.
A run cut short leaves the previous ledger, whose records no longer match any page that run
wrote (its size or time changed): such pages are rendered again. A page edited or touched
by hand since is rendered again too; a missing or unreadable ledger means every page is.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from generator.core.files import replaced

LEDGER_NAME = "pages.json"


@dataclass(frozen=True)
class PageRecord:
    """What the ledger knows of one page: the hash of its ``inputs`` when it was last
    rendered, and the ``size`` (bytes) and ``mtime_ns`` of its file right after that run."""

    inputs: str
    size: int
    mtime_ns: int


def page_is_current(record: PageRecord | None, inputs: str, on_disk: os.stat_result | None) -> bool:
    """Whether a page need not be rendered again: the ledger has a ``record`` of it, made
    from the same ``inputs`` (hash), and its file is still there (``on_disk``, its
    ``os.stat``) with the size and modification time recorded, so it holds what that
    rendering wrote. Anything else (no record, other inputs, a missing, edited or
    rewritten file) means it must be rendered."""
    return (
        record is not None
        and on_disk is not None
        and record.inputs == inputs
        and record.size == on_disk.st_size
        and record.mtime_ns == on_disk.st_mtime_ns
    )


class PageLedger:
    """The records of the pages in ``docs_dir``, read from ``folder`` (see the module docstring)."""

    def __init__(self, folder: Path, docs_dir: Path) -> None:
        self.folder = folder
        self.docs_dir = docs_dir
        self.records: dict[str, PageRecord] = {}
        self.inputs: dict[str, str] = {}
        """The inputs of the pages checked this run (:meth:`check`), recorded by :meth:`save`."""
        self._current: set[str] = set()
        """The pages :meth:`check` found current (so not to be written this run)."""
        try:
            raw = json.loads((folder / LEDGER_NAME).read_text(encoding="utf-8"))
            self.records = {page: PageRecord(*record) for page, record in raw["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.records = {}  # no ledger, or not one we can read: every page is rendered

    def keep_only(self, pages: dict[str, str | None]) -> None:
        """Forget the records of pages not in ``pages`` (the docs_dir manifest: page → hash
        of the bytes the generator wrote, ``None`` if unknown): only a page the generator
        knows it wrote, with those bytes, may be kept unread."""
        self.records = {page: r for page, r in self.records.items() if pages.get(page) is not None}

    def check(self, page: str, inputs: str) -> bool:
        """Whether docs_dir page ``page`` (POSIX path) is current for ``inputs`` (hash;
        :func:`page_is_current`). Notes ``inputs`` for :meth:`save`: the caller renders
        the page when it is not current."""
        self.inputs[page] = inputs
        record = self.records.get(page)
        if record is None or record.inputs != inputs:
            return False
        try:
            on_disk = os.stat(os.path.join(self.docs_dir, page))  # a string, not a Path: 10,000 pages a run
        except OSError:
            on_disk = None
        current = page_is_current(record, inputs, on_disk)
        if current:
            self._current.add(page)
        return current

    def save(self) -> None:
        """Record the inputs of the pages checked this run (:meth:`check`), with their files'
        size and time as they are now; only these pages are kept. Call it once every page
        was written."""
        records: dict[str, PageRecord] = {}
        for page, page_inputs in sorted(self.inputs.items()):
            if page in self._current:  # found current this run, so not written since: its record holds
                records[page] = self.records[page]
                continue
            try:
                on_disk = os.stat(self.docs_dir / page)
            except OSError:
                continue
            records[page] = PageRecord(page_inputs, on_disk.st_size, on_disk.st_mtime_ns)
        self.folder.mkdir(parents=True, exist_ok=True)
        with replaced(self.folder / LEDGER_NAME) as file:
            file.write(json.dumps({"pages": {page: [r.inputs, r.size, r.mtime_ns] for page, r in records.items()}}, separators=(",", ":")))
        self.records = records
        self._current = set()
