"""The Jinja2 environment that renders every generated Markdown page.

Text from digests is data, never markup. The environment escapes every ``{{ … }}`` value
for Markdown *and* HTML by default (:func:`markdown_escape`, applied through Jinja's
``finalize``), so a template cannot forget to. Values that are already safe Markdown —
URLs and paths built from slugs, or Markdown the writers composed — are wrapped in
:class:`markupsafe.Markup` (the ``safe`` filter in templates) and pass through unchanged.

Inside ``{% autoescape true %}`` blocks of a template, which hold raw HTML that Markdown
passes through untouched (paper pages), values are HTML-escaped instead (Jinja's own
escaping: ``&``, ``<``, ``>``, quotes), so they are safe as text and in attribute values;
``Markup`` values (e.g. :func:`~generator.pages.abstract_text.abstract_html`) pass as
they are.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import frontmatter
import jinja2
import jinja2.bccache
import jinja2.meta
from markupsafe import Markup

from generator.inputs.digest_files import dump_yaml
from generator.core.process_memos import memo
from generator.core.template_cache import TemplateBytecode

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

LISTING_META = {"search": {"exclude": True}, "hide": ["navigation", "toc"]}
"""Front matter for listing pages (home, days, tags, archive): Material's search leaves
them out, so that each paper is found once, on its own page; no table of contents, which
would repeat every listed title beside the list (doubling a long day's page, and on the
home page the layout work before search is ready); and no navigation sidebar, which is
empty on pages outside the nav (the nav stays in the header's tabs and the mobile menu)."""

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_PUNCTUATION_BUT_BACKSLASH = [c for c in map(chr, range(128)) if _ASCII_PUNCTUATION.fullmatch(c) and c != "\\"]


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown: every ASCII punctuation character backslash-escaped.

    Relies on ``pymdownx.escapeall`` (enabled in mkdocs.yml), under which a backslash
    escapes any character and ``\\<``/``\\&`` render as ``&lt;``/``&amp;``: no emphasis, link,
    raw HTML or entity can come out of the text.
    """
    # Backslashes first, then one str.replace per character present: for real titles and
    # abstracts this is about 4x faster than the regex or str.translate (bench/README.md).
    text = text.replace("\\", "\\\\")
    for char in _PUNCTUATION_BUT_BACKSLASH:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


def markdown_url(url: str) -> Markup:
    """An absolute URL (already validated as http(s) by the model) made safe as a Markdown
    link target: parentheses, spaces and angle brackets percent-encoded."""
    for char, code in (("(", "%28"), (")", "%29"), (" ", "%20"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, code)
    return Markup(url)


def code_block(text: str, language: str = "bibtex") -> Markup:
    """``text`` as a fenced code block (shown verbatim, with Material's copy button).

    The fence is one backtick longer than the longest run of backticks in ``text``, so no
    text can close it early; inside a code block nothing is Markdown or HTML (the Markdown
    processor escapes ``<`` and ``&``)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{language}\n{text.rstrip(chr(10))}\n{fence}")


def code_text(text: str) -> Markup:
    """``text`` as the content of a raw HTML ``<pre><code>`` block: ``&``, ``<`` and ``>``
    escaped, as Python-Markdown escapes a fenced code block's text (quotes stay as they are),
    without the final newline."""
    return Markup(html.escape(text.rstrip("\n"), quote=False))


@jinja2.pass_eval_context
def _finalize(context: jinja2.nodes.EvalContext, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup) or context.autoescape:  # autoescape: Jinja HTML-escapes it next
        return value
    return markdown_escape(str(value))


def long_date(day: dt.date) -> str:
    """``2025-03-18`` → ``18 March 2025``."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """``2025-03-18`` → ``18 Mar 2025``."""
    return f"{day.day} {day:%b %Y}"


def first_sentence(text: str, max_chars: int = 300) -> str:
    """The first sentence of ``text`` (up to the first ``.``, ``?`` or ``!`` followed by a
    space and a capital letter or digit), cut at a word boundary to ``max_chars`` with ``…``."""
    match = re.search(r"[.?!](?=\s+[A-Z0-9])", text)
    sentence = text[: match.end()] if match else text
    if len(sentence) > max_chars:
        sentence = sentence[:max_chars].rsplit(" ", 1)[0] + " …"
    return sentence


TEMPLATE_LOADER = jinja2.FileSystemLoader(TEMPLATES_DIR)

TEMPLATES_CACHE_NAME = "page-templates"
"""The folder of the compiled templates (:func:`keep_compiled_templates`) in the generator's cache folder."""


class _KeptTemplates(jinja2.BytecodeCache):
    """The compiled templates kept where :func:`keep_compiled_templates` last said (a
    :class:`~generator.core.template_cache.TemplateBytecode`: Jinja takes a kept template only
    when compiled from the same source, by the same Jinja and Python, for an environment
    compiling it alike), or none."""

    def __init__(self) -> None:
        self.cache: TemplateBytecode | None = None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.cache is not None:
            self.cache.load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.cache is not None:
            self.cache.dump_bytecode(bucket)


_KEPT_TEMPLATES = _KeptTemplates()


def keep_compiled_templates(folder: Path | None) -> None:
    """Keep the templates this process compiles from now on in ``folder`` (made if missing;
    ``None``, or a folder that cannot be made: keep none), and take those kept there:
    compiling them cost about 0.13 CPU seconds a run (bench/README.md, issue 19). Pages are
    the same either way."""
    try:
        _KEPT_TEMPLATES.cache = TemplateBytecode(folder, _ENV) if folder is not None else None
    except OSError:
        _KEPT_TEMPLATES.cache = None


def make_environment() -> jinja2.Environment:
    """The environment for ``generator/pages/templates/*.md.j2`` (see the module docstring);
    compiled templates are kept where :func:`keep_compiled_templates` says."""
    env = jinja2.Environment(
        loader=TEMPLATE_LOADER,
        bytecode_cache=_KEPT_TEMPLATES,
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(long_date=long_date, short_date=short_date, first_sentence=first_sentence)
    return env


_ENV = make_environment()


def template_fingerprint(template: str) -> str:
    """The SHA-256 (hex) of ``template``'s source and of every template it includes,
    imports or extends (as Jinja finds them), by name: what a page rendered from it depends
    on of ``generator/pages/templates/``."""
    digest = hashlib.sha256()
    seen: set[str] = set()
    waiting = [template]
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        source = TEMPLATE_LOADER.get_source(_ENV, name)[0]
        digest.update(f"{name}\0{len(source)}\0{source}".encode())
        waiting += _referenced_templates(source)
    return digest.hexdigest()


@memo
@functools.lru_cache(maxsize=256)
def _referenced_templates(source: str) -> list[str]:
    """The names of the templates a template's ``source`` includes, imports or extends,
    sorted. Cached by source: parsing the templates again on each run cost more than the
    rest of their fingerprint."""
    return sorted(n for n in jinja2.meta.find_referenced_templates(_ENV.parse(source)) if n)


def render_block(template: str, **context: Any) -> str:
    """``template`` rendered with ``context`` as it is, what ``{% include %}`` of it would
    give a page template with that context (no front matter)."""
    return _ENV.get_template(template).render(**context)


def render_fragment(template: str, **context: Any) -> Markup:
    """A piece of raw HTML rendered from ``template`` (no front matter, no trailing
    newline), as :class:`~markupsafe.Markup` for a page template to include as it is: the
    template escapes its values itself (``{% autoescape true %}``)."""
    return Markup(render_block(template, **context).rstrip("\n"))


HTML_META = ("title", "description")
"""The front-matter keys whose values MkDocs and Material put into HTML as they are
(``<title>``, the header, ``<meta name="description">``): :func:`render_page` writes them
HTML-escaped, so a page is safe however it is built (with or without the hook, or by another
engine reading the same front matter)."""


def render_page(template: str, metadata: dict[str, Any], **context: Any) -> str:
    """A Markdown page: YAML front matter from ``metadata`` (python-frontmatter with PyYAML's
    safe dumper, so every value round-trips as written) and the body rendered from
    ``template`` with ``context``. Ends with one newline.

    The text values of :data:`HTML_META` (``title``, ``description``) are written
    HTML-escaped once (:func:`html.escape` with quotes: ``&``, ``<``, ``>``, ``"``, ``'``),
    the form MkDocs and Material take them in; :func:`html.unescape` gives the text back.
    Every other value is plain text."""
    body = _ENV.get_template(template).render(**context)
    metadata = {
        key: html.escape(value) if key in HTML_META and isinstance(value, str) else value for key, value in metadata.items()
    }
    post = frontmatter.Post(body, **metadata)
    return frontmatter.dumps(post, handler=_READABLE_YAML, sort_keys=False, width=1_000_000) + "\n"


class _ReadableYAML(frontmatter.YAMLHandler):
    """python-frontmatter's YAML handler, writing every character as itself
    (:func:`generator.inputs.digest_files.dump_yaml`), not as ``\\U…`` escapes."""

    def export(self, metadata: dict[str, Any], **kwargs: Any) -> str:
        return dump_yaml(metadata, default_flow_style=False, **kwargs).strip()


_READABLE_YAML = _ReadableYAML()


class PageInputs:
    """The inputs of listing pages, hashed for the page ledger (:mod:`generator.pages.page_ledger`)
    so that a writer renders only the listing pages whose inputs changed.

    ``check(page, inputs)`` is :meth:`PageLedger.check <generator.pages.page_ledger.PageLedger.check>`;
    ``common`` hashes what every page depends on (the generator's code, the taxonomy);
    ``records`` maps each paper's key to the hash of its record (every field a listing may
    show of it)."""

    def __init__(self, check: Callable[[str, str], bool], common: str, records: dict[str, str]) -> None:
        self._check = check
        self.common = common
        self.records = records
        self._templates: dict[str, str] = {}

    def of(self, templates: Iterable[str], parts: Iterable[object], paper_keys: Iterable[str] = ()) -> str:
        """SHA-256 (hex) of the ``templates`` (:func:`template_fingerprint`), ``parts``
        (their ``repr``, in order) and the records of the papers ``paper_keys`` (in order)."""
        digest = hashlib.sha256(self.common.encode())
        for name in templates:
            if name not in self._templates:
                self._templates[name] = template_fingerprint(name)
            digest.update(self._templates[name].encode())
        for part in parts:
            text = repr(part)
            digest.update(f"{len(text)}\0{text}".encode())
        for key in paper_keys:
            digest.update(self.records[key].encode())
        return digest.hexdigest()

    def current(self, pages: Iterable[str], inputs: str) -> bool:
        """Whether every one of ``pages`` is current for ``inputs`` (each is checked, so the
        ledger records the inputs of all of them)."""
        return all([self._check(page, inputs) for page in pages])
