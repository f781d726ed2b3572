"""The command line: ``python -m generator {import,generate,validate,check-links}``.

Every command exits 0 on success, 1 when the input has problems (each printed as
``file:line: what is wrong``, never a traceback) and 2 for a malformed command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from generator.core.problems import InputError, Problem
from generator.output.docs_dir import SyncReport, pages_are_current
from generator.inputs.project import Project, digests_dir_problem, folder_problems, input_fingerprint, is_digests_folder
from generator.inputs.source_text import INPUT_SUFFIXES

if TYPE_CHECKING:
    from generator.inputs.importing import ImportSummary

# Each command imports what it needs when it runs: `generate` on an unchanged project then
# loads no more than generator.inputs.project (no pydantic, Jinja or readers), and returns in
# about half the time it took to import them all.


def regenerate(project: Project) -> SyncReport:
    """Like :func:`generator.build.generate` (same errors, same pages), but when the pages
    are already current for the inputs (:func:`~generator.inputs.project.input_fingerprint`) it
    returns at once, without reading or validating the digests: an unchanged project costs
    one hash of its inputs and one ``stat`` per page, and imports no more than
    :mod:`generator.inputs.project` and :mod:`generator.output.docs_dir`."""
    if problems := folder_problems(project):
        raise InputError(problems)
    current = pages_are_current(project.docs_dir, input_fingerprint(project))
    if current is not None:
        return SyncReport(unchanged=current)
    from generator.build import generate  # the whole pipeline, only when there is work

    return generate(project)[1]


class _Formats:
    """The ``--format`` choices: the reader names, imported only when argparse looks at
    them (a ``--format`` given, or help shown)."""

    def _names(self) -> list[str]:
        from generator.inputs.readers import READERS

        return list(READERS)

    def __iter__(self):
        return iter(sorted(self._names()))

    def __contains__(self, name: object) -> bool:
        return name in self._names()


def _iso_date(text: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # fromisoformat also takes 20250318, 2025-W12-2
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD, e.g. 2025-03-18") from None


def _checked(kind: str) -> Callable[[str], Any]:
    """An argparse ``type`` that checks an option's text as the digest schema checks its type
    named ``kind`` (``"Url"``, ``"Name"``: :mod:`generator.core.model`, imported only when the
    option is given), so that a bad value is said before anything is read."""

    def check(text: str) -> Any:
        from pydantic import TypeAdapter, ValidationError

        from generator.core import model

        try:
            return TypeAdapter(getattr(model, kind)).validate_python(text)
        except ValidationError as error:
            raise argparse.ArgumentTypeError(error.errors()[0]["msg"].removeprefix("Value error, ")) from None

    return check


LIST_WRITTEN_MAX = 10
"""Imports writing at most this many digests name each one; larger ones give the count."""


def _papers(count: int) -> str:
    return f"{count} paper" if count == 1 else f"{count} papers"


def _print_import_summary(summary: ImportSummary) -> None:
    """What an import did, on stdout: each digest written or unchanged, with its papers
    (``wrote digests/2025-07-08.yml: 16 papers (0 already in this digest; 2 also listed on other
    days)``: records of the day it listed before, and papers another day lists too; more than
    :data:`LIST_WRITTEN_MAX` digests in one line each for written and unchanged); for more
    than one input file a table of what each gave; the counts; then every skipped record
    and every note, one per line (``file: record N (id): reason``)."""
    for verb, unchanged in (("wrote", False), ("unchanged", True)):
        days = [day for day in summary.days if day.unchanged == unchanged]
        if len(days) > LIST_WRITTEN_MAX:
            print(f"{verb} {len(days)} digest files in {days[0].path.parent}")
            continue
        for day in days:
            counts = f"{day.already} already in this digest" if day.new else f"{day.added} added, {day.already} already in this digest"
            print(f"{verb} {day.path}: {_papers(day.papers)} ({counts}; {day.elsewhere} also listed on other days)")
    if len(summary.inputs) > 1:
        shown = summary.inputs[:LIST_WRITTEN_MAX]
        width = max(len("file"), *(len(str(read.path)) for read in shown))
        print(f"{'file':<{width}}  records  papers  skipped")
        for read in shown:
            print(f"{str(read.path):<{width}}  {read.records:>7}  {read.papers:>6}  {read.skipped:>7}")
        if len(summary.inputs) > len(shown):
            print(f"… and {len(summary.inputs) - len(shown)} more file(s)")
    print(
        f"{summary.files} file(s) read, {summary.records} record(s): {summary.added} paper(s) added, "
        f"{summary.duplicates} already listed that day, {len(summary.skipped)} record(s) skipped; "
        f"{summary.distinct} distinct paper(s); the {len(summary.written) + len(summary.unchanged)} digest(s) list "
        f"{summary.papers} paper(s)"
    )
    for problem in summary.skipped:
        print(f"skipped {problem}")
    for problem in summary.notes:
        print(f"note: {problem}")
    for line in summary.lookup:
        print(line)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build the paper-digest site's pages from the digests in digests/.",
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the project folder holding digests/ and site_src/ (default: .)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = commands.add_parser(
        "import",
        help="turn copied pages or data files into digests/YYYY-MM-DD.yml",
        description="Read input files and merge their papers into digests/YYYY-MM-DD.yml (one file per day). "
        "Papers a digest already lists are kept as they are; re-importing changes nothing.",
    )
    imp.add_argument(
        "files", nargs="+", type=Path, metavar="PATH", help=f"input files or folders (in folders: every {', '.join(INPUT_SUFFIXES)} file, also .gz)"
    )
    imp.add_argument(
        "--date", type=_iso_date, help="the day of the papers, YYYY-MM-DD (needed when the input has no year)"
    )
    imp.add_argument(
        "--lookup",
        action="store_true",
        help="look the papers up on the network (Hugging Face Daily Papers of that day, then arXiv by exact title) "
        "to fill arXiv ids, authors, links and upvotes; only exact title matches are taken",
    )
    imp.add_argument(
        "--format", choices=_Formats(), metavar="FORMAT", help="input format: %(choices)s (default: detected from the content)"
    )
    imp.add_argument(
        "--source", type=_checked("Url"), metavar="URL",
        help="where the list came from, for inputs that do not say (a copied page), e.g. "
        "https://huggingface.co/papers?date=2025-03-18; a digest that already names its source keeps it",
    )
    imp.add_argument(
        "--source-name", type=_checked("Name"), metavar="NAME",
        help="what the day page calls that source, e.g. 'Hugging Face Daily Papers' (default: the URL's host)",
    )

    commands.add_parser(
        "generate",
        help="write the site's pages into site_src/ (what `mkdocs build` runs first)",
        description="Validate every digest, then write paper, tag, day, archive and home pages into site_src/. "
        "Only changed files are rewritten; only pages the generator made are ever removed.",
    )
    val = commands.add_parser(
        "validate",
        help="check digests without building or writing anything",
        description="Check digests (default: every digest in digests/) and report every problem at once, "
        "each as `error: file:line: what is wrong; how to fix it`: YAML and schema errors, malformed arXiv ids "
        "and URLs, a file name that is not the digest's ISO date, two files for one day, a paper listed twice "
        "on one day, unknown manual tags (with the closest known tag). Papers that other days in digests/ list "
        "too are reported as `info:` lines, which are not errors. Exits 1 if there is any error.",
    )
    val.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="digest files or folders to check (default: digests/)"
    )
    val.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text: `error:`/`info:` lines (default); github: GitHub Actions annotations on stdout "
        "(`::error file=…,line=…::…`, notes as `::notice`) and a Markdown summary of the checked days and "
        "their papers appended to the file named by $GITHUB_STEP_SUMMARY, if set",
    )
    links = commands.add_parser(
        "check-links",
        help="check that every internal link of a built site resolves",
        description="Check every href/src of every HTML page, Material's search worker and every CSS url() of a "
        "built site, as GitHub Pages would serve the folder at its site_url (a folder URL serves its index.html; "
        "404.html is served for any missing path). Prints each broken link as `file:line` and exits 1 if any.",
    )
    links.add_argument("site_dir", type=Path, metavar="SITE_DIR", help="the built site, e.g. site/")
    links.add_argument(
        "--site-url",
        help="the URL the site is published at, ending in / (default: the canonical link of SITE_DIR/index.html, "
        "i.e. the site_url it was built with)",
    )
    return parser


def _check_links(site_dir: Path, site_url: str | None) -> int:
    """Print the broken internal links of the built site in ``site_dir``; 0 if none, else 1."""
    from generator.output.site_links import check_links, site_url_of

    if not (site_dir / "index.html").is_file():
        print(f"error: {site_dir} has no index.html; build the site first (mkdocs build)", file=sys.stderr)
        return 1
    try:
        site_url = site_url or site_url_of(site_dir)
    except ValueError as error:
        print(f"error: {error} (--site-url)", file=sys.stderr)
        return 1
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    try:
        parts = urlsplit(site_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("it needs http:// or https:// and a host")
    except ValueError as error:
        print(f"error: site_url {site_url!r} is not a URL ({error}); e.g. https://example.github.io/digests/", file=sys.stderr)
        return 1
    urls, broken = check_links(site_dir, site_url)
    for link in broken:
        print(f"error: {os.path.join(site_dir, str(link))}", file=sys.stderr)  # site_dir/source:line: …
    if broken:
        print(f"{len(broken)} broken link(s); {len(urls)} distinct internal URL(s) under {site_url} checked", file=sys.stderr)
        return 1
    print(f"ok: {len(urls)} distinct internal URL(s) under {site_url} resolve")
    return 0


def _project_of(paths: list[Path], project: Project) -> tuple[Project, list[Path] | None]:
    """The project the digest files ``paths`` (none: every digest) belong to, and the paths
    to check, when ``project`` has no digests folder in reach (``validate FILE`` run from
    inside ``digests/`` or from another folder): if every path lies directly in one folder
    named ``digests`` beside an ``mkdocs.yml``, that folder's parent and the paths made
    absolute as its other days will be named (found without following symbolic links);
    else ``project`` and ``paths`` as given."""
    if not paths or digests_dir_problem(project.digests_dir) is None:
        return project, paths or None
    absolute = [Path(os.path.abspath(path)) for path in paths]
    folders = {path.parent for path in absolute}
    if len(folders) != 1:
        return project, paths
    [folder] = folders
    if not is_digests_folder(folder):
        return project, paths
    return Project(folder.parent), absolute


def _validate(project: Project, paths: list[Path] | None, format: str = "text", *, from_here: bool = True) -> int:
    """Print the validation report of ``paths`` (``None``: every digest) in ``format``
    (``text`` or ``github``, see :mod:`generator.inputs.workflow_report`); 0 if no errors, else 1.
    ``from_here``: name the files under the current folder relatively to it (the project was
    named relatively, as by default), else as found."""
    from generator.catalog.tagging import load_taxonomy
    from generator.inputs.validation import validate_digests

    report = validate_digests(paths, project.digests_dir, load_taxonomy())
    if format == "github":
        from generator.inputs.workflow_report import annotation_lines, step_summary

        for line in annotation_lines(report):
            print(line)
        if summary_file := os.environ.get("GITHUB_STEP_SUMMARY"):
            with open(summary_file, "a", encoding="utf-8") as summary_out:
                summary_out.write(step_summary(report))
    else:
        for note in report.notes:
            print(f"info: {note}")
        # With the project named relatively (the default: here), every file is named from
        # here: `digests/…` from the project, `2025-03-18.yml` from inside digests/, a file
        # given by its absolute path too.
        here = Path.cwd() if from_here else None
        for problem in report.problems:
            print(f"error: {problem.relative_to(here) if here else problem}", file=sys.stderr)
    # A paper listed on two days is one paper (as the site shows it): its listings are said apart.
    listings = f" ({report.listings} listings)" if report.listings != report.papers else ""
    summary = (
        f"{len(report.checked)} digest file(s) checked, {report.papers} paper(s){listings} in {report.digests} valid digest(s), "
        f"{len(report.notes)} note(s)"
    )
    if report.ok:
        print(f"ok: {summary}")
        return 0
    with_problems = len({str(problem.path) for problem in report.problems})
    print(f"{len(report.problems)} problem(s) in {with_problems} file(s): {summary}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    args = _parser().parse_args(argv)
    project = Project(args.root)
    try:
        if args.command == "import":
            from generator.inputs.importing import PROGRESS_MIN_FILES, import_files, input_files

            if not project.root.is_dir():  # a typo in --root must not make a new folder tree
                raise InputError([Problem(project.root, None, "is not a folder; pass the project folder as --root")])
            files = input_files(args.files)
            progress = len(files) > 1 and (sys.stderr.isatty() or len(files) >= PROGRESS_MIN_FILES)
            lookup: Callable[..., Any] | None = None
            if args.lookup:
                from generator.inputs.lookup import look_up

                lookup = look_up
            summary = import_files(
                files, project.digests_dir, format=args.format, date=args.date, progress=progress, lookup=lookup,
                source=(args.source, args.source_name),
            )
            _print_import_summary(summary)
        elif args.command == "generate":
            report = regenerate(project)
            print(
                f"site_src: {len(report.written)} page(s) written, {report.unchanged} unchanged, "
                f"{len(report.removed)} removed"
            )
            for relative in report.kept:
                print(f"kept site_src/{relative}: no longer generated, but changed by hand since, so left in place")
        elif args.command == "check-links":
            return _check_links(args.site_dir, args.site_url)
        elif args.command == "validate":
            return _validate(
                *_project_of(args.paths, project), args.format, from_here=not project.root.is_absolute()
            )
    except InputError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    except OSError as error:  # a folder where a file should be, a file in the way, no permission
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    return 0
