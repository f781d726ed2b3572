"""Rendering the theme's templates, and Material's search indexing, shared with a second process.

After converting every page's Markdown, MkDocs renders each page, one after another: the
``on_page_context`` events (Material's search plugin parses the page's HTML into search
entries), then the theme's ``main.html`` (Material's header, nav, sidebars and footer around
the page's HTML). At 10,000 papers that is about half of a build (bench/README.md).
:class:`TemplateShare` forks, once every page is converted (the ``on_env`` event), a
second process that renders a share of the pages exactly as MkDocs' ``_build_page`` would
(the same context, the same events, the same template, on a copy of the same state), while
MkDocs renders the others here. The shares alternate along MkDocs' order of pages, so the
second process keeps ahead of MkDocs, which takes its pages as they come
(:data:`SECOND_PROCESS_SHARE`).

When MkDocs reaches a page of the second process's share, Material's search index takes
the entries the second process made for it instead of parsing the page again, and the
template (MkDocs gets it through ``env.get_template``, which :class:`TemplateShare` wraps)
returns what the second process rendered instead of rendering again, and logs the messages
that render logged there. Everything else happens here, as in any build: the
``on_page_context`` events, the ``on_post_page`` events and the writing of the file. A
page the second process could not render, or every page left if it died, is indexed and
rendered here, as if it had never been shared.

The built site is byte for byte the one MkDocs builds alone (a test holds that). Not used
for ``--dirty`` builds, which render only changed pages.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from typing import Any

from mkdocs import __version__ as MKDOCS_VERSION
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from generator.parallel import LogMessages, can_fork, fork_context, start_child, stop_child

SECOND_PROCESS_SHARE = 0.55
"""The fraction of pages the second process renders. Each page of its share still costs
some work here (the events, reading and writing its HTML), so it takes more than half
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
        pages = [file for file in files.documentation_pages(inclusion=inclusion) if not file.inclusion.is_excluded()]
        self._uris = {
            file.src_uri
            for index, file in enumerate(pages)
            if int((index + 1) * SECOND_PROCESS_SHARE) > int(index * SECOND_PROCESS_SHARE)
        }
        self._done: dict[str, tuple | None] = {}
        self._child = None
        if not (self._uris and can_fork() and MKDOCS_VERSION.startswith("1.6.")):
            self._uris = set()
            return
        env.get_template("main.html")  # compiled once, here, for both processes
        self._output = tempfile.TemporaryFile()  # what the second process made; gone when closed (or killed)
        context = fork_context()
        self._receiver, sender = context.Pipe(duplex=False)
        shared = [file.src_uri for file in pages if file.src_uri in self._uris]
        self._child = start_child(
            context, _render, config, files, nav, env, inclusion, shared, self._output.fileno(), sender,
            parent_ends=(self._receiver,),
        )
        sender.close()

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
        the second process died (then MkDocs indexes it here)."""
        done = self._wait_for(uri)
        if done is None:
            return None
        offset, html_length, entries_length, _ = done
        return pickle.loads(os.pread(self._output.fileno(), entries_length, offset + html_length))

    def rendered(self, uri: str) -> str | None:
        """What the second process rendered for the page ``uri`` (its messages logged
        here), waiting for it if need be; None if that page is not its to render, it
        failed there, or the second process died (then MkDocs renders it here)."""
        done = self._wait_for(uri)
        self._done.pop(uri, None)
        if done is None:
            return None
        offset, html_length, _, messages = done
        for name, level, text in messages:
            logging.getLogger(name).log(level, text)
        return os.pread(self._output.fileno(), html_length, offset).decode("utf-8", "surrogatepass")

    def _wait_for(self, uri: str) -> tuple | None:
        if uri not in self._uris:
            return None
        while uri not in self._done and self._child is not None:
            try:
                message = self._receiver.recv()
            except EOFError:
                log.info("generator: the second process stopped rendering pages; MkDocs renders the rest here")
                message = None
            if message is None:  # all done, or it died: what it sent before is whole (flushed first)
                stop_child(self._child, self._receiver)
                self._child = None
                break
            self._done[message[0]] = message[1]
        return self._done.get(uri)

    def cancel(self) -> None:
        """Stop the second process and drop what it made (the build is done, or failed);
        safe to call more than once."""
        if self._child is not None:
            stop_child(self._child, self._receiver)
            self._child = None
        if self._uris:
            self._output.close()
            self._uris = set()


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


def _render(
    config: MkDocsConfig, files: Files, nav: Navigation, env: Any, inclusion: InclusionLevel,
    uris: list[str], output: int, sender: Any,
) -> None:
    """In the second process: render each page of ``uris`` as MkDocs' ``_build_page`` does,
    up to the template; append its HTML (UTF-8) and then its search entries (pickled) to
    the file ``output`` and send, per page, ``(uri, (offset, HTML length, entries length,
    log messages of the render))``, or ``(uri, None)`` if it raised; then None."""
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.propagate = False
    messages = LogMessages()
    quiet = [logging.NullHandler()]
    search_index = _search_index(config)
    doc_files = files.documentation_pages(inclusion=inclusion)
    offset = 0
    with os.fdopen(os.dup(output), "wb") as written:
        for uri in uris:
            page = files.get_file_from_path(uri).page
            config._current_page = page
            mkdocs_log.handlers = quiet  # the events log in the main process, which runs them too
            indexed = len(search_index.entries) if search_index is not None else 0
            try:
                page.active = True
                context = get_context(nav, doc_files, config, page)
                template = env.get_template(page.meta.get("template", "main.html"))
                context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                messages.records = []
                mkdocs_log.handlers = [messages]
                html = template.render(context).encode("utf-8", "surrogatepass")
            except Exception:  # noqa: BLE001 - the main process renders it, with MkDocs' own error
                sender.send((uri, None))
                continue
            finally:
                page.active = False
                config._current_page = None
            entries = b""
            if search_index is not None:
                entries = pickle.dumps(search_index.entries[indexed:], pickle.HIGHEST_PROTOCOL)
                del search_index.entries[indexed:]
            written.write(html)
            written.write(entries)
            written.flush()
            sender.send((uri, (offset, len(html), len(entries), messages.records)))
            offset += len(html) + len(entries)
    sender.send(None)
