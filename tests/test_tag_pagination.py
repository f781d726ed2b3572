"""Tag pages are split so that no page lists more than TAG_PAGE_PAPERS papers."""

from __future__ import annotations

import re
import sys

import frontmatter
import pytest

from conftest import make_project
from generator.build import Project, generate
import generator.writers  # noqa: F401  (loads generator.writers.tag_pages)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Project:
    # generator.writers re-exports the function tag_pages under the module's name
    monkeypatch.setattr(sys.modules["generator.writers.tag_pages"], "TAG_PAGE_PAPERS", 4)
    project = Project(make_project(tmp_path / "project"))
    generate(project)
    return project


def listed(path) -> list[str]:
    return re.findall(r"^- \[.*\]\(((?:\.\./)*papers/[^)]+)\)", path.read_text(encoding="utf-8"), re.M)


def test_a_big_tag_is_split_into_linked_pages(project):
    tags = project.docs_dir / "tags"
    count = len(list((project.docs_dir / "papers").glob("*.md")))
    all_papers = [p for p in (project.docs_dir / "papers").glob("*.md") if "llm" in frontmatter.load(p)["tags"]]
    pages = [tags / "llm.md", *sorted((tags / "llm").glob("page-*.md"), key=lambda p: int(p.stem[5:]))]
    assert len(pages) == -(-len(all_papers) // 4) > 1 and count == 31
    first = pages[0].read_text(encoding="utf-8")
    assert f"{len(all_papers)} papers, newest first (page 1 of {len(pages)})." in first
    assert "[Older →](llm/page-2.md){ .md-button }" in first and "Newer" not in first
    second = pages[1].read_text(encoding="utf-8")
    assert frontmatter.loads(second)["title"] == "Large language models (page 2)"
    assert "[← Newer](../llm.md){ .md-button }" in second
    assert [len(listed(p)) for p in pages[:-1]] == [4] * (len(pages) - 1)
    assert len(listed(pages[0])) + sum(len(listed(p)) for p in pages[1:]) == len(all_papers)
    last = pages[-1].read_text(encoding="utf-8")
    assert "Older" not in last


def test_a_small_tag_keeps_one_page_without_page_links(project):
    page = (project.docs_dir / "tags" / "biomedical.md").read_text(encoding="utf-8")
    assert "2 papers, newest first. [All tags](index.md)" in page
    assert "Newer" not in page and "Older" not in page and "page 1" not in page
    assert not (project.docs_dir / "tags" / "biomedical").exists()
