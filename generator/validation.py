"""Checking digests without building the site: ``python -m generator validate [PATHS]``.

:func:`validate_digests` reads the digests to check and reports, each with file, line,
what is wrong and how to fix it:

* problems (errors): what :func:`~generator.digest_files.read_digest` finds (YAML syntax,
  the schema of :mod:`generator.model` including malformed arXiv ids and URLs, a file name
  that is not the ISO date of the digest's ``date``, manual tags the taxonomy does not know,
  with the closest known tag suggested), a second digest file for the same day, and a paper
  listed twice on the same day;
* notes (information, never an error): a paper that other days list as well. That is
  normal (listings repeat papers); the site shows one paper page linked from every day.
  When given paths, every other day is named; when checking every digest, only earlier
  days, so that each repeat is noted once.

Two listings are the same paper by the catalog's rule (:mod:`generator.catalog`): their
versionless arXiv ids agree, or, when either has no id, their titles agree after
:func:`~generator.model.title_key` normalisation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


from generator.digest_files import read_digest_with_lines
from generator.model import Digest, ListedPaper, title_key
from generator.problems import InputError, Problem
from generator.project import digest_paths, digests_dir_problem
from generator.tagging import Taxonomy


@dataclass
class ValidationReport:
    """What ``validate`` found: ``checked`` digest files (in the order checked), how many
    of them were valid (``digests``) with how many ``papers``, ``problems`` (errors: exit
    non-zero) and ``notes`` (information)."""

    checked: list[Path] = field(default_factory=list)
    digests: int = 0
    papers: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there is no problem (notes do not count)."""
        return not self.problems


@dataclass(frozen=True)
class _Listing:
    """One paper as one digest file lists it, with where: file, line and index in ``papers``."""

    path: Path
    day: dt.date
    index: int
    line: int
    paper: ListedPaper

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def _same_paper(a: ListedPaper, b: ListedPaper) -> bool:
    """The catalog's identity rule (see the module docstring)."""
    if a.arxiv_id and b.arxiv_id:
        return a.arxiv_id == b.arxiv_id
    return title_key(a.title) == title_key(b.title)


def _listings(path: Path, digest: Digest, lines: list[int]) -> list[_Listing]:
    return [_Listing(path, digest.date, i, lines[i], paper) for i, paper in enumerate(digest.papers)]


class _Index:
    """Listings looked up by arXiv id and by title key, for finding the same paper fast."""

    def __init__(self) -> None:
        self._by_id: dict[str, list[_Listing]] = {}
        self._by_title: dict[str, list[_Listing]] = {}

    def add(self, listing: _Listing) -> None:
        if listing.paper.arxiv_id:
            self._by_id.setdefault(listing.paper.arxiv_id, []).append(listing)
        self._by_title.setdefault(title_key(listing.paper.title), []).append(listing)

    def same_paper(self, paper: ListedPaper) -> list[_Listing]:
        """Every listing of ``paper`` added so far, in the order added."""
        found = {id(x): x for x in self._by_id.get(paper.arxiv_id, [])} if paper.arxiv_id else {}
        for listing in self._by_title.get(title_key(paper.title), []):
            if _same_paper(listing.paper, paper):
                found.setdefault(id(listing), listing)
        return sorted(found.values(), key=lambda x: (x.day, str(x.path), x.index))


def _expand(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Digest files named by ``paths`` (a folder stands for its digest files), without repeats."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files.extend(digest_paths(path))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(path, None, "no such file; give the path of a digest, e.g. digests/2025-03-18.yml"))
    unique = {p.resolve(): p for p in reversed(files)}
    return [p for p in files if unique.get(p.resolve()) is p], problems


def validate_digests(paths: list[Path] | None, digests_dir: Path, taxonomy: Taxonomy) -> ValidationReport:
    """Check the digest files ``paths`` (``None``: every digest in ``digests_dir``) against
    each other and against every other digest in ``digests_dir``, without writing anything.

    Digests in ``digests_dir`` that are not being checked are read only to find other days'
    listings and days that already have a digest; their own problems are not reported
    (a note says when one cannot be read). Returns a :class:`ValidationReport`; never
    raises for bad input.
    """
    report = ValidationReport()
    if paths is None:
        missing = digests_dir_problem(digests_dir)
        targets, report.problems = ([], [missing]) if missing else (digest_paths(digests_dir), [])
    else:
        targets, report.problems = _expand(paths)
    target_files = {p.resolve() for p in targets}
    others = [p for p in (digest_paths(digests_dir) if digests_dir.is_dir() else []) if p.resolve() not in target_files]

    read: list[tuple[Path, Digest, list[int]]] = []
    for path in targets:
        report.checked.append(path)
        try:
            read.append((path, *read_digest_with_lines(path, taxonomy)))
        except InputError as error:
            report.problems.extend(error.problems)
    other_read: list[tuple[Path, Digest, list[int]]] = []
    for path in others:
        try:
            other_read.append((path, *read_digest_with_lines(path)))
        except InputError as error:
            report.notes.append(
                Problem(
                    path,
                    None,
                    f"not compared with: it has {len(error.problems)} problem(s) of its own; "
                    f"run `python -m generator validate {path}` to see them",
                )
            )

    # One digest per day: a checked file whose day already has another file is a problem.
    day_file: dict[dt.date, Path] = {digest.date: path for path, digest, _ in other_read}
    valid: list[tuple[Path, Digest, list[int]]] = []
    for path, digest, lines in read:
        if digest.date in day_file:
            report.problems.append(
                Problem(
                    path,
                    None,
                    f"{digest.date} already has a digest in {day_file[digest.date]}; "
                    "add these papers to that file and delete this one (one file per day)",
                )
            )
            continue
        day_file[digest.date] = path
        valid.append((path, digest, lines))
    report.digests = len(valid)
    report.papers = sum(len(digest.papers) for _, digest, _ in valid)
    listings = {path: _listings(path, digest, lines) for path, digest, lines in other_read + valid}

    elsewhere = _Index()
    for path, _, _ in other_read + valid:
        for listing in listings[path]:
            elsewhere.add(listing)

    for path, digest, _ in valid:
        today = _Index()
        for listing in listings[path]:
            earlier = today.same_paper(listing.paper)
            if earlier:
                first = earlier[0]
                same = (
                    f"arXiv id {listing.paper.arxiv_id}"
                    if listing.paper.arxiv_id and listing.paper.arxiv_id == first.paper.arxiv_id
                    else "title"
                )
                report.problems.append(
                    Problem(
                        path,
                        listing.line,
                        f"papers.{listing.index} repeats papers.{first.index} (line {first.line}), same {same}; "
                        "a day lists a paper once: delete one of the two entries",
                    )
                )
                continue
            today.add(listing)
            other_days = [
                x
                for x in elsewhere.same_paper(listing.paper)
                if (x.day < digest.date if paths is None else x.day != digest.date)
            ]
            if other_days:
                days: dict[dt.date, _Listing] = {}
                for other in other_days:
                    days.setdefault(other.day, other)
                listed = ", ".join(f"{day} ({other.where})" for day, other in days.items())
                report.notes.append(
                    Problem(
                        path,
                        listing.line,
                        f"papers.{listing.index} {listing.paper.title!r} is also listed on {listed}; "
                        "nothing to fix if this day lists it again: its paper page links every day",
                    )
                )
    report.problems.sort(key=lambda p: (str(p.path), p.line or 0, p.message))
    report.notes.sort(key=lambda p: (str(p.path), p.line or 0, p.message))
    return report
