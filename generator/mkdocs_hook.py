"""The MkDocs hook: runs the generator before each build, and gives the build's second
core work (half of MkDocs' Markdown conversion, :mod:`generator.parallel_markdown`; a share
of the theme's template rendering, :mod:`generator.parallel_templates`; the search index,
:class:`generator.search_index.BackgroundIndexer`).

Thin on purpose: it calls the same functions as ``python -m generator generate``. Enabled
by ``hooks:`` in mkdocs.yml, whose ``watch:`` list makes ``mkdocs serve`` rebuild (and so
regenerate) when a digest, the taxonomy or a template changes; the generator's own writes
into docs_dir start no further build (:mod:`generator.serve_reload`).
"""

from __future__ import annotations

import gc
import html
import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from generator.build import Project, generate
from generator.catalog import Catalog
from generator.feeds import write_feeds
from generator.parallel import in_second_process
from generator.parallel_markdown import MarkdownShare
from generator.parallel_templates import TemplateShare
from generator.problems import InputError
from generator.search_index import BackgroundIndexer, write_search_files
from generator.serve_reload import generator_run, watch_docs_dir_except_generator_writes
from generator.tagging import load_taxonomy
from generator.writers.archive_pages import months
from generator.writers.paths import ARCHIVE_INDEX

log = logging.getLogger("mkdocs.hooks.generator")

_built: dict = {}
"""The current build's state, until on_post_build: the catalog (from on_config), the nav
and the Markdown share (from on_nav), the template share (from on_env), the search indexer
(from the first page); and the command and whether it is ``--dirty`` (from on_startup)."""


def _project(config: MkDocsConfig) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Regenerate site_src/ from digests/ and list the archive's months in the nav."""
    _stop_second_processes()  # left by an earlier build of `mkdocs serve` that stopped half-way
    started = time.perf_counter()
    try:
        with generator_run() as record:  # its writes start no further build of `mkdocs serve`
            catalog, report = generate(_project(config))
            record(report.written + report.removed)
    except InputError as error:
        raise PluginError(f"the generator found {len(error.problems)} problem(s); nothing was written:\n{error}") from None
    except OSError as error:  # a folder where a page should be, a file in the way, no permission
        raise PluginError(f"the generator could not write site_src/: {error}") from None
    seconds = time.perf_counter() - started
    log.info("generator: %d page(s) written, %d removed (%.1f s)", len(report.written), len(report.removed), seconds)
    for relative in report.kept:
        log.info("generator: kept site_src/%s: no longer generated, but changed by hand since", relative)
    _built["catalog"] = catalog
    # The catalog stays alive through the build (the feeds need it). Frozen, it and every
    # other object made so far are left out of the garbage collector's full passes, which
    # otherwise traverse them again and again while MkDocs renders thousands of pages.
    # on_post_build unfreezes them, so that `mkdocs serve` frees each build's catalog.
    gc.freeze()
    month_entries = [{month.label: month.path} for month in months(catalog)]
    for entry in config.nav or []:
        for section in entry.values() if isinstance(entry, dict) else ():
            if isinstance(section, list) and ARCHIVE_INDEX in section:
                section[section.index(ARCHIVE_INDEX) + 1 :] = month_entries
    return config


def on_startup(command: str, dirty: bool) -> None:
    """A ``--dirty`` build converts only changed pages: no second process for it."""
    _built["dirty"] = dirty
    _built["serve"] = command == "serve"


def on_serve(server, config: MkDocsConfig, builder):
    """The generator's writes into docs_dir do not start another build
    (:mod:`generator.serve_reload`): one build per change of a digest."""
    watch_docs_dir_except_generator_writes(server, config.docs_dir)
    return server


@event_priority(-100)  # after every other plugin's and hook's on_nav: the child starts with their work done
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Start converting half of the pages' Markdown in a second process
    (:class:`~generator.parallel_markdown.MarkdownShare`), as MkDocs starts on the others."""
    if not _built.get("dirty"):
        _built["markdown"] = MarkdownShare(config, files)
    _built["nav"] = nav
    return nav


@event_priority(-100)  # after every other plugin's and hook's on_env, as on_nav
def on_env(env, config: MkDocsConfig, files: Files):
    """Every page is converted: start rendering a share of them through the theme's
    templates in a second process (:class:`~generator.parallel_templates.TemplateShare`),
    as MkDocs starts rendering the others."""
    if not _built.get("dirty") and "nav" in _built:
        inclusion = InclusionLevel.is_in_serve if _built.get("serve") else InclusionLevel.is_included
        _built["templates"] = TemplateShare(config, files, _built["nav"], env, inclusion)
    return env


def on_page_markdown(markdown: str, page: Page, files: Files, **_) -> str:
    """Front matter ``title`` and ``description`` are text; MkDocs and Material put them into
    HTML as they are, so escape them here, for every page. A page the second process
    converted is handed its HTML instead of being converted again."""
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key], quote=True)
    share = _built.get("markdown")
    if share is not None:
        share.take_over(page, files)
    return markdown


def on_page_context(context: dict, page: Page, config: MkDocsConfig, **_) -> dict:
    """A page whose front matter hides its table of contents (the listing pages) gets none:
    Material would still render it, hidden, in both sidebars, every listed title twice more.

    Material's search plugin has just indexed the page (hooks run after plugins): its new
    entries go to the search indexer, which counts their terms in a second process while
    MkDocs renders the next pages (:class:`~generator.search_index.BackgroundIndexer`)."""
    if "toc" in (page.meta.get("hide") or ()):
        page.toc = TableOfContents([])
    search = config.plugins.get("material/search")
    if search is not None and getattr(search, "search_index", None) is not None and not in_second_process():
        if "indexer" not in _built:
            _built["indexer"], _built["indexed"] = BackgroundIndexer(), 0
        entries = search.search_index.entries
        _built["indexer"].add(entries[_built["indexed"] :])
        _built["indexed"] = len(entries)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """Replace Material's search index with the prebuilt, sharded one
    (:mod:`generator.search_index`), and write the Atom feeds (:mod:`generator.feeds`) into
    the built site; feeds need the absolute site_url, which only the MkDocs config knows."""
    gc.unfreeze()
    indexer = _built.pop("indexer", None)
    _stop_second_processes()  # the shares are done by now; a page MkDocs never asked for is dropped
    site_dir = Path(config.site_dir)
    summary = indexer.finish(site_dir) if indexer else write_search_files(site_dir)
    log.info("search: %(documents)d document(s), %(terms)d term(s) in %(shards)d shard(s), %(bytes)d bytes", summary)
    catalog = _built.get("catalog")
    if catalog is None:
        return
    if not config.site_url:
        log.info("generator: no site_url, so no feeds (their links must be absolute)")
        return
    written = write_feeds(
        Path(config.site_dir), catalog, load_taxonomy(), config.site_url, config.site_name, config.use_directory_urls
    )
    log.info("generator: %d feed(s) written", len(written))


def on_build_error(error: Exception) -> None:
    """A failed build leaves no second process behind."""
    _stop_second_processes()


def _stop_second_processes() -> None:
    _built.pop("nav", None)
    for name in ("indexer", "markdown", "templates"):
        work = _built.pop(name, None)
        if work is not None:
            work.cancel()
