"""`mkdocs serve` regenerates pages when a digest is added or edited, once per change."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, make_project
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)

from generator.docs_dir import MANIFEST_NAME
from generator.serve_reload import generator_run, watch_docs_dir_except_generator_writes
from generator.writers.paths import is_generated_area

NEW_DAY = """date: 2025-03-19
papers:
- title: A Paper Added While Serving
  abstract: This abstract was written into a new digest while mkdocs serve was running, to check that the
    generator regenerates the pages and the server picks them up.
"""


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


def test_serve_regenerates_once_per_digest_change(tmp_path):
    """Each change is one build: the generator's own writes into site_src/ start none
    (generator/serve_reload.py); a hand-written page still does."""
    project = make_project(tmp_path / "project")
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

    def settled_after(builds: int) -> list[str]:
        """The generator's log lines once the server has finished its builds, which must be
        ``builds`` in all, and has started no other for a few seconds."""
        # Each rebuild starts with "Detected file changes" and ends with "Reloading browsers",
        # or with "An error happened during the rebuild". ("Documentation built in N seconds"
        # cannot be counted: MkDocs logs a message it has logged before only once, so two
        # builds of equal length print it once.)
        def ended(text: str) -> bool:
            finished = text.count("Reloading browsers") + text.count("An error happened during the rebuild")
            return text.count("Detected file changes") == finished == builds - 1

        assert wait_for(lambda: ended(log_path.read_text())), log_path.read_text()[-3000:]
        time.sleep(4)  # MkDocs' watcher looks every 0.5 s: a build the last one set off would have started
        text = log_path.read_text()
        assert text.count("Building documentation") == builds, text[-3000:]
        return [line for line in text.splitlines() if "page(s) written" in line]

    try:
        home = wait_for(lambda: fetch(base))
        assert home and "31 papers from 1 day" in home
        assert len(settled_after(1)) == 1
        (project / "digests" / "2025-03-19.yml").write_text(NEW_DAY, encoding="utf-8")
        page = wait_for(lambda: fetch(base + "papers/a-paper-added-while-serving/"))
        assert page and "A Paper Added While Serving" in page
        assert "32 papers from 2 days" in (fetch(base) or "")
        written = settled_after(2)
        assert "0 page(s) written" not in written[-1]

        edited = NEW_DAY.replace("A Paper Added While Serving", "A Paper Renamed While Serving")
        (project / "digests" / "2025-03-19.yml").write_text(edited, encoding="utf-8")
        assert wait_for(lambda: fetch(base + "papers/a-paper-renamed-while-serving/"))
        assert "1 removed" in settled_after(3)[-1]

        about = project / "site_src" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nA line added while serving.\n", encoding="utf-8")
        assert wait_for(lambda: "A line added while serving." in (fetch(base + "about/") or ""))
        assert "0 page(s) written, 0 removed" in settled_after(4)[-1]

        # A build the generator fails: doing what its message says rebuilds, though it is in
        # the generated folders (their files were the generator's until then)
        manifest = project / "site_src" / MANIFEST_NAME
        manifest.write_text("damaged", encoding="utf-8")  # the generator's record: no build
        assert len(settled_after(4)) == 4
        (project / "digests" / "2025-03-19.yml").write_text(NEW_DAY, encoding="utf-8")
        assert wait_for(lambda: "manifest is damaged" in log_path.read_text())
        assert len(settled_after(5)) == 4  # the build failed
        manifest.unlink()
        for folder in ("papers", "tags", "days", "archive"):
            shutil.rmtree(project / "site_src" / folder)
        (project / "site_src" / "index.md").unlink()
        assert wait_for(lambda: fetch(base + "papers/a-paper-added-while-serving/"))
        assert "59 page(s) written, 0 removed" in settled_after(6)[-1]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


class FakeServer:
    """The parts of MkDocs' LiveReloadServer that generator.serve_reload uses, watching
    ``docs_dir`` as MkDocs' own watch() does."""

    def __init__(self, docs_dir: Path) -> None:
        self.observer = FakeObserver()
        self._watched_paths = {str(docs_dir): 1}
        self._watch_refs = {str(docs_dir): "mkdocs' own watch"}
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False


class FakeObserver:
    def __init__(self) -> None:
        self.handlers: dict[str, object] = {}
        self.unscheduled: list[object] = []

    def schedule(self, handler, path: str, recursive: bool):
        assert recursive
        self.handlers[path] = handler
        return f"our watch of {path}"

    def unschedule(self, watch) -> None:
        self.unscheduled.append(watch)


def test_the_generators_writes_start_no_rebuild_and_everything_else_does(tmp_path):
    docs_dir = tmp_path / "site_src"
    server = FakeServer(docs_dir)
    assert watch_docs_dir_except_generator_writes(server, docs_dir)
    assert server.observer.unscheduled == ["mkdocs' own watch"]
    assert server._watch_refs == {str(docs_dir): f"our watch of {docs_dir}"}
    assert server._watched_paths == {str(docs_dir): 1}
    handler = server.observer.handlers[str(docs_dir)]

    def rebuilds(event) -> bool:
        server._want_rebuild = False
        handler.dispatch(event)
        return server._want_rebuild

    def modified(relative: str) -> bool:
        return rebuilds(FileModifiedEvent(str(docs_dir / relative)))

    generated = ["index.md", "papers/a-paper.md", "tags/nlp/page/2.md", "days/2025-03-18.md", "archive/2025-03.md",
                 ".generated-files.json", ".generated-inputs.json"]
    hand_written = ["about.md", "assets/stylesheets/digests.css", "papers.md", "index.markdown", "guide/index.md"]
    with generator_run() as record:  # while it runs: anything where its pages and records live is its
        assert not any(modified(path) or rebuilds(FileDeletedEvent(str(docs_dir / path))) for path in generated)
        assert all(modified(path) for path in hand_written)
        record(["papers/a-paper.md", "index.md", "papers/removed.md"])
    # after it: what it wrote or removed, and its records
    assert [path for path in generated + ["papers/removed.md"] if not modified(path)] == [
        "index.md", "papers/a-paper.md", ".generated-files.json", ".generated-inputs.json", "papers/removed.md"]
    assert all(modified(path) for path in hand_written + ["papers/b.md", "tags/notes.md"])
    assert not rebuilds(DirCreatedEvent(str(docs_dir / "guide")))
    # a move counts unless both ends are the generator's
    assert not rebuilds(FileMovedEvent(str(docs_dir / "papers/a-paper.md"), str(docs_dir / "index.md")))
    assert rebuilds(FileMovedEvent(str(docs_dir / "about.md"), str(docs_dir / "papers/a-paper.md")))
    assert rebuilds(FileMovedEvent(str(docs_dir / "papers/a-paper.md"), str(docs_dir / "a.md")))
    assert rebuilds(FileMovedEvent(str(docs_dir / "papers/a-paper.md"), str(tmp_path / "elsewhere.md")))
    # MkDocs' polling observer reports a new folder that got a deleted file's inode as that file moved
    (docs_dir / "archive").mkdir(parents=True)
    assert not rebuilds(FileMovedEvent(str(docs_dir / ".generated-inputs.json"), str(docs_dir / "archive")))

    # A run that fails wrote nothing: every change rebuilds, e.g. deleting what its message
    # names, a folder included, until a run succeeds
    with pytest.raises(RuntimeError), generator_run():
        raise RuntimeError("a digest has a problem")
    assert all(modified(path) for path in generated)
    assert rebuilds(DirDeletedEvent(str(docs_dir / "days/2025-03-19.md")))
    assert rebuilds(DirMovedEvent(str(docs_dir / "days/2025-03-19.md"), str(docs_dir / "notes")))
    with generator_run() as record:  # the next run makes its folders (and docs_dir's time changes)
        assert not rebuilds(DirCreatedEvent(str(docs_dir / "papers")))
        assert not rebuilds(DirModifiedEvent(str(docs_dir)))
        assert not rebuilds(FileMovedEvent(str(docs_dir / ".generated-inputs.json"), str(docs_dir / "archive")))
        record([])
    assert not rebuilds(DirDeletedEvent(str(docs_dir / "days/2025-03-19.md")))


def test_a_server_without_those_internals_keeps_its_own_watch(tmp_path):
    server = FakeServer(tmp_path)
    del server._want_rebuild
    assert not watch_docs_dir_except_generator_writes(server, tmp_path)
    assert server._watch_refs == {str(tmp_path): "mkdocs' own watch"} and not server.observer.unscheduled
    assert not watch_docs_dir_except_generator_writes(FakeServer(tmp_path / "other"), tmp_path)


def test_every_page_the_generator_writes_is_where_its_pages_live(seed_site):
    generated = json.loads((seed_site.parent / "site_src" / MANIFEST_NAME).read_text())["files"]
    assert len(generated) == 57
    assert all(is_generated_area(path) for path in generated)
    hand_written = subprocess.run(["git", "ls-files", "site_src"], cwd=REPO, capture_output=True, text=True,
                                  check=True).stdout.split()
    assert "site_src/about.md" in hand_written
    assert not any(is_generated_area(path.removeprefix("site_src/")) for path in hand_written)
