"""The catalog kept between runs (generator/catalog/catalog_cache.py): its "current or not"
rule on its own, and that a run merging a day into the kept catalog leaves exactly what a
clean run makes (every file of site_src/), as do the runs that must merge every day again."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import generator.build
from conftest import SEARCH_DIGEST, SEED_DIGEST, make_project
from generator.build import generate, generate_keeping_later
import generator.catalog.catalog_cache
from generator.catalog.catalog_cache import CACHE_NAME, CHECKPOINT_NAME, _ChangesUnpickler, is_checkpoint, kept_days
from generator.core.problems import InputError
from generator.inputs.project import Project

# The rule, on its own ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "kept_generator", "kept", "expected", "why"),
    [
        (["a", "b"], "g", ["a", "b"], 2, "the same files"),
        (["a", "b", "c"], "g", ["a", "b"], 2, "a file added after them: the run merges c"),
        (["a", "b", "c", "d"], "g", ["a", "b"], 2, "two added"),
        (["a", "b"], "g", [], 0, "kept from no digest"),
        (["a", "b"], "other", ["a", "b"], None, "made by another generator or taxonomy"),
        (["a2", "b"], "g", ["a", "b"], None, "an older file edited"),
        (["a", "b2"], "g", ["a", "b"], None, "the last file edited"),
        (["b"], "g", ["a", "b"], None, "a file removed"),
        (["a"], "g", ["a", "b"], None, "the last file removed"),
        (["z", "a", "b"], "g", ["a", "b"], None, "a file inserted before them"),
        (["a", "z", "b"], "g", ["a", "b"], None, "a file inserted between them"),
    ],
)
def test_a_kept_catalog_stands_for_the_first_files_it_was_made_from(days, kept_generator, kept, expected, why):
    assert kept_days("g", days, kept_generator, kept) == expected, why


# The generator -----------------------------------------------------------------------------


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def clean_pages(tmp_path: Path, project: Project) -> dict[str, bytes]:
    """What a clean run over ``project``'s digests makes, in a fresh project."""
    clean = Project(make_project(tmp_path, sorted(project.digests_dir.glob("*.yml"))))
    generate(clean)
    return tree(clean.docs_dir)


def digests_merged_whole(monkeypatch) -> list[int]:
    """How many digests each run from now on reads to merge the catalog whole (none when it
    merges the added days into the kept catalog)."""
    runs: list[int] = []
    load = generator.build.load_digests

    def noting(digests_dir, taxonomy, cache=None):
        digests = load(digests_dir, taxonomy, cache)
        runs.append(len(digests))
        return digests

    monkeypatch.setattr(generator.build, "load_digests", noting)
    return runs


def later_day(day: str, text: str) -> str:
    """The search fixture's day moved to ``day`` (a later day than both fixtures)."""
    assert "date: 2025-03-19" in text
    return text.replace("date: 2025-03-19", f"date: {day}")


def test_days_added_after_the_kept_ones_are_merged_into_them_and_equal_a_clean_run(tmp_path, monkeypatch):
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST]))
    generate(project)
    assert (project.cache_dir / CACHE_NAME).is_file()
    merged_whole = digests_merged_whole(monkeypatch)
    (project.digests_dir / SEARCH_DIGEST.name).write_bytes(SEARCH_DIGEST.read_bytes())
    catalog, _ = generate(project)
    assert merged_whole == []  # the seed day was not merged again
    assert tree(project.docs_dir) == clean_pages(tmp_path / "one", project)
    merged_whole.clear()  # the clean run's
    # A day listing papers of the days before (their listed_on, upvotes... change) and one more.
    text = SEARCH_DIGEST.read_text(encoding="utf-8")
    (project.digests_dir / "2025-04-02.yml").write_text(later_day("2025-04-02", text), encoding="utf-8")
    upvoted = text.replace("arxiv_id: '2307.09288'\n", "arxiv_id: '2307.09288'\n    upvotes: 7\n", 1)
    assert upvoted != text
    (project.digests_dir / "2025-04-03.yml").write_text(later_day("2025-04-03", upvoted), encoding="utf-8")
    catalog, _ = generate(project)
    assert merged_whole == []
    assert any(len(p.listed_on) == 3 and p.upvotes == 7 for p in catalog.papers)
    assert tree(project.docs_dir) == clean_pages(tmp_path / "two", project)
    merged_whole.clear()
    # Nothing changed: the kept catalog as it is.
    generate(project)
    assert merged_whole == []


def test_the_catalog_kept_later_is_written_when_asked_and_is_the_one_generate_keeps(tmp_path, monkeypatch):
    now = Project(make_project(tmp_path / "now", [SEED_DIGEST]))
    later = Project(make_project(tmp_path / "later", [SEED_DIGEST]))
    generate(now)
    catalog, report, keep_catalog = generate_keeping_later(later)
    assert report.written and catalog.papers
    assert not (later.cache_dir / CACHE_NAME).exists()  # not before it is asked for
    keep_catalog()
    assert (later.cache_dir / CACHE_NAME).read_bytes() == (now.cache_dir / CACHE_NAME).read_bytes()
    # The next run merges an added day into it, as into the one generate kept.
    merged_whole = digests_merged_whole(monkeypatch)
    (later.digests_dir / SEARCH_DIGEST.name).write_bytes(SEARCH_DIGEST.read_bytes())
    generate(later)
    assert merged_whole == []
    # Never asked for: the catalog kept before stays as it was, and serves the next run.
    kept = (later.cache_dir / CACHE_NAME).read_bytes()
    (later.digests_dir / "2025-04-02.yml").write_text(later_day("2025-04-02", SEARCH_DIGEST.read_text(encoding="utf-8")), encoding="utf-8")
    generate_keeping_later(later)
    assert (later.cache_dir / CACHE_NAME).read_bytes() == kept
    (later.digests_dir / "2025-04-03.yml").write_text(later_day("2025-04-03", SEARCH_DIGEST.read_text(encoding="utf-8")), encoding="utf-8")
    generate(later)
    assert merged_whole == []
    assert tree(later.docs_dir) == clean_pages(tmp_path / "clean", later)


@pytest.mark.parametrize("change", ["edit an older day", "remove a day", "insert an older day"])
def test_a_change_to_the_days_kept_merges_every_day_again(change, tmp_path, monkeypatch):
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST, SEARCH_DIGEST]))
    generate(project)
    merged_whole = digests_merged_whole(monkeypatch)
    seed = project.digests_dir / SEED_DIGEST.name
    if change == "edit an older day":
        seed.write_text(seed.read_text(encoding="utf-8").replace("title: 'Yi: Open", "title: 'Yi: Opened", 1), encoding="utf-8")
    elif change == "remove a day":
        seed.unlink()
    else:
        text = SEARCH_DIGEST.read_text(encoding="utf-8")
        (project.digests_dir / "2025-03-01.yml").write_text(later_day("2025-03-01", text), encoding="utf-8")
    generate(project)
    assert merged_whole == [len(list(project.digests_dir.glob("*.yml")))]
    assert tree(project.docs_dir) == clean_pages(tmp_path / "clean", project)


CONFLICTING_ENTRY = "papers:\n  - title: Another Title Altogether\n    abstract: Text.\n    arxiv_id: '2307.09288'\n"
"""A digest's papers list opening with an entry that gives the seed's paper 2307.09288 to another title."""


def assert_refused_as_a_clean_run(project: Project, clean_root: Path) -> None:
    """``generate(project)`` refuses its digests (an arXiv id given to two titles) with the
    problems a clean run of the same digests, in a new project at ``clean_root``, reports."""
    with pytest.raises(InputError) as merged:
        generate(project)
    clean = Project(make_project(clean_root, sorted(project.digests_dir.glob("*.yml"))))
    with pytest.raises(InputError) as whole:
        generate(clean)
    assert "is also given to" in str(merged.value)
    assert [(p.path.name, p.line, p.message) for p in merged.value.problems] == [
        (p.path.name, p.line, p.message.replace(str(clean.root), str(project.root))) for p in whole.value.problems
    ]


def test_an_added_day_with_a_problem_is_reported_as_without_a_kept_catalog(tmp_path):
    """A conflict with a kept day (an arXiv id the seed's days give to another title) is
    refused with the same words as a clean run's, and a run that failed keeps nothing: once
    the day is right, the site equals a clean run's."""
    project = Project(make_project(tmp_path / "project", [SEARCH_DIGEST]))
    generate(project)
    kept = (project.cache_dir / CACHE_NAME).read_bytes()
    text = SEARCH_DIGEST.read_text(encoding="utf-8")
    bad = later_day("2025-04-02", text).replace("papers:\n", CONFLICTING_ENTRY, 1)
    (project.digests_dir / "2025-04-02.yml").write_text(bad, encoding="utf-8")
    assert_refused_as_a_clean_run(project, tmp_path / "clean")
    assert (project.cache_dir / CACHE_NAME).read_bytes() == kept
    (project.digests_dir / "2025-04-02.yml").write_text(later_day("2025-04-02", text), encoding="utf-8")
    generate(project)
    assert tree(project.docs_dir) == clean_pages(tmp_path / "fixed", project)


def test_a_damaged_kept_catalog_counts_as_none(tmp_path):
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST]))
    generate(project)
    (project.cache_dir / CACHE_NAME).write_bytes(b"not a pickle")
    (project.digests_dir / SEARCH_DIGEST.name).write_bytes(SEARCH_DIGEST.read_bytes())
    generate(project)
    assert tree(project.docs_dir) == clean_pages(tmp_path / "clean", project)


# The checkpoint: the catalog kept before the newest day was added ----------------------------


@pytest.mark.parametrize(
    ("days", "kept_generator", "kept", "expected", "why"),
    [
        (["a", "b", "c"], "g", ["a", "b"], True, "the run added the newest day c to it"),
        (["a"], "g", [], True, "the first day added to none"),
        (["a", "b", "c"], "g", ["a"], False, "two days added: not the state before the newest"),
        (["a", "b", "c"], "g", ["a", "b", "c"], False, "the same days"),
        (["a", "b", "c2"], "g", ["a", "b", "c"], False, "the newest day edited"),
        (["a", "b", "c"], "other", ["a", "b"], False, "another generator or taxonomy"),
        (["a2", "b", "c"], "g", ["a", "b"], False, "an older day edited"),
    ],
)
def test_the_catalog_kept_before_a_run_is_its_checkpoint_when_the_run_added_the_newest_day(days, kept_generator, kept, expected, why):
    assert is_checkpoint("g", days, kept_generator, kept) == expected, why


def edited_abstract(path: Path, words: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = text.replace("abstract: ", f"abstract: {words} ", 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def test_an_edited_newest_day_is_merged_into_the_checkpoint_and_equals_a_clean_run(tmp_path, monkeypatch):
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST]))
    generate(project)
    assert not (project.cache_dir / CHECKPOINT_NAME).exists()  # merged whole: no state before the newest day
    newest = project.digests_dir / SEARCH_DIGEST.name
    newest.write_bytes(SEARCH_DIGEST.read_bytes())
    kept = (project.cache_dir / CACHE_NAME).read_bytes()
    generate(project)
    assert (project.cache_dir / CHECKPOINT_NAME).read_bytes() == kept  # moved, not written again
    merged_whole = digests_merged_whole(monkeypatch)
    for words in ("Corrected once.", "Corrected twice."):
        edited_abstract(newest, words)
        generate(project)
        assert merged_whole == []  # the seed day was not merged again
        assert (project.cache_dir / CHECKPOINT_NAME).read_bytes() == kept
        assert tree(project.docs_dir) == clean_pages(tmp_path / words.split()[1].rstrip("."), project)
        merged_whole.clear()  # the clean run's
    # An older day edited: every day merged again, and no checkpoint stands for the days since.
    seed = project.digests_dir / SEED_DIGEST.name
    seed.write_text(seed.read_text(encoding="utf-8").replace("title: 'Yi: Open", "title: 'Yi: Opened", 1), encoding="utf-8")
    edited_abstract(newest, "Corrected thrice.")
    generate(project)
    assert merged_whole == [2]
    merged_whole.clear()
    edited_abstract(newest, "Corrected again.")
    generate(project)
    assert merged_whole == [2]
    assert tree(project.docs_dir) == clean_pages(tmp_path / "older", project)


def test_a_failed_run_over_an_edited_newest_day_keeps_nothing_and_is_reported_as_a_clean_run(tmp_path):
    """The newest day edited to give a kept paper's arXiv id to another title: refused with
    a clean run's words, neither kept catalog changed; once fixed, the site equals a clean run's."""
    project = Project(make_project(tmp_path / "project", [SEARCH_DIGEST]))
    generate(project)
    newest = project.digests_dir / "2025-04-02.yml"
    text = later_day("2025-04-02", SEARCH_DIGEST.read_text(encoding="utf-8"))
    newest.write_text(text, encoding="utf-8")
    generate(project)
    kept = {name: (project.cache_dir / name).read_bytes() for name in (CACHE_NAME, CHECKPOINT_NAME)}
    bad = text.replace("papers:\n", CONFLICTING_ENTRY, 1)
    newest.write_text(bad, encoding="utf-8")
    assert_refused_as_a_clean_run(project, tmp_path / "clean")
    assert {name: (project.cache_dir / name).read_bytes() for name in kept} == kept
    newest.write_text(text, encoding="utf-8")
    edited_abstract(newest, "Fixed.")
    generate(project)
    assert tree(project.docs_dir) == clean_pages(tmp_path / "fixed", project)


# What changed since the checkpoint, written alone ----------------------------------------------


def one_paper_day(day: str) -> str:
    """A digest of ``day`` listing one paper of the search fixture (a day adding few papers
    to many kept ones, as a day does to a large site)."""
    text = later_day(day, SEARCH_DIGEST.read_text(encoding="utf-8"))
    head, papers = text.split("papers:\n", 1)
    first = papers.split("\n  - ", 1)[0]
    return f"{head}papers:\n{first}\n"


def kept_file(project: Project) -> tuple[tuple, tuple | None]:
    """The header of the kept catalog and, when it holds the changes since the checkpoint, the
    keys of the papers it writes (the others are the checkpoint's)."""
    with (project.cache_dir / CACHE_NAME).open("rb") as file:
        header = pickle.load(file)
        if len(header) == 2:
            return header, None
        pickle.load(file)
        _, papers, _, _ = _ChangesUnpickler(file, _PaperKeys()).load()
    return header, tuple(papers)


class _PaperKeys(dict):
    """Any key, found: the checkpoint's papers as their keys."""

    def __missing__(self, key):
        return key


def test_an_added_day_is_kept_as_its_changes_on_the_checkpoint_and_equals_a_clean_run(tmp_path, monkeypatch):
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST, SEARCH_DIGEST]))
    generate(project)
    whole = (project.cache_dir / CACHE_NAME).read_bytes()
    merged_whole = digests_merged_whole(monkeypatch)
    (project.digests_dir / "2025-04-02.yml").write_text(one_paper_day("2025-04-02"), encoding="utf-8")
    generate(project)
    assert (project.cache_dir / CHECKPOINT_NAME).read_bytes() == whole  # moved: the base of the changes
    header, papers = kept_file(project)
    assert len(header) == 3 and header[2] == pickle.loads(whole)[1]  # on the checkpoint's days
    assert papers == ("arxiv:2307.09288",)  # listed again on the new day: its listed_on changed; no other paper
    assert len((project.cache_dir / CACHE_NAME).read_bytes()) < len(whole) / 3
    assert tree(project.docs_dir) == clean_pages(tmp_path / "one", project)
    merged_whole.clear()
    # Days added to the changes, an edit of the newest day, nothing changed: each merged into them.
    for day in ("2025-04-03", "2025-04-04"):
        (project.digests_dir / f"{day}.yml").write_text(one_paper_day(day), encoding="utf-8")
        generate(project)
        assert kept_file(project)[0][2] == pickle.loads(whole)[1]  # still on the same checkpoint
    edited_abstract(project.digests_dir / "2025-04-04.yml", "Corrected.")
    generate(project)
    generate(project)
    assert merged_whole == []
    assert (project.cache_dir / CHECKPOINT_NAME).read_bytes() == whole
    assert tree(project.docs_dir) == clean_pages(tmp_path / "three", project)


def test_the_changes_are_written_whole_again_after_max_delta_days(tmp_path, monkeypatch):
    monkeypatch.setattr(generator.catalog.catalog_cache, "MAX_DELTA_DAYS", 2)
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST]))
    generate(project)
    headers = []
    for day in ("2025-04-02", "2025-04-03", "2025-04-04", "2025-04-05"):
        (project.digests_dir / f"{day}.yml").write_text(one_paper_day(day), encoding="utf-8")
        generate(project)
        headers.append(len(kept_file(project)[0]))
    assert headers == [3, 3, 2, 3]  # changes, changes, whole (3 days after the checkpoint), changes on it
    assert tree(project.docs_dir) == clean_pages(tmp_path / "clean", project)


@pytest.mark.parametrize("damage", ["checkpoint removed", "checkpoint damaged", "checkpoint of other days"])
def test_changes_without_their_checkpoint_count_as_none(damage, tmp_path, monkeypatch):
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST]))
    generate(project)
    (project.digests_dir / "2025-04-02.yml").write_text(one_paper_day("2025-04-02"), encoding="utf-8")
    generate(project)
    assert len(kept_file(project)[0]) == 3
    checkpoint = project.cache_dir / CHECKPOINT_NAME
    if damage == "checkpoint removed":
        checkpoint.unlink()
    elif damage == "checkpoint damaged":
        checkpoint.write_bytes(checkpoint.read_bytes()[:100])
    else:  # a whole catalog of the same generator, of other days than the changes were made on
        generator_key, days = pickle.loads(checkpoint.read_bytes())
        with checkpoint.open("rb") as file:
            pickle.load(file)
            body = file.read()
        checkpoint.write_bytes(pickle.dumps((generator_key, [*days, "another day"])) + body)
    merged_whole = digests_merged_whole(monkeypatch)
    (project.digests_dir / "2025-04-03.yml").write_text(one_paper_day("2025-04-03"), encoding="utf-8")
    generate(project)
    assert merged_whole == [3]
    assert tree(project.docs_dir) == clean_pages(tmp_path / "clean", project)
