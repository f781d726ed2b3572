"""Core: the data every stage shares, and the rules about it; no file is read or written here.

:mod:`~generator.core.model` holds the typed model (a digest, a listed paper, a catalog
paper, a tag) with its size limits; :mod:`~generator.core.arxiv_id` arXiv's identifier
grammar; :mod:`~generator.core.identity` the one rule for "the same paper" (used by the
readers, import, validate and the catalog alike); :mod:`~generator.core.problems` the
error type every stage raises (file, line, what is wrong). Imports nothing else of the
generator: every other stage imports this one.
"""
