"""Time :func:`generator.catalog.related.related_papers` on real papers.

Usage: ``.venv/bin/python bench/related_papers.py [N]`` (default 10,000). Reads the first N
distinct papers of ../shared/corpora/dw-daily-arxiv/daily/*.jsonl.gz (oldest day first)
and prints the vectorise-and-rank time (wall and CPU: on a shared machine the CPU time is
the steadier figure) and the peak block size.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
import time

from generator.core.model import Paper
from generator.catalog.related import BLOCK_ROWS, related_papers
from shared_corpora import CORPORA

CORPUS = CORPORA / "dw-daily-arxiv" / "daily"


def load_papers(count: int) -> list[Paper]:
    papers: dict[str, Paper] = {}
    for path in sorted(CORPUS.glob("*.jsonl.gz")):
        day = dt.date.fromisoformat(path.name[:10])
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                key = f"arxiv:{record['id']}"
                if key not in papers:
                    papers[key] = Paper(
                        key=key, slug=record["id"], title=" ".join(record["title"].split()),
                        abstract=" ".join(record["summary"].split()), listed_on=(day,),
                    )
                if len(papers) == count:
                    return list(papers.values())
    return list(papers.values())


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    papers = load_papers(count)
    start, cpu_start = time.perf_counter(), time.process_time()
    related = related_papers(papers)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    full = sum(1 for keys in related.values() if len(keys) == 5)
    print(f"{len(papers)} papers: related papers in {seconds:.2f} s wall, {cpu:.2f} s CPU "
          f"({full} with 5 neighbours; blocks of {BLOCK_ROWS} rows = {BLOCK_ROWS * len(papers) * 8 / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
