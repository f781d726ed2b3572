"""Abstract text: TeX math for KaTeX, TeX text commands and accents as text, the rest
escaped, in a raw HTML paragraph as the paper page has it, passed through the Markdown
extensions of mkdocs.yml."""

from __future__ import annotations

import markdown
import pytest
import yaml

from conftest import REPO
from generator.pages.abstract_text import abstract_html, code_url_in_abstract, tex_to_text


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings mkdocs.yml gives (its !ENV tag skipped)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            configs[name] = options
    return markdown.Markdown(extensions=names, extension_configs=configs)


MD = _site_markdown()


def html(abstract: str) -> str:
    """The abstract's paragraph as a paper page gives it to Markdown, converted."""
    return MD.reset().convert(f"<p>{abstract_html(abstract)}</p>")


def test_inline_math_becomes_arithmatex_spans():
    assert html(r"We get $99\%$ accuracy with \(O(n^2)\) memory.") == (
        '<p>We get <span class="arithmatex">\\(99\\%\\)</span> accuracy with '
        '<span class="arithmatex">\\(O(n^2)\\)</span> memory.</p>'
    )


def test_display_math_is_shown_inline():
    assert html(r"Loss \[ \sum_i x_i \] and $$E=mc^2$$.") == (
        '<p>Loss <span class="arithmatex">\\(\\sum_i x_i\\)</span> and '
        '<span class="arithmatex">\\(E=mc^2\\)</span>.</p>'
    )


def test_dollar_amounts_stay_text():
    assert html("It costs $5 and $10 per run, or \\$3 with caching.") == (
        "<p>It costs $5 and $10 per run, or $3 with caching.</p>"
    )


def test_text_outside_math_is_literal():
    assert html("a <b>bold</b> claim & a*b*c with snake_case_name and (1) [2] `code` #tag") == (
        "<p>a &lt;b&gt;bold&lt;/b&gt; claim &amp; a*b*c with snake_case_name and (1) [2] `code` #tag</p>"
    )


def test_math_cannot_let_html_through():
    out = html("Evil $</span><script>alert(1)</script>$ and $a < b \\& c > d$.")
    assert "<script>" not in out and "</span><script" not in out
    assert out == (
        '<p>Evil <span class="arithmatex">\\(&lt;/span&gt;&lt;script&gt;alert(1)&lt;/script&gt;\\)</span> and '
        '<span class="arithmatex">\\(a &lt; b \\&amp; c &gt; d\\)</span>.</p>'
    )


def test_math_with_a_backtick_is_shown_as_text():
    assert html("odd $x`y$ here") == "<p>odd $x`y$ here</p>"


def test_emphasis_and_text_commands():
    assert html(r"A \emph{very} \textbf{strong } result, see \url{https://x.org/a_b} and \texttt{run_all}.") == (
        "<p>A <em>very</em> <strong>strong</strong>  result, see https://x.org/a_b and run_all.</p>"
    )


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"Schr\"odinger", "Schrödinger"),
        (r"{\'e}t\'e", "été"),
        (r"\c{c}a va", "ça va"),
        (r"Stra\ss e", "Straße"),
        (r"Erd\H{o}s", "Erdős"),
        (r"\v{S}ar\'{\i}", "Šarí"),
        (r"Ha{\aa}kon and {\o}re", "Haåkon and øre"),
        (r"``quoted''", "\u201cquoted\u201d"),
        (r"\omega stays", r"\omega stays"),
        (r"360{\deg} views", "360° views"),
        (r"300\,k entries", "300\u202fk entries"),
        (r"(\eg Eikonal loss, \ie a prior)", "(e.g. Eikonal loss, i.e. a prior)"),
        (r"\egg and \method stay", r"\egg and \method stay"),
    ],
)
def test_tex_accents_become_unicode(tex, text):
    assert tex_to_text(tex) == text


def test_accents_and_escapes_in_a_real_abstract_sentence():
    assert html(r"Using Poincar\'e maps, 50\% faster \& cheaper.") == "<p>Using Poincaré maps, 50% faster &amp; cheaper.</p>"


def test_code_url_in_abstract():
    assert code_url_in_abstract("Code: https://github.com/TIGER-AI-Lab/RationalRewards.") == (
        "https://github.com/TIGER-AI-Lab/RationalRewards"
    )
    assert code_url_in_abstract("(see https://gitlab.com/group/tool/-/tree/main), more") == (
        "https://gitlab.com/group/tool/-/tree/main"
    )
    assert code_url_in_abstract("https://huggingface.co/x/y and https://github.com/") is None
