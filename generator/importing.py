"""Importing input files (copied pages, API dumps) into digest files under ``digests/``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.digest_files import read_digest, write_digest
from generator.model import Digest, title_key
from generator.problems import Problem
from generator.readers import read_file


def merge_into(existing: Digest, incoming: Digest) -> tuple[Digest, int]:
    """``existing`` with the papers of ``incoming`` it does not list yet appended (same paper:
    same arXiv id or same title key). Existing entries, with any manual edits, are kept as
    they are. Returns the merged digest and how many papers were already there."""
    ids = {p.arxiv_id for p in existing.papers if p.arxiv_id}
    titles = {title_key(p.title) for p in existing.papers}
    papers = list(existing.papers)
    duplicates = 0
    for paper in incoming.papers:
        if (paper.arxiv_id and paper.arxiv_id in ids) or title_key(paper.title) in titles:
            duplicates += 1
            continue
        papers.append(paper)
        titles.add(title_key(paper.title))
        if paper.arxiv_id:
            ids.add(paper.arxiv_id)
    return existing.model_copy(update={"papers": papers, "source": existing.source or incoming.source}), duplicates


@dataclass
class ImportSummary:
    """What an import did: files read, records seen, papers added, duplicates merged, digest
    files written, and every record skipped with its reason."""

    files: int = 0
    records: int = 0
    papers: int = 0
    duplicates: int = 0
    written: list[Path] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


def import_files(
    paths: list[Path], digests_dir: Path, format: str | None = None, date: dt.date | None = None
) -> ImportSummary:
    """Read ``paths`` and merge their papers into ``digests_dir/YYYY-MM-DD.yml``.

    Re-importing the same files changes nothing (byte-identical digests). Raises
    :class:`~generator.problems.InputError` when a file cannot be read at all; records a
    reader skips are reported in the summary, never dropped silently.
    """
    summary = ImportSummary()
    by_day: dict[dt.date, Digest] = {}
    for path in paths:
        result = read_file(path, format=format, date=date)
        summary.files += 1
        summary.records += result.records
        summary.skipped.extend(result.skipped)
        for digest in result.digests:
            if digest.date in by_day:
                merged, duplicates = merge_into(by_day[digest.date], digest)
                by_day[digest.date] = merged
                summary.duplicates += duplicates
            else:
                by_day[digest.date] = digest
    for day, digest in sorted(by_day.items()):
        target = digests_dir / f"{day.isoformat()}.yml"
        if target.exists():
            digest, duplicates = merge_into(read_digest(target), digest)
            summary.duplicates += duplicates
        summary.papers += len(digest.papers)
        summary.written.append(write_digest(digest, digests_dir))
    return summary
