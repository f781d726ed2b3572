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


from generator.model import Paper

RELATED_COUNT = 5
"""How many related papers a paper page lists."""

BLOCK_ROWS = 512
"""Rows per block of the similarity product: a block holds ``BLOCK_ROWS × n`` float64
(40 MB at n = 10,000)."""


def paper_text(paper: Paper) -> str:
    """The text a paper is compared on: its title twice, then its abstract."""
    return f"{paper.title}. {paper.title}. {paper.abstract}"


def related_papers(papers: Sequence[Paper], k: int = RELATED_COUNT) -> dict[str, tuple[str, ...]]:
    """The ``k`` most similar other papers of each paper, by tf-idf cosine over title and
    abstract (see the module docstring).

    Takes the site's papers (any order; keys unique) and returns ``{paper key: (related
    paper keys, most similar first)}`` with an entry for every paper. Papers that share no
    term (cosine 0) are never related, so a tuple may hold fewer than ``k`` keys.
    """
    # Imported here: scikit-learn takes about 2 s to import, which every other command
    # (import, validate, a no-op generate) would pay for nothing.
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    ordered = sorted(papers, key=lambda p: p.key)
    keys = [p.key for p in ordered]
    related: dict[str, tuple[str, ...]] = {key: () for key in keys}
    if len(ordered) < 2 or k < 1:
        return related
    vectorizer = TfidfVectorizer(stop_words="english", dtype=np.float64)
    try:
        matrix = vectorizer.fit_transform(paper_text(p) for p in ordered).tocsr()
    except ValueError:  # no term left after stop words (e.g. only emoji titles)
        return related
    transposed = matrix.T.tocsc()
    n = len(ordered)
    k = min(k, n - 1)
    for start in range(0, n, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n)
        block = (matrix[start:stop] @ transposed).toarray()
        # Round away floating-point noise so that equal texts tie exactly.
        np.round(block, 12, out=block)
        rows = np.arange(stop - start)
        block[rows, np.arange(start, stop)] = 0.0  # a paper is not its own neighbour
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]  # the k best of each row, unordered
        kth = block[rows[:, None], top].min(axis=1)
        ties = (block >= kth[:, None]).sum(axis=1) > k  # rows where the k-th score is shared
        for row in rows:
            candidates = np.flatnonzero(block[row] >= kth[row]) if ties[row] else top[row]
            scores = block[row, candidates]
            # lexsort sorts by its last key first: score descending, then index (= key order).
            order = np.lexsort((candidates, -scores))[:k]
            related[keys[start + row]] = tuple(keys[i] for i in candidates[order] if block[row, i] > 0)
    return related
