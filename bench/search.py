"""Search benchmark (issue 21): our search against Material's default and a bare page, in
one run and one Chromium.

Papers: the real corpora together (``../shared/corpora``: the Hugging Face daily-papers
API days and the daily arXiv listings, read by the generator's own readers, merged into one
catalog, tagged), about 30,000 distinct papers; sizes above that are made of real
abstracts: each extra paper joins the first half of one real paper's title and abstract to
the second half of another's (fixed seed).

Sites: one small site is built with MkDocs twice, once as the project is (``ours``) and
once with Material's default search (the hook without its search step, the theme without
``main.html``). For each size, each gets that size's search files, written as a build
writes them, the rest of the site shared (symlinks):

* ``ours``: :func:`generator.output.search_index.write_index_files` over the size's papers (its
  time and the writing process's peak memory are reported: the index build);
* ``material``: ``search/search_index.json`` as Material's search plugin writes it for
  those papers' pages (one entry for the page, one for its abstract section), which
  Material's worker loads and indexes in the browser;
* ``floor``: a bare HTML page with a text box that shows the query as its "result" at
  once (``../shared/tools/search_ratio.py``'s floor).

Measured for each query, ``--runs`` times, variants interleaved, a fresh browser context
each time (nothing cached):

* first result: from the start of the navigation, wait for the box to take input, fill
  the whole query at once, wait for the first result (seconds, wall clock); and the bytes
  served until then (all files, and the search files alone);
* last key: with all but the query's last character in the box and its results shown,
  from the last key's ``keydown`` to the result list showing results for the whole query
  (milliseconds, the page's clock).

Queries: a whole title (it must come first), three or four words of a title, and common
words (``large language models``…). Our first result is checked against the expected
title where there is one.

usage: .venv/bin/python bench/search.py [--sizes 1000,10000,30000,100000] [--runs 3] [--keep DIR]
Each size runs on its own (``--sizes 100000``); ``--keep`` keeps (and reuses) the built sites.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import launch_chromium  # noqa: E402  (tests/browser.py)
from conftest import SEED_DIGEST, build_site, make_project  # noqa: E402

from generator.catalog.catalog import build_catalog  # noqa: E402
from generator.core.model import Digest  # noqa: E402
from generator.inputs.readers import read_file  # noqa: E402
from generator.output.search_index import SearchDocument, paper_documents, write_index_files  # noqa: E402
from generator.catalog.tagging import load_taxonomy  # noqa: E402

CORPORA = next((up / "shared" / "corpora" for up in REPO.parents if (up / "shared" / "corpora").is_dir()),
               REPO.parent / "shared" / "corpora")
"""``../shared/corpora`` beside the checkout (or beside a folder holding it, as for a worktree)."""
SOURCES = [CORPORA / "hf-daily-papers-api" / "daily", CORPORA / "dw-daily-arxiv" / "daily"]
DEFAULT_HOOK = '''"""Material's default search: the generator hook without its search index step."""
from generator.mkdocs_hook import on_config, on_page_context, on_page_markdown  # noqa: F401
'''
COMMON = ["large language models", "diffusion model", "reinforcement learning"]
BOX = "input.md-search__input, input[type=search]"
RESULT = ".md-search-result__item, #r li"
TIMEOUT_S = 120


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
        made.append(SearchDocument(f"papers/made-{len(made)}/", title, text, a.authors, b.tags))
    return made


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
    """Our search files for ``documents`` written into ``site`` by a fresh Python process
    (``--write-index``); returns :func:`write_index_files`' summary with ``seconds`` (the
    index build) and ``peak_mb`` (that process's peak resident memory, the documents'
    loading included)."""
    listing = site.parent / (site.name + "-documents.json")
    listing.write_text(json.dumps([[d.location, d.title, d.text, d.authors, d.tags] for d in documents]), "utf-8")
    answer = subprocess.run([sys.executable, __file__, "--write-index", str(listing), str(site)],
                            check=True, capture_output=True, text=True)
    listing.unlink()
    return json.loads(answer.stdout)


def write_index(listing: Path, site: Path) -> None:
    """The ``--write-index`` process: print the summary as JSON."""
    documents = [SearchDocument(l, t, x, tuple(a), tuple(g)) for l, t, x, a, g in json.loads(listing.read_text("utf-8"))]
    started = time.perf_counter()
    summary = write_index_files(site, documents, {"lang": ["en"]})
    summary["seconds"] = time.perf_counter() - started
    summary["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(summary))


def linked_site(site: Path, target: Path) -> Path:
    """``target``: ``site`` as symlinks, but for a real, empty ``search/`` folder."""
    subprocess.run(["rm", "-rf", str(target)], check=True)
    target.mkdir(parents=True)
    for entry in site.iterdir():
        if entry.name != "search":
            os.symlink(entry, target / entry.name)
    (target / "search").mkdir()
    return target


FLOOR = (
    "<!doctype html><meta charset=utf-8><title>floor</title><body><script>"
    "document.addEventListener('input',e=>{const r=document.getElementById('r');r.innerHTML='';"
    "const li=document.createElement('li');li.textContent=e.target.value;r.appendChild(li)})</script>"
    "<input type=search id=q aria-label=Search><ol id=r></ol>"
)


class Served:
    """A folder served on 127.0.0.1 that logs ``(time, path, bytes)`` of each response."""

    def __init__(self, folder: Path):
        self.log: list[tuple[float, str, int]] = []
        log = self.log

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def copyfile(self, source, outputfile) -> None:
                super().copyfile(source, outputfile)
                log.append((time.perf_counter(), self.path, source.tell()))

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


_LAST_KEY = """([last]) => { window.__lastKey = new Promise(resolve => {
  const box = document.querySelector("input.md-search__input, input[type=search]")
  let start = null
  box.addEventListener("keydown", () => { start = performance.now() }, { once: true })
  const list = document.querySelector(".md-search-result__list, #r")
  new MutationObserver((_, observer) => {
    if (start !== null && list.querySelector(".md-search-result__item, li") && box.value.endsWith(last)) {
      observer.disconnect()
      resolve(performance.now() - start)
    }
  }).observe(list, { childList: true, subtree: true, characterData: true })
  setTimeout(() => resolve(null), 60000)
}) }"""


def measure(browser, served: Served, query: str) -> dict:
    """One fresh context: the first result for ``query`` filled at once, then the last key."""
    context = browser.new_context()
    page = context.new_page()
    served.log.clear()
    start = time.perf_counter()
    page.goto(served.url, wait_until="commit")
    box = page.locator(BOX).first
    box.wait_for(state="visible", timeout=30_000)
    box.click()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    result = page.locator(RESULT).first
    while True:
        try:
            result.wait_for(timeout=1_000)
            break
        except Exception:
            if time.perf_counter() > start + TIMEOUT_S:
                context.close()
                return {"first_s": float("inf"), "bytes": 0, "search_bytes": 0, "title": "", "last_key_ms": None}
            box.fill(query + " ")  # Material ignores input before its search is ready
            box.fill(query)
            box.press("End")
    end = time.perf_counter()
    title = " ".join(result.inner_text().split("\n")[0].split())
    sent = [(path, size) for at, path, size in served.log if at <= end]
    measured = {
        "first_s": end - start,
        "bytes": sum(size for _, size in sent),
        "search_bytes": sum(size for path, size in sent if path.startswith("/search/")),
        "title": title,
    }
    # the last key: all but the last character typed and answered, then the last one
    box.fill(query[:-1])
    box.press("End")
    page.wait_for_timeout(1500)
    page.evaluate(_LAST_KEY, [query[-1]])
    page.keyboard.press(query[-1] if query[-1] != " " else "Space")
    measured["last_key_ms"] = page.evaluate("window.__lastKey")
    context.close()
    return measured


def queries(documents: list[SearchDocument]) -> list[tuple[str, str | None]]:
    """(query, expected first title or None): a whole title, title words, common words."""
    middle, newest = documents[len(documents) // 2], documents[-1]
    words = [w for w in middle.title.split() if len(w) > 3][:4]
    return [(newest.title, newest.title), (" ".join(words), middle.title)] + [(q, None) for q in COMMON]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,30000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the sites in this folder and keep them")
    parser.add_argument("--material-max", type=int, default=30000,
                        help="measure Material's search up to this many papers (default 30000: it needs minutes beyond)")
    parser.add_argument("--material-runs", type=int, default=1,
                        help="runs per query for Material's search (default 1: about a minute each at 10,000 papers)")
    parser.add_argument("--write-index", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_index:
        write_index(*args.write_index)
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    base = {"ours": root / "ours", "material": root / "material"}
    if not (base["ours"] / "site" / "index.html").exists():
        make_project(base["ours"], [SEED_DIGEST])
        subprocess.run(["rm", "-rf", str(base["material"])], check=True)
        subprocess.run(["cp", "-a", str(base["ours"]), str(base["material"])], check=True)
        (base["material"] / "theme" / "main.html").unlink()
        (base["material"] / "material_default_hook.py").write_text(DEFAULT_HOOK, encoding="utf-8")
        config = (base["material"] / "mkdocs.yml").read_text(encoding="utf-8")
        (base["material"] / "mkdocs.yml").write_text(
            config.replace("  - generator/mkdocs_hook.py", "  - material_default_hook.py"), encoding="utf-8"
        )
        for project in base.values():
            build_site(project)
    worker = "assets/javascripts/workers/paper-search.js"  # the current one, whenever the small site was built
    (base["ours"] / "site" / worker).write_bytes((REPO / "theme" / worker).read_bytes())
    (root / "floor").mkdir(exist_ok=True)
    (root / "floor" / "index.html").write_text(FLOOR, encoding="utf-8")
    started = time.perf_counter()
    cache = root / "corpora-documents.json"  # the corpora read once per --keep folder
    if cache.exists():
        real = [SearchDocument(l, t, x, tuple(a), tuple(g)) for l, t, x, a, g in json.loads(cache.read_text("utf-8"))]
    else:
        real = real_documents()
        cache.write_text(json.dumps([[d.location, d.title, d.text, d.authors, d.tags] for d in real]), "utf-8")
    print(f"corpora: {len(real)} distinct papers read in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    rows = []
    with launch_chromium() as browser:
        for size in map(int, args.sizes.split(",")):
            documents = documents_for(size, real)
            ours = linked_site(base["ours"] / "site", root / f"{size}-ours")
            built = write_ours(ours, documents)
            print(f"{size}: index {built}", file=sys.stderr)
            material = linked_site(base["material"] / "site", root / f"{size}-material")
            plugin = json.loads((base["material"] / "site" / "search" / "search_index.json").read_text("utf-8"))
            (material / "search" / "search_index.json").write_text(
                json.dumps(material_index(documents, plugin["config"])), encoding="utf-8"
            )
            sites = {"floor": Served(root / "floor"), "material": Served(material), "ours": Served(ours)}
            if size > args.material_max:
                sites.pop("material").close()
            for query, expected in queries(documents):
                runs: dict[str, list[dict]] = {name: [] for name in sites}
                for run in range(args.runs + 1):  # the first round warms the browser up and is not counted
                    for name, served in sites.items():
                        if name == "material" and not 0 < run <= args.material_runs:  # the others warm the browser
                            continue
                        measured = measure(browser, served, query)
                        if run:
                            runs[name].append(measured)
                print(f"{size} {query!r}: " + json.dumps(runs), file=sys.stderr)
                rows.append((size, query, expected, runs, built))
            for served in sites.values():
                served.close()
    print("| papers | query | floor: first result s | Material s (× floor) | ours s (× floor) | last key ms: floor / Material / ours "
          "| bytes before first result: ours all / search files (Material all) | ours first = expected |")
    print("| ---: | --- | ---: | ---: | ---: | --- | --- | --- |")
    for size, query, expected, runs, built in rows:
        med = {name: statistics.median(m["first_s"] for m in ms) for name, ms in runs.items()}

        def last(name):
            values = [m["last_key_ms"] for m in runs.get(name, []) if m["last_key_ms"] is not None]
            return f"{statistics.median(values):.0f}" if values else "–"

        ours_bytes = statistics.median(m["bytes"] for m in runs["ours"])
        ours_search = max(m["search_bytes"] for m in runs["ours"])
        if "material" in runs:
            material_bytes = f"{statistics.median(m['bytes'] for m in runs['material']) / 1000:,.0f} kB"
            material = f"{med['material']:.2f} ({med['material'] / med['floor']:.1f})"
        else:
            material_bytes = material = "not measured"
        hit = "–" if expected is None else ("yes" if all(m["title"] == " ".join(expected.split()) for m in runs["ours"]) else "NO")
        print(f"| {size:,} | {query[:50]} | {med['floor']:.2f} | {material} "
              f"| {med['ours']:.2f} ({med['ours'] / med['floor']:.2f}) | {last('floor')} / {last('material')} / {last('ours')} "
              f"| {ours_bytes / 1000:,.0f} kB / {ours_search / 1000:,.0f} kB ({material_bytes}) | {hit} |")
    print()
    print("| papers | index build s | peak MB | terms | lexicon shards | search files MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in dict.fromkeys(r[0] for r in rows):
        built = next(r[4] for r in rows if r[0] == size)
        print(f"| {size:,} | {built['seconds']:.1f} | {built['peak_mb']:.0f} | {built['terms']:,} | {built['shards']:,} "
              f"| {built['bytes'] / 1e6:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
