"""Fuzz validate, generate and reading the pages back with hypothesis-generated hostile digests.

Usage::

    .venv/bin/python bench/fuzz_digests.py [--examples 10000] [--seconds 5] [--seed 20]

Runs tests/fuzz_digests.py's strategy and check (the same as tests/test_fuzz_digests.py, at
a larger size) and prints how many examples were refused with messages and how many gave
pages, the CPU time per example (median, 99th percentile, maximum, and how many took over
one second), and every failure, as it happens (on stderr) and at the end: a traceback, a
wrong outcome, or an example over ``--seconds`` of CPU time (the time bound). Exits 1 if
any example failed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from fuzz_digests import digest_texts, timed_check  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="bound on the CPU seconds of one example (default 5)")
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    outcomes: Counter[str] = Counter()
    times: list[float] = []
    failures: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="fuzz-digests-")) / "project"

    @seed(args.seed)
    @settings(
        max_examples=args.examples, deadline=None, database=None, derandomize=False,
        suppress_health_check=list(HealthCheck), report_multiple_bugs=True,
    )
    @given(digest_texts())
    def run(digest):
        name, text = digest
        try:
            outcome, seconds = timed_check(root, name, text, args.seconds)
        except Exception:  # every failure is recorded; hypothesis is not asked to shrink
            failures.append(f"--- {name} ({len(text):,} characters): {text[:300]!r}\n{traceback.format_exc(limit=6)}")
            print(failures[-1], file=sys.stderr, flush=True)
            outcomes["failed"] += 1
            return
        outcomes[outcome] += 1
        times.append(seconds)
        done = sum(outcomes.values())
        if done % 500 == 0:
            print(f"{done} examples: {dict(outcomes)}", file=sys.stderr, flush=True)

    # Warm up: the first generate imports the whole pipeline (scikit-learn among it).
    timed_check(root, "2025-03-20.yml", "date: 2025-03-20\npapers:\n- {title: Warm, abstract: Up.}\n", 600)
    start = time.perf_counter()
    run()
    wall = time.perf_counter() - start
    times.sort()
    print(f"{sum(outcomes.values())} examples in {wall:.0f} s: {outcomes['refused']} refused with messages, "
          f"{outcomes['generated']} generated and read back, {outcomes['failed']} failed")
    if times:
        print(f"CPU seconds per example: median {statistics.median(times):.3f}, 99th percentile "
              f"{times[int(len(times) * 0.99) - 1]:.3f}, max {times[-1]:.3f}; over 1 s: {sum(t > 1 for t in times)}")
    for failure in failures[:20]:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
