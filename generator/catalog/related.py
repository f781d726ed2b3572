"""Related earlier papers: for each paper, the most similar papers among those first listed
on or before its own first day.

**Why earlier papers only.** Comparing every paper with the whole site made every added day
move the lists of papers listed long before it: tf-idf's idf is computed over the papers
compared, and each new paper shifts it, reordering near-ties (adding one arXiv day of 291
papers to 10,000 changed the lists of 2,227 papers, bench/README.md, issue 19). Here a
paper's related papers are chosen among the *prefix* of the archive up to its first day
(earlier work and the papers of the same day), scored with idf computed over exactly that
prefix. So a paper's list depends only on the papers listed up to its day: adding a day
after the last one changes no existing paper's list, inserting an old day changes the lists
of the papers from that day on, and a clean build and an incremental one agree by
construction. Paper pages call the section "Related papers listed up to <its first day>"
(not "earlier": the same day's papers are among them).

**Similarity.** The cosine of tf-idf vectors over a paper's title and abstract, as
scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer` computes it with
its defaults (single words of two or more letters, lowercased, English stop words removed,
raw term counts times smoothed idf ``ln((1 + n) / (1 + df)) + 1``, rows L2-normalised),
with ``n`` and ``df`` counted over the prefix. The title is counted twice: it names the topic
more densely than the abstract. (Checked on the seed digest, one day of 31 papers: the four
other sentence-embedding papers are the top four of "2D Matryoshka Sentence Embeddings";
sublinear term frequency lost one of them to a fine-tuning survey.)

**Cost.** Days are taken oldest first; for each day only that day's papers are compared with
the prefix, a block of :data:`BLOCK_ROWS` rows at a time (a sparse product with the prefix's
term counts weighted by that day's idf², divided by the rows' norms under that idf), and
each row keeps its top ``k``. Memory is bounded by ``BLOCK_ROWS × n`` floats; the work is
about half the n² products of comparing every pair. Each day's answer is cached
(:class:`RelatedCache`) under a hash chained over the compared text of every paper up to
that day (:func:`chained`), so a run after a day was added computes that day's papers
only, and an edited abstract recomputes its day and the days after it.

Deterministic: term columns are in alphabetical order (so sums run in the same order
whatever else the vocabulary holds), scores are rounded to 12 decimals, and ties are broken
by paper key (smaller key first).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from generator.core.files import replaced
from generator.core.model import Paper
from generator.core.process_memos import keeping, memo, paper_memo, remembered
from generator.catalog.stop_words import ENGLISH_STOP_WORDS

RELATED_COUNT = 5
"""How many related papers a paper page lists."""

MIN_SIMILARITY = 0.08
"""The least cosine at which a paper is related: below it two papers share only common
words of the field ("language", "neural", "model"). Measured on the seed day (31 papers):
"Towards Neural Synthesis for SMT-Assisted Proof-Oriented Programming"'s best match, "Yi:
Open Foundation Models by 01.AI", scores 0.06, "Neural embedding of beliefs…"'s best 0.06,
where the sentence-embedding papers score 0.11–0.34 with each other; over 1,686 Hugging
Face daily papers, 1 % of papers had no match above 0.106 and the pairs under 0.08 (0.8 %
of the lists' places) named nothing in common but such words. A paper with no match this
close lists fewer related papers, or none (its page then has no such section)."""

BLOCK_ROWS = 512
"""Rows per block of the similarity product: a block holds ``BLOCK_ROWS × n`` float64
(40 MB at n = 10,000)."""

CACHE_NAME = "related"
"""The cache's folder in the generator's cache folder (:attr:`generator.inputs.project.Project.cache_dir`)."""


def paper_text(paper: Paper) -> str:
    """The text a paper is compared on: its title twice, then its abstract."""
    return f"{paper.title}. {paper.title}. {paper.abstract}"


def _rule_fingerprint(k: int) -> str:
    """What every day's answer depends on besides the papers: this module's code and its
    stop words (:mod:`generator.catalog.stop_words`), the versions of NumPy and SciPy (the
    arithmetic) and ``k``."""
    from importlib.metadata import version  # not the packages: a run whose days are all cached never imports them

    code = Path(__file__).read_bytes() + " ".join(sorted(ENGLISH_STOP_WORDS)).encode()
    versions = "\0".join(version(name) for name in ("numpy", "scipy"))
    return hashlib.sha256(code + f"\0{versions}\0{k}".encode()).hexdigest()


def days_of(papers: Iterable[Paper]) -> list[list[Paper]]:
    """``papers`` grouped by first listed day, oldest day first, each day's papers by key."""
    ordered = sorted(papers, key=lambda p: (p.first_listed, p.key))
    return [list(group) for _, group in groupby(ordered, key=lambda p: p.first_listed)]


def day_hash(day: Sequence[Paper]) -> str:
    """SHA-256 (hex) of a day's papers as they are compared: date, key and text
    (:func:`paper_text`) of each (hashed once per paper: :func:`_paper_hash`)."""
    digest = hashlib.sha256()
    for paper in day:
        digest.update(remembered(_PAPER_HASHES, paper, _paper_hash))
    return digest.hexdigest()


_PAPER_HASHES = paper_memo("related papers' text hashes")
""":func:`_paper_hash` of each paper the last run saw (:func:`~generator.core.process_memos.paper_memo`:
kept in the process and with the kept catalog), so that a run hashes only the papers that
changed or are new."""


def _paper_hash(paper: Paper) -> bytes:
    """SHA-256 of one paper as it is compared: its first day, key and text."""
    digest = hashlib.sha256()
    for part in (paper.first_listed.isoformat(), paper.key, paper_text(paper)):
        digest.update(f"{len(part)}\0{part}".encode())
    return digest.digest()


def chained(previous: str, day: str) -> str:
    """A day's cache key: SHA-256 (hex) of ``previous`` (the previous day's key, or what
    the rule depends on for the first day, :func:`_rule_fingerprint`) and the day's
    :func:`day_hash`. Chained over the days, it changes when any paper up to and including
    that day changes, and only then."""
    return hashlib.sha256(f"{previous}\0{day}".encode()).hexdigest()


_COUNTS_IN_PROCESS: dict[str, tuple[Any, Any]] = memo({})
"""The term counts of the days the last run of :func:`related_papers` used, by each day's own
key, as :meth:`RelatedCache.counts` gives them: under ``mkdocs serve`` a build after an edit
reads none of the unchanged days' files. Right whenever found (a pure function of the key);
not to be changed by their users."""


class RelatedCache:
    """What earlier runs computed, in the folder ``folder`` (``None``: nothing is kept):

    * ``answers.json``: each day's answer ``{paper key: related keys}`` by the day's chained
      key (:func:`chained`);
    * ``counts-<key>.npz``: the term counts of a day's papers (its terms, alphabetical,
      one UTF-8 text a line, and a CSR matrix: one row per paper, by key) by the day's own key (:func:`chained` of
      the rule and that day's :func:`day_hash`), so that a run need not tokenise every paper again;
    * ``prefix-<key>.npz``: the term counts of every paper up to a day (the same form, the
      papers in :func:`days_of`'s order), by that day's chained key: one, of the newest day
      computed, so that a run after a day was added reads one file, not one per day.

    Counts read or made are kept in the process too (:data:`_COUNTS_IN_PROCESS`).
    :meth:`save` keeps the entries used since the cache was opened (files replaced whole:
    written to a temporary file renamed into place). An entry is a pure function of its
    key, so one written by a run that failed later is still right; an unreadable entry
    counts as missing."""

    def __init__(self, folder: Path | None, answers: bool = True) -> None:
        """``answers``: read ``answers.json`` (not needed to compute days: :meth:`RelatedWork.run`)."""
        self.folder = folder
        self.answers: dict[str, dict[str, list[str]]] = {}
        self.used: dict[str, dict[str, list[str]]] = {}
        self.used_counts: set[str] = set()
        self.prefixes: set[str] = set()
        """The chained keys of the days whose prefix counts are kept."""
        self.kept_prefix: str | None = None
        """The prefix counts to keep when saving (the others are removed)."""
        self.unchanged = True
        """No answer was added since the cache was read."""
        if folder is None:
            return
        if answers:
            try:
                found = json.loads((folder / "answers.json").read_text(encoding="utf-8"))["days"]
                if isinstance(found, dict):
                    self.answers = found
            except (OSError, ValueError, KeyError, TypeError):
                self.answers = {}
        if folder.is_dir():
            self.prefixes = {path.name[len("prefix-") : -len(".npz")] for path in folder.glob("prefix-*.npz")}

    def answer(self, chain: str) -> dict[str, list[str]] | None:
        found = self.answers.get(chain)
        if found is not None:
            self.used[chain] = found
        return found

    def put_answer(self, chain: str, related: dict[str, list[str]]) -> None:
        self.answers[chain] = self.used[chain] = related
        self.unchanged = False

    def counts(self, key: str) -> tuple[Any, Any] | None:
        """``(terms, CSR counts)`` of the day ``key``, or ``None`` when not cached."""
        if self.folder is None:
            return None
        if key in _COUNTS_IN_PROCESS:
            return _COUNTS_IN_PROCESS[key]
        found = _read_counts(self.folder / f"counts-{key}.npz")
        if found is not None:
            _COUNTS_IN_PROCESS[key] = found
        return found

    def put_counts(self, key: str, terms: Any, matrix: Any) -> None:
        if self.folder is None:
            return
        _COUNTS_IN_PROCESS[key] = terms, matrix
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_counts(self.folder / f"counts-{key}.npz", terms, matrix)

    def prefix(self, chain: str) -> tuple[Any, Any] | None:
        """``(terms, CSR counts)`` of every paper up to the day of chained key ``chain``, or
        ``None`` when not kept."""
        if self.folder is None or chain not in self.prefixes:
            return None
        return _read_counts(self.folder / f"prefix-{chain}.npz")

    def put_prefix(self, chain: str, terms: Any, matrix: Any) -> None:
        """Keep the counts of every paper up to the day of chained key ``chain`` (and no
        other prefix, once saved)."""
        self.kept_prefix = chain
        if self.folder is None or chain in self.prefixes:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_counts(self.folder / f"prefix-{chain}.npz", terms, matrix)
        self.prefixes.add(chain)

    def keep_counts(self, keys: Iterable[str]) -> None:
        """Keep the counts of the days ``keys`` (those of the site) when saving."""
        self.used_counts.update(keys)

    def save(self) -> None:
        """Keep the answers used since the cache was opened and the counts of the days
        :meth:`keep_counts` named, and only those."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.used.keys() == self.answers.keys() and self.unchanged:
            return self._prune()
        with replaced(self.folder / "answers.json") as file:
            file.write(json.dumps({"days": self.used}, separators=(",", ":"), sort_keys=True))  # dumps: C encoder
        self._prune()

    def _prune(self) -> None:
        assert self.folder is not None
        for key in [key for key in _COUNTS_IN_PROCESS if key not in self.used_counts]:
            del _COUNTS_IN_PROCESS[key]
        for path in self.folder.glob("counts-*.npz"):
            if path.name[len("counts-") : -len(".npz")] not in self.used_counts:
                path.unlink(missing_ok=True)
        for chain in self.prefixes - {self.kept_prefix}:
            (self.folder / f"prefix-{chain}.npz").unlink(missing_ok=True)


def _read_counts(path: Path) -> tuple[Any, Any] | None:
    """``(terms, CSR counts)`` as :func:`_write_counts` wrote them in ``path``, or ``None``
    when there is no such file or it cannot be read."""
    import numpy as np
    from scipy.sparse import csr_matrix

    try:
        with np.load(path, allow_pickle=False) as saved:
            text = saved["terms"].tobytes().decode("utf-8")
            terms = text.split("\n") if text else []
            data = saved["data"].astype(np.float64)
            matrix = csr_matrix((data, saved["indices"], saved["indptr"]), shape=tuple(saved["shape"]))
    except (OSError, ValueError, KeyError):
        return None
    return terms, matrix


def _write_counts(path: Path, terms: Any, matrix: Any) -> None:
    """Write ``terms`` (one UTF-8 text a line) and the CSR ``matrix`` of whole counts in
    ``path`` (whole: a temporary file renamed into place)."""
    import numpy as np

    with replaced(path, binary=True) as file:
        np.savez(
            file,
            terms=np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8),  # terms hold no newline
            data=matrix.data.astype(np.int32),  # counts: whole numbers
            indices=matrix.indices,
            indptr=matrix.indptr,
            shape=np.array(matrix.shape),
        )


def related_papers(
    papers: Sequence[Paper], k: int = RELATED_COUNT, cache: Path | None = None
) -> dict[str, tuple[str, ...]]:
    """The ``k`` most similar earlier (or same-day) papers of each paper, by tf-idf cosine
    over title and abstract with idf over the papers listed up to its first day (see the
    module docstring).

    Takes the site's papers (any order; keys unique) and returns ``{paper key: (related
    paper keys, most similar first)}`` with an entry for every paper. Papers less similar
    than :data:`MIN_SIMILARITY` are never related, so a tuple may hold fewer than ``k`` keys; the
    papers of the first day are compared only with each other. ``cache``: a folder
    (:class:`RelatedCache`) holding what earlier runs computed, kept to this run's days;
    days whose answers are found there are not computed again.

    The same as ``plan = RelatedPlan.of(papers, k, cache)`` then ``plan.finish(plan.work.run()
    if plan.work else None)``: :class:`RelatedPlan` lets another process compute the missing days.
    """
    plan = RelatedPlan.of(papers, k, cache)
    return plan.finish(plan.work.run() if plan.work is not None else None)


@dataclass(frozen=True)
class RelatedWork:
    """The days whose answers a run of :func:`related_papers` did not find, as what computing
    them takes: small and picklable (paper keys, and the texts of the days that may have to be
    counted), so that a worker process can do it (:func:`computed`) while the caller renders
    other pages. ``folder``: the cache folder (:class:`RelatedCache`, ``None``: none);
    ``keys``: each day's paper keys (:func:`days_of`'s order) up to the last missing day;
    ``day_keys`` and ``chains``: each of those days' own and chained keys; ``missing``: the
    indexes of the days to answer; ``before``: the newest day before the first missing one
    whose prefix counts are kept (``-1``: none), which stand for the counts of the days up to
    it; ``texts``: :func:`paper_text` of each paper of the days after ``before`` (by day
    index), and of every day when ``before`` is ``-1``."""

    folder: Path | None
    k: int
    keys: list[list[str]]
    day_keys: list[str]
    chains: list[str]
    missing: list[int]
    before: int
    texts: dict[int, list[str]]

    @property
    def papers(self) -> int:
        """How many papers the missing days hold (the rows to compare)."""
        return sum(len(self.keys[index]) for index in self.missing)

    def run(self) -> dict[str, tuple[str, ...]] | None:
        """The answers of the missing days' papers (``{paper key: related keys}``), and the
        cache's day counts and prefix counts written (:meth:`RelatedCache.put_counts`,
        :meth:`RelatedCache.put_prefix`); ``None`` when the kept prefix counts cannot stand
        for the days before (unreadable, or not as many rows) and the texts of those days
        were not given: the caller then makes the work with every text
        (:meth:`RelatedPlan.finish`)."""
        store = RelatedCache(self.folder, answers=False)
        last = self.missing[-1]
        before = self.before
        prefix = store.prefix(self.chains[before]) if before >= 0 else None
        if before >= 0 and (prefix is None or prefix[1].shape[0] != sum(len(day) for day in self.keys[: before + 1])):
            if 0 not in self.texts:
                return None
            prefix, before = None, -1
        parts = ([prefix] if prefix is not None else []) + [
            _day_counts(store, self.day_keys[i], self.texts[i]) for i in range(before + 1, last + 1)
        ]
        computed, stacked = _compute(self.keys[: last + 1], parts, set(self.missing), self.k)
        if stacked is not None:
            store.put_prefix(self.chains[last], *stacked)
        return computed


@dataclass
class RelatedPlan:
    """A run of :func:`related_papers` up to what is left to compute: the ``answers`` found
    in the cache, the ``work`` left (``None``: every day's answer was found) and what
    :meth:`finish` needs of the papers."""

    store: RelatedCache
    answers: dict[str, tuple[str, ...]]
    work: RelatedWork | None
    days: list[list[Paper]]

    @classmethod
    def of(cls, papers: Sequence[Paper], k: int = RELATED_COUNT, cache: Path | None = None) -> RelatedPlan:
        """The plan of :func:`related_papers` ``(papers, k, cache)``: the days' keys
        (:func:`chained`), the answers the cache holds, and the days missing (with the texts
        of the days after the newest kept prefix before them)."""
        store = RelatedCache(cache)
        days = days_of(papers)
        rule = _rule_fingerprint(k)
        day_keys = [chained(rule, day_hash(day)) for day in days]  # a day's own key: its term counts
        chains: list[str] = []
        chain = rule
        for key in day_keys:
            chain = chained(chain, key)
            chains.append(chain)
        answers: dict[str, tuple[str, ...]] = {}
        missing: list[int] = []
        for index, chain in enumerate(chains):
            found = store.answer(chain)
            if found is None:
                missing.append(index)
            else:
                answers.update((key, tuple(keys)) for key, keys in found.items())
        store.keep_counts(day_keys)
        if keeping():  # the next run in this process finds every day's counts (e.g. to score an edited newest day)
            for key, day in zip(day_keys, days):
                _day_counts(store, key, [paper_text(p) for p in day])
        work = None
        if missing:
            last = missing[-1]
            # The counts of every paper up to the newest day before the first missing one, when
            # kept, stand for those days' own counts (the same rows in the same order).
            before = next((i for i in range(missing[0] - 1, -1, -1) if chains[i] in store.prefixes), -1)
            work = RelatedWork(
                store.folder, k, [[p.key for p in day] for day in days[: last + 1]], day_keys[: last + 1], chains[: last + 1],
                missing, before, {i: [paper_text(p) for p in days[i]] for i in range(before + 1, last + 1)},
            )
        else:  # keep the prefix of the newest day kept
            store.kept_prefix = next((chain for chain in reversed(chains) if chain in store.prefixes), None)
        return cls(store, answers, work, days)

    def finish(self, computed: dict[str, tuple[str, ...]] | None) -> dict[str, tuple[str, ...]]:
        """Every paper's related keys, given what :attr:`work` ``.run()`` returned (anywhere:
        here or in a worker process; ``None`` when there was no work, or it could not use the
        kept prefix counts: then it is done here with every day's text), the cache's answers
        saved and kept to this run's days (:meth:`RelatedCache.save`)."""
        work = self.work
        if work is not None and computed is None:
            work = dataclasses.replace(work, before=-1, texts={i: [paper_text(p) for p in day] for i, day in enumerate(self.days[: len(work.keys)])})
            computed = work.run()
        answers = dict(self.answers)
        if work is not None:
            assert computed is not None
            self.store.kept_prefix = work.chains[work.missing[-1]]
            for index in work.missing:
                day_answer = {key: computed[key] for key in work.keys[index]}
                self.store.put_answer(work.chains[index], {key: list(keys) for key, keys in day_answer.items()})
                answers.update(day_answer)
        self.store.save()
        return answers


def _day_counts(store: RelatedCache, key: str, texts: Sequence[str]) -> tuple[Any, Any]:
    """The term counts of a day's papers whose compared ``texts`` (:func:`paper_text`) are
    given: ``(terms, CSR matrix)`` (terms alphabetical, one row per paper), from ``store``
    (under the day's own ``key``) or counted (and stored)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    found = store.counts(key)
    if found is None:
        rows = [Counter(terms_of(text)) for text in texts]
        terms = sorted(set().union(*rows))
        column = {term: index for index, term in enumerate(terms)}
        indices = [column[term] for row in rows for term in sorted(row)]
        data = [float(row[term]) for row in rows for term in sorted(row)]
        indptr = np.cumsum([0, *(len(row) for row in rows)])
        matrix = csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int32), indptr), shape=(len(texts), len(terms)))
        store.put_counts(key, terms, matrix)
        found = terms, matrix
    return found


_TOKEN = re.compile(r"(?u)\b\w\w+\b")
"""A term: two or more word characters (scikit-learn's default ``token_pattern``)."""


def terms_of(text: str) -> list[str]:
    """The terms of ``text`` in order, as scikit-learn's ``CountVectorizer(stop_words="english")``
    with its other defaults analyses it: lowercased, :data:`_TOKEN` matches, English stop
    words (:data:`~generator.catalog.stop_words.ENGLISH_STOP_WORDS`) left out. Done here
    rather than by scikit-learn, whose import costs about a CPU second a process
    (``tests/test_reader_features.py`` checks the counts equal its own)."""
    return [term for term in _TOKEN.findall(text.lower()) if term not in ENGLISH_STOP_WORDS]


def _compute(
    days: list[list[str]], counted: list[tuple[Any, Any]], wanted: set[int], k: int
) -> tuple[dict[str, tuple[str, ...]], tuple[list[str], Any] | None]:
    """The answers for the papers of ``days[i]`` for every ``i`` in ``wanted`` (``days``:
    each day's paper keys in :func:`days_of`'s order, every day up to the last wanted one; ``counted``: the term counts of
    their papers in that order, in blocks of rows with their own terms: each day's,
    :func:`_day_counts`, or the first days' together, :meth:`RelatedCache.prefix`), and the
    counts of all those papers as one block (``(terms, CSR matrix)``; ``None`` when there
    is nothing to compare)."""
    import numpy as np
    from scipy.sparse import csr_matrix, vstack

    ordered = [key for day in days for key in day]
    answers: dict[str, tuple[str, ...]] = {key: () for i in wanted for key in days[i]}
    terms = sorted(set().union(*(terms for terms, _ in counted)))
    vocabulary = {term: column for column, term in enumerate(terms)}
    if k < 1 or len(ordered) < 2 or not vocabulary:
        return answers, None
    # Each day's columns mapped into the whole vocabulary: both alphabetical, so each row's
    # column indices stay sorted and every sum below runs in the same (alphabetical) order
    # whatever other terms the vocabulary holds.
    counts = vstack(
        [
            csr_matrix(
                (matrix.data, np.array([vocabulary[t] for t in terms], dtype=np.int64)[matrix.indices], matrix.indptr),
                shape=(matrix.shape[0], len(vocabulary)),
            )
            for terms, matrix in counted
        ],
        format="csr",
    )
    squares = counts.multiply(counts).tocsr()
    present = counts.copy()
    present.data[:] = 1.0
    transposed = counts.T.tocsc()
    key_rank = np.argsort(np.argsort(ordered, kind="stable"))  # ties: smaller key first
    df = np.zeros(counts.shape[1])  # document frequencies over the rows up to counted_to
    counted_to = end = 0
    for index, day in enumerate(days):
        start, end = end, end + len(day)
        if index not in wanted:
            continue
        df += np.asarray(present[counted_to:end].sum(axis=0)).ravel()  # whole numbers: the same sums however grouped
        counted_to = end
        idf = np.log((1.0 + end) / (1.0 + df)) + 1.0
        weights = idf * idf
        norms = np.sqrt(squares[:end] @ weights)
        norms[norms == 0] = np.inf  # a paper without terms is similar to none
        prefix = transposed[:, :end]
        for block_start in range(start, end, BLOCK_ROWS):
            rows = np.arange(block_start, min(block_start + BLOCK_ROWS, end))
            block = (counts[rows].multiply(weights).tocsr() @ prefix).toarray()
            block /= norms[rows, None]
            block /= norms[None, :]
            np.round(block, 12, out=block)  # round away floating-point noise so that equal texts tie exactly
            at = np.arange(len(rows))
            block[at, rows] = 0.0  # a paper is not its own neighbour
            answers.update(_top(block, rows, ordered, key_rank, min(k, end - 1)))
    return answers, (terms, counts)


def _top(block, rows, ordered: list[str], key_rank, k: int) -> dict[str, tuple[str, ...]]:
    """Each row's ``k`` best columns of the score ``block`` with a score of at least
    :data:`MIN_SIMILARITY`, best first, ties by key."""
    import numpy as np

    if k < 1:
        return {ordered[row]: () for row in rows}
    at = np.arange(len(rows))
    top = np.argpartition(-block, k - 1, axis=1)[:, :k]  # the k best of each row, unordered
    kth = block[at[:, None], top].min(axis=1)
    ties = (block >= kth[:, None]).sum(axis=1) > k  # rows where the k-th score is shared
    found = {}
    for i in at:
        candidates = np.flatnonzero(block[i] >= kth[i]) if ties[i] else top[i]
        scores = block[i, candidates]
        # lexsort sorts by its last key first: score descending, then key.
        order = np.lexsort((key_rank[candidates], -scores))[:k]
        found[ordered[rows[i]]] = tuple(ordered[j] for j in candidates[order] if block[i, j] >= MIN_SIMILARITY)
    return found
