"""The MkDocs hook: runs the generator before each build and has the search files and the
feeds written into the built site by a worker process while MkDocs renders the pages
(:mod:`generator.output.catalog_files`), completed at the build's end.

Thin on purpose: it calls the same functions as ``python -m generator generate``, and uses
documented MkDocs events only (``on_startup``, ``on_config``, ``on_pre_build``, ``on_files``, ``on_env``,
``on_page_context``, ``on_post_page``, ``on_post_build``, ``on_build_error``, ``on_serve``, ``on_shutdown``), so a user's own
hooks and plugins run as they would without it.
Enabled by ``hooks:`` in mkdocs.yml, whose ``watch:`` list makes ``mkdocs serve`` rebuild
(and so regenerate) when a digest, the taxonomy or a template changes. Under ``mkdocs
serve`` only the hand-written part of docs_dir is watched (:func:`on_serve`), so a digest
edit costs one build.
"""

from __future__ import annotations

import dataclasses
import gc
import importlib.resources
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import frontmatter
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from generator.build import Project, generate_keeping_later
from generator.core.process_memos import keep_between_runs, keeping
from generator.inputs.project import generator_fingerprint
from generator.output.catalog_files import CatalogFiles, FeedSettings, guessed_pages, recorded_pages
from generator.output.docs_dir import generated_pages, hand_written_entries, remove_stale_site_files
from generator.core.problems import InputError
from generator.output.search_index import INDEX_PATH, SearchDocument, page_documents, paper_documents
from generator.output.shared_fragments import SharedFragments, shared_partials_loader
from generator.core.template_cache import THEME_TEMPLATES, keep_compiled_templates
from generator.catalog.tagging import load_taxonomy

if TYPE_CHECKING:  # `mkdocs build` need not import the server (http.server, wsgiref, watchdog)
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.hooks.generator")

_built: dict = {}
"""The current build's catalog and taxonomy (from on_config and on_files, for the search
files and feeds), files (from on_files, to find stale pages in on_post_build) and the
worker writing the search files and feeds (:class:`~generator.output.catalog_files.CatalogFiles`,
from on_pre_build on a dirty build, else on_files, to on_post_build)."""

_dirty: list[bool] = []
"""``[True]`` when MkDocs said at start-up (``on_startup``) that its builds are ``--dirty``:
they leave site_dir as it is, so the search files and feeds may start in :func:`on_pre_build`."""

_serving: dict = {}
"""Under ``mkdocs serve`` (from :func:`on_serve`): the server, docs_dir, and the paths in
docs_dir it watches for this hook."""


def _project(config: MkDocsConfig) -> Project:
    return Project(Path(config.config_file_path).resolve().parent, config.use_directory_urls)


def on_startup(command: str, dirty: bool) -> None:
    """Have the generator keep what it computes in the process from build to build under
    ``mkdocs serve`` only (:mod:`generator.core.process_memos`): there each build after an
    edit reuses it; ``mkdocs build`` and ``gh-deploy`` build once, and free it. Notes
    whether the builds are ``--dirty`` (see :func:`on_pre_build`)."""
    keep_between_runs(command == "serve")
    _dirty[:] = [dirty]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Regenerate site_src/ from digests/. The nav stays as mkdocs.yml gives it: adding a
    day changes no page's nav (the archive index lists every month and day)."""
    started = time.perf_counter()
    _stop_worker()  # a build cut short before its end (Ctrl-C) may have left one
    gc.unfreeze()  # what an earlier build in this process left frozen (on_post_build) is collected again
    _watch_docs_dir(whole=False)  # before the generator writes (see on_serve)
    project = _project(config)
    try:
        catalog, report, keep_catalog = generate_keeping_later(project)
    except InputError as error:  # each problem as `validate` words it: error: digests/…:LINE: …
        problems = "\n".join(f"error: {problem.relative_to(project.root)}" for problem in error.problems)
        raise PluginError(f"the generator found {len(error.problems)} problem(s); nothing was written:\n{problems}") from None
    except OSError as error:  # a folder where a page should be, a file in the way, no permission
        raise PluginError(f"the generator could not write site_src/: {error}") from None
    seconds = time.perf_counter() - started
    log.info("generator: %d page(s) written, %d removed (%.1f s)", len(report.written), len(report.removed), seconds)
    for relative in report.kept:
        log.info("generator: kept site_src/%s: no longer generated, but changed by hand since", relative)
    # The catalog stays alive through the build (the search files and feeds need its papers),
    # without its digests: their listings (about 40 MB at 10,000 papers) were for the pages.
    _built["catalog"] = dataclasses.replace(catalog, digests=[])
    # The catalog kept for the next run is written in on_post_build, while the search files'
    # worker, started right after this, finishes: not before it (bench/README.md, issue 19).
    _built["keep_catalog"] = keep_catalog
    # Frozen, it and every other object made so far are left out of the garbage collector's
    # full passes, which otherwise traverse them again and again while MkDocs renders pages.
    # on_post_build unfreezes them, so that `mkdocs serve` frees each build's catalog.
    gc.freeze()
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """On a ``--dirty`` build, start the worker writing the search files and feeds now (every
    plugin's ``on_config`` has run, so site_dir is final), beside MkDocs' reading of docs_dir
    and its nav, on the last build's hand-written pages (checked in ``on_post_build``, as
    when it starts in :func:`on_files`): on an added day, waiting for it was the build's
    last step (bench/README.md, issue 19). A clean build empties site_dir after this event,
    so there it starts in :func:`on_files`."""
    if _dirty == [True] and (guess := recorded_pages(_project(config).cache_dir)) is not None:
        _start_worker(config, guess)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Make ``mkdocs build --dirty`` (and ``serve --dirty``) give the site a clean build
    gives. MkDocs rebuilds a page when its source is newer than its HTML, or its HTML is
    missing; the generator leaves unchanged pages' files alone, so only changed pages are
    rebuilt. The pages that Material's search plugin indexes (those not generated: the
    generated ones are left out of its search) go into one index file built from the pages
    rendered in this build, so their HTML is removed here and they are all rebuilt (a few
    hand-written pages). In a clean build site_dir is empty and this does nothing."""
    _built["files"] = files
    generated = generated_pages(Path(config.docs_dir))
    site_dir = Path(config.site_dir)
    hand_written = [file for file in files.documentation_pages() if file.src_uri not in generated]
    for file in hand_written:
        (site_dir / file.dest_uri).unlink(missing_ok=True)
    if "worker" not in _built:  # not started by on_pre_build
        indexed = [file.url for file in hand_written if not _search_excluded(file.abs_src_path)]
        _start_worker(config, guessed_pages(_project(config).cache_dir, indexed))
    return files


def _start_worker(config: MkDocsConfig, guess: list[SearchDocument]) -> None:
    """Start the worker writing the search files and feeds into site_dir (as MkDocs leaves it
    before ``on_files``: emptied by a clean build, as it was by a dirty one). ``guess``: the
    hand-written pages' search documents this build is likely to give
    (:func:`~generator.output.catalog_files.guessed_pages`), checked in ``on_post_build``.

    Started from a thread of this process, whose future ``_built["worker"]`` holds: the
    worker unpickles its inputs (every paper's search document) as it reads them from a
    pipe, and starting it waits until it has read them all (about half a second of an added
    day at 10,000 papers, bench/README.md, issue 19), while MkDocs goes on here."""
    catalog = _built.get("catalog")
    if catalog is None:
        return
    taxonomy = _built["taxonomy"] = load_taxonomy()
    project = _project(config)
    feeds = None
    if config.site_url:
        feeds = FeedSettings(config.site_url, config.site_name, config.use_directory_urls, generator_fingerprint())
    papers = paper_documents(catalog, taxonomy)
    starter = ThreadPoolExecutor(1, thread_name_prefix="generator-catalog-files-start")
    _built["worker"] = starter.submit(CatalogFiles.start, Path(config.site_dir), guess, papers,
                                      project.cache_dir, catalog, taxonomy, feeds)
    starter.shutdown(wait=False)  # the thread ends once the worker is started


def _search_excluded(path: str | None) -> bool:
    """Whether a hand-written page's front matter leaves it out of Material's search
    (``search: exclude: true``); a page that cannot be read counts as indexed."""
    try:
        search = frontmatter.load(path).metadata.get("search") if path else None
    except (OSError, ValueError):
        return False
    return isinstance(search, dict) and bool(search.get("exclude"))


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme the Jinja global ``shared_fragment``
    (:class:`~generator.output.shared_fragments.SharedFragments`, a new one each build): the
    tabs, the footer, the ``__config`` script and the partials of Material that
    theme/partials/shared/ wraps (the navigation drawer among them) are rendered once for all
    the pages outside the nav in one folder, instead of once a page
    (theme/partials/shared-fragment.html). For Material's theme, the environment's loader
    also reaches Material's own templates as ``material/…`` and serves those wrappers in
    place of Material's partials (:func:`~generator.output.shared_fragments.shared_partials_loader`).
    The templates' compiled code is kept in the generator's cache from build to build
    (:func:`~generator.core.template_cache.keep_compiled_templates`): MkDocs makes a new
    environment each build, which compiled every template again."""
    keep_compiled_templates(env, _project(config).cache_dir / THEME_TEMPLATES)
    env.globals["shared_fragment"] = SharedFragments(config.extra.get("homepage"), config.theme.get("logo"))
    if config.theme.name == "material":
        material_templates = Path(str(importlib.resources.files("material") / "templates"))
        env.loader = shared_partials_loader(env, config.theme.custom_dir, material_templates)
    return env


def on_page_context(context: dict, page: Page, **_) -> dict:
    """A page whose front matter hides its table of contents (the listing pages) keeps only
    its title, without the headings under it: Material would still render the whole table,
    hidden, in both sidebars, every listed title twice more; the title is what Material's
    "Skip to content" link points at (Material leaves the link out when the table is empty)."""
    if "toc" in (page.meta.get("hide") or ()):
        title = next(iter(page.toc), None)
        page.toc = TableOfContents([AnchorLink(title.title, title.id, title.level)] if title else [])
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The search page and the home page (``template: search.html``, ``home.html``: the
    pages that load no bundle of Material's) with their stylesheets inline, as the rules
    that can apply to it (:func:`~generator.output.page_styles.inline_stylesheets`), and the
    scripts it marks inline (:func:`~generator.output.page_styles.inline_scripts`): its
    first frame waits for no request. The files are read from the build's files (the
    theme's and docs_dir's); the styles are kept in the generator's cache from build to build
    (:func:`~generator.output.page_styles.inline_stylesheets_kept`)."""
    if page.meta.get("template") not in ("search.html", "home.html"):
        return output
    # only a build with the search page needs it
    from generator.output.page_styles import inline_scripts, inline_stylesheets_kept

    files = _built["files"]

    def read(path: str) -> str | None:
        file = files.get_file_from_path(path)
        return file.content_string if file is not None and not file.is_documentation_page() else None

    return inline_scripts(inline_stylesheets_kept(output, page.url, read, _project(config).cache_dir), page.url, read)


def on_post_build(config: MkDocsConfig) -> None:
    """Complete the search files and feeds the worker wrote while MkDocs rendered
    (:meth:`~generator.output.catalog_files.CatalogFiles.finish`): Material's search index
    is replaced by the one built from the catalog and the hand-written pages Material
    indexed (:mod:`generator.output.search_index`), and the Atom feeds
    (:mod:`generator.output.feeds`, which need the absolute site_url) are in the built site.
    Removes what a ``--dirty`` build left of pages no longer generated
    (:func:`~generator.output.docs_dir.remove_stale_site_files`). Writes the catalog the
    generator keeps for the next run (:func:`~generator.build.generate_keeping_later`)
    first, while the worker may still be at work.

    Under ``mkdocs serve`` the objects frozen in ``on_config`` are unfrozen, so that the
    next builds free this one's catalog. A ``mkdocs build`` (or ``gh-deploy``) ends with
    this build: everything still alive is frozen instead, so that the collector's last
    pass at the interpreter's exit does not traverse it all (about 0.15 CPU s at 10,000
    papers, on the added day's path: bench/README.md, issue 19)."""
    keep_catalog = _built.pop("keep_catalog", None)
    if keep_catalog is not None:
        keep_catalog()
    serving = keeping()
    if serving:
        gc.unfreeze()
    try:
        _complete_catalog_files(config)
    finally:
        if not serving:
            gc.freeze()


def _complete_catalog_files(config: MkDocsConfig) -> None:
    """:func:`on_post_build`'s work after the kept catalog: stale site files removed, the
    worker's search files and feeds completed."""
    files = _built.pop("files", None)
    if files is not None:
        remove_stale_site_files(Path(config.site_dir), (file.dest_uri for file in files))
    catalog, taxonomy, starting = _built.pop("catalog", None), _built.pop("taxonomy", None), _built.pop("worker", None)
    if starting is None:
        return
    worker = starting.result()
    try:  # Material's index is missing when its search plugin is not enabled
        material = json.loads((Path(config.site_dir) / INDEX_PATH).read_text(encoding="utf-8"))
        pages = page_documents(material["docs"], skip=(document.location for document in worker.papers))
        summary = worker.finish(pages, material["config"], catalog, taxonomy)
    except OSError as error:  # e.g. a folder in the cache where its search state goes: one line, no traceback
        raise PluginError(f"the search files could not be written: {error.filename or ''}: {error.strerror or error}; "
                          "remove it and build again") from None
    finally:
        worker.stop()
    log.info("search: %(documents)d document(s) (%(counted)d counted), %(terms)d term(s) (%(computed)d computed) "
             "in %(shards)d shard(s), %(bytes)d bytes", summary)
    again = summary.get("again")  # the hand-written pages were not as guessed: indexed again here
    log.debug("generator: search files and feeds made beside the build in %.1f s (worker peak RSS %.0f MB), "
              "hand-written pages %s", summary["worker_seconds"], summary["worker_peak"] / 1e6,
              "as guessed" if summary["guessed"]
              else f"indexed again ({again['counted']} counted, {again['computed']} computed)" if again else "indexed here")
    if summary["feeds"] is None:
        log.info("generator: no site_url, so no feeds (their links must be absolute)")
    else:
        log.info("generator: %d feed(s) written", summary["feeds"])


def on_build_error(error: Exception) -> None:
    """A failed build stops its worker (its files left as a run cut short leaves them: nothing
    taken for current), lets go of its catalog (``mkdocs serve`` goes on running), and under
    ``mkdocs serve`` has all of docs_dir watched until a build succeeds (see :func:`on_serve`)."""
    _stop_worker()
    gc.unfreeze()
    _built.clear()
    _watch_docs_dir(whole=True)


def on_shutdown() -> None:
    """``mkdocs serve`` stopping (Ctrl-C) stops a worker still running; the next builds of
    this process are dirty only if the next ``on_startup`` says so."""
    _stop_worker()
    _dirty.clear()


def _stop_worker() -> None:
    starting = _built.pop("worker", None)
    if starting is not None and starting.exception() is None:  # waits until it is started
        starting.result().stop()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder, **_) -> LiveReloadServer:
    """Have ``mkdocs serve`` watch the hand-written files and folders at the top of docs_dir
    (:func:`~generator.output.docs_dir.hand_written_entries`) instead of all of it.

    MkDocs watches all of docs_dir by polling: at 10,000 papers, 10,400 paths twice a
    second, about a fifth of a core taken from the builds, and the generator's own writes
    there start a second build after each one. The generated pages change only when the
    digests, the taxonomy or the templates do, which mkdocs.yml's ``watch:`` list covers.
    A file or folder added at the top of docs_dir is watched from the next build on. After
    a failed build all of docs_dir is watched again until the next build starts (before its
    generator writes), so that the fix a message of the generator asks for there (a
    hand-written file in the way of a page, a damaged manifest) rebuilds. Uses the server's
    documented ``watch`` and ``unwatch``."""
    _serving.update(server=server, docs_dir=config.docs_dir, watched=[config.docs_dir])
    _watch_docs_dir(whole=False)
    return server


def _watch_docs_dir(whole: bool) -> None:
    """Under ``mkdocs serve``, watch all of docs_dir (``whole``) or its hand-written part."""
    if not _serving:
        return
    server, docs_dir, watched = _serving["server"], _serving["docs_dir"], _serving["watched"]
    wanted = [docs_dir] if whole else [str(path) for path in hand_written_entries(Path(docs_dir))]
    for path in watched:
        if path not in wanted:
            server.unwatch(path)
    for path in wanted:
        if path not in watched:
            server.watch(path)
    _serving["watched"] = wanted

