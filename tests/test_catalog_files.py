"""The search files and feeds written by a worker process while MkDocs renders
(generator/output/catalog_files.py): the same files as written in one process, whether the
hand-written pages were guessed right or not; a worker stopped half way leaves nothing
taken for current."""

from __future__ import annotations

import dataclasses

import pytest

from generator.output.catalog_files import CatalogFiles, guessed_pages, recorded_pages
from generator.output.search_index import write_index_files
from search_oracle import load_split

CONFIG = {"lang": ["en"], "separator": "[\\s\\-]+"}


@pytest.fixture(scope="module")
def documents(search_site):
    documents, _ = load_split(search_site)
    return documents


def pages_and_papers(documents):
    pages = [document for document in documents if not document.date]  # pages come first, without a date
    assert pages and documents[: len(pages)] == pages
    return pages, documents[len(pages) :]


def search_files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "search").rglob("*.json"))}


def clean(tmp_path, documents, name="clean"):
    write_index_files(tmp_path / name, documents, CONFIG)
    return search_files(tmp_path / name)


@pytest.mark.parametrize("guess", ["right", "empty pages", "edited page", "one page too many"])
def test_the_workers_files_are_those_of_one_process(tmp_path, documents, guess):
    """Whatever the guess of the hand-written pages, the files are what write_index_files
    writes for the real pages in one process; a right guess costs the build's process only
    search_index.json, a wrong one is fixed on the worker's state; the real pages are then
    recorded as the next build's guess."""
    pages, papers = pages_and_papers(documents)
    cache, site = tmp_path / "cache", tmp_path / "site"
    guessed = {
        "right": pages,
        "empty pages": [dataclasses.replace(page, title="", text="") for page in pages],
        "edited page": [dataclasses.replace(pages[0], text=pages[0].text + " zebrafinch"), *pages[1:]],
        "one page too many": [*pages, dataclasses.replace(pages[0], location="extra/")],
    }[guess]
    worker = CatalogFiles.start(site, guessed, papers, cache, None, None, None)
    summary = worker.finish(pages, CONFIG, None, None)
    assert summary["guessed"] is (guess == "right") and summary["feeds"] is None
    assert summary["worker_peak"] > 0 and summary["documents"] == len(documents)
    if guess in ("empty pages", "edited page"):  # the papers keep their numbers: only the pages' terms again
        again = summary["again"]
        assert again["counted"] == len(pages) and 0 < again["computed"] < summary["terms"] / 2
        assert summary["counted"] == len(documents)  # the worker's: it counted every document
    assert ("again" in summary) is (guess != "right")
    assert search_files(site) == clean(tmp_path, documents)
    assert recorded_pages(cache) == pages
    assert guessed_pages(cache, ["ignored/"]) == pages


def test_without_a_record_the_guess_is_an_empty_page_at_each_location(tmp_path):
    assert recorded_pages(tmp_path) is None
    assert [(page.location, page.title, page.text) for page in guessed_pages(tmp_path, ["about/", "x/"])] == [
        ("about/", "", ""), ("x/", "", "")]


def test_a_worker_stopped_half_way_leaves_nothing_taken_for_current(tmp_path, documents):
    """stop() ends the worker at once (as a failed build does), wherever it is; the next
    build's files are then a clean build's."""
    pages, papers = pages_and_papers(documents)
    cache, site = tmp_path / "cache", tmp_path / "site"
    CatalogFiles.start(site, pages, papers, cache, None, None, None).finish(pages, CONFIG, None, None)
    edited = [dataclasses.replace(paper, text=paper.text + " zebrafinch") for paper in papers]
    worker = CatalogFiles.start(site, pages, edited, cache, None, None, None)
    worker.stop()
    assert not worker.running
    summary = CatalogFiles.start(site, pages, edited, cache, None, None, None).finish(pages, CONFIG, None, None)
    assert summary["guessed"] and summary["documents"] == len(documents)
    assert search_files(site) == clean(tmp_path, pages + edited)
