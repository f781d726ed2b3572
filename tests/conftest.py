"""Shared fixtures: the repository's paths and sites built in a scratch copy of the project
from digests under tests/fixtures/ only. No test reads the repository's own digests/: a pull
request adding a day there must not change any test's outcome (tests/test_fixtures_only.py)."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_PAGE = FIXTURES / "seed-listing-page.txt"
"""The real copied listing page the site started from (a byte-identical copy of
shared/seeds/000_10eae0924500b2ba.txt), imported as tests/fixtures/digests/2025-03-18.yml."""
SEED_DIGEST = FIXTURES / "digests" / "2025-03-18.yml"
"""The seed day: a copy of the digest the repository started with (31 papers, no arXiv ids).
``Project(FIXTURES)`` is a project whose digests/ holds it alone (for catalog-level tests)."""
SEED_TAGS = 36
"""The tags the seed day's papers carry (topics, kinds and areas): what the taxonomy gives them."""
SEED_PAGES = 31 + 1 + SEED_TAGS + 2 + 1 + 1 + 3 + 1
"""The pages the generator writes for the seed day alone: 31 papers, 1 day, a page per tag
carried (the seed's papers list no arXiv category, whose link would give an area of no paper a
page), 2 tags indexes, trends, tags.json, the archive with
1 year and 1 month, home."""
REAL_HF_DAYS = [
    FIXTURES / "real-days" / "2025-07-08.json",
    FIXTURES / "hf-daily" / "2026-04-10.json",
    FIXTURES / "hf-daily" / "2026-04-16.json",
]
"""Real Hugging Face daily-papers API days (cut from shared/corpora/hf-daily-papers-api):
2025-07-08 (3 papers), 2026-04-10 and 2026-04-16 (2 papers each, both listing 2604.07429)."""


STARTED_FIRST = [
    "test_dirty_builds.py",
    "test_serve.py",
    "test_fixtures_only.py",
    "test_fuzz_digests.py",
    "test_accessibility.py",
    "test_mkdocs_edge.py",
    "test_browser_search.py",
    "test_hostile_input.py",
]
"""The test modules that take longest (each waits on several site builds, a server or a
browser), in the order they start: with pytest-xdist, each worker takes whole modules in
collection order (scripts/test: ``--dist loadscope --no-loadscope-reorder``), so the long
ones start first and the short ones fill in, and the workers end together."""


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook deselects by marker (-m)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules of :data:`STARTED_FIRST` first, in its order; the others as collected.
    Every test that uses the :func:`browser` fixture (itself or through another fixture) is
    marked ``browser`` (pyproject.toml), so that ``-m "not browser"`` leaves out every test
    that drives Chromium (README, "Run the tests"), not only those of modules marked by hand."""
    first = {name: rank for rank, name in enumerate(STARTED_FIRST)}
    items.sort(key=lambda item: first.get(item.path.name, len(first)))
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def make_project(root: Path, digests: list[Path] | None = None) -> Path:
    """A scratch copy of the site project under ``root`` (mkdocs.yml, theme/, the
    hand-written pages of site_src/) with ``digests`` (default: the seed day,
    :data:`SEED_DIGEST`) in digests/. Never the repository's digests."""
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
    for digest in digests if digests is not None else [SEED_DIGEST]:
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


def made_once(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str, make: Callable[[Path], Path]
) -> Path:
    """``make(folder)`` (a new empty folder in, the path of what it made out) run once per test
    run, its result shared by every pytest-xdist worker (``-n``): the first worker to ask makes
    it under an exclusive lock in the run's common temporary folder; the others wait, then
    reuse the path. Without xdist (``worker_id`` is ``master``) it is ``make(tmp_path_factory.mktemp(name))``. What it makes
    is read-only for the tests (others may be reading it at the same time). If ``make`` fails,
    the next worker to ask makes it again (and fails with its own message). The pattern is
    pytest-xdist's documented one for session fixtures ("Making session-scoped fixtures
    execute only once")."""
    if worker_id == "master":  # pytest-xdist's worker_id fixture: not a worker (also in a pytest run a test starts)
        return make(tmp_path_factory.mktemp(name))
    common = tmp_path_factory.getbasetemp().parent  # pytest-N/, holding each worker's popen-gwK/
    made = common / f"{name}.path"
    with (common / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not made.exists():
            made.write_text(str(make(Path(tempfile.mkdtemp(prefix=f"{name}-", dir=common)))), encoding="utf-8")
        return Path(made.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory, worker_id) -> Path:
    """The site built from the seed day alone (:data:`SEED_DIGEST`, 31 papers)."""
    return made_once(tmp_path_factory, worker_id, "seed", lambda folder: build_site(make_project(folder / "project")))


def make_real_project(root: Path) -> Path:
    """A scratch project (:func:`make_project`) holding the pasted seed day and the real
    Hugging Face API days of :data:`REAL_HF_DAYS`, imported with the project's importer:
    4 days, 31 + 3 + 2 + 2 listings, 37 distinct papers (2604.07429 is listed on 2026-04-10
    and 2026-04-16)."""
    from generator.inputs.importing import import_files

    project = make_project(root)
    import_files(REAL_HF_DAYS, project / "digests")
    return project


@pytest.fixture(scope="session")
def real_project(tmp_path_factory: pytest.TempPathFactory, worker_id) -> Path:
    """The project of :func:`make_real_project`, unbuilt (read-only for tests: validate,
    generate into a copy). Its digests: 2025-03-18.yml (pasted page), 2025-07-08.yml,
    2026-04-10.yml, 2026-04-16.yml (HF API)."""
    return made_once(tmp_path_factory, worker_id, "real", lambda folder: make_real_project(folder / "project"))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, worker_id) -> Path:
    """The site built from real days: the pasted seed day plus the real HF API days
    (:func:`make_real_project`); its own project, built once per session."""
    return made_once(
        tmp_path_factory, worker_id, "real-site", lambda folder: build_site(make_real_project(folder / "project"))
    )


def edit_keeping_size(path: Path) -> None:
    """Change one digit of the file at ``path`` (a search file), as a hand edit that keeps its size."""
    data = bytearray(path.read_bytes())
    at = next(i for i, byte in enumerate(data) if chr(byte).isdigit())
    data[at] = ord(str((int(chr(data[at])) + 1) % 10))
    path.write_bytes(bytes(data))


SEARCH_DIGEST = FIXTURES / "search" / "2025-03-19.yml"


@pytest.fixture(scope="session")
def search_site(tmp_path_factory: pytest.TempPathFactory, worker_id) -> Path:
    """The site built from the seed digest plus the search test papers
    (tests/fixtures/search/: hyphenated and numeric names, authors, an HTML title)."""
    return made_once(
        tmp_path_factory,
        worker_id,
        "search",
        lambda folder: build_site(make_project(folder / "project", [SEED_DIGEST, SEARCH_DIGEST])),
    )


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole test session (see tests/browser.py)."""
    from browser import launch_chromium

    with launch_chromium() as chromium:
        yield chromium
