"""The README's test command sets up everything on a fresh machine and is the one CI runs."""

from __future__ import annotations

import re
import shutil
import subprocess

from conftest import REPO


def fenced_command(markdown: str, heading: str) -> str:
    """The one line of the first ```sh block under ``heading``."""
    section = markdown.split(f"\n{heading}\n", 1)[1]
    (command,) = re.search(r"```sh\n(.*?)\n```", section, re.S)[1].splitlines()
    return command


def test_ci_runs_the_readme_test_command():
    command = fenced_command((REPO / "README.md").read_text(encoding="utf-8"), "## Run the tests")
    assert command == "bash scripts/test"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[ci.index("# The README's test command (keep the two identical):") + 1] == command


def test_without_chromium_and_apt_it_stops_at_once_saying_how(tmp_path):
    """No Chromium, and no way to install it (no apt-get on PATH): one line, exit 1, before
    a virtual environment is made or anything installed."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "test", tmp_path / "scripts" / "test")
    (tmp_path / "empty").mkdir()
    missing = tmp_path / "no-chromium"
    done = subprocess.run(
        ["/bin/bash", str(tmp_path / "scripts" / "test")],
        capture_output=True, text=True, env={"PATH": str(tmp_path / "empty"), "PAPER_DIGESTS_CHROMIUM": str(missing)},
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        f"error: the browser tests need Debian's Chromium at {missing}; "
        "install it first with: sudo apt-get install chromium"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "scripts"]


def test_the_modules_started_first_exist():
    """conftest.STARTED_FIRST orders the modules for pytest-xdist's workers: a renamed module
    left in it would silently start last."""
    from conftest import STARTED_FIRST

    assert [name for name in STARTED_FIRST if not (REPO / "tests" / name).is_file()] == []
    assert (REPO / "scripts" / "test").read_text(encoding="utf-8").count("--dist loadscope --no-loadscope-reorder") == 1


COLLECTED = """
import json, pytest

class Collected:
    def pytest_collection_finish(self, session):
        self.items = [[item.nodeid, "browser" in getattr(item, "fixturenames", ())] for item in session.items]

collected = Collected()
pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "-m", "not browser", "tests"], plugins=[collected])
print(json.dumps(collected.items))
"""
"""Collects the suite as README's quick run does (``-m "not browser"``), prints each test kept
(its node id, whether it uses the ``browser`` fixture) as JSON on the last line."""


def test_not_browser_leaves_out_every_test_that_drives_chromium():
    """README's quicker run, ``bash scripts/test -m "not browser"``: the marker was set by hand
    on some modules and tests, and three browser tests of tests/test_reader_pages.py ran all
    the same. conftest marks every test that uses the ``browser`` fixture."""
    import json
    import sys

    result = subprocess.run([sys.executable, "-c", COLLECTED], cwd=REPO, capture_output=True, text=True, check=True)
    kept = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(kept) > 500  # the rest of the suite is still collected
    assert [node for node, uses_browser in kept if uses_browser] == []
