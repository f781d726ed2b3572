"""Reference implementations for the search tests (and bench/search.py's check), not used
by the site:

* :func:`build_index` — the unsplit lunr index of the documents, built by the ``lunr``
  package's own Builder (with the site's tokenizing, CJK bigrams included), and
  :func:`lunr_search`, which asks it a query as the search worker does (every word a
  required clause ``+word``, the last ``+word*``; the optional clauses when no document holds them all;
  quoted phrases and CJK words of three or more characters as phrases).
* :func:`load_split` and :func:`split_search` — the split files of a built site read back
  and searched as the worker searches them (impacts from the postings), so the tests can
  hold the files' answers equal to lunr's.
* :func:`parse_query` — the query syntax (the worker's ``parseQuery`` mirrors it).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Collection, Container
from pathlib import Path
from typing import Any

from lunr.builder import Builder
from lunr.query import Query, QueryPresence
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from generator.core.arxiv_id import ArxivIdError, parse_pasted_arxiv_id
from generator.output.search_index import (
    CJK_RUN,
    FIELDS,
    INDEX_PATH,
    TEXT_BIT,
    B,
    K1,
    SEARCH_DIR,
    SearchDocument,
    field_values,
    id_term,
    index_text,
    utf16_key,
)

_PARTS = re.compile(r'"([^"]*)(?:"|$)|[^"]+')


def tokens(text: str) -> list[str]:
    """``text`` as the index's tokens, stop words kept: :func:`index_text`, lower case,
    split on whitespace and ``-`` (lunr's tokenizer)."""
    return [t for t in re.split(r"[\s\-]+", index_text(text).lower()) if t]


def word_terms(text: str) -> list[str]:
    """The terms of unquoted query text: each word (between whitespace) that is an arXiv id
    as readers write it (:func:`~generator.core.arxiv_id.parse_pasted_arxiv_id`: ``2401.12345``,
    ``arXiv:2401.12345``, ``2401.12345v2``, an abs/pdf URL, ``hep-th/9901001``, each with
    punctuation around it: ``(2401.12345)``, ``arXiv:2401.12345.``) as that id's
    term (:func:`~generator.output.search_index.id_term`), every other word as its
    :func:`tokens`, in order."""
    terms: list[str] = []
    for word in text.split():
        try:
            terms.append(id_term(parse_pasted_arxiv_id(word)))
        except ArxivIdError:
            terms += tokens(word)
    return terms


def parse_query(query: str) -> tuple[list[str], list[list[str]]]:
    """``(terms, phrases)`` of a query. ``terms``: every word's tokens (:func:`tokens`; an
    unquoted word that is an arXiv id, its id's term: :func:`word_terms`), stop words
    dropped unless nothing else is left, each once; each is a required lunr clause, the
    word itself (:func:`whole_terms`), but the word being typed (:func:`prefix_term`) and
    every stop word of a query of stop words alone a prefix when longer than one character.
    ``phrases``: the tokens of each quoted part (a missing closing quote ends at the query's
    end) and of each CJK word of three or more characters; a document must hold each
    phrase's tokens one after the other in one field."""
    terms, phrases, _, _ = _parts(query)
    return terms, phrases


def prefix_term(query: str) -> str | None:
    """The term of ``query`` (:func:`parse_query`) that is a prefix, lunr's ``+term*``: the
    query's last token when it was typed outside quotes and is one of the terms and longer
    than one character (the word a reader is typing: ``reward mod`` finds ``models``).
    Every other term is a whole word (``multi agent`` does not find "multimodal agents";
    a quoted phrase's words, ``"large language models"``, are whole words); None when the
    query ends inside or with a quote, or its last word is a stop word left out (the
    worker's parseQuery ``prefix``)."""
    terms, _, last, _ = _parts(query)
    return last if last is not None and last in terms and len(last) > 1 else None


def whole_terms(query: str) -> set[str]:
    """The terms of ``query`` (:func:`parse_query`) that are whole words, each a lunr clause
    of the term itself: every term but :func:`prefix_term`, none when every term is a stop
    word (no index term is one: the page says they are searched as beginnings of words)
    (the worker's parseQuery ``whole``)."""
    terms, _, _, _ = _parts(query)
    if all(term in STOP_WORDS for term in terms):
        return set()
    return set(terms) - {prefix_term(query)}


def searched_whole(query: str, known: Container[str]) -> set[str]:
    """The terms of ``query`` searched as whole words in an index of the terms ``known``:
    :func:`whole_terms`, but a word typed outside quotes that no index term is (a word cut
    short: ``diffus model``) is searched as the start of words, lunr's ``+diffus*`` (the
    worker's search(), clauseOf)."""
    _, _, _, loose = _parts(query)
    return {t for t in whole_terms(query) if t in known or t not in loose or len(t) <= 1}


def _parts(query: str) -> tuple[list[str], list[list[str]], str | None, set[str]]:
    """``(terms, phrases, last, loose)``: :func:`parse_query`'s, the query's last token when it
    was typed outside quotes, else None, and the tokens typed outside quotes."""
    words: list[str] = []
    phrases: list[list[str]] = []
    last: str | None = None
    loose: set[str] = set()
    for match in _PARTS.finditer(query):
        if match.group(0).startswith('"'):
            phrase = tokens(match.group(1))
            if phrase:
                phrases.append(phrase)
                last = None
            words += phrase
        else:
            found = word_terms(match.group(0))
            loose.update(found)
            if found:
                last = found[-1]
            words += found
            for run in CJK_RUN.findall(match.group(0)):
                if len(run) >= 3:
                    phrases.append(tokens(run))
    terms: list[str] = []
    for word in words:
        if word not in terms:
            terms.append(word)
    kept = [t for t in terms if t not in STOP_WORDS]
    return kept or terms, phrases, last, loose


def holds_phrase(doc: SearchDocument, phrase: list[str]) -> bool:
    """Whether one field of ``doc`` holds the tokens of ``phrase`` one after the other."""
    n = len(phrase)
    for value in (doc.title, " ".join(doc.authors), " ".join(doc.tags), doc.text, doc.organization):
        words = tokens(value)
        if any(words[i : i + n] == phrase for i in range(len(words) - n + 1)):
            return True
    return False


def rank_key(score: float, magnitude: float) -> int:
    """The rank of a result of ``score`` for a query vector of ``magnitude``: the score's sum
    before the query norm (Σ weight × impact) in thousandths, rounded; results rank by it,
    then by document (the worker's ``rankKey``). Every impact is rounded to 3 places (lunr's
    Builder) and every weight is a whole number, so equal sums are equal in thousandths,
    however their last bits came out: lunr adds a document's per-field scores in the order
    it met the fields, the worker adds per term."""
    return round(score * magnitude * 1000)


def clause_expansions(terms: list[str], whole: set[str], index_terms: Collection[str]) -> list[list[str]]:
    """The index terms (of ``index_terms``) each clause of ``terms`` reaches: the term itself
    when in ``whole`` or one character long, else every index term it begins (lunr's
    ``+term*``); none when the index has no such term."""
    return [[k for k in index_terms if k.startswith(t)] if len(t) > 1 and t not in whole else [t] * (t in index_terms)
            for t in terms]


def query_magnitude(expansions: list[list[str]]) -> float:
    """The magnitude of lunr's query vector for clauses that expand to ``expansions`` (the
    index terms of each clause): each term's weight is how many clauses reach it (boost 1)."""
    weights = Counter(term for expanded in expansions for term in expanded)
    return math.sqrt(sum(w * w for w in weights.values()))


def build_index(documents: list[SearchDocument]):
    """The unsplit index of ``documents`` built by the ``lunr`` package's Builder (each
    document's ref is its position in the list). Slow: small sites only."""
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter)
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for number, doc in enumerate(documents):
        builder.add({"ref": str(number), **field_values(doc)})
    return builder.build()


def shard_terms(index) -> list[list[Any]]:
    """Every term of ``index`` as ``[term, term_index, [[doc, score, …] per field]]``,
    sorted as JavaScript sorts strings; ``score`` is the term's component of the document's
    field vector: what :func:`generator.output.search_index.index_rows` computes."""
    serialized = index.serialize()
    vectors: dict[str, dict[int, float]] = {}
    for field_ref, elements in serialized["fieldVectors"]:
        vectors[field_ref] = dict(zip(elements[::2], elements[1::2]))
    rows = []
    for term, posting in serialized["invertedIndex"]:
        term_index = posting["_index"]
        per_field = []
        for name in FIELDS:
            flat: list[float | int] = []
            for ref in sorted(posting.get(name, {}), key=int):
                flat += [int(ref), vectors[f"{name}/{ref}"][term_index]]
            per_field.append(flat)
        rows.append([term, term_index, per_field])
    return sorted(rows, key=lambda row: utf16_key(row[0]))


def lunr_search(index, documents: list[SearchDocument], query: str) -> list[tuple[int, float]]:
    """``(document, score)`` for ``query`` from the unsplit lunr ``index``, best first (by
    :func:`rank_key`, then document): the required clauses' results that hold every
    phrase; without phrases and with no result, the optional clauses' results. Words that
    no indexed term equals or (longer than one character) starts are left out, as the
    worker leaves them out, unless every word is such."""
    terms, phrases = parse_query(query)
    if not terms:
        return []
    whole = searched_whole(query, index.inverted_index)
    prefix = {t for t in terms if len(t) > 1 and t not in whole}
    reached = dict(zip(terms, clause_expansions(terms, whole, index.inverted_index)))
    terms = [t for t in terms if reached[t]] or terms
    magnitude = query_magnitude([reached[t] for t in terms])

    def run(presence) -> list[tuple[int, float]]:
        q = index.create_query()
        for term in terms:
            wildcard = Query.WILDCARD_TRAILING if term in prefix else Query.WILDCARD_NONE
            q.term(term, wildcard=wildcard, use_pipeline=False, presence=presence)
        found = [(int(r["ref"]), r["score"]) for r in index.query(q)]
        return sorted(found, key=lambda r: (-rank_key(r[1], magnitude), r[0]))

    results = run(QueryPresence.REQUIRED)
    if phrases:
        return [r for r in results if all(holds_phrase(documents[r[0]], p) for p in phrases)]
    return results or run(QueryPresence.OPTIONAL)


def posting_score(df: int, count: int, tf: int, length: int, average: float, boost: int) -> float:
    """A term's score in one field of one document, as lunr's Builder computes it (its
    float operations in its order, rounded to 3 places): what the worker computes from a
    posting's ``tf`` and field ``length``, the term's ``df``, the number of documents and
    the field's average length."""
    idf = math.log(1 + abs((count - df + 0.5) / (df + 0.5)))
    score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf)
    score *= boost
    score *= 1  # lunr's document boost
    return round(score, 3)


def undelta(flat: list[int], width: int) -> list[int]:
    """A stored postings list with every ``doc`` as its number (the stored docs after the
    first are differences from the one before)."""
    out = list(flat)
    for at in range(width, len(out), width):
        out[at] += out[at - width]
    return out


def postings_of(shards: dict[str, Any], folder: Path, df: int, levels: list[Any]) -> list[tuple[int, list[float]]]:
    """A lexicon row's postings read back (inline and chunks), in stored order, as ``(doc,
    per-field scores)`` (0 for fields without the term)."""
    count = shards["count"]
    averages = [total / count for total in shards["lengths"]]
    out = []
    idf = math.log(1 + abs((count - df + 0.5) / (df + 0.5)))
    for mask, bound, inline, chunks, guess in levels:
        fields = [f for f in range(len(FIELDS)) if mask & (1 << f)]
        width = 1 + 2 * len(fields)
        assert len(bound) == 2 * len(fields)
        # the worker's levelBound from the level's guess (no posting of it scores above it)
        drift = max(max(1.0, averages[f] / shards["reference"][f]) for f in fields)
        top = idf * (guess / 1000) * drift * (1 + 1e-9) + 0.0006 * len(fields)
        flat = undelta(inline, width)
        for name, first, *place in chunks:  # a chunk file, or a level's list in its term's pack
            part = json.loads((folder / f"postings/{name}.json").read_text("utf-8"))
            if place:
                assert len(chunks) == 1 and mask != TEXT_BIT  # a pack holds levels of one chunk, not of the abstract alone
                part = part[place[0]]
            assert part[0] == first
            flat += undelta(part, width)
        for at in range(0, len(flat), width):
            scores = [0.0] * len(FIELDS)
            for k, f in enumerate(fields):
                tf, length = flat[at + 1 + 2 * k], flat[at + 2 + 2 * k]
                assert tf <= bound[2 * k] and length >= bound[2 * k + 1]
                scores[f] = posting_score(df, count, tf, length, averages[f], shards["boosts"][f])
            assert sum(scores) <= top, (flat[at], scores, top)
            out.append((flat[at], scores))
    return out


def load_split(site_dir: Path) -> tuple[list[SearchDocument], dict[str, list[tuple[int, float]]]]:
    """A built site's search files read back: its documents, in order, and each term's
    postings ``(doc, impact)`` in stored order, the impact being the sum of the posting's
    field scores (:func:`posting_score`), as the worker computes it."""
    shards = json.loads((site_dir / INDEX_PATH).read_text(encoding="utf-8"))["config"]["shards"]
    folder = site_dir / SEARCH_DIR
    documents = [
        SearchDocument(
            location, title, text, tuple(authors.split(", ")) if authors else (), tuple(tags), date, arxiv_id, tuple(*also),
            organization,
        )
        for number in range(-(-shards["count"] // shards["chunk"]))
        for location, title, tags, authors, text, date, arxiv_id, organization, *also
        in json.loads((folder / f"docs/{number}.json").read_text("utf-8"))
    ]
    lexicon: dict[str, list[tuple[int, float]]] = {}
    for number in range(len(shards["first"])):
        for term, df, levels in json.loads((folder / f"terms/{number}.json").read_text("utf-8")):
            lexicon[term] = [(doc, sum(scores)) for doc, scores in postings_of(shards, folder, df, levels)]
    return documents, lexicon


def field_scores(site_dir: Path) -> dict[str, dict[int, list[float]]]:
    """Per term, per document, the field scores the split files give (:func:`postings_of`)."""
    shards = json.loads((site_dir / INDEX_PATH).read_text(encoding="utf-8"))["config"]["shards"]
    folder = site_dir / SEARCH_DIR
    out: dict[str, dict[int, list[float]]] = {}
    for number in range(len(shards["first"])):
        for term, df, levels in json.loads((folder / f"terms/{number}.json").read_text("utf-8")):
            out[term] = dict(postings_of(shards, folder, df, levels))
    return out


def lunr_field_scores(index) -> dict[str, dict[int, list[float]]]:
    """Per term, per document, the field scores of the ``lunr`` package's index (the
    components of its field vectors)."""
    out: dict[str, dict[int, list[float]]] = {}
    for term, _number, per_field in shard_terms(index):
        docs: dict[int, list[float]] = {}
        for f, flat in enumerate(per_field):
            for doc, score in zip(flat[::2], flat[1::2]):
                docs.setdefault(doc, [0.0] * len(FIELDS))[f] = score
        out[term] = docs
    return out


def split_search(documents: list[SearchDocument], lexicon: dict[str, list[tuple[int, float]]],
                 query: str) -> list[tuple[int, float]]:
    """What :func:`lunr_search` answers, computed as the worker computes it from the split
    files (:func:`load_split`): ``Σ weight × impact / |q|`` over the index terms the
    query's clauses expand to."""
    terms, phrases = parse_query(query)
    if not terms:
        return []
    expansions = clause_expansions(terms, searched_whole(query, lexicon), lexicon)
    weights = Counter(t for expanded in expansions for t in expanded)
    magnitude = query_magnitude(expansions)
    scores: dict[int, float] = {}
    holding: dict[int, set[int]] = {}
    for clause, expanded in enumerate(expansions):
        for term in expanded:
            for doc, _impact in lexicon[term]:
                holding.setdefault(doc, set()).add(clause)
    for term, weight in weights.items():
        for doc, impact in lexicon[term]:
            scores[doc] = scores.get(doc, 0.0) + weight * impact

    def ranked(docs) -> list[tuple[int, float]]:
        found = [(doc, scores[doc] / magnitude) for doc in docs]
        return sorted(found, key=lambda r: (-rank_key(r[1], magnitude), r[0]))

    every = [doc for doc, clauses in holding.items() if len(clauses) == len(terms)]
    if phrases:
        return ranked(d for d in every if all(holds_phrase(documents[d], p) for p in phrases))
    return ranked(every) or ranked(holding)


ORG_PAPERS = [
    SearchDocument("papers/ntu/", "Speech recognition for Taiwanese", "We collect Taiwanese speech.", ("A. Lin",),
                   organization="國立台灣大學"),
    SearchDocument("papers/ntu-students/", "台灣大學生的網路使用", "A survey of students.", ("B. Wu",)),
    SearchDocument("papers/nex/", "Agents that browse", "A browsing agent framework.", ("C. Chen",), organization="Nex-AGI"),
    SearchDocument("papers/nex-cited/", "Comparing agent frameworks", "We compare with the Nex-AGI agents and others.",
                   organization="Google DeepMind"),
    SearchDocument("papers/deepmind/", "Planning with world models", "World models for planning.", ("D. Silver",),
                   organization="Google DeepMind", arxiv_id="2401.12345"),
]
"""Papers with an organization (a CJK name, a hyphenated one, one of two words on two papers)
and papers holding those words in their title or abstract instead."""
