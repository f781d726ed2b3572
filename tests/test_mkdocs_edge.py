"""MkDocs at the edge (issue 18): the hook uses documented events only, so a user's own
hooks, even ones that carry state from page to page, work beside it with no setting; the
paper pages are the same whichever way they are split up; and the pages build without the hook."""

from __future__ import annotations

import gzip
import itertools
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED_PAGES, build_site, make_project
from generator.build import Project, load_catalog
from generator.pages.process_pool import cpu_count, process_count, split
from generator.output.site_links import check_links
from generator.pages import PAPERS_PER_PROCESS, render_site
from generator.pages.paper_pages import PaperPages, paper_pages
from generator.pages.paths import _relative_dir, href


@pytest.fixture(scope="module")
def seed_catalog():
    return load_catalog(Project(FIXTURES))


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by path; the gzipped sitemap unzipped (gzip records a time)."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


COUNTING_HOOK = '''
from pathlib import Path

SEEN = []

def on_page_markdown(markdown, page, **_):
    SEEN.append(page.file.src_uri)
    return markdown

def on_post_build(config):
    Path(config.site_dir, "pages-seen.txt").write_text(f"{len(SEEN)}\\n" + "\\n".join(SEEN) + "\\n")
'''


def test_a_users_hook_with_state_across_pages_sees_every_page_and_changes_nothing(tmp_path, seed_site):
    project = make_project(tmp_path / "project")
    (project / "counting.py").write_text(COUNTING_HOOK, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = "hooks:\n  - generator/mkdocs_hook.py\n"
    assert hooks in config
    (project / "mkdocs.yml").write_text(config.replace(hooks, hooks + "  - counting.py\n"), encoding="utf-8")
    site = site_files(build_site(project))
    seen = site.pop("pages-seen.txt").decode().splitlines()
    markdown_pages = sorted(p.relative_to(project / "site_src").as_posix() for p in (project / "site_src").rglob("*.md"))
    assert int(seen[0]) == len(markdown_pages) == SEED_PAGES - 1 + 2  # the generated pages but tags.json, about.md and search/index.md
    assert sorted(seen[1:]) == markdown_pages
    assert site == site_files(seed_site)


def test_paper_pages_rendered_in_parts_are_those_rendered_at_once(seed_catalog):
    catalog, taxonomy = seed_catalog
    pages = render_site(catalog, taxonomy)
    assert list(pages) == sorted(pages) and sum(p.startswith("papers/") for p in pages) == 31
    first, rest = paper_pages(catalog, taxonomy, papers=catalog.papers[:17]), paper_pages(
        catalog, taxonomy, papers=catalog.papers[17:]
    )
    assert len(first) == 17 and len(rest) == 14 and {**first, **rest} == paper_pages(catalog, taxonomy)


def test_paper_pages_rendered_by_worker_processes_are_those_rendered_here(seed_catalog):
    catalog, taxonomy = seed_catalog
    assert render_site(catalog, taxonomy, processes=2) == render_site(catalog, taxonomy, processes=1)


def test_related_papers_computed_by_a_worker_process_give_the_pages_computed_here(seed_catalog, tmp_path, monkeypatch):
    import generator.pages as pages_module

    catalog, taxonomy = seed_catalog
    here = render_site(catalog, taxonomy, processes=1, cache_dir=tmp_path / "here")
    monkeypatch.setattr(pages_module, "RELATED_WORKER_PAPERS", 0)  # the seed's 31 papers count as a large site
    started, rendered_here = [], []
    pool = pages_module.process_pool
    monkeypatch.setattr(pages_module, "process_pool", lambda processes, *rest: started.append(processes) or pool(processes, *rest))
    render = PaperPages.render
    monkeypatch.setattr(PaperPages, "render", lambda self, keys: rendered_here.extend(keys) or render(self, keys))
    assert render_site(catalog, taxonomy, cache_dir=tmp_path / "worker") == here
    if cpu_count() > 1:  # one worker, for the related papers and then the later 15 of the 31 paper pages
        assert started == [1] and rendered_here == [p.key for p in catalog.papers[:16]]
    else:
        assert started == [] and len(rendered_here) == 31
    assert sorted(p.name[:7] for p in (tmp_path / "worker" / "related").iterdir()) == ["answers", "counts-", "prefix-"]
    started.clear()
    assert render_site(catalog, taxonomy, cache_dir=tmp_path / "worker") == here  # every answer kept: no worker
    assert started == []


def test_compiled_templates_are_kept_in_the_cache_folder_and_taken_from_there(seed_catalog, tmp_path, monkeypatch):
    from generator.pages import rendering

    catalog, taxonomy = seed_catalog
    pages = render_site(catalog, taxonomy, cache_dir=tmp_path)  # keeps what is compiled from now on there
    kept = tmp_path / "page-templates"
    first = rendering.make_environment()  # a new environment (as in a new process): nothing compiled in it yet
    first.get_template("paper.md.j2")
    assert [path.name.startswith("__jinja2_") for path in kept.iterdir()] == [True]
    again = rendering.make_environment()
    monkeypatch.setattr(again, "compile", lambda *args, **kwargs: pytest.fail("compiled again"))
    assert again.get_template("paper.md.j2").name == "paper.md.j2"  # taken from the kept file: not compiled
    assert render_site(catalog, taxonomy) == pages  # the same pages without the cache folder, which keeps none then
    rendering.make_environment().get_template("day.md.j2")
    assert len(list(kept.iterdir())) == 1


def test_work_is_split_in_order_into_near_equal_parts():
    assert split(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert split([1], 4) == [[1]] and split([], 2) == [[]]
    assert process_count(31, PAPERS_PER_PROCESS) == 1
    assert process_count(10_000, PAPERS_PER_PROCESS) == min(cpu_count(), 10)


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">.*?</article>', re.S)


def test_generate_then_a_plain_mkdocs_build_without_the_hook_gives_the_same_pages(tmp_path, seed_site):
    """Portable (issue 18): ``python -m generator generate`` and then ``mkdocs build`` with a
    copy of mkdocs.yml without ``hooks:`` give the same pages: the same files but for
    what the hook writes after the build (search/ index files, feeds/), and every page's
    content (its ``<article>``) byte for byte. What the hook changes in Material's chrome
    differs: the months it adds to the nav under Archive, and the listing pages' hidden
    table of contents, which it cuts to the title."""
    project = make_project(tmp_path / "project")
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    generated = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=project, env=env,
                               capture_output=True, text=True)
    assert generated.returncode == 0, generated.stderr
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    plain = re.sub(r"(?m)^(hooks|watch):\n(?:  - .*\n)+", "", config)
    assert "hooks:" in config and "hooks:" not in plain
    (project / "mkdocs-plain.yml").write_text(plain, encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs-plain.yml"],
                           cwd=project, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    with_hook, without = site_files(seed_site), site_files(project / "site")
    added_after_the_build = sorted(set(with_hook) - set(without))
    assert added_after_the_build and all(p.startswith(("search/", "feeds/")) for p in added_after_the_build)
    assert set(without) - set(with_hook) == set()
    pages = [path for path in without if path.endswith(".html")]
    assert len(pages) == SEED_PAGES - 1 + 3  # the generated pages but tags.json, about/, search/ and 404
    for path in pages:
        # the search page's marked scripts are put inline by the hook (page_styles.inline_scripts): linked again
        hooked = INLINED_SCRIPT.sub(r'<script src="\1" data-inline></script>', with_hook[path].decode())
        assert ARTICLE.findall(without[path].decode()) == ARTICLE.findall(hooked), path
        assert len(ARTICLE.findall(without[path].decode())) == 1, path
    assert len(INLINED_SCRIPT.findall(with_hook["search/index.html"].decode())) == 2


INLINED_SCRIPT = re.compile(r'<script data-src="([^"]+)">.*?</script>', re.DOTALL)


PAPER_LINK = re.compile(r'<a (?:class="[^"]*" )?href="((?!https?:|#)[^"]*)"')


def test_every_link_of_a_paper_page_resolves_with_and_without_directory_urls(tmp_path, seed_site):
    """Paper pages and the lists of listing pages (days, home, tags) are raw HTML, whose links MkDocs neither rewrites nor checks: the generator
    writes the built pages' URLs itself (``paths.href``), in the form mkdocs.yml's
    ``use_directory_urls`` gives them. Every link of every page of both builds resolves to a
    built file (:func:`generator.output.site_links.check_links`, as GitHub Pages serves the folder)."""
    project = make_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert Project(project).use_directory_urls is True  # MkDocs' default; mkdocs.yml's !ENV tag read as None
    (project / "mkdocs.yml").write_text(config + "use_directory_urls: false\n", encoding="utf-8")
    assert Project(project).use_directory_urls is False  # what `python -m generator generate` goes by
    flat = build_site(project)
    site_url = "https://paper-digests.github.io/paper-digests/"
    for site, page in ((seed_site, "papers/{}/index.html"), (flat, "papers/{}.html")):
        slug = "2d-matryoshka-sentence-embeddings"
        links = PAPER_LINK.findall(ARTICLE.findall((site / page.format(slug)).read_text(encoding="utf-8"))[0])
        assert len(links) >= 7  # its tags, its day, five related papers
        tag = ARTICLE.findall((site / page.replace("papers/{}", "tags/embeddings")).read_text(encoding="utf-8"))[0]
        listed = re.findall(r'<h3 class="paper-title" id="[^"]+"><a href="([^"]+)">', tag)  # raw HTML, as on day pages
        assert len(listed) >= 3
        if site == flat:
            assert all(link.endswith(".html") for link in links) and "../days/2025-03-18.html" in links
            assert f"../papers/{slug}.html" in listed
        else:
            assert all(link.endswith("/") for link in links) and "../../days/2025-03-18/" in links
            assert f"../../papers/{slug}/" in listed
        urls, broken = check_links(site, site_url)
        assert [str(link) for link in broken] == []
        assert sum(1 for url in urls if "/papers/" in url) >= 31


def test_links_between_pages_are_the_urls_mkdocs_serves_them_at():
    assert [href("papers/a.md", to) for to in ("tags/b.md", "papers/c.md", "index.md", "tags/index.md")] == [
        "../../tags/b/", "../c/", "../../", "../../tags/",
    ]
    assert [href("papers/a.md", to, False) for to in ("tags/b.md", "papers/c.md", "index.md", "tags/index.md")] == [
        "../tags/b.html", "c.html", "../index.html", "../tags/index.html",
    ]
    assert href("index.md", "days/2025-03-18.md") == "days/2025-03-18/" and href("tags/b.md", "tags/b.md") == "./"


def test_relative_folders_are_what_posixpath_relpath_gives():
    """``paths._relative_dir`` compares folders part by part instead of calling relpath
    (10k paper pages are 10k folders); it must give relpath's answer for every pair."""
    folders = ["", "papers", "papers/a", "papers/ab", "tags", "tags/b", "tags/b/page", "days/2026/05", "a/./b", "a/../b", "."]
    for here, there in itertools.product(folders, folders):
        assert _relative_dir(here, there) == posixpath.relpath(there or ".", here or "."), (here, there)
    assert _relative_dir("papers/a", "tags/b") == "../../tags/b" and _relative_dir("tags/b", "tags/b/page") == "page"
