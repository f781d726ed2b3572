"""Search benchmark: our sharded, prebuilt search against Material's default, side by side.

For each size N (default 1000, 5000, 10000 papers) it imports the newest daily arXiv files
of ``../shared/corpora/dw-daily-arxiv/daily/`` into a scratch project (``python -m
generator import --format arxiv-jsonl``), trims the digests to exactly N distinct papers,
and builds two sites from the same digests:

* ``ours``: the project as it is (the hook writes the sharded index, the theme points
  Material's search UI at ``paper-search.js``);
* ``material``: the same pages with Material's default search (hook without
  ``on_post_build``, theme without ``main.html``).

Then, in headless Debian Chromium (a fresh browser context per run, so nothing is cached),
for each query it opens the home page, types the query into the search box and waits
until the first result is the expected paper. It reports the time from starting to load
the page to that result, and the bytes the server sent before it (response bodies, no
compression). It also checks that our first result is the one the unsplit lunr index
gives (``generator.search_index.search``).

usage: .venv/bin/python bench/search.py [--sizes 1000,5000,10000] [--keep DIR]
Slow: building the 10,000-paper sites takes minutes.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import launch_chromium, serve  # noqa: E402  (tests/browser.py)
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from conftest import build_site, make_project  # noqa: E402

from generator.digest_files import digest_paths, read_digest, write_digest  # noqa: E402
from generator.search_index import load_unsplit_index, search  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "dw-daily-arxiv" / "daily"
DEFAULT_HOOK = '''"""Material's default search: the generator hook without its search index step."""
from generator.mkdocs_hook import on_config, on_page_markdown, on_serve  # noqa: F401
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


def measure(browser, site: Path, pairs: list[tuple[str, str]]) -> tuple[list[float], list[int], list[str]]:
    """Per query: seconds to the first result, bytes served before it, its title."""
    times, sizes, titles = [], [], []
    with serve(site) as server:
        for query, expected in pairs:
            server.log.clear()
            start, elapsed, title = first_result(browser, server.url, query)
            times.append(elapsed)
            sizes.append(sum(size for at, size in server.log if at <= start + min(elapsed, TIMEOUT_S)))
            titles.append(title)
    return times, sizes, titles


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
                measured[name] = measure(browser, project / "site", pairs)
                print(f"{size} {name}: {measured[name]}", file=sys.stderr)
            # after the browser runs: the unsplit index takes much memory at 10,000 papers
            expected = unsplit_titles(ours / "site", pairs)
            for name, (times, sizes, titles) in measured.items():
                hits = sum(t.lower() == e.lower() for t, (_, e) in zip(titles, pairs))
                same = None if name == "material" else titles == expected
                rows.append((size, name, statistics.median(times), max(times), statistics.median(sizes), hits,
                             len(pairs), same))
    print("| papers | search | first result, median s | worst s | bytes before it (median) | expected paper first "
          "| same top result as unsplit index |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | --- |")
    for size, name, median, worst, size_bytes, hits, total, same in rows:
        same_text = "" if same is None else ("yes" if same else "NO")
        print(f"| {size:,} | {name} | {median:.2f} | {worst:.2f} | {size_bytes:,.0f} | {hits}/{total} | {same_text} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
