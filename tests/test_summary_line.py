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
