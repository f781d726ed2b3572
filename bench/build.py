"""Build speed and size at 1k, 5k and 10k real papers, measured against the MkDocs floor.

Usage::

    .venv/bin/python bench/build.py [--sizes 1000 5000 10000] [--work /tmp/paper-digests-bench]
    .venv/bin/python bench/build.py --sizes 10000 --skip-floors   # issue 19's figures only (steps 1-3 and 6)

What it does, once per size N:

1. Imports the daily arXiv JSONL files of ``../shared/corpora/dw-daily-arxiv/daily/``
   (oldest first) with ``python -m generator import --format arxiv-jsonl`` into a cached
   corpus project (done once; reused by later runs), then copies the digests into a
   scratch project, trimmed to the first N distinct papers (the last day is cut short).
   The scratch project is made as ``tests/conftest.py`` ``make_project`` makes one.
2. ``mkdocs build`` from clean: the hook generates site_src/ and MkDocs renders it
   (the *whole build*). The *generator* seconds are those the hook logs for generating
   site_src/ inside it (cold: the scratch project's site_src/ holds no generated page).
3. ``python -m generator generate`` with nothing changed (the *no-op regeneration*).
4. The *floor*: bare ``mkdocs build`` over the same, already generated site_src/ with a
   copy of mkdocs.yml that has no ``hooks:``, so MkDocs renders the same pages.
5. The *engine floor* (issue 18): MkDocs and Material by themselves, ``mkdocs build`` of a
   project with the same mkdocs.yml (no ``hooks:``), theme and hand-written pages, whose
   docs_dir holds N one-line paper pages (``# Paper i`` and one sentence) instead of ours.
6. At the largest size only (issue 19, :func:`bench_incremental`): one more day's digest
   is added and ``mkdocs build --dirty`` timed (*add a day*: the hook generates, MkDocs
   converts what changed), then a clean build into ``site-clean/`` to compare with, file
   by file; a no-op ``generate``; then ``mkdocs serve --dirty`` and the seconds from
   editing one abstract to the served page showing it.

Times are wall-clock seconds of each child process; peak RSS is that process's maximum
resident set size (``os.wait4``). HTML sizes are of the built ``site/``. The machine may
be shared: compare the ratio build/floor, not absolute seconds.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from shared_corpora import CORPORA

REPO = Path(__file__).resolve().parent.parent
CORPUS = CORPORA / "dw-daily-arxiv" / "daily"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
MKDOCS = [sys.executable, "-m", "mkdocs"]
GENERATOR = [sys.executable, "-m", "generator"]


CPU_SECONDS: dict[str, float] = {}
"""CPU seconds (user + system) of the last run of each step, by the key its wall time has."""


LOGS: dict[str, str] = {}
"""The output (stdout and stderr) of the last run of each step, by key."""


def run(command: list[str], cwd: Path, key: str = "") -> tuple[float, int]:
    """Run ``command``; return (wall seconds, peak RSS in bytes) and note its CPU seconds
    under ``key`` in :data:`CPU_SECONDS`, its output in :data:`LOGS`. Exits on failure."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{output.decode(errors='replace')}")
    CPU_SECONDS[key] = usage.ru_utime + usage.ru_stime
    LOGS[key] = output.decode(errors="replace")
    return seconds, usage.ru_maxrss * 1024


def corpus_digests(work: Path, needed_papers: int) -> list[Path]:
    """Digests imported from the arXiv daily files, oldest first, covering at least
    ``needed_papers`` distinct papers plus one more day (imported once, then cached)."""
    corpus = work / "corpus"
    done = corpus / "imported.json"
    files = sorted(CORPUS.glob("*.jsonl.gz"))
    if done.exists() and json.loads(done.read_text())["papers"] >= needed_papers:
        return sorted((corpus / "digests").glob("*.yml"))
    shutil.rmtree(corpus, ignore_errors=True)
    (corpus / "digests").mkdir(parents=True)  # import writes into the project's digests/
    seen: set[str] = set()
    chosen = []
    for path in files:  # count distinct ids cheaply, to import only the files needed
        chosen.append(path)
        for line in gzip.decompress(path.read_bytes()).splitlines():
            if line.strip():
                seen.add(json.loads(line).get("id"))
        if len(seen) >= needed_papers:
            break
    extra = files[len(chosen) : len(chosen) + 1]  # one more day for "add a day"
    print(f"importing {len(chosen) + len(extra)} daily files ({len(seen)} distinct papers) ...", flush=True)
    seconds, _ = run([*GENERATOR, "--root", str(corpus), "import", "--format", "arxiv-jsonl", *map(str, chosen + extra)], REPO)
    print(f"  import: {seconds:.1f} s", flush=True)
    done.write_text(json.dumps({"papers": len(seen)}))
    return sorted((corpus / "digests").glob("*.yml"))


def make_project(root: Path) -> Path:
    """A scratch copy of the site project, as ``tests/conftest.py`` ``make_project`` makes."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "generator").symlink_to(REPO / "generator")
    tracked = subprocess.run(["git", "ls-files", "site_src"], cwd=REPO, capture_output=True, text=True, check=True)
    for relative in tracked.stdout.split():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / relative, target)
    (root / "site_src").mkdir(exist_ok=True)
    (root / "digests").mkdir()
    return root


def paper_keys(digests: list[Path]) -> dict[str, list[str]]:
    """Each corpus digest's papers, by file name, as their keys (arXiv id, else title) in
    order; read once and cached beside the digests (``paper-keys.json``)."""
    cache = digests[0].parent.parent / "paper-keys.json"
    keys = json.loads(cache.read_text()) if cache.exists() else {}
    if any(path.name not in keys for path in digests):
        for path in digests:
            papers = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)["papers"]
            keys[path.name] = [paper.get("arxiv_id") or paper["title"] for paper in papers]
        cache.write_text(json.dumps(keys))
    return keys


def trimmed_digests(digests: list[Path], papers: int, target: Path) -> tuple[int, list[Path]]:
    """Copy ``digests`` (oldest first) into ``target`` until ``papers`` distinct papers are
    listed, cutting the last day short. Returns (days written, the digests not used)."""
    seen: set[str] = set()
    keys = paper_keys(digests)
    for number, path in enumerate(digests):
        kept = 0
        for key in keys[path.name]:
            if key not in seen and len(seen) >= papers:
                break
            seen.add(key)
            kept += 1
        if kept == len(keys[path.name]):
            shutil.copy(path, target / path.name)
        else:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
            data["papers"] = data["papers"][:kept]
            text = yaml.dump(data, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=100)
            (target / path.name).write_text(text, encoding="utf-8")
        if len(seen) >= papers:
            return number + 1, digests[number + 1 :]
    sys.exit(f"the corpus has only {len(seen)} distinct papers; {papers} asked for")


def floor_config(project: Path) -> Path:
    """A copy of the project's mkdocs.yml without ``hooks:`` (and ``watch:``), building
    into ``site-floor/`` (the nav is mkdocs.yml's: the hook adds nothing to it)."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(hooks|watch):\n(?:  - .*\n)+", "", text)
    text = re.sub(r"(?m)^site_dir: .*$", "site_dir: site-floor", text)
    path = project / "mkdocs-floor.yml"
    path.write_text(text, encoding="utf-8")
    return path


def engine_floor_project(project: Path, papers: int) -> Path:
    """A project beside ``project`` for the engine floor (see the module docstring): its
    mkdocs.yml without ``hooks:`` and ``watch:``, its theme and hand-written pages, the nav's
    pages as one line each, and ``papers`` one-line pages under ``papers/``."""
    root = project.parent / f"{project.name}-engine"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    text = re.sub(r"(?m)^(hooks|watch):\n(?:  - .*\n)+", "", (project / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    shutil.copytree(project / "theme", root / "theme")
    tracked = subprocess.run(["git", "ls-files", "site_src"], cwd=REPO, capture_output=True, text=True, check=True)
    for relative in tracked.stdout.split():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / relative, target)
    docs = root / "site_src"
    for relative in re.findall(r"(?m)^\s*-\s*(?:[^:\n]+:\s*)?([\w/.-]+\.md)\s*$", text):
        if not (docs / relative).exists():
            (docs / relative).parent.mkdir(parents=True, exist_ok=True)
            (docs / relative).write_text(f"# {relative}\n", encoding="utf-8")
    (docs / "papers").mkdir(exist_ok=True)
    for number in range(papers):
        (docs / "papers" / f"paper-{number}.md").write_text(
            f"# Paper {number}\n\nOne sentence about paper {number}.\n", encoding="utf-8"
        )
    return root


def html_sizes(site: Path) -> dict[str, float]:
    """Sizes in bytes: the whole site, paper pages (median, max), the largest page, and the
    search files (``search/``: Material's small ``search_index.json`` and our shards and
    document files; a reader's browser fetches only the few a query needs)."""
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    papers = sorted(p.stat().st_size for p in (site / "papers").rglob("index.html"))
    pages = [(p.stat().st_size, p) for p in site.rglob("*.html")]
    biggest, biggest_path = max(pages)
    return {
        "site": total,
        "paper_median": statistics.median(papers),
        "paper_max": papers[-1],
        "page_max": biggest,
        "page_max_path": str(biggest_path.relative_to(site)),
        "search_index": sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file()),
        "html_pages": len(pages),
    }


def bench_size(papers: int, digests: list[Path], work: Path, add_day: bool, quick: bool = False, floors: bool = True) -> dict:
    project = make_project(work / f"site-{papers}")
    days, rest = trimmed_digests(digests, papers, project / "digests")
    print(f"{papers} papers, {days} days: building ...", flush=True)
    row: dict = {"papers": papers, "days": days, "load": os.getloadavg()[0]}
    row["build_s"], row["build_rss"] = run([*MKDOCS, "build"], project, "build")
    generated = re.search(r"generator: (\d+) page\(s\) written, \d+ removed \(([\d.]+) s\)", LOGS["build"])
    row["gen_pages"], row["gen_s"] = int(generated[1]), float(generated[2])
    if quick:  # the whole build against the engine floor, nothing else
        engine = engine_floor_project(project, papers)
        row["engine_s"], row["engine_rss"] = run([*MKDOCS, "build", "-q"], engine, "engine")
        shutil.rmtree(engine)
        row.update({f"{key}_cpu": seconds for key, seconds in CPU_SECONDS.items()})
        row["load"] = (row["load"] + os.getloadavg()[0]) / 2
        print(
            f"  {papers:,} papers (load average {row['load']:.1f}): build {row['build_s']:.1f} s ({row['build_cpu']:.1f} s CPU, "
            f"the generator {row['gen_s']:.1f} s), engine floor {row['engine_s']:.1f} s ({row['engine_cpu']:.1f} s CPU): "
            f"build / engine floor {row['build_s'] / row['engine_s']:.2f} wall, {row['build_cpu'] / row['engine_cpu']:.2f} CPU; "
            f"peak RSS {mb(row['build_rss'])}",
            flush=True,
        )
        return row
    row["noop_s"], _ = run([*GENERATOR, "generate"], project, "noop")
    if floors:
        floor = floor_config(project)
        row["floor_s"], row["floor_rss"] = run([*MKDOCS, "build", "-q", "-f", str(floor)], project, "floor")
        engine = engine_floor_project(project, papers)
        row["engine_s"], row["engine_rss"] = run([*MKDOCS, "build", "-q"], engine, "engine")
        shutil.rmtree(engine)
    if add_day and rest:
        bench_incremental(project, rest[0], row)
    row.update({f"{key}_cpu": seconds for key, seconds in CPU_SECONDS.items()})
    row.update(html_sizes(project / "site"))
    print("  " + json.dumps(row), flush=True)
    return row


GENERATOR_LINE = re.compile(r"generator: (\d+) page\(s\) written, (\d+) removed \(([\d.]+) s\)")


def differing_files(site: Path, other: Path) -> list[str]:
    """The files (site_dir paths) that only one of two built sites has, or that differ."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    others = {p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()}
    return sorted((files ^ others) | {f for f in files & others if (site / f).read_bytes() != (other / f).read_bytes()})


def bench_incremental(project: Path, day: Path, row: dict) -> None:
    """Issue 19's figures on the built project: add ``day`` and ``mkdocs build --dirty``
    (the hook generates, MkDocs converts what changed), then a clean build into another
    folder to compare with, byte for byte; then ``mkdocs serve --dirty`` and the seconds
    from editing one abstract of ``day`` to the served page showing it."""
    shutil.copy(day, project / "digests" / day.name)
    row["add_day_papers"] = len(yaml.load(day.read_text(encoding="utf-8"), Loader=SAFE_LOADER)["papers"])
    row["dirty_s"], _ = run([*MKDOCS, "build", "--dirty"], project, "dirty")
    written = GENERATOR_LINE.search(LOGS["dirty"])
    row["dirty_pages_written"], row["dirty_pages_removed"], row["dirty_gen_s"] = int(written[1]), int(written[2]), float(written[3])
    row["clean_s"], _ = run([*MKDOCS, "build", "-d", "site-clean"], project, "clean")
    row["dirty_differs"] = differing_files(project / "site", project / "site-clean")
    shutil.rmtree(project / "site-clean")
    row["noop_after_s"], _ = run([*GENERATOR, "generate"], project, "noop_after")
    row.update(serve_edit(project, day))


def serve_edit(project: Path, day: Path, port: int = 8765) -> dict:
    """Start ``mkdocs serve --dirty``, wait for its first build, edit the abstract of the
    first paper of ``day`` (in the project's digests/) and time until the served page of
    that paper shows the edit; stops the server. Returns ``serve_first_s`` and ``serve_edit_s``."""
    import urllib.request

    data = yaml.load((project / "digests" / day.name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    paper = data["papers"][0]
    page = next(  # the front matter quotes ids that YAML would read as numbers ('2604.07429')
        p for p in (project / "site_src" / "papers").glob("*.md")
        if re.search(rf"^arxiv_id: '?{re.escape(paper['arxiv_id'])}'?$", p.read_text(encoding="utf-8"), re.M)
    )
    url = f"http://127.0.0.1:{port}/paper-digests/papers/{page.stem}/"

    def fetch() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8", "replace")
        except OSError:
            return ""

    command = [*MKDOCS, "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = time.perf_counter()
        while not fetch():
            if server.poll() is not None:
                sys.exit(f"mkdocs serve stopped ({server.returncode})")
            time.sleep(0.5)
        first = time.perf_counter() - started
        time.sleep(2)  # let the server settle (its watcher starts after the first build)
        marker = "Zebrafinch-quokka marker sentence."
        paper["abstract"] = f"{paper['abstract']} {marker}"
        text = yaml.dump(data, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=100)
        edited = time.perf_counter()
        (project / "digests" / day.name).write_text(text, encoding="utf-8")
        while marker not in fetch():
            if time.perf_counter() - edited > 600:
                sys.exit("the edited abstract did not show within 600 s")
            time.sleep(0.1)
        return {"serve_first_s": first, "serve_edit_s": time.perf_counter() - edited}
    finally:
        server.terminate()
        server.wait()


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def kb(n: float) -> str:
    return f"{n / 1e3:.1f} KB"


def print_table(rows: list[dict]) -> None:
    columns = [
        ("papers", lambda r: f"{r['papers']:,}"),
        ("days", lambda r: str(r["days"])),
        ("generator s", lambda r: f"{r['gen_s']:.1f}"),
        ("build s", lambda r: f"{r['build_s']:.1f}"),
        ("floor s", lambda r: f"{r['floor_s']:.1f}"),
        ("build/floor", lambda r: f"{r['build_s'] / r['floor_s']:.2f}"),
        ("engine floor s", lambda r: f"{r['engine_s']:.1f}"),
        ("build/engine", lambda r: f"{r['build_s'] / r['engine_s']:.2f}"),
        ("CPU build/engine", lambda r: f"{r['build_cpu'] / r['engine_cpu']:.2f}"),
        ("CPU s build / floor", lambda r: f"{r['build_cpu']:.1f} / {r['floor_cpu']:.1f}"),
        ("CPU build/floor", lambda r: f"{r['build_cpu'] / r['floor_cpu']:.2f}"),
        ("peak RSS", lambda r: mb(r["build_rss"])),
        ("floor RSS", lambda r: mb(r["floor_rss"])),
        ("no-op s (CPU)", lambda r: f"{r['noop_s']:.2f} ({r['noop_cpu']:.2f})"),
        ("site/", lambda r: mb(r["site"])),
        ("paper HTML median", lambda r: kb(r["paper_median"])),
        ("paper HTML max", lambda r: kb(r["paper_max"])),
        ("largest page", lambda r: kb(r["page_max"])),
        ("search files (all)", lambda r: mb(r["search_index"])),
    ]
    if any("floor_s" not in row for row in rows):  # --skip-floors
        columns = [(name, cell) for name, cell in columns if "floor" not in name and "engine" not in name]
    print()
    print("| " + " | ".join(name for name, _ in columns) + " |")
    print("|" + "|".join(" ---: " for _ in columns) + "|")
    for row in rows:
        print("| " + " | ".join(cell(row) for _, cell in columns) + " |")
    for row in rows:
        print(f"\n{row['papers']:,} papers: largest page {row['page_max_path']} ({kb(row['page_max'])}), {row['html_pages']:,} HTML pages")
        if "floor_s" in row:
            print(
                f"{row['papers']:,} papers: per paper, the whole build {1000 * row['build_s'] / row['papers']:.1f} ms, "
                f"our pages without the hook {1000 * row['floor_s'] / row['papers']:.1f} ms, "
                f"one-line pages {1000 * row['engine_s'] / row['papers']:.1f} ms"
            )
        if "dirty_s" in row:
            print(
                f"{row['papers']:,} papers: adding one day ({row['add_day_papers']} papers), `mkdocs build --dirty`: "
                f"{row['dirty_s']:.1f} s ({row['dirty_cpu']:.1f} s CPU; the generator {row['dirty_gen_s']:.1f} s, "
                f"{row['dirty_pages_written']} page(s) written, {row['dirty_pages_removed']} removed) = "
                f"{row['dirty_s'] / row['build_s']:.2f} x the cold build, {row['dirty_s'] / row['clean_s']:.2f} x "
                f"the clean build after it ({row['clean_s']:.1f} s); files differing from the clean build: "
                f"{len(row['dirty_differs'])} {row['dirty_differs'][:10]}"
            )
            print(
                f"{row['papers']:,} papers: `mkdocs serve --dirty`: first build {row['serve_first_s']:.1f} s; "
                f"an edited abstract on the served page after {row['serve_edit_s']:.1f} s; "
                f"no-op generate after the added day {row['noop_after_s']:.2f} s"
            )
    big = rows[-1]
    whole = big["build_s"]
    checks = [
        ("whole build <= 1.5 x engine floor", whole <= 1.5 * big["engine_s"], f"{whole / big['engine_s']:.2f} x"),
        ("whole build <= 1.2 x floor", whole <= 1.2 * big["floor_s"], f"{whole / big['floor_s']:.2f} x"),
    ] if "floor_s" in big else []
    checks += [
        ("whole build <= 60 s", whole <= 60, f"{whole:.1f} s"),
        ("peak RSS <= 1 GB", big["build_rss"] <= 1e9, mb(big["build_rss"])),
        ("no-op regeneration <= 0.5 s", big["noop_s"] <= 0.5, f"{big['noop_s']:.2f} s"),
        ("paper page HTML <= 40 KB", big["paper_max"] <= 40_000, kb(big["paper_max"])),
        ("no page > 1 MB", big["page_max"] <= 1_000_000, kb(big["page_max"])),
    ]
    if "dirty_s" in big:
        checks += [
            ("add a day: dirty build <= 10 % of the cold build", big["dirty_s"] <= 0.1 * big["build_s"], f"{big['dirty_s'] / big['build_s']:.1%}"),
            ("add a day: dirty site byte-identical to a clean build", not big["dirty_differs"], f"{len(big['dirty_differs'])} file(s) differ"),
            ("serve --dirty: edited abstract shown <= 5 s", big["serve_edit_s"] <= 5, f"{big['serve_edit_s']:.1f} s"),
            ("deciding nothing changed <= 0.5 s", big["noop_after_s"] <= 0.5, f"{big['noop_after_s']:.2f} s"),
        ]
    print(f"\nTargets at {big['papers']:,} papers (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
    for name, ok, value in checks:
        print(f"  {'ok  ' if ok else 'MISS'} {name}: {value}")
    if "floor_s" in big:
        print(
            "  (CPU seconds are shown, not judged: the build puts work on the second core on purpose,\n"
            f"   so its CPU seconds exceed its wall seconds; here {big['build_cpu'] / big['floor_cpu']:.2f} x the floor's)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/paper-digests-bench"))
    parser.add_argument(
        "--quick", action="store_true", help="only the whole build and the engine floor (a lever's effect, in minutes)"
    )
    parser.add_argument(
        "--skip-floors", action="store_true", help="no floor and engine-floor builds (issue 19's figures need neither)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    args.work.mkdir(parents=True, exist_ok=True)
    digests = corpus_digests(args.work, max(args.sizes))
    rows = [bench_size(n, digests, args.work, n == max(args.sizes), args.quick, not args.skip_floors) for n in sorted(args.sizes)]
    if args.quick:
        return
    print_table(rows)
    took = time.perf_counter() - started
    print(f"  {'ok  ' if took <= 600 else 'MISS'} the bench within 10 minutes: {took:.0f} s")


if __name__ == "__main__":
    main()
