"""The generator's pipeline, shared by the CLI and the MkDocs hook; :func:`generate` (at the
end) is the whole flow in one screen:

digests/*.yml → read (:func:`load_digests`, :mod:`generator.inputs`) → catalog
(:func:`~generator.catalog.catalog.build_catalog`) → pages (:func:`~generator.pages.render_site`)
→ write (:func:`~generator.output.docs_dir.sync_pages`) → site_src/.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

from generator.core import process_memos
from generator.core.identity import Identity, conflict_message, conflicting_listings
from generator.core.process_memos import paper_memos
from generator.core.model import Digest
from generator.core.problems import InputError, Problem
from generator.inputs.digest_cache import DigestCache, TagCache
from generator.inputs.digest_files import digest_files_by_day, read_digest, read_digest_with_lines
from generator.inputs.project import Project, digest_paths, folder_problems, generator_fingerprint, input_fingerprint
from generator.inputs.validation import repeat_message, validate_digests
from generator.catalog.catalog import Catalog, Listings, build_catalog
from generator.catalog.catalog_cache import CACHE_NAME as CATALOG_NAME, KeptCatalog, load_kept, own_memos, write_kept
from generator.catalog.tagging import Taxonomy, load_taxonomy
from generator.pages import render_site
from generator.pages.page_ledger import PageLedger
from generator.output.docs_dir import SyncReport, generated_pages, pages_are_current, sync_pages


def load_digests(digests_dir: Path, taxonomy: Taxonomy, cache: DigestCache | None = None) -> list[Digest]:
    """Read every digest in ``digests_dir``, oldest first (through ``cache`` when given: the
    files whose bytes were parsed before are not parsed again).

    Raises :class:`InputError` with every problem of every file at once: unreadable or
    invalid files, two files for the same day, and manual tags the taxonomy does not know
    (with the closest known tag suggested). When any is found, the problems raised are those
    ``python -m generator validate`` reports
    (:func:`~generator.inputs.validation.validate_digests`), so a build lists what
    ``validate`` lists, papers repeated within a file that has other problems included.
    """
    read = _read_digests(digest_paths(digests_dir), taxonomy, cache)
    problems: list[Problem] = []
    digests: list[Digest] = []
    seen: dict = {}
    for path, digest, file_problems in read:
        problems += file_problems
        if digest is None:
            continue
        if digest.date in seen:
            problems.append(Problem(path, None, f"{digest.date} already has a digest in {seen[digest.date].name}"))
            continue
        seen[digest.date] = path
        digests.append(digest)
    if not problems:
        problems = same_id_problems(seen, digests)
    if problems:
        raise InputError(validate_digests(None, digests_dir, taxonomy).problems or problems)
    return sorted(digests, key=lambda d: d.date)


def same_id_problems(paths: dict, digests: list[Digest]) -> list[Problem]:
    """A problem for every listing that gives an arXiv id to another title than the first
    listing of that id does (:func:`generator.core.identity.conflicting_listings`), naming both
    places; ``paths`` gives the file of each digest's date."""
    ordered = sorted(digests, key=lambda d: d.date)
    listings = (((d.date, i), paper) for d in ordered for i, paper in enumerate(d.papers))
    conflicts = conflicting_listings(listings)
    lines = {day: read_digest_with_lines(paths[day])[1] for day in {place[0] for c in conflicts for place in c[:2]}}
    by_day = {d.date: d for d in ordered}

    def where(place: tuple) -> str:
        return f"{paths[place[0]]}:{lines[place[0]][place[1]]}"

    return [
        Problem(
            paths[later[0]],
            lines[later[0]][later[1]],
            conflict_message(
                later[1], by_day[later[0]].papers[later[1]].title, arxiv_id, by_day[first[0]].papers[first[1]].title, where(first)
            ),
            mentioned=(paths[first[0]],),
        )
        for first, later, arxiv_id in conflicts
    ]


def _read_digests(
    paths: list[Path], taxonomy: Taxonomy, cache: DigestCache | None = None
) -> list[tuple[Path, Digest | None, list[Problem]]]:
    """Each of ``paths`` read as a digest: (path, the digest or ``None``, its problems)."""
    read: list[tuple[Path, Digest | None, list[Problem]]] = []
    for path in paths:
        try:
            read.append((path, cache.read(path, taxonomy) if cache else read_digest(path, taxonomy), []))
        except InputError as error:
            read.append((path, None, error.problems))
    return read


def load_catalog(project: Project, cached: bool = False) -> tuple[Catalog, Taxonomy]:
    """The taxonomy and the catalog of every digest of ``project``; raises :class:`InputError`.

    ``cached``: digests are read through the project's digest cache, and papers tagged
    through its tag cache (:mod:`generator.inputs.digest_cache`), whose unused entries are
    then removed; and the digests are merged into the catalog a run kept when it is current
    for the first of them (:func:`merged_catalog`)."""
    catalog, taxonomy, _ = _load_catalog(project, cached)
    return catalog, taxonomy


def _load_catalog(project: Project, cached: bool) -> tuple[Catalog, Taxonomy, KeptCatalog | None]:
    """:func:`load_catalog`, and (``cached``) the catalog to keep for the next run
    (:func:`~generator.catalog.catalog_cache.own_memos` then
    :func:`~generator.catalog.catalog_cache.write_kept`, once this run ended without error;
    ``None`` when the kept one is still current as it is)."""
    taxonomy = load_taxonomy()
    if not cached:
        digests = load_digests(project.digests_dir, taxonomy)
        catalog = build_catalog(digests, taxonomy)
        _refuse_repeats(project, catalog, digests)
        return catalog, taxonomy, None
    fingerprint = generator_fingerprint()
    cache = DigestCache(project.cache_dir / "digests", fingerprint)
    tags = TagCache(project.cache_dir / "tags.json", taxonomy, fingerprint)
    paths = digest_paths(project.digests_dir)
    days = [cache.key_of(path) for path in paths]
    made_by = hashlib.sha256(f"{fingerprint}\0{taxonomy.tags!r}".encode()).hexdigest()  # the taxonomy the papers were tagged with
    # Under `mkdocs serve` the memos kept in the process are what a build reuses (the same
    # Paper objects from build to build): the catalog is merged whole, and not kept on disk.
    mergeable = None not in days and not process_memos.keeping()
    merged = merged_catalog(project, taxonomy, cache, tags, made_by, paths, days) if mergeable else None  # type: ignore[arg-type]
    if merged is not None:
        catalog, to_keep = merged
    else:
        digests = load_digests(project.digests_dir, taxonomy, cache)
        listings = Listings()
        for digest in digests:  # oldest first
            listings.add(digest)
        catalog = listings.catalog(taxonomy, tags)
        _refuse_repeats(project, catalog, digests)
        read_as_hashed = all(cache.read_keys.get(path) == key for path, key in zip(paths, days))  # none edited meanwhile
        to_keep = KeptCatalog(made_by, days, listings, catalog.by_key) if mergeable and read_as_hashed else None  # type: ignore[arg-type]
    cache.prune()
    tags.save(keep_unused=merged is not None)
    return catalog, taxonomy, to_keep


def merged_catalog(
    project: Project, taxonomy: Taxonomy, cache: DigestCache, tags: TagCache, generator: str, paths: list[Path], days: list[str]
) -> tuple[Catalog, KeptCatalog | None] | None:
    """The catalog of ``project``'s digests made from the one kept by an earlier run
    (:mod:`generator.catalog.catalog_cache`) when that one is current for the first digest
    files ``paths`` (whose keys in ``cache`` are ``days``; ``generator``: the fingerprint of
    the generator and the taxonomy; :func:`~generator.catalog.catalog_cache.kept_days`) and the others are valid
    digests of later days, merged into it; with the catalog to keep now (``None``: the kept
    one, unchanged). ``None`` when the catalog is to be made whole, also whenever any of
    the added digests has a problem (one of their papers listed twice, an arXiv id given to
    two titles, an unreadable file...): merging every day reports each problem as it does
    without a kept catalog. The per-paper memos (:func:`generator.core.process_memos.paper_memos`)
    get the kept entries, whose papers are those of the catalog not touched by the added days."""
    found = load_kept(project.cache_dir / CATALOG_NAME, generator, days)
    if found is None:
        return None
    count, kept = found
    try:
        added = sorted((cache.read(path, taxonomy) for path in paths[count:]), key=lambda d: d.date)
    except InputError:
        return None
    if any(cache.read_keys[path] != key for path, key in zip(paths[count:], days[count:])):  # edited meanwhile
        return None
    listings = kept.listings
    new_listings = [(None, listed) for digest in added for listed in digest.papers]
    if conflicting_listings(new_listings) or any(listings.index.conflict(Identity.of(listed)) for _, listed in new_listings):
        return None
    touched: set[str] = set()
    try:
        for digest in added:
            touched |= listings.add(digest)
    except ValueError:  # a day not after the kept ones (two files of one day among them)
        return None
    catalog = listings.catalog(taxonomy, tags, previous=kept.papers, touched=touched)
    if catalog.repeats:
        return None
    for name, store in paper_memos().items():
        store.update(kept.memos.get(name, {}))
    if not added:
        return catalog, None
    base = replace(kept.base, changed=kept.base.changed | touched) if kept.base is not None else None
    return catalog, KeptCatalog(generator, days, listings, catalog.by_key, base=base)


def _refuse_repeats(project: Project, catalog: Catalog, digests: list[Digest]) -> None:
    """Raise :class:`InputError` for the papers of ``catalog`` listed twice on one day
    (``validate`` refuses them too: one of the two entries would be lost)."""
    if not catalog.repeats:
        return
    paths = digest_files_by_day(project.digests_dir)
    lines = {day: read_digest_with_lines(paths[day])[1] for day, _, _ in catalog.repeats}
    by_day = {digest.date: digest for digest in digests}
    raise InputError(
        [
            Problem(
                paths[day],
                lines[day][later],
                repeat_message(later, first, lines[day][first], by_day[day].papers[later], by_day[day].papers[first]),
            )
            for day, first, later in catalog.repeats
        ]
    )


def generate(project: Project) -> tuple[Catalog, SyncReport]:
    """Regenerate every page of ``project`` into its docs_dir; returns the catalog the pages
    were made from and what changed on disk.

    All input is read and validated before anything is written: if any digest is invalid,
    :class:`InputError` is raised and nothing under docs_dir changes. When the pages are
    already current for the inputs (:func:`input_fingerprint`,
    :func:`~generator.output.docs_dir.pages_are_current`), rendering is skipped and nothing is
    written (unless the in-process memos are kept and still empty: the first build of ``mkdocs
    serve`` computes every page's inputs, and writes nothing either, so that its first edit
    finds them; :mod:`generator.core.process_memos`). Otherwise only the pages whose own inputs changed are rendered
    (:mod:`generator.pages.page_ledger`), and only those whose text changed are written, so an
    unchanged page's file keeps its time (what ``mkdocs build --dirty`` goes by).
    """
    catalog, report, keep_catalog = generate_keeping_later(project)
    keep_catalog()
    return catalog, report


def generate_keeping_later(project: Project) -> tuple[Catalog, SyncReport, Callable[[], None]]:
    """:func:`generate`, but the catalog to keep for the next run
    (:mod:`generator.catalog.catalog_cache`: about 0.3 s of pickling at 10,000 papers) is
    written only when the caller calls the function returned (it does nothing when there is
    none to write). The MkDocs hook calls it at the build's end, while the worker writing
    the search files and feeds, started right after the generator, finishes
    (bench/README.md, issue 19). Not calling it only makes the next run slower: it merges
    every day the kept catalog would have held (a failed build keeps nothing either)."""
    with collector_paused(), process_memos.run() as filling:
        return _generate(project, short_cut=not filling)


def _keep_nothing() -> None:
    """What :func:`generate_keeping_later` returns when there is no catalog to keep."""


def _generate(project: Project, short_cut: bool = True) -> tuple[Catalog, SyncReport, Callable[[], None]]:
    """:func:`generate_keeping_later`; ``short_cut``: whether pages found current are left without
    computing what they are made from (not when the in-process memos are to be filled,
    :func:`generator.core.process_memos.run`)."""
    if problems := folder_problems(project):
        raise InputError(problems)
    fingerprint = input_fingerprint(project)  # before reading: a digest edited meanwhile shows next run
    catalog, taxonomy, to_keep = _load_catalog(project, cached=True)
    current = pages_are_current(project.docs_dir, fingerprint) if short_cut else None
    if current is not None:
        return catalog, SyncReport(unchanged=current), _keep_nothing
    ledger = PageLedger(project.cache_dir, project.docs_dir)
    ledger.keep_only(generated_pages(project.docs_dir))
    report = sync_pages(project.docs_dir, render_site(catalog, taxonomy, ledger, directory_urls=project.use_directory_urls, cache_dir=project.cache_dir), fingerprint)
    ledger.save()
    if to_keep is None:
        return catalog, report, _keep_nothing
    to_keep.memos = paper_memos()  # their entries are taken now: the memos are emptied when the run ends
    return catalog, report, partial(write_kept, project.cache_dir / CATALOG_NAME, own_memos(to_keep))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused inside the ``with`` block (and enabled again
    after it, if it was). A run makes a few million objects that live until it ends (the
    digests, the catalog, pages) and almost no reference cycles; the collector's full passes
    traversed them again and again, about a quarter of the CPU time of a run at 10,000
    papers (bench/README.md). What a cycle leaves is collected after the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
