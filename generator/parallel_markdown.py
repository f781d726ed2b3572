"""MkDocs' Markdown conversion shared with a second process.

MkDocs converts every page's Markdown to HTML one page after another, in one process: at
10,000 papers that is most of a build (bench/README.md), while the machine's second core
waits. :class:`MarkdownShare` forks, once MkDocs knows the site's files and nav, a
second process that converts the later half of the pages, exactly as MkDocs would (the
same ``Page.read_source``, ``on_pre_page`` and ``on_page_markdown`` events and
``Page.render``, on a copy of the same state), while MkDocs converts the first half here.
When MkDocs reaches a page of the second half, the hook hands it what the second process
made (:meth:`MarkdownShare.take_over`): the HTML, the table of contents, the title found in
the HTML, and the anchors for MkDocs' link validation. The log messages of that page's
``Page.render`` are logged here when it is handed over, so that ``--strict`` counts its
warnings (the events before ``render`` run here anyway and log their own). A page the
second process could not convert (any exception, e.g. a recursion limit its deeper stack
reached first) is converted here, as if it had never been shared: it fails, or not, with
MkDocs' own error.

The built site is byte for byte the one MkDocs builds alone (a test holds that). Not used
for ``--dirty`` builds, which convert only changed pages.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs import __version__ as MKDOCS_VERSION
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.parallel import Forked, LogMessages, can_fork, run_in_fork

_RENDERED = ("content", "toc", "_title_from_render", "present_anchor_ids")
"""What ``Page.render`` of MkDocs 1.6 sets on a page, besides ``links_to_anchors``. Other
MkDocs versions (whose ``render`` may set more) convert every page here."""


class MarkdownShare:
    """The later half of a build's pages, converted in a second process (see the module
    docstring). Start it when the files and nav are known (the ``on_nav`` event)."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        uris = [file.src_uri for file in files.documentation_pages()]
        self._uris = set(uris[len(uris) // 2 :])
        self._converted: dict[str, tuple[dict[str, Any], list[tuple[str, int, str]]]] | None = None
        self._forked: Forked | None = None
        if self._uris and can_fork() and MKDOCS_VERSION.startswith("1.6."):
            later = [uri for uri in uris if uri in self._uris]
            self._forked = run_in_fork(lambda: _convert(config, files, later))
        else:
            self._uris = set()

    def take_over(self, page: Page, files: Files) -> None:
        """If ``page`` is one the second process converted, make its ``render`` hand over
        that result instead of converting again (called from ``on_page_markdown``, just
        before MkDocs renders the page)."""
        if page.file.src_uri not in self._uris:
            return
        if self._converted is None:
            try:
                self._converted = self._forked()
            except Exception as error:  # noqa: BLE001 - e.g. the child was killed: convert here instead
                logging.getLogger("mkdocs.hooks.generator").info(
                    "generator: the second process converted no pages (%s); MkDocs converts them here", error
                )
                self._converted = {}
        if page.file.src_uri not in self._converted:  # it failed there: MkDocs converts it here
            return
        rendered, messages = self._converted.pop(page.file.src_uri)

        def hand_over(config: MkDocsConfig, files: Files = files) -> None:
            for name, level, message in messages:
                logging.getLogger(name).log(level, message)
            for name in _RENDERED:
                setattr(page, name, rendered[name])
            links = rendered["links_to_anchors"]
            if links is not None:
                page.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in links.items()}

        page.render = hand_over

    def cancel(self) -> None:
        """Stop the second process (a failed build)."""
        if self._forked is not None:
            self._forked.cancel()


def _convert(config: MkDocsConfig, files: Files, uris: list[str]) -> dict[str, tuple[dict[str, Any], list]]:
    """In the second process: each page of ``uris`` read and converted as MkDocs'
    ``_populate_page`` does, up to ``Page.render``; per page converted, what ``render``
    set and the log messages ``render`` gave. Pages that raised are left out."""
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.propagate = False
    messages = LogMessages()
    quiet = [logging.NullHandler()]
    converted = {}
    for uri in uris:
        file = files.get_file_from_path(uri)
        page = file.page if file.page is not None else Page(None, file, config)
        config._current_page = page
        mkdocs_log.handlers = quiet  # the events before render log in the parent, which runs them too
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            messages.records = []
            mkdocs_log.handlers = [messages]  # this process only: the messages go back to the parent
            page.render(config, files)
        except Exception:  # noqa: BLE001 - the parent converts this page itself, with MkDocs' own error
            continue
        rendered = {name: getattr(page, name) for name in _RENDERED}
        links = page.links_to_anchors
        rendered["links_to_anchors"] = None if links is None else {f.src_uri: a for f, a in links.items()}
        converted[uri] = (rendered, messages.records)
    return converted
