"""Putting generated pages into docs_dir (``site_src/``) without touching anything else.

The generator records what it wrote in ``site_src/.generated-files.json`` (MkDocs ignores
dot-files). On each run it

* writes a page only when its text changed (so ``mkdocs serve`` does not rebuild forever),
* removes only pages listed in that manifest that the new run no longer generates,
* refuses to overwrite a file it did not generate (a hand-written page wins; the clash is
  reported as a problem).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.problems import InputError, Problem

MANIFEST_NAME = ".generated-files.json"


@dataclass
class SyncReport:
    """What :func:`sync_pages` did, as lists of docs_dir paths."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _generated_before(docs_dir: Path) -> set[str]:
    manifest = docs_dir / MANIFEST_NAME
    if not manifest.exists():
        return set()
    try:
        return set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
    except (ValueError, KeyError, TypeError):
        raise InputError(
            [Problem(manifest, None, "the generator's manifest is damaged; delete it and the generated folders")]
        ) from None


def _safe_target(docs_dir: Path, relative: str) -> Path:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"generated page path {relative!r} would leave docs_dir")
    return docs_dir.joinpath(*path.parts)


def check_clashes(docs_dir: Path, pages: dict[str, str]) -> list[Problem]:
    """Problems for every page the generator would write over a file it did not generate."""
    before = _generated_before(docs_dir)
    return [
        Problem(
            _safe_target(docs_dir, relative),
            None,
            "a hand-written file is in the way of a generated page; rename or move the hand-written file",
        )
        for relative in pages
        if relative not in before and _safe_target(docs_dir, relative).exists()
    ]


def sync_pages(docs_dir: Path, pages: dict[str, str]) -> SyncReport:
    """Make docs_dir hold exactly ``pages`` (``{relative POSIX path: text}``) among the
    files the generator owns, leaving every other file alone (see the module docstring).

    Raises :class:`InputError` before changing anything if a page would overwrite a file
    the generator did not write.
    """
    clashes = check_clashes(docs_dir, pages)
    if clashes:
        raise InputError(clashes)
    before = _generated_before(docs_dir)
    report = SyncReport()
    for relative, text in pages.items():
        target = _safe_target(docs_dir, relative)
        data = text.encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            report.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        report.written.append(relative)
    for relative in sorted(before - pages.keys()):
        target = _safe_target(docs_dir, relative)
        if target.is_file():
            target.unlink()
            report.removed.append(relative)
            parent = target.parent
            while parent != docs_dir and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    manifest = docs_dir / MANIFEST_NAME
    text = json.dumps({"files": sorted(pages)}, indent=1) + "\n"
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != text:
        manifest.write_text(text, encoding="utf-8")
    return report
