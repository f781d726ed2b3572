"""MkDocs' Markdown conversion shared with a second process.

MkDocs converts every page's Markdown to HTML one page after another, in one process: at
10,000 papers that is about half of a build (bench/README.md), while the machine's second
core waits. :class:`MarkdownShare` forks, once MkDocs knows the site's files and nav, a
second process that converts half of the pages, exactly as MkDocs would (the same
``Page.read_source``, ``on_pre_page`` and ``on_page_markdown`` events and ``Page.render``,
on a copy of the same state), while MkDocs converts the others here. The shares alternate
along MkDocs' order of pages, and the second process works ahead of MkDocs
(:class:`generator.parallel.ResultsAhead`). When MkDocs reaches a page of the second
process's share, the hook hands it what the second process made
(:meth:`MarkdownShare.take_over`): the HTML, the table of contents, the title found in the
HTML, and the anchors for MkDocs' link validation. The log messages of that page's
``Page.render`` are logged here when it is handed over, so that ``--strict`` counts its
warnings (the events before ``render`` run here anyway and log their own). A page the
second process could not convert (any exception, e.g. a recursion limit its deeper stack
reached first), or every page left if it died, is converted here, as if it had never been
shared: it fails, or not, with MkDocs' own error.

The built site is byte for byte the one MkDocs builds alone (a test holds that), as long
as other plugins and hooks carry no state from one page to the next (each process sees
only its own pages; README.md says to set ``PAPER_DIGESTS_ONE_PROCESS`` then). The second
process starts after every other plugin's and hook's event it starts from. Not used
for ``--dirty`` builds, which convert only changed pages.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs import __version__ as MKDOCS_VERSION
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.parallel import LogMessages, ResultsAhead, alternate, log_again

_RENDERED = ("content", "toc", "_title_from_render", "present_anchor_ids")
"""What ``Page.render`` of MkDocs 1.6 sets on a page, besides ``links_to_anchors``. Other
MkDocs versions (whose ``render`` may set more) convert every page here."""


SECOND_PROCESS_SHARE = 0.5
"""The fraction of pages whose Markdown the second process converts."""


class MarkdownShare:
    """Half of a build's pages, converted in a second process (see the module docstring).
    Start it when the files and nav are known (the ``on_nav`` event)."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        uris = [file.src_uri for file in files.documentation_pages()]
        shared = alternate(uris, SECOND_PROCESS_SHARE) if MKDOCS_VERSION.startswith("1.6.") else []
        self._ahead = ResultsAhead(
            shared, _Converter(config, files), logging.getLogger("mkdocs.hooks.generator"),
            "generator: the second process stopped converting pages; MkDocs converts the rest here",
        )

    def take_over(self, page: Page, files: Files) -> None:
        """If ``page`` is one the second process converted, make its ``render`` hand over
        that result instead of converting again (called from ``on_page_markdown``, just
        before MkDocs renders the page)."""
        result = self._ahead.get(page.file.src_uri)
        self._ahead.forget(page.file.src_uri)
        if result is None:  # not shared, or it failed there: MkDocs converts it here
            return
        rendered, messages = result

        def hand_over(config: MkDocsConfig, files: Files = files) -> None:
            log_again(messages)
            for name in _RENDERED:
                setattr(page, name, rendered[name])
            links = rendered["links_to_anchors"]
            if links is not None:
                page.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in links.items()}

        page.render = hand_over

    def cancel(self) -> None:
        """Stop the second process (the build is done, or failed); safe to call more than once."""
        self._ahead.cancel()


class _Converter:
    """In the second process: one page read and converted as MkDocs' ``_populate_page``
    does, up to ``Page.render``; returns what ``render`` set and the log messages
    ``render`` gave."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        self._config, self._files = config, files
        self._messages: LogMessages | None = None

    def __call__(self, uri: str) -> tuple[dict[str, Any], list[tuple[str, int, str]]]:
        config, files = self._config, self._files
        if self._messages is None:  # the first page: set up this (child) process
            self._messages = LogMessages()
        file = files.get_file_from_path(uri)
        page = file.page if file.page is not None else Page(None, file, config)
        config._current_page = page
        self._messages.drop()  # the events before render log in the parent, which runs them too
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        self._messages.keep()  # render's messages go back to the parent
        page.render(config, files)
        rendered = {name: getattr(page, name) for name in _RENDERED}
        links = page.links_to_anchors
        rendered["links_to_anchors"] = None if links is None else {f.src_uri: a for f, a in links.items()}
        return rendered, self._messages.records
