"""Catalog: one typed catalog of papers from every digest, and what is computed from it.

:mod:`~generator.catalog.catalog` merges the days' listings into one
:class:`~generator.core.model.Paper` per paper (by :mod:`generator.core.identity`), with its
slug and tags; :mod:`~generator.catalog.tagging` assigns tags from the curated taxonomy
(``taxonomy.yml`` beside it); :mod:`~generator.catalog.related` finds related papers
(tf-idf), :mod:`~generator.catalog.bibtex` citation keys and entries,
:mod:`~generator.catalog.trends` per-tag series over time, and
:mod:`~generator.catalog.summary_line` the one line that stands for a paper in listings.
Nothing here reads digests or writes pages; it imports only :mod:`generator.core`.
"""
