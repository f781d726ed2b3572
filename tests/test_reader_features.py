"""Reader features (issue 4): related papers, BibTeX, feeds, share meta, archive, 404."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import io
import re
import sys
import threading
import urllib.error
import urllib.request
from html import unescape
from pathlib import Path

import feedparser
import pytest

from conftest import FIXTURES, SEED_TAGS, build_site, made_once, make_project
from generator.catalog.bibtex import bibtex_entry, citation_keys, escape_bibtex, utf8_characters
from generator.build import Project, load_catalog
from generator.catalog.catalog import build_catalog
from generator.output import feeds
from generator.catalog.catalog import Catalog
from generator.output.feeds import (FEEDS_RECORD, entry_id, entry_keys, feed_key, feed_papers, feed_plans, render_entries, render_feed,
                                    render_feeds, split_feed, write_feeds)
from generator.core.model import Digest, ListedPaper, Paper
from generator.catalog.related import related_papers
from generator.catalog.tagging import Taxonomy, load_taxonomy
from generator.pages import render_site
from generator.pages.day_pages import day_pages
from generator.pages.paper_pages import render_paper

HOSTILE_TITLE = '<script>alert(1)</script> & "x"'
HOSTILE_DIGEST = """\
date: 2025-03-20
papers:
  - title: '<script>alert(1)</script> & "x"'
    abstract: 'Tags like <b>bold</b> & entities &amp; stay text. Second sentence {braces} 100% $x_1$.'
    arxiv_id: '2402.14776'
    authors: [Xianming Li, 'O''Brien & <Co>']
    categories: [cs.CL]
"""
EMPTY_DIGEST = "date: 2025-03-21\npapers: []\n"
MATRYOSHKA = "2d-matryoshka-sentence-embeddings"


def html_of(site: Path, relative: str) -> str:
    return (site / relative).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_catalog():
    catalog, taxonomy = load_catalog(Project(FIXTURES))
    return catalog, taxonomy


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, worker_id) -> Path:
    """The seed plus a day with a hostile title and a later day with no papers."""

    def make(folder: Path) -> Path:
        project = make_project(folder / "project")
        (project / "digests" / "2025-03-20.yml").write_text(HOSTILE_DIGEST, encoding="utf-8")
        (project / "digests" / "2025-03-21.yml").write_text(EMPTY_DIGEST, encoding="utf-8")
        return build_site(project)

    return made_once(tmp_path_factory, worker_id, "hostile-title", make)


def paper(key: str, title: str, abstract: str, day: dt.date = dt.date(2025, 3, 18), **fields) -> Paper:
    return Paper(key=key, slug=key.split(":")[-1], title=title, abstract=abstract, listed_on=(day,), **fields)


# Related papers ------------------------------------------------------------------------


def test_related_papers_of_a_sentence_embedding_paper_are_the_sentence_embedding_papers(seed_catalog):
    catalog, _ = seed_catalog
    related = related_papers(catalog.papers)
    slug_of = {p.key: p.slug for p in catalog.papers}
    key = next(p.key for p in catalog.papers if p.slug == MATRYOSHKA)
    assert [slug_of[k] for k in related[key]] == [
        "scalable-attentive-sentence-pair-modeling-via-distilled-sentence-embedding",
        "l3cube-mahasbert-and-hindsbert-sentence-bert-models-and-benchmarking-bert",
        "ullme-a-unified-framework-for-large-language-model-embeddings-with-generation",
        "defsent-improving-sentence-embeddings-of-language-models-by-projecting",
        "parameter-efficient-fine-tuning-methods-for-pretrained-language-models-a",
    ]
    assert all(key not in keys for key, keys in related.items())
    # A paper with no match as close as MIN_SIMILARITY lists fewer, or none: a proof-oriented
    # programming paper's best match among the seed's language-model papers scores 0.06
    listed = {slug_of[key]: len(keys) for key, keys in related.items()}
    assert {slug: count for slug, count in listed.items() if count < 5} == {
        "coreinfer-accelerating-large-language-model-inference-with-semantics-inspired": 4,
        "defsent-improving-sentence-embeddings-of-language-models-by-projecting": 4,
        "ernie-gram-pre-training-with-explicitly-n-gram-masked-language-modeling-for": 2,
        "linguistic-structure-induction-from-language-models": 0,
        "neural-embedding-of-beliefs-reveals-the-role-of-relative-dissonance-in-human": 0,
        "neural-locality-sensitive-hashing-for-entity-blocking": 1,
        "neural-rankers-for-effective-screening-prioritisation-in-medical-systematic": 4,
        "towards-neural-synthesis-for-smt-assisted-proof-oriented-programming": 0,
    }


def test_related_papers_section_on_the_paper_page(seed_site):
    page = html_of(seed_site, f"papers/{MATRYOSHKA}/index.html")
    section = page[page.index('id="related-papers"') : page.index('id="cite"')]
    assert section.startswith('id="related-papers">Related papers listed up to 18 March 2025</h2>')
    assert re.findall(r'<a href="\.\./([^/"]+)/">', section) == [
        "scalable-attentive-sentence-pair-modeling-via-distilled-sentence-embedding",
        "l3cube-mahasbert-and-hindsbert-sentence-bert-models-and-benchmarking-bert",
        "ullme-a-unified-framework-for-large-language-model-embeddings-with-generation",
        "defsent-improving-sentence-embeddings-of-language-models-by-projecting",
        "parameter-efficient-fine-tuning-methods-for-pretrained-language-models-a",
    ]
    # A paper related to none has no such section (nor an empty one)
    alone = html_of(seed_site, "papers/towards-neural-synthesis-for-smt-assisted-proof-oriented-programming/index.html")
    assert 'id="cite"' in alone and "related-papers" not in alone and "Related papers" not in alone


def test_related_papers_break_ties_by_key_and_ignore_input_order(monkeypatch):
    same = "Graph neural networks for molecules"
    papers = [
        paper("k:b", same, "Message passing."),
        paper("k:d", same, "Message passing."),
        paper("k:a", same, "Message passing."),
        paper("k:c", same, "Message passing."),
        paper("k:z", "Unrelated words entirely", "Quantum chromodynamics lattice."),
    ]
    related = related_papers(papers, k=2)
    assert related["k:d"] == ("k:a", "k:b")
    assert related["k:a"] == ("k:b", "k:c")
    assert related["k:z"] == ()  # shares no term with any other paper
    assert related_papers(list(reversed(papers)), k=2) == related
    monkeypatch.setattr("generator.catalog.related.BLOCK_ROWS", 2)  # several blocks give the same answer
    assert related_papers(papers, k=2) == related


def dated(paper: Paper, day: dt.date) -> Paper:
    return paper.model_copy(update={"listed_on": (day,)})


def test_related_papers_are_earlier_or_same_day_papers_and_adding_a_day_moves_no_list(seed_catalog, tmp_path):
    catalog, _ = seed_catalog
    march_18, march_19, march_20 = dt.date(2025, 3, 18), dt.date(2025, 3, 19), dt.date(2025, 3, 20)
    # The seed's 31 papers spread over three days (the Matryoshka paper and the other
    # sentence-embedding papers on the last day).
    embedding = {p.key for p in catalog.papers if "sentence" in p.title.casefold() or "embedding" in p.title.casefold()}
    papers = [dated(p, march_20 if p.key in embedding else (march_18 if i % 2 else march_19)) for i, p in enumerate(catalog.papers)]
    day_of = {p.key: p.first_listed for p in papers}
    first_two = [p for p in papers if p.first_listed < march_20]
    before = related_papers(first_two, cache=tmp_path / "cache")
    after = related_papers(papers, cache=tmp_path / "cache")
    assert {key: after[key] for key in before} == before  # no earlier paper's list moved
    assert after == related_papers(papers)  # the cached run equals a clean one
    assert all(day_of[other] <= day_of[key] for key, keys in after.items() for other in keys)
    # the last day sees every paper: its lists are those of one day holding the whole site
    together = related_papers([dated(p, march_20) for p in papers])
    assert {key: after[key] for key in embedding} == {key: together[key] for key in embedding}
    assert sorted(len(after[key]) for key in embedding) == [0, 4, 5, 5, 5, 5, 5]  # 0: beliefs, not sentences
    # The first day's papers are compared with each other only.
    first_day = [p.key for p in papers if p.first_listed == march_18]
    assert related_papers([p for p in papers if p.first_listed == march_18]) == {k: after[k] for k in first_day}
    # A day inserted before the others changes the lists from it on, and they equal a clean run's.
    earlier = [dated(p, dt.date(2025, 3, 1)) for p in papers[:3]] + papers[3:]
    inserted = related_papers(earlier, cache=tmp_path / "cache")
    assert inserted == related_papers(earlier)


def test_related_papers_of_the_newest_day_are_the_nearest_by_tf_idf_over_the_whole_site(seed_catalog):
    """On the newest day the prefix is the whole site: the lists are scikit-learn's tf-idf
    cosine ranking over every paper (the module's rule, computed the plain way)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from generator.catalog.related import MIN_SIMILARITY, paper_text

    catalog, _ = seed_catalog
    papers = sorted(catalog.papers, key=lambda p: p.key)
    papers = [dated(p, dt.date(2025, 3, 17) if i < 10 else dt.date(2025, 3, 18)) for i, p in enumerate(papers)]
    matrix = TfidfVectorizer(stop_words="english").fit_transform(paper_text(p) for p in papers)
    scores = np.round((matrix @ matrix.T).toarray(), 12)
    related = related_papers(papers)
    for row, paper in enumerate(papers[10:], start=10):
        others = [j for j in range(len(papers)) if j != row and scores[row, j] >= MIN_SIMILARITY]
        expected = sorted(others, key=lambda j: (-scores[row, j], papers[j].key))[:5]
        assert related[paper.key] == tuple(papers[j].key for j in expected)


def test_a_days_term_counts_are_scikit_learns(seed_catalog, tmp_path):
    """Related papers count terms without importing scikit-learn (its import costs a CPU
    second a process): the terms and counts are those of its CountVectorizer, whose stop
    words the generator keeps a copy of."""
    import numpy as np
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    from generator.catalog.related import RelatedCache, _day_counts, paper_text
    from generator.catalog.stop_words import ENGLISH_STOP_WORDS as COPIED

    assert COPIED == ENGLISH_STOP_WORDS
    catalog, _ = seed_catalog
    odd = [
        paper("title:odd", "Über-Modelle: ÉTUDE of naïve Straße_2 x y 3D A1 über", "Émoji 🚀 only? _under_score_ and CJK 大语言模型 and İstanbul ǅ 42"),
        paper("title:none", "🚀 🚀", "a an the of"),  # no term left
    ]
    for day in (catalog.papers, odd, odd[1:]):
        terms, counts = _day_counts(RelatedCache(None), "day", [paper_text(p) for p in day])
        vectorizer = CountVectorizer(stop_words="english", dtype=np.float64)
        try:
            expected = vectorizer.fit_transform(paper_text(p) for p in day).toarray()
            expected_terms = list(vectorizer.get_feature_names_out())
        except ValueError:  # scikit-learn refuses a day without terms; the generator counts none
            expected, expected_terms = np.zeros((len(day), 0)), []
        assert terms == expected_terms
        assert counts.has_sorted_indices and counts.dtype == np.float64
        assert np.array_equal(counts.toarray(), expected)
    assert len(terms) == 0 and counts.shape == (1, 0)


def test_the_related_papers_cache_keeps_only_the_days_of_the_site(seed_catalog, tmp_path):
    catalog, _ = seed_catalog
    papers = [dated(p, dt.date(2025, 3, 1 + i % 4)) for i, p in enumerate(catalog.papers)]
    cache = tmp_path / "cache"
    related_papers(papers, cache=cache)
    assert len(list(cache.glob("counts-*.npz"))) == 4
    fewer = [p for p in papers if p.first_listed < dt.date(2025, 3, 4)]
    assert related_papers(fewer, cache=cache) == related_papers(fewer)
    assert len(list(cache.glob("counts-*.npz"))) == 3
    (cache / "answers.json").write_text("{not json", encoding="utf-8")  # a damaged cache is ignored
    assert related_papers(papers, cache=cache) == related_papers(papers)


def test_a_day_added_reads_the_kept_counts_of_the_days_before_it_in_one_file(seed_catalog, tmp_path, monkeypatch):
    import generator.catalog.related as related
    from generator.core import process_memos

    process_memos.forget()  # the days' counts are also kept in the process (by earlier tests too)
    catalog, _ = seed_catalog
    papers = [dated(p, dt.date(2025, 3, 1 + i % 4)) for i, p in enumerate(catalog.papers)]
    cache = tmp_path / "cache"
    first_three = [p for p in papers if p.first_listed < dt.date(2025, 3, 4)]
    related_papers(first_three, cache=cache)
    assert len(list(cache.glob("prefix-*.npz"))) == 1  # the counts of every paper up to the newest day
    process_memos.forget()
    read: list[str] = []
    read_counts = related._read_counts
    monkeypatch.setattr(related, "_read_counts", lambda path: read.append(path.name[:7]) or read_counts(path))
    assert related_papers(papers, cache=cache) == related_papers(papers)
    assert read == ["prefix-", "counts-"]  # the kept prefix, then the added day's (not yet counted)
    assert len(list(cache.glob("prefix-*.npz"))) == 1 and len(list(cache.glob("counts-*.npz"))) == 4
    (next(cache.glob("prefix-*.npz"))).write_bytes(b"damaged")  # a damaged prefix counts as none
    assert related_papers(papers[:-1] + [dated(papers[-1], dt.date(2025, 3, 5))], cache=cache) == related_papers(
        papers[:-1] + [dated(papers[-1], dt.date(2025, 3, 5))]
    )


def test_a_day_added_is_computed_from_its_texts_and_the_kept_prefix_in_another_process(seed_catalog, tmp_path):
    from generator.catalog.related import RelatedPlan, paper_text
    from generator.core import process_memos
    from generator.pages.process_pool import process_pool

    process_memos.forget()
    catalog, _ = seed_catalog
    papers = [dated(p, dt.date(2025, 3, 1 + i % 4)) for i, p in enumerate(catalog.papers)]
    cache = tmp_path / "cache"
    related_papers([p for p in papers if p.first_listed < dt.date(2025, 3, 4)], cache=cache)
    process_memos.forget()
    plan = RelatedPlan.of(papers, cache=cache)
    work = plan.work
    added = sorted(p.key for p in papers if p.first_listed == dt.date(2025, 3, 4))
    assert work is not None and work.missing == [3] and work.before == 2 and work.papers == len(added) == 7
    assert list(work.texts) == [3] and sorted(work.texts[3]) == sorted(paper_text(p) for p in papers if p.key in added)
    with process_pool(1) as worker:
        answers = worker.submit(work.run).result()
    assert sorted(answers) == added  # the added day's papers only
    assert plan.finish(answers) == related_papers(papers)
    assert RelatedPlan.of(papers, cache=cache).work is None  # kept: the next run computes nothing
    # the kept prefix unreadable: the work cannot be done from the added day's texts alone,
    # and is done with every day's (the same answers as a clean run)
    next(cache.glob("prefix-*.npz")).write_bytes(b"damaged")
    more = [*papers, paper("k:new", "Sentence embeddings, a day later", "Matryoshka sentence embeddings.", dt.date(2025, 3, 5))]
    plan = RelatedPlan.of(more, cache=cache)
    assert plan.work is not None and plan.work.missing == [4] and plan.work.before == 3 and plan.work.run() is None
    assert plan.finish(None) == related_papers(more)


# BibTeX ---------------------------------------------------------------------------------


def test_bibtex_entry_of_an_arxiv_paper():
    matryoshka = paper(
        "arxiv:2402.14776",
        "2D Matryoshka Sentence Embeddings",
        "…",
        arxiv_id="2402.14776",
        authors=("Xianming Li", "Zongxi Li"),
        categories=("cs.CL",),
    )
    key = citation_keys([matryoshka])[matryoshka.key]
    assert bibtex_entry(matryoshka, key) == (
        "@misc{li2024matryoshka,\n"
        "  title = {2D Matryoshka Sentence Embeddings},\n"
        "  author = {Xianming Li and Zongxi Li},\n"
        "  year = {2024},\n"
        "  eprint = {2402.14776},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.CL},\n"
        "  url = {https://arxiv.org/abs/2402.14776},\n"
        "}\n"
    )


def test_bibtex_keeps_an_organisation_author_whole():
    # Nex-N1 (Hugging Face Daily Papers, 5 Dec 2025): braces make "Nex-AGI Team" one last
    # name, as BibTeX styles would otherwise print "Team, N.-A." or "N.-A. Team".
    nex = paper(
        "arxiv:2512.04987",
        "Nex-N1: Agentic Models Trained via a Unified Ecosystem for Large-Scale Environment Construction",
        "…",
        arxiv_id="2512.04987",
        authors=("Nex-AGI Team", "Yuxuan Cai", "Mistral AI", "Qingyao Ai"),
    )
    key = citation_keys([nex])[nex.key]
    assert key == "team2025agentic"  # a team's key is "team…", as Google Scholar's team2024qwen2
    assert "  author = {{Nex-AGI Team} and Yuxuan Cai and {Mistral AI} and Qingyao Ai},\n" in bibtex_entry(nex, key)


def test_bibtex_braces_the_word_and_inside_a_persons_name():
    # hostile26: BibTeX ends a name at the word "and" in any case, so "Maria And Kim" was two
    # authors, "Maria" and "Kim"; braced, it is one. "Anderson", "Andes" are no such word.
    odd = paper("title:odd", "Names", "…", authors=("Maria And Kim", "Lee AND", "Ann Anderson", "Bo and-Li"))
    assert "  author = {Maria {And} Kim and Lee {AND} and Ann Anderson and Bo and-Li},\n" in bibtex_entry(odd, "k")


def test_bibtex_escapes_specials_and_keys_are_unique():
    assert escape_bibtex(r"50% {of} $x_1$ & #2 ~^ \cite") == (
        r"50\% \{of\} \$x\_1\$ \& \#2 \textasciitilde{}\textasciicircum{} \textbackslash{}cite"
    )
    first = paper("title:a", "Neural Rankers", "…")
    second = paper("title:b", "Neural Locality", "…")
    later = paper("title:c", "Neural Nets", "…", day=dt.date(2025, 3, 19))
    assert citation_keys([later, second, first]) == {
        "title:a": "anonneural",
        "title:b": "anonneurala",
        "title:c": "anonneuralb",
    }


def test_bibtex_names_the_characters_beyond_ascii_it_keeps():
    # fresh26: "title = {Zetta ζ: ...}" is UTF-8, which classic BibTeX with pdfLaTeX may refuse;
    # the entry keeps it (Biber reads it) and the note names it.
    assert utf8_characters("@misc{k,\n  title = {Plain \\{x\\} 100\\%},\n}\n") == ([], 0)
    assert utf8_characters("Zetta ζ: Jürgen Müller, Zoë\u0301 ζ\u00a0\u202e") == (["ζ", "ü", "ë", "U+0301", "U+00A0", "U+202E"], 0)
    assert utf8_characters("αβγδεζηθι", limit=3) == (["α", "β", "γ"], 6)


def test_paper_and_day_pages_say_an_entry_beyond_ascii_is_utf8(monkeypatch):
    taxonomy = load_taxonomy()
    day = dt.date(2025, 3, 18)
    digest = Digest(date=day, papers=[
        ListedPaper(title="Zetta ζ: {Braces} & 100% <b>x</b>", abstract="We propose Zetta.", arxiv_id="2503.00001",
                    authors=["Jürgen Müller"]),
        ListedPaper(title="Plain Matryoshka Embeddings", abstract="We propose plain embeddings.", arxiv_id="2503.00002"),
    ])
    catalog = build_catalog([digest], taxonomy)
    keys = citation_keys(catalog.papers)
    zetta, plain = sorted(catalog.papers, key=lambda p: p.arxiv_id or "")
    page = render_paper(zetta, taxonomy, bibtex=bibtex_entry(zetta, keys[zetta.key]))
    cite = page[page.index("## Cite") :]
    assert "  title = {Zetta ζ: \\{Braces\\} \\&amp; 100\\% &lt;b&gt;x&lt;/b&gt;},\n  author = {Jürgen Müller},\n" in cite
    assert cite.endswith(
        "}</code></pre>\n<p class=\"bibtex-note\">UTF-8: this entry holds ζ, ü beyond ASCII. biblatex with Biber reads it "
        "as written; classic BibTeX with pdfLaTeX takes accented Latin letters, but may need other characters written "
        "as LaTeX commands.</p>\n"
    )
    assert "bibtex-note" not in render_paper(plain, taxonomy, bibtex=bibtex_entry(plain, keys[plain.key]))
    day_page = day_pages(catalog, taxonomy)["days/2025-03-18.md"]
    assert day_page.count('<p class="bibtex-note">UTF-8: these entries hold ζ, ü beyond ASCII. biblatex with Biber reads them') == 1
    # above the entries, where a reader reads it before copying them
    assert day_page.index('<p class="bibtex-note">') < day_page.index("```text\n@misc{")
    plain_day = day_pages(build_catalog([Digest(date=day, papers=digest.papers[1:])], taxonomy), taxonomy)
    assert "bibtex-note" not in plain_day["days/2025-03-18.md"]
    # a day too long for one page: its BibTeX page says it
    monkeypatch.setattr(sys.modules["generator.pages.day_pages"], "PAPERS_PER_DAY_PAGE", 1)
    paged = day_pages(catalog, taxonomy)
    assert "bibtex-note" not in paged["days/2025-03-18.md"]
    assert (
        "(button at the top right).\n\n<p class=\"bibtex-note\">UTF-8: these entries hold ζ, ü beyond ASCII. biblatex "
        "with Biber reads them as written; classic BibTeX with pdfLaTeX takes accented Latin letters, but may need other "
        "characters written as LaTeX commands.</p>\n\n```text\n@misc{"
    ) in paged["days/2025-03-18/bibtex.md"]


def test_cite_blocks_on_paper_and_day_pages(seed_site):
    page = html_of(seed_site, f"papers/{MATRYOSHKA}/index.html")
    cite = unescape(re.sub(r"<[^>]+>", "", page[page.index('id="cite"') :].split("</code>")[0]))
    # no arXiv id, no published date: no year (never the listing day's), no author
    assert "@misc{anonmatryoshka,\n  title = {2D Matryoshka Sentence Embeddings},\n}" in cite
    day = html_of(seed_site, "days/2025-03-18/index.html")
    block = unescape(re.sub(r"<[^>]+>", "", day[day.index('id="cite"') :].split("</code>")[0]))
    assert len(re.findall(r"^@misc\{", block, re.M)) == 31
    assert "@misc{anonneurala," in block and "@misc{anonneuralc," in block


# Feeds ----------------------------------------------------------------------------------


def test_site_feed_is_valid_with_stable_ids(seed_site):
    feed = feedparser.parse(html_of(seed_site, "feeds/latest.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Paper Digests: latest papers"
    assert feed.feed.updated == "2025-03-18T00:00:00+00:00"
    assert len(feed.entries) == 31
    matryoshka = next(e for e in feed.entries if e.title == "2D Matryoshka Sentence Embeddings")
    assert matryoshka.id == "tag:paper-digests.github.io,2025:title:2dmatryoshkasentenceembeddings"
    assert matryoshka.link == f"https://paper-digests.github.io/paper-digests/papers/{MATRYOSHKA}/"
    assert matryoshka.published == "2025-03-18T00:00:00+00:00"
    assert matryoshka.summary.startswith("Common approaches rely on fixed-length embedding vectors")


def test_one_valid_feed_per_tag_linked_from_its_page(seed_site):
    pages = sorted(p.parent.name for p in (seed_site / "tags").glob("*/index.html"))
    feeds = sorted(p.stem.removeprefix("tag-") for p in (seed_site / "feeds").glob("tag-*.xml"))
    # a page per tag carried (no arXiv category links an area of no paper), the two other listings; a feed per tag with papers
    assert len(pages) == SEED_TAGS + 2 and {"by-count", "trends"} <= set(pages)
    assert len(feeds) == SEED_TAGS and set(feeds) < set(pages)
    feed = feedparser.parse(html_of(seed_site, "feeds/tag-biomedicine.xml"))
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [
        "Fine-Tuning Large Neural Language Models for Biomedical Natural Language Processing",
        "Neural Rankers for Effective Screening Prioritisation in Medical Systematic Review Literature Search",
    ]
    page = html_of(seed_site, "tags/biomedicine/index.html")
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Paper Digests: Medicine and clinical AI" '
        'href="../../feeds/tag-biomedicine.xml">' in page
    )
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Paper Digests: latest papers" href="./feeds/latest.xml">'
        in html_of(seed_site, "index.html")
    )


def test_feeds_are_deterministic(seed_catalog):
    catalog, taxonomy = seed_catalog
    first = render_feeds(catalog, taxonomy, "https://example.org/digests/", "Digests")
    assert first == render_feeds(catalog, taxonomy, "https://example.org/digests/", "Digests")
    assert b"<updated>2025-03-18T00:00:00+00:00</updated>" in first["feeds/latest.xml"]


def test_a_feeds_papers_of_one_day_come_in_the_day_pages_order():
    """Newest day first; within a day, its day page's order (most upvoted first, ties and
    papers without upvotes in the digest's order; a day without upvotes in the digest's
    order), not by title. A paper listed again on a later day stays on its first day."""
    def listed(title, upvotes=None):
        return ListedPaper(title=title, abstract="We study language models.", upvotes=upvotes)

    first = Digest(date=dt.date(2025, 3, 18), papers=[listed("Beta", 5), listed("Gamma", 50), listed("Delta"), listed("Epsilon", 50)])
    second = Digest(date=dt.date(2025, 3, 19), papers=[listed("Zeta"), listed("Beta"), listed("Alpha"), listed("Mu")])
    taxonomy = load_taxonomy()
    catalog = build_catalog([first, second], taxonomy)
    expected = ["Zeta", "Alpha", "Mu", "Gamma", "Epsilon", "Beta", "Delta"]
    feed = feedparser.parse(render_feeds(catalog, taxonomy, FEED_SITE, "Digests")["feeds/latest.xml"])
    assert [entry.title for entry in feed.entries] == expected
    pages = day_pages(catalog, taxonomy)
    day_titles = [re.findall(r'<h2 class="paper-title" [^>]+><a [^>]+>(\w+)</a>', pages[f"days/{day}.md"]) for day in ("2025-03-19", "2025-03-18")]
    assert day_titles == [["Beta", "Zeta", "Alpha", "Mu"], ["Gamma", "Epsilon", "Beta", "Delta"]]  # Beta: 5 upvotes
    # The feeds' worker is given only the papers they show, without day listings: same feeds.
    part = Catalog(feed_papers(catalog, taxonomy), [], {}, {})
    assert render_feeds(part, taxonomy, FEED_SITE, "Digests") == render_feeds(catalog, taxonomy, FEED_SITE, "Digests")


def test_an_entry_id_is_a_valid_iri_made_only_of_the_papers_key():
    """A paper without an arXiv id has a title key, which keeps symbols an IRI may not hold
    (``<``, ``^``, ``%``, ``#``, backquotes, ``|``): they are percent-encoded (RFC 3987), the
    rest stays, and the id does not depend on anything but the key."""
    title = "C++ < D^2: 100% Sure #1 `Code` {x} | y"
    [listed] = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=[ListedPaper(title=title, abstract="We do it.")])], load_taxonomy()).papers
    assert listed.key == "title:c++<d^2100%sure#1`code`x|y"
    assert entry_id(listed) == "tag:paper-digests.github.io,2025:title:c++%3Cd%5E2100%25sure%231%60code%60x%7Cy"
    assert re.fullmatch(r"tag:(?:[-A-Za-z0-9._~!$&'()*+,;=:@/?]|%[0-9A-F]{2})+", entry_id(listed))
    spaced = paper("title:. .", ". .", "We do it.")
    unicode = paper("title:übersetzung<日本語>", "Übersetzung <日本語>", "We do it.")
    assert entry_id(spaced) == "tag:paper-digests.github.io,2025:title:.%20."
    assert entry_id(unicode) == "tag:paper-digests.github.io,2025:title:übersetzung%3C日本語%3E"  # IRI letters stay
    assert entry_id(paper("arxiv:hep-th/9901001", "Old", "We do it.")) == "tag:paper-digests.github.io,2025:arxiv:hep-th/9901001"
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=[ListedPaper(title=title, abstract="We do it.")])], load_taxonomy())
    feed = feedparser.parse(render_feeds(catalog, load_taxonomy(), "https://example.org/", "Digests")["feeds/latest.xml"])
    assert [entry.id for entry in feed.entries] == [entry_id(listed)]


FEED_SITE = "https://example.org/digests/"


@pytest.mark.parametrize(
    "change",
    [{"title": "Another Title"}, {"abstract": "Another abstract."}, {"authors": ("Someone Else",)},
     {"listed_on": (dt.date(2025, 3, 1),)}, {"tags": ()}, {"url": FEED_SITE + "papers/another-slug/"}],
    ids=lambda change: next(iter(change)),
)
def test_a_feeds_key_changes_with_what_the_feed_shows(seed_catalog, change):
    catalog, taxonomy = seed_catalog
    plan = feed_plans(catalog, taxonomy, FEED_SITE, "Digests")["feeds/latest.xml"]
    first = plan["papers"][0]
    if "url" in change:
        changed = {**plan, "page_url_of": {**plan["page_url_of"], first.key: change["url"]}}
    else:
        changed = {**plan, "papers": [first.model_copy(update=change), *plan["papers"][1:]]}
    assert render_feed(**changed) != render_feed(**plan)  # the change shows in the feed
    assert feed_key(changed, "generator") != feed_key(plan, "generator")
    assert feed_key(plan, "generator") == feed_key(dict(plan), "generator")
    assert feed_key(plan, "another generator") != feed_key(plan, "generator")


def _counting_entries(monkeypatch) -> list[str]:
    """Titles of the entries feeds.write_feeds has feedgen render from now on."""
    rendered: list[str] = []

    def counted(papers, *args):
        rendered.extend(paper.title for paper in papers)
        return render_entries(papers, *args)

    monkeypatch.setattr(feeds, "render_entries", counted)
    return rendered


def _written(site: Path, made: dict[str, bytes]) -> dict[str, bytes]:
    return {path: (site / path).read_bytes() for path in made}


def test_feeds_are_rendered_again_only_when_their_inputs_or_files_changed(seed_catalog, tmp_path, monkeypatch):
    catalog, taxonomy = seed_catalog
    site, cache = tmp_path / "site", tmp_path / "cache"
    made = render_feeds(catalog, taxonomy, FEED_SITE, "Digests")
    assert len(made) == 1 + SEED_TAGS  # the site's feed and each tag's
    rendered = _counting_entries(monkeypatch)
    assert len(write_feeds(site, catalog, taxonomy, FEED_SITE, "Digests", cache=cache, generator="g")) == 1 + SEED_TAGS
    assert (cache / FEEDS_RECORD).is_file()
    assert _written(site, made) == made  # assembled from entries: feedgen's whole feeds, byte for byte
    shown = {paper.key for plan in feed_plans(catalog, taxonomy, FEED_SITE, "Digests").values() for paper in plan["papers"]}
    assert len(rendered) == len(shown) < sum(len(plan["papers"]) for plan in feed_plans(catalog, taxonomy, FEED_SITE, "Digests").values())

    rendered.clear()
    assert write_feeds(site, catalog, taxonomy, FEED_SITE, "Digests", cache=cache, generator="g") == []
    assert rendered == []

    latest = site / "feeds" / "latest.xml"
    latest.write_bytes(b"changed by hand")
    assert write_feeds(site, catalog, taxonomy, FEED_SITE, "Digests", cache=cache, generator="g") == [latest]
    assert len(rendered) == len(split_feed(made["feeds/latest.xml"])[1])  # a changed file's entries are not taken
    assert latest.read_bytes() == made["feeds/latest.xml"]
    rendered.clear()

    assert len(write_feeds(site, catalog, taxonomy, FEED_SITE, "Other Name", cache=cache, generator="g")) == 1 + SEED_TAGS
    assert rendered == []  # the feeds' author changed, not their entries
    assert _written(site, made) == render_feeds(catalog, taxonomy, FEED_SITE, "Other Name")

    # another site_dir: its files are not the recorded ones, nor are their entries taken
    assert len(write_feeds(tmp_path / "other", catalog, taxonomy, FEED_SITE, "Other Name", cache=cache, generator="g")) == 1 + SEED_TAGS
    assert len(rendered) == len(shown)

    rendered.clear()  # another generator: every entry rendered again
    assert write_feeds(site, catalog, taxonomy, FEED_SITE, "Other Name", cache=cache, generator="h") == []
    assert len(rendered) == len(shown)


def test_a_new_day_renders_only_its_own_papers_entries(seed_catalog, tmp_path, monkeypatch):
    """The feeds of a catalog grown by its newest papers (a new day) are assembled from the
    last build's entries and the new papers' only, the same bytes as feedgen's whole feeds;
    an entry whose paper, page, tag label or site changed is rendered again, never cut from
    an old file (each would show the old entry: a wrong shortcut)."""
    catalog, taxonomy = seed_catalog
    site, cache = tmp_path / "site", tmp_path / "cache"
    newest = catalog.papers[:3]
    before = Catalog(catalog.papers[3:], [], {}, {})
    write_feeds(site, before, taxonomy, FEED_SITE, "Digests", cache=cache, generator="g")
    assert _written(site, render_feeds(before, taxonomy, FEED_SITE, "Digests")) == render_feeds(before, taxonomy, FEED_SITE, "Digests")
    rendered = _counting_entries(monkeypatch)
    written = write_feeds(site, catalog, taxonomy, FEED_SITE, "Digests", cache=cache, generator="g")
    made = render_feeds(catalog, taxonomy, FEED_SITE, "Digests")
    assert _written(site, made) == made
    assert sorted(rendered) == sorted(paper.title for paper in newest)
    assert site / "feeds" / "latest.xml" in written

    rendered.clear()  # an edited title (of a paper already in feeds): that entry only
    first = catalog.papers[5]
    edited = Catalog([paper.model_copy(update={"title": "An Edited Title"}) if paper is first else paper
                      for paper in catalog.papers], [], {}, {})
    write_feeds(site, edited, taxonomy, FEED_SITE, "Digests", cache=cache, generator="g")
    made = render_feeds(edited, taxonomy, FEED_SITE, "Digests")
    assert _written(site, made) == made and b"An Edited Title" in made["feeds/latest.xml"]
    assert rendered == ["An Edited Title"]

    rendered.clear()  # a tag's label: the entries of its papers
    slug = first.tags[0]
    relabelled = Taxonomy([tag.model_copy(update={"label": "Relabelled"}) if tag.slug == slug else tag for tag in taxonomy.tags])
    write_feeds(site, edited, relabelled, FEED_SITE, "Digests", cache=cache, generator="g")
    made = render_feeds(edited, relabelled, FEED_SITE, "Digests")
    assert _written(site, made) == made and b'label="Relabelled"' in made["feeds/latest.xml"]
    assert len(rendered) == len({p.key for plan in feed_plans(edited, relabelled, FEED_SITE, "Digests").values()
                                 for p in plan["papers"] if slug in p.tags}) > 0

    rendered.clear()  # another site_url: every entry (their links and tag scheme)
    other = "https://example.net/"
    write_feeds(site, edited, taxonomy, other, "Digests", cache=cache, generator="g")
    assert _written(site, render_feeds(edited, taxonomy, other, "Digests")) == render_feeds(edited, taxonomy, other, "Digests")
    assert len(rendered) == len({p.key for plan in feed_plans(edited, taxonomy, other, "Digests").values() for p in plan["papers"]})


def test_a_feed_is_split_into_head_entries_and_foot_that_join_to_it(seed_catalog):
    catalog, taxonomy = seed_catalog
    for plan in feed_plans(catalog, taxonomy, FEED_SITE, "Digests").values():
        data = render_feed(**plan)
        head, entries, foot = split_feed(data)
        assert head + b"".join(entries) + foot == data
        assert len(entries) == len(plan["papers"][:feeds.FEED_ENTRIES]) == len(entry_keys(plan, "g"))
        assert foot == b"</feed>\n" and head.endswith(b"</subtitle>\n")
        assert render_entries(plan["papers"][:feeds.FEED_ENTRIES], plan["page_url_of"], taxonomy, FEED_SITE) == entries
    empty = feed_plans(Catalog([], [], {}, {}), taxonomy, FEED_SITE, "Digests")["feeds/latest.xml"]
    head, entries, foot = split_feed(render_feed(**empty))
    assert entries == [] and foot == b"</feed>\n" and b"<updated>1970-01-01T00:00:00+00:00</updated>" in head
    with pytest.raises(ValueError):
        split_feed(b"<feed>\n  <entry>\n  <id>x</id>\n</feed>\n")


def test_feed_escapes_a_hostile_title(hostile_site):
    xml = html_of(hostile_site, "feeds/latest.xml")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"x\"</title>" in xml
    assert "<script>" not in xml
    feed = feedparser.parse(xml)
    assert not feed.bozo
    entry = feed.entries[0]
    assert entry.title == HOSTILE_TITLE
    assert entry.id == "tag:paper-digests.github.io,2025:arxiv:2402.14776"
    assert [a.name for a in entry.authors] == ["Xianming Li", "O'Brien & <Co>"]
    assert feed.feed.updated == "2025-03-20T00:00:00+00:00"


# Share meta, sitemap ----------------------------------------------------------------------


def test_share_meta_on_paper_tag_and_day_pages(seed_site):
    base = "https://paper-digests.github.io/paper-digests/"
    page = html_of(seed_site, f"papers/{MATRYOSHKA}/index.html")
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="2D Matryoshka Sentence Embeddings">' in page
    assert (
        '<meta property="og:description" content="In this paper, we introduce a novel sentence embedding model '
        'called Two-dimensional Matryoshka Sentence Embedding (2DMSE).">'
    ) in page  # the summary line (generator/catalog/summary_line.py)
    assert f'<meta property="og:url" content="{base}papers/{MATRYOSHKA}/">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert '<meta name="twitter:title" content="2D Matryoshka Sentence Embeddings">' in page
    tag = html_of(seed_site, "tags/embeddings/index.html")
    assert '<meta property="og:title" content="Embeddings and representations">' in tag
    assert f'<meta property="og:url" content="{base}tags/embeddings/">' in tag
    day = html_of(seed_site, "days/2025-03-18/index.html")
    assert '<meta property="og:title" content="Papers of 18 March 2025">' in day
    assert (
        '<meta property="og:description" content="31 papers listed on 18 March 2025: Fine-Tuning Large Neural '
        "Language Models for Biomedical Natural Language Processing; M4LE: A Multi-Ability Multi-Range Multi-Task "
        "Multi-Domain Long-Context Evaluation Benchmark for Large Language Models; Towards Neural Synthesis for "
        'SMT-Assisted Proof-Oriented Programming; …">'
    ) in day
    assert f'<meta property="og:url" content="{base}days/2025-03-18/">' in day


def test_share_meta_escapes_a_hostile_title_once(hostile_site):
    page = html_of(hostile_site, "papers/script-alert-1-script-x/index.html")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
    assert f'<meta property="og:title" content="{escaped}">' in page
    assert f'<meta name="twitter:title" content="{escaped}">' in page
    assert (
        '<meta property="og:description" content="Tags like &lt;b&gt;bold&lt;/b&gt; &amp; entities &amp;amp; '
        'stay text.">'
    ) in page
    assert "<script>alert" not in page
    day = html_of(hostile_site, "days/2025-03-20/index.html")
    assert f'<meta property="og:description" content="1 paper listed on 20 March 2025: {escaped}">' in day
    cite = page[page.index('id="cite"') :]
    assert r"{&lt;script&gt;alert(1)&lt;/script&gt; \&amp; &quot;x&quot;}" in cite.replace('"', "&quot;")


def test_sitemap_lists_every_paper(seed_site):
    sitemap = html_of(seed_site, "sitemap.xml")
    listed = set(re.findall(r"<loc>https://paper-digests\.github\.io/paper-digests/papers/([^/<]+)/</loc>", sitemap))
    assert listed == {p.parent.name for p in (seed_site / "papers").glob("*/index.html")}
    assert len(listed) == 31


# Archive ----------------------------------------------------------------------------------


def test_year_month_and_archive_pages_with_counts(hostile_site):
    year = html_of(hostile_site, "archive/2025/index.html")
    assert "<p>32 papers from 3 days." in year
    assert re.search(r'<a href="\.\./2025-03/">March 2025</a></td>\s*<td[^>]*>3</td>\s*<td[^>]*>32</td>', year)
    archive = html_of(hostile_site, "archive/index.html")
    assert '<a href="2025/">2025</a>' in archive
    month = html_of(hostile_site, "archive/2025-03/index.html")
    assert re.search(r'<a href="\.\./\.\./days/2025-03-21/">21 March 2025</a></td>\s*<td[^>]*>0</td>', month)
    assert '<a href="../2025/">All of 2025</a>' in month


def test_a_day_without_papers_builds_and_is_the_latest_on_home(hostile_site):
    day = html_of(hostile_site, "days/2025-03-21/index.html")
    assert '<p class="day-source">No papers were listed on this day.</p>' in day
    assert '<a href="../2025-03-20/">← 20 March 2025</a>' in day
    assert 'id="cite"' not in day
    home = html_of(hostile_site, "index.html")
    assert '<a href="days/2025-03-21/">21 March 2025</a>' in home
    assert "No papers were listed on this day." in home
    previous = html_of(hostile_site, "days/2025-03-20/index.html")
    assert '<a href="../2025-03-21/">21 March 2025 →</a>' in previous


def test_long_days_and_tags_are_paged(monkeypatch):
    # The writers' package exports functions named like their modules: patch the modules.
    monkeypatch.setattr(sys.modules["generator.pages.day_pages"], "PAPERS_PER_DAY_PAGE", 2)
    monkeypatch.setattr(sys.modules["generator.pages.archive_pages"], "PAPERS_PER_DAY_PAGE", 2)
    monkeypatch.setattr(sys.modules["generator.pages.tag_pages"], "PAPERS_PER_TAG_PAGE", 2)
    listed = [ListedPaper(title=f"Dense retrieval paper {n}", abstract=f"Dense retrieval number {n}.") for n in range(5)]
    taxonomy = load_taxonomy()
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=listed)], taxonomy)
    pages = render_site(catalog, taxonomy)
    assert {p for p in pages if p.startswith("days/")} == {
        "days/2025-03-18.md",
        "days/2025-03-18/page/2.md",
        "days/2025-03-18/page/3.md",
        "days/2025-03-18/bibtex.md",
    }
    assert "[Cite them all (BibTeX)](2025-03-18/bibtex.md)" in pages["days/2025-03-18.md"]
    assert pages["days/2025-03-18/bibtex.md"].count("@misc{") == 5
    # Tag pages: full pages numbered from the oldest, the newest papers on the landing page.
    assert {p for p in pages if p.startswith("tags/search-and-recommendation")} == {
        "tags/search-and-recommendation.md",
        "tags/search-and-recommendation/page/1.md",
        "tags/search-and-recommendation/page/2.md",
    }
    assert "[3 more papers of 18 March 2025 →](days/2025-03-18/page/2.md)" in pages["index.md"]


def tag_listing(text: str) -> list[str]:
    return re.findall(r'^<h3 class="paper-title" id="[^"]+"><a href="[^"]+">Dense retrieval paper (\d+)</a></h3>$', text, re.M)


def test_adding_papers_to_a_tag_changes_its_landing_page_and_its_newest_full_page_only(monkeypatch):
    monkeypatch.setattr(sys.modules["generator.pages.tag_pages"], "PAPERS_PER_TAG_PAGE", 2)
    monkeypatch.setattr(sys.modules["generator.pages.tag_pages"], "LANDING_PAPERS", 2)
    taxonomy = load_taxonomy()

    def day(n: int, numbers: range) -> Digest:
        papers = [ListedPaper(title=f"Dense retrieval paper {i}", abstract=f"Dense retrieval number {i}.") for i in numbers]
        return Digest(date=dt.date(2025, 3, n), papers=papers)

    def tag_pages_of(*digests: Digest) -> dict[str, str]:
        pages = render_site(build_catalog(list(digests), taxonomy), taxonomy)
        return {p: text for p, text in pages.items() if p.startswith("tags/search-and-recommendation") and text}

    tag = "tags/search-and-recommendation"
    five = tag_pages_of(day(1, range(3)), day(2, range(3, 5)))
    # Newest first: newest day first, a day's papers as its day page lists them (0 1 2, 3 4);
    # the oldest two are the last two of that order, so day 1 goes on from page 2 to page 1.
    assert tag_listing(five[f"{tag}/page/1.md"]) == ["1", "2"]
    assert tag_listing(five[f"{tag}/page/2.md"]) == ["4", "0"]
    # The landing: paper 4 (on no full page), then the newest of page 2 up to LANDING_PAPERS.
    assert tag_listing(five[f"{tag}.md"]) == ["3", "4"]
    assert "[Older papers →](search-and-recommendation/page/2.md)" in five[f"{tag}.md"]
    assert "The 2 newest of 5 papers" in five[f"{tag}.md"]
    assert "[← Newer papers](../../search-and-recommendation.md)" in five[f"{tag}/page/2.md"]
    assert "[Older papers →](1.md)" in five[f"{tag}/page/2.md"]
    # A day adds a paper: a third full page; the landing and page 2 (newer: page 3) change.
    six = tag_pages_of(day(1, range(3)), day(2, range(3, 5)), day(3, range(5, 6)))
    assert sorted(p for p in six if six[p] != five.get(p)) == [f"{tag}.md", f"{tag}/page/2.md", f"{tag}/page/3.md"]
    assert "[← Newer papers](3.md)" in six[f"{tag}/page/2.md"]
    assert tag_listing(six[f"{tag}.md"]) == ["5", "3"]  # all of page 3
    assert "The 2 newest of 6 papers" in six[f"{tag}.md"] and "[Older papers →](search-and-recommendation/page/3.md)" in six[f"{tag}.md"]
    # Another paper fills no page: only the landing changes.
    seven = tag_pages_of(day(1, range(3)), day(2, range(3, 5)), day(3, range(5, 6)), day(4, range(6, 7)))
    assert [p for p in seven if seven[p] != six.get(p)] == [f"{tag}.md"]
    assert tag_listing(seven[f"{tag}.md"]) == ["6", "5"]
    # Full pages link their neighbours and the landing, never every page number.
    assert "2.md" not in seven[f"{tag}/page/1.md"].replace("](2.md)", "")
    assert "[Newest papers](../../search-and-recommendation.md)" in seven[f"{tag}/page/1.md"]
    # Papers on no full page are all on the landing, however many more than LANDING_PAPERS.
    monkeypatch.setattr(sys.modules["generator.pages.tag_pages"], "LANDING_PAPERS", 1)
    monkeypatch.setattr(sys.modules["generator.pages.tag_pages"], "PAPERS_PER_TAG_PAGE", 3)
    seven = tag_pages_of(day(1, range(3)), day(2, range(3, 5)), day(3, range(5, 6)), day(4, range(6, 7)))
    assert tag_listing(seven[f"{tag}.md"]) == ["6"]
    assert tag_listing(seven[f"{tag}/page/2.md"]) == ["5", "3", "4"]
    assert sorted(n for text in seven.values() for n in tag_listing(text)) == ["0", "1", "2", "3", "4", "5", "6"]  # each once
    assert "The 1 newest of 7 papers" in seven[f"{tag}.md"]


def test_home_lists_the_first_50_papers_of_a_long_day():
    # An arXiv day has hundreds of papers; the home page stays light (issue 5) and links to
    # the day page for the rest.
    listed = [ListedPaper(title=f"Retrieval paper {n:02}", abstract=f"Dense retrieval number {n}.") for n in range(60)]
    taxonomy = load_taxonomy()
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=listed)], taxonomy)
    pages = render_site(catalog, taxonomy)
    home = pages["index.md"]
    assert home.count('\n<h3 class="paper-title" ') == 50
    assert '<a href="papers/retrieval-paper-49/">Retrieval paper 49</a></h3>' in home and "Retrieval paper 50" not in home
    assert "[10 more papers of 18 March 2025 →](days/2025-03-18.md)" in home
    assert pages["days/2025-03-18.md"].count('\n<h2 class="paper-title" id="paper-retrieval-paper-') == 60


# 404 under a sub-path -----------------------------------------------------------------------


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under /paper-digests/ and answers missing paths with 404.html,
    like GitHub Pages does for a project site."""

    prefix = "/paper-digests/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "not-under-the-prefix")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_head(self):
        if not Path(self.translate_path(self.path)).exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def log_message(self, *args):
        pass


@pytest.fixture
def served_under_sub_path(seed_site):
    """The seed site served like a GitHub Pages project site: ``http://127.0.0.1:PORT/paper-digests/``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(seed_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_404_page_assets_resolve_under_a_sub_path(served_under_sub_path):
    origin = served_under_sub_path
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{origin}/paper-digests/no/such/page/")
    assert missing.value.code == 404
    page = missing.value.read().decode("utf-8")
    assert '<h1 id="page-not-found">404 - Not found</h1>' in page
    local = sorted(set(re.findall(r'(?:href|src)="(/[^"]*)"', page)) | set(re.findall(r'"search": "(/[^"]+)"', page)))
    assets = [u for u in local if "/assets/" in u]
    assert len(assets) >= 5 and all(u.startswith("/paper-digests/") for u in local)
    assert '<link rel="alternate" type="application/atom+xml" title="Paper Digests: latest papers" href="/paper-digests/feeds/latest.xml">' in page
    for url in local:
        with urllib.request.urlopen(origin + url) as response:
            assert response.status == 200, url


@pytest.mark.browser
def test_404_is_styled_and_cite_blocks_have_copy_buttons_in_a_browser(served_under_sub_path, browser):
    base = f"{served_under_sub_path}/paper-digests/"
    page = browser.new_page()
    try:
        failed = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        response = page.goto(base + "deep/missing/page/")
        assert response.status == 404
        page.wait_for_selector(".md-header")
        # Material's stylesheet loaded: the header is fixed-positioned and the search worker started.
        assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
        assert failed == []  # nothing outside the local server was asked for
        page.goto(base + f"papers/{MATRYOSHKA}/")
        button = page.wait_for_selector('#cite ~ pre button[data-md-type="copy"]', state="attached")
        target = button.get_attribute("data-clipboard-target")
        assert page.text_content(target).startswith("@misc{anonmatryoshka,")
        page.goto(base + "days/2025-03-18/")
        button = page.wait_for_selector('#cite ~ pre button[data-md-type="copy"]', state="attached")
        assert page.text_content(button.get_attribute("data-clipboard-target")).count("@misc{") == 31
    finally:
        page.close()
