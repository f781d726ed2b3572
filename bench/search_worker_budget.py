"""How fast the search worker must answer (issue 21): the search page with a worker that
answers every query after a fixed delay, with one result and no file read, against the bare
page (the floor), in one Chromium, the variants interleaved in a random order each round (the
first round not counted). It prints, for each delay, the median first result in ms and its
ratio to the floor's: the page's own share of a first result plus a worker that takes that
long, so the largest delay under 2 × is the time the real worker has.

Uses a folder kept by ``bench/search.py --keep DIR`` (its small site ``ours/site`` and its
``floor``); the delayed workers' sites are written into ``DIR/budget-<ms>``.

usage: .venv/bin/python bench/search_worker_budget.py DIR [--rounds 15] [--delays 0,20,40,60,80,100,120] [--query "diffusion model"]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import search as bench  # bench/search.py: its sites, server and steps
from browser import launch_chromium  # tests/browser.py (bench/search.py puts tests/ on the path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kept", type=Path, help="a folder kept by bench/search.py --keep")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--delays", default="0,20,40,60,80,100,120")
    parser.add_argument("--query", default="diffusion model")
    args = parser.parse_args()
    delays = [int(ms) for ms in args.delays.split(",")]
    served = {}
    for ms in delays:
        served[ms] = bench.Served(bench.page_site(args.kept / "ours" / "site", args.kept / f"budget-{ms}",
                                                  bench.instant_worker(ms)))
    floor = bench.Served(args.kept / "floor")
    times: dict[str | int, list[float]] = {"floor": [], **{ms: [] for ms in delays}}
    random.seed(1)
    with launch_chromium() as browser:
        for round_number in range(args.rounds + 1):
            order: list[str | int] = ["floor", *delays]
            random.shuffle(order)
            for variant in order:
                entry = bench.Entry() if variant == "floor" else bench.SEARCH_PAGE
                server = floor if variant == "floor" else served[variant]
                context = browser.new_context()
                first = bench.first_result(context.new_page(), server.url, args.query, 60, entry)
                if first.result is None:
                    sys.exit(f"no first result for {variant}")
                if round_number:
                    times[variant].append(time.perf_counter() - first.start)
                context.close()
    floor_s = statistics.median(times["floor"])
    print(f"floor: {floor_s * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}")
    print("| worker's delay, ms | first result, ms | × floor |\n| ---: | ---: | ---: |")
    for ms in delays:
        median = statistics.median(times[ms])
        print(f"| {ms} | {median * 1000:.0f} | {median / floor_s:.2f} |")


if __name__ == "__main__":
    main()
