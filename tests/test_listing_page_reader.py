"""The copied listing-page reader, on the real seed page and on the usual noise around it."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED_PAGE
from generator.core.problems import InputError
from generator.inputs.readers import listing_page, read_file

MARCH_18 = dt.date(2025, 3, 18)


def read_text_as(tmp_path: Path, text: str, name: str = "page.txt", date: dt.date | None = MARCH_18, raw: bytes | None = None):
    path = tmp_path / name
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(text, encoding="utf-8")
    return read_file(path, date=date).digests[0]


@pytest.fixture(scope="module")
def seed():
    return read_file(SEED_PAGE, date=MARCH_18).digests[0]


def test_seed_has_31_papers_in_page_order(seed):
    assert seed.date == MARCH_18
    assert len(seed.papers) == 31
    assert seed.papers[0].title == (
        "Fine-Tuning Large Neural Language Models for Biomedical Natural Language Processing"
    )
    assert seed.papers[15].title == "2D Matryoshka Sentence Embeddings"
    assert seed.papers[13].title == "Yi: Open Foundation Models by 01.AI"
    assert seed.papers[-1].title == "Scaling TransNormer to 175 Billion Parameters"


def test_seed_abstracts_are_whole(seed):
    first = seed.papers[0].abstract
    assert first.startswith("Motivation: A perennial challenge for biomedical researchers")
    assert first.endswith("we release our state-of-the-art pretrained and fine-tuned models: https://aka.ms/BLURB.")
    matryoshka = seed.papers[15].abstract
    assert matryoshka.startswith("Common approaches rely on fixed-length embedding vectors")
    assert matryoshka.endswith("allowing it to be highly adaptable to various scenarios.")
    last = seed.papers[-1].abstract
    assert last.startswith("We present TransNormerLLM, the first linear attention-based Large Language Model")
    assert len(last) == 1875


def test_seed_matches_file_text_exactly(seed):
    lines = [line for line in SEED_PAGE.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = lines.index("Mar 18") + 1
    assert [p.title for p in seed.papers] == lines[start::2][:31]
    assert [p.abstract for p in seed.papers] == [" ".join(a.split()) for a in lines[start + 1 :: 2][:31]]


def test_bom_crlf_and_blank_lines_change_nothing(tmp_path, seed):
    text = SEED_PAGE.read_text(encoding="utf-8")
    noisy = "\ufeff" + text.replace("\n", "\r\n").replace("\r\n\r\n", "\r\n\r\n\r\n\r\n")
    digest = read_text_as(tmp_path, "", raw=noisy.encode("utf-8"))
    assert digest.papers == seed.papers
    lone_cr = read_text_as(tmp_path, "", name="cr.txt", raw=text.replace("\n", "\r").encode("utf-8"))
    assert lone_cr.papers == seed.papers


ABSTRACT = (
    "We study how copied listing pages can be read back into papers. This abstract is long enough to be "
    "recognised as a paragraph rather than a title, because it has several sentences and more than two "
    "hundred characters in all."
)


def test_tolerates_votes_submitters_authors_and_footer(tmp_path):
    page = f"""Hugging Face
Models Datasets Spaces
Daily Papers
Mar 18

▲ 42
Submitted by akhaliq
First Paper Title
Ada Lovelace, Alan Turing and Grace Hopper
Published on Mar 17
{ABSTRACT}

17
upvotes
Second Paper: With a Colon
· 5 authors
arXiv:2403.12345v2

{ABSTRACT}

Previous
Next
© 2025 Hugging Face
"""
    digest = read_text_as(tmp_path, page)
    assert [p.title for p in digest.papers] == ["First Paper Title", "Second Paper: With a Colon"]
    assert digest.papers[0].authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert digest.papers[1].arxiv_id == "2403.12345"
    assert digest.papers[0].abstract == ABSTRACT


def test_vote_counts_go_with_their_own_paper_before_or_after_it(tmp_path):
    before = f"Mar 18\n\n▲ 42\nFirst Paper\n\n{ABSTRACT}\n\n17 upvotes\nSecond Paper\n\n{ABSTRACT}\n"
    assert [p.upvotes for p in read_text_as(tmp_path, before).papers] == [42, 17]
    # a page whose count follows each abstract: the count after the last paper shows it
    after = f"Mar 18\n\nFirst Paper\n\n{ABSTRACT}\n▲ 42\n\nSecond Paper\n\n{ABSTRACT}\n\n17 upvotes\n"
    assert [p.upvotes for p in read_text_as(tmp_path, after, name="after.txt").papers] == [42, 17]
    # a count inside the first abstract (its lines around it) belongs to no paper
    inside = after.replace(" because", "\n9\nbecause", 1)
    assert [p.upvotes for p in read_text_as(tmp_path, inside, name="inside.txt").papers] == [42, 17]
    # counts at both edges: the usual layout, before each title; the last one belongs to none
    both = f"Mar 18\n\n▲ 42\nFirst Paper\n\n{ABSTRACT}\n\n17 upvotes\nSecond Paper\n\n{ABSTRACT}\n\n9\n"
    assert [p.upvotes for p in read_text_as(tmp_path, both, name="both.txt").papers] == [42, 17]


def test_wrapped_abstract_lines_are_joined(tmp_path):
    wrapped = ABSTRACT.replace(" because", "\nbecause").replace(" more than", "\nmore than")
    digest = read_text_as(tmp_path, f"Mar 18\n\nA Title\n{wrapped}\n")
    assert digest.papers[0].abstract == ABSTRACT


def test_year_comes_from_file_name(tmp_path):
    digest = read_text_as(tmp_path, f"Mar 18\n\nA Title\n\n{ABSTRACT}\n", name="2024-03-18.txt", date=None)
    assert digest.date == dt.date(2024, 3, 18)


def refusal(tmp_path: Path, text: str, name: str = "page.txt", date: dt.date | None = MARCH_18) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_text_as(tmp_path, text, name=name, date=date)
    return [str(p) for p in caught.value.problems]


def test_refuses_to_guess_the_year(tmp_path):
    [message] = refusal(tmp_path, f"Mar 18\n\nA Title\n\n{ABSTRACT}\n", date=None)
    assert message == (
        f"{tmp_path / 'page.txt'}:1: the date line has no year; pass --date YYYY-MM-DD or name the file by its "
        "date (e.g. 2025-03-18.txt)"
    )


def test_refuses_a_date_that_disagrees(tmp_path):
    [message] = refusal(tmp_path, f"Mar 19\n\nA Title\n\n{ABSTRACT}\n")
    assert message.endswith(":1: the page's date line says month 3 day 19, but --date is 2025-03-18")


def test_refuses_a_title_followed_by_a_title(tmp_path):
    [message] = refusal(tmp_path, f"Mar 18\n\nFirst Title\n\nSecond Title\n\n{ABSTRACT}\n")
    assert message == (
        f"{tmp_path / 'page.txt'}:5: expected the abstract of 'First Title' (line 3), found a short line "
        "'Second Title' that could be a title; remove stray lines or add the missing abstract (if the line "
        "continues the title, join the two lines)"
    )


def test_refuses_an_abstract_without_a_title(tmp_path):
    [message] = refusal(tmp_path, f"Mar 18\n\nA Title\n\n{ABSTRACT}\n\n{ABSTRACT}\n")
    assert message == (
        f"{tmp_path / 'page.txt'}:7: expected a paper title here, found a 223-character paragraph that reads like an "
        "abstract; put its title on a line of its own above it (or delete the paragraph if it is no paper's abstract)"
    )


def test_refuses_a_title_with_no_abstract_at_the_end(tmp_path):
    [message] = refusal(tmp_path, f"Mar 18\n\nA Title\n\n{ABSTRACT}\n\nDangling Title\n")
    assert message == (
        f"{tmp_path / 'page.txt'}:7: 'Dangling Title' looks like a title but no abstract follows it; "
        "delete it if it is page boilerplate, or add its abstract"
    )


def test_refuses_text_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Mar 18\n\nCaf\xe9 Title\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        read_file(path, date=MARCH_18)
    assert str(caught.value) == f"{path}:3: byte 11 (0xe9) is not UTF-8; save the file as UTF-8 and try again"


def test_refuses_a_page_without_papers(tmp_path):
    assert refusal(tmp_path, "Mar 18\n\nSubscribe\n") == [
        f"{tmp_path / 'page.txt'}: no papers found: expected title lines each followed by an abstract"
    ]


def test_detects_structured_data_as_not_a_listing_page():
    assert listing_page.detect("Mar 18\n\nTitle\n")
    assert not listing_page.detect('[{"paper": {}}]')


def glued(tmp_path: Path, line: int, title: str, before: str, before_line: int) -> str:
    return (
        f"{tmp_path / 'page.txt'}:{line}: {title!r} reads like the title of the next paper, but no blank line "
        f"separates it from the abstract of {before!r} (line {before_line}) above it; put a blank line above this "
        "line (if it is the end of that abstract instead, join it to the line above)"
    )


def test_refuses_papers_glued_without_blank_lines(tmp_path):
    page = f"Mar 18\nFirst Title\n{ABSTRACT}\nSecond Title\n{ABSTRACT}\nThird Title\n{ABSTRACT}\n"
    assert refusal(tmp_path, page) == [
        glued(tmp_path, 4, "Second Title", "First Title", 2),
        glued(tmp_path, 6, "Third Title", "Second Title", 4),
    ]


def test_refuses_short_abstracts_glued_without_blank_lines(tmp_path):
    # Short abstracts were read as one paper whose abstract held the next title and abstract.
    page = "Mar 18\n\nFirst Title\nA short abstract one.\nSecond Title\nA short abstract two.\n"
    assert refusal(tmp_path, page) == [glued(tmp_path, 5, "Second Title", "First Title", 3)]


def test_names_the_title_line_when_the_blank_line_above_it_is_missing(tmp_path):
    # Each title and abstract its own paragraph (the seed's layout) but one blank line lost: the
    # problem is at the title glued to the abstract above, not at the abstract after it (line 8).
    page = f"Mar 18\n\nFirst Title\n\n{ABSTRACT}\nSecond Title\n\n{ABSTRACT}\n\nThird Title\n\n{ABSTRACT}\n"
    assert refusal(tmp_path, page) == [glued(tmp_path, 6, "Second Title", "First Title", 3)]
    short = "Mar 18\n\nFirst Title\n\nA short abstract one.\nSecond Title\n\nA short abstract two.\n"
    assert refusal(tmp_path, short) == [glued(tmp_path, 6, "Second Title", "First Title", 3)]


def test_every_glued_title_of_a_file_in_one_run(tmp_path):
    page = (
        f"Mar 18\n\nFirst Title\n\n{ABSTRACT}\nSecond Title\n\n{ABSTRACT}\n\nThird Title\n{ABSTRACT}\n"
        f"Fourth Title\n{ABSTRACT}\n\nFifth Title\n\n{ABSTRACT}\n"
    )
    assert refusal(tmp_path, page) == [
        glued(tmp_path, 6, "Second Title", "First Title", 3),
        glued(tmp_path, 12, "Fourth Title", "Third Title", 10),
    ]


def test_a_title_that_asks_glued_to_the_abstract_above_is_named(tmp_path):
    # A title ending in '?' ends a sentence, as an abstract's last line does: it was read as the
    # abstract's end (one layout imported two wrong papers, others stopped at the wrong line).
    layouts = {
        f"Mar 18\n\nFirst Title\n\n{ABSTRACT}\nDo Titles Ask?\n\n{ABSTRACT}\n": 6,
        f"Mar 18\nFirst Title\n{ABSTRACT}\nDo Titles Ask?\n{ABSTRACT}\n": 4,
        "Mar 18\n\nFirst Title\nA short abstract one.\nDo Titles Ask?\nA short abstract two.\n": 5,
        "Mar 18\n\nFirst Title\n\nA short abstract one.\nDo Titles Ask?\n\nA short abstract two.\n": 6,
    }
    for page, line in layouts.items():
        first_line = page.split("\n").index("First Title") + 1
        assert refusal(tmp_path, page) == [glued(tmp_path, line, "Do Titles Ask?", "First Title", first_line)]


def test_a_short_last_line_of_an_abstract_before_a_question_title_is_kept(tmp_path):
    # 'Code: …' after a sentence reads like a title, but the paragraph after it is a title
    # (it is followed by its abstract), so it ends the abstract above.
    page = (
        f"Mar 18\n\nFirst Title\n\n{ABSTRACT}\nCode: https://github.com/example/code\n\n"
        f"Do Listing Pages Dream?\n\n{ABSTRACT}\n"
    )
    digest = read_text_as(tmp_path, page)
    assert [p.title for p in digest.papers] == ["First Title", "Do Listing Pages Dream?"]
    assert digest.papers[0].abstract == f"{ABSTRACT} Code: https://github.com/example/code"


def test_import_of_glued_short_abstracts_writes_nothing_and_exits_1(tmp_path, capsys):
    from generator.cli import main

    page = tmp_path / "page.txt"
    page.write_text("Mar 18\n\nFirst Title\nA short abstract one.\nSecond Title\nA short abstract two.\n")
    assert main(["--root", str(tmp_path), "import", str(page), "--date", "2025-03-18"]) == 1
    assert not (tmp_path / "digests").exists()
    err = capsys.readouterr().err
    assert f"error: {page}:5: 'Second Title' reads like the title of the next paper" in err


SEED_TEXT = SEED_PAGE.read_text(encoding="utf-8")
SEED_PAPERS = listing_page.read(SEED_PAGE, SEED_TEXT, MARCH_18).digests[0].papers


def test_a_wrapped_abstract_line_starting_with_published_is_kept(tmp_path):
    # Only a card's own "Published on <date>" / "Submitted by <user>" lines are page noise.
    abstract = "Our parser was\npublished at CoNLL 2023 (Momen et al., 2023).\nSubmitted by the authors, it is read again."
    page = f"Mar 18\n\nSubmitted by akhaliq\nA Title\nPublished on Mar 17\n{abstract}\n"
    [paper] = read_text_as(tmp_path, page).papers
    assert paper.title == "A Title"
    assert paper.abstract == abstract.replace("\n", " ")


@settings(max_examples=40, deadline=None)
@given(width=st.integers(min_value=30, max_value=199))
def test_hard_wrapped_abstracts_read_as_the_seed(width):
    # An editor that wraps every abstract at a column gives the same 31 papers, word for word.
    wrapped = "\n".join(
        "\n".join(textwrap.wrap(line, width, break_on_hyphens=False, break_long_words=False))
        if len(line) >= listing_page.ABSTRACT_MIN_CHARS
        else line
        for line in SEED_TEXT.split("\n")
    )
    papers = listing_page.read(SEED_PAGE, wrapped, MARCH_18).digests[0].papers
    assert papers == SEED_PAPERS


_WORDS = ["Sparse", "Graph", "Robust", "Neural", "Diffusion", "Tokens", "Agents", "Memory", "Vision", "Speech"]
_titles = st.tuples(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=6), st.sampled_from(["", "?"])).map(
    lambda title: " ".join(title[0]) + title[1]
)
_sentences = st.tuples(
    st.lists(st.sampled_from([w.lower() for w in _WORDS]), min_size=3, max_size=12), st.booleans()
).map(lambda sentence: f"Can we study {' '.join(sentence[0])}?" if sentence[1] else f"We study {' '.join(sentence[0])}.")
# An abstract may ask, but ends stating (one that ends asking, after a title that asks, reads
# as a title followed by its abstract: the reader then names the line where that went wrong).
_abstracts = st.tuples(st.lists(_sentences, max_size=3), _sentences.filter(lambda s: s.endswith("."))).map(
    lambda abstract: " ".join([*abstract[0], abstract[1]])
)


@settings(max_examples=80, deadline=None)
@given(
    papers=st.lists(st.tuples(_titles, _abstracts), min_size=2, max_size=6, unique_by=lambda p: p[0]),
    data=st.data(),
)
def test_a_lost_blank_line_is_named_at_the_title_below_it(tmp_path_factory, papers, data):
    tmp_path = tmp_path_factory.mktemp("glued")
    lines = ["Mar 18", ""]
    title_lines = []
    for title, abstract in papers:
        title_lines.append(len(lines) + 1)
        lines += [title, "", abstract, ""]
    digest = read_text_as(tmp_path, "\n".join(lines))
    assert [(p.title, p.abstract) for p in digest.papers] == papers
    k = data.draw(st.integers(min_value=1, max_value=len(papers) - 1))
    del lines[title_lines[k] - 2]  # the blank line between abstract k-1 and title k
    assert refusal(tmp_path, "\n".join(lines)) == [
        glued(tmp_path, title_lines[k] - 1, papers[k][0], papers[k - 1][0], title_lines[k - 1])
    ]
