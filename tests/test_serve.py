"""`mkdocs serve` regenerates pages when a digest is added or edited, and settles."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import make_project

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


def test_serve_regenerates_on_digest_changes(tmp_path):
    project = make_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    base = f"http://127.0.0.1:{port}/paper-digests/"
    try:
        home = wait_for(lambda: fetch(base))
        assert home and "31 papers from 1 day" in home
        (project / "digests" / "2025-03-19.yml").write_text(NEW_DAY, encoding="utf-8")
        page = wait_for(lambda: fetch(base + "papers/a-paper-added-while-serving/"))
        assert page and "A Paper Added While Serving" in page
        assert wait_for(lambda: "32 papers from 2 days" in (fetch(base) or ""))
        edited = NEW_DAY.replace("A Paper Added While Serving", "A Paper Renamed While Serving")
        (project / "digests" / "2025-03-19.yml").write_text(edited, encoding="utf-8")
        assert wait_for(lambda: fetch(base + "papers/a-paper-renamed-while-serving/"))
        # Settled: the generator rewrote only changed files, so once a rebuild finds nothing to
        # write, no further rebuild follows (serve does not loop).
        log_path = tmp_path / "serve.log"

        def settled() -> bool:
            text = log_path.read_text()
            runs = [line for line in text.splitlines() if "page(s) written" in line]
            # Each rebuild starts with "Detected file changes" and ends with "Reloading browsers".
            # ("Documentation built in N seconds" cannot be counted: MkDocs logs a message it has
            # logged before only once, so two builds of equal length print it once.)
            return bool(runs) and "0 page(s) written, 0 removed (" in runs[-1] and text.count(
                "Detected file changes"
            ) == text.count("Reloading browsers")

        assert wait_for(settled), log_path.read_text()[-3000:]
        builds = log_path.read_text().count("Building documentation")
        time.sleep(8)
        assert log_path.read_text().count("Building documentation") == builds
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
