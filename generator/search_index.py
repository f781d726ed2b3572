"""The site's search index: one lunr index over every page, prebuilt at build time and
split by term into shards, so the browser loads only the few shards a query needs.

Why: Material for MkDocs' own search worker builds the whole lunr index in the browser
before it answers anything (5.9 s at 10,000 papers, issue 5). Here the index is built once,
at build time, exactly as the Python ``lunr`` package's Builder builds it (:func:`index_rows`,
tested against :func:`build_index`), and the search worker (``theme/assets/javascripts/workers/
paper-search.js``, speaking Material's worker protocol) fetches, for each query term, only
the shards holding the index terms that term can match, and scores the documents in those
terms' postings as lunr.js 2.3.9's ``Index.query`` does (no lunr.js in the browser). The
answers are those of the unsplit index (:func:`search`): a term's postings carry the same
per-document scores as the unsplit index's field vectors, and lunr scores a document only
from the components of the query's own terms; equal scores rank by document order
(:func:`rank_key`).

Files written into ``site/`` by :func:`write_search_files` (called by the MkDocs hook after
Material's search plugin wrote ``search/search_index.json``, from which it takes the pages):

* ``search/search_index.json`` — rewritten in Material's shape ``{config, docs}``, with no
  documents (the worker fetches them itself, off the page's main thread) and
  ``config.shards`` saying where everything is.
* ``search/shards/<hash>.json`` — ``{"terms": [[term, term_index, [[doc, score, …] per
  field]], …]}``; terms sorted in UTF-16 code-unit order (JavaScript's), each shard a
  contiguous range of terms, named by the hash of its content (cache-safe, deterministic).
* ``search/data/<hash>.json`` — the documents, one per page (a paper's sections collapse
  into its page, so a paper is found once), in files of :data:`DOCUMENT_CHUNK` documents:
  ``[[location, title, tags, teaser], …]`` (the title HTML-escaped, as Material has it; the
  teaser is shown under each result). ``doc`` in the shards is a position in the
  whole list; document ``doc`` is entry ``doc % DOCUMENT_CHUNK`` of file
  ``doc // DOCUMENT_CHUNK``. The worker fetches only the files holding the results it
  shows first before it answers (issue 5: one 2.1 MB list at 10,000 papers cost about
  half a second), then, once the reader stops typing, the rest.

Tokens: text is split on every character that is not a letter, digit, ``_`` or ``.``
(:data:`SEPARATOR`, mirrored in the worker), so ``LLaMA-2`` → ``llama``, ``2``;
``GPT-4o`` → ``gpt``, ``4o``; ``What is RLHF?`` → ``what``, ``is``, ``rlhf``. The index
pipeline is lunr's trimmer and stop-word filter without stemming (as Material's default
``pipeline: [stopWordFilter]``), because every query term is a prefix (``term*``) and
prefixes of unstemmed words match their inflections.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import shutil
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder
from lunr.index import Index
from lunr.query import Query
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import full_re as _TRIMMER
from lunr.trimmer import trimmer

SEPARATOR = re.compile(r"[^\w.]+|\.(?!\w)|(?<!\w)\.")
"""What splits text into tokens: any character but a letter, digit, ``_`` or ``.``, and a
``.`` not between two of those (``4.5`` and ``e.g`` stay whole). The worker uses the same
expression with ``[\\p{L}\\p{N}_]`` for Python's Unicode ``\\w``."""

FIELDS: dict[str, int] = {"title": 10, "tags": 5, "text": 1}
"""Indexed fields and their lunr boosts: a title match outranks an abstract match."""

TEASER_CHARS = 200
SHARD_BYTES = 64_000
"""A shard is closed once its JSON text passes this many bytes."""

SEARCH_DIR = "search"
INDEX_PATH = "search/search_index.json"
DOCUMENT_CHUNK = 50
"""Documents per document file (about 20 kB of JSON for real papers): the worker fetches
only the files holding the results it shows first, one request each (a request costs more
than its bytes on a loopback or HTTP/1.1 server, so title and teaser share a file)."""

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SearchDocument:
    """One page in the index: ``location`` (URL relative to the site root), ``title`` and
    ``text`` as HTML-escaped text (as in Material's index), ``tags`` (front matter tag slugs)."""

    location: str
    title: str
    text: str
    tags: tuple[str, ...] = ()


def plain_text(markup: str) -> str:
    """HTML text of Material's index → plain text: tags dropped, entities decoded, whitespace folded."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def page_documents(entries: list[dict[str, Any]]) -> list[SearchDocument]:
    """Material's index entries (one per page section, ``location`` with ``#anchor`` for
    sections) → one :class:`SearchDocument` per page, in first-seen order: the page's
    title, and the text of all its sections joined."""
    pages: dict[str, dict[str, Any]] = {}
    for entry in entries:
        path = entry["location"].split("#", 1)[0]
        page = pages.get(path)
        if page is None:
            pages[path] = {"title": entry["title"], "texts": [entry.get("text", "")], "tags": entry.get("tags", [])}
        else:
            page["texts"].append(entry.get("text", ""))
    return [
        SearchDocument(
            location=path,
            title=page["title"],
            text=" ".join(t for t in page["texts"] if t),
            tags=tuple(str(tag) for tag in page["tags"]),
        )
        for path, page in pages.items()
    ]


def teaser(text: str, limit: int = TEASER_CHARS) -> str:
    """The first ``limit`` characters of a document's plain text, cut at a word, HTML-escaped."""
    plain = plain_text(text)
    if len(plain) > limit:
        plain = plain[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(plain, quote=False)


def _tokens_text(value: str) -> str:
    return SEPARATOR.sub(" ", value)


def build_index(documents: list[SearchDocument]) -> Index:
    """The unsplit index of ``documents`` built by the ``lunr`` package's Builder (each
    document's ref is its position in the list): the reference :func:`index_rows` is
    tested against. Slow (about 16 s for 1,000 papers), so builds use :func:`index_rows`."""
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter)
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for number, doc in enumerate(documents):
        builder.add({"ref": str(number), **field_values(doc)})
    return builder.build()


_LUNR_SPLIT = re.compile("[ \t\n\r\f\v\xa0-]+")
_K1, _B = 1.2, 0.75  # lunr's BM25 defaults


def field_values(doc: SearchDocument) -> dict[str, str]:
    """The text lunr indexes per field of :data:`FIELDS`, with :data:`SEPARATOR` applied."""
    return {
        "title": _tokens_text(html.unescape(doc.title)),
        "tags": _tokens_text(" ".join(doc.tags)),
        "text": _tokens_text(plain_text(doc.text)),
    }


def _term(token: str) -> str:
    """lunr's trimmer and stop-word filter on one lower-cased token: the term, or ``""``
    when the token is dropped."""
    match = _TRIMMER.match(token)
    term = match.group(1) if match else token
    return "" if term in STOP_WORDS else term


def _terms(value: str, known: dict[str, str] | None = None) -> list[str]:
    """lunr's tokenizer (lower-case, split on whitespace and ``-``), trimmer and stop-word
    filter. ``known`` caches :func:`_term` per token across calls (text repeats its words)."""
    known = {} if known is None else known
    terms = []
    for token in _LUNR_SPLIT.split(value.lower()):
        term = known.get(token)
        if term is None:
            term = known[token] = _term(token) if token else ""
        if term:
            terms.append(term)
    return terms


class TermCounts:
    """The tokenizing half of :func:`index_rows`: each document's terms counted per field,
    one document at a time (:meth:`add`); :meth:`rows` then scores them."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}  # _term per token, across documents (text repeats its words)
        self._term_index: dict[str, int] = {}  # in order of first use, as the Builder numbers terms
        self._df: list[int] = []  # per term index; lunr counts a document once per field holding the term
        self._documents = 0
        self._lengths = [0] * len(FIELDS)  # terms per field, all documents together
        # One entry per (document, field, term) of each field, in document order:
        self._postings = [
            {"term": array("q"), "tf": array("q"), "doc": array("q"), "length": array("q")} for _ in FIELDS
        ]

    def __len__(self) -> int:
        return self._documents

    def add(self, doc: SearchDocument) -> None:
        """Count the terms of ``doc``, the next document (its ref is its position)."""
        values = field_values(doc)
        for f, name in enumerate(FIELDS):
            terms = _terms(values[name], self._known)
            self._lengths[f] += len(terms)
            counts = Counter(terms)
            for term in counts:
                if term not in self._term_index:
                    self._term_index[term] = len(self._df)
                    self._df.append(0)
            indexes = [self._term_index[term] for term in counts]
            for number in indexes:
                self._df[number] += 1
            postings = self._postings[f]
            postings["term"].extend(indexes)
            postings["tf"].extend(counts.values())
            postings["doc"].extend([self._documents] * len(indexes))
            postings["length"].extend([len(terms)] * len(indexes))
        self._documents += 1

    def rows(self) -> list[list[Any]]:
        """The index of the documents added so far, as :func:`index_rows` returns it.

        Scores as lunr's Builder does, term by term, ``idf × (k1 + 1) × tf / (norm + tf) ×
        boost`` with ``norm = k1 × (1 − b + b × field length / average field length)``,
        computed with numpy in the same order of operations (so the same float64 values),
        and rounded to 3 places as Python's ``round`` rounds (:func:`_round_3`)."""
        import numpy as np  # noqa: PLC0415 - only builds need it, not the CLI's other commands

        count = self._documents
        idf = np.array([math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for n in self._df], dtype=np.float64)
        term_parts, doc_parts, score_parts, field_parts = [], [], [], []
        for f, boost in enumerate(FIELDS.values()):
            postings = {key: np.frombuffer(values, dtype=np.int64) if values else np.zeros(0, np.int64)
                        for key, values in self._postings[f].items()}
            if not len(postings["term"]):
                continue
            average = self._lengths[f] / count
            tf = postings["tf"].astype(np.float64)
            norm = _K1 * (1 - _B + _B * (postings["length"].astype(np.float64) / average))
            score = idf[postings["term"]] * ((_K1 + 1) * tf) / (norm + tf) * boost
            term_parts.append(postings["term"])
            doc_parts.append(postings["doc"])
            score_parts.append(_round_3(score))
            field_parts.append(np.full(len(score), f))
        if not term_parts:
            return []
        terms, fields = np.concatenate(term_parts), np.concatenate(field_parts)
        order = np.lexsort((fields, terms))  # stable: documents stay in order within a term's field
        terms, fields = terms[order], fields[order]
        flat: list[float | int] = [0] * (2 * len(order))
        flat[0::2] = np.concatenate(doc_parts)[order].tolist()
        flat[1::2] = np.concatenate(score_parts)[order].tolist()
        starts = np.flatnonzero(np.diff(terms * len(FIELDS) + fields, prepend=-1)).tolist() + [len(order)]
        group_terms, group_fields = terms[starts[:-1]].tolist(), fields[starts[:-1]].tolist()
        names = list(self._term_index)
        rows = [[name, number, [[] for _ in FIELDS]] for number, name in enumerate(names)]
        for term, field, start, stop in zip(group_terms, group_fields, starts, starts[1:]):
            rows[term][2][field] = flat[2 * start : 2 * stop]
        return sorted(rows, key=lambda row: _utf16_key(row[0]))


def _round_3(values: Any) -> Any:
    """``values`` (a float64 numpy array) each rounded as Python's ``round(value, 3)``
    rounds: to the double nearest the correctly rounded decimal. numpy's own rounding
    (scaling by 1000 first) gives the same double except when the scaled value lies within
    a hair of a half, where the scaling's error can tip it; those few are rounded by Python."""
    import numpy as np  # noqa: PLC0415

    scaled = values * 1000
    rounded = np.rint(scaled) / 1000
    near_half = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    for i in near_half.tolist():
        rounded[i] = round(float(values[i]), 3)
    return rounded


def index_rows(documents: list[SearchDocument]) -> list[list[Any]]:
    """The index of ``documents`` as rows ``[term, term_index, [[doc, score, doc, score, …]
    per field of FIELDS]]``, sorted as JavaScript sorts strings (UTF-16 code units).

    Computes what ``lunr``'s :class:`~lunr.builder.Builder` computes (term indexes in order
    of first use, BM25 with k1 = 1.2 and b = 0.75, lunr's idf, field boosts, scores rounded
    to 3 places; :func:`build_index` is that Builder, and the tests hold the two equal),
    about 40 times faster. ``doc`` is the document's position in ``documents``.
    """
    counts = TermCounts()
    for doc in documents:
        counts.add(doc)
    return counts.rows()


def _utf16_key(term: str) -> bytes:
    return term.encode("utf-16-be", "surrogatepass")


def shard_terms(index: Index) -> list[list[Any]]:
    """Every term of ``index`` as ``[term, term_index, [[doc, score, doc, score, …] per
    field of FIELDS]]``, sorted as JavaScript sorts strings; ``score`` is the term's
    component of the document's field vector (what lunr multiplies the query with)."""
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
    return sorted(rows, key=lambda row: _utf16_key(row[0]))


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _dump(data: Any) -> str:
    return _ENCODER.encode(data)


def split_shards(rows: list[list[Any]], limit: int = SHARD_BYTES) -> list[tuple[str, str]]:
    """Consecutive runs of ``rows``, each closed once its JSON passes ``limit`` bytes, as
    ``(first term, the shard's JSON text {"terms": [row, …]})``; each row is encoded once."""
    runs: list[tuple[str, list[str]]] = []  # (first term, encoded rows)
    size = limit
    for row in rows:
        if size >= limit:
            runs.append((row[0], []))
            size = 0
        text = _dump(row)
        runs[-1][1].append(text)
        size += len(text.encode("utf-8")) + 1
    return [(first, '{"terms":[' + ",".join(texts) + "]}") for first, texts in runs]


def _write_hashed(folder: Path, data: Any) -> tuple[str, int]:
    """Write ``data`` as compact JSON (or ``data`` itself, when it is JSON text already) to
    ``folder/<hash of content>.json``; returns the file name and size."""
    encoded = (data if isinstance(data, str) else _dump(data)).encode("utf-8")
    name = hashlib.sha256(encoded).hexdigest()[:16] + ".json"
    (folder / name).write_bytes(encoded)
    return name, len(encoded)


def write_index_files(
    site_dir: Path,
    documents: list[SearchDocument],
    config: dict[str, Any],
    shard_bytes: int = SHARD_BYTES,
    counts: TermCounts | None = None,
) -> dict[str, int]:
    """Write the search files for ``documents`` into ``site_dir`` (see the module
    docstring), replacing earlier ones: ``search/search_index.json`` (``config`` plus where
    everything is, no documents), the term shards and the document files (with teasers).
    ``counts``, when given, must hold exactly ``documents``, counted in order (it saves
    counting them again). Returns ``{"documents", "terms", "shards", "bytes"}``
    (``bytes``: the shard files together)."""
    rows = counts.rows() if counts is not None else index_rows(documents)
    folder = site_dir / SEARCH_DIR
    for old in (folder / "shards", folder / "data"):
        if old.exists():
            shutil.rmtree(old)
    (folder / "shards").mkdir(parents=True)
    (folder / "data").mkdir()
    files, first_terms, total = [], [], 0
    for first, text in split_shards(rows, shard_bytes):
        name, size = _write_hashed(folder / "shards", text)
        files.append(name)
        first_terms.append(first)
        total += size
    chunks = [documents[start : start + DOCUMENT_CHUNK] for start in range(0, len(documents), DOCUMENT_CHUNK)]
    listings = [
        _write_hashed(folder / "data", [[d.location, d.title, list(d.tags), teaser(d.text)] for d in chunk])[0]
        for chunk in chunks
    ]
    config = dict(config)
    config["fields"] = {name: {"boost": boost} for name, boost in FIELDS.items()}
    config["separator"] = SEPARATOR.pattern
    config["pipeline"] = ["trimmer", "stopWordFilter"]
    config["shards"] = {
        "dir": SEARCH_DIR + "/",
        "files": ["shards/" + name for name in files],
        "first": first_terms,
        "fields": list(FIELDS),
        "documents": ["data/" + name for name in listings],
        "chunk": DOCUMENT_CHUNK,
        "stopWords": sorted(STOP_WORDS),
    }
    (site_dir / INDEX_PATH).write_text(_dump({"config": config, "docs": []}), encoding="utf-8")
    return {"documents": len(documents), "terms": len(rows), "shards": len(files), "bytes": total}


def write_search_files(site_dir: Path) -> dict[str, int]:
    """Replace the ``search/search_index.json`` that Material's search plugin wrote into
    ``site_dir`` with the prebuilt, sharded index of its pages (see the module docstring
    and :func:`write_index_files`, whose summary it returns).

    Raises :class:`FileNotFoundError` when ``search/search_index.json`` is missing (the
    ``search`` plugin is not enabled in mkdocs.yml).
    """
    material = json.loads((site_dir / INDEX_PATH).read_text(encoding="utf-8"))
    return write_index_files(site_dir, page_documents(material["docs"]), material["config"])


def load_documents(site_dir: Path) -> list[dict[str, Any]]:
    """The search documents of a built site, as the worker sees them: ``location``,
    ``title`` (escaped HTML), ``text`` (the escaped teaser) and ``tags``; a document's
    position in the list is its ref in the index."""
    shards = json.loads((site_dir / INDEX_PATH).read_text(encoding="utf-8"))["config"]["shards"]
    folder = site_dir / SEARCH_DIR
    listing = [d for name in shards["documents"] for d in json.loads((folder / name).read_text("utf-8"))]
    return [
        {"location": location, "title": title, "text": text, "tags": tags} for location, title, tags, text in listing
    ]


def load_unsplit_index(site_dir: Path) -> tuple[Index, list[dict[str, Any]]]:
    """The one unsplit lunr index that the shards of a built site make up, with the
    site's search documents (:func:`load_documents`). For tests and for checking answers
    outside a browser."""
    shards = json.loads((site_dir / INDEX_PATH).read_text(encoding="utf-8"))["config"]["shards"]
    fields = shards["fields"]
    inverted: list[list[Any]] = []
    vectors: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for name in shards["files"]:
        for term, term_index, per_field in json.loads((site_dir / SEARCH_DIR / name).read_text("utf-8"))["terms"]:
            posting: dict[str, Any] = {"_index": term_index}
            for field, flat in zip(fields, per_field):
                posting[field] = {str(doc): {} for doc in flat[::2]}
                for doc, score in zip(flat[::2], flat[1::2]):
                    vectors[f"{field}/{doc}"].append((term_index, score))
            inverted.append([term, posting])
    field_vectors = [
        [ref, [x for pair in sorted(pairs) for x in pair]] for ref, pairs in sorted(vectors.items())
    ]
    index = Index.load(
        {"version": __TARGET_JS_VERSION__, "fields": fields, "fieldVectors": field_vectors,
         "invertedIndex": inverted, "pipeline": []}
    )
    return index, load_documents(site_dir)


def query_terms(query: str) -> list[str]:
    """The terms the search worker looks up for ``query``: split like the index (see
    :data:`SEPARATOR`), lower-cased, dots trimmed from the ends, stop words dropped
    (unless nothing else is left), duplicates removed."""
    terms = []
    for part in SEPARATOR.split(query.lower()):
        part = part.strip(".")
        if part and part not in terms:
            terms.append(part)
    kept = [t for t in terms if t not in STOP_WORDS]
    return kept or terms


def rank_key(score: float) -> int:
    """What results are ranked by: the score to 9 decimals, rounded down. Scores equal to
    that many places rank as equal, and equal ones keep the documents' order in the index.
    lunr adds up a document's per-field scores in the order it first met each field, which
    depends on its term set's traversal, so the last bit of a sum can differ from one
    computation to another; the worker ranks by the same key (``rankKey``)."""
    return math.floor(score * 1e9)


def search(index: Index, query: str) -> list[dict[str, Any]]:
    """lunr results (``ref``, ``score``, ``match_data``) for ``query`` as the worker asks
    it: every :func:`query_terms` term an optional clause without pipeline, matched as a
    prefix (trailing wildcard) when longer than one character, else as a whole term; best
    first by :func:`rank_key`, equal ones by ``ref`` (the document's position)."""
    terms = query_terms(query)
    if not terms:
        return []
    q = index.create_query()
    for term in terms:
        wildcard = Query.WILDCARD_TRAILING if len(term) > 1 else Query.WILDCARD_NONE
        q.term(term, wildcard=wildcard, use_pipeline=False)
    return sorted(index.query(q), key=lambda result: (-rank_key(result["score"]), int(result["ref"])))
