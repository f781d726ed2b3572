"""The site's search index: one lunr index over the catalog's papers (and the hand-written
pages), prebuilt when the site is built and stored so that a query reads a bounded number
of bytes whatever the archive's size.

What is indexed comes from the catalog, not from the rendered HTML: for each paper its
title, authors, tag labels, abstract, versionless arXiv id and organization, as the lunr fields of
:data:`FIELDS` (title first; the id as one term of its own, :func:`id_term`); paper pages carry ``search: exclude: true`` in their front matter, so Material's
search plugin leaves them out, and what it still indexes (the hand-written pages: about…)
joins the papers as documents (:func:`page_documents`). The index is what the ``lunr``
package's Builder builds from those documents (lunr's tokenizer after :func:`index_text`,
its trimmer and stop-word filter, BM25 with lunr's defaults, the field boosts): here its
counts are computed (:class:`TermCounts`, :func:`term_levels`: linear in papers, memory
bounded by :data:`RANGE_POSTINGS`) and the worker scores them as the Builder does (held
equal to it by ``tests/search_oracle.py``). The search worker (``theme/assets/javascripts/workers/
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

arXiv ids: a paper's versionless id is the one term of its ``id`` field, ``:`` then the id
lower-cased with ``-`` as ``_`` (:func:`id_term`: ``2401.12345`` → ``:2401.12345``,
``hep-th/9901001`` → ``:hep_th/9901001``). No query word's tokens begin with ``:`` (they
begin with a letter, digit or ``_``), so no other word's prefix reaches the ids: ``24`` or
``2012`` expand to the numbers of the abstracts as before, not to every id of a year or a
month (at 100,000 papers, thousands of lexicon rows). A query word, between spaces and out of
quotes, that :func:`~generator.core.arxiv_id.parse_pasted_arxiv_id` takes (``2401.12345``,
``arXiv:2401.12345``, ``2401.12345v2``, ``https://arxiv.org/abs/2401.12345``,
``hep-th/9901001``; with punctuation around it, ``(2401.12345)``, ``arXiv:2401.12345.``) is that id's term instead of its tokens (``tests/search_oracle.py``
``parse_query``; the worker's ``parseQuery``), so the paper holds it, and the field's boost
puts it first (:data:`FIELDS`).

Scores: lunr scores a document, for one query, by ``Σ_fields (q · d_field) / |q|`` where
``q`` has one component per index term the query's clauses expand to (its weight: how many
clauses expand to it) and ``d_field`` holds the BM25 score of each term in that field.
Every clause asks every field, so this is ``Σ_terms weight × impact(term, doc) / |q|``
with ``impact = Σ_fields score(term, field, doc)``, and lunr's Builder computes each
field's score as ``round(idf × ((k1 + 1) × tf) / (k1 × (1 − b + b × (length / average)) +
tf) × boost, 3)`` (that order of float operations; ``round`` as Python rounds: JavaScript's
``+x.toFixed(3)``; k1 = 1.2, b = 0.75) with ``idf = log(1 + |(N − df + 0.5) / (df + 0.5)|)``.
The files store what does not depend on the rest of the archive: per posting its ``tf`` and
field ``length`` per field holding the term; per term its ``df``; ``N`` and the fields' total
lengths once. The worker computes idf, averages and scores (``tests/search_oracle.py``
``posting_score`` is the reference; a test holds every field score equal to the ``lunr``
package's). So a new day adds postings and changes no stored value of the others.

FORMAT (files under ``site/search/``, written by :func:`write_index_files`):

* ``search_index.json`` — Material's shape ``{config, docs: []}``; ``config.shards``:
  ``count`` (N, documents), ``lengths`` (per field of ``fields``, the sum of every
  document's field length: the average is ``lengths[f] / count``), ``boosts`` (per field),
  ``k1``, ``b``, ``fields`` (the names of :data:`FIELDS`), ``reference`` (:data:`REFERENCE_LENGTHS`), ``chunkPostings`` (postings a ``postings/`` file, the last of a level fewer),
  ``first`` (per lexicon shard, the shortest prefix of its first term that
  sorts after the shard before it: :func:`separator`), ``chunk`` (documents a ``docs/``
  file), ``stopWords``, ``dir`` and ``version`` (a hash of every file's content: the worker
  asks for each file with ``?v=<version>``, so no browser cache mixes two builds). Its size
  grows with the number of lexicon shards only (about 8 bytes each).
* ``terms/<n>.json`` — lexicon shard ``n``: ``[[term, df, levels], …]``, a contiguous run
  of terms in UTF-16 code-unit order (JavaScript's string order), closed once it passes
  :data:`SHARD_BYTES`. ``df`` is lunr's document count for the idf (a document counted once
  per field holding the term). ``levels``: the term's postings in groups, ``[mask, bound,
  inline, chunks, guess]`` each, best first by a guess that does not depend on the archive
  (:data:`REFERENCE_LENGTHS`; the worker must still take the highest bound of all unread
  levels). ``mask``: the fields every posting of the level holds the term in, and no other
  (bit 1 title, 2 authors, 4 tags, 8 text, 16 id, 32 organization: :data:`MASK_BITS`; id since FORMAT 6,
  organization since FORMAT 8); a posting is ``doc`` then
  ``tf, length`` per field of the mask, in field order (``doc, tf, length`` for the
  abstract alone), where ``doc`` is the document's number for the first posting of a list
  (a level's inline list, a chunk file) and, for each later one, the difference from the
  posting before it (lists are in document order: differences are 1 or more). ``bound``: ``max tf, min length`` per field of the mask over the level,
  so no posting of it scores above those in any field. ``guess``: the level's highest
  score per unit of idf with :data:`REFERENCE_LENGTHS` as the fields' averages (``Σ boost ×
  (k1 + 1) tf / (k1 (1 − b + b length / reference) + tf)``), in thousandths rounded up: a
  posting's true score is at most ``idf × guess / 1000 × max(1, average / reference)`` (the
  largest ratio over the level's fields) plus each field's rounding, a tighter bound than
  ``bound`` gives when the level's highest tf and lowest length are different postings'
  (``reference`` in ``config.shards``). ``inline``: the level's postings,
  flat, in document order, when stored in the row (all levels when the term has
  :data:`INLINE` postings or fewer, else the first levels up to that many), else ``[]``.
  ``chunks``: ``[[name, first doc], …]``, the level's postings in document order in
  ``postings/<name>.json`` files of :data:`CHUNK_POSTINGS` postings (the last fewer); for
  a level in its term's pack (:func:`packed`: it holds the term in the title, authors or
  tags, not the abstract alone, and its postings fit one chunk), ``[[name, first doc,
  place]]``: its postings are the list at ``place`` of the pack ``postings/<name>.json``
  (since FORMAT 5).
* ``postings/<name>.json`` — a flat array of postings as above (a chunk), or a pack: a
  term's packed levels in row order, ``[[postings of one level], …]`` (each flat, its first
  ``doc`` its document's number), cut so that no pack's text passes :data:`PACK_BYTES`
  (a term has one pack, or a few: each level's chunk would be a file of its own, so the
  best part of a term's bounds, what decides its best documents, took one file per level
  to read; the worker reads a pack when the first of its levels is the term's unread level
  of highest bound, all of them at once). ``name`` is the hash of its content: unchanged
  postings keep their file, name and bytes from build to build.
* ``docs/<n>.json`` — documents ``n × chunk`` to ``(n + 1) × chunk − 1`` (:data:`DOCUMENT_CHUNK`
  a file), ``[[location, title, tag labels, authors, text, date, arXiv id, organization], …]`` (plain text: the worker
  escapes it; ``text`` is the abstract, from which it cuts the snippet around the matched
  words; ``date`` a paper's first listed day, ``YYYY-MM-DD``, ``""`` for a page: the search
  page shows it and filters on it; since FORMAT 4; the versionless arXiv id, ``""`` for a
  page or a paper without one: the worker scores the ``id`` field from it; since FORMAT 6; the
  organization, ``""`` for none: the ``organization`` field's text; since FORMAT 8),
  then, for a paper listed on more days, ``[the other days, …]`` (ascending; since FORMAT 7:
  the search page's date filter keeps a paper listed on any day of its range). A paper listed
  once has no ninth value, so a document grows with its own listings only, never with the
  archive; a day that lists an older paper again changes that paper's document (its file is
  written again, and its terms counted again, as for an edit). The hand-written pages come
  first, then the papers, oldest first listed first.

Growth and incremental builds: no file grows with the archive but ``search_index.json``
(the separators) and the rows of common terms (a chunk name per 512 postings). A new day's
papers are the last documents: they add postings at the end of a few levels per term (the
last chunk of each is rewritten, or a new one added; for a packed level, its term's pack,
and its next packs when the level's growth moves the cut between them), change the ``df`` of their terms (the
lexicon shards holding them) and the last document files; every other file keeps its
bytes and is not written again. Files nothing names any more are removed. With a cache
folder (the hook's ``.cache/paper-digests/``), a build keeps what it computed
(:class:`SearchState`: the counts, the documents' keys, the lexicon's layout) and the next
one counts only the documents that changed (between the unchanged first and last ones),
computes only the terms they hold, and reads and writes only the lexicon shards holding
such a term; an edited abstract costs its own terms. Documents added after all the
others, none changed (a new day), cost their own postings: each of their terms' levels is
its row's joined with theirs (:func:`joined_level`; a level's postings depend on the
posting alone, and the state keeps each level's key, count and last document), reading
only the last ``postings/`` file of each level in chunks that gains postings
(:class:`GrownLevel`) and the term's packs, not every posting of the term. Under ``mkdocs serve`` the state
stays in the process between builds (:func:`reusable_state` says when it may be used).
A file of ``postings/`` or ``docs/`` is kept only while it is as the last build left it:
the state records each one's size and modification time, and a file whose ``stat`` differs
(edited, replaced or removed since) is checked (a postings file: its content's hash against
its name) and, unless found right, written again (:func:`files_as_left`); the lexicon
shards are read whole and checked against the state's hash of them.

A query therefore reads, before its first results: one lexicon shard per word (a bounded
size), the best levels' postings (inline, then chunks and packs by bound: a pack reads
every level it holds), and one document file per result shown.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
import html
import json
import os
import re
import stat
from array import array
from collections import Counter
from itertools import accumulate
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.trimmer import full_re as _TRIMMER

from generator.core.files import holds, regular_bytes, remove_entry, replaced, write_new_file
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

FIELDS: dict[str, int] = {"title": 10, "authors": 5, "tags": 5, "text": 1, "id": 50, "organization": 10}
"""Indexed fields and their lunr boosts: title matches rank first, then authors and tags,
then the organization (the name Hugging Face shows, ``台灣大學``, ``Nex-AGI``: 2.5 terms on
average), then the abstract. The organization's boost is modest in effect: a tenth of the
corpora's papers have one (2,911 of 28,960), so the field's average length over every
document is 0.25 terms and BM25's length normalisation divides a name's score by about 5
(k1 (1 - b + b × 2.5 / 0.25) + 1 = 10.3 against 2.2 at the average): a word of it scores
about 2 × idf, twice a word met once in an abstract of average length and under half an
author's name (5 × idf), far below the title (10 × idf); with 3 it scored below that one
mention of the abstract. As more papers have one, it counts for more (half of them: 7 × idf). A paper's arXiv id (:func:`id_term`) is the term of that paper alone, found
only by a query naming the id, so its boost changes no other query's results: it puts the
paper first when no paper holds every word of the query either (lunr's optional clauses).
The id field's BM25 length normalisation lowers its score when few documents have an id
(its average length is the share of those): 50 keeps an id above a word's title, authors
and abstract scores while a fifth of the documents or more have one (the search test
site: 9 of 44)."""

SHARD_BYTES = 8_000
"""A lexicon shard is closed once its JSON text passes this many bytes."""
INLINE = 100
"""Postings of a term kept in its lexicon row: all of them when it has this many or
fewer, else its first levels up to this many; the rest go to ``postings/`` chunks."""
CHUNK_POSTINGS = 512
"""Postings per ``postings/`` file (a level's postings in document order, cut every this
many: a new day rewrites the last file of the levels it adds to)."""
PACK_BYTES = 8_000
"""A term's packs (:func:`packed` levels, see FORMAT) are cut so that each file's JSON text
stays at or below this many bytes (a level alone may pass it: it is at most a chunk), so
that no pack grows with the archive. About one chunk: larger packs prove some first
results in fewer rounds (16,000: 30k `Large Vision-Language Models Lost` 120 ms in the
model against 150) but read more bytes in every round of the common words' proofs (their
unproven guesses at 100k 10–40 ms later than with FORMAT 4's chunks; bench/README.md,
session 18)."""
DOCUMENT_CHUNK = 2
"""Documents per document file (about 3.5 kB of JSON for real papers with their
abstracts): the worker fetches one file per result it shows first."""

FORMAT_VERSION = 8
"""The search files' format (:data:`FORMAT`); a cache of another format is not used (6: the
``id`` field, the documents' arXiv ids; 7: the other days a paper was listed on; 8: the
``organization`` field and the documents' organizations)."""
SEARCH_DIR = "search"
INDEX_PATH = "search/search_index.json"

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SearchDocument:
    """One document of the index, all plain text: ``location`` (URL relative to the site
    root), ``title``, ``text`` (a paper's abstract, a page's text), ``authors``, ``tags``
    (tag labels, as readers see them) and ``date`` (a paper's first listed day, ISO
    ``YYYY-MM-DD``; ``""`` for a page) and ``also`` (the other days it was listed on,
    ascending): shown and filtered on, not indexed; ``arxiv_id``
    (the versionless id, :func:`~generator.core.arxiv_id.parse_arxiv_id`; ``""`` for a page
    or a paper without one): the ``id`` field (:func:`id_term`); ``organization`` (the name
    its paper page shows, ``""`` for none): the ``organization`` field."""

    location: str
    title: str
    text: str
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    date: str = ""
    arxiv_id: str = ""
    also: tuple[str, ...] = ()
    organization: str = ""


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
    that a new day's papers come last: title, abstract, authors, tag labels, first listed day, arXiv id,
    the other days it was listed on and its organization."""
    papers = sorted(catalog.papers, key=lambda p: (p.first_listed, p.slug))
    return [
        SearchDocument(
            location=page_url(paper_path(paper.slug)),
            title=paper.title,
            text=paper.abstract,
            authors=tuple(paper.authors),
            tags=tuple(taxonomy.by_slug[slug].label for slug in paper.tags if slug in taxonomy.by_slug),
            date=paper.first_listed.isoformat(),
            arxiv_id=paper.arxiv_id or "",
            also=tuple(day.isoformat() for day in paper.listed_on if day != paper.first_listed),
            organization=paper.organization or "",
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


ID_MARK = ":"
"""What an arXiv id's term begins with (:func:`id_term`): no token of :func:`index_text`
does, so no other query word is a prefix of an id's term."""


def id_term(arxiv_id: str) -> str:
    """The index term of a versionless arXiv id (``2401.12345`` → ``:2401.12345``,
    ``hep-th/9901001`` → ``:hep_th/9901001``, ``math.GT/0309136`` → ``:math.gt/0309136``):
    :data:`ID_MARK`, then the id lower-cased (lunr's tokenizer lower-cases) with ``-`` as
    ``_`` (its tokenizer splits on ``-``). lunr's pipeline keeps it whole: every id has a
    ``.`` or ``/`` between word characters, so the trimmer leaves it as it is, and it is no
    stop word. The worker's ``idTerm`` mirrors it."""
    return ID_MARK + arxiv_id.lower().replace("-", "_")


def field_values(doc: SearchDocument) -> dict[str, str]:
    """The text lunr indexes per field of :data:`FIELDS`, after :func:`index_text`; the
    ``id`` field: the id's term (:func:`id_term`), or ``""``."""
    return {
        "title": index_text(doc.title),
        "authors": index_text(" ".join(doc.authors)),
        "tags": index_text(" ".join(doc.tags)),
        "text": index_text(doc.text),
        "id": id_term(doc.arxiv_id) if doc.arxiv_id else "",
        "organization": index_text(doc.organization),
    }


K1, B = 1.2, 0.75
"""lunr's BM25 parameters (its defaults), which the worker scores with."""


def _term(token: str) -> str:
    """lunr's trimmer and stop-word filter on one lower-cased token: the term, or ``""``
    when the token is dropped."""
    match = _TRIMMER.match(token)
    term = match.group(1) if match else token
    return "" if term in STOP_WORDS else term


def _terms(value: str, known: dict[str, str]) -> list[str]:
    """lunr's tokenizer (lower-case, split on whitespace and ``-``), trimmer and stop-word
    filter, on a value of :func:`field_values` (where :func:`index_text` left no separator
    but spaces, so ``str.split`` splits as lunr does). ``known`` caches :func:`_term` per
    token across calls (text repeats its words)."""
    tokens = value.lower().split()
    for token in set(tokens).difference(known):
        known[token] = _term(token)
    terms = [known[token] for token in tokens]
    if "" in terms:
        terms = [term for term in terms if term]
    return terms


class TermCounts:
    """Each document's terms counted per field, one document at a time (:meth:`add`): per
    field of :data:`FIELDS`, the term numbers and term frequencies of its postings in
    document order (``starts[f][d]``: where document ``d``'s postings begin), and each
    document's field lengths (terms after lunr's pipeline), all as lunr's Builder counts
    them. Memory: 6 bytes per (term, field, document), 8 when a field has over 65,535 terms."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}
        self.term_index: dict[str, int] = {}
        self.documents = 0
        self.lengths = [array("I") for _ in FIELDS]
        self.terms = [array("i") for _ in FIELDS]
        self.tfs = [array("H") for _ in FIELDS]
        self.starts = [array("q", [0]) for _ in FIELDS]

    def add(self, doc: SearchDocument) -> None:
        """Count the terms of ``doc``, the next document (its number is its position)."""
        values = field_values(doc)
        index = self.term_index
        for f, name in enumerate(FIELDS):
            terms = _terms(values[name], self._known)
            self.lengths[f].append(len(terms))
            counts = Counter(terms)
            numbers = []
            for term in counts:
                number = index.get(term)
                if number is None:
                    number = index[term] = len(index)
                numbers.append(number)
            self.terms[f].extend(numbers)
            if len(terms) > 0xFFFF and self.tfs[f].typecode == "H":
                self.tfs[f] = array("I", self.tfs[f])
            self.tfs[f].extend(counts.values())
            self.starts[f].append(len(self.terms[f]))
        self.documents += 1

    def replace(self, start: int, end: int, documents: Iterable[SearchDocument]) -> set[int]:
        """Put the counts of ``documents`` in place of those of documents ``start`` to ``end
        - 1`` (the documents after them are renumbered; term numbers stay). Returns the
        numbers of the terms whose postings change: those held by the documents taken out
        or put in, and, when the documents after them are renumbered, theirs."""
        middle = TermCounts()
        middle._known, middle.term_index = self._known, self.term_index  # one numbering
        for doc in documents:
            middle.add(doc)
        touched: set[int] = set()
        for f in range(len(FIELDS)):
            starts = self.starts[f]
            first, last = starts[start], starts[end]
            touched.update(self.terms[f][first:last])
            touched.update(middle.terms[f])
            if self.tfs[f].typecode != middle.tfs[f].typecode:  # tf over 65,535 on one side
                self.tfs[f], middle.tfs[f] = array("I", self.tfs[f]), array("I", middle.tfs[f])
            self.terms[f][first:last] = middle.terms[f]
            self.tfs[f][first:last] = middle.tfs[f]
            self.lengths[f][start:end] = middle.lengths[f]
            shift = len(middle.terms[f]) - (last - first)
            added = array("q", [first + at for at in middle.starts[f][1:]])
            later = array("q", [at + shift for at in starts[end + 1 :]]) if shift else starts[end + 1 :]
            self.starts[f] = starts[: start + 1] + added + later
            if middle.documents != end - start:  # postings name documents by number
                touched.update(self.terms[f][first + len(middle.terms[f]) :])
        self.documents += middle.documents - (end - start)
        return touched

    def arrays(self) -> list[array]:
        """Every array of the counts, in the order :meth:`from_arrays` takes them."""
        return [*self.lengths, *self.terms, *self.tfs, *self.starts]

    @classmethod
    def from_arrays(cls, names: list[str], arrays: list[array]) -> TermCounts:
        """The counts whose :meth:`arrays` are ``arrays``, term ``i`` being ``names[i]``."""
        counts = cls()
        k = len(FIELDS)
        counts.lengths, counts.terms, counts.tfs, counts.starts = (arrays[i * k : (i + 1) * k] for i in range(4))
        counts.term_index = {term: number for number, term in enumerate(names)}
        counts.documents = len(counts.lengths[0])
        return counts


def count_terms(documents: Iterable[SearchDocument]) -> TermCounts:
    """:class:`TermCounts` of ``documents``, in order."""
    counts = TermCounts()
    for doc in documents:
        counts.add(doc)
    return counts


def utf16_key(term: str) -> bytes:
    """The sort key that orders strings as JavaScript compares them (UTF-16 code units)."""
    return term.encode("utf-16-be", "surrogatepass")


MASK_BITS = (1, 2, 4, 8, 16, 32)
"""A posting's fields as bits, in the order of :data:`FIELDS` (title 1 … text 8, id 16, organization 32)."""
TEXT_BIT = MASK_BITS[list(FIELDS).index("text")]
"""The abstract's bit: a level of the abstract alone is never packed (:func:`packed`)."""
REFERENCE_LENGTHS = (9.5, 15.0, 8.0, 145.0, 1.0, 0.25)
"""Field lengths (title, authors, tags, text, id, organization) taken as average only to group a term's
postings into levels, order them and bound them (a guess that never changes, so levels do
not move as the archive grows; the bounds the worker reads hold whatever the true averages,
and are tightest near them: real papers average about 9, 14, 8 and 141 terms, and one id;
a tenth of them an organization of 2.5 terms: 0.25 over all)."""
LEVEL_RATIO = 1.2
"""A level's postings score within this ratio of each other with :data:`REFERENCE_LENGTHS`
(narrow, so that a term's first levels hold its best postings and their bound is close to
what they score)."""
RANGE_POSTINGS = 1_000_000
"""Postings grouped into levels at once (the build's memory: about 200 bytes each)."""


@dataclass(frozen=True)
class Level:
    """Postings of one term in one level: every one holds the term in the fields of
    ``mask`` (bits of :data:`MASK_BITS`) and none else; ``postings`` is flat, in document
    order: ``doc`` (the first one's number, then each the difference from the one before),
    then ``tf, length`` per field of the mask; ``bound`` is ``max tf, min length`` per
    field of the mask over the level; ``top`` its highest score guess in thousandths,
    rounded up (``guess`` in FORMAT); ``key`` its place among the term's levels (``(40 −
    bucket) × 32 + mask``, the bucket being the guess's power of :data:`LEVEL_RATIO`:
    smaller first), which no file stores (the search state keeps it, so that a new day's
    postings join their levels: :func:`appended_levels`)."""

    mask: int
    bound: list[int]
    postings: list[int]
    top: int = 0
    key: int = 0

    @property
    def count(self) -> int:
        return len(self.postings) // (1 + 2 * bin(self.mask).count("1"))


def term_levels(
    counts: TermCounts, only: set[int] | None = None, range_postings: int = RANGE_POSTINGS, first: int = 0
) -> Iterator[tuple[str, int, list[Level]]]:
    """Every term of ``counts`` in JavaScript string order (:func:`utf16_key`) as ``(term,
    df, levels)``: ``df`` is lunr's document count for its idf (documents holding the term,
    counted once per field holding it), ``levels`` its postings grouped by fields held and by
    a score guess (:data:`REFERENCE_LENGTHS`, :data:`LEVEL_RATIO`), best guess first. Every
    value is a count, independent of the other documents: a new document adds postings and
    changes nothing else. Terms are handled ``range_postings`` postings at a time (linear
    time and bounded memory, apart from numpy's sorts within a range). With ``only`` (term
    numbers), those terms alone; with ``first`` (a document number), the postings of
    documents ``first`` on alone (``df`` counting those documents only; a level's first
    ``doc`` is still its document's number), as :func:`appended_levels` takes them."""
    import numpy as np  # noqa: PLC0415 - only builds need it

    n = counts.documents
    names = list(counts.term_index)
    if not names:
        return
    # the wanted terms in JavaScript's order; rank: a term number's place in it, -1 if not wanted
    order = sorted(range(len(names)) if only is None else only, key=lambda i: utf16_key(names[i]))
    if not order:
        return
    rank = np.full(len(names), -1, dtype=np.int32)
    rank[np.array(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int32)
    # the postings of documents ``first`` on: per field from where document ``first``'s begin
    skip = [s[first] for s in counts.starts]
    numbers = [np.frombuffer(t, dtype=np.int32)[at:] if len(t) else np.zeros(0, np.int32)
               for t, at in zip(counts.terms, skip)]
    ranks = [rank[t] for t in numbers]
    tfs = [np.frombuffer(t, dtype=np.uint16 if t.typecode == "H" else np.uint32)[at:] if len(t) else np.zeros(0, np.uint16)
           for t, at in zip(counts.tfs, skip)]
    starts = [np.frombuffer(s, dtype=np.int64)[first:] - at for s, at in zip(counts.starts, skip)]
    lengths = np.stack([np.frombuffer(x, dtype=np.uint32) for x in counts.lengths], axis=1).astype(np.int64)
    df = np.zeros(len(names), dtype=np.int64)
    for t in numbers:
        df += np.bincount(t, minlength=len(names))
    df = df[np.array(order, dtype=np.int64)]  # by rank
    del numbers
    boosts = np.array(list(FIELDS.values()), dtype=np.float64)
    reference = np.array(REFERENCE_LENGTHS)
    cuts = [0]
    total = 0
    for number, count in enumerate(df.tolist()):
        total += count
        if total >= range_postings:
            cuts.append(number + 1)
            total = 0
    if cuts[-1] != len(order):
        cuts.append(len(order))
    for lo, hi in zip(cuts, cuts[1:]):
        keys, fields, values = [], [], []
        for f in range(len(FIELDS)):
            picked = np.flatnonzero((ranks[f] >= lo) & (ranks[f] < hi))
            docs = np.searchsorted(starts[f], picked, side="right") - 1 + first
            keys.append((ranks[f][picked].astype(np.int64) - lo) * n + docs)
            fields.append(np.full(len(picked), f, dtype=np.int8))
            values.append(tfs[f][picked].astype(np.int64))
            del picked, docs
        key, field, tf = np.concatenate(keys), np.concatenate(fields), np.concatenate(values)
        del keys, fields, values
        by_key = np.argsort(key, kind="stable")
        key, field, tf = key[by_key], field[by_key], tf[by_key]
        del by_key
        new = np.empty(len(key), dtype=bool)
        new[:1] = True
        new[1:] = key[1:] != key[:-1]
        pair = np.cumsum(new) - 1
        key = key[new]
        del new
        pair_tf = np.zeros((len(key), len(FIELDS)), dtype=np.int64)
        pair_tf[pair, field] = tf
        del pair, field, tf
        term, doc = key // n, key % n
        del key
        held = pair_tf > 0
        pair_length = np.where(held, lengths[doc], 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            guess = np.where(held, boosts * (K1 + 1) * pair_tf
                             / (K1 * (1 - B + B * pair_length / reference) + pair_tf), 0.0).sum(axis=1)
        bucket = np.clip(np.floor(np.log(guess) / np.log(LEVEL_RATIO)), -60, 40).astype(np.int64)
        mask = (held * np.array(MASK_BITS)).sum(axis=1)
        level = (40 - bucket) * 64 + mask  # best guess first, then by mask (bucket -60 … 40: level < 8192)
        del bucket, held
        by_level = np.argsort(term * 8192 + level, kind="stable")  # documents stay in order
        term, doc, level, guess = term[by_level], doc[by_level], level[by_level], guess[by_level]
        table = np.empty((len(doc), 1 + 2 * len(FIELDS)), dtype=np.int64)
        table[:, 1::2] = pair_tf[by_level]
        table[:, 2::2] = pair_length[by_level]
        del pair_tf, pair_length, by_level
        group = np.flatnonzero(np.diff(term * 8192 + level, prepend=-1))
        table[:, 0] = np.diff(doc, prepend=0)  # each doc as the difference from the one before it
        table[group, 0] = doc[group]  # but a level's first
        del doc
        group_term = term[group].tolist()
        group_level = level[group].tolist()
        group_mask = [key % 64 for key in group_level]
        high = np.maximum.reduceat(table, group, axis=0).tolist() if len(group) else []
        # the level's highest guess in thousandths, rounded up (so never below any posting's)
        top = np.ceil(np.maximum.reduceat(guess, group) * 1000 + 1e-6).astype(np.int64).tolist() if len(group) else []
        del guess
        low = np.minimum.reduceat(table, group, axis=0).tolist() if len(group) else []
        sizes = np.diff(group, append=len(term))
        row_mask = np.repeat(np.array(group_mask, dtype=np.int64), sizes) if len(group) else np.zeros(0, np.int64)
        group_size = sizes.tolist()
        del term, level, group, sizes
        # each mask's postings (its columns of its rows, in table order) as one flat list, cut per level below
        flat_of: dict[int, list[int]] = {}
        for mask in set(group_mask):
            columns = [0] + [c for f in range(len(FIELDS)) if mask & MASK_BITS[f] for c in (1 + 2 * f, 2 + 2 * f)]
            flat_of[mask] = table[np.ix_(np.flatnonzero(row_mask == mask), np.array(columns, dtype=np.int64))].ravel().tolist()
        del row_mask
        taken = dict.fromkeys(flat_of, 0)  # how much of each mask's list earlier levels took
        current, levels = -1, list[Level]()
        for g, number in enumerate(group_term):
            if number != current:
                if levels:
                    yield names[order[lo + current]], int(df[lo + current]), levels
                current, levels = number, list[Level]()
            mask = group_mask[g]
            bound = [v for f in range(len(FIELDS)) if mask & MASK_BITS[f] for v in (high[g][1 + 2 * f], low[g][2 + 2 * f])]
            at, end = taken[mask], taken[mask] + group_size[g] * (1 + len(bound))
            taken[mask] = end
            levels.append(Level(mask, bound, flat_of[mask][at:end], top[g], group_level[g]))
        if levels:
            yield names[order[lo + current]], int(df[lo + current]), levels
        del table


def _width(mask: int) -> int:
    """Integers a posting of a level of ``mask`` takes: ``doc``, then ``tf, length`` per field."""
    return 1 + 2 * bin(mask).count("1")


def packed(level: Level | GrownLevel, chunk_postings: int) -> bool:
    """Whether ``level``, when its postings are not in its lexicon row, goes in its term's
    pack (see FORMAT) rather than in ``postings/`` chunks of its own: it holds the term in
    the title, authors or tags, not the abstract alone (its postings bound the best scores:
    those fields' boosts are 5–10 times the abstract's), and its postings fit one chunk
    (``chunk_postings`` or fewer), so that reading it alone would cost a file for a few
    postings. Levels only grow, so a level out of the packs stays out."""
    return level.mask != TEXT_BIT and level.count <= chunk_postings


def last_document(level: Level) -> int:
    """The document number of the last posting of ``level``."""
    return sum(level.postings[:: _width(level.mask)])


def level_last(level: Level | GrownLevel) -> int:
    """The document number of the last posting of ``level``."""
    if isinstance(level, Level):
        return last_document(level)
    return sum(level.extra[:: _width(level.mask)]) if level.extra else level.last


def _joined_bound(before: list[int], after: list[int]) -> list[int]:
    """The bound of two parts of a level (``max tf, min length`` per field): the higher tf, the lower length."""
    return [max(a, b) if i % 2 == 0 else min(a, b) for i, (a, b) in enumerate(zip(before, after))]


def joined_level(before: Level, after: Level, last: int | None = None) -> Level:
    """One level of a term: ``before`` (over some documents) followed by ``after`` (the same
    ``key``, over documents numbered after all of those; its first ``doc`` is its document's
    number): the postings one after the other (that ``doc`` made the difference from the last
    of ``before``, document ``last``), the higher tf and lower length of the bounds, the
    higher ``top``. Neither level is changed."""
    postings = before.postings + after.postings
    postings[len(before.postings)] -= last_document(before) if last is None else last
    return Level(after.mask, _joined_bound(before.bound, after.bound), postings, max(before.top, after.top), after.key)


def appended_levels(old: list[Level], new: list[Level]) -> list[Level]:
    """One term's levels over some documents (``old``, as :func:`term_levels` gives them)
    and over documents numbered after all of those (``new``, from :func:`term_levels` with
    ``first``) → its levels over both, as :func:`term_levels` gives them over all of them:
    every posting's level depends on the posting alone, so a level of ``new`` joins the
    ``old`` level of its ``key`` (:func:`joined_level`) or is a level of its own, in ``key``
    order. Neither list is changed."""
    by_key = {level.key: level for level in old}
    for level in new:
        before = by_key.get(level.key)
        by_key[level.key] = level if before is None else joined_level(before, level)
    return [by_key[key] for key in sorted(by_key)]


def stored_level(stored: list[Any], key: int, read_chunk: Any) -> Level:
    """The :class:`Level` (of ``key``) a lexicon row stores as ``stored`` (``[mask, bound,
    inline, chunks, guess]``, see FORMAT), its postings read from the row or, when in
    ``postings/`` files, through ``read_chunk`` (a file's name → its JSON value: flat
    postings, or a pack's lists of them). Raises :class:`ValueError` when a file does not
    begin with the document the row says (or a pack holds no such list)."""
    mask, bound, inline, chunks, top = stored
    if not chunks:
        return Level(mask, bound, inline, top, key)
    width, postings, last = _width(mask), list[int](), 0
    for name, first, *place in chunks:
        part = read_chunk(name)
        if place:  # the level's list in a pack
            if not 0 <= place[0] < len(part) or not isinstance(part[place[0]], list):
                raise ValueError(f"postings/{name}.json holds no list {place[0]}")
            part = list(part[place[0]])
        if part[:1] != [first]:
            raise ValueError(f"postings/{name}.json does not begin with document {first}")
        end = sum(part[::width])  # its last posting's document
        part[0] = first - last if postings else first
        postings += part
        last = end
    return Level(mask, bound, postings, top, key)


@dataclass(frozen=True)
class GrownLevel:
    """A level that the last build stored in ``postings/`` files (``chunks``: their ``[name,
    first doc]``, as its lexicon row lists them; ``last``: the document of its last posting
    there) followed by ``extra``, the postings of documents added after all of those (flat as
    in :class:`Level`, the first ``doc`` its document's number; none when the level gains
    nothing), ``count`` postings in all; ``tail``: the text of its last file (when ``extra``).
    A level in files stays there when postings are added to the term (the levels before it
    only grow or are added, so the room left in the row before it only shrinks): its first
    files keep their bytes, the last one gains ``extra``'s first postings, and files follow."""

    key: int
    mask: int
    bound: list[int]
    top: int
    count: int
    last: int
    chunks: list[list[Any]]
    extra: list[int]
    tail: bytes = b""


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
_DECODER = json.JSONDecoder()


def _dump(data: Any) -> str:
    return _ENCODER.encode(data)


def _write_file(folder: Path, name: str, text: str) -> int:
    """Write ``text`` to ``folder/name`` unless the file holds it already (a new regular file,
    :func:`~generator.core.files.write_new_file`: a link there is replaced, not written
    through); returns its size in bytes."""
    encoded = text.encode("utf-8")
    path = folder / name
    if not holds(path, encoded):
        write_new_file(path, encoded)
    return len(encoded)


def separator(previous: str, first: str) -> str:
    """The shortest prefix of ``first`` that sorts after ``previous`` (UTF-16 order): what
    tells a lexicon shard from the one before it, in fewer bytes than its first term."""
    before = utf16_key(previous)
    for length in range(1, len(first) + 1):
        if utf16_key(first[:length]) > before:
            return first[:length]
    return first


def document_key(doc: SearchDocument) -> bytes:
    """16 bytes that change whenever anything indexed or shown of ``doc`` changes: the
    SHA-256 of its fields, each after its length (so no two documents' texts run together)."""
    values = (doc.location, doc.title, doc.text, str(len(doc.authors)), *doc.authors, str(len(doc.tags)), *doc.tags, doc.date,
              doc.arxiv_id, doc.organization, *doc.also)
    text = "".join([f"{len(value)}:{value}" for value in values])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:16]


_document_keys: dict[SearchDocument, bytes] = {}
"""The keys of the documents of this process's last :func:`document_keys` (equal documents have equal keys)."""


def document_keys(documents: list[SearchDocument]) -> list[bytes]:
    """:func:`document_key` of each of ``documents``, taken from the last call's documents
    when equal to one (under ``mkdocs serve`` nearly all of them are: hashing a document's
    fields for a dictionary costs less than SHA-256 over them)."""
    try:
        keys = [_document_keys.get(doc) or document_key(doc) for doc in documents]
    except TypeError:  # a document given lists where tuples are expected cannot be a dictionary key
        _document_keys.clear()
        return [document_key(doc) for doc in documents]
    _document_keys.clear()
    _document_keys.update(zip(documents, keys))
    return keys


STATE_NAME = "search-state.bin"
"""The state file of :func:`write_index_files` in its cache folder (with a small marker,
``search-state.json``): the last build's term counts, its documents' keys, its lexicon's
layout and its terms' levels, so that the next build counts only the documents that changed,
writes only the lexicon shards whose rows changed and joins a new day's postings to the levels."""
STATE_VERSION = 3
"""The layout of :data:`STATE_NAME`; a state of another layout is not used."""
_OLD_STATE = ("search-counts.bin", "search-counts.bin.json")  # an earlier layout's files


@dataclass
class SearchState:
    """What a build of the search files leaves for the next one: ``counts`` (its
    documents' terms), ``keys`` (each document's :func:`document_key`), its lexicon:
    ``lexicon`` (every term, in file order; ``numbers``: the same as term numbers of
    ``counts``), ``sizes`` (each term's row in bytes of UTF-8, its file's text), ``starts``
    (per lexicon shard, the place in ``lexicon`` of its first term), ``chunks`` (the
    ``postings/`` file names of each term that has some), ``settings`` (the build's
    layout settings) and each term's levels (``level_table``, ``level_starts``)."""

    settings: list[Any]
    counts: TermCounts
    keys: list[bytes]
    lexicon: list[str]
    numbers: array
    sizes: array
    starts: list[int]
    chunks: dict[str, list[str]]
    known: dict[bytes, tuple[str, int]] = field(default_factory=dict)
    """Each ``postings/`` file now named: its postings' :func:`chunk_digest` → its name and size in bytes."""
    level_table: array = field(default_factory=lambda: array("I"))
    """Each level of every term, in the row's order, term after term by term number: its
    :attr:`Level.key`, its number of postings and the document of its last posting (three
    numbers a level; term ``n``'s levels are ``level_starts[n]`` to ``level_starts[n + 1] − 1``),
    what a new day's postings need to join the levels (:class:`GrownLevel`)."""
    level_starts: array = field(default_factory=lambda: array("I", [0]))
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Each file of ``postings/`` and ``docs/`` the build left (its path in the search folder,
    ``postings/<name>.json``): its size in bytes and ``st_mtime_ns`` right after the build
    (:func:`files_as_left`)."""
    token: str = ""
    """The SHA-256 of :meth:`encode`'s bytes, once saved or read (hex)."""

    def encode(self) -> bytes:
        """The state as bytes (:meth:`decode` reads them back): a JSON head, the term names
        (one a line: a term holds no whitespace), then the arrays."""
        arrays = [*self.counts.arrays(), self.numbers, self.sizes, array("q", self.starts),
                  array("B", b"".join(self.keys)), array("B", b"".join(self.known)),
                  array("B", "".join(name for name, _ in self.known.values()).encode("ascii")),
                  array("q", [size for _, size in self.known.values()]), self.level_table, self.level_starts,
                  array("B", "\n".join(self.stamps).encode("ascii")),
                  array("q", [value for stamp in self.stamps.values() for value in stamp])]
        names = "\n".join(self.counts.term_index).encode("utf-8", "surrogatepass")
        head = _dump({"version": STATE_VERSION, "settings": self.settings, "names": [len(self.counts.term_index), len(names)],
                      "chunks": self.chunks, "arrays": [[a.typecode, len(a)] for a in arrays]}).encode("utf-8")
        return b"".join([len(head).to_bytes(8, "little"), head, names, *(a.tobytes() for a in arrays)])

    @classmethod
    def decode(cls, data: bytes) -> SearchState:
        """The state :meth:`encode` gave as ``data``. Raises :class:`ValueError`,
        :class:`KeyError` or :class:`TypeError` when ``data`` is not one."""
        size = int.from_bytes(data[:8], "little")
        head = json.loads(data[8 : 8 + size])
        if head["version"] != STATE_VERSION:
            raise ValueError("another layout of the search state")
        count, length = head["names"]
        names = data[8 + size : 8 + size + length].decode("utf-8", "surrogatepass").split("\n") if count else []
        if len(names) != count:
            raise ValueError("the search state's terms are cut short")
        at, arrays = 8 + size + length, []
        for typecode, length in head["arrays"]:
            a = array(typecode)
            a.frombytes(data[at : at + length * a.itemsize])
            if len(a) != length:
                raise ValueError("the search state is cut short")
            at += length * a.itemsize
            arrays.append(a)
        (*counted, numbers, sizes, starts, keys, digests, chunk_names, chunk_sizes, level_table, level_starts,
         stamp_paths, stamp_values) = arrays
        raw, digest, named = keys.tobytes(), digests.tobytes(), chunk_names.tobytes().decode("ascii")
        known = {digest[16 * i : 16 * i + 16]: (named[16 * i : 16 * i + 16], size) for i, size in enumerate(chunk_sizes)}
        paths = stamp_paths.tobytes().decode("ascii").split("\n") if stamp_paths else []
        values = stamp_values.tolist()
        if len(values) != 2 * len(paths):
            raise ValueError("the search state's file stamps are cut short")
        return cls(head["settings"], TermCounts.from_arrays(names, counted),
                   [raw[i : i + 16] for i in range(0, len(raw), 16)],
                   [names[number] for number in numbers], numbers, sizes, starts.tolist(), head["chunks"], known,
                   level_table=level_table, level_starts=level_starts,
                   stamps=dict(zip(paths, zip(values[::2], values[1::2]))))


_kept: dict[str, SearchState] = {}
"""The state the last :func:`write_index_files` of this process saved, by its token (under
``mkdocs serve`` the next build reads it from here instead of the cache file)."""


def reusable_state(marker: dict[str, Any], settings: list[Any], shards: bytes, kept: SearchState | None,
                   saved: bytes | None) -> SearchState | None:
    """The rule that says whether the last build's state may be built on: ``marker`` (the
    cache's ``search-state.json``: ``settings``, ``lexicon`` (the SHA-256 of the lexicon
    shards it wrote, in order) and ``token`` (the SHA-256 of the state's bytes)) must have
    this build's ``settings`` and the lexicon shards now on disk (``shards``, their bytes in
    order) must be the ones it wrote; then the state is ``kept`` (held in memory) when it is
    the one the marker names, else the one decoded from ``saved`` (the state file's bytes)
    when those are what the marker names. Otherwise ``None``: the files are computed whole."""
    if marker.get("settings") != settings or hashlib.sha256(shards).hexdigest() != marker.get("lexicon"):
        return None
    token = marker.get("token")
    if kept is not None and kept.token == token:
        return kept
    if saved is None or hashlib.sha256(saved).hexdigest() != token:
        return None
    try:
        state = SearchState.decode(saved)
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    state.token = token
    return state


def _last_state(cache: Path, folder: Path, settings: list[Any]) -> tuple[SearchState, list[bytes]] | None:
    """The last build's state and its lexicon shards' bytes, when :func:`reusable_state` allows."""
    kept = _kept.pop("state", None)  # taken: a run cut short leaves nothing in memory
    try:
        marker = json.loads((cache / (STATE_NAME + ".json")).read_text("utf-8"))
        shards = [regular_bytes(folder / "terms" / f"{number}.json") for number in range(marker["shards"])]
        token = marker["token"]
        saved = None if kept is not None and kept.token == token else (cache / STATE_NAME).read_bytes()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    state = reusable_state(marker, settings, b"".join(shards), kept, saved)
    if state is None or len(state.starts) != len(shards):
        return None
    return state, shards


def _save_state(cache: Path, state: SearchState, lexicon: str) -> None:
    """Write ``state`` and then its marker into ``cache``; keep it in memory too."""
    data = state.encode()
    token = hashlib.sha256(data).hexdigest()
    with replaced(cache / STATE_NAME, binary=True) as file:
        file.write(data)
    with replaced(cache / (STATE_NAME + ".json")) as file:
        file.write(_dump({"settings": state.settings, "shards": len(state.starts), "lexicon": lexicon, "token": token}))
    state.token = token
    _kept["state"] = state


def _joined_level_table(state: SearchState, computed: dict[int, array], touched: set[int],
                        terms: int) -> tuple[array, array]:
    """:attr:`SearchState.level_table` and ``level_starts`` of the state to save, for
    ``terms`` terms: a ``computed`` term's levels (by term number: key, count, last document
    of each) as computed now, a ``touched`` one's not computed none (it has no postings
    left), every other one's as ``state`` has them."""
    old_table, old_starts = state.level_table, state.level_starts
    known = len(old_starts) - 1
    table, starts = array("I"), array("I", [0])
    done = 0  # terms before this one are in table
    for number in sorted(touched.union(computed)) + [terms]:  # between them, runs of terms kept as they are
        if number > done:  # terms done … number - 1: as state has them (those it has), copied at once
            upto = min(number, known)
            if upto > done:
                begin = old_starts[done]
                offset = len(table) // 3 - begin  # where the run's levels go less where they were
                table.extend(old_table[3 * begin : 3 * old_starts[upto]])
                starts.extend(at + offset for at in old_starts[done + 1 : upto + 1])
            if number > max(upto, done):  # terms the state does not have: no levels
                starts.extend([len(table) // 3] * (number - max(upto, done)))
            done = number
        if number == terms:
            break
        got = computed.get(number)
        if got is not None:
            table.extend(got)
        starts.append(len(table) // 3)
        done = number + 1
    return table, starts


def files_as_left(folder: Path, stamps: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Which files of ``stamps`` (a path in ``folder`` → the size in bytes and
    ``st_mtime_ns`` the last build recorded, :attr:`SearchState.stamps`) still hold what that
    build wrote, with their size and ``st_mtime_ns`` now: those whose ``stat`` gives the
    recorded pair (the page ledger's rule, :func:`~generator.pages.page_ledger.page_is_current`),
    and those of ``postings/`` whose content still has the hash their name is. A file edited,
    replaced or removed since is not among them. One ``stat`` a file, relative to ``folder``
    (94,000 files at 100,000 papers: 0.3 s of CPU under load, less than the 50,000 ``stat``
    of the document files it replaces); only a file whose ``stat`` changed is read."""
    found: dict[str, tuple[int, int]] = {}
    if not stamps:
        return found
    at = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for path, stamp in stamps.items():
            try:
                on_disk = os.stat(path, dir_fd=at, follow_symlinks=False)  # a link is not a file kept
                now = (on_disk.st_size, on_disk.st_mtime_ns)
                if not stat.S_ISREG(on_disk.st_mode):
                    continue
                if now == stamp or (path.startswith("postings/")
                                    and _postings_name(regular_bytes(folder / path)) == path[9:-5]):
                    found[path] = now
            except OSError:
                continue
    finally:
        os.close(at)
    return found


def _postings_name(data: bytes) -> str:
    """The name of the ``postings/`` file holding ``data``: its content's hash."""
    return hashlib.sha256(data).hexdigest()[:16]


def chunk_digest(postings: list[int]) -> bytes:
    """16 bytes that tell one ``postings/`` file's postings (a flat list of ints) from
    another's, computed without writing its JSON (BLAKE2b of the 64-bit integers)."""
    return hashlib.blake2b(array("q", postings).tobytes(), digest_size=16).digest()


def changed_run(old: list[bytes], new: list[bytes]) -> tuple[int, int, int]:
    """Where ``new`` (document keys) differs from ``old``: ``(start, old_end, new_end)`` such
    that ``old[:start] == new[:start]``, ``old[old_end:] == new[new_end:]``, and
    ``old[start:old_end]`` was replaced by ``new[start:new_end]``, the run as short as a
    common first and last part make it."""
    start, most = 0, min(len(old), len(new))
    while start < most and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < most - start and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return start, len(old) - tail, len(new) - tail


def write_index_files(
    site_dir: Path,
    documents: list[SearchDocument],
    config: dict[str, Any],
    shard_bytes: int = SHARD_BYTES,
    inline: int = INLINE,
    chunk: int = DOCUMENT_CHUNK,
    chunk_postings: int = CHUNK_POSTINGS,
    cache: Path | None = None,
    pack_bytes: int = PACK_BYTES,
) -> dict[str, int]:
    """:func:`write_shard_files`, then ``search_index.json`` (:func:`write_index_json`) with
    ``config``; returns the summary of :func:`write_shard_files`."""
    summary, shards = write_shard_files(site_dir, documents, shard_bytes, inline, chunk, chunk_postings, cache, pack_bytes)
    write_index_json(site_dir, config, shards)
    return summary


def write_index_json(site_dir: Path, config: dict[str, Any], shards: dict[str, Any]) -> None:
    """Write ``site_dir/search/search_index.json``: ``config`` (Material's, less any
    ``shards``) with ``shards`` (where the files of :func:`write_shard_files` are) and no
    documents (see FORMAT)."""
    config = {key: value for key, value in config.items() if key != "shards"}
    config["shards"] = shards
    _write_file(site_dir / SEARCH_DIR, "search_index.json", _dump({"config": config, "docs": []}))


def write_shard_files(
    site_dir: Path,
    documents: list[SearchDocument],
    shard_bytes: int = SHARD_BYTES,
    inline: int = INLINE,
    chunk: int = DOCUMENT_CHUNK,
    chunk_postings: int = CHUNK_POSTINGS,
    cache: Path | None = None,
    pack_bytes: int = PACK_BYTES,
) -> tuple[dict[str, int], dict[str, Any]]:
    """Write the search files for ``documents`` into ``site_dir/search/`` (see FORMAT in
    the module docstring), replacing earlier ones, all but ``search_index.json``: the lexicon shards (a term's levels inline while
    its postings number ``inline`` or fewer in all, and the first levels up to that many),
    the postings chunks of ``chunk_postings`` postings, each term's packs of at most
    ``pack_bytes`` bytes (:func:`packed` levels) and the document files of ``chunk``
    documents. Files whose bytes are already there are not written again.

    With ``cache`` (a folder), the build is incremental: when the state there describes the
    search files now in ``site_dir`` (:func:`reusable_state`, :data:`STATE_NAME`), only the
    documents between the unchanged first and last ones are counted, only the terms those
    (or the documents they replace) hold are computed again, and only the lexicon shards
    holding such a term (or moved by one) are written; the files are the same as a clean
    build's. The state is removed before anything is written and saved after.

    Returns the summary ``{"documents", "terms", "shards", "bytes", "counted", "computed"}``
    (``bytes``: every search file but ``search_index.json``; ``counted`` documents and
    ``computed`` terms: the work done) and ``config.shards`` of ``search_index.json`` (for
    :func:`write_index_json`)."""
    folder = site_dir / SEARCH_DIR
    keys = document_keys(documents)
    settings = [FORMAT_VERSION, shard_bytes, inline, chunk, chunk_postings, pack_bytes]
    last = _last_state(cache, folder, settings) if cache is not None else None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        for name in (STATE_NAME, STATE_NAME + ".json", *_OLD_STATE):
            (cache / name).unlink(missing_ok=True)
    if last is not None:
        state, old_shards = last
    else:
        state, old_shards = SearchState(settings, TermCounts(), [], [], array("i"), array("I"), [], {}), []
    counts = state.counts
    start, old_end, new_end = changed_run(state.keys, keys)
    terms_before = len(counts.term_index)
    touched = counts.replace(start, old_end, documents[start:new_end])
    # documents added after all the last build's, none changed (a new day): each touched
    # term's levels are its row's joined with the new documents' (appended_levels)
    appending = (last is not None and start == old_end == len(state.keys) < new_end
                 and len(state.level_starts) == terms_before + 1)
    for earlier in ("shards", "data"):  # an earlier layout's folders (a link there unlinked, not followed)
        remove_entry(folder / earlier)
    for new in ("terms", "postings", "docs"):  # anything but a folder there (a link, a file) is replaced by one
        if os.path.lexists(folder / new) and not stat.S_ISDIR(os.lstat(folder / new).st_mode):
            remove_entry(folder / new)
        (folder / new).mkdir(parents=True, exist_ok=True)
    on_disk = {sub: set(os.listdir(folder / sub)) for sub in ("terms", "postings", "docs")}
    # the files of postings/ and docs/ whose bytes are known: the last build's still as it left
    # them (their size and mtime now), and those this build writes or finds right (None until stamped)
    held: dict[str, tuple[int, int] | None] = dict(files_as_left(folder, state.stamps))
    if len(held) < len(state.stamps):  # edited, replaced or removed since: their terms are computed again
        damaged = {counts.term_index[term] for term, names in state.chunks.items()
                   if any(f"postings/{name}.json" not in held for name in names)}
        touched |= damaged
        appending = appending and not damaged
    version = hashlib.sha256(_dump(settings).encode("utf-8"))
    lexicon_hash = hashlib.sha256()
    written: set[str] = set()
    total = 0

    sub_dirs = {sub: folder / sub for sub in ("terms", "postings", "docs")}

    def put(sub: str, name: str, text: str | bytes) -> int:
        nonlocal total
        encoded = text.encode("utf-8") if isinstance(text, str) else text
        path = f"{sub}/{name}"
        if sub != "postings" or path not in held:  # (a postings file's name is its content's hash)
            if name not in on_disk[sub] or not holds(sub_dirs[sub] / name, encoded):
                write_new_file(os.path.join(sub_dirs[sub], name), encoded)  # a link there replaced, not followed
                on_disk[sub].add(name)
            held[path] = None
        total += len(encoded)
        written.add(path)
        return len(encoded)

    def chunk_file(part: list[int]) -> str:
        """The name of the ``postings/`` file of ``part`` (a chunk's postings, its first ``doc``
        its document's number), written unless the last build wrote it."""
        nonlocal total
        digest = chunk_digest(part)
        name, size = known.get(digest) or state.known.get(digest, ("", 0))
        if f"postings/{name}.json" in held:  # that file, as this build or the last one wrote it
            written.add(f"postings/{name}.json")
            total += size
        else:
            text = _dump(part)
            name = _postings_name(text.encode("utf-8"))
            size = put("postings", name + ".json", text)
        known[digest] = (name, size)
        return name

    def grown_chunks(level: GrownLevel) -> list[list[Any]]:
        """The ``[name, first doc]`` of the files of ``level``: the last build's, then its last
        one with ``extra``'s first postings (its text and theirs joined), then new ones."""
        nonlocal total
        chunks = [list(chunk) for chunk in level.chunks]
        for name, _ in chunks:
            written.add(f"postings/{name}.json")
            total += last_sizes().get(name, 0)
        if not level.extra:
            return chunks
        width = _width(level.mask)
        docs = list(accumulate(level.extra[::width]))
        extra = len(docs)
        take = min(chunk_postings - (level.count - extra - (len(chunks) - 1) * chunk_postings), extra)
        if take > 0:  # the last file gains postings: its JSON text, "]" left off, and theirs, "[" left off
            part = level.extra[: take * width]
            part[0] -= level.last
            text = level.tail[:-1] + b"," + _dump(part)[1:].encode("utf-8")
            name = _postings_name(text)
            written.discard(f"postings/{chunks[-1][0]}.json")
            total -= last_sizes().get(chunks[-1][0], 0)
            put("postings", name + ".json", text)
            chunks[-1][0] = name
        for at in range(max(take, 0), extra, chunk_postings):
            part = level.extra[at * width : (at + chunk_postings) * width]
            part[0] = docs[at]  # a file's first doc is its number
            chunks.append([chunk_file(part), part[0]])
        return chunks

    def stored_levels(levels: Sequence[Level | GrownLevel]) -> tuple[list[list[Any]], list[str]]:
        room = inline if sum(level.count for level in levels) > inline else len(documents)
        stored: list[list[Any]] = []
        names: list[str] = []
        packing: list[tuple[int, Level]] = []  # the packed levels: their place in stored, the level
        for level in levels:
            if isinstance(level, GrownLevel):
                if level.count > room and not packed(level, chunk_postings):  # in files still (see GrownLevel)
                    room = 0
                    chunks = grown_chunks(level)
                    stored.append([level.mask, level.bound, [], chunks, level.top])
                    names += [name for name, _ in chunks]
                    continue
                level = grown_postings(level)  # not met: computed in full
            if level.count <= room:
                room -= level.count
                stored.append([level.mask, level.bound, level.postings, [], level.top])
                continue
            room = 0
            if packed(level, chunk_postings):
                packing.append((len(stored), level))
                stored.append([])  # its row entry: below, once its pack is named
                continue
            width = _width(level.mask)
            step = chunk_postings * width
            chunks = []
            docs = list(accumulate(level.postings[::width]))
            for number, at in enumerate(range(0, len(level.postings), step)):
                part = level.postings[at : at + step]
                part[0] = docs[number * chunk_postings]  # a file's first doc is its number
                chunks.append([chunk_file(part), part[0]])
                names.append(chunks[-1][0])
            stored.append([level.mask, level.bound, [], chunks, level.top])
        members: list[tuple[int, Level, str]] = []  # the pack being filled: place in stored, level, its text
        size = 1  # its text's bytes once closed: "[", each member's text and a "," or "]"
        for at, level in packing:
            text = _dump(level.postings)  # a level's first doc is its number; ints: ASCII
            if members and size + len(text) + 1 > pack_bytes:
                names.append(pack_file(members, stored))
                members, size = [], 1
            members.append((at, level, text))
            size += len(text) + 1
        if members:
            names.append(pack_file(members, stored))
        return stored, names

    def pack_file(members: list[tuple[int, Level, str]], stored: list[list[Any]]) -> str:
        """Write the pack of ``members`` (each level's place in ``stored``, the level, the
        JSON text of its postings), a JSON list of their postings lists in that order, as
        ``postings/<name>.json`` (``name``: its content's hash), and give each its row entry
        in ``stored`` (its chunk ``[name, first doc, place in the pack]``); returns ``name``."""
        text = "[" + ",".join(member for _, _, member in members) + "]"
        encoded = text.encode("ascii")
        name = _postings_name(encoded)
        known[hashlib.blake2b(encoded, digest_size=16).digest()] = (name, put("postings", name + ".json", encoded))
        for place, (at, level, _) in enumerate(members):
            stored[at] = [level.mask, level.bound, [], [[name, level.postings[0], place]], level.top]
        return name

    term_names = list(counts.term_index)
    touched_terms = [term_names[number] for number in touched]
    old = state.lexicon
    # each computed term's place among the last build's terms: the row it replaces, or the one it goes before
    replaced_rows: dict[str, int] = {}
    dirty_shards: set[int] = set()
    if old:
        place = {term: at for at, term in enumerate(old)}
        for term in touched_terms:
            at = place.get(term)
            if at is not None:
                replaced_rows[term] = at
                dirty_shards.add(bisect_right(state.starts, at) - 1)
    for term in touched_terms:
        state.chunks.pop(term, None)

    def old_row(at: int) -> bytes:
        """The last build's row of its term number ``at`` (in lexicon order), as its shard holds it."""
        shard = bisect_right(state.starts, at) - 1
        begin = state.starts[shard]
        offset = 1 + sum(state.sizes[begin:at]) + (at - begin)  # "[" and a comma after each row
        return old_shards[shard][offset : offset + state.sizes[at]]

    sizes_by_name: dict[str, int] = {}

    def last_sizes() -> dict[str, int]:
        """The size in bytes of each postings file the last build named, by name."""
        if not sizes_by_name:
            sizes_by_name.update(state.known.values())
        return sizes_by_name

    def read_postings_file(name: str) -> bytes:
        """The text of the last build's ``postings/`` file ``name``; raises :class:`ValueError`
        when it is not the file of that name (its content hash)."""
        data = regular_bytes(os.path.join(sub_dirs["postings"], f"{name}.json"))
        if _postings_name(data) != name:
            raise ValueError(f"postings/{name}.json is not the file of that name")
        return data

    last_pack: list[Any] = ["", None]  # the pack read last: its name and JSON value

    def read_pack(name: str) -> Any:
        """The JSON value of the last build's ``postings/`` file ``name`` (a pack: read once
        for the levels it holds, which follow each other in their row)."""
        if last_pack[0] != name:
            last_pack[:] = [name, json.loads(read_postings_file(name))]
        return last_pack[1]

    def grown_postings(level: GrownLevel) -> Level:
        """``level`` as a :class:`Level`, its files read."""
        stored = stored_level([level.mask, level.bound, [], level.chunks, level.top], level.key,
                              lambda name: json.loads(read_postings_file(name)))
        if not level.extra:
            return stored
        return joined_level(stored, Level(level.mask, level.bound, level.extra, level.top, level.key), level.last)

    def appended() -> Iterator[tuple[str, int, Sequence[Level | GrownLevel]]]:
        """The touched terms' rows when ``appending``: the row's levels joined with the new
        documents' (:func:`joined_level`; a level in files as a :class:`GrownLevel`)."""
        for term, df, levels in term_levels(counts, touched, first=start):
            at = replaced_rows.get(term)
            if at is None:  # a term no earlier document holds
                yield term, df, levels
                continue
            number = index[term]
            _, old_df, rows = json.loads(old_row(at))
            new = {level.key: level for level in levels}
            lo, hi = state.level_starts[number], state.level_starts[number + 1]
            try:
                if hi - lo != len(rows):
                    raise ValueError("not the levels of the row")
                joined: list[Level | GrownLevel] = []
                for (mask, bound, postings, chunks, top), at in zip(rows, range(3 * lo, 3 * hi, 3)):
                    key, count, last_doc = state.level_table[at : at + 3]
                    after = new.pop(key, None)
                    if not chunks or len(chunks[0]) > 2:  # in the row, or in a pack (one chunk at most: read whole)
                        before = stored_level([mask, bound, postings, chunks, top], key, read_pack)
                        joined.append(before if after is None else joined_level(before, after, last_doc))
                    elif after is None:
                        if not all(f"postings/{name}.json" in held for name, _ in chunks):
                            raise ValueError("a postings file is missing")
                        joined.append(GrownLevel(key, mask, bound, top, count, last_doc, chunks, []))
                    else:
                        if not all(f"postings/{name}.json" in held for name, _ in chunks[:-1]):
                            raise ValueError("a postings file is missing")
                        joined.append(GrownLevel(key, mask, _joined_bound(bound, after.bound), max(top, after.top),
                                                 count + after.count, last_doc, chunks, after.postings,
                                                 read_postings_file(chunks[-1][0])))
            except (OSError, ValueError):  # postings files not as the last build wrote them: computed whole
                yield next(term_levels(counts, {number}))
                continue
            joined += new.values()
            joined.sort(key=lambda level: level.key)
            yield term, old_df + df, joined

    computed = appended() if appending else term_levels(counts, None if last is None else touched)
    level_rows: dict[int, array] = {}  # the computed terms' levels' key, count and last document, by term number
    known: dict[bytes, tuple[str, int]] = {}  # the postings files named now: name and bytes, by chunk_digest (a pack by its text's BLAKE2b: looked up by name only, for the next build's reads)
    lexicon: list[str] = []
    numbers = array("i")
    index = counts.term_index
    sizes = array("I")
    starts: list[int] = []
    separators: list[str] = []
    rows: list[bytes] = []
    size = 0
    previous_term = ""

    def close() -> None:
        nonlocal rows, size
        text = b"[" + b",".join(rows) + b"]"
        put("terms", f"{len(starts) - 1}.json", text)
        version.update(text)
        lexicon_hash.update(text)
        rows, size = [], 0

    def emit(term: str, row: bytes) -> None:
        nonlocal size, previous_term
        if not rows:
            separators.append(separator(previous_term, term) if starts else "")
            starts.append(len(lexicon))
        rows.append(row)
        lexicon.append(term)
        numbers.append(index[term])
        sizes.append(len(row))
        previous_term = term
        size += len(row) + 1
        if size >= shard_bytes:
            close()

    def next_computed() -> tuple[str, bytes, int, bool] | None:
        """The next computed row: (term, row, its place among the old terms, whether it replaces that row)."""
        item = next(computed, None)
        if item is None:
            return None
        term, df, levels = item
        level_rows[index[term]] = array("I", [value for level in levels
                                              for value in (level.key, level.count, level_last(level))])
        stored, chunk_names = stored_levels(levels)
        if chunk_names:
            state.chunks[term] = chunk_names
        row = _dump([term, df, stored]).encode("utf-8")
        if term in replaced_rows:
            return term, row, replaced_rows[term], True
        return term, row, bisect_left(old, utf16_key(term), key=utf16_key) if old else 0, False

    touched_set = set(touched_terms)
    upcoming = next_computed()
    shard, i = 0, 0  # the last build's shard and row we are at
    offsets: list[int] = []  # where the rows of that shard begin in its text
    while i < len(old) or upcoming is not None:
        while shard + 1 < len(state.starts) and state.starts[shard + 1] <= i:
            shard, offsets = shard + 1, []
        end = state.starts[shard + 1] if shard + 1 < len(state.starts) else len(old)
        if (not rows and i < len(old) and state.starts[shard] == i and shard not in dirty_shards
                and (upcoming is None or (upcoming[2] >= end and end < len(old)))):
            # the whole shard as the last build wrote it: same first row, same rows
            if starts:
                separators.append(separator(previous_term, old[i]))
            else:
                separators.append("")
            starts.append(len(lexicon))
            lexicon.extend(old[i:end])
            numbers.extend(state.numbers[i:end])
            sizes.extend(state.sizes[i:end])
            text = old_shards[shard]
            if len(starts) - 1 == shard:  # in its own file still (read above)
                written.add(f"terms/{shard}.json")
                total += len(text)
            else:
                put("terms", f"{len(starts) - 1}.json", text)
            version.update(text)
            lexicon_hash.update(text)
            previous_term, i = old[end - 1], end
            continue
        if upcoming is not None and upcoming[2] <= i:
            term, row, _, replaces = upcoming
            emit(term, row)
            if replaces:
                i += 1
            upcoming = next_computed()
            continue
        if old[i] not in touched_set:
            if not offsets:
                offsets = list(accumulate((length + 1 for length in state.sizes[state.starts[shard] : end - 1]),
                                          initial=1))
            at = offsets[i - state.starts[shard]]
            emit(old[i], old_shards[shard][at : at + state.sizes[i]])
        i += 1
    if rows:
        close()
    for number, first in enumerate(range(0, len(documents), chunk)):
        stop = min(first + chunk, len(documents))
        name = f"{number}.json"
        # the same documents in the same places as in the file the last build wrote
        same = stop <= start or (old_end == new_end and first >= new_end)
        stamp = held.get(f"docs/{name}")
        if same and stop == min(first + chunk, len(state.keys)) and stamp is not None:  # as the last build left it
            written.add(f"docs/{name}")
            total += stamp[0]
            continue
        listing = [[d.location, d.title, list(d.tags), ", ".join(d.authors), d.text, d.date, d.arxiv_id, d.organization,
                    *([list(d.also)] if d.also else [])]
                   for d in documents[first:stop]]
        put("docs", name, _dump(listing))
    for key in keys:
        version.update(key)
    written.update(f"postings/{name}.json" for names in state.chunks.values() for name in names)
    known.update((digest, entry) for digest, entry in state.known.items()
                 if f"postings/{entry[0]}.json" in written and digest not in known)
    for sub in ("terms", "postings", "docs"):  # files of earlier builds that nothing names now
        for name in on_disk[sub]:
            if f"{sub}/{name}" not in written:
                remove_entry(os.path.join(sub_dirs[sub], name))  # a stray folder or link too
    shards = {
        "dir": SEARCH_DIR + "/",
        "version": version.hexdigest()[:16],
        "first": separators,
        "chunk": chunk,
        "chunkPostings": chunk_postings,
        "fields": list(FIELDS),
        "boosts": list(FIELDS.values()),
        "k1": K1,
        "b": B,
        "reference": list(REFERENCE_LENGTHS),
        "count": len(documents),
        "lengths": [sum(lengths) for lengths in counts.lengths],
        "stopWords": sorted(STOP_WORDS),
    }
    if cache is not None:
        level_table, level_starts = _joined_level_table(state, level_rows, touched if last is not None else set(),
                                                        len(counts.term_index))
        stamps = {}
        for path in written:
            if not path.startswith("terms/"):  # (the lexicon shards are checked whole: reusable_state)
                now = held.get(path)
                if now is None:
                    on_disk_now = os.stat(os.path.join(folder, path), follow_symlinks=False)
                    now = (on_disk_now.st_size, on_disk_now.st_mtime_ns)
                stamps[path] = now
        _save_state(cache, SearchState(settings, counts, keys, lexicon, numbers, sizes, starts, state.chunks, known,
                                       level_table=level_table, level_starts=level_starts, stamps=stamps),
                    lexicon_hash.hexdigest())
    return {"documents": len(documents), "terms": len(lexicon), "shards": len(starts), "bytes": total,
            "counted": new_end - start, "computed": len(touched) if last is not None else len(lexicon)}, shards
