"""How well the taxonomy tells the papers of the real corpora apart (issue 17).

    .venv/bin/python bench/tags.py [--corpora ../shared/corpora] [--top 12]

Reads ``hf-daily-papers-api/daily/`` and ``dw-daily-arxiv/daily/`` with the generator's own
readers, builds each catalog (which tags every paper) and prints one table:

* papers with no tag (target at most 2 %),
* tags per paper (mean) and topics per paper,
* the share of papers carried by the largest topic (below area level; target at most 10 %),
* agreement with arXiv primary categories that name an area (cs.CV → Vision, cs.CL →
  Language, cs.GR → Graphics, cs.IT → Information theory, cs.GT → Game theory, cs.CE →
  Science): the share of those papers carrying a tag of that area (target at least 85 %),
  both as the site tags them (the primary category is one of the signals) and from title,
  abstract and keywords alone,
* the time tagging took (the whole catalog, seconds of CPU), and the time the trends take
  (papers per week for every tag, the rising topics, and every topic's SVG chart).

Then, per corpus, the largest topics. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.catalog.catalog import build_catalog  # noqa: E402
from generator.inputs.readers import read_file  # noqa: E402
from generator.catalog.tagging import load_taxonomy  # noqa: E402
from generator.catalog.trends import tag_series, topic_trends  # noqa: E402
from generator.pages.trend_chart import trend_chart  # noqa: E402
from shared_corpora import CORPORA as SHARED_CORPORA  # noqa: E402

CORPORA = {"hf-daily-papers-api/daily": "HF daily papers", "dw-daily-arxiv/daily": "arXiv cs listings"}
TARGETS = {"untagged": 0.02, "largest_topic": 0.10, "agreement": 0.85}


def measure(folder: Path, taxonomy) -> dict:
    digests = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith((".json", ".json.gz", ".jsonl", ".jsonl.gz")):
            digests.extend(read_file(path).digests)
    start = time.process_time()
    catalog = build_catalog(digests, taxonomy)
    seconds = time.process_time() - start
    papers = catalog.papers
    levels = {tag.slug: tag.level for tag in taxonomy.tags}
    topics = Counter(slug for p in papers for slug in p.tags if levels[slug] == "topic")
    with_area = [p for p in papers if p.categories and taxonomy.area_for_category(p.categories[0])]
    agree = sum(taxonomy.area_for_category(p.categories[0]) in p.tags for p in with_area)
    agree_text = 0
    tag_start = time.process_time()
    for p in with_area:
        text_tags = taxonomy.assign(p.title, p.abstract, (), (), p.keywords)
        agree_text += taxonomy.area_for_category(p.categories[0]) in {taxonomy.area_of(s) for s in text_tags if levels[s] != "kind"}
    text_seconds = time.process_time() - tag_start
    trend_start = time.process_time()
    series = tag_series(catalog, taxonomy)
    topic_trends(catalog, taxonomy)
    for tag in taxonomy.tags:
        if series is not None and series.by_tag[tag.slug] and any(series.by_tag[tag.slug]):
            trend_chart(tag.slug, tag.label, series)
    trend_seconds = time.process_time() - trend_start
    largest, largest_count = topics.most_common(1)[0]
    return {
        "papers": len(papers),
        "untagged": sum(not p.tags for p in papers) / len(papers),
        "tags_per_paper": sum(len(p.tags) for p in papers) / len(papers),
        "topics_per_paper": sum(topics.values()) / len(papers),
        "largest_topic": largest_count / len(papers),
        "largest_slug": largest,
        "with_area": len(with_area),
        "agreement": agree / len(with_area) if with_area else None,
        "agreement_text": agree_text / len(with_area) if with_area else None,
        "seconds": seconds,
        "trend_seconds": trend_seconds,
        "assign_ms": 1000 * text_seconds / len(with_area) if with_area else None,
        "topics": topics,
        "kinds": Counter(slug for p in papers for slug in p.tags if levels[slug] == "kind"),
        "papers_list": papers,
    }


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=SHARED_CORPORA)
    parser.add_argument("--top", type=int, default=12, help="largest topics to list per corpus")
    args = parser.parse_args()
    taxonomy = load_taxonomy()
    results = {}
    for folder, name in CORPORA.items():
        results[name] = measure(args.corpora / folder, taxonomy)
    failures = []
    rows = [
        ("papers", lambda r: f"{r['papers']:,}"),
        ("no tag (≤ 2 %)", lambda r: percent(r["untagged"])),
        ("tags per paper", lambda r: f"{r['tags_per_paper']:.2f}"),
        ("topics per paper", lambda r: f"{r['topics_per_paper']:.2f}"),
        ("largest topic (≤ 10 %)", lambda r: f"{percent(r['largest_topic'])} {r['largest_slug']}"),
        ("papers whose primary category names an area", lambda r: f"{r['with_area']:,}"),
        ("… carrying that area (≥ 85 %)", lambda r: percent(r["agreement"])),
        ("… from text alone, no category", lambda r: percent(r["agreement_text"])),
        ("catalog build incl. tagging (CPU s)", lambda r: f"{r['seconds']:.2f}"),
        ("trends: series, rising topics, all charts (CPU s)", lambda r: f"{r['trend_seconds']:.3f}"),
    ]
    names = list(results)
    width = max(len(label) for label, _ in rows)
    print(f"| {'':{width}} | " + " | ".join(f"{n:>24}" for n in names) + " |")
    print(f"| {'-' * width} | " + " | ".join("-" * 23 + ":" for _ in names) + " |")
    for label, cell in rows:
        print(f"| {label:{width}} | " + " | ".join(f"{cell(results[n]):>24}" for n in names) + " |")
    for name, r in results.items():
        if r["untagged"] > TARGETS["untagged"]:
            failures.append(f"{name}: {percent(r['untagged'])} of papers have no tag")
        if r["largest_topic"] > TARGETS["largest_topic"]:
            failures.append(f"{name}: the largest topic {r['largest_slug']} carries {percent(r['largest_topic'])}")
        if r["agreement"] is not None and r["agreement"] < TARGETS["agreement"]:
            failures.append(f"{name}: only {percent(r['agreement'])} agree with their primary category's area")
    for name, r in results.items():
        print(f"\n{name}: largest topics")
        for slug, count in r["topics"].most_common(args.top):
            print(f"  {count:6,} {100 * count / r['papers']:5.1f} %  {slug}")
        print("  kinds: " + ", ".join(f"{slug} {count:,}" for slug, count in r["kinds"].most_common()))
        print(f"  topics used: {len(r['topics'])} of {sum(1 for t in taxonomy.tags if t.level == 'topic')}")
    for failure in failures:
        print("MISSED: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
