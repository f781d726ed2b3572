"""A new day's search files cost the day (generator/output/search_index.py): documents added
after all the others join the term levels the last build stored (its rows, its postings
files and the levels' key, count and last document kept in the search state) instead of
every touched term's levels being computed again over all its postings; the files are a
clean build's."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.output import search_index
from generator.output.search_index import (
    STATE_NAME,
    SearchDocument,
    SearchState,
    appended_levels,
    count_terms,
    term_levels,
    write_index_files,
)

from search_oracle import load_split


@pytest.fixture(scope="module")
def split(search_site):
    return load_split(search_site)


SMALL = {"shard_bytes": 300, "inline": 5, "chunk": 2, "chunk_postings": 3}
"""Settings small enough that a few documents fill several shards, chunks and levels."""

WORDS = ["model", "models", "graph", "vision", "language", "reward", "robot", "agent", "diffusion", "token"]
"""Few words, so that terms repeat across documents and fields, in levels of every kind."""


def text(draw_words: list[int]) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in draw_words)


@st.composite
def documents(draw, most: int = 14) -> list[SearchDocument]:
    words = st.lists(st.integers(0, 40), max_size=12)
    count = draw(st.integers(1, most))
    return [
        SearchDocument(
            location=f"papers/p{number}/",
            title=text(draw(words)),
            text=text(draw(st.lists(st.integers(0, 40), max_size=60))),
            authors=tuple(text(draw(st.lists(st.integers(0, 40), min_size=1, max_size=2))) for _ in range(draw(st.integers(0, 2)))),
            tags=tuple(text(draw(st.lists(st.integers(0, 40), min_size=1, max_size=2))) for _ in range(draw(st.integers(0, 2)))),
            date=f"2025-01-{1 + number % 28:02d}",
        )
        for number in range(count)
    ]


def search_files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "search").rglob("*.json"))}


@settings(max_examples=80, deadline=None)
@given(documents(), st.data())
def test_levels_joined_after_new_documents_are_the_levels_computed_whole(docs, data):
    """term_levels over documents 0…k−1 joined (appended_levels) with term_levels over k… of
    all of them gives term_levels over all: the same levels (postings, bounds, guesses, keys)
    and the df summed."""
    k = data.draw(st.integers(0, len(docs)))
    whole = {term: (df, levels) for term, df, levels in term_levels(count_terms(docs))}
    before = {term: (df, levels) for term, df, levels in term_levels(count_terms(docs[:k]))}
    after = {term: (df, levels) for term, df, levels in term_levels(count_terms(docs), first=k)}
    assert set(before) | set(after) == set(whole)
    for term, (df, levels) in whole.items():
        old_df, old = before.get(term, (0, []))
        new_df, new = after.get(term, (0, []))
        assert old_df + new_df == df, term
        assert appended_levels(old, new) == levels, term
    assert all(level.key % 32 == level.mask for _, levels in whole.values() for level in levels)


def test_term_levels_from_a_document_on_keep_the_documents_numbers():
    docs = [SearchDocument("a/", "graph", ""), SearchDocument("b/", "", "vision graph"), SearchDocument("c/", "graph", "")]
    (term, df, levels), = [row for row in term_levels(count_terms(docs), first=1) if row[0] == "graph"]
    assert df == 2  # documents 1 and 2, one field each
    assert sorted(level.postings[0] for level in levels) == [1, 2]  # each level's first doc is its number


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents(most=18), st.lists(st.integers(1, 6), min_size=1, max_size=3), st.booleans())
def test_days_added_one_after_another_give_a_clean_builds_files(tmp_path_factory, docs, days, in_memory):
    """Documents added at the end, a few at a time (new days), each build on the last one's
    state (kept in memory as under ``mkdocs serve``, or read from the cache file): every
    file is a clean build's, only the new documents are counted, and the state's level table
    is the one a clean build leaves."""
    root = tmp_path_factory.mktemp("days")
    cache, site = root / "cache", root / "site"
    cut = max(1, len(docs) - sum(days))
    write_index_files(site, docs[:cut], {}, cache=cache, **SMALL)
    for number, day in enumerate(days):
        if cut >= len(docs):
            break
        if not in_memory:
            search_index._kept.clear()
        step = docs[: cut + day]
        summary = write_index_files(site, step, {}, cache=cache, **SMALL)
        assert summary["counted"] == len(step) - cut
        cut = len(step)
        grown = search_index._kept["state"]
        clean = root / f"clean-{number}"
        write_index_files(clean, step, {}, cache=root / f"clean-cache-{number}", **SMALL)
        assert search_files(site) == search_files(clean), number
        whole = search_index._kept["state"]
        assert (grown.level_table, grown.level_starts) == (whole.level_table, whole.level_starts)
        assert (grown.chunks, grown.lexicon) == (whole.chunks, whole.lexicon)


def test_a_postings_file_not_as_written_has_its_term_computed_whole(tmp_path, split):
    """A day added over postings files of the terms it holds that were changed or removed
    since the last build (the last file of a level gaining postings, read to be joined, and
    a file it keeps): those terms are computed whole, and the files are a clean build's."""
    documents, _ = split
    cache, site = tmp_path / "cache", tmp_path / "site"
    write_index_files(site, documents[:-4], {}, cache=cache, **SMALL)
    first = search_index._kept["state"]
    write_index_files(tmp_path / "clean", documents, {}, **SMALL)
    clean = search_files(tmp_path / "clean")
    folder = site / "search" / "postings"
    replaced = [path for path in folder.iterdir() if f"search/postings/{path.name}" not in clean]
    held = set(count_terms(documents[-4:]).term_index)
    kept = [name for term in sorted(held) for name in first.chunks.get(term, []) if f"search/postings/{name}.json" in clean]
    assert replaced and kept
    for path in replaced:
        path.write_text("[1,2,3]")
    (folder / f"{kept[0]}.json").unlink()
    search_index._kept.clear()
    write_index_files(site, documents, {}, cache=cache, **SMALL)
    assert search_files(site) == clean


def test_the_state_keeps_each_levels_key_count_and_last_document(tmp_path):
    docs = [SearchDocument("a/", "graph", "graph"), SearchDocument("b/", "", "vision graph"),
            SearchDocument("c/", "graph", "")]
    write_index_files(tmp_path / "site", docs, {}, cache=tmp_path / "cache", **SMALL)
    state = SearchState.decode((tmp_path / "cache" / STATE_NAME).read_bytes())
    number = state.counts.term_index["graph"]
    table = state.level_table[3 * state.level_starts[number] : 3 * state.level_starts[number + 1]]
    levels = next(levels for term, _, levels in term_levels(count_terms(docs)) if term == "graph")
    assert list(table) == [value for level in levels for value in (level.key, level.count, search_index.last_document(level))]
    assert sum(level.count for level in levels) == 3 and max(table[2::3]) == 2


def test_split_fixture_documents_added_at_the_end_count_only_themselves(tmp_path, split):
    """The real fixture papers, a day of them added: counted alone, files a clean build's,
    and after an edit in the middle (not an addition) still a clean build's."""
    documents, _ = split
    cache, site = tmp_path / "cache", tmp_path / "site"
    write_index_files(site, documents[:-5], {}, cache=cache, **SMALL)
    summary = write_index_files(site, documents, {}, cache=cache, **SMALL)
    assert summary["counted"] == 5
    write_index_files(tmp_path / "clean", documents, {}, **SMALL)
    assert search_files(site) == search_files(tmp_path / "clean")
    edited = [*documents[:3], dataclasses.replace(documents[3], title="Graph models edited"), *documents[4:]]
    write_index_files(site, edited, {}, cache=cache, **SMALL)
    write_index_files(tmp_path / "clean-edited", edited, {}, **SMALL)
    assert search_files(site) == search_files(tmp_path / "clean-edited")


@settings(max_examples=60, deadline=None)
@given(documents(), st.integers(1, 40))
def test_every_level_holds_exactly_its_terms_postings(docs, range_postings):
    """Each level's postings (cut per level from one list per mask) are the term's own: per
    document in order, the tf and length of exactly the fields of the level's mask, as the
    documents' counts give them, whatever the ranges the terms are handled in."""
    counts = count_terms(docs)
    expected: dict[str, dict[int, dict[int, tuple[int, int]]]] = {}  # term -> doc -> field -> (tf, length)
    for f, name in enumerate(search_index.FIELDS):
        known: dict[str, str] = {}
        for number, doc in enumerate(docs):
            terms = search_index._terms(search_index.field_values(doc)[name], known)
            for term in set(terms):
                expected.setdefault(term, {}).setdefault(number, {})[f] = (terms.count(term), len(terms))
    seen = {}
    for term, df, levels in term_levels(counts, range_postings=range_postings):
        assert df == sum(len(fields) for fields in expected[term].values()), term
        got: dict[int, dict[int, tuple[int, int]]] = {}
        for level in levels:
            fields = [f for f in range(len(search_index.FIELDS)) if level.mask & search_index.MASK_BITS[f]]
            width = 1 + 2 * len(fields)
            assert len(level.postings) % width == 0 and level.count == len(level.postings) // width
            doc = 0
            for at in range(0, len(level.postings), width):
                doc = level.postings[at] if at == 0 else doc + level.postings[at]
                values = level.postings[at + 1 : at + width]
                got[doc] = {f: (values[2 * i], values[2 * i + 1]) for i, f in enumerate(fields)}
                assert all(tf <= level.bound[2 * i] and length >= level.bound[2 * i + 1]
                           for i, (tf, length) in enumerate(zip(values[::2], values[1::2])))
        assert got == expected[term], term
        seen[term] = True
    assert set(seen) == set(expected)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 4), max_size=30), st.sets(st.integers(0, 40)), st.sets(st.integers(0, 40)), st.integers(0, 10))
def test_the_saved_level_table_keeps_the_others_and_takes_the_computed(levels_per_term, computed_terms, touched, more):
    """_joined_level_table: per term, the computed levels when computed now, none when
    touched and not computed (no postings left), else the state's; terms beyond the state's
    have none unless computed."""
    from array import array

    table, starts = array("I"), array("I", [0])
    for number, count in enumerate(levels_per_term):
        table.extend(v for level in range(count) for v in (number, level, 7))
        starts.append(len(table) // 3)
    state = SearchState([], search_index.TermCounts(), [], [], array("i"), array("I"), [], {},
                        level_table=table, level_starts=starts)
    terms = len(levels_per_term) + more
    computed = {n: array("I", [100 + n, 0, 1] * (1 + n % 2)) for n in computed_terms if n < terms}
    touched = {n for n in touched if n < terms} | set(computed)
    got_table, got_starts = search_index._joined_level_table(state, computed, touched, terms)
    want: list[list[int]] = []
    for number in range(terms):
        if number in computed:
            want.append(list(computed[number]))
        elif number < len(levels_per_term) and number not in touched:
            want.append(list(table[3 * starts[number] : 3 * starts[number + 1]]))
        else:
            want.append([])
    assert len(got_starts) == terms + 1
    assert [list(got_table[3 * got_starts[n] : 3 * got_starts[n + 1]]) for n in range(terms)] == want


def lexicon_rows(site) -> dict:
    """Every lexicon row ``[term, df, levels]`` of a site's search files, by term."""
    return {row[0]: row for path in sorted((site / "search" / "terms").iterdir())
            for row in json.loads(path.read_text("utf-8"))}


def pack_entries(levels: list) -> list:
    """The stored levels of a row that are in their term's pack (FORMAT 5: their one chunk ``[name, first doc, place]``)."""
    return [level for level in levels if level[3] and len(level[3][0]) == 3]


def test_a_terms_small_levels_of_title_authors_and_tags_are_read_from_one_pack(tmp_path, split):
    """FORMAT 5: the levels of a term that hold it in the title, authors or tags (not the
    abstract alone), are not in its row and fit one chunk are the lists of one postings
    file, its pack, in row order (one file to read for the best part of its bounds, not one
    a level); its other levels have chunks of their own."""
    documents, _ = split
    write_index_files(tmp_path, documents, {}, **{**SMALL, "inline": 1})
    computed = {term: levels for term, _, levels in term_levels(count_terms(documents))}
    several = 0
    for term, (_, _, stored) in lexicon_rows(tmp_path).items():
        assert len(stored) == len(computed[term])
        for (mask, _, _, chunks, _), level in zip(stored, computed[term]):
            in_pack = bool(chunks) and len(chunks[0]) == 3
            assert in_pack == (bool(chunks) and mask != search_index.TEXT_BIT and level.count <= SMALL["chunk_postings"]), term
            assert in_pack == (bool(chunks) and search_index.packed(level, SMALL["chunk_postings"]))
        packed = pack_entries(stored)
        names = {level[3][0][0] for level in packed}
        assert len(names) <= 1, term  # a pack far below PACK_BYTES: one file a term
        if names:
            pack = json.loads((tmp_path / "search" / "postings" / f"{names.pop()}.json").read_text("utf-8"))
            assert [level[3][0][2] for level in packed] == list(range(len(pack)))  # row order
            by_key = {(level.mask, level.top): level.postings for level in computed[term]}
            assert pack == [by_key[mask, top] for mask, _, _, _, top in packed]
            assert all(part[0] == level[3][0][1] for part, level in zip(pack, packed))  # first doc as the row says
            several += len(packed) > 1
    assert several >= 10, several


def test_packs_are_cut_at_pack_bytes_in_row_order(tmp_path, split):
    """With a small ``pack_bytes``, a term's packed levels go to several packs, each at most
    that many bytes unless it holds one level, their lists in row order; the files still
    answer as the unsplit index (tests/test_search.py) and are the same build after build."""
    documents, _ = split
    write_index_files(tmp_path / "one", documents, {}, pack_bytes=40, **{**SMALL, "inline": 1})
    write_index_files(tmp_path / "two", documents, {}, pack_bytes=40, **{**SMALL, "inline": 1})
    assert search_files(tmp_path / "one") == search_files(tmp_path / "two")
    folder = tmp_path / "one" / "search" / "postings"
    split_terms = 0
    for term, (_, _, stored) in lexicon_rows(tmp_path / "one").items():
        places = [(level[3][0][0], level[3][0][2]) for level in pack_entries(stored)]
        names = list(dict.fromkeys(name for name, _ in places))
        packs = {name: json.loads((folder / f"{name}.json").read_text("utf-8")) for name in names}
        for name, pack in packs.items():
            size = (folder / f"{name}.json").stat().st_size
            assert size <= 40 or len(pack) == 1, term
        # row order: pack after pack, each's lists in turn
        assert places == [(name, place) for name in names for place in range(len(packs[name]))], term
        split_terms += len(names) > 1
    assert split_terms >= 5, split_terms


def test_a_new_day_rewrites_the_pack_of_a_term_it_adds_a_title_posting_to(tmp_path, split):
    """A new day whose paper adds a posting to a packed level (a copy of a paper holding a
    term in such a level: its postings fall into the same levels) rewrites that term's
    pack; the packs and chunks of the terms it does not hold keep their files; the files are
    a clean build's."""
    documents, _ = split
    cache, site = tmp_path / "cache", tmp_path / "site"
    write_index_files(site, documents, {}, cache=cache, **SMALL)
    before = dict(search_index._kept["state"].chunks)
    rows = lexicon_rows(site)
    computed = {term: levels for term, _, levels in term_levels(count_terms(documents))}
    # a term with a packed level of fewer postings than a chunk, and a document of that level
    term, doc = next((term, search_index.last_document(level)) for term, (_, _, stored) in sorted(rows.items())
                     for entry, level in zip(stored, computed[term])
                     if entry in pack_entries(stored) and level.count < SMALL["chunk_postings"])
    copy = dataclasses.replace(documents[doc], location="papers/a-copy/")
    old_files = set(search_files(site))
    summary = write_index_files(site, [*documents, copy], {}, cache=cache, **SMALL)
    assert summary["counted"] == 1
    after = search_index._kept["state"].chunks
    held = set(count_terms([copy]).term_index)
    assert {name for name in after[term] if name not in before[term]}  # its pack is a new file
    assert all(after.get(other) == names for other, names in before.items() if other not in held)
    new_postings = {path for path in search_files(site) if path not in old_files and "/postings/" in path}
    assert new_postings and new_postings <= {f"search/postings/{name}.json" for other in held for name in after.get(other, [])}
    write_index_files(tmp_path / "clean", [*documents, copy], {}, **SMALL)
    assert search_files(site) == search_files(tmp_path / "clean")
