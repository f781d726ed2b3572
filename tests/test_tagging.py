"""Tags from the curated taxonomy: matching rules, the seed's tags, and the tags of real papers
picked by hand from both corpora (tests/fixtures/tagging/hand-picked-papers.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED_DIGEST
from generator.inputs.digest_files import read_digest
from generator.core.model import Tag
from generator.core.problems import InputError
from generator.catalog.tagging import MAX_TAGS, Taxonomy, load_taxonomy

TAXONOMY = load_taxonomy()
HAND_PICKED = {r["arxiv_id"]: r for r in json.loads((FIXTURES / "tagging" / "hand-picked-papers.json").read_text())}


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
        ("2D Matryoshka Sentence Embeddings", {"embeddings", "language"}),
        ("Fine-Tuning Large Neural Language Models for Biomedical Natural Language Processing", {"biomedicine", "fine-tuning"}),
        ("Pre-trained Language Model based Ranking in Baidu Search", {"search-and-recommendation"}),
        ("How to Train Long-Context Language Models (Effectively)", {"long-context"}),
        ("Neural Locality Sensitive Hashing for Entity Blocking", {"information-extraction", "search-and-recommendation"}),
        ("Yi: Open Foundation Models by 01.AI", {"pretraining"}),
        ("CoreInfer: Accelerating Large Language Model Inference with Semantics-Inspired Adaptive Sparse Activation", {"inference-serving", "efficiency"}),
        ("M4LE: A Multi-Ability Multi-Range Multi-Task Multi-Domain Long-Context Evaluation Benchmark for Large Language Models", {"benchmark", "long-context"}),
        ("Parameter-Efficient Fine-Tuning Methods for Pretrained Language Models: A Critical Review and Assessment", {"fine-tuning", "survey"}),
        ("Towards Neural Synthesis for SMT-Assisted Proof-Oriented Programming", {"formal-methods", "code"}),
        ("Neural embedding of beliefs reveals the role of relative dissonance in human decision-making", {"cognitive-science"}),
        ("BayesPrompt: Prompting Large-Scale Pre-Trained Language Models on Few-shot Inference via Debiased Domain Abstraction", {"prompting"}),
    ],
)
def test_seed_papers_get_the_tags_a_reader_expects(seed_tags, title, expected):
    assert expected <= set(seed_tags[title])


# arXiv id → (the first, most specific tag; tags it must carry; tags it must not carry)
HAND_PICKED_TAGS = {
    # vision: 4D, video, editing, 3D, remote sensing, detection of generated video
    "2405.18426": ("4d-reconstruction", {"vision"}, set()),  # GFlow: 4D world from monocular video
    "2405.16822": ("4d-reconstruction", {"video-generation", "vision"}, set()),  # Vidu4D
    "2406.04277": ("video-generation", {"vision"}, {"text-generation", "language"}),  # text-to-video
    "2407.05282": ("image-editing", {"vision"}, {"benchmark"}),  # UltraEdit
    "2406.14539": ("diffusion-acceleration", {"image-editing", "vision"}, set()),  # editing in 7 steps
    "2405.15125": ("3d-reconstruction", {"vision"}, set()),  # HDR Gaussian splatting
    "2411.13127": ("segmentation", {"remote-sensing", "vision"}, set()),  # cloud segmentation
    "2505.07818": ("image-generation", {"video-generation", "rl-for-llms", "reinforcement-learning"}, set()),  # DanceGRPO
    "2405.19707": ("anomaly-detection", {"benchmark", "vision"}, {"video-generation"}),  # AI-generated video detection
    "2604.01322": ("human-motion", {"dataset", "vision"}, set()),  # pose estimation in gymnastics (cs.CV)
    # speech and audio
    "2406.02430": ("speech-synthesis", {"speech-audio"}, set()),  # Seed-TTS
    "2405.15216": ("speech-recognition", {"speech-audio"}, {"jailbreaks", "safety"}),  # ASR is not attack success rate
    "2501.02832": ("speech-recognition", {"architectures", "speech-audio"}, set()),  # Samba-ASR
    "2405.18386": ("music-and-sound", {"speech-audio"}, set()),  # text-to-music editing
    # robotics
    "2406.09246": ("vision-language-action", {"robot-manipulation", "robotics"}, set()),  # OpenVLA
    "2407.11385": ("robot-manipulation", {"legged-robots", "robotics"}, set()),  # humanoids grasping
    "2406.02523": ("robot-manipulation", {"robotics"}, set()),  # RoboCasa
    # kinds of paper
    "2408.12599": ("text-generation", {"survey", "language"}, set()),
    "2407.21794": ("anomaly-detection", {"survey", "vision"}, set()),
    "2406.09170": ("logical-reasoning", {"benchmark", "language"}, set()),  # temporal reasoning benchmark
    "2406.10227": ("gui-agents", {"benchmark", "agents"}, set()),
    "2406.08656": ("video-generation", {"benchmark", "vision"}, set()),  # TC-Bench
    "2406.14347": ("molecules-and-proteins", {"dataset", "science"}, set()),  # quantum chemistry dataset
    "2505.20254": ("interpretability", {"position", "safety"}, set()),  # a position paper
    # language models, RL, safety, systems
    "2406.06563": ("mixture-of-experts", {"efficiency"}, set()),
    "2406.07188": ("jailbreaks", {"safety"}, set()),
    "2502.14669": ("rl-for-llms", {"spatial-reasoning"}, set()),  # GRPO for spatial intelligence
    "2406.02900": ("reward-modeling", {"reinforcement-learning"}, set()),
    "2604.01302": ("rl-algorithms", {"test-time-scaling", "language"}, set()),  # cs.CL
    # the arXiv listings' smaller categories
    "2604.01265": ("wireless-communications", {"information-theory"}, {"remote-sensing"}),  # LEO satellite networks
    "2604.02275": ("coding-theory", {"information-theory"}, set()),  # secret sharing
    "2604.02807": ("game-theory", {"economics-and-games"}, set()),  # Stackelberg game
    # law is language, finance is economics; a distillation's "students" are no school's
    "2407.19584": ("legal", {"continual-learning", "language"}, {"finance", "economics-and-games", "vision"}),  # SaulLM: domain adaptation is no vision
    "2503.16252": ("rl-algorithms", {"finance", "economics-and-games"}, {"legal", "language"}),  # Fin-R1
    "2502.08606": ("quantization-and-compression", {"pretraining"}, {"education"}),  # Distillation Scaling Laws
    "2604.01274": ("geometry-processing", {"graphics"}, set()),  # shape correspondences (cs.GR)
}


@pytest.mark.parametrize("arxiv_id", sorted(HAND_PICKED_TAGS))
def test_hand_picked_papers_get_their_tags(arxiv_id):
    record = HAND_PICKED[arxiv_id]
    first, present, absent = HAND_PICKED_TAGS[arxiv_id]
    tags = TAXONOMY.assign(
        record["title"], record["abstract"], (), tuple(record.get("categories", ())), tuple(record.get("ai_keywords", ()))
    )
    assert tags[0] == first, (record["title"], tags)
    assert present <= set(tags), (record["title"], tags)
    assert not absent & set(tags), (record["title"], tags)
    assert len(tags) <= MAX_TAGS


def test_hand_picked_fixture_holds_exactly_the_pinned_papers():
    assert sorted(HAND_PICKED) == sorted(HAND_PICKED_TAGS)


def test_tags_run_most_specific_first_and_areas_follow_from_topics():
    record = HAND_PICKED["2406.09170"]  # Test of Time
    tags = TAXONOMY.assign(record["title"], record["abstract"])
    assert tags == ("logical-reasoning", "benchmark", "language")
    levels = [TAXONOMY.by_slug[slug].level for slug in tags]
    assert levels == ["topic", "kind", "area"]
    assert TAXONOMY.area_of("logical-reasoning") == "language"


def test_keywords_are_a_signal():
    title, abstract = "A new method", "We propose a method and test it on two tasks."
    assert TAXONOMY.assign(title, abstract) == ()
    assert TAXONOMY.assign(title, abstract, keywords=("text-to-speech", "zero-shot TTS")) == ("speech-synthesis", "speech-audio")


def test_primary_category_gives_its_area():
    title, abstract = "A new method", "We propose a method and test it on two tasks."
    assert TAXONOMY.assign(title, abstract, categories=("cs.CV", "cs.CL")) == ("vision",)
    assert TAXONOMY.assign(title, abstract, categories=("cs.AI",)) == ()
    assert TAXONOMY.area_for_category("cs.GR") == "graphics"


def test_taxonomy_has_two_levels_and_kinds():
    topics = [t for t in TAXONOMY.tags if t.level == "topic"]
    assert 100 <= len(topics) <= 200
    assert {t.slug for t in TAXONOMY.kinds} == {"survey", "benchmark", "dataset", "position"}
    assert all(t.area in {a.slug for a in TAXONOMY.areas} for t in topics)
    assert all(t.label and t.description for t in TAXONOMY.tags)
    assert [t.slug for t in TAXONOMY.topics_of("speech-audio")] == [
        "speech-recognition", "speech-synthesis", "spoken-language-models", "music-and-sound"
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [("llm", "language"), ("computer-vision", "vision"), ("in-context-learning", "prompting"), ("datasets", "dataset"),
     ("speech", "speech-audio"), ("retrieval", "search-and-recommendation"), ("embeddings", "embeddings")],
)
def test_former_slugs_still_work_as_manual_tags(old, new):
    assert TAXONOMY.resolve(old) == new
    assert new in TAXONOMY.assign("Nothing", "", manual=(old,))


def test_manual_tags_come_first_and_bring_their_area():
    assert TAXONOMY.assign("Nothing", "", manual=("image-editing", "survey")) == ("image-editing", "survey", "vision")


TOY = Taxonomy(
    [
        Tag(slug="llm", label="LLMs", phrases=("large language model", "LLM")),
        Tag(slug="lm", label="Language models", phrases=("language model",)),
        Tag(slug="c", label="C", phrases=("C++",)),
    ]
)


def test_a_kernel_of_mathematics_is_no_training_hardware():
    # "kernel" alone named a GPU kernel and a kernel method alike: only a GPU's counts.
    mmd = (
        "Enhancing Numerical Prediction in LLMs via Smooth MMD Alignment",
        "We align number embeddings with a maximum mean discrepancy under a Gaussian kernel; the kernel "
        "bandwidth is tuned, the loss gradient is smooth, and gradients stay stable.",
    )
    assert "distributed-training" not in TAXONOMY.assign(*mmd)
    fused = (
        "Faster Attention Training",
        "A fused kernel for GPUs cuts training time; the CUDA kernel overlaps loads, and our kernel fusion "
        "keeps gradients in shared memory.",
    )
    assert "distributed-training" in TAXONOMY.assign(*fused)


def test_whole_words_only_and_case_insensitive():
    assert TOY.assign("LLMs are not an LLM-free zone", "") == ("llm",)
    assert TOY.assign("SmallLLM", "") == ()
    assert TOY.assign("a Large Language Model", "") == ("llm",)


def test_longest_phrase_wins_where_phrases_overlap():
    assert TOY.assign("a large language model", "") == ("llm",)
    assert TOY.assign("a language model", "") == ("lm",)


def test_a_phrase_counts_only_where_it_may_hide_another():
    toy = Taxonomy(
        [
            Tag(slug="video-gen", label="Video generation", phrases=("video generation",)),
            Tag(slug="video-und", label="Video understanding", abstract_phrases=("streaming video",)),
        ]
    )
    # "streaming video" counts in abstracts only, so in a title it hides nothing
    assert toy.phrases_in("Streaming Video Generation", ("anywhere", "title")) == ["video generation"]
    assert toy.assign("Streaming Video Generation", "") == ("video-gen",)
    assert toy.phrases_in("streaming video generation") == ["streaming video"]


AUDITED = {r["arxiv_id"]: r for r in json.loads((FIXTURES / "tagging" / "audited-papers.json").read_text())}

def test_an_ambiguous_phrase_counts_only_in_its_topic_s_context():
    toy = Taxonomy(
        [
            Tag(slug="speech", label="Speech synthesis", phrases=("text-to-speech",), ambiguous_phrases=("TTS",),
                context=("speech", "voice")),
            Tag(slug="scaling", label="Test-time scaling", phrases=("test-time scaling",)),
            Tag(slug="memory", label="Agent memory", phrases=("agent memory",), abstract_phrases=("memory",),
                context=("agent", "assistant")),
        ]
    )
    # "TTS" is test-time scaling here: no word of speech anywhere
    scaling = "Test-time scaling (TTS) spends compute at inference. Parallel TTS beats sequential test-time scaling."
    assert toy.assign("Efficient TTS via Parallel Thinking", scaling) == ("scaling",)
    assert toy.matches(scaling) == {"scaling": 2}
    # and text-to-speech where the paper speaks of speech or voices, in any part of it
    assert toy.assign("Efficient TTS via Parallel Decoding", "We clone a voice in one second.") == ("speech",)
    assert toy.assign("Efficient TTS", "Fast decoding.", keywords=("speech tokens",)) == ("speech",)
    assert toy.matches("TTS and TTS for expressive speech") == {"speech": 2}
    # a topic with a context counts its abstract phrases only there too; its own phrases anywhere
    resource = "The memory of the GPU limits training; we cut memory use and peak memory by half."
    assert toy.assign("Faster training", resource) == ()
    assert toy.assign("Faster training", resource + " Our agent keeps going.") == ("memory",)
    assert toy.assign("Agent memory on a budget", resource) == ("memory",)


def test_real_papers_of_ambiguous_words_get_their_field_s_tags():
    # fresh26: a diffusion paper's "memory-efficient" fine-tuning for "personalization" was
    # Agent memory (area Agents), and no image-generation tag (Hugging Face, 20 March 2025)
    assert _audited_tags("2503.14868") == (
        "quantization-and-compression", "generative-modeling", "image-generation", "efficiency", "vision")
    # "TTS" (test-time scaling, 14 times here) was Speech synthesis, area Speech and audio
    assert _audited_tags("2512.02008") == ("test-time-scaling", "language")
    assert _audited_tags("2505.18149") == ("test-time-scaling", "reasoning-models", "math-reasoning", "language")
    # a speech paper scaling inference-time compute is both
    assert _audited_tags("2502.04128") == ("test-time-scaling", "speech-synthesis", "language", "speech-audio")
    # GPU memory is no agent's: Q-GaLore was Agent memory
    assert _audited_tags("2407.08296") == ("quantization-and-compression", "fine-tuning", "efficiency", "language")
    # a memory system of language models stays Agent memory, by its phrase ("memory operating system")
    assert "agent-memory" in _audited_tags("2507.03724")
    assert TAXONOMY.assign("Seed-TTS: A Family of High-Quality Versatile Speech Generation Models", "") == (
        "speech-synthesis", "speech-audio")



def _audited_tags(arxiv_id: str) -> tuple[str, ...]:
    record = AUDITED[arxiv_id]
    return TAXONOMY.assign(
        record["title"], record["abstract"], (), tuple(record.get("categories", ())), tuple(record.get("ai_keywords", ()))
    )


@pytest.mark.parametrize(
    ("arxiv_id", "expected"),
    [
        # Hugging Face Daily Papers, December 2025. An abstract phrase ("streaming video",
        # "egocentric video") hid the title's "video generation" / "video editing" / "video LLM".
        ("2512.04678", ("diffusion-acceleration", "video-generation", "vision")),  # Reward Forcing: Streaming Video Generation
        ("2512.04515", ("video-generation", "long-context", "benchmark", "vision", "language")),  # EgoLCD (was agent-memory, agents)
        ("2512.00891", ("video-understanding", "visual-representation", "visual-tokens", "vision")),  # Streaming Video LLMs
        ("2512.06065", ("video-editing", "human-motion", "spatial-reasoning", "benchmark", "vision")),  # EgoEdit
    ],
)
def test_audited_december_papers_get_exact_tags(arxiv_id, expected):
    assert _audited_tags(arxiv_id) == expected


@pytest.mark.parametrize(
    ("arxiv_id", "expected"),
    [
        ("2512.02589", ("multi-agent-systems", "tool-use", "agents")),  # "Academic Writing, Review, and Editing"
        ("2604.01630", ("education", "language")),  # "Findings from a National Survey in Indonesia"
        ("2605.24907", ("dialogue", "language")),  # "Overview of the PsyDefDetect Shared Task at BioNLP 2026"
    ],
)
def test_a_questionnaire_a_peer_review_or_a_task_overview_is_no_survey(arxiv_id, expected):
    assert _audited_tags(arxiv_id) == expected


@pytest.mark.parametrize(
    ("title", "abstract", "survey"),
    [
        # real titles and sentences of the corpora
        ("Reconstructing 4D Spatial Intelligence: A Survey", "", True),
        ("Survey of Cultural Awareness in Language Models: Text and Beyond", "", True),
        ("A Scoping Review of Large Language Model-Based Pedagogical Agents", "", True),
        ("Beyond NL2Code: A Structured Survey of Multimodal Code Intelligence", "", True),
        ("Memory in the Age of AI Agents", "In this survey, we aim to provide an up-to-date landscape of agent memory.", True),
        ("Sentiment Analysis of Indonesian Spotify Reviews Using Machine Learning and BiLSTM", "", False),
        ("SurveyForge: On the Outline Heuristics, Memory-Driven Generation, and Multi-dimensional Evaluation", "", False),
        ("When Can Digital Personas Reliably Approximate Human Survey Findings?", "", False),
        ("Follow the Latent Roadmap: Navigating Revocable Decoding for Diffusion LLMs with Anchor Tokens", "", False),
        ("RedVox: Safety and Fairness Gaps in Speech Models Across Languages",
         "We survey safety reporting practices across state-of-the-art speech model releases, finding that only 8% "
         "document any multilingual analysis.", False),
        ("Progressing beyond Art Masterpieces or Touristic Clichés: how to assess your LLMs for cultural alignment?",
         "Here, we review existing approaches to such datasets and identify their main limitations.", False),
    ],
)
def test_survey_only_where_the_paper_says_it_surveys_a_field(title, abstract, survey):
    assert ("survey" in TAXONOMY.assign(title, abstract)) is survey


@pytest.mark.parametrize(
    ("arxiv_id", "expected"),
    [
        # "spatiotemporal" (video) was Time series, "AR" (autoregressive) Virtual reality,
        # "data engineering" Physics and engineering
        ("2512.03041", ("video-generation", "long-context", "vision", "language")),  # MultiShotMaster
        ("2512.06421", ("learning-theory", "machine-learning")),  # Scale-wise Autoregressive Generation
        ("2512.04324", ("table-and-structured-data", "llm-evaluation", "benchmark", "language")),  # DAComp: data agents
    ],
)
def test_words_of_every_field_assign_no_topic(arxiv_id, expected):
    assert _audited_tags(arxiv_id) == expected


def test_talking_avatars_and_human_videos_are_video_generation():
    # Live Avatar (Hugging Face, 5 Dec 2025): "Audio-Driven Avatar Generation", a 14B video diffusion model
    assert _audited_tags("2512.04677") == ("video-generation", "human-motion", "distributed-training", "vision", "efficiency")
    # "human video" (Humans and motion) hid "video generation"
    assert TAXONOMY.assign("Human4DiT: Free-view Human Video Generation with 4D Diffusion Transformer", "") == (
        "generative-modeling", "video-generation", "human-motion", "vision")
    assert TAXONOMY.assign("TurboTalk: Progressive Distillation for One-Step Audio-Driven Talking Avatar Generation", "") == (
        "video-generation", "human-motion", "vision")
    assert TAXONOMY.assign(
        "Recognition of Abnormal Events in Surveillance Videos using Weakly Supervised Dual-Encoder Models", ""
    ) == ("video-understanding", "self-supervised-learning", "vision", "machine-learning")


def test_abstract_needs_two_mentions_title_needs_one():
    assert TOY.assign("Nothing", "one language model here") == ()
    assert TOY.assign("Nothing", "one language model here and a language model there") == ("lm",)


def test_phrases_with_punctuation_match_as_words():
    assert TOY.assign("Porting C++ code", "") == ("c",)
    assert TOY.assign("Porting C++11 code", "") == ()


def test_hyphens_read_as_spaces_and_plurals_match():
    assert TOY.assign("Large-Language-Model tricks", "") == ("llm",)
    assert TOY.assign("Two language models", "") == ("lm",)


def test_closest_tag_suggests_a_fix():
    assert TAXONOMY.closest("embedding") == "embeddings"
    assert TAXONOMY.closest("video-generations") == "video-generation"
    assert TAXONOMY.closest("zzzz") is None


def test_closest_tag_of_a_label_or_a_phrase_is_that_tag():
    """A tag written as one of a tag's phrases (its abbreviation) or its label is that tag,
    however alike another slug is spelled (``rag`` was offered ``reasoning-models``)."""
    assert TAXONOMY.closest("rag") == "retrieval-augmented-generation"
    assert TAXONOMY.closest("RAG") == "retrieval-augmented-generation"
    assert TAXONOMY.closest("Video generation") == "video-generation"
    assert TAXONOMY.closest("vision_language_model") == "vision-language-models"


def _taxonomy_problems(path: Path, text: str) -> list[str]:
    """The problems :func:`load_taxonomy` refuses ``text`` with, written to ``path``, as
    strings; fails when it takes the text."""
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_taxonomy(path)
    return [str(p) for p in caught.value.problems]


def test_bad_taxonomy_is_refused(tmp_path: Path):
    path = tmp_path / "taxonomy.yml"
    assert _taxonomy_problems(path, (
        "areas:\n- slug: Bad Slug\n  label: X\n  description: x\n  topics:\n"
        "  - slug: ok\n    label: A\n    description: a\n  - slug: ok\n    label: B\n    description: b\n"
    )) == [
        f"{path}:2: tag slug 'Bad Slug' must be lowercase a-z, 0-9 and '-'; e.g. 'bad-slug'",
        f"{path}:9: tag slug 'ok' is defined twice; rename or merge one of the two",
    ]
    assert _taxonomy_problems(path, (
        "areas:\n- slug: fine\n  label: Fine\n  description: f\n  topics:\n"
        "  - slug: [not, text]\n    label: X\n    description: x\n"
    )) == [
        f"{path}:6: invalid taxonomy: areas.0.topics.0.slug: Input should be a valid string"
    ]
    assert _taxonomy_problems(path, (
        "areas:\n- slug: fine\n  label: Fine\n  description: f\n  topics:\n"
        "  - slug: speech\n    label: X\n    description: x\n    ambiguous_phrases: [TTS]\n"
    )) == [
        f"{path}:6: tag 'speech' has ambiguous_phrases but no context: add the phrases of its field "
        "(context: [speech, voice]) that a paper must hold for them to count"
    ]
