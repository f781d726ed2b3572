"""Writer for paper pages: ``papers/<slug>.md``, one per paper of the catalog."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from pydantic import ValidationError

from generator.pages.abstract_text import abstract_html, code_url_in_abstract
from generator.pages.listing import tag_chips
from generator.core.arxiv_id import abs_url, pdf_url
from generator.catalog.bibtex import bibtex_entry, citation_keys, utf8_characters
from generator.catalog.catalog import Catalog
from generator.core.model import Links, Paper, Tag
from generator.core.process_memos import memo, paper_memo, remembered
from generator.catalog.related import related_papers
from generator.catalog.tagging import Taxonomy
from generator.pages.paths import day_path, href, paper_path, tag_path
from generator.catalog.summary_line import SummaryLine, shorten, summary_line
from generator.pages.rendering import code_text, render_page, template_fingerprint

_LINK_LABELS = {"arxiv": "arXiv", "pdf": "PDF", "huggingface": "Hugging Face", "code": "Code", "project": "Project page"}
PAPER_TEMPLATE = "paper.md.j2"
AUTHORS_SHOWN = 12
"""Paper pages name up to this many authors; longer lists show this many and put the whole
list in a collapsed block."""
ARXIV_TITLE_SEARCH = "https://arxiv.org/search/?searchtype=title&query={title}"
HF_TITLE_SEARCH = "https://huggingface.co/papers?q={title}"
"""Searches by title on arXiv and Hugging Face: the links of a paper without an arXiv id."""


def paper_links(paper: Paper) -> dict[str, str]:
    """The paper's links by kind (``arxiv``, ``pdf``, ``huggingface``, ``code``, ``project``),
    arXiv's abstract and PDF pages derived from the arXiv id when the digest gave none, and
    the code repository taken from a GitHub/GitLab URL in the abstract when it gave none."""
    links = paper.links.model_dump(exclude_none=True)
    if paper.arxiv_id:
        links.setdefault("arxiv", abs_url(paper.arxiv_id))
        links.setdefault("pdf", pdf_url(paper.arxiv_id))
    if "code" not in links:
        found = code_url_in_abstract(paper.abstract)
        try:
            if found:
                links["code"] = Links(code=found).code
        except ValidationError:
            pass
    return {name: links[name] for name in _LINK_LABELS if name in links}


def link_buttons(paper: Paper) -> list[dict[str, Any]]:
    """The row of links of a paper page as ``{label, url}`` (absolute URLs): arXiv,
    PDF, Hugging Face, code (with its GitHub stars when known) and project page
    (:func:`paper_links`); for a paper without an arXiv id, searches of arXiv and Hugging
    Face by its title instead of the first three."""
    found = paper_links(paper)
    buttons = []
    if not paper.arxiv_id and not {"arxiv", "pdf", "huggingface"} & found.keys():
        title = quote_plus(paper.title)
        buttons += [
            {"label": "Search arXiv by title", "url": ARXIV_TITLE_SEARCH.format(title=title)},
            {"label": "Search Hugging Face by title", "url": HF_TITLE_SEARCH.format(title=title)},
        ]
    for name, url in found.items():
        label = _LINK_LABELS[name]
        if name == "code" and paper.github_stars is not None:
            label = f"{label} ({paper.github_stars:,} star{'' if paper.github_stars == 1 else 's'})"
        buttons.append({"label": label, "url": url})
    return buttons


def front_matter(paper: Paper, taxonomy: Taxonomy, summary: SummaryLine | None = None) -> dict[str, Any]:
    """The paper page's YAML front matter: title, date (first listed), slug, tags (slugs),
    listed_on (ISO dates), ``search: {exclude: true}`` (the search index holds the paper from
    the catalog, :mod:`generator.output.search_index`), and arxiv_id, authors, links and categories when known;
    the description is the paper's ``summary`` line (given when already found, else found here)."""
    meta: dict[str, Any] = {
        "title": paper.title,
        "date": paper.first_listed.isoformat(),
        "slug": paper.slug,
        "tags": list(paper.tags),
        "listed_on": [day.isoformat() for day in paper.listed_on],
    }
    if paper.arxiv_id:
        meta["arxiv_id"] = paper.arxiv_id
    if paper.authors:
        meta["authors"] = list(paper.authors)
    links = paper_links(paper)
    if links:
        meta["links"] = links
    if paper.categories:
        meta["categories"] = list(paper.categories)
    if paper.upvotes is not None:
        meta["upvotes"] = paper.upvotes
    meta["description"] = shorten((summary or summary_line(paper)).text, 200)
    meta["search"] = {"exclude": True}  # Material's search leaves it out: the index is built from the catalog
    meta["hide"] = ["navigation"]  # outside the nav: Material's left sidebar would be empty
    return meta


def category_tag(category: str, taxonomy: Taxonomy) -> Tag | None:
    """The first tag of ``taxonomy`` that lists arXiv ``category`` under ``categories:``, or ``None``."""
    return next((t for t in taxonomy.tags if category in t.categories), None)


def category_chips(
    page: str, categories: tuple[str, ...], taxonomy: Taxonomy, directory_urls: bool = True
) -> list[dict[str, Any]]:
    """The paper's arXiv categories as ``{name, tag}`` for templates; ``tag`` is ``{label, url}``
    of the category's tag (:func:`category_tag`), else ``None``."""
    chips = []
    for category in categories:
        tag = category_tag(category, taxonomy)
        url = href(page, tag_path(tag.slug), directory_urls) if tag else None
        chips.append({"name": category, "tag": {"label": tag.label, "url": url} if tag else None})
    return chips


def render_paper(
    paper: Paper,
    taxonomy: Taxonomy,
    related: tuple[Paper, ...] = (),
    bibtex: str | None = None,
    directory_urls: bool = True,
) -> str:
    """The Markdown text of one paper page; ``related`` papers (most similar first) and the
    paper's ``bibtex`` entry get sections below the abstract and tags when given.

    The body is raw HTML but for the headings (``paper.md.j2``), whose links MkDocs does not
    rewrite: they are the URLs of the built pages as MkDocs serves them with or without
    ``directory_urls`` (mkdocs.yml's ``use_directory_urls``)."""
    page = paper_path(paper.slug)
    url = functools.partial(href, page, directory_urls=directory_urls)
    summary = summary_line(paper)
    beyond_ascii, more = utf8_characters(bibtex or "")
    return render_page(
        PAPER_TEMPLATE,
        front_matter(paper, taxonomy, summary),
        paper=paper,
        authors_shown=paper.authors[:AUTHORS_SHOWN],
        authors_more=paper.authors[AUTHORS_SHOWN:],
        categories=category_chips(page, paper.categories, taxonomy, directory_urls),
        summary=summary,
        summary_html=abstract_html(summary.text),
        abstract=abstract_html(paper.abstract),
        links=link_buttons(paper),
        tags=tag_chips(page, paper.tags, taxonomy, directory_urls),
        days=[{"date": day, "url": url(day_path(day))} for day in paper.listed_on],
        related=[{"paper": other, "url": url(paper_path(other.slug))} for other in related],
        bibtex=code_text(bibtex) if bibtex else None,
        bibtex_utf8=beyond_ascii,
        bibtex_utf8_more=more,
    )


@memo
@functools.lru_cache(maxsize=1 << 17)
def paper_record(paper: Paper) -> str:
    """The SHA-256 (hex) of ``paper``'s record (its JSON: every field a page may show of it).
    Cached by paper (Papers are frozen values; under ``mkdocs serve`` each build gets the
    same Paper objects for unchanged papers, :func:`generator.catalog.catalog.build_catalog`)."""
    return hashlib.sha256(paper.model_dump_json().encode()).hexdigest()


_RECORDS = paper_memo("records")
""":func:`paper_record` of each paper the last run saw (:func:`~generator.core.process_memos.paper_memo`)."""


def paper_records(papers: Sequence[Paper]) -> dict[str, str]:
    """:func:`paper_record` of each of ``papers``, by key (from the per-paper memo when it has
    them: a run after a day was added hashes only the papers that day listed)."""
    return {p.key: remembered(_RECORDS, p, paper_record) for p in papers}


def paper_page_inputs(
    paper: Paper,
    taxonomy: Taxonomy,
    related: tuple[Paper, ...],
    citation_key: str,
    code: str,
    template: str,
    directory_urls: bool = True,
    record: str | None = None,
    category_tags: dict[str, Tag | None] | None = None,
) -> str:
    """The SHA-256 (hex) of everything :func:`render_paper` makes ``paper``'s page from: the
    paper's record, the title, slug and first day of its ``related`` papers (what the page
    shows of them), its ``citation_key``, the labels and
    links of its tags and categories (from ``taxonomy``), and the fingerprints of the
    generator's ``code`` (:func:`generator.inputs.project.code_fingerprint`) and of the page's
    ``template`` (:func:`~generator.pages.rendering.template_fingerprint`), and
    ``directory_urls`` (the form of its links). ``record``: the paper's record hashed, when
    the caller has it (else its JSON is used). ``category_tags``: :func:`category_tag` of
    each category by name, as far as the caller knows them (filled in here). Equal inputs
    give the same page (:mod:`generator.pages.page_ledger`).

    The chips' links are not hashed: they follow from the page's path (the paper's slug, in
    its record), the tag's slug and ``directory_urls``, which are."""
    if category_tags is None:
        category_tags = {}
    for category in paper.categories:
        if category not in category_tags:
            category_tags[category] = category_tag(category, taxonomy)
    digest = hashlib.sha256()
    for part in (
        code,
        template,
        record or paper.model_dump_json(),
        *(f"{other.slug}\0{other.first_listed}\0{other.title}" for other in related),
        citation_key,
        *(f"tag\0{slug}\0{taxonomy.by_slug[slug].label}" for slug in paper.tags),
        *(f"category\0{c}\0{t.slug if (t := category_tags[c]) else ''}\0{t.label if t else ''}" for c in paper.categories),
        f"directory_urls={directory_urls}",
    ):
        digest.update(f"{len(part)}\0{part}".encode())
    return digest.hexdigest()


_INPUTS_IN_PROCESS = paper_memo("page inputs")
"""The last :meth:`PaperPages.inputs` of each paper, by key: ``(paper, ((related papers,
citation key, record, context), hash))``, the hash of :func:`paper_page_inputs`, which is
a function of exactly these (:func:`~generator.core.process_memos.paper_memo`: kept in the
process and in the generator's cache). A run after an edit or an added day hashes only the
papers whose page inputs changed."""


@dataclass
class PaperPages:
    """What every paper page is made from, computed once over the whole catalog: each
    paper's related earlier papers (:func:`~generator.catalog.related.related_papers`) and citation key
    (:func:`~generator.catalog.bibtex.citation_keys`). :meth:`inputs` names a page's inputs for the
    page ledger; :meth:`render` writes the pages, whose links are for ``directory_urls``
    (:func:`render_paper`)."""

    catalog: Catalog
    taxonomy: Taxonomy
    related: dict[str, tuple[Paper, ...]]
    keys: dict[str, str]
    directory_urls: bool = True

    @classmethod
    def of(
        cls,
        catalog: Catalog,
        taxonomy: Taxonomy,
        related: dict[str, tuple[str, ...]],
        directory_urls: bool = True,
        keys: dict[str, str] | None = None,
    ) -> PaperPages:
        """The paper pages of ``catalog`` whose ``related`` papers (by key:
        :func:`~generator.catalog.related.related_papers`) are known; pages can be rendered
        for those papers only. ``keys``: the catalog's
        :func:`~generator.catalog.bibtex.citation_keys`, when the caller has them."""
        return cls(
            catalog,
            taxonomy,
            {key: tuple(catalog.by_key[k] for k in keys) for key, keys in related.items()},
            keys if keys is not None else citation_keys(catalog.papers),
            directory_urls,
        )

    def inputs(self, code: str, records: dict[str, str] | None = None) -> dict[str, str]:
        """``{docs_dir path: hash of the page's inputs}`` of every paper page
        (:func:`paper_page_inputs`), for generator ``code`` (its fingerprint) and the
        papers' hashed ``records`` by key when known."""
        template = template_fingerprint(PAPER_TEMPLATE)
        records = records or {}
        category_tags: dict[str, Tag | None] = {}
        # What the hash is a function of besides the paper and its related papers (compared
        # by identity first: unchanged papers are the same objects from build to build).
        context = (code, template, self.directory_urls, hashlib.sha256(repr(self.taxonomy.tags).encode()).hexdigest())
        found: dict[str, tuple] = {}
        inputs = {}
        for p in self.catalog.papers:
            related, key, record = self.related[p.key], self.keys[p.key], records.get(p.key)
            made_from = (related, key, record, context)
            last = _INPUTS_IN_PROCESS.get(p.key)
            if last is not None and last[0] is p and last[1][0] == made_from:
                page_inputs = last[1][1]
            else:
                page_inputs = paper_page_inputs(
                    p, self.taxonomy, related, key, code, template, self.directory_urls, record, category_tags
                )
            found[p.key] = (p, (made_from, page_inputs))
            inputs[paper_path(p.slug)] = page_inputs
        _INPUTS_IN_PROCESS.clear()
        _INPUTS_IN_PROCESS.update(found)
        return inputs

    def part(self, keys: Sequence[str]) -> PaperPages:
        """The paper pages of ``keys`` only, holding just what rendering them reads (each
        paper, its related papers and its citation key): small to send to a worker process
        (:func:`generator.pages.render_site`). Renders as this one does."""
        by_key = {key: self.catalog.by_key[key] for key in keys}
        return PaperPages(
            Catalog(papers=list(by_key.values()), digests=[], day_listing={}, by_key=by_key),
            self.taxonomy,
            {key: self.related[key] for key in keys},
            {key: self.keys[key] for key in keys},
            self.directory_urls,
        )

    def render(self, keys: Sequence[str]) -> dict[str, str]:
        """The pages of the papers ``keys``, as ``{docs_dir path: Markdown text}``."""
        pages = {}
        for key in keys:
            paper = self.catalog.by_key[key]
            pages[paper_path(paper.slug)] = render_paper(
                paper,
                self.taxonomy,
                related=self.related[key],
                bibtex=bibtex_entry(paper, self.keys[key]),
                directory_urls=self.directory_urls,
            )
        return pages


def paper_pages(
    catalog: Catalog,
    taxonomy: Taxonomy,
    related: dict[str, tuple[str, ...]] | None = None,
    papers: Sequence[Paper] | None = None,
    directory_urls: bool = True,
) -> dict[str, str]:
    """Paper pages, as ``{docs_dir path: Markdown text}``, each with its related earlier
    papers (``related``: by paper key, :func:`generator.catalog.related.related_papers`, computed
    here when not given) and BibTeX entry (:mod:`generator.catalog.bibtex`).

    The pages of every paper of the catalog, or of ``papers`` (papers of the catalog) only,
    so that two processes can share the work (:func:`generator.pages.render_site`), with
    links for ``directory_urls`` (mkdocs.yml's ``use_directory_urls``).
    """
    papers = catalog.papers if papers is None else papers
    if related is None:
        related = related_papers(catalog.papers)
    chosen = {p.key: related[p.key] for p in papers}
    return PaperPages.of(catalog, taxonomy, chosen, directory_urls).render([p.key for p in papers])
