"""Property-based tests (hypothesis) over arbitrary Unicode titles and abstracts."""

from __future__ import annotations

import datetime as dt
from html import escape
from html.parser import HTMLParser

import frontmatter
import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from conftest import REPO
from generator.catalog.catalog import build_catalog
from generator.inputs.digest_files import dump_digest, read_digest
from generator.core.model import Digest, ListedPaper, normalise_whitespace
from generator.catalog.tagging import load_taxonomy
from generator.pages.paper_pages import render_paper

TAXONOMY = load_taxonomy()
CONFIG = load_config(str(REPO / "mkdocs.yml"))
# What paper.md.j2 itself produces for a paper without metadata; `span` only as arithmatex's
# math wrapper (its TeX is rendered by KaTeX in the browser, as text).
ALLOWED_TAGS = {"h1", "h2", "p", "a", "span"}

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200
).filter(lambda t: normalise_whitespace(t) != "")
markup_heavy = st.text(alphabet=st.sampled_from(list("<>&\"'`*_[](){}#!|\\-=+:;/.~^$% aZ9\n\t")), min_size=1, max_size=80).filter(
    lambda t: normalise_whitespace(t) != ""
)
titles = st.one_of(text, markup_heavy)


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data


def body_html(body: str) -> str:
    md = markdown.Markdown(extensions=CONFIG.markdown_extensions, extension_configs=CONFIG.mdx_configs)
    return md.convert(body)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=titles, abstract=st.one_of(text, markup_heavy))
@example(title="&#0", abstract="A character reference in a title is text.")
@example(title="Q&amp;A <b>bold</b>", abstract="Entities and tags in a title are text.")
def test_digest_to_page_and_back_keeps_the_paper_and_adds_no_markup(tmp_path_factory, title, abstract):
    folder = tmp_path_factory.mktemp("prop")
    listed = ListedPaper(title=title, abstract=abstract)
    digest = Digest(date=dt.date(2025, 3, 20), papers=[listed])
    path = folder / "2025-03-20.yml"
    path.write_text(dump_digest(digest), encoding="utf-8")
    assert read_digest(path) == digest

    catalog = build_catalog([digest], TAXONOMY)
    [paper] = catalog.papers
    post = frontmatter.loads(render_paper(paper, TAXONOMY))
    assert post["title"] == escape(listed.title)  # escaped once, as MkDocs takes it (rendering.render_page)

    html = body_html(post.content)
    collector = TagCollector()
    collector.feed(html)
    assert {tag for tag, _ in collector.tags} <= ALLOWED_TAGS, html
    for tag, attrs in collector.tags:
        assert all(not name.startswith("on") for name, _ in attrs), html
        if tag == "span":  # math, or the template's own labels (never from the digest)
            assert dict(attrs).get("class", "") in {"arithmatex", "summary-label", "paper-meta__votes", ""}, html
            assert {name for name, _ in attrs} <= {"class", "title"}, html
        if tag == "a":
            assert all(not (value or "").lower().startswith("javascript") for _, value in attrs), html
    # HTMLParser hands over the text with character references resolved once, as a
    # browser shows it: a title reading "&#0" must show "&#0", not U+FFFD.
    assert collector.h1.strip() == listed.title.strip()
