"""Search benchmark (issue 21): our search against Material's default and a bare page, in
one run and one Chromium.

Papers: the real corpora together (``../shared/corpora``: the Hugging Face daily-papers
API days and the daily arXiv listings, read by the generator's own readers, merged into one
catalog, tagged), 28,960 distinct papers; a size up to that takes the newest ones; sizes
above it are made of real abstracts: each extra paper joins the first half of one real
paper's title and abstract to the second half of another's (fixed seed).

Sites: one small site is built with MkDocs twice, once as the project is (``ours``) and
once with Material's default search (the project's hook without its search step, the
theme without ``main.html``, its ``home.html`` Material's page). For each size, each gets that size's search files, written
as a build writes them, the rest of the site shared (relative symlinks to the small site):

* ``ours``: :func:`generator.output.search_index.write_index_files` over the size's papers, run
  in a fresh Python process into an empty ``search/``: the index build, whose time and
  peak resident memory are reported (the peak with and without the documents' loading);
  the query goes to the home page's header box, Material's box that the page's own script
  drives (``theme/home.html``, ``header-search.js``: the page loads no bundle of
  Material's; since 7 Dec 2026, 15:20 UTC: Material's bundle and search UI before);
* ``material``: ``search/search_index.json`` as Material's search plugin writes it for
  those papers' pages (one entry for the page, one for its abstract section), which
  Material's worker loads and indexes in the browser;
* ``floor``: ``../shared/tools/search_ratio.py``'s bare HTML page: a text box that shows
  the query as its "result" the moment it changes;
* ``page`` (only when asked for, ``--variants``): ``ours`` with a worker that answers every
  query at once with one result and reads no file: what Material's page, its search UI
  and the benchmark's own steps cost with a search that costs nothing;
* ``searchpage`` (only when asked for): ``ours``, the query entered on the site's search
  page (``search/``, ``theme/search.html``) in its own box, the results in its own list;
  the same server, search files and steps as ``ours``;
* ``instantsearchpage`` (only when asked for): ``searchpage`` with ``page``'s worker that
  answers at once: what the search page and the benchmark's steps cost by themselves.

Measured for each query, ``--runs`` times, variants interleaved, a fresh browser context
each time (nothing cached), a first round that warms the browser up not counted:

* first result: from the start of the navigation, wait for the box to take input, fill
  the whole query at once, wait for the first result (seconds, wall clock, as
  ``search_ratio.py`` measures; the page's own clock is saved too); and the bytes served
  before the page showed it (its clock against the server's log): all files, and the
  search files alone, with the list of search files (``--details``);
* last key: with all but the query's last character in the box, its results shown and
  ``--pause-ms`` gone by (the worker's rest phase for that prefix may still run: that is
  what a reader who pauses meets), from the last key's ``keydown`` to the result list
  showing results for the whole query (milliseconds, the page's clock), and the search
  files fetched meanwhile.

The start-up split: every page records when it reached each step of a first result
(:data:`PHASES`: HTML, stylesheets and Material's bundle received, the worker created,
``SETUP``, ``READY``, the box taking input, the query's ``input`` event, the first lexicon
shard, ``keyup``, ``QUERY``, the first ``RESULT``, the result shown), read from the page's
performance entries, Material's worker messages (the page's ``Worker`` wrapped to watch
them) and the server's log; the tables give per variant the median of each step.

Queries: a whole title of a real paper (the newest; our top result must be it), four words
of a title, and common words (``large language models``…). The top result is followed
until it stayed the same for 2 s: the worker may first show a guess and replace it once
it has read enough postings (the final top, its time and the bytes read until then are
reported too). The load average (1 minute) is sampled every 5 s while a size is measured.

Kept sites (``--keep DIR``): the corpora's documents, the two small sites (rebuilt when
``theme/``, ``mkdocs.yml`` or ``generator/`` changed), each size's sites and their index
summary stay in DIR; the worker is copied in on every run. ``--index keep`` reuses a size's
search files when there (a worker change re-measured at 100,000 papers without the index
build); ``--prepare`` writes the sites and stops (serve ``DIR/<size>-ours`` yourself).
Figures and details go to ``DIR/results-<size>.json`` too (``--report`` prints their tables
again, sizes measured in several runs together). Symlinks are relative: a copy
(``cp -a DIR OTHER``, or ``cp -al`` with hard links: every file the benchmark writes there
is written as a new file) is a kept folder of its own.

usage: .venv/bin/python bench/search.py [--sizes 1000,10000,30000,100000] [--runs 3] [--keep DIR]
       [--variants floor,material,ours,page,searchpage,instantsearchpage] [--index write|keep] [--prepare] [--details] [--report]
Sizes run one after the other in one Chromium; ``--sizes 100000`` runs one.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import hashlib
import http.server
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import launch_chromium  # noqa: E402  (tests/browser.py)
from conftest import SEED_DIGEST, build_site, make_project  # noqa: E402

from generator.catalog.catalog import build_catalog  # noqa: E402
from generator.core.model import Digest  # noqa: E402
from generator.inputs.readers import read_file  # noqa: E402
from generator.output.search_index import SearchDocument, paper_documents, write_index_files  # noqa: E402
from generator.catalog.tagging import load_taxonomy  # noqa: E402
from shared_corpora import CORPORA  # noqa: E402

SOURCES = [CORPORA / "hf-daily-papers-api" / "daily", CORPORA / "dw-daily-arxiv" / "daily"]
COMMON = ["large language models", "diffusion model", "reinforcement learning"]
VARIANTS = ("floor", "material", "ours", "page", "searchpage", "instantsearchpage")
BOX = "input.md-search__input, input[type=search]"
RESULT = ".md-search-result__item, #r li"
LIST = ".md-search-result__list, #r"


@dataclass(frozen=True)
class Entry:
    """Where a variant's query is entered: the page (under the site's root), its box, its
    result items and the list holding them (CSS selectors)."""

    path: str = ""
    box: str = BOX
    result: str = RESULT
    list: str = LIST


SEARCH_PAGE = Entry("search/", "#paper-search-query", ".paper-search__result", "#paper-search-results")
ENTRIES = {"searchpage": SEARCH_PAGE, "instantsearchpage": SEARCH_PAGE}
"""The variants whose query goes elsewhere than Material's box (or the floor's) on the
home page: the site's search page (``theme/search.html``)."""
INSTANT = {"page", "instantsearchpage"}
"""The variants served from the ``page`` folder: the worker answers at once."""
WORKER = "assets/javascripts/workers/paper-search.js"


def real_documents() -> list[SearchDocument]:
    """Every distinct paper of the corpora as the generator indexes it (read, merged into
    one catalog, tagged), oldest first."""
    by_day: dict[dt.date, list] = {}
    for folder in SOURCES:
        for path in sorted(folder.glob("*.gz")):
            for digest in read_file(path).digests:
                by_day.setdefault(digest.date, []).extend(digest.papers)
    digests = [Digest(date=day, papers=papers) for day, papers in sorted(by_day.items())]
    taxonomy = load_taxonomy()
    return paper_documents(build_catalog(digests, taxonomy), taxonomy)


def documents_for(size: int, real: list[SearchDocument]) -> list[SearchDocument]:
    """``size`` documents: the newest real ones, then papers made of two real ones' halves."""
    if size <= len(real):
        return real[len(real) - size :]
    made = list(real)
    pick = random.Random(21)
    while len(made) < size:
        a, b = pick.choice(real), pick.choice(real)
        ta, tb, xa, xb = a.title.split(), b.title.split(), a.text.split(". "), b.text.split(". ")
        title = " ".join(ta[: max(1, len(ta) // 2)] + tb[len(tb) // 2 :])
        text = ". ".join(xa[: max(1, len(xa) // 2)] + xb[len(xb) // 2 :])
        made.append(SearchDocument(f"papers/made-{len(made)}/", title, text, a.authors, b.tags, a.date,
                                   organization=a.organization))
    return made


def dump_documents(documents: list[SearchDocument], path: Path) -> None:
    path.write_text(json.dumps([[d.location, d.title, d.text, d.authors, d.tags, d.date, d.arxiv_id, d.also, d.organization]
                                for d in documents]), "utf-8")


def load_documents(path: Path) -> list[SearchDocument] | None:
    """The documents :func:`dump_documents` wrote, or None for a file written before it
    wrote every field (no arXiv ids before FORMAT 6, no organizations before FORMAT 8)."""
    rows = json.loads(path.read_text("utf-8"))
    if rows and len(rows[0]) < 9:
        return None
    return [SearchDocument(l, t, x, tuple(a), tuple(g), date, arxiv_id, tuple(also), organization)
            for l, t, x, a, g, date, arxiv_id, also, organization in rows]


def material_index(documents: list[SearchDocument], config: dict) -> dict:
    """``search/search_index.json`` as Material's search plugin writes it for these papers'
    pages: the page (title; authors and tags as its text) and its abstract section;
    ``config`` is what the plugin wrote for the small site."""
    docs = []
    for d in documents:
        docs.append({"location": d.location, "title": d.title, "text": " ".join([", ".join(d.authors), *d.tags])})
        docs.append({"location": d.location + "#abstract", "title": "Abstract", "text": f"<p>{d.text}</p>"})
    return {"config": config, "docs": docs}


def write_ours(site: Path, documents: list[SearchDocument]) -> dict:
    """Our search files for ``documents`` written into ``site/search/`` (its earlier ones removed first) by
    a fresh Python process (``--write-index``); returns :func:`write_index_files`' summary
    with ``seconds`` (the index build), ``peak_mb`` (that process's peak resident memory,
    the documents' loading included) and ``loaded_mb`` (its peak once the documents were
    loaded, before the build)."""
    (site / "search").mkdir(exist_ok=True)
    for name in SEARCH_FILES:
        path = site / "search" / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    listing = site.parent / (site.name + "-documents.json")
    dump_documents(documents, listing)
    answer = subprocess.run([sys.executable, __file__, "--write-index", str(listing), str(site)],
                            check=True, capture_output=True, text=True)
    listing.unlink()
    return json.loads(answer.stdout)


def peak_resident_mb() -> float:
    """This process's peak resident memory (``VmHWM``), in MB: unlike ``ru_maxrss``, it
    does not count the parent's memory that ``fork`` copied before ``exec``."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_index(listing: Path, site: Path) -> None:
    """The ``--write-index`` process: print the summary as JSON."""
    documents = load_documents(listing)
    assert documents is not None  # dump_documents wrote it
    loaded_mb = peak_resident_mb()
    started = time.perf_counter()
    summary = write_index_files(site, documents, {"lang": ["en"]})
    summary["seconds"] = time.perf_counter() - started
    summary["peak_mb"] = peak_resident_mb()
    summary["loaded_mb"] = loaded_mb
    print(json.dumps(summary))


def code_version() -> str:
    """The checkout's commit, ``+changes`` when its work tree differs from it."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "theme"], cwd=REPO,
                           capture_output=True, text=True).stdout.strip()
    return commit + ("+changes" if dirty else "")


def site_fingerprint() -> str:
    """A hash of what the small sites are built from: mkdocs.yml, theme/, generator/ and
    the hand-written files of site_src/ (those git tracks, which :func:`make_project` copies)."""
    digest = hashlib.sha256()
    hand_written = subprocess.run(["git", "ls-files", "site_src"], cwd=REPO, capture_output=True, text=True).stdout.split()
    for path in sorted([REPO / "mkdocs.yml", *(REPO / "theme").rglob("*"), *(REPO / "generator").rglob("*"),
                        *(REPO / name for name in hand_written)]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def hook_module(project: Path) -> tuple[str, str]:
    """mkdocs.yml's ``hooks:`` entry (``generator/….py``) and its module name."""
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    entry = lines[lines.index("hooks:") + 1].strip().removeprefix("- ").strip()
    return entry, entry.removesuffix(".py").replace("/", ".")


def small_sites(root: Path) -> dict[str, Path]:
    """The two small sites (``ours``, ``material``) of ``root``, built from the seed day
    unless built already from the same code (:func:`site_fingerprint`)."""
    base = {"ours": root / "ours", "material": root / "material"}
    stamp = root / "small-sites.fingerprint"
    fingerprint = site_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint and all((b / "site" / "index.html").exists() for b in base.values()):
        return base
    for folder in base.values():
        shutil.rmtree(folder, ignore_errors=True)
    make_project(base["ours"], [SEED_DIGEST])
    shutil.copytree(base["ours"], base["material"], symlinks=True)
    (base["material"] / "theme" / "main.html").unlink()
    # the home page is Material's own page there, its bundle and search included
    (base["material"] / "theme" / "home.html").write_text('{% extends "main.html" %}\n', encoding="utf-8")
    entry, module = hook_module(base["material"])
    (base["material"] / "material_default_hook.py").write_text(
        f'"""Material\'s default search: the project\'s hook without its search index step."""\n'
        f"from {module} import on_config, on_page_context  # noqa: F401\n", encoding="utf-8")
    config = (base["material"] / "mkdocs.yml").read_text(encoding="utf-8")
    (base["material"] / "mkdocs.yml").write_text(config.replace(f"  - {entry}", "  - material_default_hook.py"), encoding="utf-8")
    for project in base.values():
        build_site(project)
    stamp.write_text(fingerprint)
    return base


SEARCH_FILES = {"search_index.json", "terms", "postings", "docs"}
"""What a size's own ``search/`` holds (the search files); the rest of ``search/`` (the
search page, ``index.html``) is the small site's."""


def linked_site(site: Path, target: Path) -> Path:
    """``target``: ``site`` as relative symlinks, but for a real ``search/`` folder (kept)
    whose search files are the size's own and the rest (the search page) links."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in target.iterdir():
        if entry.name != "search":
            entry.unlink() if entry.is_symlink() or entry.is_file() else shutil.rmtree(entry)
    for entry in site.iterdir():
        if entry.name != "search":
            os.symlink(os.path.relpath(entry, target), target / entry.name)
    (target / "search").mkdir(exist_ok=True)
    for entry in (target / "search").iterdir():
        if entry.name not in SEARCH_FILES and entry.is_symlink():
            entry.unlink()
    for entry in (site / "search").iterdir() if (site / "search").is_dir() else ():
        if entry.name not in SEARCH_FILES:
            os.symlink(os.path.relpath(entry, target / "search"), target / "search" / entry.name)
    return target


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file at ``path`` (a hard-linked copy elsewhere keeps its own)."""
    temporary = path.with_name(path.name + ".new")
    temporary.write_bytes(data)
    os.replace(temporary, path)


FLOOR = (
    "<!doctype html><meta charset=utf-8><title>floor</title><body><script>"
    "document.addEventListener('input',e=>{const r=document.getElementById('r');r.innerHTML='';"
    "const li=document.createElement('li');li.className='md-search-result__item';"
    "li.textContent=e.target.value;r.appendChild(li)})</script>"
    "<input type=search id=q aria-label=Search><ol id=r></ol>"
)
"""``../shared/tools/search_ratio.py``'s floor page (with a label for the box)."""


def instant_worker(delay_ms: int = 0) -> str:
    """The worker of the `page` variant (:data:`INSTANT_WORKER`); with ``delay_ms``, one that
    sends its answer to a query that many milliseconds later (bench/search_worker_budget.py)."""
    answer = ('postMessage({ type: 3, data: { items: data.data ? [[{ location: "", title: "Instant answer", text: "", score: 1, terms: {} }]] : [], '
              'whole: true, query: data.data } })')  # the pages show an answer to the text they sent last
    if delay_ms:
        answer = f"setTimeout(() => {answer}, {delay_ms})"
    return """/* bench/search.py's `page` variant: a worker that answers every query at once with one
   result, no file read: what Material's page, its search UI and the benchmark's own steps
   cost with a search that costs nothing. The search page sends its first query once the
   worker asks for it on the channel named in the worker's URL fragment (null). */
if (location.hash.length > 1 && typeof BroadcastChannel === "function")
  new BroadcastChannel(decodeURIComponent(location.hash.slice(1))).postMessage(null)
addEventListener("message", ({ data }) => {
  if (data.type === 0)
    postMessage({ type: 1 })
  if (data.type === 2)
    """ + answer + """
})
"""


INSTANT_WORKER = instant_worker()
"""A worker that answers every query at once with one result and reads no file."""


def page_site(site: Path, target: Path, worker: str = INSTANT_WORKER) -> Path:
    """``target``: ``site`` (linked) with ``worker`` (the text of a worker script) in place of
    the worker and ``site``'s own ``search/search_index.json`` (Material sends it in SETUP)."""
    linked_site(site, target)
    (target / "assets").unlink()
    shutil.copytree(site / "assets", target / "assets")
    (target / WORKER).write_text(worker, encoding="utf-8")
    shutil.copyfile(site / "search" / "search_index.json", target / "search" / "search_index.json")
    return target


class Served:
    """A folder served on 127.0.0.1 that logs ``(time, path, bytes)`` of each response
    (``time.time()`` once it was sent: the clock the page's ``performance.timeOrigin +
    performance.now()`` also reads)."""

    def __init__(self, folder: Path):
        self.log: list[tuple[float, str, int]] = []
        log = self.log

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def copyfile(self, source, outputfile) -> None:
                super().copyfile(source, outputfile)
                log.append((time.time(), self.path.split("?")[0], source.tell()))

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # a context closed while its worker still reads: the file is not logged

        self.httpd = Server(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def search_files(self, start: float, end: float) -> list[tuple[str, int]]:
        """``(path under search/, bytes)`` of the search files served between two times
        (not the search page, ``search/index.html``)."""
        return [(path.removeprefix("/search/"), size) for at, path, size in list(self.log)
                if start <= at <= end and path.startswith("/search/") and path.split("/")[2] in SEARCH_FILES]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class LoadAverage:
    """The 1-minute load average, sampled every 5 s from a thread while it is open."""

    def __init__(self) -> None:
        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(5):
            self.samples.append(os.getloadavg()[0])

    def close(self) -> dict:
        self._stop.set()
        self.samples.append(os.getloadavg()[0])
        return {"min": min(self.samples), "median": statistics.median(self.samples), "max": max(self.samples)}


_TOP_RESULTS = """window.__tops = []
new MutationObserver(() => {
  const item = document.querySelector(".md-search-result__item, #r li, .paper-search__result")
  if (!item)
    return
  const title = item.innerText.split("\\n")[0].split(/\\s+/).filter(Boolean).join(" ")
  const tops = window.__tops
  if (!tops.length || tops[tops.length - 1][1] !== title)
    tops.push([performance.now(), title])
}).observe(document, { childList: true, subtree: true, characterData: true })"""
"""Run in every page before its own scripts: ``[ms since navigation, title]`` each time the
first result's title changes, so that files sent after the first result (the worker goes
on reading to prove its answer) are not counted before it, and a first answer that is a
guess, replaced later, shows."""
_PHASES = """window.__phases = {}
const phase = name => { if (!(name in window.__phases)) window.__phases[name] = performance.now() }
if (window.Worker)
  window.Worker = class extends Worker {
    constructor(...args) {
      super(...args)
      phase("worker")
      this.addEventListener("message", ({ data }) => {
        if (data.type === 1) phase("ready")
        if (data.type === 3 && data.data.items.length) phase("result")
      })
    }
    postMessage(message, ...rest) {
      if (message.type === 0) phase("setup")
      if (message.type === 2 && message.data) phase("query")
      return super.postMessage(message, ...rest)
    }
  }
document.addEventListener("input", () => phase("input"), true)
document.addEventListener("keyup", () => phase("keyup"), true)"""
"""Run in every page before its own scripts: when (ms since navigation) the page reached
each step of its start-up and of the first query, as Material's worker protocol shows them
(the worker created; ``SETUP`` sent; ``READY`` and the first ``RESULT`` with items received;
the first ``QUERY`` of a text, sent on keyup) and the box's first ``input`` and ``keyup``."""
PHASES = [
    ("html", "the page's HTML received"),
    ("css", "its stylesheets received (they block rendering)"),
    ("bundle", "Material's bundle received"),
    ("worker", "the search worker created (by Material's bundle; on the search page by its own script)"),
    ("dom_ready", "DOMContentLoaded handlers done (Material's start-up, where its bundle runs)"),
    ("setup", "SETUP sent (Material fetched and parsed search_index.json)"),
    ("ready", "READY received"),
    ("box", "the box takes input (visible to the benchmark)"),
    ("input", "the query in the box (input event)"),
    ("terms", "the first lexicon shard sent by the server"),
    ("keyup", "keyup (Material reads the query)"),
    ("query", "QUERY sent"),
    ("result", "the first RESULT with items received"),
    ("shown", "the first result shown"),
]
"""The steps of a first result, in their usual order, with what they mean."""


def phase_times(page, served: Served, box_at: float, shown_ms: float) -> dict:
    """Per step of :data:`PHASES`, ms since navigation (the page's clock; the server's
    log and the benchmark's wall clock converted to it); steps a page lacks are absent."""
    origin, marks, navigation, resources = page.evaluate("""() => [performance.timeOrigin, window.__phases,
      performance.getEntriesByType("navigation")[0].toJSON(),
      performance.getEntriesByType("resource").map(e => [e.name, e.responseEnd])]""")
    times = dict(marks or {})
    times["html"] = navigation["responseEnd"]
    times["dom_ready"] = navigation["domContentLoadedEventEnd"] or None
    css = [end for name, end in resources if name.split("?")[0].endswith(".css")]
    bundle = [end for name, end in resources if "/bundle." in name]
    times["css"] = max(css) if css else None
    times["bundle"] = bundle[0] if bundle else None
    times["box"] = box_at * 1000 - origin
    times["shown"] = shown_ms
    terms = [at for at, path, _ in list(served.log) if path.startswith("/search/terms/")]
    times["terms"] = min(terms) * 1000 - origin if terms else None
    return {name: round(value, 1) for name, value in times.items() if value}


SETTLE_MS = 2000
"""The top result is final once it stayed the same this long (ms)."""

_LAST_KEY = """([last, boxSelector, listSelector]) => { window.__lastKey = new Promise(resolve => {
  const box = document.querySelector(boxSelector)
  let start = null
  box.addEventListener("keydown", () => { start = performance.now() }, { once: true })
  const list = document.querySelector(listSelector)
  new MutationObserver((_, observer) => {
    if (start !== null && list.querySelector(".md-search-result__item, li") && box.value.endsWith(last)) {
      observer.disconnect()
      resolve(performance.now() - start)
    }
  }).observe(list, { childList: true, subtree: true, characterData: true })
  setTimeout(() => resolve(null), 60000)
}) }"""


@dataclass
class FirstResult:
    """What :func:`first_result` saw: when it went to the page (``time.perf_counter()``), the
    box's locator, when the box took input (``time.time()``) and the first result's locator
    (``None`` when none came in time)."""

    start: float
    box: Any
    box_at: float
    result: Any


def first_result(page, url: str, query: str, timeout_s: float, entry: Entry = Entry()) -> FirstResult:
    """Go to ``url`` (the site's root) + ``entry.path``, wait for the box, fill ``query`` and
    wait for the first result (refilling while Material's search is not ready: it ignores
    input until then), at most ``timeout_s`` seconds from the navigation."""
    start = time.perf_counter()
    page.goto(url + entry.path, wait_until="commit")
    box = page.locator(entry.box).first
    box.wait_for(state="visible", timeout=30_000)
    box_at = time.time()
    return FirstResult(start, box, box_at, _filled_until_a_result(page, box, query, start + timeout_s, entry))


def _filled_until_a_result(page, box, query: str, deadline: float, entry: Entry):
    """:func:`first_result`'s filling: the result's locator, or None past ``deadline``."""
    box.click()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    result = page.locator(entry.result).first
    while True:
        try:
            result.wait_for(timeout=1_000)
            return result
        except Exception:
            if time.perf_counter() > deadline:
                return None
            box.fill(query + " ")
            box.fill(query)
            box.press("End")


def settled_tops(page, settle: bool) -> list:
    """The page's ``__tops`` once the top result stayed the same :data:`SETTLE_MS` (at most
    30 s; at once when not ``settle``)."""
    deadline = time.perf_counter() + 30
    while True:
        now, tops = page.evaluate("[performance.now(), window.__tops]")
        if not settle or now - tops[-1][0] >= SETTLE_MS or time.perf_counter() > deadline:
            return tops
        page.wait_for_timeout(250)


def measure(browser, served: Served, query: str, timeout_s: float, pause_ms: int, settle: bool = True,
            entry: Entry = Entry()) -> dict:
    """One fresh context: the first result for ``query`` filled at once (and, when
    ``settle``, the top result once final), then the last key; the query entered where
    ``entry`` says."""
    context = browser.new_context()
    context.add_init_script(_TOP_RESULTS)
    context.add_init_script(_PHASES)
    page = context.new_page()
    served.log.clear()
    first = first_result(page, served.url, query, timeout_s, entry)
    start, box = first.start, first.box
    if first.result is None:
        context.close()
        return {"first_s": float("inf"), "bytes": 0, "search_bytes": 0, "title": "", "files": [],
                "final_s": float("inf"), "final_title": "", "final_search_bytes": 0, "tops": [],
                "last_key_ms": None, "last_files": []}
    end = time.perf_counter()
    tops = settled_tops(page, settle)
    origin = page.evaluate("performance.timeOrigin")
    shown_at, final_at = (origin + tops[0][0]) / 1000, (origin + tops[-1][0]) / 1000
    files = served.search_files(0, shown_at)
    measured = {
        "first_s": end - start,
        "first_page_s": tops[0][0] / 1000,
        "bytes": sum(size for at, _, size in list(served.log) if at <= shown_at),
        "search_bytes": sum(size for _, size in files),
        "title": tops[0][1],
        "files": files,
        "final_s": end - start + (tops[-1][0] - tops[0][0]) / 1000,
        "final_title": tops[-1][1],
        "final_search_bytes": sum(size for _, size in served.search_files(0, final_at)),
        "tops": tops,
        "phases": phase_times(page, served, first.box_at, tops[0][0]),
    }
    # the last key: all but the last character in the box, answered, a pause, then the last key
    box.fill(query[:-1])
    box.press("End")
    try:
        page.wait_for_function("([q, box, item]) => document.querySelector(box).value === q && document.querySelector(item)",
                               arg=[query[:-1], entry.box, entry.result], timeout=60_000)
    except Exception:
        pass
    page.wait_for_timeout(pause_ms)
    page.evaluate(_LAST_KEY, [query[-1], entry.box, entry.list])
    pressed = time.time()
    page.keyboard.press(query[-1] if query[-1] != " " else "Space")
    measured["last_key_ms"] = page.evaluate("window.__lastKey")
    measured["last_files"] = served.search_files(pressed, time.time())
    context.close()
    return measured


def queries(documents: list[SearchDocument], real: int) -> list[tuple[str, str, str | None]]:
    """(label, query, expected first title or None): the whole title of the newest real
    paper (it must come first), four words of a title (lunr may rank another paper first:
    not checked), common words."""
    newest = documents[min(len(documents), real) - 1]
    middle = documents[len(documents) // 2]
    words = [w for w in middle.title.split() if len(w) > 3][:4]
    return [(f"a whole title ({len(newest.title.split())} words)", newest.title, newest.title),
            (f"{len(words)} title words", " ".join(words), None)] + [(f"`{q}`", q, None) for q in COMMON]


def files_summary(files: list[tuple[str, int]]) -> str:
    """``terms 3 (35 kB), postings 1 (120 kB: postings/ab…), docs 5 (17 kB)``."""
    parts = []
    for folder in ("terms", "postings", "docs", "search_index.json"):
        these = [(p, s) for p, s in files if p.split("/")[0] == folder]
        if these:
            largest = max(these, key=lambda f: f[1])
            parts.append(f"{folder} {len(these)} ({sum(s for _, s in these) / 1000:,.0f} kB"
                         + (f", largest {largest[0]} {largest[1] / 1000:,.0f} kB" if len(these) > 1 and folder != "docs" else "") + ")")
    return ", ".join(parts) or "none"


def prepare_size(size: int, args, root: Path, base: dict[str, Path], real: list[SearchDocument]) -> tuple[dict, dict | None]:
    """The size's sites in ``root`` (``<size>-ours``, ``<size>-material``), their search
    files written or kept; returns the index summary and the Material index's summary."""
    documents = documents_for(size, real)
    ours = linked_site(base["ours"] / "site", root / f"{size}-ours")
    summary_path = root / f"{size}-ours-index.json"
    if args.index == "keep" and summary_path.exists() and (ours / "search" / "search_index.json").exists():
        built = json.loads(summary_path.read_text()) | {"kept": True}
    else:
        built = write_ours(ours, documents) | {"code": code_version(), "at": dt.datetime.now(dt.UTC).strftime("%H:%M")}
        replace_file(summary_path, json.dumps(built).encode("utf-8"))
    material = None
    if "material" in args.variants and size <= args.material_max:
        site = linked_site(base["material"] / "site", root / f"{size}-material")
        index = site / "search" / "search_index.json"
        if not index.exists():
            plugin = json.loads((base["material"] / "site" / "search" / "search_index.json").read_text("utf-8"))
            replace_file(index, json.dumps(material_index(documents, plugin["config"])).encode("utf-8"))
        material = {"bytes": index.stat().st_size}
    print(f"{size}: index {built}" + (f"; Material's search_index.json {material['bytes'] / 1e6:.1f} MB" if material else ""),
          file=sys.stderr)
    return built, material


def measure_size(browser, size: int, args, root: Path, real: list[SearchDocument]) -> list[tuple]:
    """Every query at ``size`` on every variant; rows ``(label, query, expected, runs)``."""
    documents = documents_for(size, real)
    sites = {name: Served(root / ("page" if name in INSTANT else "floor" if name == "floor"
                                  else f"{size}-{'ours' if name == 'searchpage' else name}"))
             for name in args.variants
             if name != "material" or size <= args.material_max}
    rows = []
    for label, query, expected in queries(documents, len(real)):
        runs: dict[str, list[dict]] = {name: [] for name in sites}
        for run in range(args.runs + 1):  # the first round warms the browser up and is not counted
            for name, served in sites.items():
                if name == "material" and not 0 < run <= args.material_runs:
                    continue
                measured = measure(browser, served, query, args.timeout, args.pause_ms, settle=name != "floor" and name not in INSTANT,
                                   entry=ENTRIES.get(name, Entry()))
                if run:
                    runs[name].append(measured)
        brief = {name: [(round(m["first_s"], 2), round(m["final_s"], 2), m["last_key_ms"] and round(m["last_key_ms"]),
                         m["search_bytes"]) for m in ms] for name, ms in runs.items()}
        print(f"{size} {query!r}: (first s, top final s, last key ms, search bytes) {brief}", file=sys.stderr)
        for name, ms in runs.items():
            for m in ms:
                if len(m["tops"]) > 1:
                    print(f"  {name}: the top result changed: {[(round(t / 1000, 2), title[:50]) for t, title in m['tops']]}",
                          file=sys.stderr)
        if "ours" in runs and args.details:
            worst = max(runs["ours"], key=lambda m: m["search_bytes"])
            print(f"  ours before the first result (worst run): {files_summary(worst['files'])}", file=sys.stderr)
            slowest = max(runs["ours"], key=lambda m: m["last_key_ms"] or 0)
            print(f"  ours during the last key (slowest run, {slowest['last_key_ms'] or 0:.0f} ms): "
                  f"{files_summary(slowest['last_files'])}", file=sys.stderr)
        rows.append((label, query, expected, runs))
    for served in sites.values():
        served.close()
    return rows


def median_of(runs: list[dict], key: str) -> float | None:
    values = [m[key] for m in runs if m.get(key) is not None]  # results saved before a column existed lack it
    return statistics.median(values) if values else None


def print_split(result: dict) -> None:
    """The start-up split of a size: per step of :data:`PHASES`, the median ms since
    navigation over every run of every query, per variant (those that have the step)."""
    names = [name for name in VARIANTS if any(runs.get(name) for _, _, _, runs in result["rows"])]
    every = {name: [m for _, _, _, runs in result["rows"] for m in runs.get(name, []) if m.get("phases")] for name in names}
    names = [name for name in names if every[name]]
    if not names:
        return
    print(f"\nStart-up split at {result['size']:,} papers: ms since navigation, median of every run of every query\n")
    print("| step | " + " | ".join(f"{name} ms" for name in names) + " |")
    print("| --- |" + " ---: |" * len(names))
    for step, meaning in PHASES:
        cells = []
        for name in names:
            values = [m["phases"][step] for m in every[name] if step in m["phases"]]
            cells.append(f"{statistics.median(values):,.0f}" if values else "–")
        if any(cell != "–" for cell in cells):
            print(f"| {step}: {meaning} | " + " | ".join(cells) + " |")
    print("| first result (wall clock, s) | " + " | ".join(
        f"{statistics.median(m['first_s'] for m in every[name]):.2f}" for name in names) + " |")


def seconds_of(runs: dict, name: str, floor: float | None, key: str = "first_s") -> str:
    """A table cell: variant ``name``'s median ``key`` in seconds and, beside it, that
    over the floor's median ``floor``; "not measured" when ``name`` has no runs."""
    value = median_of(runs.get(name, []), key)
    if value is None:
        return "not measured"
    return f"{value:.2f}" + (f" ({value / floor:.2f})" if floor else "")


def print_search_page(result: dict) -> None:
    """The ``searchpage`` variant's table of a size: per query, its first result and top
    result final (× the floor), beside ours (the header box on the home page), its last key
    and the bytes it read."""
    print(f"\nThe search page (search/) at {result['size']:,} papers: the same queries, entered in its own box\n")
    print("| query | floor s | ours s (× floor) | search page s (× floor) | search page, top result final s (× floor) "
          "| last key ms: search page median (worst) | search bytes before first result: median (worst) "
          "| before the final top | all bytes | top = expected |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |")
    for label, _, expected, runs in result["rows"]:
        floor = median_of(runs.get("floor", []), "first_s")
        page = runs.get("searchpage", [])

        lasts = [m["last_key_ms"] for m in page if m["last_key_ms"] is not None]
        last = f"{statistics.median(lasts):,.0f} ({max(lasts):,.0f})" if lasts else "–"
        search = f"{median_of(page, 'search_bytes') / 1000:,.0f} kB ({max(m['search_bytes'] for m in page) / 1000:,.0f})"
        final = f"{median_of(page, 'final_search_bytes') / 1000:,.0f} kB"
        want = " ".join((expected or "").split())
        hit = "–" if expected is None else ("yes" if all(m["final_title"] == want for m in page)
                                           else "NO: " + next(m["final_title"] for m in page if m["final_title"] != want)[:40])
        print(f"| {label} | {floor:.2f} | {seconds_of(runs, 'ours', floor)} | {seconds_of(runs, 'searchpage', floor)} "
              f"| {seconds_of(runs, 'searchpage', floor, 'final_s')} "
              f"| {last} | {search} | {final} | {median_of(page, 'bytes') / 1000:,.0f} kB | {hit} |")


def print_tables(results: list[dict]) -> None:
    """The figures as Markdown tables: one per size, then the index builds."""
    for result in results:
        size, load = result["size"], result["load"]
        print(f"\n{size:,} papers (load average {load['min']:.1f}–{load['max']:.1f}, median {load['median']:.1f}; "
              f"index {'kept from ' if result['index'].get('kept') else 'written by '}{result['index'].get('code', '?')}):\n")
        print("| query | floor s | Material s (× floor) | ours s (× floor) | ours, top result final s (× floor) "
              "| last key ms: floor / Material / ours (worst) | search bytes before first result: ours median (worst) "
              "| before the final top | all bytes: ours (Material) | ours top = expected |")
        print("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |")
        for label, _, expected, runs in result["rows"]:
            floor = median_of(runs.get("floor", []), "first_s")

            def last(name):
                value = median_of(runs.get(name, []), "last_key_ms")
                return "–" if value is None else f"{value:,.0f}"

            worst_last = max((m["last_key_ms"] or 0 for m in runs.get("ours", [])), default=None)
            worst = "–" if worst_last is None else f"{worst_last:,.0f}"
            ours = runs.get("ours", [])
            search = f"{median_of(ours, 'search_bytes') / 1000:,.0f} kB ({max(m['search_bytes'] for m in ours) / 1000:,.0f})" if ours else "–"
            every = f"{median_of(ours, 'bytes') / 1000:,.0f} kB" if ours else "–"
            if runs.get("material"):
                every += f" ({median_of(runs['material'], 'bytes') / 1e6:,.1f} MB)"
            final_bytes = median_of(ours, "final_search_bytes")
            final = "–" if final_bytes is None else f"{final_bytes / 1000:,.0f} kB"
            want = " ".join((expected or "").split())
            hit = "–" if expected is None or not ours else (
                ("yes" if all(m.get("final_title", m["title"]) == want for m in ours)
                 else "NO: " + ours[0].get("final_title", ours[0]["title"])[:40])
                + ("" if all(m["title"] == want for m in ours) or not want else " (first shown: " + ours[0]["title"][:40] + ")"))
            print(f"| {label} | {floor:.2f} | {seconds_of(runs, 'material', floor)} | {seconds_of(runs, 'ours', floor)} "
                  f"| {seconds_of(runs, 'ours', floor, 'final_s')} "
                  f"| {last('floor')} / {last('material')} / {last('ours')} ({worst}) | {search} | {final} | {every} | {hit} |")
        if any(runs.get("searchpage") for _, _, _, runs in result["rows"]):
            print_search_page(result)
        print_split(result)
    print("\n| papers | index build s | µs a paper | peak MB (documents loaded) | terms | lexicon shards | search files MB | Material's index MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for result in results:
        built, size = result["index"], result["size"]
        material = f"{result['material']['bytes'] / 1e6:.1f}" if result.get("material") else "–"
        print(f"| {size:,} | {built['seconds']:.1f} | {built['seconds'] / size * 1e6:,.0f} | {built['peak_mb']:,.0f} "
              f"({built.get('loaded_mb', 0):,.0f}) | {built['terms']:,} | {built['shards']:,} | {built['bytes'] / 1e6:.1f} | {material} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,30000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the sites in this folder and keep them")
    parser.add_argument("--variants", default="floor,material,ours",
                        help="which of floor,material,ours,page,searchpage,instantsearchpage to measure (page: ours "
                             "with a worker that answers at once; searchpage: ours, the query entered on the search page "
                             "search/; instantsearchpage: the search page with page's worker)")
    parser.add_argument("--index", choices=("write", "keep"), default="write",
                        help="keep: reuse a kept size's search files (only the worker is copied in)")
    parser.add_argument("--prepare", action="store_true", help="write the sites and stop (no browser)")
    parser.add_argument("--details", action="store_true", help="print the search files each query read")
    parser.add_argument("--material-max", type=int, default=30000,
                        help="measure Material's search up to this many papers (default 30000: it needs minutes beyond)")
    parser.add_argument("--material-runs", type=int, default=1,
                        help="runs per query for Material's search (default 1: about a minute each at 10,000 papers)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for a first result")
    parser.add_argument("--pause-ms", type=int, default=1500, help="pause before the last key, once the rest is answered")
    parser.add_argument("--report", action="store_true",
                        help="print the tables of the --keep folder's results-<size>.json for --sizes, measure nothing")
    parser.add_argument("--write-index", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_index:
        write_index(*args.write_index)
        return 0
    if args.report:
        print_tables([json.loads((args.keep / f"results-{size}.json").read_text()) for size in args.sizes.split(",")])
        return 0
    args.variants = [v for v in args.variants.split(",") if v]
    assert set(args.variants) <= set(VARIANTS) and "floor" in args.variants, \
        "variants: floor and some of material, ours, page, searchpage, instantsearchpage"
    root = (args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))).resolve()
    root.mkdir(parents=True, exist_ok=True)
    base = small_sites(root)
    replace_file(base["ours"] / "site" / WORKER, (REPO / "theme" / WORKER).read_bytes())  # the current worker
    (root / "floor").mkdir(exist_ok=True)
    replace_file(root / "floor" / "index.html", FLOOR.encode("utf-8"))
    if INSTANT & set(args.variants):
        page_site(base["ours"] / "site", root / "page")
    started = time.perf_counter()
    cache = root / "corpora-documents.json"  # the corpora read once per --keep folder
    real = load_documents(cache) if cache.exists() else None
    if not real:  # none, or written before the papers' arXiv ids (FORMAT 6) and organizations (FORMAT 8)
        real = real_documents()
        dump_documents(real, cache)
    print(f"corpora: {len(real)} distinct papers read in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    results = []
    with launch_chromium() if not args.prepare else contextlib.nullcontext() as browser:
        for size in map(int, args.sizes.split(",")):
            built, material = prepare_size(size, args, root, base, real)
            if args.prepare:
                continue
            load = LoadAverage()
            rows = measure_size(browser, size, args, root, real)
            result = {"size": size, "index": built, "material": material, "load": load.close(), "rows": rows,
                      "at": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"), "code": code_version()}
            replace_file(root / f"results-{size}.json", json.dumps(result, indent=1).encode("utf-8"))
            results.append(result)
    if results:
        print_tables(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
