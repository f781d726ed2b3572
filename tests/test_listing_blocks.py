"""Listed papers' blocks (generator.pages.listing.ListingBlocks): rendered once per paper and
reused on every listing, kept between runs for tag pages; what a page shows is what the
template renders for it, with its own links."""

from __future__ import annotations

import html
import json
import re

import pytest

import generator.pages.listing
from conftest import SEARCH_DIGEST, SEED_DIGEST, make_project
from generator.build import generate, load_catalog
from generator.inputs.project import Project
from generator.pages.listing import BLOCKS_NAME, ListingBlocks, block_is_current, first_authors
from generator.pages.paper_pages import paper_record
from generator.pages.paths import href, paper_path, tag_path
from generator.pages.rendering import PageInputs, render_block


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The catalog of the seed day and the search fixture's day (38 papers, 7 with authors)."""
    catalog, taxonomy = load_catalog(Project(make_project(tmp_path_factory.mktemp("blocks"), [SEED_DIGEST, SEARCH_DIGEST])))
    return catalog, taxonomy


def inputs_of(catalog, common: str = "code\0taxonomy\0True") -> PageInputs:
    return PageInputs(lambda page, inputs: False, common, {p.key: paper_record(p) for p in catalog.papers})


def test_a_block_is_the_template_rendered_with_the_pages_own_links(seed):
    catalog, taxonomy = seed
    paper = next(p for p in catalog.papers if len(p.tags) >= 2 and len(p.authors) > 2)
    blocks = ListingBlocks(taxonomy)
    tag_page, other_tag = tag_path(paper.tags[0]), paper.tags[1]
    block = blocks.html(tag_page, paper, 3, True)
    # From a tag landing (tags/<slug>/), papers are two folders up, other tags one.
    assert f'<h3 class="paper-title" id="paper-{paper.slug}"><a href="../../papers/{paper.slug}/">' in block
    assert f'<a class="md-tag" href="../{other_tag}/">{taxonomy.by_slug[other_tag].label}</a>' in block
    assert f'<span class="paper-byline__authors">{first_authors(paper.authors)}</span>' in block
    # The same block from the home page and a day page, and without directory URLs.
    home = blocks.html("index.md", paper, 3, True)
    assert f'href="papers/{paper.slug}/"' in home and f'href="tags/{other_tag}/"' in home
    assert f'href="../../tags/{other_tag}/"' in blocks.html("days/2025-03-18.md", paper, 3, True)
    plain = ListingBlocks(taxonomy, directory_urls=False).html("tags/x/page/2.md", paper, 3, True)
    assert f'href="../../../papers/{paper.slug}.html"' in plain and f'href="../../{other_tag}.html"' in plain
    assert "url-slot" not in block + home + plain
    # Exactly what the template gives when rendered with those links.
    item = generator.pages.listing.listed_paper(paper, taxonomy, dated=True)
    item["url"] = href(tag_page, paper_path(paper.slug))
    for chip, slug in zip(item["tags"], paper.tags):
        chip["url"] = href(tag_page, tag_path(slug))
    assert block == render_block("_listed_paper.md.j2", item=item, heading_level=3)
    assert f'<a class="md-tag" href="./">{taxonomy.by_slug[paper.tags[0]].label}</a>' in block  # the page's own tag


def test_a_block_from_the_cache_equals_a_fresh_one_and_is_not_rendered_again(seed, tmp_path, monkeypatch):
    catalog, taxonomy = seed
    cache = tmp_path / BLOCKS_NAME
    first = ListingBlocks(taxonomy, inputs=inputs_of(catalog), cache=cache)
    made = {p.key: first.html(tag_path(p.tags[0]) if p.tags else "index.md", p, 3, True) for p in catalog.papers}
    first.html("days/2025-03-18.md", catalog.papers[0], 2, False)
    first.save(catalog.papers)
    kept = json.loads(cache.read_text(encoding="utf-8"))["blocks"]
    assert len(kept) == len(catalog.papers) == 38  # tag pages' (dated) blocks only
    rendered = []
    monkeypatch.setattr(generator.pages.listing, "render_block", lambda *a, **k: rendered.append(a) or render_block(*a, **k))
    again = ListingBlocks(taxonomy, inputs=inputs_of(catalog), cache=cache)
    assert {p.key: again.html(tag_path(p.tags[0]) if p.tags else "index.md", p, 3, True) for p in catalog.papers} == made
    assert rendered == []
    fresh = ListingBlocks(taxonomy)
    assert {p.key: fresh.html(tag_path(p.tags[0]) if p.tags else "index.md", p, 3, True) for p in catalog.papers} == made
    assert len(rendered) == 38
    # Other inputs (here: another generator or taxonomy) make every block again.
    other = ListingBlocks(taxonomy, inputs=inputs_of(catalog, "code2\0taxonomy\0True"), cache=cache)
    rendered.clear()
    other.html("index.md", catalog.papers[0], 3, True)
    assert len(rendered) == 1


def test_a_changed_paper_gets_a_new_block_and_the_cache_keeps_only_the_catalogs_papers(seed, tmp_path):
    catalog, taxonomy = seed
    cache = tmp_path / BLOCKS_NAME
    blocks = ListingBlocks(taxonomy, inputs=inputs_of(catalog), cache=cache)
    paper = catalog.papers[0]
    assert html.escape(paper.title, quote=False) in blocks.html("index.md", paper, 3, True)
    blocks.save(catalog.papers)
    edited = paper.model_copy(update={"title": "A title & <b>nothing</b> else"})
    papers = [edited, *catalog.papers[1:]]
    blocks = ListingBlocks(taxonomy, inputs=inputs_of(type(catalog)(papers, [], {}, {})), cache=cache)
    block = blocks.html("index.md", edited, 3, True)
    assert "A title &amp; &lt;b&gt;nothing&lt;/b&gt; else</a></h3>" in block and html.escape(paper.title, quote=False) not in block
    blocks.html("index.md", papers[1], 3, True)
    blocks.save(papers)
    assert sorted(json.loads(cache.read_text(encoding="utf-8"))["blocks"]) == sorted(f"{p.key}\0{3}\0dated" for p in papers[:2])
    blocks.save(papers[1:])  # the edited paper left the catalog
    assert list(json.loads(cache.read_text(encoding="utf-8"))["blocks"]) == [f"{papers[1].key}\0{3}\0dated"]


def test_an_unreadable_cache_counts_as_empty(seed, tmp_path):
    catalog, taxonomy = seed
    cache = tmp_path / BLOCKS_NAME
    cache.write_text('{"blocks": {"x": 1}', encoding="utf-8")
    blocks = ListingBlocks(taxonomy, inputs=inputs_of(catalog), cache=cache)
    assert html.escape(catalog.papers[0].title, quote=False) in blocks.html("index.md", catalog.papers[0], 3, True)
    blocks.save(catalog.papers)
    assert len(json.loads(cache.read_text(encoding="utf-8"))["blocks"]) == 1


def test_the_rule_is_the_same_inputs():
    assert block_is_current("abc", "abc")
    assert not block_is_current("abc", "abd")
    assert not block_is_current("", "abc")


def test_a_changed_title_reaches_every_listing_of_its_paper(tmp_path):
    project = Project(make_project(tmp_path / "project", [SEED_DIGEST, SEARCH_DIGEST]))
    catalog, _ = generate(project)
    paper = next(p for p in catalog.papers if p.arxiv_id == "2307.04964")
    assert paper.title == "Secrets of RLHF in Large Language Models Part I: PPO" and len(paper.tags) == 3
    day = project.digests_dir / SEARCH_DIGEST.name
    text = day.read_text(encoding="utf-8")
    old = "  - title: 'Secrets of RLHF in Large Language Models Part I: PPO'\n"
    assert text.count(old) == 1
    day.write_text(text.replace(old, "  - title: 'Secrets of RLHF in Large Language Models Part I: PPO Revisited'\n"), encoding="utf-8")
    catalog, _ = generate(project)
    edited = next(p for p in catalog.papers if p.key == paper.key)
    listings = [f"days/{paper.first_listed}.md", "index.md", *(tag_path(slug) for slug in edited.tags)]  # home: the newest day
    for page in listings:
        shown = re.findall(r'<a href="[^"]*">([^<]*)</a></h[23]>', (project.docs_dir / page).read_text(encoding="utf-8"))
        assert html.escape(f"{paper.title} Revisited") in shown, page
        assert html.escape(paper.title) not in shown, page
    assert (project.docs_dir / paper_path(edited.slug)).exists()
