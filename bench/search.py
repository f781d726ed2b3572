"""Search benchmark: our sharded, prebuilt search against Material's default, side by side.

For each size N (default 1000, 5000, 10000 papers) it imports the newest daily arXiv files
of ``../shared/corpora/dw-daily-arxiv/daily/`` into a scratch project (``python -m
generator import --format arxiv-jsonl``), trims the digests to exactly N distinct papers,
and builds two sites from the same digests:

* ``ours``: the project as it is (the hook writes the sharded index, the theme points
  Material's search UI at ``paper-search.js``);
* ``material``: the same pages with Material's default search (hook without
  ``on_post_build``, theme without ``main.html``);

and, as baselines that cost no building, two more:

* ``instant answer``: ``ours`` with a search worker that answers every query at once with
  the expected paper (no index, no fetch): what Material's page and search UI cost by
  themselves, the floor for any search behind that UI;
* ``bare page``: one text box and a script that shows a result on input, no Material: what
  the browser and the typing cost by themselves.

Then, in headless Debian Chromium (a fresh browser context per run, so nothing is cached),
each query is measured two ways:

* deep link: open ``?q=query`` (Material's search deep link) and wait for the first result;
  the page's own clock from the start of navigation; and the bytes the server sent before
  the result (response bodies, no compression);
* typed, as the maintainers' ``../shared/tools/search_latency.py`` does: open the home page,
  click the search box, type the query (20 ms between keys), wait for the first result;
  wall-clock seconds from starting to load the page.

It also checks that the first result is the expected paper, and that ours is the one the
unsplit lunr index gives (``generator.search_index.search``).

usage: .venv/bin/python bench/search.py [--sizes 1000,5000,10000] [--keep DIR] [--reuse] [--repeat 3]
Slow: building the 10,000-paper sites takes minutes.
"""

from __future__ import annotations

import argparse
import gzip
import os
import html
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import launch_chromium, serve  # noqa: E402  (tests/browser.py)
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from conftest import build_site, make_project  # noqa: E402

from generator.digest_files import read_digest, write_digest  # noqa: E402
from generator.project import digest_paths  # noqa: E402
from generator.search_index import load_unsplit_index, search  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "dw-daily-arxiv" / "daily"
DEFAULT_HOOK = '''"""Material's default search: the generator hook without its search index step."""
from generator.mkdocs_hook import on_config, on_page_context, on_page_markdown  # noqa: F401
'''


def import_papers(project: Path, size: int) -> list[dict]:
    """Import the newest daily files into ``project`` and trim the digests to ``size``
    distinct papers (newest days kept); returns the kept papers' records, newest first."""
    files, seen, kept = [], set(), []
    for path in sorted(CORPUS.glob("*.jsonl.gz"), reverse=True):
        files.append(path)
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record["id"] not in seen:
                    seen.add(record["id"])
                    kept.append(record)
        if len(seen) >= size:
            break
    subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), "import", "--format", "arxiv-jsonl",
         *map(str, files)],
        check=True, capture_output=True, cwd=REPO,
    )
    keep: set[str] = set()
    for path in sorted(digest_paths(project / "digests"), reverse=True):
        digest = read_digest(path)
        papers = []
        for paper in digest.papers:
            if paper.arxiv_id in keep or len(keep) < size:
                keep.add(paper.arxiv_id)
                papers.append(paper)
        if papers:
            write_digest(digest.model_copy(update={"papers": papers}), project / "digests")
        else:
            path.unlink()
    return [r for r in kept if r["id"] in keep]


def material_variant(project: Path, target: Path) -> Path:
    """A copy of ``project``'s inputs that builds with Material's default search."""
    subprocess.run(["cp", "-a", str(project), str(target)], check=True)
    (target / "theme" / "main.html").unlink(missing_ok=True)
    (target / "material_default_hook.py").write_text(DEFAULT_HOOK, encoding="utf-8")
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    (target / "mkdocs.yml").write_text(
        config.replace("  - generator/mkdocs_hook.py", "  - material_default_hook.py"), encoding="utf-8"
    )
    subprocess.run(["rm", "-rf", str(target / "site")], check=True)
    return target


def queries(records: list[dict]) -> list[tuple[str, str]]:
    """(query, expected title) pairs: title words of papers spread over the archive."""
    picks = [records[0], records[len(records) // 2], records[-1]]
    pairs = []
    for record in picks:
        words = [w for w in record["title"].split() if len(w) > 3][:4]
        pairs.append((" ".join(words), " ".join(record["title"].split())))
    return pairs


TIMEOUT_S = 120
"""A query without a result by then counts as failed (inf seconds)."""

_FIRST_RESULT_CLOCK = """
window.__firstResult = null
new MutationObserver((_, observer) => {
  if (document.querySelector(".md-search-result__item")) {
    window.__firstResult = performance.now()
    observer.disconnect()
  }
}).observe(document, { childList: true, subtree: true })
"""


def first_result(browser, url: str, query: str) -> tuple[float, float, str]:
    """Open ``url?q=query`` (Material's search deep link: the query is in the box from the
    start, no typing) in a fresh browser context and wait for the first search result.
    Returns ``time.perf_counter()`` just before the navigation, the seconds from the
    navigation's start to the first result (the page's own clock, ``performance.now()``)
    and that result's title."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(_FIRST_RESULT_CLOCK)
    start = time.perf_counter()
    page.goto(f"{url}?q={urllib.parse.quote(query)}", wait_until="commit")
    while True:
        try:
            page.wait_for_function("window.__firstResult !== null", timeout=2_000, polling=50)
            break
        except PlaywrightTimeout:
            if time.perf_counter() > start + TIMEOUT_S:
                context.close()
                return start, float("inf"), ""
            # Material's box sometimes misses the deep-linked query (no focus event in a
            # headless page): focus it and press a key, as search_latency.py does
            page.locator("input.md-search__input").click()
            page.keyboard.press("End")
    elapsed = page.evaluate("window.__firstResult") / 1000
    title = " ".join(page.locator(".md-search-result__item h1").first.inner_text().split())
    context.close()
    return start, elapsed, title


def typed_first_result(browser, url: str, query: str) -> tuple[float, str]:
    """As ``search_latency.py`` measures: open ``url`` in a fresh browser context, click the
    search box, type ``query`` at 20 ms a key, wait for the first result. Returns the
    wall-clock seconds from starting to load the page to that result, and its title."""
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    page.locator("input.md-search__input").first.click()
    page.keyboard.type(query, delay=20)
    first = page.locator(".md-search-result__item").first
    while True:
        try:
            first.wait_for(timeout=1_000)
            break
        except PlaywrightTimeout:
            if time.perf_counter() > start + TIMEOUT_S:
                context.close()
                return float("inf"), ""
            # as the tool does: Material ignores input typed before its search is ready
            page.keyboard.press("End")
            page.keyboard.type(" ")
            page.keyboard.press("Backspace")
    elapsed = time.perf_counter() - start
    title = " ".join(first.inner_text().split("\n")[0].split())
    context.close()
    return elapsed, title


@dataclass
class Measured:
    """Per query: deep-link seconds, bytes served before that result, its title; and the
    typed seconds (``repeat`` runs per query) and titles."""

    linked: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    typed: list[float] = field(default_factory=list)
    typed_titles: list[str] = field(default_factory=list)


def measure(browser, site: Path, pairs: list[tuple[str, str]], repeat: int, deep_link: bool = True) -> Measured:
    """Both measurements of every query of ``pairs`` on ``site``."""
    measured = Measured()
    with serve(site) as server:
        for query, expected in pairs:
            if deep_link:
                server.log.clear()
                start, elapsed, title = first_result(browser, server.url, query)
                measured.linked.append(elapsed)
                measured.sizes.append(sum(size for at, size in server.log if at <= start + min(elapsed, TIMEOUT_S)))
                measured.titles.append(title)
            for _ in range(repeat):
                elapsed, title = typed_first_result(browser, server.url, query)
                measured.typed.append(elapsed)
                measured.typed_titles.append(title)
    return measured


INSTANT_WORKER = """// Answers every query at once with the one expected paper: no index, no fetch.
addEventListener("message", ev => {
  if (ev.data.type === 0) postMessage({ type: 1 })
  else if (ev.data.type === 2) postMessage({ type: 3, data: { suggest: [], items: [[{
    location: "papers/", title: %s, text: "", score: 1, terms: {} }]] } })
})
"""

BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare page</title>
<input class="md-search__input" aria-label="Search"><div id="results"></div>
<script>
document.querySelector("input").addEventListener("input", () => {
  const item = document.createElement("div")
  item.className = "md-search-result__item"
  item.textContent = %s
  document.getElementById("results").replaceChildren(item)
})
</script>
"""


def linked_copy(site: Path, target: Path, replace: dict[str, str]) -> Path:
    """``target`` as ``site`` with the files of ``replace`` (relative path → text) replaced:
    every folder on a replaced file's path is a real folder, everything else a symlink."""
    if target.exists():
        subprocess.run(["rm", "-rf", str(target)], check=True)
    target.mkdir(parents=True)
    keep = {Path(r).parts[0] for r in replace}
    for entry in site.iterdir():
        if entry.name not in keep:
            os.symlink(entry, target / entry.name)
    for relative, text in replace.items():
        parts = Path(relative).parts
        for depth in range(1, len(parts)):
            folder, source = target.joinpath(*parts[:depth]), site.joinpath(*parts[:depth])
            if not folder.exists():
                folder.mkdir()
                for entry in source.iterdir():
                    if entry.name != parts[depth]:
                        os.symlink(entry, folder / entry.name)
        (target / relative).write_text(text, encoding="utf-8")
    return target


def unsplit_titles(site: Path, pairs: list[tuple[str, str]]) -> list[str]:
    """The first result's title for each query from the one unsplit lunr index."""
    index, docs = load_unsplit_index(site)
    titles = []
    for query, _ in pairs:
        results = search(index, query)
        titles.append(" ".join(html.unescape(docs[int(results[0]["ref"])]["title"]).split()) if results else "")
    return titles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--reuse", action="store_true", help="reuse the sites already built in --keep")
    parser.add_argument("--repeat", type=int, default=3, help="typed runs per query (default 3)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    rows = []
    with launch_chromium() as browser:
        for size in map(int, args.sizes.split(",")):
            ours, default = root / f"{size}-ours", root / f"{size}-material"
            if args.reuse and (ours / "records.json").exists():
                records = json.loads((ours / "records.json").read_text(encoding="utf-8"))
            else:
                make_project(ours)
                for digest in (ours / "digests").glob("*.yml"):
                    digest.unlink()
                records = import_papers(ours, size)
                (ours / "records.json").write_text(json.dumps(records), encoding="utf-8")
                material_variant(ours, default)
            pairs = queries(records)
            for name, project in (("ours", ours), ("material", default)):
                if not (args.reuse and (project / "site").exists()):
                    t = time.perf_counter()
                    build_site(project)
                    print(f"{size}: built {name} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
            measured = {}
            for name, project in (("material", default), ("ours", ours)):
                measured[name] = measure(browser, project / "site", pairs, args.repeat)
                print(f"{size} {name}: {measured[name]}", file=sys.stderr)
            # The baselines answer with the expected title, one site per query
            for name, replace in (("instant answer", "assets/javascripts/workers/paper-search.js"),
                                  ("bare page", "index.html")):
                runs = Measured()
                for query, expected in pairs:
                    page = (INSTANT_WORKER if name == "instant answer" else BARE_PAGE) % json.dumps(expected)
                    site = linked_copy(ours / "site", root / f"{size}-baseline", {replace: page})
                    one = measure(browser, site, [(query, expected)], args.repeat, deep_link=False)
                    runs.typed += one.typed
                    runs.typed_titles += one.typed_titles
                measured[name] = runs
                print(f"{size} {name}: {runs}", file=sys.stderr)
            # after the browser runs: the unsplit index takes much memory at 10,000 papers
            expected = unsplit_titles(ours / "site", pairs)
            typed_expected = [e for _, e in pairs for _ in range(args.repeat)]
            for name, m in measured.items():
                hits = sum(t.lower() == e.lower() for t, (_, e) in zip(m.titles, pairs))
                typed_hits = sum(t.lower() == e.lower() for t, e in zip(m.typed_titles, typed_expected))
                same = None if name != "ours" else m.titles == expected
                rows.append((size, name, m, hits, typed_hits, len(pairs), same))
    print("| papers | search | deep link: first result, median s | worst s | bytes before it (median) "
          "| typed (search_latency.py's way): median s | worst s | expected paper first (link; typed) "
          "| same top result as unsplit index |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for size, name, m, hits, typed_hits, total, same in rows:
        same_text = "" if same is None else ("yes" if same else "NO")
        linked = (f"{statistics.median(m.linked):.2f} | {max(m.linked):.2f} | {statistics.median(m.sizes):,.0f}"
                  if m.linked else "– | – | –")
        hits_text = (f"{hits}/{total}; " if m.linked else "–; ") + f"{typed_hits}/{len(m.typed)}"
        print(f"| {size:,} | {name} | {linked} | {statistics.median(m.typed):.2f} | {max(m.typed):.2f} "
              f"| {hits_text} | {same_text} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
