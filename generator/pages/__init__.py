"""Pages: one module per kind of page, each returning ``{docs_dir path: Markdown text}``.

:mod:`~generator.pages.paper_pages`, :mod:`~generator.pages.day_pages`,
:mod:`~generator.pages.tag_pages` and :mod:`~generator.pages.archive_pages` turn the catalog
into Markdown with front matter through the Jinja templates in ``templates/``
(:mod:`~generator.pages.rendering`; listings share :mod:`~generator.pages.listing`);
:mod:`~generator.pages.paths` holds every path and URL rule once. :func:`render_site` runs
them all, skipping the paper pages whose inputs did not change
(:mod:`~generator.pages.page_ledger`) and spreading large sites over processes
(:mod:`~generator.pages.process_pool`); :mod:`generator.output.docs_dir` puts the result on
disk. Imports :mod:`generator.core`, :mod:`generator.catalog` and, for the front matter's
YAML and the code fingerprint, :mod:`generator.inputs`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import Future
from contextlib import ExitStack, nullcontext
from pathlib import Path

from generator.catalog.catalog import Catalog
from generator.pages.page_ledger import PageLedger
from generator.pages.process_pool import cpu_count, process_count, process_pool, split
from generator.inputs.project import code_fingerprint
from generator.catalog.bibtex import citation_keys
from generator.catalog.related import CACHE_NAME, RelatedPlan, RelatedWork
from generator.core.process_memos import keeping
from generator.catalog.tagging import Taxonomy
from generator.pages.archive_pages import archive_pages
from generator.pages.day_pages import day_pages
from generator.pages.listing import BLOCKS_NAME, ListingBlocks
from generator.pages.paper_pages import PaperPages, paper_pages, paper_records
from generator.pages.paths import paper_path
from generator.pages.rendering import TEMPLATES_CACHE_NAME, PageInputs, keep_compiled_templates
from generator.pages.tag_pages import tag_pages

PAGE_WRITERS = (paper_pages, day_pages, tag_pages, archive_pages)


PAPERS_PER_PROCESS = 1000
"""Paper pages are rendered in worker processes (:mod:`generator.pages.process_pool`) when each
gets at least this many; fewer are rendered here. Measured (bench/README.md): at 10,000
papers two workers take 8 CPU seconds each where one process takes 20, against about half
a second of pickling; at 1,000 a worker's start-up (imports, the pickled catalog) eats the
gain."""

RELATED_WORKER_PAPERS = 2000
"""Related papers (:func:`generator.catalog.related.related_papers`) of a catalog of at least
this many papers, when the days left to compute hold fewer than :data:`PAPERS_PER_PROCESS`
papers (a day added or edited), are computed by a worker process while this one renders
the listing pages: what is sent is small (:class:`~generator.catalog.related.RelatedWork`:
keys and the new days' texts), and the worker's start-up (about half a second: NumPy,
SciPy) and reading the kept counts run beside the listings (bench/README.md, issue 19:
at 10,000 papers, 0.6–0.8 s of an added day); it then renders half of the paper pages to
render (:meth:`~generator.pages.paper_pages.PaperPages.part`: each paper with its related
papers and citation key are sent, not the catalog). Smaller catalogs, a cold build (whose many
paper pages go to :data:`PAPERS_PER_PROCESS`'s workers, which need the related papers
first) and ``mkdocs serve`` (whose term counts are kept in its process) compute them here."""


def render_site(
    catalog: Catalog,
    taxonomy: Taxonomy,
    ledger: PageLedger | None = None,
    processes: int | None = None,
    directory_urls: bool = True,
    cache_dir: Path | None = None,
) -> dict[str, str | None]:
    """Every generated page of the site as ``{docs_dir path: Markdown text}``, sorted by path.

    With a ``ledger`` (:mod:`generator.pages.page_ledger`), a paper page whose inputs
    (:func:`~generator.pages.paper_pages.paper_page_inputs`) are those its file on disk
    was made from is not rendered: its value is ``None`` (keep the file as it is).
    ``cache_dir``: the generator's cache folder, where related papers are cached per day
    (:func:`generator.catalog.related.related_papers`).

    The paper pages to render (most of the work) are shared among ``processes`` worker
    processes (default: one per :data:`PAPERS_PER_PROCESS` papers to render, at most one
    per CPU; 1 does everything here), while this process renders the listing pages; the
    related papers of a large catalog's few new papers are computed by a worker process
    while this one renders the listing pages (:data:`RELATED_WORKER_PAPERS`; ``processes``
    1: here), and that worker then renders the later half of the paper pages to render while
    this process renders the first. The pages are the same however many processes render
    them. With ``cache_dir``, the compiled templates are kept in its folder
    :data:`~generator.pages.rendering.TEMPLATES_CACHE_NAME`
    (:func:`~generator.pages.rendering.keep_compiled_templates`).

    ``directory_urls``: mkdocs.yml's ``use_directory_urls``, the form of the built URLs
    that paper pages and listings link to (:func:`~generator.pages.paper_pages.render_paper`,
    :func:`~generator.pages.listing.listed_paper`).
    """
    templates = cache_dir / TEMPLATES_CACHE_NAME if cache_dir else None
    keep_compiled_templates(templates)
    plan = RelatedPlan.of(catalog.papers, cache=cache_dir / CACHE_NAME if cache_dir else None)
    pages: dict[str, str | None] = {}
    records = None
    listing_inputs = None
    code = ""
    if ledger is not None:
        code = code_fingerprint()
        records = paper_records(catalog.papers)
        taxonomy_hash = hashlib.sha256(repr(taxonomy.tags).encode()).hexdigest()
        listing_inputs = PageInputs(ledger.check, f"{code}\0{taxonomy_hash}\0{directory_urls}", records)
    keys = citation_keys(catalog.papers)

    def listing_pages() -> None:
        # each listed paper's block, rendered once for all listings (and kept between runs)
        blocks = ListingBlocks(taxonomy, directory_urls, listing_inputs, cache_dir / BLOCKS_NAME if cache_dir else None)
        pages.update(day_pages(catalog, taxonomy, directory_urls, listing_inputs, keys, blocks))  # raw HTML: built URLs
        pages.update(tag_pages(catalog, taxonomy, listing_inputs, directory_urls, blocks))
        pages.update(archive_pages(catalog, taxonomy, directory_urls, blocks))
        blocks.save(catalog.papers)

    with ExitStack() as open_workers:
        worker = None
        if plan.work is not None and _related_in_worker(plan.work, len(catalog.papers), processes):
            worker = open_workers.enter_context(process_pool(1))
            found = worker.submit(_related_of, plan.work)
            listing_pages()
            related = plan.finish(found.result())
        else:
            related = plan.finish(plan.work.run() if plan.work is not None else None)
        papers = PaperPages.of(catalog, taxonomy, related, directory_urls, keys)
        stale = [paper.key for paper in catalog.papers]
        if ledger is not None:
            inputs = papers.inputs(code, records)
            stale = [p.key for p in catalog.papers if not ledger.check(paper_path(p.slug), inputs[paper_path(p.slug)])]
            pages.update((page, None) for page in inputs)
        if processes is None:
            processes = process_count(len(stale), PAPERS_PER_PROCESS)
        if worker is not None and processes == 1:
            # the related papers' worker renders the later half of the pages while this process renders the rest
            here, there = split(stale, 2) if len(stale) > 1 else (stale, [])
            part = worker.submit(_rendered_part, papers.part(there), templates) if there else None
            pages.update(papers.render(here))
            if part is not None:
                pages.update(part.result())
            return dict(sorted(pages.items()))
        if worker is not None:
            open_workers.close()  # the paper pages' workers are started below
    pool = process_pool(processes, _start_paper_worker, (catalog, taxonomy, directory_urls)) if processes > 1 else None
    with pool or nullcontext() as workers:
        parts: list[Future[dict[str, str]]] = []
        if workers is None:
            pages.update(papers.render(stale))
        else:
            parts = [
                workers.submit(_paper_pages_of, part, {key: related[key] for key in part})
                for part in split(stale, processes)
            ]
        if worker is None:
            listing_pages()
        for part in parts:
            pages.update(part.result())
    return dict(sorted(pages.items()))


def _related_in_worker(work: RelatedWork, catalog_papers: int, processes: int | None) -> bool:
    """Whether ``work`` goes to a worker process (:data:`RELATED_WORKER_PAPERS`)."""
    return (
        processes != 1
        and catalog_papers >= RELATED_WORKER_PAPERS
        and work.papers < PAPERS_PER_PROCESS
        and not keeping()
        and cpu_count() > 1
    )


_worker: dict = {}
"""In a worker process of :func:`render_site`: the catalog, taxonomy and directory_urls."""


def _start_paper_worker(catalog: Catalog, taxonomy: Taxonomy, directory_urls: bool) -> None:
    _worker.update(catalog=catalog, taxonomy=taxonomy, directory_urls=directory_urls)


def _related_of(work: RelatedWork) -> dict[str, tuple[str, ...]] | None:
    """``work.run()`` (:meth:`~generator.catalog.related.RelatedWork.run`), as the worker of
    :func:`render_site` does it: unpickling this function there imports this package, so
    the paper pages it may be given next (:func:`_rendered_part`) find their modules loaded."""
    return work.run()


def _rendered_part(pages: PaperPages, templates: Path | None) -> dict[str, str]:
    """The pages of ``pages`` (:meth:`PaperPages.part <generator.pages.paper_pages.PaperPages.part>`),
    with the compiled templates kept in ``templates`` (:func:`~generator.pages.rendering.keep_compiled_templates`)."""
    keep_compiled_templates(templates)
    return pages.render(list(pages.related))


def _paper_pages_of(keys: Sequence[str], related: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """The pages of the papers ``keys``, whose ``related`` papers' keys are given."""
    return PaperPages.of(_worker["catalog"], _worker["taxonomy"], related, _worker["directory_urls"]).render(keys)
