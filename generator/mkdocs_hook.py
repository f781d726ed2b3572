"""The MkDocs hook: runs the generator before each build and watches the digests.

Thin on purpose: it calls the same functions as ``python -m generator generate``. Enabled
by ``hooks:`` in mkdocs.yml.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page

from generator.build import Project, generate
from generator.problems import InputError
from generator.search_index import write_search_files
from generator.tagging import TAXONOMY_PATH
from generator.writers.archive_pages import months
from generator.writers.paths import ARCHIVE_INDEX

log = logging.getLogger("mkdocs.hooks.generator")


def _project(config: MkDocsConfig) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Regenerate site_src/ from digests/ and list the archive's months in the nav."""
    try:
        catalog, report = generate(_project(config))
    except InputError as error:
        raise PluginError(f"the digests have {len(error.problems)} problem(s); nothing was written:\n{error}") from None
    log.info("generator: %d page(s) written, %d removed", len(report.written), len(report.removed))
    month_entries = [{month.label: month.path} for month in months(catalog)]
    for entry in config.nav or []:
        for section in entry.values() if isinstance(entry, dict) else ():
            if isinstance(section, list) and ARCHIVE_INDEX in section:
                section[section.index(ARCHIVE_INDEX) + 1 :] = month_entries
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    """Under ``mkdocs serve``, rebuild when a digest or the taxonomy changes."""
    project = _project(config)
    server.watch(str(project.digests_dir))
    server.watch(str(TAXONOMY_PATH))
    return server


def on_page_markdown(markdown: str, page: Page, **_) -> str:
    """Front matter ``title`` and ``description`` are text; MkDocs and Material put them into
    HTML as they are, so escape them here, for every page."""
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key], quote=True)
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    """Replace Material's search index with the prebuilt, sharded one (issue 5)."""
    summary = write_search_files(Path(config.site_dir))
    log.info("search: %(documents)d document(s), %(terms)d term(s) in %(shards)d shard(s), %(bytes)d bytes", summary)
