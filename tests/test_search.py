"""Search over the built site: the split files (generator/output/search_index.py) answer as one
unsplit lunr index built by the ``lunr`` package (tests/search_oracle.py);
tests/test_browser_search.py checks the browser gives the same answers."""

from __future__ import annotations

import json

import pytest

from generator.output.search_index import (
    INDEX_PATH,
    PACK_BYTES,
    SearchDocument,
    index_text,
    page_documents,
    write_index_files,
)
from conftest import edit_keeping_size
from search_oracle import (
    ORG_PAPERS,
    build_index,
    field_scores,
    load_split,
    lunr_field_scores,
    lunr_search,
    parse_query,
    split_search,
)

HOSTILE = "<img src=x onerror=alert(1)> Prompt Injection through Paper Titles"
CHINESE = "基于物联网的大模型评测"
JAPANESE = "大規模言語モデルの日本語評価"


@pytest.fixture(scope="module")
def split(search_site):
    return load_split(search_site)


@pytest.fixture(scope="module")
def lunr(split):
    documents, _ = split
    return build_index(documents), documents


def titles(split, query, n=1):
    documents, lexicon = split
    return [documents[ref].title for ref, _ in split_search(documents, lexicon, query)[:n]]


@pytest.mark.parametrize(
    ("query", "terms", "phrases"),
    [
        ("What is RLHF?", ["rlhf"], []),
        ("LLaMA-2", ["llama", "2"], []),
        ("GPT-4o", ["gpt", "4o"], []),
        ("530B", ["530b"], []),
        ("Yi: Open Foundation Models by 01.AI", ["yi", "open", "foundation", "models", "01.ai"], []),
        ("the", ["the"], []),
        ("  ?! ", [], []),
        ('"reward model" RLHF', ["reward", "model", "rlhf"], [["reward", "model"]]),
        ('"chain of thought', ["chain", "thought"], [["chain", "of", "thought"]]),
        ("物联网", ["物联", "联网"], [["物联", "联网"]]),
        ("大模", ["大模"], []),
        ("GPT-4o在中文上", ["gpt", "4o", "在中", "中文", "文上"], [["在中", "中文", "文上"]]),
        # an arXiv id as readers write it: its versionless id's term (search_index.id_term)
        ("2401.12345", [":2401.12345"], []),
        ("arXiv:2401.12345", [":2401.12345"], []),
        ("ARXIV:2401.12345v2", [":2401.12345"], []),
        ("https://arxiv.org/abs/2401.12345v3", [":2401.12345"], []),
        ("http://export.arxiv.org/pdf/2401.12345v1.pdf", [":2401.12345"], []),
        ("hep-th/9901001v2", [":hep_th/9901001"], []),
        ("arXiv:math.GT/0309136", [":math.gt/0309136"], []),
        ("llama 2307.09288 models", ["llama", ":2307.09288", "models"], []),
        # pasted with punctuation around it (parse_pasted_arxiv_id): brackets, quotes, a comma, a sentence's dot
        ("(2401.12345)", [":2401.12345"], []),
        ("see 2401.12345, 2307.09288.", ["see", ":2401.12345", ":2307.09288"], []),
        ("ARXIV:2401.12345.", [":2401.12345"], []),
        ("(arXiv:2401.12345v2),", [":2401.12345"], []),
        ("<https://arxiv.org/abs/2401.12345>", [":2401.12345"], []),
        ("[hep-th/9901001]", [":hep_th/9901001"], []),
        ("\u201c2401.12345\u201d \uff082401.12345\uff09\u3002", [":2401.12345"], []),  # curly quotes; fullwidth brackets and stop
        ("https://arxiv.org/abs/2401.12345/", [":2401.12345"], []),
        # not ids: a quoted one (a phrase of its tokens), numbers out of arXiv's grammar, a part of one
        ('"2401.12345"', ["2401.12345"], [["2401.12345"]]),
        ("1301.12345 2401.1234 0612.1234", ["1301.12345", "2401.1234", "0612.1234"], []),
        ("arXiv:2401", ["arxiv", "2401"], []),
        ("hep-th/990100", ["hep", "th", "990100"], []),
        # digits of other scripts are no id's (the worker's \d is ASCII): the word's tokens
        ("2401.\u0661\u0662\u0663\u0664\u0665", ["2401.\u0661\u0662\u0663\u0664\u0665"], []),
        ("http\u017f://arxiv.org/abs/2401.12345", ["http\u017f", "arxiv.org", "abs", "2401.12345"], []),  # long s: no "https"
        # what is left out around an id is no letter, digit or _ of any script: those stay, and make it no id
        ("(2401.\u0661\u0662\u0663\u0664\u0665)", ["2401.\u0661\u0662\u0663\u0664\u0665"], []),
        ("\u06622401.12345", ["\u06622401.12345"], []),
        ("_2401.12345", ["_2401.12345"], []),
        ("x(2401.12345)", ["x", "2401.12345"], []),
    ],
)
def test_parse_query(query, terms, phrases):
    assert parse_query(query) == (terms, phrases)


def test_cjk_runs_become_bigrams_and_latin_text_is_unchanged():
    assert index_text(CHINESE).split() == ["基于", "于物", "物联", "联网", "网的", "的大", "大模", "模型", "型评", "评测"]
    assert index_text("한국어 a 字").split() == ["한국", "국어", "a", "字"]
    assert index_text("LLaMA-2 uses GPT-4o, e.g. 4.5 times.").split() == ["LLaMA", "2", "uses", "GPT", "4o", "e.g", "4.5", "times"]


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
        ("物联网", CHINESE),  # a Chinese word in a title
        ("大模型", CHINESE),
        ("言語モデル", JAPANESE),  # Japanese
        ("한국어", JAPANESE),  # Korean, in the abstract
        ("Secrets of RLHF in Large Language Models Part I: PPO", "Secrets of RLHF in Large Language Models Part I: PPO"),
        ("2307.09288", "Llama 2: Open Foundation and Fine-Tuned Chat Models"),  # arXiv ids, as readers write them
        ("arXiv:2310.06825", "Mistral 7B"),
        ("2410.21276v2", "GPT-4o System Card"),
        ("https://arxiv.org/abs/2307.04964", "Secrets of RLHF in Large Language Models Part I: PPO"),
    ],
)
def test_query_ranks_its_paper_first(split, query, first):
    assert titles(split, query) == [first]


def test_title_match_ranks_above_abstract_matches(split):
    documents, lexicon = split
    results = split_search(documents, lexicon, "Megatron")
    assert len(results) >= 1
    assert documents[results[0][0]].location == (
        "papers/using-deepspeed-and-megatron-to-train-megatron-turing-nlg-530b-a-large-scale/"
    )


def test_tag_label_finds_the_tagged_papers(split):
    documents, _ = split
    assert set(titles(split, "Medicine and clinical AI", 2)) == {
        "Fine-Tuning Large Neural Language Models for Biomedical Natural Language Processing",
        "Neural Rankers for Effective Screening Prioritisation in Medical Systematic Review Literature Search",
    }
    from generator.catalog.tagging import load_taxonomy

    labels = {tag.label for tag in load_taxonomy().tags}
    tags = {d.title: d.tags for d in documents}["2D Matryoshka Sentence Embeddings"]
    assert tags and set(tags) <= labels  # labels, as readers see them, not slugs


def holding(documents, *words):
    return {n for n, d in enumerate(documents)
            if all(any(w.startswith(word) for w in parse_query(" ".join([d.title, *d.authors, *d.tags, d.text]))[0])
                   for word in words)}


def test_several_words_find_the_papers_holding_all_of_them(split):
    documents, lexicon = split
    results = split_search(documents, lexicon, "neural ranking")
    assert {ref for ref, _ in results} == holding(documents, "neural", "ranking")
    assert len(results) == 4 < min(len(holding(documents, "neural")), len(holding(documents, "ranking")))
    # no paper holds both words: the papers holding either
    assert len(split_search(documents, lexicon, "matryoshka rlhf")) == 2


def test_a_quoted_phrase_matches_as_a_phrase(split):
    documents, lexicon = split
    loose = split_search(documents, lexicon, "models language")
    phrase = split_search(documents, lexicon, '"models language"')
    assert len(loose) > 20 and phrase == []
    assert titles(split, '"foundation and fine"', 5) == ["Llama 2: Open Foundation and Fine-Tuned Chat Models"]
    assert len(split_search(documents, lexicon, "foundation fine")) > 1
    assert split_search(documents, lexicon, "大模型语") == []  # CJK words are phrases: 大模型 then 型语
    # A phrase's words are whole words (the search page's help: "as an exact phrase"): its last
    # word is no prefix, as an unquoted last word is.
    overview = "A Comprehensive Overview of Large Language Models"
    assert overview in titles(split, "language model", 40) and overview in titles(split, '"language models"', 40)
    assert overview not in titles(split, '"language model"', 40)


def test_each_paper_is_indexed_once_from_the_catalog(search_site, split):
    documents, _ = split
    locations = [doc.location for doc in documents]
    assert len(locations) == len(set(locations)) == 31 + 7 + 1
    assert sorted({location.split("/")[0] for location in locations}) == ["about", "papers"]
    assert locations[0] == "about/" and all("#" not in location for location in locations)
    llama = next(d for d in documents if d.title.startswith("Llama 2"))
    assert llama.authors == ("Hugo Touvron", "Louis Martin", "Kevin Stone")
    assert llama.text.startswith("In this work, we develop and release Llama 2")
    assert llama.arxiv_id == "2307.09288" and {d.arxiv_id for d in documents if d.title == "Mistral 7B"} == {"2310.06825"}
    assert sum(bool(d.arxiv_id) for d in documents) == 4  # the search fixture's papers with an id
    # paper pages are left out of Material's own search
    page = (search_site.parent / "site_src" / "papers" / "mistral-7b.md").read_text("utf-8")
    assert "\nsearch:\n  exclude: true\n" in page


def test_titles_are_stored_as_text(split):
    documents, _ = split
    assert [d.title for d in documents if "onerror" in d.title] == [HOSTILE]


def test_page_documents_join_the_sections_of_a_page_as_text():
    entries = [
        {"location": "papers/a/", "title": "A &amp; B", "text": ""},
        {"location": "about/", "title": "About", "text": "<p>Hello &amp; welcome</p>"},
        {"location": "about/#more", "title": "More", "text": "<p>Second.</p>"},
    ]
    assert page_documents(entries, skip=["papers/a/"]) == [SearchDocument("about/", "About", "Hello & welcome Second.")]


QUERIES = ["language models", "embedding", "LLaMA-2", "7B", "prompt injection", "x", "neural rank", "2", "ma",
           "model language", "de", "sentence sent", '"open foundation"', "物联网", "大模", "한국어", "Touvron",
           "matryoshka rlhf", "Medicine and clinical AI"]


@pytest.mark.parametrize("pack_bytes", [PACK_BYTES, 40], ids=["one pack a term", "packs of 40 bytes"])
def test_split_files_answer_as_the_unsplit_lunr_index(tmp_path, lunr, pack_bytes):
    """Small shards, two postings inline, chunks of three postings and three documents a
    file, a term's small levels of the title, authors and tags in one pack or in several:
    every field score the worker computes from the files is the lunr package's, and every
    query's results, scores and order from the files are those of its index."""
    index, documents = lunr
    summary = write_index_files(tmp_path, documents, {"lang": ["en"]}, shard_bytes=500, inline=2, chunk=3,
                                chunk_postings=3, pack_bytes=pack_bytes)
    assert summary["shards"] > 20
    assert field_scores(tmp_path) == lunr_field_scores(index)
    shards = json.loads((tmp_path / INDEX_PATH).read_text("utf-8"))["config"]["shards"]
    assert len(list((tmp_path / "search" / "docs").iterdir())) == 13 and shards["count"] == 39
    assert len(list((tmp_path / "search" / "postings").iterdir())) > 50
    files, lexicon = load_split(tmp_path)
    assert files == documents
    for query in QUERIES:
        expected = lunr_search(index, documents, query)
        assert expected, query
        answer = split_search(files, lexicon, query)
        assert [ref for ref, _ in answer] == [ref for ref, _ in expected], query
        assert [s for _, s in answer] == pytest.approx([s for _, s in expected], rel=0, abs=1e-9), query


ID_PAPERS = [
    SearchDocument("papers/old-hep-th/", "Strings on branes", "An old paper of string theory.", ("A. Theorist",),
                   arxiv_id="hep-th/9901001"),
    SearchDocument("papers/old-hep-ph/", "Quarks in the theory of branes", "Same number, another archive.",
                   ("B. Phenomenologist",), arxiv_id="hep-ph/9901001"),
    SearchDocument("papers/old-math/", "Knots", "Three-manifolds and knots.", ("C. Topologist",),
                   arxiv_id="math.GT/0309136"),
    SearchDocument("papers/four-digits/", "An id of 2014", "Four digits after the dot.", arxiv_id="1412.6980"),
    SearchDocument("papers/citing/", "A paper citing Llama 2", "We extend arXiv:2307.09288 and 2307.09288v2 to "
                   "more languages; see https://arxiv.org/abs/2307.09288 and 2401 12345.", arxiv_id="2401.12345"),
]
"""Papers with ids of every shape (old style with and without a subject class, new style of 4
and 5 digits), two old ones of the same number, and one whose abstract writes another's id."""
ID_QUERIES = ["2307.09288", "arXiv:2307.09288", "2307.09288v2", "https://arxiv.org/abs/2307.09288",
              "https://arxiv.org/pdf/2307.09288v1.pdf", "hep-th/9901001", "arXiv:hep-th/9901001v2",
              "hep-ph/9901001", "math.GT/0309136", "arXiv:math.GT/0309136v1", "1412.6980", "2401.12345",
              "2307.09288 language", "2307.09288 mistral", '"2307.09288"', "hep-th 9901001", "9901001", "2401",
              "language models", "llama", "branes theory"]


def _split_answers_as_lunr(folder, documents, queries: list[str]) -> dict[str, list[str]]:
    """``documents`` written as search files in ``folder`` (500-byte shards, three postings a
    chunk): asserts every field score and, for each of ``queries``, every result and score of
    the files are the lunr package's index's; returns each query's result locations."""
    index = build_index(documents)
    write_index_files(folder, documents, {"lang": ["en"]}, shard_bytes=500, inline=2, chunk=3, chunk_postings=3)
    assert field_scores(folder) == lunr_field_scores(index)
    files, lexicon = load_split(folder)
    assert files == documents
    answers = {}
    for query in queries:
        expected = lunr_search(index, documents, query)
        answer = split_search(files, lexicon, query)
        assert [ref for ref, _ in answer] == [ref for ref, _ in expected], query
        assert [s for _, s in answer] == pytest.approx([s for _, s in expected], rel=0, abs=1e-9), query
        answers[query] = [documents[ref].location for ref, _ in answer]
    return answers


def test_an_arxiv_id_finds_its_paper_first_and_the_files_answer_as_lunr(tmp_path, split):
    """A paper's arXiv id, as readers write it (bare, arXiv:, vN, an abs or pdf URL; new and
    old style), finds that paper first; the split files answer every such query as the
    unsplit lunr index with the same ``id`` field and boost. No other query word reaches the
    ids: a number (``2401``, ``9901001``) or an archive's name finds the abstracts' words only,
    and a quoted id the abstract's text."""
    documents = split[0] + ID_PAPERS
    answers = _split_answers_as_lunr(tmp_path, documents, ID_QUERIES)
    by_location = {doc.location: n for n, doc in enumerate(documents)}
    llama = "papers/llama-2-open-foundation-and-fine-tuned-chat-models/"
    assert llama in by_location
    for query in ID_QUERIES[:5]:
        assert answers[query] == [llama], query  # the citing paper's abstract is not its id
    assert answers["hep-th/9901001"] == answers["arXiv:hep-th/9901001v2"] == ["papers/old-hep-th/"]
    assert answers["hep-ph/9901001"] == ["papers/old-hep-ph/"]
    assert answers["math.GT/0309136"] == answers["arXiv:math.GT/0309136v1"] == ["papers/old-math/"]
    assert answers["1412.6980"] == ["papers/four-digits/"] and answers["2401.12345"] == ["papers/citing/"]
    assert answers["2307.09288 language"] == [llama]
    assert answers["2307.09288 mistral"][:2] == [llama, "papers/mistral-7b/"]  # no paper holds both: the id's first
    # not ids: the abstract's own tokens
    assert answers['"2307.09288"'] == ["papers/citing/"] and answers["2401"] == ["papers/citing/"]
    assert answers["9901001"] == []
    # the ids are terms no query word's prefix reaches
    lexicon = load_split(tmp_path)[1]
    assert sorted(term for term in lexicon if term.startswith(":")) == [
        ":1412.6980", ":2307.04964", ":2307.09288", ":2310.06825", ":2401.12345", ":2410.21276",
        ":hep_ph/9901001", ":hep_th/9901001", ":math.gt/0309136"]
    assert not any(term.startswith(":") for query in ["2", "24", "2401", "23", "hep", "math", "arxiv", "1412"]
                   for term in lexicon if term.startswith(query))


def test_two_builds_write_the_same_search_files_and_remove_stale_ones(tmp_path, split):
    documents, _ = split
    outputs = []
    for run in ("one", "two"):
        site = tmp_path / run
        write_index_files(site, documents, {"lang": ["en"]})
        outputs.append({p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*.json"))})
    assert outputs[0] == outputs[1]
    site = tmp_path / "one"
    write_index_files(site, documents[:-5], {"lang": ["en"]})
    after = {p.relative_to(site) for p in site.rglob("*.json")}
    docs_files = {p for p in after if p.parts[1] == "docs"}
    assert len(docs_files) == 17 and all((site / p).read_bytes() == outputs[0][p] for p in docs_files)
    assert len(after) < len(outputs[0])


def search_files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "search").rglob("*.json"))}


SMALL = {"shard_bytes": 1000, "inline": 8, "chunk": 3, "chunk_postings": 4}


@pytest.mark.parametrize("in_memory", [True, False], ids=["state kept in memory", "state read from the cache"])
def test_a_cached_build_writes_what_a_clean_build_writes(tmp_path, split, in_memory):
    """With the cache, a build after another counts only the documents that are new or
    changed since (between the unchanged first and last ones), rewrites only the files
    whose bytes change, and its files are a clean build's: after adding documents, editing
    one at the end and one near the start, and removing some in the middle and at the end;
    with the last build's state kept in the process (as under ``mkdocs serve``) or read
    from the cache file (a new process)."""
    import dataclasses
    import os

    from generator.output import search_index

    documents, _ = split
    cache, site = tmp_path / "cache", tmp_path / "site"
    small = write_index_files(site, documents[:-6], {}, cache=cache, **SMALL)
    assert small["counted"] == len(documents) - 6
    edited = [*documents[:-3], dataclasses.replace(documents[-3], title="Edited title of a paper"), *documents[-2:]]
    early = [*documents[:5], dataclasses.replace(documents[5], text=documents[5].text + " Zebrafinch"), *documents[6:]]
    cut = early[:10] + early[13:]
    steps = [(documents, 6), (edited, 1), (documents, 1), (early, 1), (cut, 0), (documents[:-4], len(documents) - 9),
             (documents, 4)]
    for number, (step, counted) in enumerate(steps):
        if not in_memory:
            search_index._kept.clear()
        files = search_files(site)
        stamps = {path: os.stat(site / path).st_mtime_ns for path in files}
        summary = write_index_files(site, step, {}, cache=cache, **SMALL)
        assert summary["counted"] == counted, number
        if number not in (4, 5):  # those renumber most documents, so most terms change
            assert 0 < summary["computed"] < summary["terms"] / 2
        clean = tmp_path / f"clean-{number}"
        write_index_files(clean, step, {}, **SMALL)
        now = search_files(site)
        assert now == search_files(clean), number
        # a file is written again exactly when its bytes change
        rewritten = {path for path in files.keys() & now.keys() if os.stat(site / path).st_mtime_ns != stamps[path]}
        assert rewritten == {path for path in files.keys() & now.keys() if files[path] != now[path]}, number
        if number == 0:
            kept = [path for path in files if path in now and path not in rewritten]
            assert len(kept) > len(files) / 2  # docs, postings and shards of the first papers untouched
            first_docs = [f"search/docs/{n}.json" for n in range((len(documents) - 6) // 3)]
            assert first_docs and set(first_docs) <= set(kept)
        if number == 3:  # one document edited near the start: its file is the one document file written
            assert {path for path in rewritten if "/docs/" in path} == {"search/docs/1.json"}


@pytest.mark.parametrize("change", ["postings edited", "docs edited", "terms edited", "postings removed", "postings touched"])
def test_a_cached_build_writes_again_a_search_file_changed_since_the_last_build(tmp_path, split, change):
    """A search file the last build left, edited by hand since with its size kept (or
    removed), is written again by the next cached build (as a dirty build's worker makes it),
    on a build with nothing else changed (the state read from the cache) and on a new day's
    (documents added, the state kept in memory): its files are then a clean build's, and no
    other file is written again but those whose bytes change. A file only touched (same
    bytes, a later time) is read, found right and left as it is."""
    import os

    from generator.output import search_index

    documents, _ = split
    cache, site = tmp_path / "cache", tmp_path / "site"
    write_index_files(site, documents[:-6], {}, cache=cache, **SMALL)
    for number, step in enumerate([documents[:-6], documents]):
        if number == 0:
            search_index._kept.clear()
        clean = tmp_path / f"clean-{number}"
        write_index_files(clean, step, {}, **SMALL)
        files, wanted = search_files(site), search_files(clean)
        # a file of the kind changed that this step keeps (as it is, when there is one)
        kept = [path for path in files if f"/{change.split()[0]}/" in path and path in wanted]
        target = next((path for path in kept if wanted[path] == files[path]), kept[0])
        later = os.stat(site / target).st_mtime_ns + 2_000_000_000  # a hand edit's time, seconds after the
        if change == "postings removed":  # build's (the file system's clock may not have ticked since it wrote the file)
            (site / target).unlink()
        else:
            if change != "postings touched":
                edit_keeping_size(site / target)
                assert (site / target).read_bytes() != files[target]
            os.utime(site / target, ns=(later, later))
        stamps = {path: os.stat(site / path).st_mtime_ns for path in files if (site / path).exists()}
        summary = write_index_files(site, step, {}, cache=cache, **SMALL)
        now = search_files(site)
        assert now == wanted, number
        if change != "terms edited":  # (a lexicon shard not as the state says: every term computed again)
            assert summary["computed"] < summary["terms"] / 2, number
        rewritten = {path for path in stamps.keys() & now.keys() if os.stat(site / path).st_mtime_ns != stamps[path]}
        changed = {path for path in stamps.keys() & now.keys() if files[path] != now[path]}
        if change == "postings touched":
            assert rewritten == changed and os.stat(site / target).st_mtime_ns == later, number
        elif change == "postings removed":
            assert rewritten == changed and now[target] == files[target], number
        else:
            assert rewritten == changed | {target}, number


def test_the_last_builds_state_is_built_on_only_while_it_describes_the_files(tmp_path, split):
    """search_index.reusable_state: the state kept in memory or read from the cache is used
    only with the same settings, while the lexicon shards on disk are the ones it wrote, and
    (read from the cache) when its bytes are the ones the marker names."""
    from generator.output import search_index
    from generator.output.search_index import STATE_NAME, reusable_state

    documents, _ = split
    cache, site = tmp_path / "cache", tmp_path / "site"
    write_index_files(site, documents[:20], {}, cache=cache, **SMALL)
    marker = json.loads((cache / (STATE_NAME + ".json")).read_text("utf-8"))
    saved = (cache / STATE_NAME).read_bytes()
    shards = b"".join((site / "search" / "terms" / f"{n}.json").read_bytes() for n in range(marker["shards"]))
    settings, kept = marker["settings"], search_index._kept["state"]
    assert kept.token == marker["token"] and len(kept.keys) == 20
    assert reusable_state(marker, settings, shards, kept, None) is kept
    decoded = reusable_state(marker, settings, shards, None, saved)
    assert decoded is not None and decoded.token == kept.token
    assert (decoded.keys, decoded.lexicon, decoded.numbers, decoded.sizes, decoded.starts, decoded.chunks) == (
        kept.keys, kept.lexicon, kept.numbers, kept.sizes, kept.starts, kept.chunks)
    assert decoded.known == kept.known and len(kept.known) == len(list((site / "search" / "postings").iterdir())) > 0
    assert decoded.counts.arrays() == kept.counts.arrays() and decoded.counts.term_index == kept.counts.term_index
    assert reusable_state(marker, [*settings[:-1], settings[-1] + 1], shards, kept, saved) is None  # other settings
    assert reusable_state(marker, settings, shards.replace(b"[", b"[ ", 1), kept, saved) is None  # a shard changed
    assert reusable_state(marker, settings, shards, None, saved[:-1]) is None  # not the state the marker names
    assert reusable_state({**marker, "token": "0" * 64}, settings, shards, kept, saved) is None
    assert reusable_state(marker, settings, shards, None, None) is None


def test_a_search_build_cut_short_leaves_nothing_taken_for_current(tmp_path, split, monkeypatch):
    from generator.output import search_index
    from generator.output.search_index import STATE_NAME

    documents, _ = split
    cache, site = tmp_path / "cache", tmp_path / "site"
    write_index_files(site, documents[:-3], {}, cache=cache, **SMALL)
    real = search_index.term_levels

    def cut_short(*args, **kwargs):
        rows = real(*args, **kwargs)
        yield next(rows)
        raise RuntimeError("cut short")

    monkeypatch.setattr(search_index, "term_levels", cut_short)
    with pytest.raises(RuntimeError, match="cut short"):
        write_index_files(site, documents, {}, cache=cache, **SMALL)
    assert not (cache / STATE_NAME).exists() and not (cache / (STATE_NAME + ".json")).exists()
    assert search_index._kept == {}
    monkeypatch.undo()
    summary = write_index_files(site, documents, {}, cache=cache, **SMALL)
    assert summary["counted"] == len(documents)  # computed whole
    write_index_files(tmp_path / "clean", documents, {}, **SMALL)
    assert search_files(site) == search_files(tmp_path / "clean")


@pytest.mark.parametrize(("where", "kind"), [
    (where, kind) for where in ("postings", "docs", "terms", "search_index.json", "shards")
    for kind in ("link out", "dangling link", "directory") if (where, kind) != ("shards", "directory")
] + [("stray in postings", "directory")])
def test_a_cached_build_replaces_a_link_or_folder_in_the_search_folder_and_writes_nothing_outside(
        tmp_path, split, kind, where):
    """A link (to a file outside the site, or dangling) or a folder at a search file's path
    (or a stray one in ``postings/``, or at an earlier layout's ``shards`` folder) is replaced
    by the build: the path is then a regular file holding a clean build's bytes (or gone), the
    file outside is unchanged and no file is made where a dangling link pointed. Before, the
    build wrote through the link into its target (making a dangling link's) and failed on a
    folder (IsADirectoryError)."""
    import os
    import stat

    from generator.output import search_index

    documents, _ = split
    cache, site = tmp_path / "cache", tmp_path / "site"
    write_index_files(site, documents, {}, cache=cache, **SMALL)
    search_index._kept.clear()  # the state read from the cache, as a new `mkdocs build --dirty` does
    clean = tmp_path / "clean"
    write_index_files(clean, documents, {}, **SMALL)
    wanted = search_files(clean)
    if where in ("stray in postings", "shards"):
        target = "search/postings/stray.json" if where == "stray in postings" else "search/shards"
    else:
        target = next(path for path in sorted(wanted) if path.startswith(f"search/{where}") and "/" in path[7:]) \
            if where != "search_index.json" else "search/search_index.json"
    outside, missing = tmp_path / "victim.txt", tmp_path / "nowhere" / "made.json"
    outside.write_text("not the site's\n", encoding="utf-8")
    path = site / target
    if path.exists():
        path.unlink()
    if kind == "link out":
        path.symlink_to(outside)
    elif kind == "dangling link":
        missing.parent.mkdir()
        path.symlink_to(missing)
    else:
        path.mkdir()
        (path / "inside.json").write_text("[]", encoding="utf-8")
    write_index_files(site, documents, {}, cache=cache, **SMALL)
    assert outside.read_text(encoding="utf-8") == "not the site's\n" and not missing.exists()
    if target in wanted:
        assert stat.S_ISREG(os.lstat(path).st_mode) and path.read_bytes() == wanted[target]
    else:
        assert not os.path.lexists(path)
    assert search_files(site) == wanted


def test_a_paper_listed_on_more_days_names_them_in_its_document(real_site):
    """The search page's date filter keeps a paper listed on any day of its range, so a
    paper's document names the other days it was listed on (FORMAT 7's eighth value, only
    for such papers: a document grows with its own listings, not with the archive)."""
    documents, _ = load_split(real_site)
    gameworld = next(d for d in documents if d.title.startswith("GameWorld"))
    assert (gameworld.date, gameworld.also) == ("2026-04-10", ("2026-04-16",))
    assert sum(bool(d.also) for d in documents) == 1
    shards = json.loads((real_site / "search" / "search_index.json").read_text("utf-8"))["config"]["shards"]
    rows = [row for n in range(-(-shards["count"] // shards["chunk"])) for row in json.loads((real_site / "search" / f"docs/{n}.json").read_text("utf-8"))]
    assert [row[8:] for row in rows if row[8:]] == [[["2026-04-16"]]]
    assert all(len(row) == 8 for row in rows if not row[0].startswith("papers/gameworld"))


def test_a_papers_organization_is_searched(real_site):
    """The organization a paper page names (Hugging Face's, from the catalog) is a field of the
    index (FORMAT 8: the document's eighth value): GameWorld's "National University of
    Singapore", which neither its title, authors, tags nor abstract holds, finds it, and the
    files answer as lunr's index."""
    documents, lexicon = load_split(real_site)
    gameworld = next(d for d in documents if d.title.startswith("GameWorld"))
    assert gameworld.organization == "National University of Singapore"
    assert [d.title for d in documents if d.organization] == [gameworld.title]
    assert "singapore" not in " ".join([gameworld.title, *gameworld.authors, *gameworld.tags, gameworld.text]).lower()
    index = build_index(documents)
    for query in ["Singapore", "National University of Singapore", "singapore agents"]:
        answer = split_search(documents, lexicon, query)
        assert [documents[ref].title for ref, _ in answer] == [gameworld.title], query
        expected = lunr_search(index, documents, query)
        assert [ref for ref, _ in answer] == [ref for ref, _ in expected], query
        assert [s for _, s in answer] == pytest.approx([s for _, s in expected], rel=0, abs=1e-9), query


ORG_QUERIES = ["台灣大學", "台灣", "大學", "Nex-AGI", "nex", '"Nex-AGI"', "google", "DeepMind planning", "agent",
               "agents nex", "Google DeepMind", "2401.12345", "taiwanese"]


def test_an_organization_finds_its_papers_and_the_files_answer_as_lunr(tmp_path, split):
    """An organization is searched as the other fields (its CJK words as bigrams, a CJK word
    of three or more characters as a phrase), with a boost below the title's and the
    authors': every field score and every answer of the split files is the lunr package's
    index's with the same ``organization`` field."""
    answers = _split_answers_as_lunr(tmp_path, split[0] + ORG_PAPERS, ORG_QUERIES)
    # the title's phrase first, then the organization's; the organization above an abstract's mention
    assert answers["台灣大學"] == ["papers/ntu-students/", "papers/ntu/"]
    assert answers["Nex-AGI"] == answers['"Nex-AGI"'] == ["papers/nex/", "papers/nex-cited/"]
    assert answers["Google DeepMind"] == answers["google"] == ["papers/nex-cited/", "papers/deepmind/"]  # equal: in order
    assert answers["DeepMind planning"] == ["papers/deepmind/"]
    assert answers["agents nex"] == ["papers/nex/", "papers/nex-cited/"]
    assert answers["2401.12345"] == ["papers/deepmind/"]


def test_the_search_pages_help_says_how_fields_weigh_as_the_index_boosts_them(search_site, lunr):
    """The help said "Titles count most, then authors and tags, then abstracts", which lunr's
    scores do not keep: for "language" the first result has no such word in its title, and a
    paper titled "In-Context Language Learning…" comes third (rarer words, and shorter fields,
    count more). It says what the boosts are, as the index holds them, and that a title match
    comes first usually, not always."""
    import html
    import re

    index, documents = lunr
    results = [documents[ref].title for ref, _ in lunr_search(index, documents, "language")]
    assert "language" not in results[0].lower() and results[2].startswith("In-Context Language Learning")
    page = (search_site / "search" / "index.html").read_text(encoding="utf-8")
    help_text = " ".join(re.sub(r"<[^>]+>", "", re.search(r'<p id="paper-search-help"[^>]*>(.*?)</p>', page, re.S)[1]).split())
    shards = json.loads((search_site / INDEX_PATH).read_text(encoding="utf-8"))["config"]["shards"]
    boost = dict(zip(shards["fields"], shards["boosts"]))
    assert (boost["title"] / boost["text"], boost["authors"] / boost["text"], boost["tags"] / boost["text"]) == (10, 5, 5)
    assert html.unescape(help_text) == (
        'Papers holding every word (the last one also as the start of a word); "quoted words" as an exact phrase. '
        "A word found in a title counts ten times as much as in the abstract, in the authors or tags five times; "
        "rarer words, and words in shorter fields, count more. So a title match usually comes first, but not always."
    )
    assert "count most" not in help_text
