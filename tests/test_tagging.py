"""Tags from the curated taxonomy: matching rules, and the seed's tags as a reader would expect."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED_DIGEST
from generator.digest_files import read_digest
from generator.model import Tag
from generator.problems import InputError
from generator.tagging import Taxonomy, load_taxonomy

TAXONOMY = load_taxonomy()


@pytest.fixture(scope="module")
def seed_tags() -> dict[str, tuple[str, ...]]:
    digest = read_digest(SEED_DIGEST, TAXONOMY)
    return {p.title: TAXONOMY.assign(p.title, p.abstract, tuple(p.tags)) for p in digest.papers}


def test_every_seed_paper_has_a_tag(seed_tags):
    assert len(seed_tags) == 31
    assert [title for title, tags in seed_tags.items() if not tags] == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2D Matryoshka Sentence Embeddings", {"embeddings"}),
        ("Fine-Tuning Large Neural Language Models for Biomedical Natural Language Processing", {"biomedical", "fine-tuning"}),
        ("Pre-trained Language Model based Ranking in Baidu Search", {"retrieval"}),
        ("How to Train Long-Context Language Models (Effectively)", {"long-context"}),
        ("Neural Locality Sensitive Hashing for Entity Blocking", {"retrieval"}),
        ("Yi: Open Foundation Models by 01.AI", {"llm"}),
        ("CoreInfer: Accelerating Large Language Model Inference with Semantics-Inspired Adaptive Sparse Activation", {"llm", "efficiency"}),
        ("M4LE: A Multi-Ability Multi-Range Multi-Task Multi-Domain Long-Context Evaluation Benchmark for Large Language Models", {"evaluation", "long-context"}),
        ("Parameter-Efficient Fine-Tuning Methods for Pretrained Language Models: A Critical Review and Assessment", {"fine-tuning"}),
        ("Towards Neural Synthesis for SMT-Assisted Proof-Oriented Programming", {"code"}),
        ("Neural embedding of beliefs reveals the role of relative dissonance in human decision-making", {"cognitive-science"}),
    ],
)
def test_seed_papers_get_the_tags_a_reader_expects(seed_tags, title, expected):
    assert expected <= set(seed_tags[title])


TOY = Taxonomy(
    [
        Tag(slug="llm", label="LLMs", phrases=("large language model", "LLM")),
        Tag(slug="lm", label="Language models", phrases=("language model",)),
        Tag(slug="c", label="C", phrases=("C++",)),
    ]
)


def test_whole_words_only_and_case_insensitive():
    assert TOY.assign("LLMs are not an LLM-free zone", "") == ("llm",)
    assert TOY.assign("SmallLLM", "") == ()
    assert TOY.assign("a Large Language Model", "") == ("llm",)


def test_longest_phrase_wins_where_phrases_overlap():
    assert TOY.assign("a large language model", "") == ("llm",)
    assert TOY.assign("a language model", "") == ("lm",)


def test_abstract_needs_two_mentions_title_needs_one():
    assert TOY.assign("Nothing", "one language model here") == ()
    assert TOY.assign("Nothing", "one language model here and a language model there") == ("lm",)


def test_phrases_with_punctuation_match_as_words():
    assert TOY.assign("Porting C++ code", "") == ("c",)
    assert TOY.assign("Porting C++11 code", "") == ()


def test_manual_tags_are_kept_in_taxonomy_order():
    assert TOY.assign("Nothing", "", manual=("c", "llm")) == ("llm", "c")


def test_closest_tag_suggests_a_fix():
    assert TAXONOMY.closest("embedding") == "embeddings"
    assert TAXONOMY.closest("zzzz") is None


def test_bad_taxonomy_is_refused(tmp_path: Path):
    path = tmp_path / "taxonomy.yml"
    path.write_text("- slug: Bad Slug\n  label: X\n- slug: ok\n  label: A\n- slug: ok\n  label: B\n")
    with pytest.raises(InputError) as caught:
        load_taxonomy(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: tag slug 'Bad Slug' must be lowercase a-z, 0-9 and '-'; e.g. 'bad-slug'",
        f"{path}:5: tag slug 'ok' is defined twice; rename or merge one of the two",
    ]
    path.write_text("- slug: fine\n  label: Fine\n- slug: [not, text]\n  label: X\n")
    with pytest.raises(InputError) as caught:
        load_taxonomy(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:3: invalid taxonomy: 1.slug: Input should be a valid string"]
