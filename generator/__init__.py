"""The paper-digest site generator: digests in, Markdown pages for MkDocs out.

Grouped by pipeline stage, one package each (what each may import: tests/test_code_quality.py):
:mod:`generator.core` (the model and its rules, no I/O) → :mod:`generator.inputs`
(``digests/*.yml`` and other formats, validation, import) → :mod:`generator.catalog` (one
:class:`~generator.core.model.Paper` across days, tags, related papers, trends) →
:mod:`generator.pages` (one module per kind of page, templates in ``pages/templates/``) →
:mod:`generator.output` (``site_src/``, search files, feeds). :mod:`generator.build` runs
the pipeline; :mod:`generator.cli` (``python -m generator``) and the MkDocs hook
(``generator/mkdocs_hook.py``, documented events only) call it.
"""
