"""Driving Debian's Chromium through Playwright against a built site served on loopback.

Shared by the browser tests and ``bench/search.py``. Nothing is downloaded: Playwright
launches ``/usr/bin/chromium`` (``apt-get install chromium``; ``.ci/run`` installs it).
"""

from __future__ import annotations

import functools
import re
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


class Visit:
    """A fresh browser context on the served site that records console errors, page
    errors, dialogs and every request to a host other than 127.0.0.1 (aborted)."""

    def __init__(self, browser, server, **context_options):
        self.server = server
        self.problems: list[str] = []
        self.context = browser.new_context(**context_options)
        self.context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), self._outside)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))

    def _outside(self, route):
        self.problems.append(f"request outside loopback: {route.request.url}")
        route.abort()

    def open(self, path: str = ""):
        self.page.goto(self.server.url + path)
        return self.page

    def result_titles(self, n: int) -> list[str]:
        first = self.page.locator(".md-search-result__item h1").first
        first.wait_for(timeout=15_000)
        return [" ".join(t.split()) for t in self.page.locator(".md-search-result__item h1").all_inner_texts()[:n]]
