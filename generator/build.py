"""The generator's pipeline, shared by the CLI and the MkDocs hook:

digests/*.yml → :func:`load_digests` → :func:`~generator.catalog.build_catalog` →
:func:`~generator.writers.render_site` → :func:`~generator.docs_dir.sync_pages` → site_src/.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator.catalog import Catalog, build_catalog
from generator.digest_files import read_digest, digest_paths
from generator.docs_dir import SyncReport, pages_are_current, sync_pages
from generator.model import Digest
from generator.problems import InputError, Problem
from generator.tagging import Taxonomy, load_taxonomy
from generator.writers import render_site


@dataclass(frozen=True)
class Project:
    """Where a site's inputs and outputs live: ``root`` holds ``digests/`` and ``site_src/``."""

    root: Path

    @property
    def digests_dir(self) -> Path:
        return self.root / "digests"

    @property
    def docs_dir(self) -> Path:
        return self.root / "site_src"


def load_digests(digests_dir: Path, taxonomy: Taxonomy) -> list[Digest]:
    """Read every digest in ``digests_dir``, oldest first.

    Raises :class:`InputError` with every problem of every file at once: unreadable or
    invalid files, two files for the same day, and manual tags the taxonomy does not know
    (with the closest known tag suggested).
    """
    problems: list[Problem] = []
    digests: list[Digest] = []
    seen: dict = {}
    for path in digest_paths(digests_dir):
        try:
            digest = read_digest(path, taxonomy)
        except InputError as error:
            problems.extend(error.problems)
            continue
        if digest.date in seen:
            problems.append(Problem(path, None, f"{digest.date} already has a digest in {seen[digest.date].name}"))
            continue
        seen[digest.date] = path
        digests.append(digest)
    if problems:
        raise InputError(problems)
    return sorted(digests, key=lambda d: d.date)


def load_catalog(project: Project) -> tuple[Catalog, Taxonomy]:
    """The taxonomy and the catalog of every digest of ``project``; raises :class:`InputError`."""
    taxonomy = load_taxonomy()
    return build_catalog(load_digests(project.digests_dir, taxonomy), taxonomy), taxonomy


GENERATOR_DIR = Path(__file__).resolve().parent
RENDERING_LIBRARIES = ("Jinja2", "MarkupSafe", "PyYAML", "python-frontmatter", "python-slugify", "pydantic")
"""The libraries whose versions can change the generated text (part of the fingerprint)."""


@functools.cache
def _code_digest(generator_dir: Path) -> str:
    # Hashed once per process: a long-running `mkdocs serve` keeps running the code it
    # imported, so its pages must be recorded as made by that code, not by edits since.
    digest = hashlib.sha256()
    for path in sorted(generator_dir.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(generator_dir).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def input_fingerprint(project: Project) -> str:
    """The SHA-256 (hex) of everything the generated pages are made from: the name and
    bytes of every digest file, every file of the generator package (its templates and
    taxonomy as they are now; its Python code as it was when this process first asked,
    since that is the code that runs), and the versions of Python and of
    :data:`RENDERING_LIBRARIES`.

    Equal fingerprints give byte-identical pages. Reads the digests as bytes only (no YAML
    parsing), so it costs a small fraction of a generation.
    """
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("python", sys.version.encode())
    for name in RENDERING_LIBRARIES:
        try:
            add(name, metadata.version(name).encode())
        except metadata.PackageNotFoundError:
            add(name, b"")
    add("code", _code_digest(GENERATOR_DIR).encode())
    for path in sorted(GENERATOR_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py":
            add(f"generator/{path.relative_to(GENERATOR_DIR).as_posix()}", path.read_bytes())
    if project.digests_dir.is_dir():
        for path in digest_paths(project.digests_dir):
            # Not a regular file: never read (a pipe would block); reading it later reports it.
            add(f"digests/{path.name}", path.read_bytes() if path.is_file() else b"not a file")
    return digest.hexdigest()


def generate(project: Project) -> tuple[Catalog, SyncReport]:
    """Regenerate every page of ``project`` into its docs_dir; returns the catalog the pages
    were made from and what changed on disk.

    All input is read and validated before anything is written: if any digest is invalid,
    :class:`InputError` is raised and nothing under docs_dir changes. When the pages are
    already current for the inputs (:func:`input_fingerprint`,
    :func:`~generator.docs_dir.pages_are_current`), rendering is skipped and nothing is
    written.
    """
    fingerprint = input_fingerprint(project)  # before reading: a digest edited meanwhile shows next run
    catalog, taxonomy = load_catalog(project)
    current = pages_are_current(project.docs_dir, fingerprint)
    if current is not None:
        return catalog, SyncReport(unchanged=current)
    return catalog, sync_pages(project.docs_dir, render_site(catalog, taxonomy), fingerprint)


def regenerate(project: Project) -> SyncReport:
    """Like :func:`generate` (same errors, same pages), but when the pages are already
    current for the inputs it returns at once, without reading or validating the digests:
    an unchanged project costs one hash of its inputs and one ``stat`` per page."""
    current = pages_are_current(project.docs_dir, input_fingerprint(project))
    if current is not None:
        return SyncReport(unchanged=current)
    return generate(project)[1]
