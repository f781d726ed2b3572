"""Output: what goes to disk besides the pages' text, and the checks of what was built.

:mod:`~generator.output.docs_dir` puts generated pages into docs_dir (``site_src/``),
writing only changed pages and never touching a file it did not generate;
:mod:`~generator.output.search_index` writes the search index (built from the catalog, not
from the rendered HTML) into the built site, :mod:`~generator.output.feeds` the Atom feeds;
:mod:`~generator.output.site_links` checks the built site's internal links
(``check-links``). Imports :mod:`generator.core`, :mod:`generator.catalog` and
:mod:`generator.pages.paths` (where each page lives).
"""
