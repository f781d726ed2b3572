"""The summary line (issue 16, item 2), on real abstracts of the corpora's fixtures."""

from __future__ import annotations

from conftest import FIXTURES
from generator.core.model import Paper
from generator.inputs.readers import read_file
from generator.catalog.summary_line import SUMMARY_MAX_CHARS, contribution_sentence, sentences, shorten, summary_line


def _papers(name: str) -> dict[str, object]:
    return {p.arxiv_id: p for p in read_file(FIXTURES / name).digests[0].papers}


def _paper(listed) -> Paper:
    return Paper(key="k", slug="s", listed_on=(), **listed.model_dump(exclude={"tags", "links"}))


def test_ai_summary_comes_first_and_is_marked_as_such():
    skillclaw = _papers("hf-daily/2026-04-10.json")["2604.08377"]
    line = summary_line(_paper(skillclaw))
    assert line.is_ai and line.source == "ai_summary"
    assert line.text == skillclaw.ai_summary


def test_without_ai_summary_the_contribution_sentence_not_the_background():
    convllava = _paper(_papers("hf-daily/2024-05-27.json")["2405.15738"])
    line = summary_line(convllava)
    assert (line.source, line.is_ai) == ("contribution", False)
    assert line.text == (
        "To mitigate this issue, we propose ConvLLaVA, which employs ConvNeXt, a hierarchical backbone, "
        "as the visual encoder of LMM to replace Vision Transformer (ViT)."
    )
    assert sentences(convllava.abstract)[0] == (
        "High-resolution Large Multimodal Models (LMMs) encounter the challenges of excessive visual tokens "
        "and quadratic visual complexity."
    )


def test_contribution_sentences_of_real_abstracts():
    papers = _papers("arxiv-jsonl/2026-04-03.jsonl")
    assert contribution_sentence(papers["2604.01234"].abstract) == (
        "In this paper, we introduce Customized Learned Perceptual Image Patch Similarity (CLPIPS), a customized "
        "extension of LPIPS that adapts a metric's notion of similarity directly to human judgments."
    )
    # "this work contributes", not only "we …"
    assert contribution_sentence(papers["2604.01235"].abstract).startswith(
        "Rather than presenting another isolated model comparison, this work contributes a deployable framework"
    )
    # a finding ("we prove") when no sentence states a contribution
    assert contribution_sentence(papers["2604.02004"].abstract).startswith(
        "Using the geometric interpretation of rank-metric codes via $q$-systems, we prove that"
    )


def test_first_sentence_when_no_sentence_states_what_was_done():
    abstract = (
        "Theory-of-mind evaluations of large language models typically use dyadic games. "
        "Every observable cue points to a single hidden target. Triadic games change that."
    )
    paper = Paper(key="k", slug="s", title="T", abstract=abstract, listed_on=())
    line = summary_line(paper)
    assert (line.source, line.text) == (
        "first_sentence",
        "Theory-of-mind evaluations of large language models typically use dyadic games.",
    )


def test_sentences_do_not_end_at_abbreviations_initials_or_list_numbers():
    text = (
        "Models (e.g. BERT) and work by Smith et al. Show gains. See Fig. 2 for J. Doe's view. "
        "Two strategies: 1. Domain tuning and 2. Routing. Done? As depicted in Fig. 1. In this paper, we present X."
    )
    assert sentences(text) == [
        "Models (e.g. BERT) and work by Smith et al. Show gains.",
        "See Fig. 2 for J. Doe's view.",
        "Two strategies: 1. Domain tuning and 2. Routing.",
        "Done?",
        "As depicted in Fig. 1.",
        "In this paper, we present X.",
    ]


def test_long_lines_are_cut_at_a_word():
    cut = shorten("word " * 100)
    assert len(cut) <= SUMMARY_MAX_CHARS and cut.endswith("word …")


def test_a_line_that_opens_the_abstract_is_not_said_again_above_it_on_the_paper_page():
    """The paper page's "In short" line stood just above the abstract it opens, word for word
    (a first sentence, or a contribution sentence that comes first); it is left out then. A
    later sentence, and an AI summary, keep their line; an AI summary that is the first
    sentence word for word does not."""
    from generator.catalog.catalog import build_catalog
    from generator.catalog.tagging import load_taxonomy
    from generator.core.model import Digest, ListedPaper
    import datetime as dt
    from generator.pages.paper_pages import render_paper

    opening = "We propose <b>Sorting</b> & friends for lists."
    later = "Lists are everywhere. We propose a sorter for them. It is fast."
    first_only = "Background: Lists are everywhere. Sorting them is hard."
    papers = [
        ListedPaper(title="Opening Contribution", abstract=f"{opening} It is fast. It is also small."),
        ListedPaper(title="Later Contribution", abstract=later),
        ListedPaper(title="First Sentence", abstract=first_only),
        ListedPaper(title="AI Summary", abstract=later, ai_summary="A sorter for lists, by a model."),
        ListedPaper(title="AI Summary Repeating", abstract=later, ai_summary="Lists are everywhere."),
    ]
    taxonomy = load_taxonomy()
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=papers)], taxonomy)
    lines = {p.title: summary_line(p) for p in catalog.papers}
    assert {title: (line.source, line.opens_abstract) for title, line in lines.items()} == {
        "Opening Contribution": ("contribution", True),
        "Later Contribution": ("contribution", False),
        "First Sentence": ("first_sentence", True),
        "AI Summary": ("ai_summary", False),
        "AI Summary Repeating": ("ai_summary", True),
    }
    pages = {p.title: render_paper(p, taxonomy) for p in catalog.papers}
    assert "paper-summary--page" not in pages["Opening Contribution"]
    assert "paper-summary--page" not in pages["First Sentence"]
    assert "paper-summary--page" not in pages["AI Summary Repeating"]
    body = pages["Opening Contribution"].split("\n---\n", 1)[1]
    assert body.count("We propose &lt;b&gt;Sorting&lt;/b&gt; &amp; friends for lists.") == 1  # the abstract's
    assert (
        '<p class="paper-summary paper-summary--page"><span class="summary-label" title="The abstract\'s sentence '
        'that says what the paper does">In short</span> We propose a sorter for them.</p>'
    ) in pages["Later Contribution"]
    assert '>AI summary</span> A sorter for lists, by a model.</p>' in pages["AI Summary"]
    # The page's description (its front matter) is the summary line still.
    assert "description: We propose &lt;b&gt;Sorting&lt;/b&gt; &amp; friends for lists.\n" in pages["Opening Contribution"]
