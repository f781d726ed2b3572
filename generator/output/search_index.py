"""The site's search index: one lunr index over the catalog's papers (and the hand-written
pages), prebuilt when the site is built and stored so that a query reads a bounded number
of bytes whatever the archive's size.

What is indexed comes from the catalog, not from the rendered HTML: for each paper its
title, authors, tag labels and abstract, as the lunr fields of :data:`FIELDS` (title
first); paper pages carry ``search: exclude: true`` in their front matter, so Material's
search plugin leaves them out, and what it still indexes (the hand-written pages: about…)
joins the papers as documents (:func:`page_documents`). The index is what the ``lunr``
package's Builder builds from those documents (lunr's tokenizer after :func:`index_text`,
its trimmer and stop-word filter, BM25 with lunr's defaults, the field boosts), computed
here in one linear pass with numpy (:func:`index_rows`, held equal to the Builder by
``tests/search_oracle.py``). The search worker (``theme/assets/javascripts/workers/
paper-search.js``, speaking Material's worker protocol) asks it as lunr would: every query
word a required clause (lunr's ``+word*``), so papers holding all the words are the
results and the count; when no paper holds them all, the same words as optional clauses.

Tokens (:func:`index_text`, mirrored by the worker): text is split on every character that
is not a letter, digit, ``_`` or ``.`` (:data:`SEPARATOR`), so ``LLaMA-2`` → ``llama``,
``2``; and every run of CJK characters (Han, kana, Hangul: :data:`CJK_RUN`) becomes its
overlapping character bigrams, as Lucene's CJK analyzer does (``基于物联网`` → ``基于 于物
物联 联网``; a lone character stays a unigram), so a Chinese, Japanese or Korean word of
two or more characters is found; Latin-script text is untouched. No stemming: every query
word is a prefix (``word*``), and prefixes of unstemmed words match their inflections.

Scores: lunr scores a document, for one query, by ``Σ_fields (q · d_field) / |q|`` where
``q`` has one component per index term the query's clauses expand to (its weight: how many
clauses expand to it) and ``d_field`` holds the BM25 score of each term in that field.
Every clause asks every field, so this is ``Σ_terms weight × impact(term, doc) / |q|``
with ``impact = Σ_fields score(term, field, doc)``: one number per (term, document) pair,
the posting's impact, stored rounded to 3 places as lunr rounds each field's score.

FORMAT (files under ``site/search/``, written by :func:`write_index_files`):

* ``search_index.json`` — Material's shape ``{config, docs: []}``; ``config.shards``
  says where everything is: ``first`` (per lexicon shard, the shortest prefix of its
  first term that sorts after the shard before it: :func:`separator`), ``count``
  (documents), ``chunk``, ``inline``, ``fields``, ``stopWords`` and ``version`` (a hash
  of every file's content: the worker asks for each file with ``?v=<version>``, so no
  browser cache mixes two builds). Its size grows with the number of lexicon shards only
  (about 8 bytes each).
* ``terms/<n>.json`` — lexicon shard ``n``: ``[[term, df, [doc, impact, doc, impact, …],
  [block, …]], …]``, a contiguous run of terms in UTF-16 code-unit order (JavaScript's
  string order), closed once it passes :data:`SHARD_BYTES`. ``df`` is the number of
  documents holding the term; the postings list holds the term's best :data:`INLINE`
  postings, by impact (highest first, then by document); the blocks name the files
  holding the others, in the same order, 4, 16, 64… times as many postings each.
* ``postings/<hash>.json`` — one block of a term's postings, ``[doc, impact, …]``,
  named by the hash of its content: fetched only when the postings read so far cannot
  prove the first results, or when every result is asked for (the count, scrolling).
* ``docs/<n>.json`` — documents ``n × chunk`` to ``(n + 1) × chunk − 1`` (:data:`DOCUMENT_CHUNK`
  a file), ``[[location, title, tag labels, authors, text], …]`` (plain text: the worker
  escapes it; ``text`` is the abstract, from which it cuts the snippet around the matched
  words). Papers come first, oldest first listed first, then the hand-written pages.

Growth and incremental builds: no file grows with the archive but ``search_index.json``
(the separators). A file is rewritten only when its content changed, and files nothing
names any more are removed. A new day's papers append to the documents, so earlier
document files keep their content; lunr's scores depend on the whole archive (idf,
average field lengths), so a new day changes the lexicon and postings.

A query therefore reads, before its first results: one lexicon shard per word (a bounded
size), the best postings inline in it, and one document file per result shown.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.trimmer import full_re as _TRIMMER

from generator.catalog.catalog import Catalog
from generator.catalog.tagging import Taxonomy
from generator.pages.paths import paper_path

SEPARATOR = re.compile(r"[^\w.]+|\.(?!\w)|(?<!\w)\.")
"""What splits text into tokens: any character but a letter, digit, ``_`` or ``.``, and a
``.`` not between two of those (``4.5`` and ``e.g`` stay whole). The worker uses the same
expression with ``[\\p{L}\\p{N}_]`` for Python's Unicode ``\\w``."""

CJK_CHARS = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
"""Han (CJK unified ideographs and extensions, compatibility ideographs), Hiragana,
Katakana (and half-width), Hangul (Jamo and syllables): the scripts written without
spaces between words, which Lucene's CJK analyzer splits into bigrams."""
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")

FIELDS: dict[str, int] = {"title": 10, "authors": 5, "tags": 5, "text": 1}
"""Indexed fields and their lunr boosts: title matches rank first, then authors and tags,
then the abstract."""

SHARD_BYTES = 12_000
"""A lexicon shard is closed once its JSON text passes this many bytes."""
INLINE = 100
"""Postings of a term kept in its lexicon row (its best, by impact); the rest go to
``postings/`` blocks."""
DOCUMENT_CHUNK = 2
"""Documents per document file (about 3.5 kB of JSON for real papers with their
abstracts): the worker fetches one file per result it shows first."""

SEARCH_DIR = "search"
INDEX_PATH = "search/search_index.json"

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SearchDocument:
    """One document of the index, all plain text: ``location`` (URL relative to the site
    root), ``title``, ``text`` (a paper's abstract, a page's text), ``authors`` and
    ``tags`` (tag labels, as readers see them)."""

    location: str
    title: str
    text: str
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


def plain_text(markup: str) -> str:
    """HTML text of Material's index → plain text: tags dropped, entities decoded, whitespace folded."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def page_url(path: str) -> str:
    """A docs_dir page path → its URL relative to the site root, as MkDocs serves it with
    ``use_directory_urls`` (``papers/a.md`` → ``papers/a/``, ``index.md`` → ``""``)."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def paper_documents(catalog: Catalog, taxonomy: Taxonomy) -> list[SearchDocument]:
    """One document per paper of ``catalog``, oldest first listed first (then by slug), so
    that a new day's papers come last: title, abstract, authors, tag labels."""
    papers = sorted(catalog.papers, key=lambda p: (p.first_listed, p.slug))
    return [
        SearchDocument(
            location=page_url(paper_path(paper.slug)),
            title=paper.title,
            text=paper.abstract,
            authors=tuple(paper.authors),
            tags=tuple(taxonomy.by_slug[slug].label for slug in paper.tags if slug in taxonomy.by_slug),
        )
        for paper in papers
    ]


def page_documents(entries: list[dict[str, Any]], skip: Iterable[str] = ()) -> list[SearchDocument]:
    """Material's index entries (one per page section, ``location`` with ``#anchor`` for
    sections; HTML text) → one :class:`SearchDocument` per page, in first-seen order: the
    page's title and the text of all its sections joined, as plain text. Pages whose
    location is in ``skip`` are left out (the papers, indexed from the catalog)."""
    skipped = set(skip)
    pages: dict[str, dict[str, Any]] = {}
    for entry in entries:
        path = entry["location"].split("#", 1)[0]
        if path in skipped:
            continue
        page = pages.get(path)
        if page is None:
            pages[path] = {"title": entry["title"], "texts": [entry.get("text", "")]}
        else:
            page["texts"].append(entry.get("text", ""))
    return [
        SearchDocument(location=path, title=plain_text(page["title"]), text=plain_text(" ".join(page["texts"])))
        for path, page in pages.items()
    ]


def cjk_bigrams(run: str) -> list[str]:
    """A run of CJK characters as Lucene's CJKBigramFilter gives it: each pair of adjacent
    characters, or the character itself when the run has one."""
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def index_text(value: str) -> str:
    """``value`` as lunr's tokenizer is given it: :data:`SEPARATOR` → space, each CJK run →
    its bigrams between spaces (``物联网 model`` → ``物联 联网 model``)."""
    value = SEPARATOR.sub(" ", value)
    if CJK_RUN.search(value):
        value = CJK_RUN.sub(lambda m: " " + " ".join(cjk_bigrams(m.group())) + " ", value)
    return value


def field_values(doc: SearchDocument) -> dict[str, str]:
    """The text lunr indexes per field of :data:`FIELDS`, after :func:`index_text`."""
    return {
        "title": index_text(doc.title),
        "authors": index_text(" ".join(doc.authors)),
        "tags": index_text(" ".join(doc.tags)),
        "text": index_text(doc.text),
    }


_LUNR_SPLIT = re.compile("[ \t\n\r\f\v\xa0-]+")
_K1, _B = 1.2, 0.75  # lunr's BM25 defaults


def _term(token: str) -> str:
    """lunr's trimmer and stop-word filter on one lower-cased token: the term, or ``""``
    when the token is dropped."""
    match = _TRIMMER.match(token)
    term = match.group(1) if match else token
    return "" if term in STOP_WORDS else term


def _terms(value: str, known: dict[str, str]) -> list[str]:
    """lunr's tokenizer (lower-case, split on whitespace and ``-``), trimmer and stop-word
    filter. ``known`` caches :func:`_term` per token across calls (text repeats its words)."""
    terms = []
    for token in _LUNR_SPLIT.split(value.lower()):
        term = known.get(token)
        if term is None:
            term = known[token] = _term(token) if token else ""
        if term:
            terms.append(term)
    return terms


class TermCounts:
    """Each document's terms counted per field, one document at a time (:meth:`add`); then
    scored as lunr's Builder scores them (:meth:`field_scores`). Memory: four 32-bit
    integers per (document, field, term)."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}
        self.term_index: dict[str, int] = {}  # in order of first use, as the Builder numbers terms
        self._df: list[int] = []  # per term index and field: lunr's idf counts a document once per field
        self.documents = 0
        self._lengths = [0] * len(FIELDS)
        self._postings = [{k: array("i") for k in ("term", "tf", "doc", "length")} for _ in FIELDS]

    def add(self, doc: SearchDocument) -> None:
        """Count the terms of ``doc``, the next document (its ref is its position)."""
        values = field_values(doc)
        for f, name in enumerate(FIELDS):
            terms = _terms(values[name], self._known)
            self._lengths[f] += len(terms)
            counts = Counter(terms)
            for term in counts:
                if term not in self.term_index:
                    self.term_index[term] = len(self._df)
                    self._df.append(0)
            indexes = [self.term_index[term] for term in counts]
            for number in indexes:
                self._df[number] += 1
            postings = self._postings[f]
            postings["term"].extend(indexes)
            postings["tf"].extend(counts.values())
            postings["doc"].extend([self.documents] * len(indexes))
            postings["length"].extend([len(terms)] * len(indexes))
        self.documents += 1

    def field_scores(self) -> list[tuple[Any, Any, Any]]:
        """Per field of :data:`FIELDS`, numpy arrays ``(term index, doc, score)`` in
        document order: ``idf × (k1 + 1) × tf / (norm + tf) × boost`` with ``norm = k1 × (1
        − b + b × field length / average field length)`` in lunr's order of operations (so
        the same float64 values), rounded to 3 places as Python's ``round`` rounds."""
        import numpy as np  # noqa: PLC0415 - only builds need it

        count = self.documents
        df = np.array(self._df, dtype=np.float64)
        idf = np.log(1 + np.abs((count - df + 0.5) / (df + 0.5)))
        out = []
        for f, boost in enumerate(FIELDS.values()):
            p = {k: np.frombuffer(v, dtype=np.int32) if len(v) else np.zeros(0, np.int32)
                 for k, v in self._postings[f].items()}
            if not len(p["term"]):
                out.append((p["term"], p["doc"], np.zeros(0)))
                continue
            average = self._lengths[f] / count
            tf = p["tf"].astype(np.float64)
            norm = _K1 * (1 - _B + _B * (p["length"].astype(np.float64) / average))
            score = idf[p["term"]] * ((_K1 + 1) * tf) / (norm + tf) * boost
            out.append((p["term"], p["doc"], _round_3(score)))
        return out


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


def count_terms(documents: Iterable[SearchDocument]) -> TermCounts:
    """:class:`TermCounts` of ``documents``, in order."""
    counts = TermCounts()
    for doc in documents:
        counts.add(doc)
    return counts


def index_rows(documents: list[SearchDocument]) -> list[list[Any]]:
    """The index of ``documents`` as rows ``[term, term_index, [[doc, score, doc, score, …]
    per field of FIELDS]]``, sorted as JavaScript sorts strings (UTF-16 code units): what
    the ``lunr`` package's Builder computes (term indexes in order of first use, BM25 with
    k1 = 1.2 and b = 0.75, lunr's idf, field boosts, scores rounded to 3 places), held
    equal to it by the tests. ``doc`` is the document's position in ``documents``."""
    counts = count_terms(documents)
    names = list(counts.term_index)
    rows: list[list[Any]] = [[name, number, [[] for _ in FIELDS]] for number, name in enumerate(names)]
    for f, (terms, docs, scores) in enumerate(counts.field_scores()):
        for term, doc, score in zip(terms.tolist(), docs.tolist(), scores.tolist()):
            rows[term][2][f] += [doc, score]
    return sorted(rows, key=lambda row: utf16_key(row[0]))


def utf16_key(term: str) -> bytes:
    """The sort key that orders strings as JavaScript compares them (UTF-16 code units)."""
    return term.encode("utf-16-be", "surrogatepass")


def term_postings(counts: TermCounts) -> tuple[list[str], Any, Any, Any, Any]:
    """Every term's postings by impact: ``(terms in JavaScript order, starts, docs,
    impacts)`` plus each term's document count, where term ``i``'s postings are
    ``docs[starts[i]:starts[i+1]]`` with their ``impacts``, highest impact first, then by
    document. ``impact`` is the sum of the term's field scores in the document, rounded to
    3 places (see the module docstring). Linear in postings, apart from numpy's sorts."""
    import numpy as np  # noqa: PLC0415

    parts = counts.field_scores()
    names = list(counts.term_index)
    order_of_name = sorted(range(len(names)), key=lambda i: utf16_key(names[i]))
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.array(order_of_name, dtype=np.int64)] = np.arange(len(names))
    terms = np.concatenate([rank[t] for t, _, _ in parts]) if names else np.zeros(0, np.int64)
    docs = np.concatenate([d.astype(np.int64) for _, d, _ in parts]) if names else np.zeros(0, np.int64)
    scores = np.concatenate([s for _, _, s in parts]) if names else np.zeros(0)
    # one impact per (term, document): add up the fields
    key = terms * max(counts.documents, 1) + docs
    order = np.argsort(key, kind="stable")
    key, scores = key[order], scores[order]
    starts = np.flatnonzero(np.diff(key, prepend=-1))
    impacts = _round_3(np.add.reduceat(scores, starts)) if len(starts) else np.zeros(0)
    key = key[starts]
    del order, scores, starts
    terms, docs = key // max(counts.documents, 1), key % max(counts.documents, 1)
    del key
    order = np.lexsort((docs, -impacts, terms))
    terms, docs, impacts = terms[order], docs[order], impacts[order]
    bounds = np.searchsorted(terms, np.arange(len(names) + 1))
    return [names[i] for i in order_of_name], bounds, docs, impacts, np.diff(bounds)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _dump(data: Any) -> str:
    return _ENCODER.encode(data)


def _flat(docs: list[int], impacts: list[float]) -> list[float | int]:
    flat: list[float | int] = [0] * (2 * len(docs))
    flat[0::2] = docs
    flat[1::2] = impacts
    return flat


def _write_file(folder: Path, name: str, text: str) -> int:
    """Write ``text`` to ``folder/name`` unless the file holds it already; returns its size
    in bytes."""
    encoded = text.encode("utf-8")
    path = folder / name
    if not (path.exists() and path.stat().st_size == len(encoded) and path.read_bytes() == encoded):
        path.write_bytes(encoded)
    return len(encoded)


def _hashed_name(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] + ".json"


def separator(previous: str, first: str) -> str:
    """The shortest prefix of ``first`` that sorts after ``previous`` (UTF-16 order): what
    tells a lexicon shard from the one before it, in fewer bytes than its first term."""
    for length in range(1, len(first) + 1):
        if utf16_key(first[:length]) > utf16_key(previous):
            return first[:length]
    return first


def write_index_files(
    site_dir: Path,
    documents: list[SearchDocument],
    config: dict[str, Any],
    shard_bytes: int = SHARD_BYTES,
    inline: int = INLINE,
    chunk: int = DOCUMENT_CHUNK,
) -> dict[str, int]:
    """Write the search files for ``documents`` into ``site_dir/search/`` (see FORMAT in
    the module docstring), replacing earlier ones: ``search_index.json`` (``config`` plus
    where everything is, no documents), the lexicon shards, the postings blocks past
    ``inline`` and the document files. Returns ``{"documents", "terms", "shards",
    "bytes"}`` (``bytes``: every file written together)."""
    names, bounds, docs, impacts, dfs = term_postings(count_terms(documents))
    folder = site_dir / SEARCH_DIR
    for old in ("shards", "data"):  # an earlier layout's folders
        if (folder / old).exists():
            shutil.rmtree(folder / old)
    for new in ("terms", "postings", "docs"):
        (folder / new).mkdir(parents=True, exist_ok=True)
    version = hashlib.sha256()
    written: set[str] = set()
    total = 0
    separators: list[str] = []
    rows: list[str] = []
    size = 0
    previous = ""

    def put(sub: str, name: str, text: str) -> None:
        nonlocal total
        total += _write_file(folder / sub, name, text)
        written.add(f"{sub}/{name}")
        version.update(text.encode("utf-8"))

    def close() -> None:
        nonlocal rows, size
        put("terms", f"{len(separators) - 1}.json", "[" + ",".join(rows) + "]")
        rows, size = [], 0

    bounds_list, dfs_list = bounds.tolist(), dfs.tolist()
    for i, term in enumerate(names):
        start, stop = bounds_list[i], bounds_list[i + 1]
        cut = min(stop, start + inline)
        blocks = []
        step = inline
        while cut < stop:  # the rest in blocks 4, 16, 64… times the inline postings
            step *= 4
            text = _dump(_flat(docs[cut : min(stop, cut + step)].tolist(), impacts[cut : min(stop, cut + step)].tolist()))
            name = _hashed_name(text)
            put("postings", name, text)
            blocks.append("postings/" + name)
            cut += step
        cut = min(stop, start + inline)
        row = _dump([term, dfs_list[i], _flat(docs[start:cut].tolist(), impacts[start:cut].tolist()), blocks])
        if not rows:
            separators.append(separator(previous, term) if separators else "")
        rows.append(row)
        previous = term
        size += len(row.encode("utf-8")) + 1
        if size >= shard_bytes:
            close()
    if rows:
        close()
    for number, start in enumerate(range(0, len(documents), chunk)):
        listing = [[d.location, d.title, list(d.tags), ", ".join(d.authors), d.text] for d in documents[start : start + chunk]]
        put("docs", f"{number}.json", _dump(listing))
    for sub in ("terms", "postings", "docs"):  # files of earlier builds that nothing names now
        for path in (folder / sub).iterdir():
            if f"{sub}/{path.name}" not in written:
                path.unlink()
    config = dict(config)
    config["shards"] = {
        "dir": SEARCH_DIR + "/",
        "version": version.hexdigest()[:16],
        "first": separators,
        "chunk": chunk,
        "inline": inline,
        "fields": list(FIELDS),
        "count": len(documents),
        "stopWords": sorted(STOP_WORDS),
    }
    (site_dir / INDEX_PATH).write_text(_dump({"config": config, "docs": []}), encoding="utf-8")
    return {"documents": len(documents), "terms": len(names), "shards": len(separators), "bytes": total}


def write_search_files(site_dir: Path, catalog: Catalog | None, taxonomy: Taxonomy | None) -> dict[str, int]:
    """Replace the ``search/search_index.json`` that Material's search plugin wrote into
    ``site_dir`` with the index of the catalog's papers (:func:`paper_documents`) and the
    pages Material indexed (:func:`page_documents`, the papers' pages left out should any
    be there); see :func:`write_index_files`, whose summary it returns.

    Raises :class:`FileNotFoundError` when ``search/search_index.json`` is missing (the
    ``search`` plugin is not enabled in mkdocs.yml).
    """
    material = json.loads((site_dir / INDEX_PATH).read_text(encoding="utf-8"))
    papers = paper_documents(catalog, taxonomy) if catalog is not None and taxonomy is not None else []
    pages = page_documents(material["docs"], skip=(d.location for d in papers))
    config = {k: v for k, v in material["config"].items() if k != "shards"}
    return write_index_files(site_dir, papers + pages, config)
