"""The paper-digest site generator: digests in, Markdown pages for MkDocs out.

Follow one paper through: :mod:`generator.readers` (input formats) →
:mod:`generator.digest_files` (``digests/*.yml``) → :mod:`generator.catalog` (one
:class:`~generator.model.Paper` across days, slugs, tags from :mod:`generator.tagging`) →
:mod:`generator.writers` (one module per page kind, templates in ``generator/templates/``)
→ :mod:`generator.docs_dir` (``site_src/``) → MkDocs (``generator/mkdocs_hook.py``).
"""
