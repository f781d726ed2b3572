"""Checking digests without building the site: ``python -m generator validate [PATHS]``.

:func:`validate_digests` reads the digests to check and reports, each with file, line,
what is wrong and how to fix it:

* problems (errors): what :func:`~generator.inputs.digest_files.read_digest` finds (YAML syntax,
  the schema of :mod:`generator.core.model` including malformed arXiv ids and URLs, a file name
  that is not the ISO date of the digest's ``date``, manual tags the taxonomy does not know,
  with the closest known tag suggested), a second digest file for the same day, and a paper
  listed twice on the same day;
* notes (information, never an error): a paper that other days list as well. That is
  normal (listings repeat papers); the site shows one paper page linked from every day.
  Also a digest listing no papers, and one title (by its key) under two arXiv ids, which
  the rule below makes two papers: one of the ids is often wrong.
  When given paths, every other day is named; when checking every digest, only earlier
  days, so that each repeat is noted once.

Two listings are the same paper by the rule of :mod:`generator.core.identity`, which the catalog
and ``import`` follow too; one arXiv id given to two different titles is a problem, naming
both places.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


from generator.inputs.digest_files import DIGEST_NAME, check_digest
from generator.core.identity import Identity, SeenPapers, conflict_message, conflicting_listings, shared_titles
from generator.core.model import ListedPaper
from generator.core.problems import Problem, shortened
from generator.inputs.project import digest_paths, digests_dir_problem, inside_digests_advice, unread_dated_files
from generator.catalog.tagging import Taxonomy


@dataclass
class ValidationReport:
    """What ``validate`` found: ``checked`` digest files (in the order checked), how many
    of them have no problem at all (``digests``) with how many ``papers`` (distinct: a paper
    listed on two of those days counts once, by the catalog's rule) in how many ``listings``,
    ``problems`` (errors: exit non-zero) and ``notes`` (information).

    For reports on a pull request (:mod:`generator.inputs.workflow_report`): ``days``, the day of
    each checked file whose day is known; ``listed``, its papers as ``(index in papers,
    paper)`` (those with a readable title; see :class:`~generator.inputs.digest_files.DigestCheck`);
    ``also_listed``, the other days that list the paper at ``(file, index)``.
    """

    checked: list[Path] = field(default_factory=list)
    digests: int = 0
    papers: int = 0
    listings: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    days: dict[Path, dt.date] = field(default_factory=dict)
    listed: dict[Path, list[tuple[int, ListedPaper]]] = field(default_factory=dict)
    also_listed: dict[tuple[Path, int], list[dt.date]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when there is no problem (notes do not count)."""
        return not self.problems


@dataclass(frozen=True, eq=False)
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


def repeat_message(index: int, first_index: int, first_line: int, paper: ListedPaper, first: ListedPaper) -> str:
    """The words for ``papers.<index>`` (``paper``) of a digest repeating its
    ``papers.<first_index>`` (``first``, at ``first_line``)."""
    ids = Identity.of(paper).arxiv_id, Identity.of(first).arxiv_id
    same = f"arXiv id {ids[0]}" if ids[0] and ids[0] == ids[1] else "title"
    return (
        f"papers.{index} repeats papers.{first_index} (line {first_line}), same {same}; "
        "a day lists a paper once: delete one of the two entries"
    )


def _listings(path: Path, day: dt.date, papers: list[tuple[int, int, ListedPaper]]) -> list[_Listing]:
    return [_Listing(path, day, index, line, paper) for index, line, paper in papers]


def _expand(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Digest files named by ``paths`` (a folder stands for its digest files), without repeats."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files.extend(digest_paths(path))
            problems.extend(unread_dated_files(path))
        elif path.is_file():
            files.append(path)
        else:
            advice = inside_digests_advice(path) or "give the path of a digest, e.g. digests/2025-03-18.yml"
            problems.append(Problem(path, None, f"no such file; {advice}"))
    unique = {p.resolve(): p for p in reversed(files)}
    return [p for p in files if unique.get(p.resolve()) is p], problems


def day_files(claims: Iterable[tuple[Path, dt.date]]) -> dict[dt.date, Path]:
    """The file of each day among ``(file, its digest's date)`` pairs: when several files
    give one date, the one named by it (``2025-03-18.yml``, then another ISO name of that day
    such as ``2025-03-18.yaml``), else the first by path. The others are to be merged into
    it: naming a stray copy as the day's file would have its contributor delete the right one."""
    def rank(claim: tuple[Path, dt.date]) -> tuple[int, str]:
        path, day = claim
        named = DIGEST_NAME.fullmatch(path.name)
        return (0 if path.name == f"{day.isoformat()}.yml" else 1 if named and named["date"] == day.isoformat() else 2,
                str(path))

    owner: dict[dt.date, Path] = {}
    for path, day in sorted(claims, key=rank):
        owner.setdefault(day, path)
    return owner


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
        targets, report.problems = (
            ([], [missing]) if missing else (digest_paths(digests_dir), unread_dated_files(digests_dir))
        )
    else:
        targets, report.problems = _expand(paths)
    target_files = {p.resolve() for p in targets}
    others = [p for p in (digest_paths(digests_dir) if digests_dir.is_dir() else []) if p.resolve() not in target_files]
    if paths is not None and digests_dir_problem(digests_dir) is not None:
        others = []  # missing, or a link out of the project: nothing outside it is read
        report.notes.append(
            Problem(
                digests_dir,
                None,
                "is not the project's digests folder, so the files checked were not compared with the other days; "
                "run from the project folder (the one with mkdocs.yml and digests/) or pass the project before the command: "
                "python -m generator --root PROJECT validate FILE",
            )
        )

    # Every problem of each checked file; its papers are compared below even when the file
    # has other problems (those valid by themselves, or standing in by title and arXiv id).
    read: list[tuple[Path, dt.date, list[tuple[int, int, ListedPaper]]]] = []
    date_lines: dict[Path, int | None] = {}
    for path in targets:
        report.checked.append(path)
        checked_file = check_digest(path, taxonomy)
        report.problems.extend(checked_file.problems)
        date_lines[path] = checked_file.date_line
        if checked_file.digest is not None and not checked_file.digest.papers:
            report.notes.append(
                Problem(path, checked_file.date_line, "lists no papers: its day page will say that none were listed; "
                        "add the day's papers, or delete the file if the day has none")
            )
        if checked_file.day is not None:
            read.append((path, checked_file.day, checked_file.papers))
            report.days[path] = checked_file.day
            report.listed[path] = [(index, paper) for index, _, paper in checked_file.papers]
    other_read: list[tuple[Path, dt.date, list[tuple[int, int, ListedPaper]]]] = []
    for path in others:
        kept = check_digest(path)
        if kept.problems or kept.digest is None:
            report.notes.append(
                Problem(
                    path,
                    None,
                    f"not compared with: it has {len(kept.problems)} problem(s) of its own; "
                    f"run `python -m generator validate {path}` to see them",
                )
            )
            continue
        date_lines[path] = kept.date_line
        other_read.append((path, kept.digest.date, kept.papers))

    # One digest per day (the file named by its date keeps it, see day_files): each other
    # file claiming a day is a problem when it or the day's file is checked. Its papers are
    # still compared with the other days', so that fixing its day reveals nothing new.
    owner = day_files((path, day) for path, day, _ in other_read + read)
    checked = {path for path, _, _ in read}
    for path, day, _ in other_read + read:
        if owner[day] != path and (path in checked or owner[day] in checked):
            report.problems.append(
                Problem(
                    path,
                    date_lines.get(path),
                    f"{day} already has a digest in {owner[day]}; "
                    "add these papers to that file and delete this one (one file per day)",
                    mentioned=(owner[day],),
                )
            )
    listings = {path: _listings(path, day, papers) for path, day, papers in other_read + read}

    # Every listing in catalog order (day, file, position), grouped into papers by the rule.
    ordered = sorted((x for found in listings.values() for x in found), key=lambda x: (x.day, str(x.path), x.index))
    seen = SeenPapers()
    paper_of: dict[_Listing, int] = {}
    members: dict[int, list[_Listing]] = {}
    for listing in ordered:
        number = seen.number(listing.paper)
        paper_of[listing] = number
        members.setdefault(number, []).append(listing)

    in_conflict: set[_Listing] = set()  # an arXiv id given to two titles: an error, never "also listed"
    for first, later, arxiv_id in conflicting_listings((x, x.paper) for x in ordered):
        in_conflict |= {first, later}
        if later.path in checked or first.path in checked:
            at, other = (later, first) if later.path in checked else (first, later)
            report.problems.append(
                Problem(
                    at.path,
                    at.line,
                    conflict_message(at.index, at.paper.title, arxiv_id, other.paper.title, other.where),
                    mentioned=(other.path,),
                )
            )

    # One title under two arXiv ids: two papers by the rule, each with its own page. A note,
    # not an error: two papers may share a title, but more often one of the ids is wrong.
    # Noted once per later listing, at it when checked, else at the earlier one.
    noted: set[_Listing] = set()
    for first, later, first_id, later_id in shared_titles((x, x.paper) for x in ordered if x not in in_conflict):
        if later in noted or not ({first.path, later.path} & checked):
            continue
        noted.add(later)
        at, other, at_id, other_id = (later, first, later_id, first_id) if later.path in checked else (first, later, first_id, later_id)
        report.notes.append(
            Problem(
                at.path,
                at.line,
                f"papers.{at.index} {shortened(repr(at.paper.title))} has the title of {other.where} "
                f"({shortened(repr(other.paper.title))}) "
                f"under another arXiv id ({at_id} here, {other_id} there), so the site shows two papers; "
                "if they are one paper, give both the same id",
                mentioned=(other.path,),
            )
        )

    for path, day, _ in read:
        for listing in listings[path]:
            group = members[paper_of[listing]]
            earlier = [x for x in group if x.path == path and x.index < listing.index]
            if earlier:
                first = earlier[0]
                this, that = Identity.of(listing.paper), Identity.of(first.paper)
                if this.arxiv_id and this.arxiv_id == that.arxiv_id and this.title_key != that.title_key:
                    continue  # one id, two titles: reported above, naming both
                report.problems.append(
                    Problem(path, listing.line, repeat_message(listing.index, first.index, first.line, listing.paper, first.paper))
                )
                continue
            if listing in in_conflict:
                continue
            other_days = [x for x in group if (x.day < day if paths is None else x.day != day) and x not in in_conflict]
            report.also_listed[(path, listing.index)] = sorted({x.day for x in group if x.day != day})
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
                        mentioned=tuple(other.path for other in days.values()),
                    )
                )
    with_problems = {str(problem.path) for problem in report.problems}
    clean = [path for path in report.checked if str(path) not in with_problems]
    report.digests = len(clean)
    valid = [listing for path in clean for listing in listings.get(path, ())]
    report.listings = len(valid)
    report.papers = len({paper_of[listing] for listing in valid})
    report.problems.sort(key=lambda p: (str(p.path), p.line or 0, p.message))
    report.notes.sort(key=lambda p: (str(p.path), p.line or 0, p.message))
    return report
