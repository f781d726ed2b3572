"""Related papers: for each paper, the most similar papers of the whole site.

Similarity is the cosine of tf-idf vectors over a paper's title and abstract
(scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer`: single words,
English stop words removed, raw term counts times smoothed idf, rows L2-normalised so that a
dot product is the cosine). The title is counted twice: it names the topic more densely
than the abstract. (Checked on the seed digest: with these settings the four other
sentence-embedding papers are the top four of "2D Matryoshka Sentence Embeddings";
sublinear term frequency lost one of them to a fine-tuning survey.)

It scales to tens of thousands of papers without an n×n matrix: the similarities are
computed a block of rows at a time (a sparse product of the block with the whole
matrix), and each block keeps only its top ``k`` per row. Memory is bounded by
``block_rows × n`` floats.

Deterministic: papers are vectorised in key order, and ties in similarity are broken by
paper key (smaller key first).
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.core.model import Paper

RELATED_COUNT = 5
"""How many related papers a paper page lists."""

BLOCK_ROWS = 512
"""Rows per block of the similarity product: a block holds ``BLOCK_ROWS × n`` float64
(40 MB at n = 10,000)."""


def paper_text(paper: Paper) -> str:
    """The text a paper is compared on: its title twice, then its abstract."""
    return f"{paper.title}. {paper.title}. {paper.abstract}"


class Similarity:
    """The tf-idf vectors of a site's papers (see the module docstring), from which
    :meth:`related` finds each paper's nearest neighbours.

    Fitted once over all papers; :meth:`related` may then be asked for any subset of them
    (the generator asks for one half of the papers in each of two processes) and gives every
    paper the same answer whatever subset it is asked in.
    """

    def __init__(self, papers: Sequence[Paper]) -> None:
        # Imported here: scikit-learn takes about 2 s to import, which every other command
        # (import, validate, a no-op generate) would pay for nothing.
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        ordered = sorted(papers, key=lambda p: p.key)
        self.keys = [p.key for p in ordered]
        self._row = {key: row for row, key in enumerate(self.keys)}
        self._matrix = None
        if len(ordered) < 2:
            return
        vectorizer = TfidfVectorizer(stop_words="english", dtype=np.float64)
        try:
            self._matrix = vectorizer.fit_transform(paper_text(p) for p in ordered).tocsr()
        except ValueError:  # no term left after stop words (e.g. only emoji titles)
            return
        self._transposed = self._matrix.T.tocsc()

    def related(self, keys: Sequence[str] | None = None, k: int = RELATED_COUNT) -> dict[str, tuple[str, ...]]:
        """``{paper key: (the k most similar other papers' keys, most similar first)}`` for
        the papers ``keys`` (default: all). Papers that share no term (cosine 0) are never
        related, so a tuple may hold fewer than ``k`` keys. Raises :class:`KeyError` for a
        key that is not one of the fitted papers'."""
        import numpy as np

        rows = sorted(self._row[key] for key in (self.keys if keys is None else keys))
        related: dict[str, tuple[str, ...]] = {self.keys[row]: () for row in rows}
        n = len(self.keys)
        if self._matrix is None or k < 1:
            return related
        k = min(k, n - 1)
        for start in range(0, len(rows), BLOCK_ROWS):
            block_rows = np.array(rows[start : start + BLOCK_ROWS])
            block = (self._matrix[block_rows] @ self._transposed).toarray()
            # Round away floating-point noise so that equal texts tie exactly.
            np.round(block, 12, out=block)
            at = np.arange(len(block_rows))
            block[at, block_rows] = 0.0  # a paper is not its own neighbour
            top = np.argpartition(-block, k - 1, axis=1)[:, :k]  # the k best of each row, unordered
            kth = block[at[:, None], top].min(axis=1)
            ties = (block >= kth[:, None]).sum(axis=1) > k  # rows where the k-th score is shared
            for i in at:
                candidates = np.flatnonzero(block[i] >= kth[i]) if ties[i] else top[i]
                scores = block[i, candidates]
                # lexsort sorts by its last key first: score descending, then index (= key order).
                order = np.lexsort((candidates, -scores))[:k]
                related[self.keys[block_rows[i]]] = tuple(self.keys[j] for j in candidates[order] if block[i, j] > 0)
        return related


def related_papers(papers: Sequence[Paper], k: int = RELATED_COUNT) -> dict[str, tuple[str, ...]]:
    """The ``k`` most similar other papers of each paper, by tf-idf cosine over title and
    abstract (see the module docstring).

    Takes the site's papers (any order; keys unique) and returns ``{paper key: (related
    paper keys, most similar first)}`` with an entry for every paper. Papers that share no
    term (cosine 0) are never related, so a tuple may hold fewer than ``k`` keys.
    """
    return Similarity(papers).related(k=k)
