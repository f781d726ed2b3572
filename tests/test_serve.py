"""`mkdocs serve` regenerates pages when a digest is added or edited, and settles."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import REPO, SEED_PAGES, make_project

from generator.output.docs_dir import MANIFEST_NAME, hand_written_entries
from generator.pages.paths import GENERATED_FOLDERS, HOME

FIRST_DAY = """date: 2025-03-18
papers:
- title: A Paper Listed Before Serving
  abstract: The project starts with this day of two papers (a small site, so that each of the server's
    builds is quick); a digest added and edited while serving adds and renames a third.
- title: Another Paper Listed Before Serving
  abstract: The second paper of the first day; its page is written once and never again while the
    test edits the other day.
"""

NEW_DAY = """date: 2025-03-19
papers:
- title: A Paper Added While Serving
  abstract: This abstract was written into a new digest while mkdocs serve was running, to check that the
    generator regenerates the pages and the server picks them up.
"""


def is_generated_area(relative: str) -> bool:
    """Whether docs_dir path ``relative`` (POSIX) is where the generator's pages live: the
    home page or a path in one of ``GENERATED_FOLDERS``."""
    return relative == HOME or relative.startswith(GENERATED_FOLDERS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(predicate, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


def test_serve_regenerates_after_a_digest_change_and_settles(tmp_path):
    """A digest edit is one build: the server watches the hand-written part of site_src/
    only, so the generator's writes into it start no second build. A hand-written page is
    one build. A build the generator fails leaves the server running and has all of
    site_src/ watched: doing there what its message says rebuilds."""
    project = make_project(tmp_path / "project", digests=[])
    (project / "digests" / "2025-03-18.yml").write_text(FIRST_DAY, encoding="utf-8")
    port = free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    base = f"http://127.0.0.1:{port}/paper-digests/"

    def save(path, text: str) -> None:
        """Save ``text`` to ``path`` in one step, as editors that save atomically do: written
        outside the watched folders, then renamed over it. A plain write is several
        file-system events (truncate, write, close); on a busy machine the watcher can pass
        the first to the server before the others, which then start one build more."""
        staged = tmp_path / "staged"
        staged.write_text(text, encoding="utf-8")
        staged.replace(path)

    def generator_lines() -> list[str]:
        return [line for line in log_path.read_text().splitlines() if "page(s) written" in line]

    def settled(runs: int) -> list[str]:
        """The generator's log lines once it has run ``runs`` times in all and every build
        the server started has ended."""
        # Each rebuild starts with "Detected file changes" and ends with "Reloading browsers"
        # or "An error happened during the rebuild".
        def ended() -> bool:
            text = log_path.read_text()
            finished = text.count("Reloading browsers") + text.count("An error happened during the rebuild")
            return text.count("Detected file changes") == finished and len(generator_lines()) >= runs

        assert wait_for(ended), log_path.read_text()[-3000:]
        lines = generator_lines()
        assert len(lines) == runs, log_path.read_text()[-3000:]
        return lines

    try:
        home = wait_for(lambda: fetch(base))
        assert home and "2 papers from 1 day" in home
        assert wait_for(lambda: generator_lines())
        assert "Watching paths for changes" in log_path.read_text()
        save(project / "digests" / "2025-03-19.yml", NEW_DAY)
        page = wait_for(lambda: fetch(base + "papers/a-paper-added-while-serving/"))
        assert page and "A Paper Added While Serving" in page
        assert "3 papers from 2 days" in (fetch(base) or "")
        assert ": 0 page(s) written" not in settled(2)[1]

        edited = NEW_DAY.replace("A Paper Added While Serving", "A Paper Renamed While Serving")
        save(project / "digests" / "2025-03-19.yml", edited)
        assert wait_for(lambda: fetch(base + "papers/a-paper-renamed-while-serving/"))
        assert "1 removed" in settled(3)[2]

        # A hand-written page: one build, which the generator has nothing to do for. That it
        # is the 4th shows that neither digest edit set off a second build.
        about = project / "site_src" / "about.md"
        save(about, about.read_text(encoding="utf-8") + "\nA line added while serving.\n")
        assert wait_for(lambda: "A line added while serving." in (fetch(base + "about/") or ""))
        assert ": 0 page(s) written, 0 removed" in settled(4)[3]

        # A build the generator fails: the server goes on, and doing what its message says in
        # site_src/ (not watched while builds succeed) rebuilds.
        manifest = project / "site_src" / MANIFEST_NAME
        save(manifest, "damaged")
        save(project / "digests" / "2025-03-19.yml", edited)  # the same text, saved again: a build
        assert wait_for(lambda: "manifest is damaged" in log_path.read_text())
        settled(4)
        manifest.unlink()
        for folder in ("papers", "tags", "days", "archive"):
            shutil.rmtree(project / "site_src" / folder)
        (project / "site_src" / "index.md").unlink()
        assert wait_for(lambda: fetch(base + "papers/a-paper-renamed-while-serving/"))
        assert ": 13 page(s) written, 0 removed" in settled(5)[4]

        # Builds succeed again: site_src/ is no longer watched as a whole, so those 13 pages
        # started no build (the next hand-written edit is the 6th). No area has a page: no
        # paper carries one or names an arXiv category.
        save(about, about.read_text(encoding="utf-8") + "\nAnother line.\n")
        assert wait_for(lambda: "Another line." in (fetch(base + "about/") or ""))
        assert ": 0 page(s) written, 0 removed" in settled(6)[5]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_every_page_the_generator_writes_is_where_its_pages_live(seed_site):
    generated = json.loads((seed_site.parent / "site_src" / MANIFEST_NAME).read_text())["files"]
    assert len(generated) == SEED_PAGES
    assert all(is_generated_area(path) for path in generated)
    hand_written = subprocess.run(["git", "ls-files", "site_src"], cwd=REPO, capture_output=True, text=True,
                                  check=True).stdout.split()
    assert "site_src/about.md" in hand_written
    assert not any(is_generated_area(path.removeprefix("site_src/")) for path in hand_written)


def test_serve_watches_the_hand_written_files_and_folders_at_the_top_of_site_src(seed_site):
    docs_dir = seed_site.parent / "site_src"
    assert [path.name for path in hand_written_entries(docs_dir)] == ["about.md", "assets", "search"]
    assert hand_written_entries(docs_dir / "missing") == []
