"""Metadata for every paper whatever the source (issue 16, item 1): what each reader keeps,
``import --lookup`` against recorded responses (never the network), and BibTeX years."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
from pathlib import Path

from conftest import FIXTURES
from generator.catalog.bibtex import bibtex_entry, citation_keys, publication_year
from generator.catalog.catalog import build_catalog
from generator.cli import main
from generator.inputs.digest_files import read_digest
from generator.inputs.importing import import_files
from generator.inputs.lookup import ARXIV_PAUSE_SECONDS, arxiv_title_query, look_up
from generator.core.model import Digest, ListedPaper
from generator.inputs.readers import read_file
from generator.catalog.tagging import load_taxonomy

HF_DAY = FIXTURES / "hf-daily" / "2026-08-21.json"
ATOM_ONE = FIXTURES / "arxiv-atom" / "2026_id_list-1707.08567.xml"
ATOM_EMPTY = FIXTURES / "arxiv-atom" / "2026_id_list-0000.0000_empty.xml"
ENVHARNESS = "EnvHarness: Awakening Static Worlds for Agent Learning"
AEW10 = "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"


def test_hf_reader_keeps_published_summary_stars_and_organization():
    result = read_file(HF_DAY)
    digest = result.digests[0]
    assert digest.source_name == "Hugging Face Daily Papers"
    first = digest.papers[0]
    assert first.title == ENVHARNESS
    assert first.published == dt.date(2026, 8, 20)
    assert first.upvotes == 163
    assert first.ai_summary.startswith("EnvHarness and EnvRigger dynamically reshape static environments")
    assert first.github_stars == 8
    assert first.organization == "Google"
    assert first.links.project == "https://envharness.com/"


def test_hf_earliest_schema_has_no_summary_but_a_published_date():
    paper = read_file(FIXTURES / "hf-daily" / "2024-05-27.json").digests[0].papers[0]
    assert (paper.arxiv_id, paper.ai_summary, paper.github_stars) == ("2405.15738", None, None)
    assert paper.published == dt.date(2024, 5, 24)


def test_atom_reader_keeps_the_published_date():
    digest = read_file(ATOM_ONE).digests[0]
    assert digest.source_name == "arXiv API"
    assert (digest.papers[0].arxiv_id, digest.papers[0].published) == ("1707.08567", dt.date(2017, 7, 27))


def test_jsonl_reader_names_its_source():
    assert read_file(FIXTURES / "arxiv-jsonl" / "2026-04-03.jsonl").digests[0].source_name == "arXiv daily listing"


ABSTRACT = (
    "We propose a method that does something useful for everyone who reads abstracts of papers and "
    "wants to know what the paper does. This abstract is long enough to be read as one by the reader."
)


def test_pasted_page_keeps_vote_counts_as_upvotes(tmp_path):
    page = tmp_path / "2025-03-18.txt"
    page.write_text(
        f"Daily Papers\n\nMar 18\n\n▲ 42\n\nFirst Paper About Things\n\n{ABSTRACT}\n\n"
        f"7\nSecond Paper About Things\n3 comments\n\n{ABSTRACT}\n\n"
        f"Third Paper About Things\n\n{ABSTRACT}\n",
        encoding="utf-8",
    )
    papers = read_file(page).digests[0].papers
    assert [(p.title, p.upvotes) for p in papers] == [
        ("First Paper About Things", 42),
        ("Second Paper About Things", 7),
        ("Third Paper About Things", None),
    ]


def test_pasted_page_with_two_counts_for_one_paper_takes_none(tmp_path):
    page = tmp_path / "2025-03-18.txt"
    page.write_text(f"Mar 18\n\n12\n\nA Paper About Things\n30\n\n{ABSTRACT}\n", encoding="utf-8")
    assert read_file(page).digests[0].papers[0].upvotes is None


# import --lookup, against recorded responses ---------------------------------------------


def _hf_abstract(number: int) -> str:
    return json.loads(HF_DAY.read_text(encoding="utf-8"))[number]["paper"]["summary"]


def pasted_day(tmp_path: Path) -> Path:
    """A copied page of 2026-08-21: the two papers of the recorded HF day, the AEW10
    proceedings (on arXiv only) and a title found nowhere."""
    page = tmp_path / "aug21.txt"
    page.write_text(
        "Aug 21\n\n"
        f"{ENVHARNESS.upper()}\n\n{_hf_abstract(0)}\n\n"
        f"FACET: Preserving Source Intent and Executable State in Terminal Task Synthesis\n\n{_hf_abstract(1)}\n\n"
        f"{AEW10}\n\n{ABSTRACT}\n\n"
        f"A Paper Nobody Has Written Yet\n\n{ABSTRACT}\n",
        encoding="utf-8",
    )
    return page


class Recorded:
    """A fetch function answering from recorded files, noting every URL asked."""

    def __init__(self, hf_body: bytes):
        self.hf_body = hf_body
        self.asked: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.asked.append(url)
        if url.startswith("https://huggingface.co/api/daily_papers?date=2026-08-21"):
            return self.hf_body
        if url.startswith("https://export.arxiv.org/api/query?") and arxiv_title_query(AEW10) in url:
            return ATOM_ONE.read_bytes()
        if url.startswith("https://export.arxiv.org/api/query?"):
            return ATOM_EMPTY.read_bytes()
        raise AssertionError(f"unexpected URL {url}")


def test_lookup_fills_confident_matches_and_reports_the_rest_by_title(tmp_path):
    digest = read_file(pasted_day(tmp_path), date=dt.date(2026, 8, 21)).digests[0]
    assert all(p.arxiv_id is None and not p.authors for p in digest.papers)
    fetch = Recorded(HF_DAY.read_bytes())
    pauses: list[float] = []
    found, report = look_up(digest, fetch, pause=pauses.append)
    env, facet, aew, unknown = found.papers
    assert env.title == ENVHARNESS.upper()  # the listing's own title stays
    assert (env.arxiv_id, env.upvotes, env.github_stars, env.organization) == ("2608.19880", 163, 8, "Google")
    assert env.authors[:3] == ["Chengsong Huang", "Zifeng Wang", "Rujun Han"]
    assert env.links.code == "https://github.com/google-research/envharness"
    assert facet.arxiv_id == "2608.18580"
    assert (aew.arxiv_id, aew.published, aew.categories[0]) == ("1707.08567", dt.date(2017, 7, 27), "cs.IT")
    assert aew.authors[0] == "Kees A. Schouhamer Immink" and aew.abstract == ABSTRACT
    assert unknown == digest.papers[3]
    assert report.missing == ["A Paper Nobody Has Written Yet"]
    assert report.ambiguous == [] and len(report.matched) == 3
    assert "lookup: not found on Hugging Face or arXiv (left as listed): A Paper Nobody Has Written Yet" in report.lines()
    # one HF call for the day, then arXiv by title for the two papers HF does not have, 3 s apart
    assert len(fetch.asked) == 3 and pauses == [ARXIV_PAUSE_SECONDS]


def test_lookup_never_guesses_between_two_papers_of_the_same_title(tmp_path):
    records = json.loads(HF_DAY.read_text(encoding="utf-8"))
    twin = json.loads(json.dumps(records[0]))
    twin["paper"]["id"] = "2608.99999"
    body = json.dumps(records + [twin]).encode()
    digest = read_file(pasted_day(tmp_path), date=dt.date(2026, 8, 21)).digests[0]
    found, report = look_up(digest, Recorded(body), pause=lambda seconds: None)
    assert report.ambiguous == [ENVHARNESS.upper()]
    assert found.papers[0] == digest.papers[0]


def test_import_lookup_without_network_says_so_once_and_writes_the_day(tmp_path, capsys, monkeypatch):
    def offline(url: str) -> bytes:
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr("generator.inputs.lookup.fetch_url", offline)
    page = pasted_day(tmp_path)
    assert main(["--root", str(tmp_path), "import", str(page), "--date", "2026-08-21", "--lookup"]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("lookup:")]
    assert lines == [
        "lookup: no network (<urlopen error Name or service not known>); the day is written without lookup"
    ]
    assert len(read_digest(tmp_path / "digests" / "2026-08-21.yml").papers) == 4


def test_import_files_with_lookup_writes_what_was_found(tmp_path):
    fetch = Recorded(HF_DAY.read_bytes())
    summary = import_files(
        [pasted_day(tmp_path)],
        tmp_path / "digests",
        date=dt.date(2026, 8, 21),
        lookup=lambda digest: look_up(digest, fetch, pause=lambda seconds: None),
    )
    written = read_digest(summary.written[0])
    assert [p.arxiv_id for p in written.papers] == ["2608.19880", "2608.18580", "1707.08567", None]
    assert written.papers[0].ai_summary.startswith("EnvHarness and EnvRigger")
    assert summary.lookup[0] == "lookup: 3 paper(s) found, 0 ambiguous, 1 not found"


# BibTeX years ---------------------------------------------------------------------------


def _catalog(*papers: ListedPaper, day=dt.date(2025, 3, 18)):
    return build_catalog([Digest(date=day, papers=list(papers))], load_taxonomy())


def test_bibtex_year_comes_from_the_id_or_published_date_never_the_listing_day():
    old = ListedPaper(title="A Paper From 2020 Listed In 2025", abstract=ABSTRACT, published=dt.date(2020, 5, 1))
    unknown = ListedPaper(title="A Paper Of Unknown Date", abstract=ABSTRACT)
    by_id = ListedPaper(title="Attention Paper", abstract=ABSTRACT, arxiv_id="1706.03762", published=dt.date(2019, 1, 1))
    catalog = _catalog(old, unknown, by_id)
    years = {p.title: publication_year(p) for p in catalog.papers}
    assert years == {old.title: 2020, unknown.title: None, by_id.title: 2017}
    keys = citation_keys(catalog.papers)
    entry = {p.title: bibtex_entry(p, keys[p.key]) for p in catalog.papers}
    assert entry[unknown.title] == "@misc{anonpaper,\n  title = {A Paper Of Unknown Date},\n}\n"
    assert "  year = {2020},\n" in entry[old.title]
