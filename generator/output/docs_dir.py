"""Putting generated pages into docs_dir (``site_src/``) without touching anything else.

The generator records what it wrote in ``site_src/.generated-files.json`` (MkDocs ignores
dot-files). On each run it

* writes a page only when its text changed (so ``mkdocs serve`` does not rebuild forever),
* removes only pages listed in that manifest that the new run no longer generates, and of
  those only the ones whose bytes are still what it wrote (the manifest records a hash of
  each; a page edited or replaced by hand since is left alone and reported as kept),
* refuses to overwrite a file it did not generate (a hand-written page wins; the clash is
  reported as a problem).

Next to the manifest, ``site_src/.generated-inputs.json`` holds the fingerprint of the
inputs the pages were made from (see :func:`generator.inputs.project.input_fingerprint`). When the
inputs still have that fingerprint and no generated file was changed or removed since, the
pages are current and the generator skips rendering them (:func:`pages_are_current`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.core.files import holds
from generator.core.problems import InputError, Problem

MANIFEST_NAME = ".generated-files.json"
FINGERPRINT_NAME = ".generated-inputs.json"


@dataclass
class SyncReport:
    """What :func:`sync_pages` did, as lists of docs_dir paths."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Pages no longer generated that were left in place because their bytes changed since
    they were generated (someone edited or replaced them by hand), or because the manifest
    records no hash for them (an older generator's manifest), so that cannot be told."""
    unchanged: int = 0


def content_hash(data: bytes) -> str:
    """The hash the manifest records for a generated file's bytes (BLAKE2b, 16 bytes, hex)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _generated_pages() -> str:
    """Where the generated pages are, for messages: ``index.md, papers/, tags/, days/, archive/``."""
    from generator.pages.paths import GENERATED_FOLDERS, HOME  # only here: a no-op run imports no writer

    return ", ".join([HOME, *GENERATED_FOLDERS])


def generated_pages(docs_dir: Path) -> dict[str, str | None]:
    """The files the last run generated, by its manifest, with the hash of the bytes it
    wrote (``None`` from a manifest of an older generator, which recorded paths only).
    Raises :class:`InputError` when the manifest is damaged."""
    manifest = docs_dir / MANIFEST_NAME
    if manifest.is_symlink():  # never read through a link: check_clashes reports it
        return {}
    if not manifest.exists():
        return {}
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        return dict(files) if isinstance(files, dict) else dict.fromkeys(files)
    except (ValueError, KeyError, TypeError):
        raise InputError(
            [Problem(manifest, None, f"the generator's manifest is damaged; delete it and the generated pages ({_generated_pages()})")]
        ) from None


def _safe_target(docs_dir: Path, relative: str) -> Path:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"generated page path {relative!r} would leave docs_dir")
    return docs_dir.joinpath(*path.parts)


def _links_on_the_way(docs_dir: Path, relative: str, known: dict[Path, bool]) -> list[Path]:
    """The symbolic links among the folders and the file that ``relative`` names under
    docs_dir (``known`` caches each path's answer across calls)."""
    links = []
    path = docs_dir
    for part in PurePosixPath(relative).parts:
        path = path / part
        if path not in known:
            known[path] = path.is_symlink()
        if known[path]:
            links.append(path)
    return links


def check_clashes(docs_dir: Path, pages: Mapping[str, str | None], kept: Iterable[str] = ()) -> list[Problem]:
    """Problems for every page the generator would write over a file it did not generate or
    a folder, or through a symbolic link (which could lead out of docs_dir, onto any file),
    and for files where it needs folders. ``kept``: pages the run keeps unwritten (besides
    ``pages``), which it neither writes nor removes."""
    before = generated_pages(docs_dir)
    in_the_way = "a hand-written file is in the way of a generated page; rename or move the hand-written file"
    if not (docs_dir / MANIFEST_NAME).exists() and (docs_dir / FINGERPRINT_NAME).exists():  # the manifest was lost
        in_the_way = (
            f"a file the generator has no record of writing ({MANIFEST_NAME} is missing) is in the way of a "
            f"generated page; if it was generated, delete it (or all generated pages: {_generated_pages()}), else rename "
            "or move it"
        )
    targets = {relative: _safe_target(docs_dir, relative) for relative in pages}
    folders_in_the_way, files_in_the_way = [], []
    for relative, target in targets.items():  # one stat per page, two for a page not generated before
        if target.is_dir():
            folders_in_the_way.append(Problem(target, None, "is a folder where the generator writes a page; move or rename it"))
        elif relative not in before and target.exists():
            files_in_the_way.append(Problem(target, None, in_the_way))
    problems = folders_in_the_way + files_in_the_way
    # Every path the run may write or remove: the pages, the pages generated last time (removed
    # if no longer made), and the generator's own two records.
    staying = set(pages).union(kept)
    touched = [*pages, *(relative for relative in before if relative not in staying), MANIFEST_NAME, FINGERPRINT_NAME]
    known: dict[Path, bool] = {}
    links = dict.fromkeys(link for relative in touched for link in _links_on_the_way(docs_dir, relative, known))
    problems += [
        Problem(link, None, "is a symbolic link where the generator writes pages; it never writes through links: remove it")
        for link in links
    ]
    folders = {folder for target in targets.values() for folder in target.parents}
    problems += [
        Problem(folder, None, "is a file where the generator needs a folder for its pages; move or rename it")
        for folder in sorted(folders)
        if docs_dir in folder.parents and folder.exists() and not folder.is_dir()
    ]
    return problems


def sync_pages(docs_dir: Path, pages: dict[str, str | None], fingerprint: str | None = None) -> SyncReport:
    """Make docs_dir hold exactly ``pages`` (``{relative POSIX path: text}``) among the
    files the generator owns, leaving every other file alone (see the module docstring).
    A page whose text is ``None`` is current (:mod:`generator.pages.page_ledger`): its file,
    generated by an earlier run, is kept as it is, unread.
    With ``fingerprint`` (of the inputs ``pages`` were made from), record it when done;
    without, remove any recorded one.

    Raises :class:`InputError` before changing anything if a page would overwrite a file
    the generator did not write, or a folder. An ``OSError`` while writing or removing (no
    permission, a full disk) is raised after the manifest has recorded the files written so
    far.
    """
    # Pages kept as they are (None) are not written: only the others can clash.
    clashes = check_clashes(docs_dir, {page: text for page, text in pages.items() if text is not None}, kept=pages.keys())
    if clashes:
        raise InputError(clashes)
    before = generated_pages(docs_dir)
    report = SyncReport()
    hashes: dict[str, str] = {}
    stamp = docs_dir / FINGERPRINT_NAME
    folders_made: set[Path] = set()
    try:
        for relative, text in pages.items():
            if text is None:
                recorded = before.get(relative)
                if recorded is None:  # not recorded as generated (or by an older generator): cannot be kept unread
                    raise ValueError(f"page {relative!r} has no text and no record of being generated")
                hashes[relative] = recorded
                report.unchanged += 1
                continue
            target = _safe_target(docs_dir, relative)
            data = text.encode("utf-8")
            hashes[relative] = content_hash(data)
            if holds(target, data):
                report.unchanged += 1
                continue
            if not report.written:
                stamp.unlink(missing_ok=True)  # a run cut short must not look finished
            if target.parent not in folders_made:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders_made.add(target.parent)
            target.write_bytes(data)
            report.written.append(relative)
        for relative in sorted(before.keys() - pages.keys()):
            target = _safe_target(docs_dir, relative)
            recorded = before[relative]
            if target.is_file() and (recorded is None or content_hash(target.read_bytes()) != recorded):
                report.kept.append(relative)  # changed by hand since it was generated (or unknown): no longer ours
                continue
            if target.is_file():
                stamp.unlink(missing_ok=True)
                target.unlink()
                report.removed.append(relative)
                parent = target.parent
                while parent != docs_dir and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
    except OSError:
        # Cut short (no permission, a full disk): the manifest keeps every file generated so
        # far, the earlier ones and this run's (the page being written included, whole, in
        # part or not at all), so that the next run does not take them for hand-written pages
        # in its way; the fingerprint is gone, so the next run writes them all again.
        cut_short = {**before, **hashes}
        for relative in report.removed:
            del cut_short[relative]
        _write_manifest(docs_dir, cut_short)
        raise
    _write_manifest(docs_dir, hashes)
    if fingerprint is None:
        stamp.unlink(missing_ok=True)
    elif pages_are_current(docs_dir, fingerprint) is None:
        stamp.write_text(json.dumps({"inputs": fingerprint}) + "\n", encoding="utf-8")
    return report


def _write_manifest(docs_dir: Path, files: Mapping[str, str | None]) -> None:
    """Record ``files`` (docs_dir path → hash of the bytes written) as the generator's,
    unless the manifest already says exactly that."""
    manifest = docs_dir / MANIFEST_NAME
    text = json.dumps({"files": dict(sorted(files.items()))}, indent=1) + "\n"
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != text:
        manifest.write_text(text, encoding="utf-8")


def pages_are_current(docs_dir: Path, fingerprint: str) -> int | None:
    """How many generated pages docs_dir holds if they are current for inputs with
    ``fingerprint``, else ``None``.

    They are current when the fingerprint file records ``fingerprint`` and no generated
    file (nor the manifest) is missing or was modified after the fingerprint file was
    written (modification times, so a hand edit of a generated page is undone by the next
    run). Costs one ``stat`` per generated page; reads no page.
    """
    stamp = docs_dir / FINGERPRINT_NAME
    if stamp.is_symlink() or (docs_dir / MANIFEST_NAME).is_symlink():  # never read through a link
        return None
    try:
        if json.loads(stamp.read_text(encoding="utf-8")).get("inputs") != fingerprint:
            return None
        written_at = stamp.stat().st_mtime_ns
        manifest = docs_dir / MANIFEST_NAME
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        for path in [manifest, *(_safe_target(docs_dir, relative) for relative in files)]:
            if path.stat().st_mtime_ns > written_at:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return len(files)



def hand_written_entries(docs_dir: Path) -> list[Path]:
    """The files and folders at the top of ``docs_dir`` that are not the generator's (its
    home page, the folders of its pages and its two records, :data:`MANIFEST_NAME` and
    :data:`FINGERPRINT_NAME`): where hand-written pages and assets live. Sorted by name;
    ``[]`` when docs_dir does not exist."""
    from generator.pages.paths import GENERATED_FOLDERS, HOME  # only here: a no-op run imports no writer

    generated = {HOME, MANIFEST_NAME, FINGERPRINT_NAME, *(folder.rstrip("/") for folder in GENERATED_FOLDERS)}
    if not docs_dir.is_dir():
        return []
    return sorted(path for path in docs_dir.iterdir() if path.name not in generated)


def remove_stale_site_files(site_dir: Path, made: Iterable[str]) -> list[str]:
    """Remove the files under the site folders of the generated pages (``papers/``,
    ``tags/``, ``days/``, ``archive/`` of site_dir) that are not in ``made`` (the site_dir
    paths, POSIX, of every file the build makes): what ``mkdocs build --dirty`` leaves of
    pages the generator no longer makes (a clean build starts from an empty site_dir).
    Returns their site_dir paths, sorted. Folders left empty are removed too (the generated
    folders themselves stay).

    One ``os.scandir`` per folder and no ``stat`` of any file: a build of 10,000 pages that
    removes nothing costs a listing of their folders. A symbolic link is treated as a file
    (removed when not made; never followed)."""
    from generator.pages.paths import GENERATED_FOLDERS  # only here: a no-op run imports no writer

    made = set(made)
    removed: list[str] = []

    def sweep(folder: str, relative: str) -> bool:
        """Remove what is stale under ``folder``; whether nothing is left in it."""
        left = 0
        with os.scandir(folder) as entries:
            for entry in entries:
                path = f"{relative}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    if sweep(entry.path, path):
                        os.rmdir(entry.path)
                    else:
                        left += 1
                elif path in made:
                    left += 1
                else:
                    os.unlink(entry.path)
                    removed.append(path)
        return left == 0

    for folder in GENERATED_FOLDERS:
        root = site_dir / folder
        if root.is_dir() and not root.is_symlink():
            sweep(str(root), folder.rstrip("/"))
    return sorted(removed)
