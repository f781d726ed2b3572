"""The summary line (issue 16, item 2), on real abstracts of the corpora's fixtures."""

from __future__ import annotations

from conftest import FIXTURES
from generator.core.model import Paper
from generator.inputs.readers import read_file
from generator.catalog.summary_line import (SUMMARY_MAX_CHARS, contribution_sentence, sentences, shorten, standing_alone,
                                            summary_line)


def _papers(name: str) -> dict[str, object]:
    return {p.arxiv_id: p for p in read_file(FIXTURES / name).digests[0].papers}


def _papers_of(name: str) -> dict[str, object]:
    return {p.arxiv_id: p for d in read_file(FIXTURES / name).digests for p in d.papers}


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
    # The sentence reads "To mitigate this issue, we propose ConvLLaVA, …": the issue is the
    # sentence before's, so the line starts with the authors.
    assert line.text == (
        "We propose ConvLLaVA, which employs ConvNeXt, a hierarchical backbone, "
        "as the visual encoder of LMM to replace Vision Transformer (ViT)."
    )
    assert not line.opens_abstract
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


def test_a_summary_line_does_not_lean_on_the_sentence_before():
    # Real abstracts: the line reads alone, without "To this end," / "To address these challenges,".
    gameworld = _papers("hf-daily/2026-04-10.json")["2604.07429"]
    assert contribution_sentence(gameworld.abstract) == (
        "We introduce GameWorld, a benchmark designed for standardized and verifiable evaluation of MLLMs "
        "as generalist game agents in browser environments."
    )
    xplanner = _paper(_papers_of("real-days/2025-07-08.json")["2507.05259"].model_copy(update={"ai_summary": None}))
    assert summary_line(xplanner).text.startswith("We introduce X-Planner, a Multimodal Large Language Model (MLLM)-based")
    # Sentences of the corpora's abstracts, as they read alone.
    assert standing_alone("To address this, we propose XDLM, which bridges the two paradigms via a stationary "
                          "noise kernel.") == "We propose XDLM, which bridges the two paradigms via a stationary noise kernel."
    assert standing_alone("To address it, we introduce WebWalkerQA, a benchmark designed to assess the ability of "
                          "LLMs to perform web traversal.") == (
        "We introduce WebWalkerQA, a benchmark designed to assess the ability of LLMs to perform web traversal.")
    assert standing_alone("Specifically we propose a two-stage fine-tuning pipeline.") == "We propose a two-stage fine-tuning pipeline."
    assert standing_alone("Furthermore, to make LLMs proficient enough to handle real-time conversations, we build a "
                          "fine-tuning dataset.") == (
        "To make LLMs proficient enough to handle real-time conversations, we build a fine-tuning dataset.")
    assert standing_alone("To tackle these problems, inspired by Feynman's learning techniques in educational psychology, "
                          "this paper introduces a cognitive science-inspired meta-learning paradigm.") == (
        "This paper introduces a cognitive science-inspired meta-learning paradigm.")
    # An opening clause that does not lean stays; so does "that" beginning a clause of its own.
    for alone in ("Instead of relying on post-hoc methods, we present MoE-X, a Mixture-of-Experts (MoE) language model.",
                  "In this paper, we introduce Customized Learned Perceptual Image Patch Similarity (CLPIPS).",
                  "Drawing on the insight from Recursive Language Models that querying a document outperforms reading "
                  "it wholesale, we propose Signal-Driven Observation (SDO)."):
        assert standing_alone(alone) == alone
    assert standing_alone("However, this equivalence does not hold for all general communication systems, "
                          "and we prove this by a counterexample.") is None


def test_a_leaning_sentence_gives_way_to_one_that_stands_alone():
    # 2605.06751 (arXiv cs.IT, 2026-05): "However, this equivalence does not hold …, and we
    # prove this by a counterexample." was the line; "this equivalence" is the sentence before's.
    abstract = (
        "We compare the strong secrecy capacities of Arbitrarily Varying Wiretap Channels (AVWCs) and General Arbitrary "
        "Varying Wiretap Channels (GAVWCs) with their capacities under semantic secrecy constraint. It turns out that the "
        "average error and strong secrecy capacity of an AVWC is always equal to its maximal error and semantic secrecy "
        "capacity. However, this equivalence does not hold for all general communication systems, and we prove this by a "
        "counterexample. We also show that, for the GAVWC, semantic security and the other cryptographic security "
        "measures considered achieve the same capacity values."
    )
    assert contribution_sentence(abstract) == (
        "We also show that, for the GAVWC, semantic security and the other cryptographic security measures considered "
        "achieve the same capacity values."
    )
    # With no sentence that stands alone, the leaning one is still the line.
    assert contribution_sentence("Prior work is slow. However, it fails, as we show.") == "However, it fails, as we show."


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


SPATIAL_FORCING = (  # Hugging Face Daily Papers, 15 October 2025 (2510.12276), as the API gives it
    "Vision-language-action (VLA) models have recently shown strong potential in enabling robots to follow language "
    "instructions and execute precise actions. Alternative methods that estimate 3D cues from 2D images also suffer "
    "from the limited performance of depth estimators.We propose Spatial Forcing (SF), a simple yet effective "
    "alignment strategy that implicitly forces VLA models to develop spatial comprehension capabilities without "
    "relying on explicit 3D inputs or depth estimators. By enforcing alignment at intermediate layers, SF guides VLAs "
    "to encode richer spatial representations that enhance action precision.Extensive experiments in simulation and "
    "real-world environments demonstrate that SF achieves state-of-the-art results."
)


def test_sentences_glued_without_a_space_are_split():
    assert sentences(SPATIAL_FORCING)[1:] == [
        "Alternative methods that estimate 3D cues from 2D images also suffer from the limited performance of depth "
        "estimators.",
        "We propose Spatial Forcing (SF), a simple yet effective alignment strategy that implicitly forces VLA models to "
        "develop spatial comprehension capabilities without relying on explicit 3D inputs or depth estimators.",
        "By enforcing alignment at intermediate layers, SF guides VLAs to encode richer spatial representations that "
        "enhance action precision.",
        "Extensive experiments in simulation and real-world environments demonstrate that SF achieves state-of-the-art "
        "results.",
    ]
    # the summary line was the background sentence and the contribution glued to it
    line = summary_line(Paper(key="k", slug="s", title="Spatial Forcing", abstract=SPATIAL_FORCING, listed_on=()))
    assert (line.source, line.text) == ("contribution", sentences(SPATIAL_FORCING)[2])
    # after a lowercase letter or a closing bracket, before a capitalised word; "GPT-4o." ends a sentence
    assert sentences("It beats GPT-4o.Our method wins (LLM).In short, yes?We think so!Really.") == [
        "It beats GPT-4o.", "Our method wins (LLM).", "In short, yes?", "We think so!", "Really."]
    # not after an abbreviation, in an address, after a digit or a capital, nor before a word in capitals
    for text in (
        "Goals (e.g.Goal setting) matter.",
        "Dr.Kernel solves it.",
        "See www.ScheMatiQ or https://github.com/org/repo.Data for more.",
        "Decimals 3.5 and 0.612.Different versions such as Qwen2.5 and FLUX-1.Dev differ.",
        "The U.S.Army and Ph.D students use Character.AI and cs.CL papers.",
    ):
        assert sentences(text) == [text]


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
