"""Inputs: reading what the project holds into the core model, and checking it.

:mod:`~generator.inputs.project` says where a project's digests and pages live (and
fingerprints them); :mod:`~generator.inputs.digest_files` reads and writes one
``digests/<date>.yml`` (every problem of a file at once), :mod:`~generator.inputs.digest_cache`
keeps parsed digests between runs, :mod:`~generator.inputs.validation` checks a set of
digests (the ``validate`` command; :mod:`~generator.inputs.workflow_report` prints its
report for GitHub Actions). :mod:`~generator.inputs.importing` turns other formats into
digest files through :mod:`~generator.inputs.readers` (one module per format, all returning
the same model) and :mod:`~generator.inputs.lookup` (``import --lookup``).
:mod:`~generator.inputs.source_text` reads an input file's text with a size bound. Imports
:mod:`generator.core` and the taxonomy (:mod:`generator.catalog.tagging`, to check
manual tags).
"""
