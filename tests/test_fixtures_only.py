"""The README's test command passes whatever the repository's digests/ holds.

A pull request adds a day under digests/; its author must get a green run. So tests build
from tests/fixtures/ only: no test module reads the repository's digests/, and the tests
that once broke on a new day pass in a copy of the project whose digests/ is empty, or
holds extra real days (pasted page, Hugging Face API, arXiv JSON Lines).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REAL_HF_DAYS, REPO, SEED_DIGEST

# `REPO / "digests"`, `REPO / 'digests'`, `Project(REPO)` (whose digests_dir is the repo's),
# or a path string naming the repo's digests folder.
READS_REPO_DIGESTS = re.compile(r"""REPO\s*/\s*["']digests|Project\(\s*REPO\s*\)|REPO\s*/\s*["'][^"']*digests/""")

# The tests that failed when a contributor imported a real day into digests/ (issue 15):
# counts on the home page, the day and archive pages, the newest feed entry.
QUICK_PART = ["tests/test_seed_site.py", "tests/test_reader_features.py::test_site_feed_is_valid_with_stable_ids"]


def test_no_test_module_reads_the_repository_digests():
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted((REPO / "tests").glob("*.py"))
        if path.name != Path(__file__).name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if READS_REPO_DIGESTS.search(line)
    ]
    assert offenders == []


def test_the_pattern_catches_the_ways_a_test_once_read_digests():
    assert READS_REPO_DIGESTS.search('SEED_DIGEST = REPO / "digests" / "2025-03-18.yml"')
    assert READS_REPO_DIGESTS.search("load_catalog(Project(REPO))")
    assert not READS_REPO_DIGESTS.search('root / "digests"')


def copy_of_the_project(root: Path) -> Path:
    """The repository's tracked and new (not ignored) files copied to ``root`` (a fresh git
    repository, nothing committed), with an empty digests/."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    for relative in filter(None, listed):
        source = REPO / relative
        if relative.startswith("digests/") or not source.is_file():
            continue
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    (root / "digests").mkdir(exist_ok=True)
    # A repository of its own: conftest lists the hand-written pages with `git ls-files`.
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    return root


def run_quick_part(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *QUICK_PART],
        cwd=project, capture_output=True, text=True,
    )


@pytest.mark.parametrize("digests", ["none", "seed and real days"])
def test_the_tests_pass_whatever_digests_holds(tmp_path, digests):
    from generator.inputs.importing import import_files

    project = copy_of_the_project(tmp_path / "project")
    if digests != "none":
        shutil.copy(SEED_DIGEST, project / "digests")
        import_files([*REAL_HF_DAYS, FIXTURES / "arxiv-jsonl" / "2026-04-03.jsonl"], project / "digests")
        assert len(list((project / "digests").glob("*.yml"))) == 5
    result = run_quick_part(project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"^15 passed", result.stdout.splitlines()[-1]), result.stdout[-500:]


def test_the_real_site_has_the_pasted_day_and_the_hf_api_days(real_site):
    days = sorted(p.parent.name for p in (real_site / "days").glob("*/index.html"))
    assert days == ["2025-03-18", "2025-07-08", "2026-04-10", "2026-04-16"]
    assert len(list((real_site / "papers").glob("*/index.html"))) == 37
    twice = next(p for p in (real_site / "papers").glob("*/index.html") if "2604.07429" in p.read_text(encoding="utf-8"))
    page = twice.read_text(encoding="utf-8")
    assert "2026-04-10" in page and "2026-04-16" in page
