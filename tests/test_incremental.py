"""Incremental generation: the page currency rule on its own, the page ledger, the digest
cache, and that an incremental run leaves exactly what a clean run makes."""

from __future__ import annotations

import sys

import os
from pathlib import Path

import pytest

import generator.build
import generator.inputs.digest_cache
from conftest import SEARCH_DIGEST, SEED_DIGEST, make_project
from generator.build import generate, load_catalog
from generator.output.docs_dir import FINGERPRINT_NAME
from generator.pages.page_ledger import PageLedger, PageRecord, page_is_current
from generator.core.problems import InputError
from generator.inputs.project import Project

YI = "papers/yi-open-foundation-models-by-01-ai.md"
YI_TITLE = "title: 'Yi: Open Foundation Models by 01.AI'"


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def times(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted(root.rglob("*.md"))}


# The rule, on its own ---------------------------------------------------------------------


def stat_of(size: int, mtime_ns: int) -> os.stat_result:
    """A file's ``os.stat`` as the rule sees it: its size and modification time."""
    return os.stat_result((0o100644, 0, 0, 1, 0, 0, size, 0, 0, 0, 0.0, mtime_ns / 1e9, 0.0, 0, mtime_ns, 0))


RECORD = PageRecord(inputs="abc", size=120, mtime_ns=1_700_000_000_000_000_001)


def test_a_page_is_current_when_its_inputs_and_file_are_as_recorded():
    assert page_is_current(RECORD, "abc", stat_of(120, RECORD.mtime_ns))


@pytest.mark.parametrize(
    ("record", "inputs", "on_disk", "why"),
    [
        (None, "abc", stat_of(120, RECORD.mtime_ns), "never recorded"),
        (RECORD, "abd", stat_of(120, RECORD.mtime_ns), "its inputs changed"),
        (RECORD, "abc", None, "its file is gone"),
        (RECORD, "abc", stat_of(121, RECORD.mtime_ns), "its file has another size"),
        (RECORD, "abc", stat_of(120, RECORD.mtime_ns + 1), "its file was written since"),
    ],
)
def test_a_page_is_not_current(record, inputs, on_disk, why):
    assert not page_is_current(record, inputs, on_disk), why


# The ledger and the generator ----------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Project:
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST, SEARCH_DIGEST]))
    generate(project)
    return project


def clean_pages(tmp_path: Path, project: Project) -> dict[str, bytes]:
    """What a clean run over ``project``'s digests makes, in a fresh project."""
    clean = Project(make_project(tmp_path / "clean", sorted(project.digests_dir.glob("*.yml"))))
    generate(clean)
    return tree(clean.docs_dir)


def rendered_papers(monkeypatch) -> list[str]:
    """The slugs of the paper pages the ledger finds not current (so rendered) from now on."""
    rendered: list[str] = []
    check = PageLedger.check

    def noting(self, page, inputs):
        current = check(self, page, inputs)
        if not current and page.startswith("papers/"):
            rendered.append(Path(page).stem)
        return current

    monkeypatch.setattr(PageLedger, "check", noting)
    return rendered


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def rename_label(tag, project: Project, tmp_path: Path, monkeypatch) -> None:
    """Make the generator read a copy of the taxonomy in which ``tag``'s label ends in
    " (renamed)"; the copy is not the file the generator's fingerprint hashes, so the
    fingerprint record is removed (as an edit of the real file would change it)."""
    from generator.catalog.tagging import load_taxonomy

    path = Path(generator.__file__).parent / "catalog" / "taxonomy.yml"
    text = path.read_text(encoding="utf-8")
    edited = tmp_path / "taxonomy.yml"
    edited.write_text(text.replace(f"label: {tag.label}\n", f"label: {tag.label} (renamed)\n", 1), encoding="utf-8")
    assert edited.read_text(encoding="utf-8") != text
    monkeypatch.setattr(generator.build, "load_taxonomy", lambda: load_taxonomy(edited))
    (project.docs_dir / FINGERPRINT_NAME).unlink()


def test_a_title_edit_renders_the_pages_that_show_it_and_leaves_the_others_untouched(project, tmp_path, monkeypatch):
    before = times(project.docs_dir)
    rendered = rendered_papers(monkeypatch)
    edit(project.digests_dir / "2025-03-18.yml", YI_TITLE, "title: 'Yi: Open Foundation Models by 01.AI (v2)'")
    _, report = generate(project)
    new_page = "papers/yi-open-foundation-models-by-01-ai-v2.md"
    assert "yi-open-foundation-models-by-01-ai-v2" in rendered
    # The renamed paper and the pages whose related papers changed with it; not all 39.
    assert 1 < len(rendered) < 20, rendered
    assert report.removed == [YI]
    assert new_page in report.written
    after = times(project.docs_dir)
    untouched = [page for page in before if page in after and page not in report.written]
    assert len(untouched) > 30
    assert all(after[page] == before[page] for page in untouched)
    assert tree(project.docs_dir) == clean_pages(tmp_path, project)


def test_adding_and_removing_a_day_equal_a_clean_run(tmp_path, monkeypatch):
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST]))
    catalog, _ = generate(project)
    seed = {p.slug for p in catalog.papers}
    rendered = rendered_papers(monkeypatch)
    (project.digests_dir / SEARCH_DIGEST.name).write_bytes(SEARCH_DIGEST.read_bytes())
    catalog, _ = generate(project)
    # Related papers are earlier papers (generator.related) and the new day lists none of
    # the seed's 31 papers again: none of their pages is rendered again, only the new day's.
    assert not any(len(p.listed_on) > 1 for p in catalog.papers)
    assert len(seed) == 31 and seed & set(rendered) == set()
    assert sorted(rendered) == sorted(p.slug for p in catalog.papers if p.slug not in seed) and len(rendered) == 7
    assert tree(project.docs_dir) == clean_pages(tmp_path / "added", project)
    rendered.clear()
    (project.digests_dir / SEARCH_DIGEST.name).unlink()
    generate(project)
    assert rendered == []
    assert tree(project.docs_dir) == clean_pages(tmp_path / "removed", project)


def test_a_taxonomy_label_edit_renders_the_papers_with_that_tag(project, tmp_path, monkeypatch):
    from generator.catalog.tagging import load_taxonomy

    first = load_taxonomy().tags[0]
    rename_label(first, project, tmp_path, monkeypatch)
    rendered = rendered_papers(monkeypatch)
    generate(project)
    with_tag = {p.stem for p in (project.docs_dir / "papers").glob("*.md") if f"- {first.slug}\n" in p.read_text(encoding="utf-8")}
    assert with_tag and set(rendered) == with_tag


def test_a_run_cut_short_leaves_nothing_taken_for_current(project, tmp_path, monkeypatch):
    edit(project.digests_dir / "2025-03-18.yml", YI_TITLE, "title: 'Yi: Open Foundation Models by 01.AI (v2)'")
    writes = []
    real_write = Path.write_bytes

    def failing(self, data):
        writes.append(self)
        if len(writes) == 2:
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError):
        generate(project)
    monkeypatch.setattr(Path, "write_bytes", real_write)
    generate(project)
    assert tree(project.docs_dir) == clean_pages(tmp_path, project)


def test_a_record_is_replaced_whole_or_not_at_all(tmp_path):
    from generator.core.files import replaced

    record = tmp_path / "pages.json"
    record.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with replaced(record) as file:
            file.write("half")
            raise RuntimeError("cut short")
    assert record.read_text(encoding="utf-8") == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["pages.json"]
    with replaced(record) as file:
        file.write("new ü")
    assert record.read_bytes() == "new ü".encode() and sorted(p.name for p in tmp_path.iterdir()) == ["pages.json"]


def test_a_file_holds_its_bytes_only_when_size_and_bytes_agree(tmp_path):
    from generator.core.files import holds

    page = tmp_path / "page.md"
    page.write_bytes(b"abc")
    assert holds(page, b"abc") and not holds(page, b"abd") and not holds(page, b"abcd")
    assert not holds(tmp_path / "missing.md", b"") and not holds(tmp_path, b"")


def test_a_page_edited_by_hand_is_rendered_again(project):
    page = project.docs_dir / YI
    generated = page.read_bytes()
    page.write_bytes(generated + b"hand edit\n")
    generate(project)
    assert page.read_bytes() == generated


def test_the_ledger_records_each_paper_day_and_tag_page(project):
    ledger = PageLedger(project.cache_dir, project.docs_dir)
    pages = sorted(
        p.relative_to(project.docs_dir).as_posix()
        for folder in ("papers", "days", "tags")
        for p in (project.docs_dir / folder).rglob("*.md")
        if p.name not in ("index.md", "by-count.md", "trends.md")  # the tags indexes and trends: rendered every run
    )
    assert sorted(ledger.records) == pages and len([p for p in pages if not p.startswith("tags/")]) == 38 + 2
    assert ledger.records[YI].size == (project.docs_dir / YI).stat().st_size


def test_a_new_day_renders_the_day_before_it_and_no_other_day_or_full_tag_page(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules["generator.pages.tag_pages"], "PAPERS_PER_TAG_PAGE", 2)
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST]))
    generate(project)
    full = sorted(str(p.relative_to(project.docs_dir)) for p in (project.docs_dir / "tags").glob("*/page/*.md"))
    assert len(full) > 20
    checked: dict[str, bool] = {}
    check = PageLedger.check
    monkeypatch.setattr(PageLedger, "check", lambda self, page, inputs: checked.setdefault(page, check(self, page, inputs)))
    (project.digests_dir / SEARCH_DIGEST.name).write_bytes(SEARCH_DIGEST.read_bytes())
    _, report = generate(project)
    assert [page for page, current in checked.items() if page.startswith("days/") and not current] == [
        "days/2025-03-18.md",  # its "next day" link
        "days/2025-03-19.md",
    ]
    stale_full = [page for page in full if not checked[page]]
    assert stale_full == [page for page in full if page in report.written]  # rendered only when it changes
    assert len(stale_full) < len(full) / 4
    monkeypatch.setattr(PageLedger, "check", check)
    assert tree(project.docs_dir) == clean_pages(tmp_path, project)


# The digest cache -----------------------------------------------------------------------------


def test_only_changed_digests_are_parsed_again(project, monkeypatch):
    parsed: list[str] = []
    read = generator.inputs.digest_cache.read_digest
    monkeypatch.setattr(generator.inputs.digest_cache, "read_digest", lambda path, taxonomy: parsed.append(path.name) or read(path, taxonomy))
    # An edit no other test makes: digests are also kept in the process by their bytes.
    edit(project.digests_dir / "2025-03-18.yml", YI_TITLE, "title: 'Yi: Open Foundation Models by 01.AI (parsed again)'")
    generate(project)
    assert parsed == ["2025-03-18.yml"]
    assert len(list((project.cache_dir / "digests").glob("*.pickle"))) == 2  # the old entry of 2025-03-18 is gone


def test_a_bad_digest_is_reported_on_every_run(project):
    (project.digests_dir / "2025-03-18.yml").write_text("date: 2025-03-18\npapers: nope\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError, match="2025-03-18.yml"):
            generate(project)


def test_a_label_edit_renders_the_papers_whose_categories_show_that_tag(project, tmp_path, monkeypatch):
    """A paper page shows, beside its tags, each arXiv category with the tag that lists it
    (``category_chips``); its inputs hash those labels, so a paper with such a category but
    without the tag is rendered again too, and the pages equal a clean run's."""
    from generator.catalog.tagging import load_taxonomy
    from generator.pages.paper_pages import category_tag

    (project.digests_dir / "2024-01-02.yml").write_text(  # arXiv areas come from a paper's first category only
        "date: 2024-01-02\npapers:\n- title: Counting Lattice Paths in Pictures\n"
        "  abstract: We count lattice paths.\n  categories: [math.CO, cs.CV]\n",
        encoding="utf-8",
    )
    generate(project)
    taxonomy = load_taxonomy()
    catalog, _ = load_catalog(project)
    shown_by = {p.slug: {t.slug for c in p.categories if (t := category_tag(c, taxonomy))} for p in catalog.papers}
    tag = next(t for t in taxonomy.tags if any(t.slug in shown and t.slug not in p.tags for p in catalog.papers if (shown := shown_by[p.slug])))
    rename_label(tag, project, tmp_path, monkeypatch)
    rendered = rendered_papers(monkeypatch)
    generate(project)
    expected = {p.slug for p in catalog.papers if tag.slug in p.tags or tag.slug in shown_by[p.slug]}
    assert {p.slug for p in catalog.papers if tag.slug not in p.tags} & expected  # a paper shows it by category only
    assert set(rendered) == expected
    page = next(p.slug for p in catalog.papers if tag.slug in shown_by[p.slug] and tag.slug not in p.tags)
    assert f"{tag.label} (renamed)" in (project.docs_dir / "papers" / f"{page}.md").read_text(encoding="utf-8")
