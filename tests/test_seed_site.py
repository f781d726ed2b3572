"""The site built by `mkdocs build --strict` from the committed seed digest."""

from __future__ import annotations

import json
import re
from html import unescape

import yaml

from conftest import SEED_DIGEST
from search_oracle import load_split, split_search

SEED_TITLES = [paper["title"] for paper in yaml.safe_load(SEED_DIGEST.read_text(encoding="utf-8"))["papers"]]


def html_of(site, relative):
    return (site / relative).read_text(encoding="utf-8")


def test_seed_digest_lists_31_papers():
    assert len(SEED_TITLES) == 31
    assert SEED_TITLES[3] == "Pre-trained Language Model based Ranking in Baidu Search"


def test_one_page_per_paper(seed_site):
    pages = sorted(p.parent.name for p in (seed_site / "papers").glob("*/index.html"))
    assert len(pages) == 31
    assert "2d-matryoshka-sentence-embeddings" in pages
    assert "yi-open-foundation-models-by-01-ai" in pages
    assert "how-to-train-long-context-language-models-effectively" in pages


def test_paper_page_shows_title_abstract_tags_and_day(seed_site):
    page = html_of(seed_site, "papers/2d-matryoshka-sentence-embeddings/index.html")
    assert "<title>2D Matryoshka Sentence Embeddings - Paper Digests</title>" in page
    assert re.search(r'<h1 id="[^"]*">2D Matryoshka Sentence Embeddings</h1>', page)
    assert "Common approaches rely on fixed-length embedding vectors from language models" in page
    assert '<a class="md-tag" href="../../tags/embeddings/">Embeddings and representations</a>' in page
    assert '<a href="../../days/2025-03-18/">18 March 2025</a>' in page


def test_every_paper_is_on_a_tag_page(seed_site):
    tag_pages = [p for p in (seed_site / "tags").glob("*/index.html")]
    linked = set()
    for page in tag_pages:
        linked.update(re.findall(r'href="\.\./\.\./papers/([^/"]+)/"', page.read_text(encoding="utf-8")))
    papers = {p.parent.name for p in (seed_site / "papers").glob("*/index.html")}
    assert papers == linked


def test_tags_index_lists_tags_with_counts(seed_site):
    page = html_of(seed_site, "tags/index.html")
    assert re.search(
        r'<a href="embeddings/">Embeddings and representations</a></td>\s*<td><a href="language/">Language</a></td>\s*'
        r'<td style="text-align: right;">5</td>',
        page,
    )
    assert re.search(
        r'<a href="biomedicine/">Medicine and clinical AI</a></td>\s*<td><a href="science/">Science and health</a></td>\s*'
        r'<td style="text-align: right;">2</td>',
        page,
    )
    assert re.search(r'<a href="language/">Language</a> \(26\)', page)  # the areas, with counts
    by_count = html_of(seed_site, "tags/by-count/index.html")
    first_row = re.search(r"<tbody>\s*<tr>\s*<td><a href=\"([^\"]+)\">", by_count)
    assert first_row[1] == "../language/"  # most papers first


def test_tags_data_names_every_tag_by_slug_for_the_search_page(seed_site):
    """tags/tags.json (copied into the site as it is): every taxonomy tag's slug and label in
    the taxonomy's order, those no paper carries too, and the former slugs."""
    from generator.catalog.tagging import load_taxonomy

    data = json.loads(html_of(seed_site, "tags/tags.json"))
    taxonomy = load_taxonomy()
    assert data["tags"] == [[tag.slug, tag.label] for tag in taxonomy.tags]
    assert data["tags"][:2] == [["vision", "Vision"], ["image-generation", "Image generation"]]
    assert ["long-context", "Long context"] in data["tags"]
    assert data["aliases"]["llm"] == "language" and data["aliases"]["computer-vision"] == "vision"
    assert list(data["aliases"]) == sorted(data["aliases"])
    # the tags papers carry: their number and page, from the site's root (the search page links it)
    assert data["pages"]["biomedicine"] == [2, "tags/biomedicine/"]
    folders = {path.name for path in (seed_site / "tags").iterdir() if path.is_dir()} - {"by-count", "trends"}
    assert set(data["pages"]) == folders  # a page per tag papers carry; no paper lists an arXiv category linking an area of none
    assert all(papers > 0 for papers, _ in data["pages"].values())
    assert "finance" not in data["pages"] and ["finance", "Finance"] in data["tags"]  # no paper: no page
    assert data["days"] == ["2025-03-18", "2025-03-18"]  # the archive's first and last day: the search page's date bounds


def test_tag_page_lists_its_papers(seed_site):
    page = html_of(seed_site, "tags/biomedicine/index.html")
    titles = re.findall(r'<a href="\.\./\.\./papers/[^"]+/">([^<]+)</a>', page)
    assert titles == [
        "Fine-Tuning Large Neural Language Models for Biomedical Natural Language Processing",
        "Neural Rankers for Effective Screening Prioritisation in Medical Systematic Review Literature Search",
    ]


def test_day_page_lists_all_papers_in_order(seed_site):
    page = html_of(seed_site, "days/2025-03-18/index.html")
    titles = [unescape(t) for t in re.findall(r'<h2 class="paper-title" id="[^"]*"><a href="\.\./\.\./papers/[^"]+/">([^<]+)</a>', page)]
    assert titles == SEED_TITLES


def test_home_and_archive(seed_site):
    home = html_of(seed_site, "index.html")
    assert "31 papers from 1 day" in home
    assert '<a href="days/2025-03-18/">18 March 2025</a>' in home
    archive = html_of(seed_site, "archive/2025-03/index.html")
    assert '<a href="../../days/2025-03-18/">18 March 2025</a>' in archive
    assert "March 2025" in html_of(seed_site, "archive/index.html")


def test_paper_pages_stay_out_of_the_nav(seed_site):
    home = html_of(seed_site, "index.html")
    nav_links = re.findall(r'<a href="([^"#]*)" class="md-nav__link', home)
    assert set(nav_links) == {".", "about/", "archive/", "search/", "tags/", "tags/trends/"}  # no month: a new day changes no nav
    assert not any(link.startswith("papers/") for link in nav_links)


def test_search_index_holds_every_title(seed_site):
    # search_index.json keeps Material's shape but names the files the search worker
    # loads; the documents, with their titles, come from the catalog in small files.
    index = json.loads(html_of(seed_site, "search/search_index.json"))
    assert index["docs"] == []
    shards = index["config"]["shards"]
    assert shards["count"] == 31 + 1 and shards["chunk"] == 2  # 31 papers and the about page
    assert len(list((seed_site / "search" / "docs").iterdir())) == 16
    documents, _ = load_split(seed_site)
    assert set(SEED_TITLES) <= {doc.title for doc in documents}


def test_a_query_for_a_distinctive_word_ranks_its_paper_first(seed_site):
    documents, lexicon = load_split(seed_site)

    def first_page(query):
        return documents[split_search(documents, lexicon, query)[0][0]].location

    assert first_page("BIOSSES") == "papers/fine-tuning-large-neural-language-models-for-biomedical-natural-language/"
    assert first_page("Megatron") == "papers/using-deepspeed-and-megatron-to-train-megatron-turing-nlg-530b-a-large-scale/"


def test_a_paper_is_found_by_its_own_words_not_by_its_related_papers_or_citation(seed_site):
    # "Matryoshka" is in one seed paper's title and abstract only, though five other pages
    # list that paper under "Related papers listed up to …"; "inproceedings"/"misc" only in BibTeX.
    documents, lexicon = load_split(seed_site)
    assert [documents[ref].location for ref, _ in split_search(documents, lexicon, "Matryoshka")] == [
        "papers/2d-matryoshka-sentence-embeddings/"
    ]
    assert split_search(documents, lexicon, "misc") == []
    paper = html_of(seed_site, "papers/2d-matryoshka-sentence-embeddings/index.html")
    assert "Scalable Attentive Sentence-Pair Modeling" in paper  # still shown to readers


def test_listing_pages_have_no_table_of_contents(seed_site):
    # Each listed title appears once, in the list: no table of contents repeating them
    # (Material renders one, even hidden, in both sidebars).
    for path in ("index.html", "days/2025-03-18/index.html"):
        html = html_of(seed_site, path)
        assert html.count("2D Matryoshka Sentence Embeddings</a>") == 1, path
        assert 'data-md-component="toc"' not in html, path
    paper = html_of(seed_site, "papers/2d-matryoshka-sentence-embeddings/index.html")
    assert 'data-md-component="toc"' in paper  # a paper page keeps its sections' contents
