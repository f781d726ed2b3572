"""generator.pages.raw_blocks: the generator's raw-HTML blocks kept whole, without Python-
Markdown's and MkDocs' HTML parsers; a page's HTML and its anchor ids stay what they were."""

from __future__ import annotations

from pathlib import Path

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from conftest import REPO
from generator.pages.raw_blocks import IDS_LINE, StashPlainBlocks, plain_block_end

CONFIG = load_config(str(REPO / "mkdocs.yml"))
OURS = "generator.pages.raw_blocks"
WITHOUT = [extension for extension in CONFIG.markdown_extensions if extension != OURS]


def html(text: str, with_ours: bool = True) -> str:
    extensions = CONFIG.markdown_extensions if with_ours else WITHOUT
    return markdown.Markdown(extensions=extensions, extension_configs=CONFIG.mdx_configs).convert(text)


def stashed(text: str) -> bool:
    """Whether the extension took any block of ``text`` out (else Python-Markdown parses it all)."""
    lines = text.split("\n")
    return StashPlainBlocks(markdown.Markdown(extensions=["md_in_html"])).run(lines) is not lines


LISTED = """<div class="listed-paper">
<h3 class="paper-title" id="paper-a-b"><a href="../../papers/a-b/">A &amp; B: &#x27;quoted&#x27;</a></h3>
<p class="paper-summary"><span class="summary-label" title="x">AI summary</span> We do <span class="arithmatex">\\(x&lt;y\\)</span>; id="no" is text.</p>
<p class="paper-byline"><span class="paper-byline__day">20 May 2026</span> <a class="md-tag" href="../rl/">RL</a></p>
</div>"""

# Raw HTML as hand-written pages may hold it: the extension must leave a page with any of
# these to Python-Markdown (or take it out exactly as Python-Markdown would).
SNIPPETS = [
    LISTED,
    LISTED.replace("paper-a-b", "paper-c"),
    '<p class="paper-abstract">An abstract with $x^2$ and *stars*.</p>',
    '<ul>\n<li><a href="../x/">X</a> · 12 May 2026</li>\n</ul>',
    '<pre class="highlight"><code class="language-bibtex">@misc{a,\n  title = {A &amp; B},\n}</code></pre>',
    '<figure class="pd-trend">\n<svg viewBox="0 0 10 10" role="img"><title id="t-title">T</title><rect x="1" y="2" width="3" height="4"/></svg>\n<figcaption>T</figcaption>\n</figure>',
    "<div>\n<div>nested</div>\n</div>",
    '<div markdown>\n*emphasis* inside\n</div>',
    "<div>unclosed",
    "<!-- a comment -->",
    "<div>a comment <!-- inside --></div>",
    "<p>AT&T and &amp without semicolon</p>",
    "<p>&#39 unended</p>",
    "<div class='single'>quotes</div>",
    "<DIV>upper case</DIV>",
    "<div/>",
    "<hr>",
    "  <div>indented</div>",
    "    <div>code</div>",
    "<span>inline at the start of a line</span> then text",
    "<div>a</div> tail on the same line",
    "<script>var a = '<div>';</script>",
    "<p>a `back<b>tick` </p>",
    '<a name="anchor-name"></a>',
    '<p id="x" ID="y">two ids</p>',
    '<a NAME="upper-name" Id="mixed"></a>',
    '<p title="İstanbul" id="dotted">a letter lowered to two</p>',
    "# A heading { #head }",
    "Some *Markdown* text\nover two lines.",
    "- a list\n- <div>in a list</div>",
    "```\n<div>in a fence</div>\n```",
    "> <div>quoted</div>",
    "| a | b |\n| --- | --- |\n| <p>x</p> | y |",
    "!!! note\n    <div>in an admonition</div>",
]
SEPARATORS = ["\n", "\n\n", "\n\n\n", "\n  \n", "\n\n\n\n"]


def test_a_listing_is_taken_out_whole_and_converts_as_before():
    text = f"# Tag\n\nIntro.\n\n{LISTED}\n\n{LISTED.replace('paper-a-b', 'paper-c')}\n\nAfter."
    assert stashed(text)
    converted = html(text)
    assert converted == html(text, with_ours=False)
    assert LISTED + "\n\n" + LISTED.replace("paper-a-b", "paper-c") in converted
    assert IDS_LINE not in converted and "raw-blocks-ids" not in converted


def test_pages_with_raw_html_it_cannot_take_whole_are_left_to_python_markdown():
    for snippet in ["<div>\n<div>nested</div>\n</div>", "<div markdown>\n*x*\n</div>", "<!-- c -->", "<p>AT&T</p>", "<div/>"]:
        assert not stashed(f"{LISTED}\n\n{snippet}\n"), snippet


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SNIPPETS), st.sampled_from(SEPARATORS)), min_size=1, max_size=6), st.booleans())
def test_any_mix_of_markdown_and_raw_html_converts_as_without_the_extension(parts, trailing_newline):
    text = "".join(snippet + separator for snippet, separator in parts)
    text = text if trailing_newline else text.rstrip("\n")
    assert html(text) == html(text, with_ours=False)


def _rendered(docs_dir: Path, config, path: str) -> Page:
    files = get_files(config)
    page = Page(None, files.get_file_from_path(path), config)
    page.read_source(config)
    page.render(config, files)
    return page


def test_generated_pages_convert_as_without_it_and_keep_their_anchor_ids(real_site):
    """Every page the generator wrote for the real days (home, days, tags, papers, archive):
    same HTML and same anchor ids for MkDocs' link checks, rendered as MkDocs renders a page."""
    project = real_site.parent
    docs_dir = project / "site_src"
    with_ours = load_config(str(project / "mkdocs.yml"))
    without = load_config(str(project / "mkdocs.yml"))
    without.markdown_extensions = [extension for extension in without.markdown_extensions if extension != OURS]
    pages = sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md"))
    assert len(pages) > 60 and "days/2026-04-10.md" in pages
    for path in pages:
        ours, theirs = _rendered(docs_dir, with_ours, path), _rendered(docs_dir, without, path)
        assert ours.content == theirs.content, path
        assert ours.present_anchor_ids == theirs.present_anchor_ids, path
        body = (docs_dir / path).read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        if path.startswith(("days/", "papers/")) or 'class="listed-paper"' in body:
            assert stashed(body), path  # the pages it is for: paper pages and every listing
    day = _rendered(docs_dir, with_ours, "days/2026-04-10.md")
    assert any(anchor.startswith("paper-") for anchor in day.present_anchor_ids)


ATTRIBUTES = ['id="a"', 'ID="b"', 'iD="c"', 'name="d"', 'NAME="e"', 'ıd="f"', 'nameid="g"', 'data-id="h"', 'valid="i"', 'title="x id=y"', "hidden"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "p", "span"]), st.lists(st.sampled_from(ATTRIBUTES), max_size=3),
                       st.sampled_from(["", " id=text", "İ", " NAME= x"]), st.sampled_from([" ", "\n", "\t", "\u3000"])),
             min_size=1, max_size=5),
)
def test_anchor_ids_found_by_string_search_are_those_the_expression_finds(tags):
    """plain_block_end with the lowered text (str.find of id= and name=) finds the very ids
    its regular expression finds, whatever the case, the whitespace and the text between."""
    inner = "".join(f"<{name}{''.join(space + a for a in attributes)}>{text}</{name}>" for name, attributes, text, space in tags)
    block = f"<div>{inner}</div>"
    by_expression = plain_block_end(block, 0, "div")
    lowered = block.lower()
    if len(lowered) == len(block):
        assert plain_block_end(block, 0, "div", lowered) == by_expression


def test_anchor_ids_of_any_case_are_found():
    block = '<div><p ID="b" class="x">x id=text</p><a\tNAME="e" ıd="f">y</a><span data-id="h" Id="c"></span></div>'
    assert plain_block_end(block, 0, "div", block.lower()) == (len(block), ['<a id="b">', '<a name="e">', '<a id="c">'])
