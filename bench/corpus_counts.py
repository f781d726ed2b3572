"""Import the full real corpora into a scratch folder and check the paper counts.

    .venv/bin/python bench/corpus_counts.py [--corpora ../shared/corpora] [--skip-reimport]

Checks, for ``hf-daily-papers-api/daily/`` (580 files): 9,881 records, every one accounted
for (added + duplicates + skipped), none skipped, the 300 Python-repr records among the
papers, 9,877 distinct papers in the catalog; a second import of the same files leaves every
digest byte-identical. For ``dw-daily-arxiv/daily/`` (90 files): 35,943 records, all
accounted for, 20,248 distinct papers in the catalog. Prints the figures and the time each
step took; exits 1 if any figure differs. Expected figures come from the corpora's README.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import Project, load_catalog  # noqa: E402
from generator.inputs.importing import ImportSummary, import_files  # noqa: E402
from shared_corpora import CORPORA  # noqa: E402

EXPECTED = {
    "hf-daily-papers-api/daily": {"files": 580, "records": 9_881, "distinct": 9_877, "repr_records": 300},
    "dw-daily-arxiv/daily": {"files": 90, "records": 35_943, "distinct": 20_248},
}


def repr_record_ids(folder: Path) -> set[str]:
    """The arXiv ids of the items stored as Python-repr strings, read independently of the reader."""
    ids = set()
    for path in sorted(folder.glob("*.json.gz")):
        data = json.loads(gzip.decompress(path.read_bytes()))
        items = data["data"] if isinstance(data, dict) else data
        ids.update(ast.literal_eval(item)["paper"]["id"] for item in items if isinstance(item, str))
    return ids


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.yml"))}


def check(name: str, actual: object, expected: object, failures: list[str]) -> None:
    mark = "ok " if actual == expected else "BAD"
    print(f"  {mark} {name}: {actual}" + ("" if actual == expected else f" (expected {expected})"))
    if actual != expected:
        failures.append(name)


def run(corpus: str, folder: Path, reimport: bool, failures: list[str]) -> None:
    expected = EXPECTED[corpus]
    print(f"{corpus}:")
    with tempfile.TemporaryDirectory() as scratch:
        project = Project(Path(scratch))
        start = time.perf_counter()
        summary: ImportSummary = import_files([folder], project.digests_dir, progress=sys.stderr.isatty())
        print(f"  import: {time.perf_counter() - start:.1f} s")
        check("files read", summary.files, expected["files"], failures)
        check("records", summary.records, expected["records"], failures)
        check(
            "records = added + duplicates + skipped",
            summary.added + summary.duplicates + len(summary.skipped),
            summary.records,
            failures,
        )
        print(f"      added {summary.added}, duplicates merged {summary.duplicates}, skipped {len(summary.skipped)}")
        for problem in summary.skipped:
            print(f"      skipped {problem}")
        check("records skipped", len(summary.skipped), 0, failures)
        start = time.perf_counter()
        catalog, _ = load_catalog(project)
        print(f"  catalog: {time.perf_counter() - start:.1f} s")
        check("distinct papers (catalog)", len(catalog.papers), expected["distinct"], failures)
        check("distinct papers (import summary)", summary.distinct, expected["distinct"], failures)
        if "repr_records" in expected:
            ids = repr_record_ids(folder)
            listed = {p.arxiv_id for p in catalog.papers}
            check("Python-repr records in the source", len(ids), expected["repr_records"], failures)
            check("Python-repr records imported", len(ids & listed), expected["repr_records"], failures)
        if reimport:
            before = hashes(project.digests_dir)
            start = time.perf_counter()
            again = import_files([folder], project.digests_dir)
            print(f"  re-import: {time.perf_counter() - start:.1f} s")
            check("re-import adds nothing", again.added, 0, failures)
            check("re-import leaves digests byte-identical", hashes(project.digests_dir) == before, True, failures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--skip-reimport", action="store_true", help="skip the byte-identical re-import check")
    args = parser.parse_args()
    failures: list[str] = []
    for corpus in EXPECTED:
        run(corpus, args.corpora / corpus, reimport=not args.skip_reimport and corpus.startswith("hf"), failures=failures)
    print("all figures as expected" if not failures else f"{len(failures)} figure(s) differ: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
