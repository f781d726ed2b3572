"""A page's stylesheets inlined as the rules that can apply to it, and its marked scripts inline
(the search page's first frame).

A page linking stylesheets shows nothing until they have arrived: each is a request made
once the HTML is read, and on the search page (theme/search.html) those requests, not the
rules, were most of the wait before the first frame (bench/README.md, issue 21: the page's
first paint 190 ms after navigation with Material's three stylesheets linked, 132 ms with
the rules that can match it inline, 146 ms with all of them inline). :func:`inline_stylesheets`
replaces each ``<link rel="stylesheet">`` of a page's head by a ``<style>`` holding the
rules of that stylesheet whose selectors can match the page in some state: the page looks
as it did, with no request before its first frame, and nothing arrives later that could
restyle it.

"Can match in some state" (:func:`can_match`): a selector is tested against the page's
markup (lxml, through cssselect's XPath translation) with what depends on the reader or on
the page's scripts taken as true: pseudo-classes (``:hover``, ``:checked``, ``:focus``,
``:not()``…) and pseudo-elements, the classes and attributes of :data:`SCRIPTED_CLASSES`,
:data:`SCRIPTED_ATTRIBUTES` and :data:`TOGGLED_ATTRIBUTES`. So a rule is dropped only when its selector needs an
element, class, id or attribute value that the page never has (``[dir=rtl]``, another
palette's colours, Material's search results on a page without them). What the page's
scripts add as markup must be in the page: a ``<template>``'s content counts as markup where
the template stands (theme/search.html holds its result item in a ``<template>`` in the
result list, which search-page.js clones into it). Rules in ``@media`` and ``@supports`` are kept
the same way (print styles too); other at-rules (``@keyframes``, ``@page``) are kept whole.

A stylesheet is left linked when it cannot be read as a file of the site, has a ``url()``
that is not a ``data:`` URL (it would resolve against the page, not the stylesheet), or
holds ``</style``. Only the head's links count, not those in ``<noscript>`` or
``<template>``. Selectors cssselect cannot parse are kept.

:func:`inline_scripts` puts the text of the scripts the template marks (``data-inline``) in
the page: the parser runs them where they stand without waiting for their requests.
"""

from __future__ import annotations

import copy
import hashlib
import html
import importlib.metadata
import posixpath
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import cssselect
import tinycss2
from cssselect import parser as selectors
from lxml import html as lxml_html

from generator.core.files import replaced

SCRIPTED_CLASSES = frozenset({"js", "focus-visible"})
"""Classes that scripts set: ``js`` on ``<html>`` (Material's bundle and the search page's
header.js, in place of ``no-js``) and ``focus-visible`` on a focused element (header.js,
as Material's polyfill). A selector's test takes them as present wherever it needs them."""

SCRIPTED_ATTRIBUTES = frozenset(
    {
        "data-md-color-scheme",
        "data-md-color-primary",
        "data-md-color-accent",
        "data-md-color-media",
        "data-md-color-switching",
        "data-md-scrolllock",
        "hidden",
    }
)
"""Attributes that scripts set or change: the palette's (copied to ``<body>`` from the
palette toggle's inputs, with ``data-md-color-switching`` while it changes), Material's
scroll lock on ``<body>`` while the search dialog covers a phone's screen (header-search.js
sets it on the home page) and ``hidden``.
A test on one of them counts as true when some element of the page passes it (the body
may take the values the palette inputs hold) or when it asks for the attribute only."""

TOGGLED_ATTRIBUTES = frozenset({"aria-expanded"})
"""Attributes that scripts switch between values on the elements that have them: a
disclosure's state (the search page's filters button, the navigation's sections). A test
of one of their values counts as true where the element has the attribute, whatever its
value there (``button[aria-expanded=true]`` on a button the page gives as ``false``)."""


def inline_stylesheets(page_html: str, page_url: str, read: Callable[[str], str | None]) -> str:
    """``page_html`` with each stylesheet linked in its head replaced by a ``<style>`` of its
    rules that can match the page (see the module's docstring), in the same place, so the
    cascade is the same; the ``<style>`` keeps the link's ``media`` and names its ``href``
    (``data-href``).

    ``page_url``: the page's URL relative to the site's root (``search/``); ``read(path)``:
    the text of the site's file at ``path`` (relative to the root, ``assets/…``), or None
    when there is none: that link stays. Returns the page unchanged when it links none."""
    links = _stylesheet_links(page_html)
    if not links:
        return page_html
    page = lxml_html.document_fromstring(page_html)
    for template in list(page.iter("template")):
        template.drop_tag()  # its content counts where it stands
    tests: dict[str, bool] = {}
    parts, at = [], 0
    for link in links:
        path = _site_path(page_url, link.href)
        text = read(path) if path is not None else None
        rules = matching_rules(text, page, tests) if text is not None else None
        if rules is None:
            continue
        media = f' media="{html.escape(link.media)}"' if link.media else ""
        parts += [page_html[at : link.start], f'<style data-href="{html.escape(link.href)}"{media}>', rules, "</style>"]
        at = link.end
    return "".join(parts) + page_html[at:]


CACHE_FOLDER = "page-styles"
"""The folder of :func:`inline_stylesheets_kept`'s results in the generator's cache."""


def inline_stylesheets_kept(page_html: str, page_url: str, read: Callable[[str], str | None], cache_dir: Path) -> str:
    """:func:`inline_stylesheets`, its result kept between builds (finding the rules that
    can match costs about 0.6 CPU s a page, and the search page is rendered by every build,
    an added day's ``--dirty`` one included): in ``cache_dir/page-styles/`` (one file per page
    URL), under the SHA-256 of all it is made of: this module's code, the versions of
    tinycss2, cssselect and lxml, the page's URL and HTML and the text of each stylesheet
    its head links; with the result's own SHA-256, so a damaged or cut file is not taken
    for it. A kept result whose hashes differ, or that cannot be read, is made again;
    a cache that cannot be written only costs the time: nothing is raised for it."""
    key = hashlib.sha256()
    versions = ",".join(importlib.metadata.version(name) for name in ("tinycss2", "cssselect", "lxml"))
    for part in (Path(__file__).read_text(encoding="utf-8"), versions, page_url, page_html):
        key.update(len(part).to_bytes(8, "little") + part.encode("utf-8", "surrogatepass"))
    for link in _stylesheet_links(page_html):
        path = _site_path(page_url, link.href)
        text = (read(path) if path is not None else None) or ""
        key.update(len(text).to_bytes(8, "little") + text.encode("utf-8", "surrogatepass"))
    kept = cache_dir / CACHE_FOLDER / (hashlib.sha256(page_url.encode("utf-8")).hexdigest()[:16] + ".html")
    try:
        stamp, _, text = kept.read_text(encoding="utf-8").partition("\n")
        if stamp == f"{key.hexdigest()} {_sha256(text)}":
            return text
    except (OSError, UnicodeDecodeError):
        pass
    result = inline_stylesheets(page_html, page_url, read)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        with replaced(kept) as file:
            file.write(f"{key.hexdigest()} {_sha256(result)}\n{result}")
    except OSError:
        pass
    return result


def inline_scripts(page_html: str, page_url: str, read: Callable[[str], str | None]) -> str:
    """``page_html`` with each ``<script src=… data-inline></script>`` replaced by a
    ``<script>`` holding the text of that site file, in the same place (``data-src`` names it;
    the other attributes stay). A script the page runs where it stands need not then wait for
    its own request, nor the parser for it (the search page's two scripts: bench/README.md,
    issue 21). Only scripts the template marks: a script may depend on being a file
    (``document.currentScript.src``, a module's ``import.meta.url``).

    ``page_url`` and ``read`` as for :func:`inline_stylesheets`. A script stays linked when
    it is not a plain relative link to a file of the site, is a module (``type="module"``),
    has ``async`` or ``defer`` (inline, they would run at once), or its text holds ``</script``
    or ``<!--`` (which would end or change the inline script). Returns the page unchanged
    when it marks none."""
    scripts = _Tags(page_html, "script", until_body=False).tags
    parts, at = [], 0
    for script in scripts:
        attributes = script.attributes
        if "data-inline" not in attributes or {"async", "defer"} & attributes.keys() or attributes.get("type") == "module":
            continue
        close = "</script>"
        if not page_html.startswith(close, script.end):
            continue
        path = _site_path(page_url, attributes.get("src") or "")
        text = read(path) if path is not None else None
        if text is None or "</script" in text.lower() or "<!--" in text:
            continue
        kept = "".join(
            f' {name}="{html.escape(value)}"' if value else f" {name}"
            for name, value in attributes.items()
            if name not in ("src", "data-inline")
        )
        parts += [page_html[at : script.start], f'<script data-src="{html.escape(attributes["src"])}"{kept}>', text, close]
        at = script.end + len(close)
    return "".join(parts) + page_html[at:] if parts else page_html


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _stylesheet_links(page_html: str) -> list[_Link]:
    """The stylesheets linked in the head of ``page_html`` (not alternate ones)."""
    return [link for link in _head_links(page_html) if "stylesheet" in link.rel and "alternate" not in link.rel]


def matching_rules(stylesheet: str, page, tests: dict[str, bool] | None = None) -> str | None:
    """The rules of ``stylesheet`` (CSS text) whose selectors can match ``page`` (an lxml
    HTML document) in some state, as CSS text: only the selectors of a rule that can
    match are kept; ``@media``/``@supports`` blocks with the rules they keep; other
    at-rules but ``@charset`` whole. None when the rules would not mean the same inside
    the page: a ``url()`` that is not a ``data:`` URL (it would resolve against the page),
    or text that would end a ``<style>`` element. ``tests``: XPath → result, shared
    between calls."""
    tests = {} if tests is None else tests
    if "</style" in stylesheet.lower():
        return None
    rules = tinycss2.parse_stylesheet(stylesheet, skip_comments=True, skip_whitespace=True)
    if not all(_movable(rule) for rule in rules):
        return None
    return _kept(rules, page, tests)


def can_match(selector: str, page, tests: dict[str, bool] | None = None) -> bool:
    """Whether the CSS ``selector`` (one, no comma) can match an element of ``page`` (an
    lxml HTML document) in some state: True when cssselect cannot parse it."""
    tests = {} if tests is None else tests
    try:
        parsed = cssselect.parse(selector)
    except cssselect.SelectorError:
        return True
    return any(_test(_relaxed(one.parsed_tree, page, tests), page, tests) for one in parsed)


def _kept(rules: Iterable, page, tests: dict[str, bool]) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            kept = [selector for selector in _selector_list(rule.prelude) if can_match(selector, page, tests)]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = _kept(
                tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True), page, tests
            )
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword != "charset":
            out.append(rule.serialize())
    return "".join(out)


def _selector_list(prelude: list) -> list[str]:
    """A rule's selectors: its prelude split at its top-level commas (those in ``:is()``
    and the like are inside function tokens)."""
    selectors_: list[list] = []
    current: list = []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors_.append(current)
            current = []
        else:
            current.append(token)
    selectors_.append(current)
    return [text for text in (tinycss2.serialize(tokens).strip() for tokens in selectors_) if text]


_STATES = (
    selectors.Pseudo,
    selectors.Function,
    selectors.Negation,
    selectors.Relation,
    selectors.Matching,
    selectors.SpecificityAdjustment,
)


def _relaxed(node, page, tests: dict[str, bool]):
    """The parsed selector ``node`` without the tests that depend on a state (see the module's
    docstring), or None when a scripted attribute's test passes nowhere in ``page``."""
    if isinstance(node, selectors.Element):
        return node
    if isinstance(node, selectors.CombinedSelector):
        left, right = _relaxed(node.selector, page, tests), _relaxed(node.subselector, page, tests)
        return None if left is None or right is None else _with(node, selector=left, subselector=right)
    inner = _relaxed(node.selector, page, tests)
    if inner is None or isinstance(node, _STATES):
        return inner
    if isinstance(node, selectors.Class) and node.class_name in SCRIPTED_CLASSES:
        return inner
    if isinstance(node, selectors.Attrib) and node.attrib in TOGGLED_ATTRIBUTES:
        return _with(node, selector=inner, operator="exists", value=None)  # any value: has the attribute
    if isinstance(node, selectors.Attrib) and node.attrib in SCRIPTED_ATTRIBUTES:
        alone = _with(node, selector=selectors.Element())
        return inner if node.operator == "exists" or _test(alone, page, tests) else None
    return _with(node, selector=inner)


def _with(node, **parts):
    """A copy of the parsed selector ``node`` with other ``parts`` (its inner selectors)."""
    changed = copy.copy(node)
    for name, value in parts.items():
        setattr(changed, name, value)
    return changed


_TRANSLATOR = cssselect.HTMLTranslator()


def _test(tree, page, tests: dict[str, bool]) -> bool:
    if tree is None:
        return False
    try:
        xpath = _TRANSLATOR.selector_to_xpath(selectors.Selector(tree), prefix="descendant-or-self::")
    except cssselect.SelectorError:
        return True
    if xpath not in tests:
        tests[xpath] = bool(page.xpath(xpath))
    return tests[xpath]


def _movable(value) -> bool:
    """Whether a parsed rule (or token) holds no ``url()`` but ``data:`` URLs."""
    if value.type == "url":
        return value.value.strip().lower().startswith("data:")
    if value.type == "function" and value.lower_name in ("url", "src"):
        text = "".join(token.value for token in value.arguments if token.type == "string")
        return text.strip().lower().startswith("data:")
    return all(
        _movable(token)
        for part in ("prelude", "content", "arguments")
        for token in (getattr(value, part, None) or ())
        if hasattr(token, "type")
    )


def _site_path(page_url: str, href: str) -> str | None:
    """The site path (``assets/…``) of ``href`` linked from the page at ``page_url``, or None
    when it is not a plain relative link (a scheme, a host, a query or an absolute path)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or parts.query or not parts.path or parts.path.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), parts.path))
    return None if path.startswith("..") else path


class _Tag:
    def __init__(self, start: int, end: int, attributes: dict[str, str]) -> None:
        self.start, self.end, self.attributes = start, end, attributes


class _Link:
    def __init__(self, tag: _Tag) -> None:
        self.start, self.end = tag.start, tag.end
        self.rel = (tag.attributes.get("rel") or "").lower().split()
        self.href = tag.attributes.get("href") or ""
        self.media = tag.attributes.get("media") or ""


class _Tags(HTMLParser):
    """The start tags ``name`` of a page (of its head only when ``until_body``), not in
    ``<noscript>`` or ``<template>``, with their offsets in the page."""

    def __init__(self, page_html: str, name: str, until_body: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[_Tag] = []
        self._name, self._until_body = name, until_body
        self._lines = [0] + [at + 1 for at, character in enumerate(page_html) if character == "\n"]
        self._hidden = 0
        self._done = False
        self.feed(page_html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self._done:
            return
        if tag in ("noscript", "template"):
            self._hidden += 1
        elif tag == "body" and self._until_body:
            self._done = True
        elif tag == self._name and not self._hidden:
            line, column = self.getpos()
            start = self._lines[line - 1] + column
            self.tags.append(
                _Tag(start, start + len(self.get_starttag_text() or ""), {name: value or "" for name, value in attrs})
            )

    def handle_endtag(self, tag: str) -> None:
        if tag in ("noscript", "template") and self._hidden:
            self._hidden -= 1
        elif tag == "head" and self._until_body:
            self._done = True


def _head_links(page_html: str) -> list[_Link]:
    return [_Link(tag) for tag in _Tags(page_html, "link", until_body=True).tags]
