"""Driving Debian's Chromium through Playwright against a built site served on loopback.

Shared by the browser tests and ``bench/search.py``. Nothing is downloaded: Playwright
launches ``/usr/bin/chromium`` (``apt-get install chromium``; ``.ci/run`` installs it).
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """A headless Debian Chromium, closed on exit."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Server:
    """A site served on 127.0.0.1: ``url`` ends with ``/``; ``log`` holds ``(time.perf_counter()
    when sent, response body bytes)`` for every file served."""

    url: str
    log: list[tuple[float, int]] = field(default_factory=list)


@contextmanager
def serve(site: Path) -> Iterator[Server]:
    """Serve the folder ``site`` over HTTP on a free loopback port until exit."""
    server = Server(url="")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def copyfile(self, source, outputfile) -> None:
            super().copyfile(source, outputfile)
            server.log.append((time.perf_counter(), source.tell()))

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    httpd.daemon_threads = True
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
