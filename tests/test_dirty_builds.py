"""`mkdocs build --dirty` after a change (of the digests, the taxonomy, a template, or of a
search file by hand in the built site) gives the site a clean build gives, byte for byte
(search files, feeds, sitemap and 404 page included), and rebuilds only the pages that
changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, SEARCH_DIGEST, SEED_DIGEST, edit_keeping_size, make_project
from generator.output.docs_dir import remove_stale_site_files

YI_TITLE = "title: 'Yi: Open Foundation Models by 01.AI'"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def html_times(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def mkdocs_build(project: Path, *options: str) -> None:
    # The project has its own copy of the generator (the test edits its taxonomy and a
    # template): PYTHONPATH makes the hook import that copy.
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(project)}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options], cwd=project, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW_MONTH_DAY = "2025-04-02"


def add_a_day(project: Path) -> None:
    # A day of a month the site did not have: the archive gains a month page, no page's nav changes.
    text = SEARCH_DIGEST.read_text(encoding="utf-8")
    assert "date: 2025-03-19" in text
    (project / "digests" / f"{NEW_MONTH_DAY}.yml").write_text(
        text.replace("date: 2025-03-19", f"date: {NEW_MONTH_DAY}"), encoding="utf-8"
    )


def remove_a_day(project: Path) -> None:
    (project / "digests" / f"{NEW_MONTH_DAY}.yml").unlink()


def edit_a_title(project: Path) -> None:
    edit(project / "digests" / SEED_DIGEST.name, YI_TITLE, "title: 'Yi: Open Foundation Models by 01.AI, Revised'")


def edit_the_taxonomy(project: Path) -> None:
    edit(project / "generator" / "catalog" / "taxonomy.yml", "label: ", "label: Renamed ")


def edit_a_template(project: Path) -> None:
    edit(project / "generator" / "pages" / "templates" / "paper.md.j2", "## Abstract", "## Summary of the paper")


def edit_a_search_file(project: Path) -> None:
    # By hand, in the built site, its size kept (the seed's terms all have their postings in
    # the lexicon: tests/test_search.py edits postings/ files)
    path = project / "site" / "search" / "docs" / "0.json"
    before = path.read_bytes()
    edit_keeping_size(path)
    assert path.read_bytes() != before


# In order: each step starts from the site the step before left.
STEPS = [add_a_day, remove_a_day, edit_a_title, edit_the_taxonomy, edit_a_template, edit_a_search_file]


@dataclass
class Step:
    """What one step's dirty build gave, against a clean build of the same project."""

    dirty: dict[str, bytes]
    clean: dict[str, bytes]
    untouched: list[str]  # paper pages whose Markdown the generator left alone
    rebuilt: list[str]  # of these, the pages whose HTML was written again
    kept: list[str]  # the kept catalogs in the generator's cache after the dirty build


@pytest.fixture(scope="module")
def steps(tmp_path_factory) -> dict[str, Step]:
    """A project with the seed digest and its own copy of the generator, built clean, then
    each change of :data:`STEPS` in turn followed by a ``--dirty`` build, and by a clean build
    of the same project into another folder (a no-op generation, every page built). Remove
    a day undoes add a day: its clean build is the first one. One fixture runs all steps, in
    order, whichever worker (pytest-xdist) or order its tests run in."""
    project = make_project(tmp_path_factory.mktemp("dirty") / "project", [SEED_DIGEST])
    (project / "generator").unlink()
    shutil.copytree(REPO / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    site = project / "site"
    mkdocs_build(project)
    first_clean = tree(site)
    done = {}
    for change in STEPS:
        docs_before = {p: p.stat().st_mtime_ns for p in (project / "site_src").rglob("*.md")}
        html_before = html_times(site)
        change(project)
        mkdocs_build(project, "--dirty")
        dirty = tree(site)
        if change is remove_a_day:
            clean = first_clean
        else:
            mkdocs_build(project, "--site-dir", "site-clean")
            clean = tree(project / "site-clean")
            shutil.rmtree(project / "site-clean")
        untouched = [
            str(p.relative_to(project / "site_src").with_suffix("")) + "/index.html"
            for p, mtime in docs_before.items()
            if p.exists() and p.stat().st_mtime_ns == mtime and p.parts[-2] == "papers"
        ]
        html_after = html_times(site)
        kept = sorted(p.name for p in (project / ".cache" / "paper-digests").glob("*.pickle"))
        done[change.__name__] = Step(dirty, clean, untouched, [p for p in untouched if html_after[p] != html_before[p]], kept)
    return done


@pytest.mark.parametrize("change", STEPS, ids=[step.__name__ for step in STEPS])
def test_a_dirty_build_after_a_change_equals_a_clean_build(steps, change):
    step = steps[change.__name__]
    assert step.dirty.keys() == step.clean.keys()
    assert [path for path in step.dirty if step.dirty[path] != step.clean[path]] == []
    # Pages whose Markdown the generator left alone were not built again.
    if change is not edit_a_template:  # a template edit changes every paper page
        assert step.untouched
    assert step.rebuilt == []


def test_the_hook_keeps_the_catalog_for_the_next_build(steps):
    """The hook has the generator's catalog written at the build's end
    (generator.build.generate_keeping_later): after the day was added, the catalog of the
    first build is the checkpoint and the new one is kept."""
    assert steps["add_a_day"].kept == ["catalog-before-newest.pickle", "catalog.pickle"]


def test_stale_site_files_are_removed_and_nothing_else(tmp_path):
    """What a dirty build leaves of pages no longer made goes, with the folders it empties;
    files the build makes, files outside the generated folders and what a link points to stay."""
    site = tmp_path / "site"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "kept.html").write_text("not the site's")
    files = {
        "papers/kept/index.html": "kept",
        "papers/gone/index.html": "stale",
        "days/2025/03/19/index.html": "stale, and its folders with it",
        "days/2025/03/18/index.html": "kept",
        "tags/llm/page/2/index.html": "stale",
        "tags/llm/index.html": "kept",
        "search/shard.json": "not a generated folder",
        "about/index.html": "hand-written page",
    }
    for relative, text in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text)
    (site / "archive").mkdir()
    (site / "archive" / "link").symlink_to(outside)
    made = ["papers/kept/index.html", "days/2025/03/18/index.html", "tags/llm/index.html", "index.html"]

    removed = remove_stale_site_files(site, made)

    assert removed == ["archive/link", "days/2025/03/19/index.html", "papers/gone/index.html", "tags/llm/page/2/index.html"]
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "about", "about/index.html", "archive", "days", "days/2025", "days/2025/03", "days/2025/03/18",
        "days/2025/03/18/index.html", "papers", "papers/kept", "papers/kept/index.html", "search",
        "search/shard.json", "tags", "tags/llm", "tags/llm/index.html",
    ]
    assert (outside / "kept.html").read_text() == "not the site's"
    assert remove_stale_site_files(site, made) == []


def test_a_dirty_build_starts_the_search_and_feeds_worker_before_reading_docs_dir(tmp_path, monkeypatch):
    """On a ``--dirty`` build (said by ``on_startup``) with the last build's hand-written pages
    recorded, the hook starts the worker in ``on_pre_build`` on that record; a clean build
    (which empties site_dir after that event), a first build (no record) and any build after
    ``on_shutdown`` leave it to ``on_files``."""
    from types import SimpleNamespace

    from generator import mkdocs_hook
    from generator.output.catalog_files import record_pages
    from generator.output.search_index import SearchDocument

    started: list = []
    monkeypatch.setattr(mkdocs_hook, "_start_worker", lambda config, guess: started.append(guess))
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), use_directory_urls=True)
    mkdocs_hook.on_startup(command="build", dirty=True)
    mkdocs_hook.on_pre_build(config)
    assert started == []  # no record yet: the first build guesses in on_files
    pages = [SearchDocument(location="about/", title="About", text="What this site is.")]
    record_pages(tmp_path / ".cache" / "paper-digests", pages)
    mkdocs_hook.on_pre_build(config)
    assert started == [pages]
    mkdocs_hook.on_startup(command="build", dirty=False)
    mkdocs_hook.on_pre_build(config)
    assert started == [pages]
    mkdocs_hook.on_startup(command="build", dirty=True)
    mkdocs_hook.on_shutdown()
    mkdocs_hook.on_pre_build(config)
    assert started == [pages]


def test_a_dirty_build_replaces_a_link_in_site_search_and_says_what_is_in_its_cache_s_way(tmp_path):
    """``mkdocs build --dirty`` with a link in site/search/ (to a file outside the site, where
    a document file was) writes the site a clean build writes and leaves the file outside as
    it was (before, it wrote the documents into that file); with a folder where the cache's
    search state goes (outside site/, so not removed), it fails with one line naming the path
    and what to do, and no traceback (before: IsADirectoryError's traceback, twice)."""
    import os

    project = _dirty_build_over_a_link_outside(tmp_path, "search/docs/0.json")  # (the seed's postings are all in the lexicon)
    state = project / ".cache" / "paper-digests" / "search-state.bin"
    assert state.is_file()
    state.unlink()
    state.mkdir()
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(project)}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty"], cwd=project, capture_output=True,
                            text=True, env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert f"the search files could not be written: {state}: Is a directory; remove it and build again" in output
    assert os.path.isdir(state)


def test_a_dirty_build_replaces_a_link_in_site_feeds_and_leaves_its_target(tmp_path):
    """A link in site/feeds/ (to a file outside the site, where the site's feed was):
    ``mkdocs build --dirty`` writes the feed a clean build writes in its place and leaves the
    file outside as it was (before, the feed was written through the link into it)."""
    _dirty_build_over_a_link_outside(tmp_path, "feeds/latest.xml")


def _dirty_build_over_a_link_outside(tmp_path: Path, relative: str) -> Path:
    """The seed project built, ``site/<relative>`` made a link to a file outside the site,
    then built with ``--dirty``: the file outside is as it was, and the site is the clean
    build's (the link replaced by its file). Returns the project."""
    project = make_project(tmp_path / "project", [SEED_DIGEST])
    mkdocs_build(project)
    clean = tree(project / "site")
    linked = project / "site" / relative
    outside = tmp_path / "victim.txt"
    outside.write_text("not the site's\n", encoding="utf-8")
    linked.unlink()
    linked.symlink_to(outside)
    mkdocs_build(project, "--dirty")
    assert outside.read_text(encoding="utf-8") == "not the site's\n"
    assert not linked.is_symlink() and tree(project / "site") == clean
    return project
