"""Importing input files (copied pages, API dumps) into digest files under ``digests/``.

Every record read is accounted for: it becomes a paper added to a digest, a duplicate merged
into a paper already listed that day (in the same file, another input file, or the digest
already on disk), or a skip with its file, record and reason. :class:`ImportSummary` holds
the counts; ``records == added + duplicates + len(skipped)``.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from generator.inputs.digest_files import digest_files_by_day, in_the_future, read_digest, write_digest
from generator.core.identity import Identity, PaperIndex, SeenPapers, distinct_papers
from generator.inputs.lookup import LookupReport
from generator.core.model import Digest, ListedPaper
from generator.core.problems import InputError, Problem
from generator.inputs.project import ignored_file
from generator.inputs.readers import read_file
from generator.inputs.source_text import INPUT_SUFFIXES


def merge_into(existing: Digest, incoming: Digest) -> tuple[Digest, int]:
    """``existing`` with the papers of ``incoming`` it does not list yet appended; which are
    the same paper is :mod:`generator.core.identity`'s rule, as in ``validate`` and the catalog.
    Existing entries, with any manual edits, are kept as they are, and so is where the list
    came from (``source`` and ``source_name`` together, the existing digest's when it names
    either, else the incoming one's: a pasted listing imported first, then the day's Hugging
    Face API file, names Hugging Face Daily Papers with its URL). Returns the merged digest
    and how many incoming papers were already there."""
    index: PaperIndex[int] = PaperIndex()
    papers = list(existing.papers)
    for number, paper in enumerate(papers):
        index.add(Identity.of(paper), number)
    duplicates = 0
    for paper in incoming.papers:
        identity = Identity.of(paper)
        if index.find(identity) is not None:
            duplicates += 1
            continue
        index.add(identity, len(papers))
        papers.append(paper)
    named = existing if existing.names_source else incoming
    return existing.model_copy(update={"papers": papers, "source": named.source, "source_name": named.source_name}), duplicates


PROGRESS_MIN_FILES = 20
"""Imports of at least this many files show a progress bar even when stderr is not a terminal."""


def input_files(paths: list[Path]) -> list[Path]:
    """The files to import for ``paths``: a file as given; a folder as every file under it
    (recursively, in name order) whose name ends in one of :data:`INPUT_SUFFIXES`, optionally
    followed by ``.gz``, skipping the files every command ignores
    (:func:`generator.inputs.project.ignored_file`: hidden files, editor leftovers). Each file once,
    in the order given.

    Raises :class:`InputError` for a path that does not exist, a folder without input files,
    and a symbolic link inside a folder (it could lead anywhere; a link named on the command
    line is read).
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            entries = [
                p
                for p in path.rglob("*")  # never into linked folders
                if not any(ignored_file(part) for part in p.relative_to(path).parts)
                and (p.is_symlink() or p.name.removesuffix(".gz").endswith(INPUT_SUFFIXES))
            ]
            problems += [
                Problem(p, None, "is a symbolic link inside a folder to import; name the file it leads to instead")
                for p in sorted(entries)
                if p.is_symlink()
            ]
            inside = sorted(p for p in entries if p.is_file() and not p.is_symlink())
            if not inside and not any(p.is_symlink() for p in entries):
                problems.append(
                    Problem(path, None, f"no input files in this folder (expected {', '.join(INPUT_SUFFIXES)}, or .gz)")
                )
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(path, None, "no such file or folder"))
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(found))


@dataclass
class DayImported:
    """One digest an import wrote or left ``unchanged``: its ``path``, the ``papers`` it
    lists now, how many of them the import ``added``, and how many imported records for its
    day it ``already`` listed (in the file before, or earlier in the input); ``new`` when
    the file did not exist before; ``elsewhere``: how many of its papers another day lists
    too (a digest on disk or one of this import), by :mod:`generator.core.identity`'s rule,
    as ``validate``'s "also listed on" notes count them."""

    path: Path
    papers: int
    added: int
    already: int
    new: bool
    unchanged: bool = False
    elsewhere: int = 0


@dataclass
class FileRead:
    """One input file of an import: its ``path``, the ``records`` in it, the ``papers`` it
    gave (after merging repeats within the file) and the records ``skipped``."""

    path: Path
    records: int
    papers: int
    skipped: int


@dataclass
class ImportSummary:
    """What an import did.

    ``files`` read; ``records`` seen in them; ``added`` papers appended to digests;
    ``duplicates`` records merged into a paper already listed the same day; ``skipped``
    records, each a :class:`Problem` (file, record, reason); ``notes`` about kept records or
    whole files; ``distinct`` papers among the records read (:mod:`generator.core.identity`);
    digest files ``written``, and ``unchanged`` (they already listed every paper imported
    for their day, so they were not touched); ``papers`` listed in both in all; ``lookup``:
    the lines the lookup reported (:mod:`generator.inputs.lookup`), when asked for; ``days``, each
    digest written or unchanged (:class:`DayImported`, by day); ``inputs``, each file read
    (:class:`FileRead`, in the order read).
    """

    files: int = 0
    records: int = 0
    added: int = 0
    duplicates: int = 0
    distinct: int = 0
    papers: int = 0
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    lookup: list[str] = field(default_factory=list)
    days: list[DayImported] = field(default_factory=list)
    inputs: list[FileRead] = field(default_factory=list)


def import_files(
    paths: list[Path],
    digests_dir: Path,
    format: str | None = None,
    date: dt.date | None = None,
    progress: bool = False,
    lookup: Callable[[Digest], tuple[Digest, LookupReport]] | None = None,
    source: tuple[str | None, str | None] = (None, None),
) -> ImportSummary:
    """Read ``paths`` (files or folders, see :func:`input_files`) and merge their papers into
    ``digests_dir/YYYY-MM-DD.yml``. ``format`` forces a reader (default: detected per file);
    ``date`` files every paper under that day; ``progress`` shows a tqdm bar on stderr;
    ``lookup`` (e.g. :func:`generator.inputs.lookup.look_up`) fills each digest read with what it
    finds, until it reports no network; ``source`` (a URL and a name, checked as the digest
    schema checks them) names where the list came from for each digest read that names none
    (a copied page does not say).

    Every file is read before anything is written: if any cannot be read, raises
    :class:`~generator.core.problems.InputError` listing the problems of all of them and writes
    nothing. Re-importing the same files changes nothing (byte-identical digests). Records a
    reader skips are in the summary, never dropped silently; when the files hold records and
    every one of them is skipped, nothing could be imported, and that is an
    :class:`~generator.core.problems.InputError` too (:func:`every_record_skipped`), so that a
    script sees it fail. Files holding no record (an empty arXiv result) are no error.
    """
    files = input_files(paths)
    summary = ImportSummary()
    by_day: dict[dt.date, Digest] = {}
    already: dict[dt.date, int] = {}  # records of a day repeating a paper listed before
    listed: list[ListedPaper] = []
    problems: list[Problem] = []
    for path in tqdm(files, desc="import", unit="file", file=sys.stderr, disable=not progress, leave=False):
        try:
            result = read_file(path, format=format, date=date)
        except InputError as error:
            problems.extend(error.problems)
            continue
        summary.files += 1
        summary.records += result.records
        summary.duplicates += result.duplicates
        summary.skipped.extend(result.skipped)
        summary.notes.extend(result.notes)
        summary.inputs.append(
            FileRead(path, result.records, sum(len(d.papers) for d in result.digests), len(result.skipped))
        )
        if len(result.digests) == 1:  # a file's own repeats, when the file is one day's
            day = result.digests[0].date
            already[day] = already.get(day, 0) + result.duplicates
        for digest in result.digests:
            if any(source) and digest.names_source:
                named = " and ".join(f"{name} {value!r}" for name, value in
                                     (("source", digest.source), ("source_name", digest.source_name)) if value)
                summary.notes.append(Problem(path, None, f"{digest.date}: the file names its own {named}, "
                                                         "which the digest keeps; --source and --source-name are not used for it"))
            elif any(source):
                digest = digest.model_copy(update={"source": source[0], "source_name": source[1]})
            if lookup is not None:
                digest, report = lookup(digest)
                summary.lookup.extend(report.lines())
                if report.offline:
                    lookup = None
            listed.extend(digest.papers)
            if digest.date in by_day:
                merged, duplicates = merge_into(by_day[digest.date], digest)
                by_day[digest.date] = merged
                summary.duplicates += duplicates
                already[digest.date] = already.get(digest.date, 0) + duplicates
            else:
                by_day[digest.date] = digest
    if summary.records and len(summary.skipped) == summary.records:
        problems.extend(every_record_skipped(summary))
    if problems:
        raise InputError(problems)
    summary.distinct = distinct_papers(listed)
    on_disk = digest_files_by_day(digests_dir)  # a day's digest may be named .yaml
    existing: dict[dt.date, Digest] = {}
    for day in sorted(by_day):
        target = on_disk.get(day, digests_dir / f"{day.isoformat()}.yml")
        if in_the_future(day):
            problems.append(
                Problem(target, None, f"date {day} is in the future; a digest lists a day that has passed (check --date)")
            )
        elif target.exists() or target.is_symlink():  # a link, even a broken one, is refused by read_digest
            try:
                existing[day] = read_digest(target)
            except InputError as error:
                problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    days = tqdm(sorted(by_day.items()), desc="write", unit="digest", file=sys.stderr, disable=not progress, leave=False)
    final: dict[dt.date, Digest] = {}
    for day, digest in days:
        added = len(digest.papers)
        if day in existing:
            digest, duplicates = merge_into(existing[day], digest)
            summary.duplicates += duplicates
            already[day] = already.get(day, 0) + duplicates
            added = len(digest.papers) - len(existing[day].papers)
        summary.added += added
        summary.papers += len(digest.papers)
        if digest == existing.get(day):  # nothing new: the file stays as it is, comments and layout too
            path, unchanged = on_disk[day], True
            summary.unchanged.append(path)
        else:
            path, unchanged = write_digest(digest, digests_dir, on_disk.get(day)), False
            summary.written.append(path)
        final[day] = digest
        summary.days.append(
            DayImported(path, len(digest.papers), added, already.get(day, 0), day not in existing, unchanged)
        )
    elsewhere = listed_on_other_days(final, on_disk)
    for day, imported in zip(final, summary.days):  # both in day order
        imported.elsewhere = elsewhere[day]
    return summary


def every_record_skipped(summary: ImportSummary) -> list[Problem]:
    """The problems of an import of which every record was skipped (``summary`` as read,
    before anything is written): each skipped record (file, record or line, what is wrong
    and what it should be), then for each file read that held records one that says nothing
    could be imported from it."""
    return [
        *summary.skipped,
        *(
            Problem(read.path, None, f"all {read.records} record(s) skipped (each named with its reason): no paper to "
                                     "import; fix them (or the --date or --format they need) and import again")
            for read in summary.inputs
            if read.records
        ),
    ]


def listed_on_other_days(final: dict[dt.date, Digest], on_disk: dict[dt.date, Path]) -> dict[dt.date, int]:
    """For each day of ``final`` (the digests an import leaves, by day), how many of its
    papers another day lists too: another digest of ``final``, or a digest file of
    ``on_disk`` (the project's, by day; one that cannot be read is left out: ``validate``
    names its problems). Papers are grouped by :mod:`generator.core.identity`'s rule over
    every listing in catalog order (day, then position in the digest), as ``validate``
    groups them for its "also listed on" notes."""
    papers_by_day: dict[dt.date, list[ListedPaper]] = {day: list(digest.papers) for day, digest in final.items()}
    for day, path in on_disk.items():
        if day not in papers_by_day:
            try:
                papers_by_day[day] = list(read_digest(path).papers)
            except InputError:
                continue
    seen = SeenPapers()
    days_of: list[set[dt.date]] = []  # paper number -> the days listing it
    numbers: dict[dt.date, set[int]] = {day: set() for day in final}
    for day in sorted(papers_by_day):
        for paper in papers_by_day[day]:
            number = seen.number(paper)
            if number == len(days_of):
                days_of.append(set())
            days_of[number].add(day)
            if day in numbers:
                numbers[day].add(number)
    return {day: sum(1 for number in found if len(days_of[number]) > 1) for day, found in numbers.items()}
