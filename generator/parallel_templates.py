"""Rendering the theme's templates, and Material's search indexing, shared with a second process.

After converting every page's Markdown, MkDocs renders each page, one after another: the
``on_page_context`` events (Material's search plugin parses the page's HTML into search
entries), then the theme's ``main.html`` (Material's header, nav, sidebars and footer around
the page's HTML). At 10,000 papers that is about half of a build (bench/README.md).
:class:`TemplateShare` forks, once every page is converted (the ``on_env`` event), a
second process that renders a share of the pages exactly as MkDocs' ``_build_page`` would
(the same context, the same events, the same template, on a copy of the same state), while
MkDocs renders the others here. The shares alternate along MkDocs' order of pages, and the
second process works ahead of MkDocs (:class:`generator.parallel.ResultsAhead`).

When MkDocs reaches a page of the second process's share, Material's search index takes
the entries the second process made for it instead of parsing the page again, and the
template (MkDocs gets it through ``env.get_template``, which :class:`TemplateShare` wraps)
returns what the second process rendered instead of rendering again, and logs the messages
that render logged there. Everything else happens here, as in any build: the
``on_page_context`` events, the ``on_post_page`` events and the writing of the file. A
page the second process could not render, or every page left if it died, is indexed and
rendered here, as if it had never been shared.

The built site is byte for byte the one MkDocs builds alone (a test holds that), as long
as other plugins and hooks carry no state from one page to the next (each process sees
only its own pages; README.md says to set ``PAPER_DIGESTS_ONE_PROCESS`` then). The second
process starts after every other plugin's and hook's event it starts from. Not used
for ``--dirty`` builds, which render only changed pages.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from mkdocs import __version__ as MKDOCS_VERSION
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from generator.parallel import LogMessages, ResultsAhead, alternate, log_again

SECOND_PROCESS_SHARE = 0.55
"""The fraction of pages the second process renders. Each page of its share still costs
some work here (the events, and writing the file), so it takes a little more than half
(measured: bench/README.md)."""

log = logging.getLogger("mkdocs.hooks.generator")


class TemplateShare:
    """A share of a build's pages rendered through the theme's templates in a second
    process (see the module docstring). Start it when every page is converted (the
    ``on_env`` event), with the nav MkDocs renders and the ``inclusion`` level of its
    build (``InclusionLevel.is_in_serve`` under ``mkdocs serve``, else ``is_included``)."""

    def __init__(
        self, config: MkDocsConfig, files: Files, nav: Navigation, env: Any, inclusion: InclusionLevel
    ) -> None:
        pages = [file.src_uri for file in files.documentation_pages(inclusion=inclusion) if not file.inclusion.is_excluded()]
        shared = alternate(pages, SECOND_PROCESS_SHARE) if MKDOCS_VERSION.startswith("1.6.") else []
        if shared:
            env.get_template("main.html")  # compiled once, here, for both processes
        self._ahead = ResultsAhead(
            shared, _Renderer(config, files, nav, env, inclusion), log,
            "generator: the second process stopped rendering pages; MkDocs renders the rest here",
        )
        if not self._ahead:
            return
        get_template = env.get_template

        def get_template_handing_over(name: Any, parent: str | None = None, globals: Any = None) -> Any:
            template = get_template(name, parent, globals)
            return template if parent is not None else _HandOver(template, self)  # MkDocs' own call

        env.get_template = get_template_handing_over
        search_index = _search_index(config)
        if search_index is not None:
            add_entry_from_context = search_index.add_entry_from_context

            def add_entry_handing_over(page: Any) -> None:
                entries = self.search_entries(page.file.src_uri)
                if entries is None:
                    add_entry_from_context(page)
                else:
                    search_index.entries.extend(entries)

            search_index.add_entry_from_context = add_entry_handing_over

    def search_entries(self, uri: str) -> list[dict] | None:
        """Material's search entries the second process made for the page ``uri``, waiting
        for them if need be; None if that page is not its to render, it failed there, or
        the second process died first (then MkDocs indexes it here)."""
        result = self._ahead.get(uri)
        return None if result is None else result[1]

    def rendered(self, uri: str) -> str | None:
        """What the second process rendered for the page ``uri`` (its messages logged
        here), waiting for it if need be; None if that page is not its to render, it
        failed there, or the second process died first (then MkDocs renders it here)."""
        result = self._ahead.get(uri)
        self._ahead.forget(uri)
        if result is None:
            return None
        html, _, messages = result
        log_again(messages)
        return html

    def cancel(self) -> None:
        """Stop the second process (the build is done, or failed); safe to call more than once."""
        self._ahead.cancel()


class _HandOver:
    """A template as MkDocs' ``_build_page`` gets it: rendering a page of the second
    process's share returns what that process rendered; anything else is the template's."""

    def __init__(self, template: Any, share: TemplateShare) -> None:
        self._template = template
        self._share = share

    def render(self, context: dict) -> str:
        page = context.get("page")
        rendered = self._share.rendered(page.file.src_uri) if page is not None else None
        return rendered if rendered is not None else self._template.render(context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def _search_index(config: MkDocsConfig) -> Any:
    """Material's search index (its search plugin's, when that is on), else None."""
    search = config.plugins.get("material/search")
    return getattr(search, "search_index", None) if search is not None else None


class _Renderer:
    """In the second process: one page rendered as MkDocs' ``_build_page`` renders it, up
    to the template; returns ``(HTML, the page's search entries, the log messages of the
    render)``."""

    def __init__(self, config: MkDocsConfig, files: Files, nav: Navigation, env: Any, inclusion: InclusionLevel) -> None:
        self._config, self._files, self._nav, self._env, self._inclusion = config, files, nav, env, inclusion
        self._messages: LogMessages | None = None

    def __call__(self, uri: str) -> tuple[str, list[dict], list[tuple[str, int, str]]]:
        config = self._config
        if self._messages is None:  # the first page: set up this (child) process
            self._messages = LogMessages()
            self._doc_files = self._files.documentation_pages(inclusion=self._inclusion)
            self._search_index = _search_index(config)
            if self._search_index is not None:
                self._keep_new_entries(self._search_index)
        page = self._files.get_file_from_path(uri).page
        entries = self._search_index.entries if self._search_index is not None else []
        indexed = len(entries)
        self._made: list[dict] = []
        config._current_page = page
        self._messages.drop()  # the events log in the main process, which runs them too
        try:
            page.active = True
            context = get_context(self._nav, self._doc_files, config, page)
            template = self._env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=self._nav)
            self._messages.keep()  # the render's messages go back to the main process
            html = template.render(context)
        finally:
            page.active = False
            config._current_page = None
        del entries[indexed:]
        return html, self._made, self._messages.records

    def _keep_new_entries(self, search_index: Any) -> None:
        """Keep a copy of the entries Material's search index makes for a page as it makes
        them: events after it (a hook's ``on_page_context``) may change them, and run again
        in the main process on the copies handed over there."""
        add_entry_from_context = search_index.add_entry_from_context

        def add_and_keep(page: Any) -> None:
            before = len(search_index.entries)
            add_entry_from_context(page)
            self._made = copy.deepcopy(search_index.entries[before:])

        search_index.add_entry_from_context = add_and_keep
