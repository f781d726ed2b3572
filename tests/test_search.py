"""Search over the built site, answered by the one unsplit lunr index that the shards make
up (generator/search_index.py); tests/test_browser_search.py checks the browser gives the
same answers."""

from __future__ import annotations

import html
import json

import pytest

from generator.search_index import (
    SearchDocument,
    load_documents,
    load_unsplit_index,
    page_documents,
    query_terms,
    search,
    teaser,
    write_index_files,
)

HOSTILE = "<img src=x onerror=alert(1)> Prompt Injection through Paper Titles"


@pytest.fixture(scope="module")
def index(search_site):
    return load_unsplit_index(search_site)


def titles(index, query, n=1):
    lunr_index, docs = index
    return [html.unescape(docs[int(r["ref"])]["title"]) for r in search(lunr_index, query)[:n]]


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("What is RLHF?", ["rlhf"]),
        ("LLaMA-2", ["llama", "2"]),
        ("GPT-4o", ["gpt", "4o"]),
        ("530B", ["530b"]),
        ("2D Matryoshka", ["2d", "matryoshka"]),
        ("Yi: Open Foundation Models by 01.AI", ["yi", "open", "foundation", "models", "01.ai"]),
        ("the", ["the"]),
        ("  ?! ", []),
    ],
)
def test_query_terms(query, terms):
    assert query_terms(query) == terms


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Matryoshka Sentence Embeddings", "2D Matryoshka Sentence Embeddings"),  # title words
        ("2D Matryoshka", "2D Matryoshka Sentence Embeddings"),
        ("BIOSSES", "Fine-Tuning Large Neural Language Models for Biomedical Natural Language Processing"),  # abstract
        ("LLaMA-2", "Llama 2: Open Foundation and Fine-Tuned Chat Models"),
        ("Touvron", "Llama 2: Open Foundation and Fine-Tuned Chat Models"),  # author
        ("Sablayrolles", "Mistral 7B"),
        ("GPT-4o", "GPT-4o System Card"),
        ("7B", "Mistral 7B"),
        ("530B", "Using DeepSpeed and Megatron to Train Megatron-Turing NLG 530B, A Large-Scale Generative "
                 "Language Model"),
        ("What is RLHF?", "Secrets of RLHF in Large Language Models Part I: PPO"),
        ("prompt injection", HOSTILE),
    ],
)
def test_query_ranks_its_paper_first(index, query, first):
    assert titles(index, query) == [first]


def test_title_match_ranks_above_abstract_matches(index):
    # "Megatron" is in two abstracts besides the title of the Megatron-Turing paper
    lunr_index, docs = index
    results = search(lunr_index, "Megatron")
    assert len(results) >= 1
    assert docs[int(results[0]["ref"])]["location"] == (
        "papers/using-deepspeed-and-megatron-to-train-megatron-turing-nlg-530b-a-large-scale/"
    )


def test_tag_name_finds_the_tagged_papers(index):
    assert set(titles(index, "Biomedical and clinical", 2)) == {
        "Fine-Tuning Large Neural Language Models for Biomedical Natural Language Processing",
        "Neural Rankers for Effective Screening Prioritisation in Medical Systematic Review Literature Search",
    }


def test_each_paper_is_indexed_once_and_listings_not_at_all(search_site):
    docs = load_documents(search_site)
    locations = [doc["location"] for doc in docs]
    assert len(locations) == len(set(locations)) == 31 + 5 + 1
    assert sorted({location.split("/")[0] for location in locations}) == ["about", "papers"]
    assert all("#" not in location for location in locations)


def test_index_keeps_titles_escaped(search_site):
    docs = load_documents(search_site)
    hostile = [doc for doc in docs if "onerror" in doc["title"]]
    assert [doc["title"] for doc in hostile] == [html.escape(HOSTILE, quote=True)]
    assert "<img" not in json.dumps(docs)


def test_page_documents_join_the_sections_of_a_page():
    entries = [
        {"location": "papers/a/", "title": "A &amp; B", "text": "", "tags": ["llm"]},
        {"location": "papers/a/#abstract", "title": "Abstract", "text": "<p>First.</p>"},
        {"location": "papers/a/#more", "title": "More", "text": "<p>Second.</p>"},
        {"location": "about/", "title": "About", "text": "<p>Hello</p>"},
    ]
    assert page_documents(entries) == [
        SearchDocument("papers/a/", "A &amp; B", "<p>First.</p> <p>Second.</p>", ("llm",)),
        SearchDocument("about/", "About", "<p>Hello</p>", ()),
    ]


def test_teaser_is_cut_at_a_word_and_escaped():
    assert teaser("<p>x &lt;b&gt; " + "word " * 60 + "</p>", 20) == "x &lt;b&gt; word word …"


def test_shards_make_up_the_unsplit_index(tmp_path, index, monkeypatch):
    """Many small shards answer every query exactly as the index built in one piece, and
    documents split into files of DOCUMENT_CHUNK come back whole and in order."""
    import generator.search_index as search_index
    from generator.search_index import build_index, teaser

    monkeypatch.setattr(search_index, "DOCUMENT_CHUNK", 10)
    lunr_index, docs = index
    documents = [
        SearchDocument(d["location"], d["title"], d["text"], tuple(d.get("tags", ()))) for d in docs
    ]
    (tmp_path / "search").mkdir()
    summary = write_index_files(tmp_path, documents, {"lang": ["en"]}, shard_bytes=500)
    assert summary["shards"] > 20
    shards = json.loads((tmp_path / "search" / "search_index.json").read_text("utf-8"))["config"]["shards"]
    assert len(documents) == 37 and shards["chunk"] == 10
    assert len(shards["documents"]) == 4 and "teasers" not in shards
    assert load_documents(tmp_path) == [
        {"location": d.location, "title": d.title, "text": teaser(d.text), "tags": list(d.tags)} for d in documents
    ]
    whole = build_index(documents)
    split, _ = load_unsplit_index(tmp_path)
    for query in ["language models", "embedding", "LLaMA-2", "7B", "prompt injection", "x", "neural rank"]:
        expected = [(r["ref"], r["score"]) for r in search(whole, query)]
        assert expected
        assert [(r["ref"], r["score"]) for r in search(split, query)] == expected


def test_two_builds_write_the_same_search_files(tmp_path, search_site):
    """Deterministic output: the same documents give byte-identical index and shards."""
    lunr_index, docs = load_unsplit_index(search_site)
    documents = [SearchDocument(d["location"], d["title"], d["text"], tuple(d.get("tags", ()))) for d in docs]
    outputs = []
    for run in ("one", "two"):
        site = tmp_path / run
        (site / "search").mkdir(parents=True)
        write_index_files(site, documents, {"lang": ["en"]})
        outputs.append({p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*.json"))})
    assert outputs[0] == outputs[1]


def test_index_rows_are_what_lunrs_builder_builds(index):
    from generator.search_index import build_index, index_rows, shard_terms

    _, docs = index
    documents = [SearchDocument(d["location"], d["title"], d["text"], tuple(d.get("tags", ()))) for d in docs]
    assert index_rows(documents) == shard_terms(build_index(documents))


def test_scores_round_as_pythons_round():
    import random

    import numpy as np

    from generator.search_index import _round_3

    values = [0.0005, 0.0015, 1.0005, 2.675, 2.6745, 10.0625, 1e-9, 0.0, 123.4565, 7.9995]
    generator = random.Random(8)
    values += [generator.uniform(0, 60) for _ in range(20_000)]
    values += [round(generator.uniform(0, 60), 4) for _ in range(20_000)]  # many exact-looking halves
    rounded = _round_3(np.array(values, dtype=np.float64)).tolist()
    assert rounded == [round(v, 3) for v in values]
