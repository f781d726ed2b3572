"""Shared fixtures: the repository's paths and sites built from digests in a scratch copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_PAGE = FIXTURES / "seed-listing-page.txt"
"""The real copied listing page the site started from (a byte-identical copy of
shared/seeds/000_10eae0924500b2ba.txt), imported as digests/2025-03-18.yml."""
SEED_DIGEST = REPO / "digests" / "2025-03-18.yml"


def make_project(root: Path, digests: list[Path] | None = None) -> Path:
    """A scratch copy of the site project under ``root`` (mkdocs.yml, theme/, the
    hand-written pages of site_src/) with ``digests`` (default: the repo's) in digests/."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "generator").symlink_to(REPO / "generator")  # mkdocs.yml names the hook and watch paths
    tracked = subprocess.run(
        ["git", "ls-files", "site_src"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    for relative in tracked:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / relative, target)
    (root / "site_src").mkdir(exist_ok=True)
    (root / "digests").mkdir()
    for digest in digests if digests is not None else sorted((REPO / "digests").glob("*.yml")):
        shutil.copy(digest, root / "digests" / digest.name)
    return root


def build_site(project: Path) -> Path:
    """Run ``mkdocs build --strict`` in ``project`` (the hook generates the pages) and
    return the built site folder; fails the test with MkDocs' output if the build fails."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the repository's digests (the committed seed)."""
    return build_site(make_project(tmp_path_factory.mktemp("seed") / "project"))


SEARCH_DIGEST = FIXTURES / "search" / "2025-03-19.yml"


@pytest.fixture(scope="session")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the seed digest plus the search test papers
    (tests/fixtures/search/: hyphenated and numeric names, authors, an HTML title)."""
    project = make_project(tmp_path_factory.mktemp("search") / "project", [SEED_DIGEST, SEARCH_DIGEST])
    return build_site(project)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole test session (see tests/browser.py)."""
    from browser import launch_chromium

    with launch_chromium() as chromium:
        yield chromium
