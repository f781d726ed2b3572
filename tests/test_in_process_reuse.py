"""What the generator keeps in the process between runs (under ``mkdocs serve`` the hook and
the generator's modules stay loaded from build to build): each rule on its own, then a
run after an edit in the same process against a run in a fresh one; kept only when told
(:mod:`generator.core.process_memos`: the hook does under ``mkdocs serve``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from conftest import REPO, SEARCH_DIGEST, SEED_DIGEST, make_project
from generator.build import generate, load_digests
from generator.catalog.catalog import build_catalog
from generator.catalog.related import RelatedCache
from generator.core import process_memos
from generator.catalog.tagging import load_taxonomy
from generator.inputs.digest_cache import DigestCache, TagCache
from generator.inputs.project import Project

YI_ABSTRACT = "We introduce the Yi model family"


@pytest.fixture(autouse=True)
def kept_between_runs():
    """Memos kept, as under ``mkdocs serve``; emptied and not kept after the test."""
    process_memos.keep_between_runs(True)
    yield
    process_memos.keep_between_runs(False)


def memo_sizes() -> dict[str, int]:
    """How many entries each registered memo holds, by its name."""
    return {
        getattr(m, "__qualname__", type(m).__name__) + f"#{i}": (m.cache_info().currsize if hasattr(m, "cache_info") else len(m))
        for i, m in enumerate(process_memos._MEMOS)
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_digest_is_kept_in_the_process_by_its_bytes_and_the_generator(tmp_path):
    taxonomy = load_taxonomy()
    path = tmp_path / SEED_DIGEST.name
    shutil.copy(SEED_DIGEST, path)
    folder = tmp_path / "cache"
    first = DigestCache(folder, "generator-a")
    digest = first.read(path, taxonomy)
    first.prune()
    shutil.rmtree(folder)  # no file left: only the process has it
    assert DigestCache(folder, "generator-a").read(path, taxonomy) is digest
    assert DigestCache(folder, "generator-b").read(path, taxonomy) is not digest  # another generator parses again
    edit(path, YI_ABSTRACT, "We present the Yi model family")
    edited = DigestCache(folder, "generator-a").read(path, taxonomy)  # a run that fails before prune
    assert edited is not digest
    assert any(p.abstract.startswith("We present the Yi model family") for p in edited.papers)
    path.write_bytes(SEED_DIGEST.read_bytes())
    assert DigestCache(folder, "generator-a").read(path, taxonomy) is digest  # the failed run replaced nothing


def test_tags_are_kept_in_the_process_for_their_generator(tmp_path):
    taxonomy = load_taxonomy()
    cache = TagCache(tmp_path / "tags.json", taxonomy, "generator-a")
    tags = cache("Sentence embeddings with Matryoshka layers", "We train sentence embeddings.", (), ("cs.CL",), ())
    assert tags
    cache.save()
    (tmp_path / "tags.json").unlink()

    class Refusing:
        def assign(self, *arguments):
            raise AssertionError("tagged again")

    again = TagCache(tmp_path / "tags.json", Refusing(), "generator-a")
    assert again("Sentence embeddings with Matryoshka layers", "We train sentence embeddings.", (), ("cs.CL",), ()) == tags
    other = TagCache(tmp_path / "tags.json", Refusing(), "generator-b")  # another taxonomy or code
    with pytest.raises(AssertionError, match="tagged again"):
        other("Sentence embeddings with Matryoshka layers", "We train sentence embeddings.", (), ("cs.CL",), ())


def test_an_unchanged_paper_is_the_same_paper_object_in_the_next_catalog(tmp_path):
    taxonomy = load_taxonomy()
    digests_dir = tmp_path / "digests"
    digests_dir.mkdir()
    shutil.copy(SEED_DIGEST, digests_dir)
    before = build_catalog(load_digests(digests_dir, taxonomy), taxonomy)
    edit(digests_dir / SEED_DIGEST.name, YI_ABSTRACT, "We present the Yi model family")
    after = build_catalog(load_digests(digests_dir, taxonomy), taxonomy)
    changed = [p.key for p in after.papers if p is not before.by_key[p.key]]
    assert changed == ["title:yiopenfoundationmodelsby01ai"]
    assert after.by_key["title:yiopenfoundationmodelsby01ai"].abstract.startswith("We present the Yi model family")
    assert len(after.papers) == len(before.papers) == 31


def test_term_counts_are_kept_in_the_process_for_the_days_of_the_last_run(tmp_path):
    counts = (["embedding", "sentence"], csr_matrix(np.array([[1.0, 2.0]])))
    store = RelatedCache(tmp_path)
    store.put_counts("day-a", *counts)
    store.put_counts("day-b", *counts)
    for path in tmp_path.glob("counts-*.npz"):
        path.unlink()  # no file left: only the process has them
    assert RelatedCache(tmp_path).counts("day-a") == counts
    store.keep_counts(["day-b"])
    store.save()  # a run whose days are day-b only
    assert RelatedCache(tmp_path).counts("day-a") is None
    assert RelatedCache(tmp_path).counts("day-b") == counts
    assert RelatedCache(None).counts("day-b") is None  # no cache folder: nothing kept


def test_a_run_after_an_edit_in_the_same_process_equals_a_run_in_a_fresh_one(tmp_path):
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST, SEARCH_DIGEST]))
    generate(project)
    edit(project.digests_dir / SEED_DIGEST.name, YI_ABSTRACT, "We present the Yi model family")
    _, report = generate(project)
    assert "papers/yi-open-foundation-models-by-01-ai.md" in report.written
    fresh = make_project(tmp_path / "fresh", sorted(project.digests_dir.glob("*.yml")))
    subprocess.run([sys.executable, "-m", "generator", "--root", str(fresh), "generate"], cwd=REPO, check=True, capture_output=True)
    assert tree(project.docs_dir) == tree(fresh / "site_src")


def test_page_inputs_are_hashed_again_only_when_what_they_hash_changed(tmp_path, monkeypatch):
    import importlib

    from generator.catalog.related import related_papers
    from generator.pages.paper_pages import PaperPages, paper_page_inputs
    from generator.pages.paths import paper_path
    from generator.pages.rendering import template_fingerprint

    paper_pages_module = importlib.import_module("generator.pages.paper_pages")  # the package's paper_pages is a function
    taxonomy = load_taxonomy()
    digests_dir = tmp_path / "digests"
    digests_dir.mkdir()
    shutil.copy(SEED_DIGEST, digests_dir)
    catalog = build_catalog(load_digests(digests_dir, taxonomy), taxonomy)
    related = related_papers(catalog.papers)
    first = PaperPages.of(catalog, taxonomy, related).inputs("code-a")
    pages = PaperPages.of(catalog, taxonomy, related)
    template = template_fingerprint(paper_pages_module.PAPER_TEMPLATE)
    yi = catalog.by_key["title:yiopenfoundationmodelsby01ai"]
    assert first[paper_path(yi.slug)] == paper_page_inputs(yi, taxonomy, pages.related[yi.key], pages.keys[yi.key], "code-a", template)
    hashed: list[str] = []
    monkeypatch.setattr(
        paper_pages_module, "paper_page_inputs", lambda paper, *a, **k: hashed.append(paper.key) or paper_page_inputs(paper, *a, **k)
    )
    assert PaperPages.of(catalog, taxonomy, related).inputs("code-a") == first
    assert hashed == []
    other_code = PaperPages.of(catalog, taxonomy, related).inputs("code-b")
    assert len(hashed) == 31 and set(other_code.values()).isdisjoint(first.values())
    hashed.clear()
    fewer = dict(related, **{yi.key: related[yi.key][:1]})  # one paper's related papers change
    PaperPages.of(catalog, taxonomy, fewer).inputs("code-b")
    assert hashed == [yi.key]
    hashed.clear()
    PaperPages.of(catalog, load_taxonomy(), fewer).inputs("code-b")  # an equal taxonomy, read again
    assert hashed == []


def test_a_run_keeps_nothing_in_the_process_unless_told(tmp_path):
    process_memos.keep_between_runs(False)  # the CLI and `mkdocs build`
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST]))
    generate(project)
    assert set(memo_sizes().values()) == {0}
    process_memos.keep_between_runs(True)  # `mkdocs serve`
    generate(project)
    sizes = memo_sizes()
    assert len(sizes) >= 12 and all(sizes[name] > 0 for name in sizes if "_referenced_templates" not in name), sizes
    process_memos.keep_between_runs(False)
    assert set(memo_sizes().values()) == {0}


def test_the_first_kept_run_fills_the_memos_even_when_the_pages_are_current(tmp_path, monkeypatch):
    import generator.build
    from generator.catalog import related

    paper_pages_module = sys.modules["generator.pages.paper_pages"]  # the package's paper_pages is a function
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST, SEARCH_DIGEST]))
    process_memos.keep_between_runs(False)
    generate(project)  # pages current from here on
    process_memos.keep_between_runs(True)  # the first build of `mkdocs serve`
    catalog, report = generate(project)
    assert report.written == [] and report.removed == []
    assert set(paper_pages_module._INPUTS_IN_PROCESS) == set(catalog.by_key) and len(catalog.papers) > 31
    assert len(related._COUNTS_IN_PROCESS) == 2  # both days' term counts, though no list was computed
    monkeypatch.setattr(generator.build, "render_site", lambda *a, **k: pytest.fail("the pages are current"))
    _, report = generate(project)  # later builds take the short cut again
    assert report.written == [] and report.unchanged > 31


def test_the_hook_keeps_memos_under_mkdocs_serve_only():
    from generator import mkdocs_hook

    for command, kept in (("serve", True), ("build", False), ("gh-deploy", False)):
        mkdocs_hook.on_startup(command=command, dirty=True)
        assert process_memos.keeping() is kept
    mkdocs_hook.on_shutdown()  # as MkDocs ends each command: no later build here is taken for dirty
