"""The command line: ``python -m generator {import,generate,validate}``.

Every command exits 0 on success, 1 when the input has problems (each printed as
``file:line: what is wrong``, never a traceback) and 2 for a malformed command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator.build import Project, load_catalog, regenerate
from generator.importing import import_files
from generator.problems import InputError
from generator.readers import READERS


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD, e.g. 2025-03-18") from None


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
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="input files")
    imp.add_argument(
        "--date", type=_iso_date, help="the day of the papers, YYYY-MM-DD (needed when the input has no year)"
    )
    imp.add_argument("--format", choices=sorted(READERS), help="input format (default: detected from the content)")

    commands.add_parser(
        "generate",
        help="write the site's pages into site_src/ (what `mkdocs build` runs first)",
        description="Validate every digest, then write paper, tag, day, archive and home pages into site_src/. "
        "Only changed files are rewritten; only pages the generator made are ever removed.",
    )
    commands.add_parser(
        "validate",
        help="check every digest without writing anything",
        description="Read and validate every digest in digests/ and report all problems at once.",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    args = _parser().parse_args(argv)
    project = Project(args.root)
    try:
        if args.command == "import":
            summary = import_files(args.files, project.digests_dir, format=args.format, date=args.date)
            for path in summary.written:
                print(f"wrote {path}")
            print(
                f"{summary.files} file(s) read, {summary.records} record(s), {summary.papers} paper(s) in "
                f"{len(summary.written)} digest(s), {summary.duplicates} duplicate(s) merged, "
                f"{len(summary.skipped)} record(s) skipped"
            )
            for problem in summary.skipped:
                print(f"skipped {problem}")
        elif args.command == "generate":
            report = regenerate(project)
            print(
                f"site_src: {len(report.written)} page(s) written, {report.unchanged} unchanged, "
                f"{len(report.removed)} removed"
            )
        elif args.command == "validate":
            catalog, _ = load_catalog(project)
            print(f"ok: {len(catalog.digests)} digest(s), {len(catalog.papers)} paper(s)")
    except InputError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    return 0
