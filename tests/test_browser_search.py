"""The built site in a real browser (Debian's Chromium through Playwright): search, result
links, tag chips, the dark palette and the mobile layout, with no console errors and no
request leaving 127.0.0.1."""

from __future__ import annotations

import bisect
import collections
import json
import re
from collections import Counter
import time
import urllib.parse

import pytest

from browser import Visit, serve
from search_oracle import ORG_PAPERS, build_index, load_split, lunr_search

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)> Prompt Injection through Paper Titles"
MATERIAL_PAGE = "about/"
"""A page whose search is Material's bundle talking to our worker (theme/main.html); the home
page drives Material's box with its own script (theme/home.html, header-search.js)."""


@pytest.fixture(scope="module")
def oracle(search_site):
    """The site's documents and lunr's answer for a query, from the unsplit index."""
    documents, _ = load_split(search_site)
    index = build_index(documents)
    return documents, lambda query: lunr_search(index, documents, query)


@pytest.fixture(scope="module")
def server(search_site):
    with serve(search_site) as running:
        yield running


@pytest.fixture
def visit(browser, server):
    visits = []

    def start(**context_options):
        visits.append(Visit(browser, server, **context_options))
        return visits[-1]

    yield start
    problems = [p for v in visits for p in v.problems]
    for v in visits:
        v.context.close()
    assert problems == []


def test_search_box_finds_the_paper_and_leads_to_its_page(visit):
    v = visit()
    page = v.open()
    page.locator("input.md-search__input").click()
    page.keyboard.type("Matryoshka")
    assert v.result_titles(1) == ["2D Matryoshka Sentence Embeddings"]
    first = page.locator(".md-search-result__item article").first
    assert first.locator("h1 mark").all_inner_texts() == ["Matryoshka"]
    snippet = first.inner_text().split("\n")[1]  # the abstract around its first "Matryoshka"
    assert snippet.startswith("… ") and "applications. Matryoshka" in snippet
    assert first.locator("mark").all_inner_texts()[:2] == ["Matryoshka", "Matryoshka"]
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url(re.compile(r"/papers/2d-matryoshka-sentence-embeddings/"))
    assert page.locator("article h1").inner_text() == "2D Matryoshka Sentence Embeddings"


QUERIES = ["LLaMA-2", "GPT-4o", "530B", "7B", "2D Matryoshka", "What is RLHF?", "Touvron", "language models",
           "Medicine and clinical AI", "sentence embeddings"]


def test_browser_answers_as_the_unsplit_index(visit, oracle):
    """The worker loads only some shards per query; its top results are the unsplit index's
    (waited for: a first answer may list fewer, its first ones proven in their places)."""
    from playwright.sync_api import expect

    docs, search = oracle
    v = visit()
    for query in QUERIES:
        expected = [" ".join(docs[ref].title.split()) for ref, _ in search(query)[:3]]
        page = v.open("?q=" + urllib.parse.quote(query))
        titles = page.locator(".md-search-result__item h1")
        for place, title in enumerate(expected):
            expect(titles.nth(place), query).to_have_text(title, timeout=15_000)
        assert v.result_titles(3) == expected, query


def test_the_worker_starts_on_the_input_event_and_material_asks_then(visit, oracle, search_site):
    """theme/main.html posts the box's value to the worker on each input event, and sends
    Material a keyup for it (Material reads its box on keyup): text put in with no key at
    all is answered and listed, each lexicon shard read once; the key's own keyup after it
    finds the same text and asks nothing more. Seen from the files it reads: the documents
    of results 11 and on come REST_DELAY after its first answer."""
    from playwright.sync_api import expect

    docs, search = oracle
    results = search("language model")
    chunk = json.loads((search_site / "search" / "search_index.json").read_text("utf-8"))["config"]["shards"]["chunk"]
    later = sorted({ref // chunk for ref, _ in results[10:]} - {ref // chunk for ref, _ in results[:10]})
    assert len(results) > 10 and later
    v = visit()
    page = v.open(MATERIAL_PAGE)
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text("Type to start searching", timeout=15_000)  # READY
    lexicon = []
    page.on("request", lambda request: "/search/terms/" in request.url and lexicon.append(request.url))
    with page.expect_request(lambda request: f"/search/docs/{later[0]}.json" in request.url, timeout=15_000):
        box.fill("language model")  # an input event, no key
    expect(meta).to_have_text(f"{len(results)} matching documents", timeout=15_000)
    assert v.result_titles(3) == [" ".join(docs[ref].title.split()) for ref, _ in results[:3]]
    read = len(lexicon)
    box.press("End")
    expect(meta).to_have_text(f"{len(results)} matching documents")
    assert lexicon and len(lexicon) == len(set(lexicon)) == read


def test_text_pasted_into_materials_box_with_the_mouse_is_searched(visit):
    """Material reads its box on keyup; text put there by no key (a paste or a drop with the
    mouse) had no keyup, so nothing was searched (fresh23, with CJK typed by Playwright):
    theme/main.html sends a keyup on each input (text inserted by a phone's keyboard or an
    input method had none either: fresh24), and for the box emptied by its clear button,
    which left the last words' results listed (hostile23)."""
    from playwright.sync_api import expect

    v = visit()
    page = v.open(MATERIAL_PAGE)
    box = page.locator("input.md-search__input")
    box.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
    box.evaluate("""box => { box.value = "Matryoshka"
      box.dispatchEvent(new InputEvent("input", { inputType: "insertFromPaste", bubbles: true })) }""")
    assert v.result_titles(1) == ["2D Matryoshka Sentence Embeddings"]
    # text inserted by a phone's keyboard or an input method comes with no keyup either (fresh24:
    # the last words' results stayed listed under "marmot")
    box.fill("")
    page.keyboard.type("language")
    expect(page.locator(".md-search-result__meta")).not_to_have_text(re.compile("^1 matching"))
    box.select_text()
    page.keyboard.insert_text("Matryoshka")
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document")
    assert v.result_titles(2) == ["2D Matryoshka Sentence Embeddings"]
    # the clear button empties the box by no key either: the results go with the words
    page.locator("button.md-search__icon[type=reset]").click()
    expect(box).to_have_value("")
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    expect(page.locator(".md-search-result__item")).to_have_count(0)


def test_a_query_typed_before_the_worker_is_ready_is_read_when_it_is(visit):
    """Typed while search_index.json is still on its way (the worker cannot hear the input
    event yet): the worker, once it has the file, asks the page for the box's value and
    starts on it, without waiting for Material's query (dropped here)."""
    v = visit()
    page = v.page
    page.add_init_script("""window.Worker = class extends Worker {
      postMessage(message, ...rest) { if (message.type !== 2) super.postMessage(message, ...rest) }
    }""")
    held = []
    page.route("**/search/search_index.json", lambda route: held.append(route))
    page.goto(v.server.url + MATERIAL_PAGE, wait_until="commit")
    page.locator("input.md-search__input").fill("Matryoshka")
    assert held  # Material's request for it, the worker's, or both
    with page.expect_request(lambda request: "/search/terms/" in request.url, timeout=15_000):
        while held:
            held.pop().continue_()


def with_worker(params: str, body: str) -> str:
    """A page function (for ``page.evaluate``) taking ``params`` that starts the search worker
    as Material does (SETUP with search_index.json, then READY awaited: ``worker``) and runs
    the JavaScript ``body`` (statements; a `return` gives ``page.evaluate`` its value)."""
    return f"async {params} => {{\n{WORKER_START}{body}\n}}"


WORKER_START = """\
  const config = await (await fetch("search/search_index.json")).json()
  const worker = new Worker("assets/javascripts/workers/paper-search.js")
  const ready = new Promise(resolve => worker.addEventListener("message", e => e.data.type === 1 && resolve()))
  worker.postMessage({ type: 0, data: config })
  await ready
"""
"""The worker started as Material starts it: :func:`with_worker`'s first statements."""


ASK_THE_WORKER = with_worker("([queries, counts])", """\
  const answers = {}, firsts = {}
  for (const query of queries)
    answers[query] = await new Promise(resolve => {
      const last = setTimeout(() => resolve(null), 10000)
      worker.onmessage = e => {
        const items = e.data.data.items
        if (e.data.type === 3 && e.data.data.exact && !(query in firsts))
          firsts[query] = items.map(([item]) => [item.location, item.score])
        if (e.data.type === 3 && e.data.data.exact && items.length === counts[query]) {
          clearTimeout(last)
          resolve(items.map(([item]) => [item.location, item.score]))
        }
      }
      worker.postMessage({ type: 2, data: query })
    })
  worker.terminate()
  return [answers, firsts]""")


TYPE_TO_THE_WORKER = with_worker("([query, count])", """\
  const answers = []
  const done = new Promise(resolve => {
    const last = setTimeout(() => resolve(null), 10000)
    worker.onmessage = e => {
      const items = e.data.data.items
      answers.push(items.map(([item]) => item.location))
      if (items.length === count) {
        clearTimeout(last)
        resolve(items.map(([item]) => [item.location, item.score]))
      }
    }
  })
  for (let i = 1; i <= query.length; i++)      /* one query a key, none waited for */
    worker.postMessage({ type: 2, data: query.slice(0, i) })
  const every = await done
  worker.terminate()
  return [every, answers]""")


GUESS_THEN_PROOF = with_worker("([query])", """\
  window.__answers = []                          /* [exact, locations, top] of each answer with items */
  worker.onmessage = e => e.data.type === 3 && e.data.data.items.length &&
    window.__answers.push([e.data.data.exact, e.data.data.items.map(([item]) => item.location), e.data.data.top])
  worker.postMessage({ type: 2, data: "" })      /* Material, on READY: the empty box */
  worker.postMessage({ type: 2, data: query })
  window.__worker = worker""")


def test_worker_ranks_every_result_as_lunr_does(visit, oracle):
    """The worker scores postings itself (no lunr.js in the browser): for each query, every
    result, its order and its score are those of lunr over the unsplit index: words all
    required (or, when no paper holds them all, any), phrases, CJK words."""
    docs, search = oracle
    queries = QUERIES + ["ma", "mo", "lang", "embed", "model language", "x", "de", "2", "sentence sent",
                         "matryoshka rlhf", '"foundation and fine"', '"large language', "物联网", "大模", "한국어",
                         "neural ranking", "language model"]
    expected = {q: [[docs[ref].location, score] for ref, score in search(q)] for q in queries}
    assert len(expected["ma"]) > 10 and len(expected["model language"]) > 10  # the answer in two parts
    v = visit()
    page = v.open()
    answers, _ = page.evaluate(ASK_THE_WORKER, [queries, {q: len(e) for q, e in expected.items()}])
    for query in queries:
        assert answers[query] is not None, query
        assert [location for location, _ in answers[query]] == [location for location, _ in expected[query]], query
        scores = [score for _, score in answers[query]]
        assert scores == pytest.approx([score for _, score in expected[query]], rel=0, abs=1e-9), query
    # typed a key at a time without waiting: the superseded queries stop, the last one is answered in full
    typed = "language model"
    every, answers = page.evaluate(TYPE_TO_THE_WORKER, [typed, len(expected["language model"])])
    assert [location for location, _ in every] == [location for location, _ in expected["language model"]]
    first_ten = [location for location, _ in expected["language model"][:10]]
    assert answers[-2:] == [first_ten, [location for location, _ in every]]  # nothing from a superseded query after


def _small_postings_site(search_site, docs, tmp_path, **options):
    """The search site with its search files written again with two postings a term in the
    lexicon and the rest in blocks of three (500-byte shards): a query's proof takes rounds.
    ``options``: more of write_index_files' keywords (e.g. ``chunk_postings``)."""
    from generator.output.search_index import INDEX_PATH, write_index_files

    site = tmp_path / "site"
    site.mkdir()
    for entry in search_site.iterdir():
        if entry.name != "search":
            (site / entry.name).symlink_to(entry)
    config = json.loads((search_site / INDEX_PATH).read_text("utf-8"))["config"]
    write_index_files(site, docs, {k: v for k, v in config.items() if k != "shards"}, shard_bytes=500, inline=2, chunk=3, **options)
    return site


def test_first_results_from_the_best_postings_are_lunrs(browser, oracle, search_site, tmp_path):
    """With two postings a term in the lexicon (the rest in blocks), the worker's first
    proven answer (from the best postings and as few more blocks as it takes) is lunr's
    first 10, and its last answer every result."""
    docs, search = oracle
    site = _small_postings_site(search_site, docs, tmp_path)
    queries = ["language models", "model language", "ma", "neural ranking", "learning", "language", "Touvron",
               "sentence sent", "embed"]
    expected = {q: [[docs[ref].location, score] for ref, score in search(q)] for q in queries}
    with serve(site) as server:
        v = Visit(browser, server)
        answers, firsts = v.open().evaluate(ASK_THE_WORKER, [queries, {q: len(e) for q, e in expected.items()}])
        v.context.close()
        # the first answer of a query whose proof needs more postings: a guess, shown once
        # its time came (not when the chunks on their way arrive), then the proof's
        w = Visit(browser, server)
        page = w.open()
        held, released = [], []
        page.route("**/search/postings/**", lambda route: route.continue_() if released else held.append(route))
        page.evaluate(GUESS_THEN_PROOF, ["language models"])
        page.wait_for_function("window.__answers.length > 0", timeout=15_000)
        guesses = page.evaluate("window.__answers")  # the leading results at hand, then the guess's ten, or the ten alone
        assert held and {(exact, top) for exact, _, top in guesses} == {(False, True)} and len(guesses) <= 2
        assert all(guesses[-1][1][:len(locations)] == locations for _, locations, _ in guesses)
        released.append(True)
        for route in held:
            route.continue_()
        page.wait_for_function("window.__answers.some(([exact]) => exact)", timeout=15_000)
        answered = page.evaluate("window.__answers")
        proven = [locations for exact, locations, _ in answered if exact][0]
        w.context.close()
        assert proven == [location for location, _ in expected["language models"][:10]]
        assert answered[0][1][0] == proven[0]  # the guess's first result was proven: readers see no top change
    assert v.problems == [] and w.problems == []
    for query in queries:
        for answer, count in ((firsts[query], min(10, len(expected[query]))), (answers[query], len(expected[query]))):
            assert [location for location, _ in answer] == [location for location, _ in expected[query][:count]], query
            scores = [score for _, score in answer]
            assert scores == pytest.approx([score for _, score in expected[query][:count]], rel=0, abs=1e-9), query


def test_a_prefix_of_many_terms_is_proven_as_lunr_ranks_it(browser, search_site, tmp_path):
    """A two-letter word whose prefix expands to many terms (10k's `re`: 125 of them), each
    read a few at a time while its proof goes on: the proof ends with lunr's first ten.
    A round asks for twice the chunks of the one before; a term read whole stopped the
    round's reads of it only after all of them (readMore's 0, awaited), so after twenty
    rounds each term cost a million awaits and the first ten stayed a guess (verify22)."""
    from generator.output.search_index import SearchDocument

    letters = "abcdefghijklmnopqrstuvwxyz"
    words = [f"co{a}{b}x" for a in letters[:10] for b in letters[:9]]  # 90 terms under "co"
    docs = [SearchDocument(f"papers/p{n}/", f"Paper {n} " + " ".join(words[(n * 7 + k) % 90] for k in range(3)),
                           " ".join(words[(n * 11 + k * 13) % 90] for k in range(8)) + f" filler{n}")
            for n in range(240)]
    site = _small_postings_site(search_site, docs, tmp_path)
    index = build_index(docs)
    expected = [[docs[ref].location, score] for ref, score in lunr_search(index, docs, "co")]
    assert len(expected) == 240
    with serve(site) as server:
        v = Visit(browser, server)
        answers, firsts = v.open().evaluate(ASK_THE_WORKER, [["co"], {"co": len(expected)}])
        v.context.close()
    assert v.problems == []
    assert firsts["co"] is not None and [location for location, _ in firsts["co"]] == [location for location, _ in expected[:10]]
    assert [score for _, score in firsts["co"]] == pytest.approx([score for _, score in expected[:10]], rel=0, abs=1e-9)
    assert [location for location, _ in answers["co"]] == [location for location, _ in expected]


def test_a_terms_pack_is_read_once_for_every_level_it_holds(browser, oracle, search_site, tmp_path):
    """FORMAT 5: a term's small levels of the title, authors and tags are one postings file,
    its pack; the worker reads it once for all of them (when the first of them is the
    term's unread level of highest bound), asks for no postings file twice, and answers as
    lunr."""
    from generator.output.search_index import INDEX_PATH

    docs, search = oracle
    site = _small_postings_site(search_site, docs, tmp_path)
    shards = json.loads((site / INDEX_PATH).read_text("utf-8"))["config"]["shards"]
    rows = [row for n in range(len(shards["first"]))
            for row in json.loads((site / "search" / "terms" / f"{n}.json").read_text("utf-8"))]
    query = "language models"
    packs = collections.Counter()      # the packs of the query's terms (the words are prefixes): levels each
    named = collections.Counter()      # the terms naming each postings file (two terms' files may be alike)
    for term, _, levels in rows:
        if term.startswith(("language", "models")):
            for _, _, _, chunks, _ in levels:
                if chunks and len(chunks[0]) == 3:
                    packs[f"/search/postings/{chunks[0][0]}.json"] += 1
            named.update({f"/search/postings/{chunk[0]}.json" for _, _, _, chunks, _ in levels for chunk in chunks})
    assert packs and max(packs.values()) > 1  # a pack of several levels
    expected = [[docs[ref].location, score] for ref, score in search(query)]
    asked = []
    with serve(site) as server:
        v = Visit(browser, server)
        page = v.open()

        def postings_route(route):
            asked.append(urllib.parse.urlsplit(route.request.url).path)
            route.continue_()
        page.route("**/search/postings/**", postings_route)
        answers, firsts = page.evaluate(ASK_THE_WORKER, [[query], {query: len(expected)}])
        v.context.close()
    assert [location for location, _ in answers[query]] == [location for location, _ in expected]
    assert [location for location, _ in firsts[query]] == [location for location, _ in expected[:10]]
    assert all(count <= named[path] for path, count in collections.Counter(asked).items())  # a pack once for all its levels
    assert set(packs) <= set(asked)       # every result: every posting read
    assert v.problems == []


def _hold_documents_but(page, top_file: str) -> tuple[list, list]:
    """Hold every document file ``page`` asks for but ``top_file`` (a path's end): returns
    ``(held, released)``, the held routes, and a list to append to for the later ones to go."""
    held: list = []
    released: list = []

    def docs_route(route):
        if released or urllib.parse.urlsplit(route.request.url).path.endswith(top_file):
            route.continue_()
        else:
            held.append(route)
    page.route("**/search/docs/**", docs_route)
    return held, released


def test_the_first_results_at_hand_are_sent_before_the_others_files_come(browser, oracle, search_site, tmp_path):
    """When the first answer is ready but only some of its documents' files have come, the
    worker sends the leading results at hand at once (a guess whose first result is proven:
    lunr's first), then the whole first ten when the other files come (lunr's)."""
    # "ma": proven from postings over rounds that fetch the guess's documents; the rest of the
    # first ten's files may be asked for only after the leading results went out (once the
    # first one's file came): they are held until seen, then released
    held, first, answered, expected = _answers_with_documents_held(browser, oracle, search_site, tmp_path, "ma", until_held=True)
    assert held and len(first) == 1
    exact, locations, top = first[0]
    assert (exact, top) == (False, True) and 0 < len(locations) < 10 and locations == expected[:len(locations)]
    assert [locations for exact, locations, _ in answered if exact][0] == expected
    assert all(locations[0] == expected[0] for _, locations, _ in answered)  # readers see no top change


def test_the_rounds_chunks_prove_the_first_result_before_its_documents_in_doubt_come(browser, oracle, search_site, tmp_path):
    """A round reads the next chunks and the documents in doubt at once; when the chunks come
    first, the worker tallies again with them and checks the proof, not after the round's
    last document: here the chunks alone prove lunr's first result, sent (a guess whose
    first result is proven) while every other document file is held."""
    held, first, answered, expected = _answers_with_documents_held(browser, oracle, search_site, tmp_path, "language models")
    assert held                       # documents in doubt were asked for, and held
    exact, locations, top = first[0]
    assert (exact, top) == (False, True) and locations == expected[:len(locations)]
    assert [locations for exact, locations, _ in answered if exact][0] == expected
    assert all(locations[0] == expected[0] for _, locations, _ in answered)  # readers see no top change


def _answers_with_documents_held(browser, oracle, search_site, tmp_path, query: str, until_held: bool = False):
    """The worker's answers to ``query`` on the small-postings site with every document file
    held but the top result's (:func:`_hold_documents_but`): ``(held, first, answered,
    expected)``, the held requests, the answers (``[exact, locations, top]`` each) before
    any is released (with ``until_held``, once one is held, waited for up to 15 s), every
    answer until the first exact one after they are, and lunr's first ten locations.
    Asserts the page had no problem."""
    from generator.output.search_index import INDEX_PATH

    docs, search = oracle
    site = _small_postings_site(search_site, docs, tmp_path)
    chunk = json.loads((site / INDEX_PATH).read_text("utf-8"))["config"]["shards"]["chunk"]
    expected = [docs[ref].location for ref, _ in search(query)[:10]]
    top_file = f"/search/docs/{search(query)[0][0] // chunk}.json"
    with serve(site) as server:
        w = Visit(browser, server)
        page = w.open()
        held, released = _hold_documents_but(page, top_file)
        page.evaluate(GUESS_THEN_PROOF, [query])
        page.wait_for_function("window.__answers.length > 0", timeout=15_000)
        deadline = time.monotonic() + 15
        while until_held and not held and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        first = page.evaluate("window.__answers")
        released.append(True)
        for route in held:
            route.continue_()
        page.wait_for_function("window.__answers.some(([exact]) => exact)", timeout=15_000)
        answered = page.evaluate("window.__answers")
        w.context.close()
    assert w.problems == []
    return held, first, answered, expected


def test_a_phrase_of_common_words_is_answered_before_every_posting_is_read(browser, search_site, tmp_path):
    """A quoted phrase of common words: its first answer comes from its words' best postings,
    as the same words unquoted do, with the papers whose text holds the phrase; every posting
    of its words was read before it (100k `"large language models"`: 2.1 MB, 1.9 s in
    bench/search_worker_model.mjs). Here the first exact answer (lunr's first ten) comes
    before half the postings files of the words are read (the rest phase reads them all), and
    each paper of each answer holds the phrase."""
    from generator.output.search_index import INDEX_PATH, SearchDocument

    filler = " ".join(f"word{k}" for k in range(40))
    docs = [SearchDocument(f"papers/t{n}/", f"Large language models {n}", "Large language models, in " + filler[:6 * n] + ".")
            for n in range(12)]         # longer and longer abstracts: no two score the same
    docs += [SearchDocument(f"papers/a{n}/", f"Part {n}", f"Models of language at large. {filler}") for n in range(8)]
    docs += [SearchDocument(f"papers/f{n}/", f"Filler {n}", f"Large {filler} language {filler} models {n}.")
             for n in range(60)]
    query = '"large language models"'
    site = _small_postings_site(search_site, docs, tmp_path, chunk_postings=3, pack_bytes=40)
    expected = [docs[ref].location for ref, _ in lunr_search(build_index(docs), docs, query)]
    assert len(expected) == 12 and {location[:8] for location in expected} == {"papers/t"}
    shards = json.loads((site / INDEX_PATH).read_text("utf-8"))["config"]["shards"]
    rows = [row for n in range(len(shards["first"])) for row in json.loads((site / f"search/terms/{n}.json").read_text("utf-8"))
            if row[0] in ("large", "language", "models")]
    files = {chunk[0] for _, _, levels in rows for level in levels for chunk in level[3]}
    assert len(rows) == 3 and len(files) > 20
    with serve(site) as server:
        w = Visit(browser, server)
        page = w.open()
        asked: list[str] = []          # the postings files asked for, in order
        at_first_answer: list[int] = []
        page.route("**/search/postings/**", lambda route: asked.append(route.request.url) or route.continue_())
        page.expose_function("exactAnswer", lambda: at_first_answer.append(len(asked)))
        page.evaluate(GUESS_THEN_PROOF.replace("window.__answers.push(", "(!e.data.data.exact || exactAnswer() || true) && window.__answers.push("), [query])
        page.wait_for_function("window.__answers.some(([exact, locations]) => exact && locations.length === 12)", timeout=15_000)
        answered = page.evaluate("window.__answers")
        w.context.close()
    assert w.problems == []
    assert len(set(asked)) == len(files) and at_first_answer[0] < len(files) / 2   # every posting read, after the first exact answer
    assert all(set(locations) <= set(expected) for _, locations, _ in answered)  # each paper shown holds the phrase
    assert [locations for exact, locations, _ in answered if exact] == [expected[:10], expected]


def test_a_phrase_only_papers_past_the_words_first_thousand_results_hold_is_found(browser, search_site, tmp_path):
    """A phrase's words in 1,010 papers, the phrase in three ranked last: the worker checked
    a phrase in the first PHRASE_CHECKS (1,000) results of its words only, and told what it
    found there as exact and whole: "no result", where lunr has three. Past them, its first
    answer is no proof (none is sent when it found none); the whole answer checks every
    result and is lunr's, the last answer even where Material did not ask for it whole."""
    from generator.output.search_index import SearchDocument

    docs = [SearchDocument(f"papers/m{n}/", f"Models language large {n}", "large models language" + " pad" * (n % 7))
            for n in range(1010)]
    docs += [SearchDocument(f"papers/z{n}/", f"Zed {n}", "We " + "filler " * (40 + n) + "large language models here.")
             for n in range(3)]
    queries = ['"large language models"']
    expected, answers = _every_answer_on_small_postings(browser, search_site, tmp_path, docs, queries)
    assert [location for location, _ in expected['"large language models"']] == ["papers/z0/", "papers/z1/", "papers/z2/"]
    for query in queries:
        assert answers[query] and answers[query][-1][:2] == [True, True], (query, answers[query])
        for exact, _, items in answers[query]:
            locations = [location for location, _ in items]
            expected_locations = [location for location, _ in expected[query]]
            assert locations == (expected_locations if exact else expected_locations[:len(locations)]), query
        assert [score for _, score in answers[query][-1][2]] == pytest.approx([score for _, score in expected[query]], rel=0, abs=1e-9)


PHRASE_ANSWERS = with_worker("([query])", """\
  window.__answers = []                          /* [exact, whole, locations, checking] of each answer */
  worker.onmessage = e => e.data.type === 3 && e.data.data.query === query && window.__answers.push([e.data.data.exact, e.data.data.whole === true,
    e.data.data.items.map(([item]) => item.location), e.data.data.checking || null])
  worker.postMessage({ type: 2, data: "" })      /* Material, on READY: the empty box */
  worker.postMessage({ type: 2, data: query, whole: true })""")
"""Asks the worker ``query`` as the pages of ours do (``whole``), every answer kept in
``window.__answers``; returns at once."""


def _phrase_answers(browser, site, query: str, pace_ms: int = 0) -> tuple[list, list[str]]:
    """The worker's answers to ``query`` on ``site`` (``PHRASE_ANSWERS``) until one is exact and
    whole, and the document files it asked for, in order. With ``pace_ms``, the document files
    come one at a time, one each ``pace_ms`` (a slow network), else as asked. Asserts the page
    had no problem."""
    with serve(site) as server:
        v = Visit(browser, server)
        page = v.open()
        held: list = []
        asked: list[str] = []

        def docs_route(route):
            asked.append(urllib.parse.urlsplit(route.request.url).path)
            if pace_ms:
                held.append(route)
            else:
                route.continue_()
        page.route("**/search/docs/**", docs_route)
        page.evaluate(PHRASE_ANSWERS, [query])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not page.evaluate("window.__answers.some(([exact, whole]) => exact && whole)"):
            if held:
                held.pop(0).continue_()
            page.wait_for_timeout(pace_ms or 20)
        answers = page.evaluate("window.__answers")
        v.context.close()
    assert v.problems == []
    return answers, asked


def _phrase_in_one_field_docs():
    """Papers for a phrase check (``"model language"``): 150 hold "model" in the abstract and
    "language" in their tags only (no field holds both: no phrase), 45 both in the title but
    not one after the other ("A model of language"), one the phrase in its abstract, ranked
    last; in that order (3 a document file: 50, 15 and 1 files)."""
    from generator.output.search_index import SearchDocument

    docs = [SearchDocument(f"papers/s{n}/", f"Filler {n}", "The model is fine" + " pad" * (n % 9) + ".", tags=("Language",))
            for n in range(150)]
    docs += [SearchDocument(f"papers/c{n}/", f"A model of language {n}", "Filler" + " text" * n + ".") for n in range(45)]
    docs.append(SearchDocument("papers/p/", "Phrase paper", "We study the model language here, at length" + " and more" * 20 + "."))
    return docs


def test_a_phrase_is_checked_only_in_papers_where_one_field_holds_its_words(browser, search_site, tmp_path):
    """A phrase no paper's first results hold was checked in the text of every result of its
    words, each document file read (10k `"model language"`: 2,847 files, 10 MB, 6.7 s in
    bench/search_worker_model.mjs). holdsPhrase finds it in one field, and the postings say
    which fields hold each word (their level's mask): a paper whose fields hold the words
    only apart, or that lacks a word no index term holds (`"model languagx"`), is not read.
    Here: lunr's answers, and none of the 50 files of papers holding the words apart is read
    (all 66 result files were before)"""
    docs = _phrase_in_one_field_docs()
    site = _small_postings_site(search_site, docs, tmp_path)
    index = build_index(docs)
    apart = {f"/search/docs/{n}.json" for n in range(50)}
    for query, expected in (('"model language"', ["papers/p/"]), ('"model languagx"', [])):
        assert [docs[ref].location for ref, _ in lunr_search(index, docs, query)] == expected
        answers, asked = _phrase_answers(browser, site, query)
        assert [locations for exact, whole, locations, _ in answers if exact and whole] == [expected], query
        assert all(set(locations) <= set(expected) for _, _, locations, _ in answers), query
        assert not set(asked) & apart, (query, sorted(set(asked)))   # ranked below the 45: no proof reads them either
        assert len(set(asked)) <= (16 if expected else 4), (query, sorted(set(asked)))   # 15 + 1; a guess's ten


def test_a_phrase_checked_in_many_papers_says_how_far_it_is(browser, search_site, tmp_path):
    """While the worker checks a phrase in many papers' text and has found it in none, the
    page saw nothing (the search page said "Searching…" for 6.7 s at 10k, the home page kept
    the older words' results); now the worker tells a page of ours (`whole`) after
    PROGRESS_MS, then every PROGRESS_EVERY, how many papers it read of those that may hold the phrase (`checking`), then
    its first results as they are found (lunr's first: every result before them was read),
    then the exact answer. Document files come one each 40 ms here."""
    docs = _phrase_in_one_field_docs()
    site = _small_postings_site(search_site, docs, tmp_path)
    answers, _ = _phrase_answers(browser, site, '"model language"', pace_ms=40)
    checking = [told for exact, whole, locations, told in answers if told is not None]
    assert checking, answers
    assert all(exact is False and not locations for exact, _, locations, told in answers if told is not None)
    # the papers that may hold it: every result where one field holds both words (46)
    assert {of for _, of in checking} == {46} and all(0 < read <= 46 for read, _ in checking)
    assert [read for read, _ in checking] == sorted(read for read, _ in checking)
    assert answers[-1][:3] == [True, True, ["papers/p/"]]


def test_a_phrases_guess_shows_only_papers_that_may_hold_the_words_outside_it(browser, search_site, tmp_path):
    """The guess of a query with a phrase and a word outside it ('"large language" zeta')
    showed the papers of the words' guess that hold the phrase, and a paper may hold it and
    not the other word (guess() takes, when no clause's postings are all read, every paper
    the postings read name; hostile26, by reading); the proof replaced them. Now a guessed
    paper is shown only when its text holds every word too (holdsEvery). Typed (the query
    a key after the one before: its guess comes at once), a postings file each 100 ms: the
    guess showed three papers without "zeta"; every answer shows only lunr's results now."""
    from generator.output.search_index import SearchDocument

    docs = [SearchDocument(f"papers/a{n}/", f"Large language {n}", "Large language models help" + " pad" * n + ".")
            for n in range(60)]
    docs += [SearchDocument(f"papers/z{n}/", f"Zeta {n}", "Zeta functions" + " more" * n + ".")
             for n in range(40)]
    docs += [SearchDocument(f"papers/b{n}/", f"Study {n}", "We use large language models with zeta" + " more" * n + ".")
             for n in range(3)]
    query = '"large language" zeta'
    expected = [docs[ref].location for ref, _ in lunr_search(build_index(docs), docs, query)]
    assert expected == ["papers/b0/", "papers/b1/", "papers/b2/"]
    site = _small_postings_site(search_site, docs, tmp_path, chunk_postings=3, pack_bytes=40)
    with serve(site) as server:
        w = Visit(browser, server)
        page = w.open()
        held: list = []
        page.route("**/search/postings/**", lambda route: held.append(route))
        page.evaluate(GUESS_THEN_PROOF.replace("worker.postMessage({ type: 2, data: query })",
                                               "worker.postMessage({ type: 2, data: query.slice(0, -1) })\n"
                                               "  worker.postMessage({ type: 2, data: query })"), [query])
        deadline = time.monotonic() + 15       # a postings file each 100 ms: a slow network
        while time.monotonic() < deadline and not page.evaluate("window.__answers.some(([exact]) => exact)"):
            if held:
                held.pop(0).continue_()
            page.wait_for_timeout(100)
        answered = page.evaluate("window.__answers")
        w.context.close()
    assert w.problems == []
    assert all(set(locations) <= set(expected) for _, locations, _ in answered), answered
    assert [locations for exact, locations, _ in answered if exact][0] == expected


def test_a_quoted_phrases_words_are_whole_words_in_its_score(browser, search_site, tmp_path):
    """A quoted phrase's words are lunr clauses of the words themselves, not prefixes: its
    first result is the paper titled with it, not one whose tags say "programming languages"
    and whose abstract says "largest" (rarer terms that `language*` and `large*` reached,
    scoring 14 and 3 against the title's 6: fresh26, on five real days; 1.82 against 0.34
    here). Typed outside quotes, only the word being typed is a prefix (`languag` reaches
    "languages" again). The worker answers as lunr does."""
    from generator.output.search_index import SearchDocument

    docs = [SearchDocument("papers/overview/", "A Comprehensive Overview of Large Language Models", "We review them.",
                           tags=("Language",)),
            SearchDocument("papers/proofs/", "Proof synthesis for verified programs",
                           "The largest dataset of proofs, written with large language models in mind.",
                           tags=("Programming languages", "Dataset"))]
    docs += [SearchDocument(f"papers/f{n}/", f"Filler {n}", "Large language models, in a study.") for n in range(12)]
    queries = ['"large language models"', 'large language models', '"large language models" languages', 'proofs "large language"',
               'large languag']
    expected, answers = _every_answer_on_small_postings(browser, search_site, tmp_path, docs, queries)
    ranks = {q: [location for location, _ in expected[q]] for q in queries}
    assert ranks[queries[0]][:2] == ["papers/overview/", "papers/f0/"] and len(ranks[queries[0]]) == 14
    assert ranks[queries[1]][:2] == ["papers/overview/", "papers/f0/"]   # unquoted: only `models` a prefix
    assert ranks[queries[2]] == ["papers/proofs/"] and ranks[queries[3]] == ["papers/proofs/"]
    assert ranks[queries[4]][:3] == ["papers/proofs/", "papers/overview/", "papers/f0/"]   # the word being typed
    for query in queries:
        exact = [items for is_exact, _, items in answers[query] if is_exact]
        assert exact and [location for location, _ in exact[-1]] == ranks[query], query
        assert [score for _, score in exact[-1]] == pytest.approx([score for _, score in expected[query]], rel=0, abs=1e-9)


def test_only_the_word_being_typed_is_a_prefix(browser, search_site, tmp_path):
    """Every word of a query is a whole word but the last one typed outside quotes, which a
    reader may still be typing (lunr's ``+multi +agent*``): ``multi agent`` listed "…Multimodal
    Agents" and marked "Multi" in "multimodal" (fresh26), and ``language models`` ranked a
    paper whose tags say "languages" (a rarer term ``language*`` reached) above the one titled
    with the words. A word that no paper holds whole is read as the start of words (a word cut
    short, ``multimo agent``: fresh27's ``diffus model`` said "No paper holds “diffus”; it is
    left out"). The worker answers as lunr does and marks the words as it searched them."""
    from generator.output.search_index import SearchDocument

    docs = [SearchDocument("papers/multimodal/", "Benchmarking Multimodal Agents", "Agents that see and act."),
            SearchDocument("papers/debate/", "Multi-agent debate", "Several agents argue."),
            SearchDocument("papers/overview/", "An overview of language models", "We review them."),
            SearchDocument("papers/programs/", "Verified programs", "Language models write proofs.",
                           tags=("Programming languages",))]
    docs += [SearchDocument(f"papers/f{n}/", f"Filler {n}", "Language models, in a study.") for n in range(8)]
    queries = ["multi agent", "multi ag", "agents multi", "language models", "languag", "multimo agent"]
    expected, items = _last_items_on_small_postings(browser, search_site, tmp_path, docs, queries)
    assert expected["multi agent"] == expected["multi ag"] == ["papers/debate/"]
    assert expected["agents multi"] == ["papers/multimodal/", "papers/debate/"]
    assert expected["language models"][:2] == ["papers/overview/", "papers/f0/"] and len(expected["language models"]) == 10
    assert expected["languag"][:2] == ["papers/programs/", "papers/overview/"]
    assert expected["multimo agent"] == ["papers/multimodal/"]
    assert items["multi agent"] == [["papers/debate/", "<mark>Multi</mark>-<mark>agent</mark> debate",
                                     "Several <mark>agents</mark> argue."]]
    assert items["agents multi"] == [
        ["papers/multimodal/", "Benchmarking <mark>Multimodal</mark> <mark>Agents</mark>", "<mark>Agents</mark> that see and act."],
        ["papers/debate/", "<mark>Multi</mark>-agent debate", "Several <mark>agents</mark> argue."]]
    assert items["language models"][0][1] == "An overview of <mark>language</mark> <mark>models</mark>"
    assert items["multimo agent"][0][1] == "Benchmarking <mark>Multimodal</mark> <mark>Agents</mark>"
    assert {q: [location for location, _, _ in items[q]] for q in queries} == expected   # the worker's, lunr's


def test_a_rare_words_only_result_is_shown_before_the_other_words_lexicon_comes(browser, oracle, search_site, tmp_path):
    """"Matryoshka" names one paper (its rows hold every posting), which holds "language"
    too: that paper is the query's only result, shown (a first answer whose result is
    proven and whole) while the lexicon shards of "language" are still held; the exact
    answer, with lunr's score, follows once they come."""
    from generator.output.search_index import INDEX_PATH

    docs, search = oracle
    query = "Matryoshka language"
    expected = [[docs[ref].location, score] for ref, score in search(query)]
    assert [docs[ref].title for ref, _ in search(query)] == ["2D Matryoshka Sentence Embeddings"]
    site = _small_postings_site(search_site, docs, tmp_path)
    first = json.loads((site / INDEX_PATH).read_text("utf-8"))["config"]["shards"]["first"]
    rare = f"/search/terms/{bisect.bisect_right(first, 'matryoshka') - 1}.json"
    with serve(site) as server:
        w = Visit(browser, server)
        page = w.open()
        held, released = [], []
        page.route("**/search/terms/**", lambda route: route.continue_()
                   if released or urllib.parse.urlsplit(route.request.url).path.endswith(rare) else held.append(route))
        page.evaluate(GUESS_THEN_PROOF, [query])
        page.wait_for_function("window.__answers.length > 0", timeout=15_000)
        first_answers = page.evaluate("window.__answers")
        assert len(held) >= 1          # the other word's shards: not come yet
        released.append(True)
        for route in held:
            route.continue_()
        page.wait_for_function("window.__answers.some(([exact]) => exact)", timeout=15_000)
        answered = page.evaluate("window.__answers")
        scores = page.evaluate("""async query => new Promise(resolve => {
          window.__worker.onmessage = e => e.data.type === 3 && e.data.data.exact && e.data.data.query === query &&
            resolve(e.data.data.items.map(([item]) => [item.location, item.score]))
          window.__worker.postMessage({ type: 2, data: "" })
          window.__worker.postMessage({ type: 2, data: query })
        })""", query)
        w.context.close()
    assert w.problems == []
    assert first_answers == [[False, [expected[0][0]], True]]
    assert [locations for exact, locations, _ in answered if exact][0] == [expected[0][0]]
    assert [location for location, _ in scores] == [location for location, _ in expected]
    assert [score for _, score in scores] == pytest.approx([score for _, score in expected], rel=0, abs=1e-9)


EVERY_ANSWER = with_worker("queries", """\
  const answers = {}                             /* per query, [exact, whole, [[location, score]]] of each answer */
  for (const query of queries)
    await new Promise(resolve => {
      answers[query] = []
      const last = setTimeout(resolve, 10000)
      worker.onmessage = e => {
        const data = e.data.data
        answers[query].push([data.exact, data.whole === true, data.items.map(([item]) => [item.location, item.score])])
        if (data.exact && data.whole) {
          clearTimeout(last)
          resolve()
        }
      }
      worker.postMessage({ type: 2, data: query })
    })
  worker.terminate()
  return answers""")


def test_a_papers_text_is_read_as_the_index_trimmed_its_words(browser, search_site, tmp_path):
    """lunr's trimmer takes a token's last character when it is no word character: "ALİ"
    lowercases to "ali" + U+0307 (a combining dot), which the index holds as "ali". The worker
    read a paper's text untrimmed: "zorblax ali" found no paper holding both words (scored
    from their text) and listed those holding either, "Kedi KEDİ" counted one "kedi" in its
    title (a lower score); and "zorblax ALİ", whose "ALİ" is in no term of the index (lunr's
    query words are not trimmed, and one in no paper is left out), came first as the only
    result its text holds while lunr's results are both "zorblax" papers."""
    from generator.output.search_index import SearchDocument

    docs = [SearchDocument("papers/a/", "Zorblax routing", "We route tokens with zorblax gates.", ("ALİ Veli",)),
            SearchDocument("papers/b/", "Zorblax again", "Zorblax for language models, and zorblax.", ("Bob Smith",)),
            SearchDocument("papers/c/", "Kedi KEDİ cats", "How İ is handled in İstanbul.", ("Ayşe Yılmaz",))]
    docs += [SearchDocument(f"papers/f{n}/", f"Filler {n}", f"Models of cats number {n}.") for n in range(6)]
    queries = ["zorblax ALİ", "zorblax ali", "kedi cats", "cats handled"]
    expected, answers = _every_answer_on_small_postings(browser, search_site, tmp_path, docs, queries)
    assert [len(expected[q]) for q in queries] == [2, 1, 1, 1]
    for query in queries:
        assert answers[query] and answers[query][-1][:2] == [True, True], query
        for exact, whole, items in answers[query]:
            if exact or whole:         # what an answer says is every result, or lunr's first ones
                assert [location for location, _ in items] == [location for location, _ in expected[query]], query
            if exact:
                assert [score for _, score in items] == pytest.approx([score for _, score in expected[query]], rel=0, abs=1e-9), query


def _every_answer_on_small_postings(browser, search_site, tmp_path, docs, queries: list[str]):
    """``docs`` (SearchDocuments) as a site's search files with two postings a term in the
    lexicon (:func:`_small_postings_site`): ``(expected, answers)``, lunr's results for each
    of ``queries`` (``[[location, score], …]``) and every answer the worker sent for it
    (``EVERY_ANSWER``). Asserts the page had no problem."""
    found, answers = _worker_on_small_postings(browser, search_site, tmp_path, docs, queries, EVERY_ANSWER)
    return {q: [[docs[ref].location, score] for ref, score in found[q]] for q in queries}, answers


def _worker_on_small_postings(browser, search_site, tmp_path, docs, queries: list[str], script: str):
    """``docs`` as a site's search files with two postings a term in the lexicon
    (:func:`_small_postings_site`): ``(found, value)``, lunr's ``(ref, score)`` results for
    each of ``queries`` and what the page function ``script`` (:func:`with_worker`) returns
    for them. Asserts the page had no problem."""
    site = _small_postings_site(search_site, docs, tmp_path)
    index = build_index(docs)
    found = {q: lunr_search(index, docs, q) for q in queries}
    with serve(site) as server:
        v = Visit(browser, server)
        value = v.open().evaluate(script, queries)
        v.context.close()
    assert v.problems == []
    return found, value


def test_an_arxiv_id_as_readers_write_it_is_answered_as_lunr(browser, oracle, search_site, tmp_path):
    """A paper's arXiv id, bare, after `arXiv:`, with a version, as an abs or pdf URL, new or
    old style: the worker finds it as tests/search_oracle.py's parse_query does (the worker's
    parseArxivId and idTerm mirror generator/core/arxiv_id.py and search_index.id_term), the
    paper holding it first and alone, and every answer is lunr's over the unsplit index with
    the same `id` field; a number or an archive's name alone does not reach the ids."""
    from generator.output.search_index import SearchDocument

    docs, _ = oracle
    docs = docs + [
        SearchDocument("papers/old-hep-th/", "Strings on branes", "An old paper of string theory.", ("A. Theorist",),
                       arxiv_id="hep-th/9901001"),
        SearchDocument("papers/old-hep-ph/", "Quarks and branes", "Same number, another archive.", arxiv_id="hep-ph/9901001"),
        SearchDocument("papers/old-math/", "Knots", "Three-manifolds and knots.", arxiv_id="math.GT/0309136"),
        SearchDocument("papers/four-digits/", "An id of 2014", "Four digits after the dot.", arxiv_id="1412.6980"),
        SearchDocument("papers/citing/", "Citing Llama 2", "We extend arXiv:2307.09288 to more languages.",
                       arxiv_id="2401.12345"),
    ]
    llama = "papers/llama-2-open-foundation-and-fine-tuned-chat-models/"
    alone = {"2307.09288": llama, "arXiv:2307.09288": llama, "2307.09288v2": llama,
             "https://arxiv.org/abs/2307.09288": llama, "https://arxiv.org/pdf/2307.09288v1.pdf": llama,
             "ARXIV:2310.06825v1": "papers/mistral-7b/", "hep-th/9901001": "papers/old-hep-th/",
             "arXiv:hep-ph/9901001v3": "papers/old-hep-ph/", "math.GT/0309136": "papers/old-math/",
             "1412.6980": "papers/four-digits/", "2401.12345": "papers/citing/", "2307.09288 language": llama,
             # pasted with punctuation around it (parse_pasted_arxiv_id)
             "(2307.09288)": llama, "2307.09288,": llama, "ARXIV:2310.06825.": "papers/mistral-7b/",
             "arXiv:2307.09288.": llama, "<https://arxiv.org/abs/2307.09288>": llama, "[hep-th/9901001],": "papers/old-hep-th/",
             "\u201c1412.6980\u201d": "papers/four-digits/", "\uff082401.12345\uff09\u3002": "papers/citing/"}
    # words are split at Python's whitespace (str.split): U+0085 and U+001F split, U+FEFF does not
    others = ["2307.09288 mistral", '"2307.09288"', "2401", "9901001", "hep", "llama",
              "2307.09288\x85languages", "2307.09288\x1fmistral", "\ufeff2307.09288", "2401.12345\ufeff",
              # around an id only what is no letter, digit or _ of any script is left out
              "(2401.\u0661\u0662\u0663\u0664\u0665)", "\u06622307.09288", "_2307.09288", "x(2307.09288)",
              "(HEP-TH/9901001)", "(" * 91 + "2307.09288)", "\U0001d11e" * 46 + "2307.09288"]
    queries = list(alone) + others
    expected, answers = _every_answer_on_small_postings(browser, search_site, tmp_path, docs, queries)
    for query, location in alone.items():
        assert [location for location, _ in expected[query]] == [location], query
    assert [location for location, _ in expected["2307.09288 mistral"][:2]] == [llama, "papers/mistral-7b/"]
    assert [location for location, _ in expected['"2307.09288"']] == ["papers/citing/"]  # quoted: the abstract's text
    assert not expected["9901001"] and "papers/citing/" not in [location for location, _ in expected["2401"]]
    for query in queries:
        exact = [items for is_exact, _, items in answers[query] if is_exact]
        assert exact and [location for location, _ in exact[-1]] == [location for location, _ in expected[query]], query
        assert [score for _, score in exact[-1]] == pytest.approx([score for _, score in expected[query]], rel=0, abs=1e-9)
        assert all(items[0][0] == exact[-1][0][0] for _, _, items in answers[query] if items), query  # no other first


def test_an_organization_is_answered_as_lunr(browser, oracle, search_site, tmp_path):
    """A paper's organization (FORMAT 8's `organization` field, the documents' eighth value):
    the worker finds it as lunr does, scores it from the postings and from the document's
    text (documentFields, holdsEvery: a rare word's only result), and a CJK name of three or
    more characters is a phrase its text holds (holdsPhrase); every answer is lunr's."""
    docs, _ = oracle
    docs = docs + ORG_PAPERS
    queries = ["台灣大學", "立台灣大", "台灣", "Nex-AGI", "nex", '"Nex-AGI"', "google", "DeepMind planning", "agents nex",
               "Google DeepMind", '"google deepmind"', "deepmind zorblax", "2401.12345"]
    expected, answers = _every_answer_on_small_postings(browser, search_site, tmp_path, docs, queries)
    firsts = {q: [location for location, _ in expected[q]][:2] for q in queries}
    assert firsts["台灣大學"] == ["papers/ntu-students/", "papers/ntu/"] and firsts["立台灣大"] == ["papers/ntu/"]
    assert firsts["Nex-AGI"] == firsts['"Nex-AGI"'] == ["papers/nex/", "papers/nex-cited/"]
    assert firsts["DeepMind planning"] == ["papers/deepmind/"] and firsts["deepmind zorblax"] == ["papers/nex-cited/", "papers/deepmind/"]
    for query in queries:
        exact = [items for is_exact, _, items in answers[query] if is_exact]
        assert exact and [location for location, _ in exact[-1]] == [location for location, _ in expected[query]], query
        assert [score for _, score in exact[-1]] == pytest.approx([score for _, score in expected[query]], rel=0, abs=1e-9)
        assert all([location for location, _ in items] == [location for location, _ in expected[query]]
                   for _, whole, items in answers[query] if whole), query


def test_a_paper_found_by_its_organization_shows_it_marked(browser, search_site, tmp_path):
    """A paper found by its organization, which neither its abstract nor its authors hold,
    shows the organization with the words marked where it showed its abstract's opening with
    none (fresh26: "Singapore" listed three papers and no mark); found by its abstract, it
    shows the abstract, by its authors, its authors, as before."""
    from generator.output.search_index import SearchDocument

    docs = ORG_PAPERS + [SearchDocument(f"papers/f{n}/", f"Filler {n}", f"Cats of number {n}.") for n in range(4)]
    queries = ["Google DeepMind", "台灣大學", "nex", "silver"]
    expected, items = _last_items_on_small_postings(browser, search_site, tmp_path, docs, queries)
    assert expected["Google DeepMind"] == ["papers/nex-cited/", "papers/deepmind/"]
    assert [text for _, _, text in items["Google DeepMind"]] == ["<mark>Google</mark> <mark>DeepMind</mark>"] * 2
    assert dict((location, text) for location, _, text in items["台灣大學"])["papers/ntu/"] == "國立<mark>台灣大學</mark>"
    assert dict((location, text) for location, _, text in items["nex"]) == {
        "papers/nex/": "<mark>Nex</mark>-AGI", "papers/nex-cited/": "We compare with the <mark>Nex</mark>-AGI agents and others."}
    assert items["silver"] == [["papers/deepmind/", "Planning with world models", "D. <mark>Silver</mark>"]]


def test_an_arxiv_id_typed_into_the_home_page_box_and_the_search_page_finds_its_paper_first(visit):
    """A reader with an arXiv id in hand types it, in any of the ways it is written, into the
    home page's box (header-search.js), a Material page's box (theme/main.html) and the search
    page's (search-page.js): its paper is the result, shown as any other (its title, the
    abstract's first words, its tags); an id that no paper has is named as arXiv writes it."""
    from playwright.sync_api import expect

    ids = {"2307.09288": "Llama 2: Open Foundation and Fine-Tuned Chat Models", "arXiv:2310.06825": "Mistral 7B",
           "2410.21276v2": "GPT-4o System Card",
           "https://arxiv.org/abs/2307.04964": "Secrets of RLHF in Large Language Models Part I: PPO"}
    v = visit()
    for path in ("", MATERIAL_PAGE):
        page = v.open(path)
        box, meta = page.locator("input.md-search__input"), page.locator(".md-search-result__meta")
        box.click()
        expect(meta).to_have_text("Type to start searching", timeout=15_000)
        for typed, title in ids.items():
            box.fill("")
            page.keyboard.type(typed)
            expect(meta).to_have_text("1 matching paper" if path == "" else "1 matching document", timeout=15_000)  # Material's words on its page
            expect(page.locator(".md-search-result__item h1").first).to_have_text(title)
            assert v.result_titles(2) == [title], (path, typed)
        first = page.locator(".md-search-result__item article").first
        # the id is no word of the title or the abstract: only the home page's id line marks it
        assert first.locator("mark").all_inner_texts() == (["2307.04964"] if path == "" else [])
        lines = [line for line in first.inner_text().split("\n") if line.strip()]
        assert lines[1 + (path == ""):][0].startswith("Reinforcement learning with human feedback")
    page = v.open("search/")
    box, status = page.get_by_label("Words to find"), page.locator("#paper-search-status")
    for typed, title in ids.items():
        box.fill("")
        box.press_sequentially(typed)
        expect(page.locator(".paper-search__result h2").first).to_have_text(title, timeout=15_000)
        expect(page.locator(".paper-search__result")).to_have_count(1)
        assert search_page_titles(page, 2) == [title], typed
    box.fill("2401.99999 Touvron")  # no paper has that id: left out, and said so as readers write it
    expect(status).to_contain_text("No paper holds “arXiv:2401.99999”; it is left out.", timeout=15_000)
    assert search_page_titles(page, 1) == ["Llama 2: Open Foundation and Fine-Tuned Chat Models"]


def test_a_result_shows_its_arxiv_id_marked_when_the_words_named_it(visit):
    """A paper found by its arXiv id showed the id nowhere (title, snippet and tags only): the
    search page's byline has it as "arXiv:<id>" (marked when the words named it), the home
    page's result a line under its title when they did; as text, never markup."""
    from playwright.sync_api import expect

    v = visit()
    page = v.open("search/?query=" + urllib.parse.quote("https://arxiv.org/abs/2307.09288v2 mistral"))
    results = page.locator(".paper-search__result")
    expect(results).to_have_count(2, timeout=15_000)
    assert search_page_titles(page, 2) == ["Mistral 7B", "Llama 2: Open Foundation and Fine-Tuned Chat Models"]
    assert [r.locator(".paper-byline__id").inner_text() for r in results.all()] == ["arXiv:2310.06825", "arXiv:2307.09288"]
    assert results.nth(1).locator(".paper-byline__id mark").inner_text() == "2307.09288"  # the id the words named
    assert results.nth(0).locator(".paper-byline__id mark").count() == 0  # found by a word, its id shown plain
    page.get_by_label("Words to find").fill("matryoshka")  # a paper without an id: no such label
    expect(page.locator(".paper-search__result .paper-title a")).to_have_text(["2D Matryoshka Sentence Embeddings"], timeout=15_000)
    assert page.locator(".paper-search__result .paper-byline__id").count() == 0
    home = v.open("?q=2307.09288")
    first = home.locator(".md-search-result__item article").first
    expect(first.locator(".paper-search-id")).to_have_text("arXiv:2307.09288", timeout=15_000)
    assert first.locator(".paper-search-id mark").inner_text() == "2307.09288"
    lines = [line for line in first.inner_text().split("\n") if line.strip()]
    assert lines[:2] == ["Llama 2: Open Foundation and Fine-Tuned Chat Models", "arXiv:2307.09288"]
    assert lines[2].startswith("In this work, we develop and release Llama 2")  # then the snippet
    home.locator("input.md-search__input").fill("touvron")  # found by a word: the home page's list stays as Material's
    expect(home.locator(".md-search-result__item mark")).to_have_text(["Touvron"], timeout=15_000)  # its authors, marked
    assert home.locator(".md-search-result__item .paper-search-id").count() == 0
    # the id is text: a documents file holding markup there shows it as it is
    hostile = visit()

    def tampered(route):
        body = route.fetch().text().replace('"2307.09288"', json.dumps(HOSTILE))
        route.fulfill(body=body, headers={"content-type": "application/json"})

    hostile.context.route("**/search/docs/**", tampered)
    page = hostile.open("search/?query=touvron")
    expect(page.locator(".paper-search__result .paper-byline__id")).to_have_text("arXiv:" + HOSTILE, timeout=15_000)
    assert page.locator(".paper-search__result img").count() == 0


def test_a_query_of_more_words_than_the_tallys_masks_hold_is_answered_as_lunr(browser, search_site, tmp_path):
    """A pasted abstract: 34 words, every one a required clause. The worker's tally keeps a
    document's clauses as the bits of an int32 (1 << 31 is negative, 1 << 32 is 1), so with
    31 clauses or more no paper held them all (its first ten were lunr's optional clauses'
    results, "no paper holds every word"); such a query is answered without them now
    (manyClauses: the papers of its rarest word's rows scored from their text, else every
    posting read and each paper's clauses counted), as lunr answers it."""
    from generator.output.search_index import SearchDocument

    words = [f"w{a}{b}x" for a in "bcdfg" for b in "klmnprs"][:34]
    docs = [SearchDocument("papers/all/", "Every word", " ".join(words) + " zorblax."),
            SearchDocument("papers/all-twice/", "Every word twice", " ".join(words + words[:10]) + "."),
            SearchDocument("papers/first/", "The first words", " ".join(words[:20]) + " firstonly."),
            SearchDocument("papers/last/", "The last words", " ".join(words[14:]) + " lastonly.")]
    docs += [SearchDocument(f"papers/f{n}/", f"Filler {n}", " ".join(words[n::3]) + ".") for n in range(6)]
    queries = [" ".join(words), " ".join(words) + " zorblax", " ".join(words[:31]) + " zqxjv qqqq", " ".join(words[:30]),
               " ".join(words[:31]) + " firstonly lastonly"]
    expected, answers = _every_answer_on_small_postings(browser, search_site, tmp_path, docs, queries)
    assert [[location for location, _ in expected[q]] for q in queries[:2]] == [["papers/all-twice/", "papers/all/"], ["papers/all/"]]
    assert len(expected[queries[4]]) == len(docs)  # no paper holds every word: the optional clauses' results
    for query in queries:
        assert all([location for location, _ in items] == [location for location, _ in expected[query]]
                   for _, whole, items in answers[query] if whole), query   # the rare word's early answer too
        exact = [items for is_exact, _, items in answers[query] if is_exact]
        assert exact and [location for location, _ in exact[-1]] == [location for location, _ in expected[query]], query
        assert [score for _, score in exact[-1]] == pytest.approx([score for _, score in expected[query]], rel=0, abs=1e-9)


def test_every_result_arrives_after_the_first_ten(visit, oracle):
    """The worker answers first with the first 10 results, then with all of them: Material's
    count ends at the unsplit index's count (the papers holding both words), and the 11th
    result has its title."""
    from playwright.sync_api import expect

    docs, search = oracle
    results = search("language model")
    assert len(results) > 10
    v = visit()
    page = v.open(MATERIAL_PAGE + "?q=" + urllib.parse.quote("language model"))
    expect(page.locator(".md-search-result__meta")).to_have_text(f"{len(results)} matching documents", timeout=15_000)
    page.locator(".md-search-result__item").nth(9).scroll_into_view_if_needed()
    eleventh = " ".join(docs[results[10][0]].title.split())
    expect(page.locator(".md-search-result__item h1").nth(10)).to_have_text(eleventh, timeout=15_000)


def test_scrolling_the_results_loads_every_result(visit, oracle):
    """Material adds results to the list as the reader scrolls it; each result carries its
    teaser, so the list stays tall enough to scroll on (with title-only results beyond the
    first 10 it stopped at 14 of 31)."""
    from playwright.sync_api import expect

    _, search = oracle
    count = len(search("language"))
    assert count > 20
    v = visit(viewport={"width": 1280, "height": 900})
    page = v.open(MATERIAL_PAGE + "?q=language")
    expect(page.locator(".md-search-result__meta")).to_have_text(f"{count} matching documents", timeout=15_000)
    box = page.locator(".md-search__scrollwrap").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 150)
    for _ in range(30):
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(100)
    expect(page.locator(".md-search-result__item")).to_have_count(count, timeout=5_000)


def test_results_show_tag_labels_and_a_snippet_around_the_matched_words(visit):
    v = visit()
    page = v.open("?q=" + urllib.parse.quote("BIOSSES"))
    assert v.result_titles(1) == ["Fine-Tuning Large Neural Language Models for Biomedical Natural Language Processing"]
    first = page.locator(".md-search-result__item article").first
    assert first.locator("mark").all_inner_texts() == ["BIOSSES"]  # in the abstract, past its start
    assert first.inner_text().split("\n")[1].startswith("… BERT-LARGE and ELECTRA models. For low-resource")
    tags = first.locator(".md-tag").all_inner_texts()
    assert "Medicine and clinical AI" in tags and not any(t.islower() for t in tags)  # labels, not slugs
    v.open("?q=" + urllib.parse.quote("touvron"))
    assert v.result_titles(1)[0].startswith("Llama 2")
    first = page.locator(".md-search-result__item article").first
    # no word of the abstract matches: its authors are shown, every match marked (the first too)
    assert first.locator("mark").all_inner_texts() == ["Touvron"]


def test_a_quoted_phrase_is_marked_where_it_stands_whole(visit):
    """A quoted phrase is marked where its words follow one another, as one mark, and not
    its words elsewhere or as the beginnings of other words ("language models"); a word
    outside quotes is marked as the beginning of words, as before."""
    v = visit()
    page = v.open("?q=" + urllib.parse.quote('"language model" baidu'))
    assert v.result_titles(2) == ["Pre-trained Language Model based Ranking in Baidu Search"]
    first = page.locator(".md-search-result__item article").first
    assert first.locator("h1 mark").all_inner_texts() == ["Language Model", "Baidu"]
    assert first.locator("mark").all_inner_texts() == ["Language Model", "Baidu", "language model"]
    page.locator("input.md-search__input").fill('"sentence embeddings" matryoshka')
    page.locator("input.md-search__input").press("End")
    from playwright.sync_api import expect

    expect(page.locator(".md-search-result__item h1").first).to_have_text("2D Matryoshka Sentence Embeddings")
    first = page.locator(".md-search-result__item article").first
    assert first.locator("h1 mark").all_inner_texts() == ["Matryoshka", "Sentence Embeddings"]
    assert first.locator("mark").all_inner_texts() == ["Matryoshka", "Sentence Embeddings", "sentence embeddings"]


LAST_ITEMS = with_worker("queries", """\
  const items = {}                               /* per query, [location, title, text] of its exact answer's results */
  for (const query of queries)
    await new Promise(resolve => {
      items[query] = null
      const last = setTimeout(resolve, 10000)
      worker.onmessage = e => {
        const data = e.data.data
        if (data.exact) {
          items[query] = data.items.map(([item]) => [item.location, item.title, item.text])
          clearTimeout(last)
          resolve()
        }
      }
      worker.postMessage({ type: 2, data: query })
    })
  worker.terminate()
  return items""")


def _last_items_on_small_postings(browser, search_site, tmp_path, docs, queries: list[str]):
    """``docs`` as a site's search files with two postings a term in the lexicon
    (:func:`_small_postings_site`): ``(expected, items)``, lunr's result locations for each of
    ``queries`` and the worker's last items for it (``LAST_ITEMS``: location, marked title,
    marked text). Asserts the page had no problem."""
    found, items = _worker_on_small_postings(browser, search_site, tmp_path, docs, queries, LAST_ITEMS)
    return {q: [docs[ref].location for ref, _ in found[q]] for q in queries}, items


def test_marks_of_astral_letters_and_of_a_phrase_across_dots(browser, search_site, tmp_path):
    """Words of letters beyond U+FFFF (mathematical 𝐀𝐁, as abstracts pasted from a PDF hold
    them) are marked, and the worker answers: marks looked on from `at + 1`, between the two
    halves of the letter, where a "u" expression finds the same match again, for ever. It
    froze on a word of them inside another ("x𝐀𝐁", for a word typed outside quotes) and, since
    phrases are marked whole, on a quoted phrase's first word not followed by the phrase. A
    phrase across dots ("models...scale", two tokens) is marked as holdsPhrase finds it."""
    from generator.output.search_index import SearchDocument

    docs = [SearchDocument("papers/bold/", "Bold 𝐀𝐁 letters", "The x𝐀𝐁 term, then 𝐀𝐁 z and 𝐀𝐁 y."),
            SearchDocument("papers/dots/", "Models scale", "Big models...scale well; models scale.")]
    docs += [SearchDocument(f"papers/f{n}/", f"Filler {n}", f"Models of cats number {n}.") for n in range(4)]
    queries = ["𝐀𝐁", '"𝐀𝐁 z"', '"models scale"']
    expected, items = _last_items_on_small_postings(browser, search_site, tmp_path, docs, queries)
    assert expected == {"𝐀𝐁": ["papers/bold/"], '"𝐀𝐁 z"': ["papers/bold/"], '"models scale"': ["papers/dots/"]}
    assert items["𝐀𝐁"] == [["papers/bold/", "Bold <mark>𝐀𝐁</mark> letters",
                            "The x𝐀𝐁 term, then <mark>𝐀𝐁</mark> z and <mark>𝐀𝐁</mark> y."]]
    assert items['"𝐀𝐁 z"'] == [["papers/bold/", "Bold 𝐀𝐁 letters", "The x𝐀𝐁 term, then <mark>𝐀𝐁 z</mark> and 𝐀𝐁 y."]]
    assert items['"models scale"'] == [["papers/dots/", "<mark>Models scale</mark>",
                                        "Big <mark>models...scale</mark> well; <mark>models scale</mark>."]]


def test_a_word_with_a_dotted_capital_i_is_marked(browser, search_site, tmp_path):
    """A word typed with İ ("İstanbul", Turkish titles and names) is the token "i" + U+0307
    + "stanbul", which the paper's İ holds too (lunr finds it), but the expression marking it
    did not find İ (case folding does not map it to "i" + U+0307): the title and abstract
    showed no mark. A quoted phrase starting with such a word is marked whole."""
    from generator.output.search_index import SearchDocument

    docs = [SearchDocument("papers/ist/", "The İstanbul dataset", "We collect the İstanbul dataset in İstanbul today.", ("ALİ Veli",))]
    docs += [SearchDocument(f"papers/f{n}/", f"Filler {n}", f"Models of cats number {n}.") for n in range(4)]
    queries = ["İstanbul", '"İstanbul dataset"']
    expected, items = _last_items_on_small_postings(browser, search_site, tmp_path, docs, queries)
    assert expected == {q: ["papers/ist/"] for q in queries}
    assert items["İstanbul"] == [["papers/ist/", "The <mark>İstanbul</mark> dataset",
                                  "We collect the <mark>İstanbul</mark> dataset in <mark>İstanbul</mark> today."]]
    assert items['"İstanbul dataset"'] == [["papers/ist/", "The <mark>İstanbul dataset</mark>",
                                            "We collect the <mark>İstanbul dataset</mark> in İstanbul today."]]


def test_a_word_is_marked_without_the_sentences_dot_after_it(browser, search_site, tmp_path):
    """A word typed outside quotes is marked as the word SEPARATOR reads: its letters and the
    dots between two of them ("e.g", "web.dev"), not the sentence's dot after it ("models." was
    marked with its dot, and "models..." with its three), as a quoted phrase's words are
    (wordEnd)."""
    from generator.output.search_index import SearchDocument

    docs = [SearchDocument("papers/dots/", "Language models.", "On web.dev. We scale models. Models grow 4.5 times, "
                           "e.g. here; see models...scale and models.")]
    docs += [SearchDocument(f"papers/f{n}/", f"Filler {n}", f"Cats of number {n}.") for n in range(4)]
    queries = ["models", "e.g", "web", '"language models"']
    expected, items = _last_items_on_small_postings(browser, search_site, tmp_path, docs, queries)
    assert expected == {q: ["papers/dots/"] for q in queries}
    assert items["models"] == [["papers/dots/", "Language <mark>models</mark>.",
                                "On web.dev. We scale <mark>models</mark>. <mark>Models</mark> grow 4.5 times, e.g. here; "
                                "see <mark>models</mark>...scale and <mark>models</mark>."]]
    text = "On web.dev. We scale models. Models grow 4.5 times, e.g. here; see models...scale and models."
    assert items["e.g"][0][2] == text.replace("e.g.", "<mark>e.g</mark>.")
    assert items["web"][0][2] == text.replace("web.dev.", "<mark>web.dev</mark>.")
    assert items['"language models"'][0][1] == "<mark>Language models</mark>."


def test_a_word_is_marked_only_where_the_paper_holds_it(browser, search_site, tmp_path):
    """A word is marked where the tokens hold it (hostile27): not after a dot that follows a
    letter ("x.ai" is one token, which a whole `ai` does not find, but "ai" was marked in
    it), and next to a CJK run, which indexText parts from the letters around it
    ("基于Transformer的模型" holds "transformer", which was not marked); an İ written as "i"
    and U+0307 is two tokens, "i" and "stanbul" (U+0307 is a separator), not "İstanbul"."""
    from generator.output.search_index import SearchDocument

    title = "Agents of x.ai, 基于Transformer的模型"
    text = "Using x.ai agents in İstanbul, not i\u0307stanbul; ai agents and Transformer模型 models."
    docs = [SearchDocument("papers/ai/", title, text)]
    docs += [SearchDocument(f"papers/f{n}/", f"Filler {n}", f"Cats of number {n}.") for n in range(4)]
    queries = ["ai transformer", "İstanbul ai"]
    expected, items = _last_items_on_small_postings(browser, search_site, tmp_path, docs, queries)
    assert expected == {q: ["papers/ai/"] for q in queries}
    assert items["ai transformer"] == [["papers/ai/", "Agents of x.ai, 基于<mark>Transformer</mark>的模型",
                                        "Using x.ai agents in İstanbul, not i\u0307stanbul; <mark>ai</mark> agents and "
                                        "<mark>Transformer</mark>模型 models."]]
    assert items["İstanbul ai"][0][2] == ("Using x.ai agents in <mark>İstanbul</mark>, not i\u0307stanbul; <mark>ai</mark> agents "
                                          "and Transformer模型 models.")


def test_chinese_japanese_and_korean_words_are_found(visit):
    v = visit()
    page = v.open("?q=" + urllib.parse.quote("物联网"))
    assert v.result_titles(1) == ["基于物联网的大模型评测"]
    assert page.locator(".md-search-result__item h1 mark").first.inner_text() == "物联网"
    page.locator("input.md-search__input").fill("한국어")
    page.locator("input.md-search__input").press("End")
    from playwright.sync_api import expect

    expect(page.locator(".md-search-result__item h1").first).to_have_text("大規模言語モデルの日本語評価")


def test_result_preview_shows_an_html_title_as_text(visit):
    v = visit()
    page = v.open("?q=" + urllib.parse.quote("prompt injection"))
    assert v.result_titles(1) == [HOSTILE]
    assert page.locator(".md-search-result img").count() == 0


def test_tag_chip_leads_to_its_tag_page(visit):
    v = visit()
    page = v.open("papers/2d-matryoshka-sentence-embeddings/")
    page.locator("a.md-tag", has_text="Embeddings and representations").click()
    page.wait_for_url(re.compile(r"/tags/embeddings/$"))
    assert "2D Matryoshka Sentence Embeddings" in page.locator("article").inner_text()


def test_the_search_pages_tag_chips_lead_to_their_tag_pages(visit, search_site):
    """A result's tag chips on the search page were labels only (spans): each is a link to its
    tag's page, as tags/tags.json (the generator's slugs) gives it, reached by the keys; without
    that file they stay chips that link nowhere, the results listed all the same."""
    from playwright.sync_api import expect

    data = json.loads((search_site / "tags" / "tags.json").read_text(encoding="utf-8"))
    slug = {label: slug for slug, label in data["tags"]}
    v = visit()
    page = v.open("search/?query=BIOSSES")
    result = page.locator(".paper-search__result").first
    expect(result.locator(".paper-title a")).to_have_text(
        "Fine-Tuning Large Neural Language Models for Biomedical Natural Language Processing", timeout=15_000
    )
    chip = result.locator("a.md-tag", has_text="Medicine and clinical AI")
    expect(chip).to_have_attribute("href", "../tags/biomedicine/")
    chips = page.locator(".paper-search__result .md-tag")
    assert chips.count() >= 3
    for label, href in zip(chips.all_inner_texts(), [c.get_attribute("href") for c in chips.all()]):
        assert href == "../" + data["pages"][slug[label]][1], label
    result.locator(".paper-title a").focus()
    page.keyboard.press("Tab")
    expect(result.locator(".md-tag").first).to_be_focused()
    page.keyboard.press("Tab")
    expect(result.locator(".md-tag").nth(1)).to_be_focused()
    chip.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tags/biomedicine/$"))
    expect(page.locator("h1")).to_have_text("Medicine and clinical AI")
    # no tags.json (a build without the generator): chips, no links, no error
    bare = visit()
    bare.context.route("**/tags/tags.json", lambda route: route.fulfill(status=404, body="gone"))
    page = bare.open("search/?query=BIOSSES")
    expect(page.locator(".paper-search__result .md-tag").first).to_have_text(re.compile(r"\w"), timeout=15_000)
    expect(page.locator("#paper-search-status")).to_have_text("1 matching paper")
    assert page.locator(".paper-search__result a.md-tag[href]").count() == 0
    bare.problems[:] = [p for p in bare.problems if "404" not in p]  # the missing file, as the test made it


def test_palette_toggle_switches_to_dark(visit):
    v = visit(color_scheme="light")
    page = v.open()
    body = page.locator("body")
    for _ in range(3):
        if body.get_attribute("data-md-color-scheme") == "slate":
            break
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert body.get_attribute("data-md-color-scheme") == "slate"


def test_mobile_viewport_shows_the_search(visit):
    v = visit(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = v.open()
    assert not page.locator("#__search").is_checked()
    page.locator("label.md-header__button[for=__search]").click()  # the magnifier icon
    assert page.locator("#__search").is_checked()
    page.keyboard.type("GPT-4o")
    assert v.result_titles(1) == ["GPT-4o System Card"]


def test_the_home_page_dialog_holds_the_page_behind_it_still_on_a_phone(visit):
    """As Material's bundle does: on a phone, where the search dialog covers the screen, the
    home page behind it is fixed where it was scrolled to (Material's scroll lock, its rule
    kept among the inline styles) and put back there when the dialog closes; on a wide
    screen, where the dialog does not cover the page, nothing is locked."""
    from playwright.sync_api import expect

    v = visit(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = v.open()
    page.evaluate("window.scrollTo(0, 300)")
    page.wait_for_function("window.scrollY === 300")
    page.locator("label.md-header__button[for=__search]").click()
    expect(page.locator("#__search")).to_be_checked()
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-scrolllock", "")
    assert body.evaluate("b => [getComputedStyle(b).position, b.style.top]") == ["fixed", "-300px"]
    page.keyboard.type("Matryoshka")
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching paper", timeout=15_000)  # not a prefix's
    assert v.result_titles(1) == ["2D Matryoshka Sentence Embeddings"]
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    assert body.evaluate("b => [b.hasAttribute('data-md-scrolllock'), getComputedStyle(b).position, b.style.top]") == \
        [False, "relative", ""]
    assert page.evaluate("window.scrollY") == 300
    wide = visit(viewport={"width": 1280, "height": 800}).open()
    wide.locator("input.md-search__input").click()
    expect(wide.locator("#__search")).to_be_checked()
    assert wide.locator("body").evaluate("b => b.hasAttribute('data-md-scrolllock')") is False


def test_the_home_page_searches_in_materials_box_without_materials_script(visit):
    """The home page (theme/home.html) loads no JavaScript of Material's: its header box,
    shown before any script ran, answers through header-search.js in Material's dialog and
    result markup (the title and snippet with the words marked, the tags, the link carrying
    the words as `?h=`), counts in Material's words, links every result on the search page;
    the keys work as Material's (/, s, f open it, the arrows go through the results, Escape
    closes it, Enter opens the first result), the reset button empties it."""
    from playwright.sync_api import expect

    v = visit()
    page = v.page
    scripts = []
    page.on("request", lambda request: request.resource_type == "script" and scripts.append(request.url))
    page.goto(v.server.url, wait_until="commit")
    box, meta = page.locator("input.md-search__input"), page.locator(".md-search-result__meta")
    box.wait_for(state="visible")
    page.wait_for_load_state()
    assert [url.rsplit("/", 1)[1] for url in scripts] == ["paper-search.js"]  # the worker; the page's own are inline
    assert page.locator("script[data-src$='/header.js'], script[data-src$='/header-search.js']").count() == 2
    assert page.locator("script[src*='bundle.']").count() == 0
    expect(meta).to_have_text("Type to start searching", timeout=15_000)
    box.click()
    assert page.locator("#__search").is_checked()
    page.keyboard.type("Matryoshka")
    assert v.result_titles(2) == ["2D Matryoshka Sentence Embeddings"]
    expect(meta).to_have_text("1 matching paper")
    first = page.locator(".md-search-result__item article").first
    assert first.locator("h1 mark").all_inner_texts() == ["Matryoshka"]
    snippet = first.inner_text().split("\n")[1]
    assert snippet.startswith("… ") and "applications. Matryoshka Representation" in snippet
    assert first.locator(".md-tag").all_inner_texts() == ["Embeddings and representations", "Language"]
    paper = v.server.url + "papers/2d-matryoshka-sentence-embeddings/?h=matryoshka"
    assert page.locator(".md-search-result__link").get_attribute("href") == paper
    assert page.locator(".paper-search-all").get_attribute("href") == v.server.url + "search/?query=Matryoshka"

    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == paper
    page.keyboard.press("ArrowDown")  # round, past the last result, to the box
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.href") == paper
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert page.evaluate("document.activeElement === document.body")
    for key in ("/", "s", "f"):
        page.keyboard.press(key)
        assert page.locator("#__search").is_checked()
        assert page.evaluate("document.activeElement.matches('input.md-search__input')")
        page.keyboard.press("Escape")
    assert box.input_value() == "Matryoshka"  # the keys were not typed
    box.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(paper)
    expect(page.locator("article h1 mark")).to_have_text("Matryoshka")  # Material's bundle there marks it

    page.go_back()
    box.click()
    box.fill("GPT-4o")
    assert v.result_titles(1) == ["GPT-4o System Card"]
    page.locator(".md-search__form button[type=reset]").click()
    expect(page.locator(".md-search-result__item")).to_have_count(0)
    expect(meta).to_have_text("Type to start searching")
    expect(page.locator(".paper-search-all")).to_be_hidden()


def test_the_home_page_lists_the_first_ten_and_counts_every_result(visit, oracle):
    """From Material's deep link (?q=) on the home page: the first 10 results, the unsplit
    index's, and the count of every result once the worker says its list is whole (the
    first answer has 10 of them: "10+" until then); every result is on the search page."""
    from playwright.sync_api import expect

    docs, search = oracle
    results = search("language model")
    assert len(results) > 10
    v = visit()
    page = v.open("?q=" + urllib.parse.quote("language model"))
    expect(page.locator(".md-search-result__meta")).to_have_text(f"{len(results)} matching papers (the first 10 listed)", timeout=15_000)
    assert v.result_titles(20) == [" ".join(docs[ref].title.split()) for ref, _ in results[:10]]
    assert page.locator(".paper-search-all").get_attribute("href") == v.server.url + "search/?query=language%20model"


def _home_box_answered_nothing(v: Visit):
    """The home page of ``v`` with "zzzq" (found in no paper) in Material's box and its
    answer shown: ``(page, meta)``, its search's meta line. Nothing comes from the worker
    after that, so a test's own answers are the only ones."""
    from playwright.sync_api import expect

    page = v.open()
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text("Type to start searching", timeout=15_000)
    box.fill("zzzq")
    expect(meta).to_have_text("No paper matches these words.", timeout=15_000)
    return page, meta


def test_the_home_page_counts_a_first_answer_as_more_to_come(visit):
    """A first answer (not exact: the leading results at hand while the worker proves the
    rest) is no count: one result of it said "1 matching document" until the proof said 30
    (seen in a screenshot of the phone's dialog). It is "1+" now; a first answer the worker
    says is whole (a rare word's only result) is counted as it is. The search page said "the
    first 1 results"."""
    from playwright.sync_api import expect

    v = visit()
    page, meta = _home_box_answered_nothing(v)
    answer = """([exact, whole]) => window.paperSearchStart.worker.onmessage({ data: { type: 3, data: {
      items: [[{ location: "papers/a/", title: "A &lt;paper&gt;", text: "Its abstract", tags: [], date: "2025-03-18" }]],
      exact, whole, query: document.querySelector("input.md-search__input").value } } })"""
    for exact, whole, said in ((False, False, "1+ matching papers"), (False, True, "1 matching paper"),
                               (True, True, "1 matching paper")):
        page.evaluate(answer, [exact, whole])
        expect(meta).to_have_text(said)
        assert v.result_titles(2) == ["A <paper>"]
    # the search page says so in its words, as of 10 ("the first 10 results; more may follow")
    page = v.open("search/?query=zzzq")
    status = page.locator("#paper-search-status")
    expect(status).to_have_text("No paper matches these words.", timeout=15_000)
    for exact, whole, said in ((False, False, "The first matching paper; more may follow"), (False, True, "1 matching paper")):
        page.evaluate(answer.replace('document.querySelector("input.md-search__input")', 'document.getElementById("paper-search-query")'),
                      [exact, whole])
        expect(status).to_have_text(said)


def test_the_pages_say_how_far_the_check_of_a_phrase_is(visit):
    """While the worker checks a phrase in many papers and found it in none yet, it tells the
    pages how many it read (`checking`, an answer of no result: before, each page said "No
    paper matches these words." for it, and the home page kept the older words' results
    meanwhile); then the results as they come."""
    from playwright.sync_api import expect

    v = visit()
    said = "Searching for the phrase: 1,200 of 3,339 papers with its words read…"
    answer = """([items, checking]) => window.paperSearchStart.worker.onmessage({ data: { type: 3, data: {
      items: items.map(title => [{ location: "papers/a/", title, text: "Its abstract", tags: [], date: "2025-03-18" }]),
      exact: false, top: true, checking, query: document.querySelector("input.md-search__input").value } } })"""
    page, meta = _home_box_answered_nothing(v)
    page.evaluate(answer, [["An older answer"], None])
    assert v.result_titles(1) == ["An older answer"]
    page.evaluate(answer, [[], [1200, 3339]])
    expect(meta).to_have_text(said)
    assert page.locator(".md-search-result__list > *").count() == 0
    page.evaluate(answer, [["A paper"], None])
    expect(meta).to_have_text("1+ matching papers")
    page = v.open("search/?query=zzzq")
    status = page.locator("#paper-search-status")
    expect(status).to_have_text("No paper matches these words.", timeout=15_000)
    searched = answer.replace('document.querySelector("input.md-search__input")', 'document.getElementById("paper-search-query")')
    page.evaluate("window.paperSearchStart.worker.postMessage = () => {}")   # the answers below are the only ones
    page.get_by_label("Words to find").fill("zzzq zzzr")   # the status stays the older words' until an answer
    page.evaluate(searched, [[], [1200, 3339]])
    expect(status).to_have_text(said)
    assert page.locator(".paper-search__result").count() == 0
    page.evaluate(searched, [["A paper"], None])
    expect(status).to_have_text("The first matching paper; more may follow")


def test_the_home_page_dialog_keeps_materials_ways_with_keys_suggestions_and_its_address(visit):
    """What a reader found missing on the home page against Material's search on the other
    pages (fresh23): a letter or Backspace on a highlighted result edits the box; the last
    word's completion shows in the box's shadow and ArrowRight takes it; Enter pressed before
    the words are answered opens their first result, not the list's older one; the count
    says how many are listed, and a word in no paper is named; the focus leaving the dialog
    by the keys closes it, and closing it takes Material's `?q=` off the address."""
    from playwright.sync_api import expect

    v = visit()
    page = v.open("?q=bert")
    box, meta = page.locator("input.md-search__input"), page.locator(".md-search-result__meta")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    page.keyboard.press("Shift+Tab")  # out of the dialog, to the header's palette toggle
    assert not page.locator("#__search").is_checked()
    assert page.url == v.server.url  # ?q= taken off
    box.click()
    box.fill("language models")
    expect(meta).to_have_text(re.compile(r"^\d+ matching papers \(the first 10 listed\)$"), timeout=15_000)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Backspace")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    assert box.input_value() == "language model"
    page.keyboard.press("ArrowDown")
    page.keyboard.type("s")
    assert box.input_value() == "language models"

    box.fill("sentenc")
    expect(page.locator(".md-search__suggest")).to_have_text("sentence", timeout=15_000)
    page.keyboard.press("ArrowRight")
    assert box.input_value() == "sentence"

    box.fill("language xyzzyqq")
    expect(meta).to_have_text(re.compile(r"^No paper holds “xyzzyqq”; it is left out\. \d+ matching papers"), timeout=15_000)

    box.fill("Matryoshka")
    expect(page.locator(".md-search-result__item h1").first).to_have_text("2D Matryoshka Sentence Embeddings", timeout=15_000)
    held = []
    page.route("**/search/terms/**", lambda route: held.append(route))  # the next words' lexicon waits: no answer yet
    with page.expect_request(lambda request: "/search/terms/" in request.url, timeout=15_000):
        box.fill("GPT-4o")
    page.keyboard.press("Enter")
    assert page.url == v.server.url
    for route in held:
        route.continue_()
    page.unroute("**/search/terms/**")
    expect(page).to_have_url(v.server.url + "papers/gpt-4o-system-card/?h=gpt+4o", timeout=15_000)  # not Matryoshka's


HOLD_ANSWERS = """window.__held = []; window.__hold = false
const Native = window.Worker
window.Worker = class extends Native {
  set onmessage(handler) {
    super.onmessage = event => window.__hold && event.data.type === 3 ? window.__held.push(() => handler(event)) : handler(event)
  }
}"""


def test_the_home_page_lists_no_answer_to_older_words(visit):
    """An answer on its way before the box's last words were sent (held here until then) is
    not listed for them: the worker says which text each answer is for (hostile23: Enter
    opened a paper of "language m" with "language model" in the box)."""
    from playwright.sync_api import expect

    v = visit()
    page = v.page
    page.add_init_script(HOLD_ANSWERS)
    v.open()
    box = page.locator("input.md-search__input")
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
    page.evaluate("window.__hold = true")
    box.fill("Matryoshka")
    page.wait_for_function("window.__held.length > 0", timeout=15_000)
    older = page.evaluate("window.__held.length")   # answers to "Matryoshka" (GPT-4o's may be held after them)
    box.fill("GPT-4o")
    listed = page.evaluate("""older => { window.__held.splice(0, older).forEach(deliver => deliver())
      return [...document.querySelectorAll('.md-search-result__item h1')].map(h => h.textContent) }""", older)
    assert listed == []
    page.evaluate("window.__hold = false; window.__held.splice(0).forEach(deliver => deliver())")
    assert v.result_titles(1) == ["GPT-4o System Card"]


def test_the_home_page_says_when_search_cannot_read_its_index(visit):
    """The worker tells the page when search/search_index.json cannot be read (`false` on
    the hints' channel): the meta line says search could not start, not "Initializing
    search" for ever (hostile23)."""
    from playwright.sync_api import expect

    v = visit()
    v.page.route("**/search/search_index.json", lambda route: route.fulfill(status=404, body="no"))
    page = v.open()
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"^Search could not start in this browser\."), timeout=15_000)
    v.problems.clear()  # the 404 on the console is the point here


def test_the_home_page_result_links_carry_the_words_matched(visit):
    """A result's link carries the words the worker matched (`?h=`, as Material's links do),
    not the box's text: a quoted phrase's words, without the quotes (hostile23)."""
    v = visit()
    page = v.open("?q=" + urllib.parse.quote('"language model"'))
    page.locator(".md-search-result__link").first.wait_for(timeout=15_000)
    assert page.locator(".md-search-result__link").first.get_attribute("href").endswith("?h=language+model")


def search_page_titles(page, n: int) -> list[str]:
    """The first ``n`` result titles of the search page (search/), once it shows one."""
    first = page.locator(".paper-search__result h2").first
    first.wait_for(timeout=15_000)
    return [" ".join(t.split()) for t in page.locator(".paper-search__result h2").all_inner_texts()[:n]]


def test_the_search_page_ranks_as_the_index_and_its_address_keeps_the_query(visit, oracle):
    """The search page (theme/search.html): typed words give the unsplit index's first
    results as links to the papers, the address follows the box (?query=), and that address
    opened again shows the same results."""
    from playwright.sync_api import expect

    docs, search = oracle
    expected = [" ".join(docs[ref].title.split()) for ref, _ in search("sentence embedding")[:3]]
    assert expected[0] != "2D Matryoshka Sentence Embeddings"  # the next query changes the first result
    v = visit()
    page = v.open("search/")
    box = page.get_by_label("Words to find")
    box.fill("Matryoshka")
    assert search_page_titles(page, 1) == ["2D Matryoshka Sentence Embeddings"]
    expect(page).to_have_url(re.compile(r"/search/\?query=Matryoshka$"))
    box.fill("sentence embedding")
    expect(page.locator(".paper-search__result h2").first).to_have_text(expected[0])
    assert search_page_titles(page, 3) == expected
    expect(page).to_have_url(re.compile(r"/search/\?query=sentence\+embedding$"))  # once typing paused
    shared = page.url
    again = visit().open(shared[len(v.server.url):])
    assert again.get_by_label("Words to find").input_value() == "sentence embedding"
    assert search_page_titles(again, 3) == expected
    again.locator(".paper-search__result h2 a").first.click()
    again.wait_for_url(re.compile(r"/papers/[^/]+/$"))
    assert " ".join(again.locator("article h1").inner_text().split()) == expected[0]


def test_the_search_page_address_follows_the_box_once_typing_pauses_or_the_box_is_left(visit):
    """Each address replacement is a navigation the browser commits on its main thread (its
    address bar, the session history), which the next key waited for: the address follows
    the box once typing pauses, not at each key, and at once when the box is left (Tab, a
    result reached by the keys or clicked) or the form is sent (Enter)."""
    from playwright.sync_api import expect

    v = visit()
    page = v.page
    page.add_init_script("""window.__replaced = []
      const replace = history.replaceState.bind(history)
      history.replaceState = (state, title, url) => { window.__replaced.push(String(url)); return replace(state, title, url) }""")
    v.open("search/")
    box = page.get_by_label("Words to find")
    box.focus()
    page.keyboard.type("sentence embeddings")  # 19 keys, each an input event
    expect(page).to_have_url(re.compile(r"/search/\?query=sentence\+embeddings$"))
    replaced = page.evaluate("window.__replaced")
    assert replaced[-1].endswith("?query=sentence+embeddings") and len(replaced) <= 3, replaced  # was one a key
    # leaving the box writes the address at once: no pause needed
    page.keyboard.type(" 2D")
    page.keyboard.press("Tab")
    assert page.evaluate("location.search") == "?query=sentence+embeddings+2D"
    box.focus()
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")  # the form sent
    assert page.evaluate("location.search") == "?query=sentence+embeddings+2"


def test_the_search_page_loads_no_material_script_and_keeps_the_header_working(visit):
    """The search page loads no JavaScript of Material's (its start-up work held a reader's
    first key), only its own: the page's box is the search (Material's header box is not
    shown; /, s and f focus the page's box; Material's deep link ?q= is read), the palette
    toggle switches and is remembered as Material remembers it, across the search page and
    the other pages, both ways."""
    from playwright.sync_api import expect

    v = visit(color_scheme="light")
    page = v.page
    scripts = []
    page.on("request", lambda request: request.resource_type == "script" and scripts.append(request.url))
    page.add_init_script("""window.__switching = 0; new MutationObserver(records => { for (const r of records)
      window.__switching += r.target.hasAttribute("data-md-color-switching") }).observe(document,
      { attributes: true, subtree: true, attributeFilter: ["data-md-color-switching"] })""")
    v.open("search/?q=Matryoshka")
    assert search_page_titles(page, 1) == ["2D Matryoshka Sentence Embeddings"]
    assert [url.rsplit("/", 1)[1] for url in scripts] == ["paper-search.js"]  # the worker; the page's own two are inline
    assert page.locator("script[data-src$='/search-page.js'], script[data-src$='/header.js']").count() == 2
    # no frame before the form is parsed: the element rel=expect names holds the box (a
    # missing one would hold every frame until the whole page is parsed)
    expected = page.locator("link[rel=expect][blocking=render]").get_attribute("href")
    assert page.locator(f"{expected} #paper-search-query").count() == 1
    assert page.locator("script[src*='bundle.']").count() == 0
    assert page.locator(".md-search").is_hidden()
    assert page.locator("label.md-header__button[for=__search]").is_hidden()
    for key in ("/", "s", "f"):
        page.locator("article h1").click()
        page.keyboard.press(key)
        assert page.evaluate("document.activeElement.id") == "paper-search-query"
    assert page.get_by_label("Words to find").input_value() == "Matryoshka"  # the keys were not typed

    body, toggle = page.locator("body"), page.locator("form[data-md-component=palette] label:visible")
    assert toggle.get_attribute("title") == "Switch to light mode"  # the first palette: the system's, light here
    # Material's no-transitions attribute restyles every element, set and removed: not at load
    # (the head has set the colours), nor for a palette of the same colours, only for new ones
    assert page.evaluate("window.__switching") == 0
    # the header's colours in the meta; color-scheme only once not light (added, it restyles every element)
    expect(page.locator("meta[name=theme-color]")).to_have_attribute("content", re.compile(r"^#[0-9a-f]{6}$"))
    assert page.locator("meta[name=color-scheme]").count() == 0
    toggle.click()
    expect(toggle).to_have_attribute("title", "Switch to dark mode")
    assert page.evaluate("window.__switching") == 0
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate("window.__switching") == 1
    expect(page.locator("meta[name=color-scheme]")).to_have_attribute("content", "dark")
    expect(toggle).to_have_attribute("title", "Switch to system preference")
    v.open("about/")  # Material's bundle reads what the search page stored
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    expect(toggle).to_have_attribute("title", "Switch to system preference")
    toggle.click()  # back to the system's scheme (light), on Material's page
    expect(toggle).to_have_attribute("title", "Switch to light mode")
    v.open("search/")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    expect(toggle).to_have_attribute("title", "Switch to light mode")
    page.emulate_media(color_scheme="dark")  # the system's scheme changes: the page follows
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    expect(page.locator("meta[name=color-scheme]")).to_have_attribute("content", "dark")
    page.locator("form[data-md-component=palette] input").first.focus()
    page.keyboard.press("Enter")  # Enter selects the next palette, as on Material's pages
    expect(toggle).to_have_attribute("title", "Switch to dark mode")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    expect(page.locator("meta[name=color-scheme]")).to_have_attribute("content", "light")


COMPUTED_STYLES = """() => {
  const styles = {}, seen = {}
  for (const element of document.querySelectorAll("body *")) {
    let key = element.tagName + "." + element.className + "#" + element.id
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement)
      key = up.tagName + "." + up.className + ">" + key
    seen[key] = (seen[key] || 0) + 1
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(element, pseudo)
      if (pseudo && style.content === "none")
        continue
      let values = ""
      for (const name of style)  /* not custom properties: the same values, written differently */
        if (!name.startsWith("--"))
          values += name + ":" + style.getPropertyValue(name) + ";"
      let hash = 2166136261  /* FNV-1a of the values */
      for (let i = 0; i < values.length; i++)
        hash = Math.imul(hash ^ values.charCodeAt(i), 16777619)
      styles[key + "#" + seen[key] + (pseudo || "")] = hash >>> 0
    }
  }
  return styles
}"""


def test_the_search_page_looks_as_with_the_stylesheets_it_holds_inline(visit):
    """The build puts the search page's stylesheets inline (generator/output/page_styles.py:
    the rules that can match the page), so its first frame waits for no request: every
    element, its ::before and ::after, has the same computed style as with the whole
    stylesheets linked (light and dark, wide and 390 px, results shown, the drawer open),
    and the page asks for no stylesheet."""
    def shown(page, width):
        assert search_page_titles(page, 1) == ["2D Matryoshka Sentence Embeddings"]
        page.locator("#paper-search-filters-toggle").click()  # the filters' fields, from their template
        page.get_by_label("Tag", exact=True).wait_for()
        if width < 1000:
            page.locator(".md-header__button[for=__drawer]").click()
            page.wait_for_function("document.getElementById('__drawer').checked && !document.getAnimations().length")

    _looks_as_with_the_stylesheets_linked(visit, "search/?query=Matryoshka", shown)


def test_the_home_page_looks_as_with_the_stylesheets_it_holds_inline(visit):
    """The home page's stylesheets are inline too, Material's result markup among the rules
    kept (its <template> in theme/home.html): the same computed styles as with the whole
    stylesheets linked, with the search dialog open on results, wide and narrow."""
    def shown(page, width):
        if width < 1000:
            page.locator("label.md-header__button[for=__search]").click()
        page.locator("input.md-search__input").click()
        page.keyboard.type("Matryoshka")
        page.locator(".md-search-result__item h1").first.wait_for(timeout=15_000)
        page.wait_for_function("!document.getAnimations().length")

    _looks_as_with_the_stylesheets_linked(visit, "", shown)


def _looks_as_with_the_stylesheets_linked(visit, path: str, shown) -> None:
    """The page at ``path``, once ``shown(page, width)`` has put it in the state to compare,
    has every element's computed style the same with its inline stylesheets as with them
    linked (the page as the template gives it), in light and dark at 1280 px and light at
    390 px, and asks for no stylesheet."""
    inline = re.compile(r'<style data-href="([^"]+)">.*?</style>', re.S)
    for scheme, width in (("light", 1280), ("dark", 1280), ("light", 390)):
        styles = []
        for linked in (False, True):
            v = visit(color_scheme=scheme, viewport={"width": width, "height": 800})
            page = v.page
            css: list[str] = []
            page.on("request", lambda request, css=css: request.url.endswith(".css") and css.append(request.url))
            url = v.server.url + path
            if linked:  # the page as the template gives it, without the hook's on_post_page
                page.route(lambda requested, url=url: requested == url, lambda route: route.fulfill(
                    response=(response := route.fetch()),
                    body=inline.sub(lambda m: f'<link rel="stylesheet" href="{m[1]}">', response.text())))
            page.goto(url)
            shown(page, width)
            styles.append(page.evaluate(COMPUTED_STYLES))
            assert [url.rsplit("/", 1)[1].split(".")[0] for url in css] == (["main", "palette", "digests"] if linked else [])
        different = [key for key in styles[0] if styles[0][key] != styles[1].get(key)]
        assert different == [] and len(styles[0]) == len(styles[1]) > 150, (scheme, width, different)


def test_the_arrow_keys_move_from_the_search_box_through_the_results(visit, oracle):
    """As in Material's search: ArrowDown from the box focuses the first result's link,
    ArrowDown and ArrowUp go from result to result, past either end round to the box;
    Escape on a result goes back to the box; the box keeps its words."""
    docs, search = oracle
    expected = [" ".join(docs[ref].title.split()) for ref, _ in search("sentence embeddings")[:3]]
    page = visit().open("search/?query=sentence+embeddings")
    count = len(search_page_titles(page, 100))
    assert count == min(20, len(search("sentence embeddings"))) and count >= 3
    focused = "document.activeElement.id || document.activeElement.textContent.trim().split(/\\s+/).join(' ')"
    box = page.get_by_label("Words to find")
    box.focus()
    for key, where in [("ArrowDown", expected[0]), ("ArrowDown", expected[1]), ("ArrowDown", expected[2]),
                       ("ArrowUp", expected[1]), ("ArrowUp", expected[0]), ("ArrowUp", "paper-search-query")]:
        page.keyboard.press(key)
        assert page.evaluate(focused) == where, key
    page.keyboard.press("ArrowUp")  # from the box, round to the last result
    assert page.evaluate("document.activeElement.closest('li') === document.querySelector('#paper-search-results > li:last-child')")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == "paper-search-query"
    assert box.input_value() == "sentence embeddings"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")  # from a result, back to the box
    assert page.evaluate(focused) == "paper-search-query" and box.input_value() == "sentence embeddings"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # a focused result is followed
    page.wait_for_url(re.compile(r"/papers/[^/]+/$"))
    assert " ".join(page.locator("article h1").inner_text().split()) == expected[0]


def test_a_focused_result_keeps_the_focus_when_a_later_answer_replaces_the_list(visit):
    """The worker answers a query more than once (the first results, then all); a reader who
    went down to a result when the next answer replaces the list stays there: on the same
    paper's link, else on the link at its place, else (no result left) on the box. The focus
    fell to the page, and the arrow keys stopped working (a reader's check, session 17)."""
    from playwright.sync_api import expect

    page = visit().open("search/?query=sentence+embeddings")
    expect(page.locator("#paper-search-status")).to_have_text(re.compile(r"^\d+ matching papers$"), timeout=15_000)  # all of them
    links = page.locator("#paper-search-results .paper-title a")
    assert links.count() >= 3
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    page.get_by_label("Words to find").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # on the second result
    answer = """order => {  /* a RESULT as the worker sends it, of the listed papers in this order */
      const root = window.paperSearchStart.root
      const items = [...document.querySelectorAll("#paper-search-results > li")].map(li => ({
        location: li.querySelector(".paper-title a").getAttribute("href").slice(root.length),
        title: li.querySelector(".paper-title a").innerHTML, text: li.querySelector(".paper-summary").innerHTML, tags: []}))
      const query = document.getElementById("paper-search-query").value   /* the text it answers */
      window.paperSearchStart.worker.onmessage({ data: { type: 3, data: { items: order.map(i => [items[i]]), whole: true, query } } })
    }"""
    focused = "document.activeElement.getAttribute('href') || document.activeElement.id || document.activeElement.tagName"
    count = len(hrefs)
    page.evaluate(answer, list(reversed(range(count))))  # the same papers, the other way round
    assert page.evaluate(focused) == hrefs[1] and links.nth(count - 2).get_attribute("href") == hrefs[1]
    page.evaluate(answer, [i for i in range(count) if i != count - 2])  # that paper no longer listed
    assert page.evaluate(focused) == hrefs[0]  # the link now at its place (it was last)
    page.keyboard.press("ArrowUp")  # the arrow keys still move through the results
    assert page.evaluate(focused) == links.nth(count - 3).get_attribute("href")
    page.evaluate(answer, [])
    assert page.evaluate(focused) == "paper-search-query"


def test_the_search_page_asks_for_more_than_one_letter_before_saying_nothing_matches(visit, oracle):
    """A word of one letter is searched only as a whole word (the worker's prefixes start at two
    letters), so while the last word is one letter, no results are no verdict: the status asks
    for more letters instead of saying that no paper matches (a reader's check, session 17)."""
    from playwright.sync_api import expect

    docs, search = oracle
    letter = next(c for c in "mqxzjkvwy" if not search(c))
    page = visit().open("search/")
    box, status = page.get_by_label("Words to find"), page.locator("#paper-search-status")
    box.fill(letter)
    expect(status).to_have_text(f"Type more letters to find the words that start with “{letter}” "
                                "(a single letter is searched only as a whole word).", timeout=15_000)
    assert page.locator(".paper-search__result").count() == 0
    box.fill("a")  # a stop word: not searched whole either
    expect(status).to_have_text("“a” is too common to search for; type more letters to find the words that start with it.")
    box.fill("qzxq")  # more letters and still nothing: that is said
    expect(status).to_have_text("No paper matches these words.", timeout=15_000)


def test_the_search_page_filters_by_tag_and_date(visit, oracle):
    """Filters keep the results that carry the tag and were first listed in the range; the
    address holds them (the tag by its slug); the count says how many of the results match."""
    from playwright.sync_api import expect

    docs, search = oracle
    every = [docs[ref] for ref, _ in search("language models")]
    tagged = [d for d in every if "Long context" in d.tags]
    later = [d for d in every if d.date >= "2025-03-19"]
    assert 20 < len(every) < 40 and 0 < len(tagged) < len(every) and 0 < len(later) < len(every)
    v = visit()
    page = v.open("search/?query=language+models")
    status = page.locator("#paper-search-status")
    expect(status).to_have_text(f"{len(every)} matching papers")
    # the filters wait behind their button: their fields are not in the page until it is pressed
    toggle = page.locator("#paper-search-filters-toggle")  # "Clear filters" is a button too
    assert toggle.get_attribute("aria-expanded") == "false" and page.locator("input[type=date], select").count() == 0
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.get_by_label("Tag", exact=True).select_option("Long context")
    expect(status).to_have_text(f"{len(every)} matching papers; the filters keep {len(tagged)}")
    expect(page).to_have_url(re.compile(r"/search/\?query=language\+models&tag=long-context$"))
    toggle.click()  # closed, the filter still holds, and the button says so
    assert page.get_by_label("Tag", exact=True).is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    expect(toggle).to_have_text("Filters: 1 set")
    assert search_page_titles(page, 100) == [" ".join(d.title.split()) for d in tagged]
    page = v.open("search/?query=language+models&tag=long-context")  # a shared address: the filters open at once
    status = page.locator("#paper-search-status")
    expect(status).to_have_text(f"{len(every)} matching papers; the filters keep {len(tagged)}")
    assert page.get_by_role("button", name="Filters: 1 set").get_attribute("aria-expanded") == "true"
    assert search_page_titles(page, 100) == [" ".join(d.title.split()) for d in tagged]
    assert page.get_by_label("Tag", exact=True).input_value() == "Long context"
    page.get_by_label("Tag", exact=True).select_option("")
    expect(page).to_have_url(re.compile(r"/search/\?query=language\+models$"))
    page.get_by_label("Tag", exact=True).select_option("Long context")
    expect(page).to_have_url(re.compile(r"/search/\?query=language\+models&tag=long-context$"))
    page.get_by_label("Tag", exact=True).select_option("")
    expect(status).to_have_text(f"{len(every)} matching papers")
    assert search_page_titles(page, 100) == [" ".join(d.title.split()) for d in every[:20]]  # then "Show more"
    page.get_by_role("button", name="Show more results").click()
    assert search_page_titles(page, 100) == [" ".join(d.title.split()) for d in every]
    assert page.get_by_role("button", name="Show more results").is_hidden()
    page.get_by_label("Listed from").fill("2025-03-19")
    expect(status).to_have_text(f"{len(every)} matching papers; the filters keep {len(later)}")
    assert search_page_titles(page, 100) == [" ".join(d.title.split()) for d in later]
    assert {t.get_attribute("datetime") for t in page.locator(".paper-search__result time").all()} == {"2025-03-19"}
    expect(page).to_have_url(re.compile(r"/search/\?query=language\+models&from=2025-03-19$"))
    # the tag list counts the results the date filter keeps: choosing a tag shows that many
    later_tags = Counter(label for d in later for label in d.tags)
    options = page.get_by_label("Tag", exact=True).locator("option").all_inner_texts()
    assert options[0] == "Any tag" and sorted(options[1:]) == sorted(f"{label} ({n})" for label, n in later_tags.items())
    label, n = later_tags.most_common(1)[0]
    page.get_by_label("Tag", exact=True).select_option(label)
    expect(status).to_have_text(f"{len(every)} matching papers; the filters keep {n}")


def test_the_search_pages_filters_are_bounded_cleared_at_once_and_keep_their_width(visit, oracle, search_site):
    """The date fields offered any day (the archive's are tags/tags.json's `days`); no control
    cleared the filters (three fields to empty by hand); the tag list was as wide as its
    longest option, which the results and the dates change, and the fields after it moved."""
    from playwright.sync_api import expect

    docs, search = oracle
    every = search("language models")
    data = json.loads((search_site / "tags" / "tags.json").read_text(encoding="utf-8"))
    first, last = min(d.date for d in docs if d.date), max(d.date for d in docs if d.date)
    assert data["days"] == [first, last] == ["2025-03-18", "2025-03-19"]
    v = visit()
    page = v.open("search/?query=language+models&tag=long-context&from=2025-03-19")
    status = page.locator("#paper-search-status")
    expect(status).to_have_text(re.compile(rf"^{len(every)} matching papers; the filters keep \d+$"), timeout=15_000)
    tag, start, end = page.get_by_label("Tag", exact=True), page.get_by_label("Listed from"), page.get_by_label("to", exact=True)
    for field in (start, end):
        expect(field).to_have_attribute("min", first)
        expect(field).to_have_attribute("max", last)
    widths = {tag.bounding_box()["width"]}
    lefts = {start.bounding_box()["x"]}
    tag.select_option("")
    start.fill("")
    expect(status).to_have_text(f"{len(every)} matching papers")
    widths.add(tag.bounding_box()["width"])
    lefts.add(start.bounding_box()["x"])
    page.get_by_label("Words to find").fill("matryoshka")  # one tag's worth of options
    expect(status).to_have_text("1 matching paper", timeout=15_000)
    widths.add(tag.bounding_box()["width"])
    lefts.add(start.bounding_box()["x"])
    assert len(widths) == 1 and len(lefts) == 1, (widths, lefts)
    # cleared at once, by the keys: the tag, both days, and what the address got wrong; the address keeps the words
    page = v.open("search/?query=language+models&tag=long-context&from=2025-03-18&to=2025-13-45")
    status = page.locator("#paper-search-status")
    expect(status).to_have_text(re.compile(r"^The address's “to” day, “2025-13-45”, is not a day .* the filters keep \d+$"), timeout=15_000)
    clear = page.get_by_role("button", name="Clear filters")
    page.get_by_label("to", exact=True).focus()
    for _ in range(4):                   # the date field's day, month and year parts first, then the button
        if page.evaluate("document.activeElement.id") == "paper-search-clear":
            break
        page.keyboard.press("Tab")
    expect(clear).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_have_text(f"{len(every)} matching papers")
    expect(page).to_have_url(re.compile(r"/search/\?query=language\+models$"))
    assert [page.get_by_label(name, exact=True).input_value() for name in ("Tag", "Listed from", "to")] == ["", "", ""]
    toggle = page.locator("#paper-search-filters-toggle")
    expect(toggle).to_have_text("Filters")  # none set, and still open
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(clear).to_be_focused()
    assert len(search_page_titles(page, 100)) == 20


def test_show_more_results_moves_the_focus_to_the_first_result_it_adds_and_says_how_many_are_listed(visit, oracle):
    """"Show more results" pressed from the keyboard: the focus goes to the first result it
    added, on every press, and the status says how many are listed. The last press hid the
    button and the focus fell to the page, the next Tab starting again at its top (fresh26:
    54 results of "large language models"); the earlier presses left it on the button, below
    the results added. A later answer that hides the focused button leaves the focus on the
    last result listed, not the page."""
    from playwright.sync_api import expect

    docs, search = oracle
    every = [docs[ref] for ref, _ in search("language models")]
    assert 20 < len(every) <= 40
    page = visit().open("search/?query=language+models")
    status = page.locator("#paper-search-status")
    expect(status).to_have_text(f"{len(every)} matching papers", timeout=15_000)
    more = page.get_by_role("button", name="Show more results")
    focused = "document.activeElement.closest('#paper-search-results') ? document.activeElement.textContent : document.activeElement.tagName"
    more.focus()
    page.keyboard.press("Enter")  # the last press: every result listed, the button gone
    expect(more).to_be_hidden()
    assert " ".join(page.evaluate(focused).split()) == " ".join(every[20].title.split())
    expect(status).to_have_text(f"{len(every)} matching papers; all listed")
    page.keyboard.press("Tab")  # on to the result's tags, not back to the top of the page
    assert page.evaluate("!!document.activeElement.closest('#paper-search-results > li:nth-child(21)')")
    # 50 results (an answer as the worker sends it): two presses, each moving the focus to the first it added
    answer = """count => {
      const query = document.getElementById("paper-search-query").value   /* the text it answers */
      const items = Array.from({ length: count }, (_, i) => [{ location: "papers/made-" + (i + 1) + "/",
        title: "Made paper " + (i + 1), text: "Language models.", date: "2025-03-19", tags: [] }])
      window.paperSearchStart.worker.onmessage({ data: { type: 3, data: { items, whole: true, query } } })
    }"""
    page.get_by_label("Words to find").fill("language models ")  # another query: the first 20 listed
    expect(status).to_have_text(f"{len(every)} matching papers", timeout=15_000)  # the worker's last answer
    page.evaluate(answer, 50)
    expect(status).to_have_text("50 matching papers")
    for first, said in ((21, "40 listed"), (41, "all listed")):
        more.focus()
        page.keyboard.press("Enter")
        assert page.evaluate(focused) == f"Made paper {first}"
        expect(status).to_have_text(f"50 matching papers; {said}")
    expect(more).to_be_hidden()
    page.get_by_label("Words to find").fill("language models")
    expect(status).to_have_text(f"{len(every)} matching papers", timeout=15_000)
    page.evaluate(answer, 50)
    expect(more).to_be_visible()
    more.focus()
    page.evaluate(answer, 5)  # fewer: the button goes while it has the focus
    expect(more).to_be_hidden()
    assert page.evaluate(focused) == "Made paper 5"


def test_back_from_a_result_focuses_it_with_as_many_results_listed(visit, oracle):
    """Back from a paper opened from the search page (the page runs again: the browser kept no
    copy of it), the result opened has the focus and is in view, with the results listed as
    many as when it was opened ("Show more" pressed); a reader's key first leaves the focus be."""
    from playwright.sync_api import expect

    docs, search = oracle
    every = [docs[ref] for ref, _ in search("language models")]
    assert 20 < len(every) <= 40
    v = visit()
    page = v.open("search/?query=language+models")
    expect(page.locator("#paper-search-status")).to_have_text(f"{len(every)} matching papers")
    page.get_by_role("button", name="Show more results").click()
    links = page.locator(".paper-search__result .paper-title a")
    expect(links).to_have_count(len(every))
    last = links.nth(len(every) - 1)
    title = last.inner_text()
    assert " ".join(title.split()) == " ".join(every[-1].title.split())
    last.click()
    page.wait_for_url(re.compile(r"/papers/[^/]+/$"))
    page.go_back()
    focused = page.locator(".paper-search__result .paper-title a:focus")
    expect(focused).to_have_text(title)
    expect(focused).to_be_in_viewport()
    expect(links).to_have_count(len(every))
    # a key pressed before the results came back (its lexicon held): the focus stays where the
    # reader put it, the results listed as many as before all the same
    page.goto(page.url.replace("/search/", "/about/"))
    held, released = [], []
    page.route("**/search/terms/**", lambda route: route.continue_() if released else held.append(route))
    page.go_back(wait_until="domcontentloaded")
    page.keyboard.press("s")
    box = page.locator("#paper-search-query")
    expect(box).to_be_focused()
    deadline = time.monotonic() + 15
    while not held and time.monotonic() < deadline:  # the worker asks for the query's lexicon
        page.wait_for_timeout(20)
    assert held and not page.locator(".paper-search__result").count()
    released.append(True)
    for route in held:
        route.continue_()
    expect(links).to_have_count(len(every))
    expect(box).to_be_focused()
    # a state that is not the page's own (another script's, a corrupted one): at least a page listed
    for listed in ("abc", {}, -5, None):
        page.evaluate("listed => history.replaceState({ opened: 'javascript:void 0', listed }, '')", listed)
        page.reload()
        expect(page.locator("#paper-search-status")).to_have_text(f"{len(every)} matching papers")
        expect(links).to_have_count(20)


def test_the_search_page_says_a_backwards_range_keeps_no_day_and_filters_need_words(visit, oracle):
    """A "from" day after the "to" day is named as such (not only "0 of … match"); filters
    set with no words typed say what to do instead of showing an empty page."""
    from playwright.sync_api import expect

    docs, search = oracle
    every = search("language")
    assert len(every) > 20  # more than one page of results, all kept out by the range
    page = visit().open("search/?query=language&from=2025-03-20&to=2025-03-18")
    status = page.locator("#paper-search-status")
    backwards = "The “from” day, 20 Mar 2025, is after the “to” day, 18 Mar 2025: no day is in between."
    expect(status).to_have_text(f"{backwards} {len(every)} matching papers; the filters keep 0")
    assert page.locator(".paper-search__result").count() == 0
    page.get_by_label("Words to find").fill("")
    expect(status).to_have_text(backwards)
    page.get_by_label("to", exact=True).fill("")
    expect(status).to_have_text("Type words to search the papers listed from 20 Mar 2025 on.")
    undated = visit().open("search/?query=language&from=2025-13-45")  # no such day: said, not dropped silently
    expect(undated.locator("#paper-search-status")).to_have_text(
        f"The address's “from” day, “2025-13-45”, is not a day (YYYY-MM-DD), so it is left out. {len(every)} matching papers"
    )
    undated.get_by_label("Listed from").fill("2025-03-19")
    expect(undated.locator("#paper-search-status")).to_have_text(re.compile(r"^\d+ matching papers; the filters keep \d+$"))
    # no results: said after what the address got wrong, as results are (it was left unsaid)
    nothing = visit().open("search/?query=qzxqzx&from=2025-13-45")
    expect(nothing.locator("#paper-search-status")).to_have_text(
        "The address's “from” day, “2025-13-45”, is not a day (YYYY-MM-DD), so it is left out. No paper matches these words."
    )
    long_context = sum("Long context" in d.tags for d in docs)
    language = sum("Language" in d.tags for d in docs)
    assert 1 < long_context < language
    # without words, the tag's page is linked: every paper of the tag is there
    tag_line = "Type words to search the papers tagged “Long context”. Or see all {} of its papers on the tag’s page."
    tagged = visit().open("search/?tag=Long+context")  # a label (an address of before slugs) is read as its tag
    expect(tagged.locator("#paper-search-status")).to_have_text(tag_line.format(long_context))
    assert tagged.locator("#paper-search-status a").get_attribute("href") == "../tags/long-context/"
    assert tagged.get_by_label("Tag", exact=True).input_value() == "Long context"
    assert tagged.locator(".paper-search__result").count() == 0
    # Without words no paper is counted: the tag is offered without a count, not as "(0)".
    assert tagged.get_by_label("Tag", exact=True).locator("option:checked").inner_text() == "Long context"
    expect(tagged).to_have_url(re.compile(r"/search/\?tag=long-context$"))
    former = visit().open("search/?tag=llm")  # a former slug (taxonomy.yml's aliases) is read as its tag
    expect(former.locator("#paper-search-status")).to_have_text(
        f"Type words to search the papers tagged “Language”. Or see all {language} of its papers on the tag’s page."
    )
    expect(former).to_have_url(re.compile(r"/search/\?tag=language$"))
    typed = visit().open("search/?tag=LONG_context")  # typed by hand: any case, underscores or spaces for hyphens
    expect(typed.locator("#paper-search-status")).to_have_text(tag_line.format(long_context))
    expect(typed).to_have_url(re.compile(r"/search/\?tag=long-context$"))
    typed.locator("#paper-search-status a").click()
    expect(typed).to_have_url(re.compile(r"/tags/long-context/$"))
    expect(typed.locator("h1")).to_have_text("Long context")
    unknown = visit().open("search/?query=language&tag=no-such-tag")  # no tag: said, not dropped silently
    expect(unknown.locator("#paper-search-status")).to_have_text(
        f"The address's tag, “no-such-tag”, is no tag of this site, so it is left out. {len(every)} matching papers"
    )
    unknown.get_by_label("Tag", exact=True).select_option("")
    expect(unknown.locator("#paper-search-status")).to_have_text(f"{len(every)} matching papers")


def test_the_search_page_says_when_words_are_in_no_paper_or_no_paper_holds_them_all(visit, oracle):
    """A word found in no paper is named and left out; when no paper holds every word, the
    page says the results hold some of them; a list with every result says how many."""
    from playwright.sync_api import expect

    docs, search = oracle
    matryoshka = search("matryoshka")
    assert [docs[ref].title for ref, _ in matryoshka] == ["2D Matryoshka Sentence Embeddings"]
    page = visit().open("search/?query=zqxjv+matryoshka")
    status = page.locator("#paper-search-status")
    expect(status).to_have_text("No paper holds “zqxjv”; it is left out. 1 matching paper")
    assert search_page_titles(page, 5) == ["2D Matryoshka Sentence Embeddings"]
    injection = {ref for ref, _ in search("injection")}
    assert injection and not injection & {ref for ref, _ in matryoshka}  # no paper holds both
    assert {ref for ref, _ in search("injection matryoshka")} == injection | {ref for ref, _ in matryoshka}
    assert search("zqxjv matryoshka") == matryoshka  # the unsplit index leaves the word out too
    page.get_by_label("Words to find").fill("injection matryoshka")
    expect(status).to_have_text(f"No paper holds every word; these hold some of them. {len(injection) + 1} matching papers")
    titles = search_page_titles(page, 100)
    assert "2D Matryoshka Sentence Embeddings" in titles and HOSTILE in titles


def test_the_search_page_names_words_too_common_to_search_for(visit, oracle):
    """A stop word (lunr's pipeline drops it from the index) is named and left out; a query
    of stop words only is searched as beginnings of words, as lunr's ``the*``, and says so."""
    from playwright.sync_api import expect

    docs, search = oracle
    assert search("the matryoshka") == search("matryoshka") and len(search("matryoshka")) == 1
    starting = search("the")  # theory, thesis, therefore…: "the" itself is in no index term
    assert 0 < len(starting) < len(docs)
    page = visit().open("search/?query=the+matryoshka")
    status = page.locator("#paper-search-status")
    expect(status).to_have_text("“the” is too common to search for; it is left out. 1 matching paper")
    assert search_page_titles(page, 5) == ["2D Matryoshka Sentence Embeddings"]
    page.get_by_label("Words to find").fill("the")
    expect(status).to_have_text("“the” is too common to search for alone; these papers hold words that start with it. "
                                f"{len(starting)} matching papers")
    assert search_page_titles(page, 100) == [" ".join(docs[ref].title.split()) for ref, _ in starting]
    # A stop word no word starts with is left out of such a query, and named as too common
    # (it was "No paper holds “twas”", or "No paper matches these words" alone).
    assert search("twas") == [] and search("the twas") == starting
    page.get_by_label("Words to find").fill("the twas")
    expect(status).to_have_text("“the”, “twas” are too common to search for alone; these papers hold words that start "
                                f"with “the”. {len(starting)} matching papers")
    page.get_by_label("Words to find").fill("twas")
    expect(status).to_have_text("“twas” is too common to search for, and no paper holds a word that starts with it.")
    # A stop word of a quoted phrase is not left out: the phrase's papers hold it where it
    # stands (it said "“and” is too common to search for; it is left out. 1 matching paper")
    phrase = search('"foundation and fine"')
    assert len(phrase) == 1 and len(search("foundation fine")) > 1
    page.get_by_label("Words to find").fill('"foundation and fine"')
    expect(status).to_have_text("1 matching paper")
    assert search_page_titles(page, 5) == [" ".join(docs[phrase[0][0]].title.split())]
    page.get_by_label("Words to find").fill('the "foundation and fine"')   # one typed outside it is
    expect(status).to_have_text("“the” is too common to search for; it is left out. 1 matching paper")


def test_the_home_page_and_the_search_page_count_results_alike(visit, oracle):
    """The home page said "32 matching documents" (Material's words) where the search page said
    "32 results" for the same words. Both say "32 matching papers" now (paperSearchStart.matching),
    and the hand-written pages found are pages ("about/"); Material's own pages keep its words."""
    from playwright.sync_api import expect

    docs, search = oracle
    counts = {query: [bool(docs[ref].date) for ref, _ in search(query)] for query in ("language models", "search", "digests", "matryoshka")}
    assert len(counts["language models"]) > 10 and all(counts["language models"])
    assert sorted(counts["search"]) == [False] + [True] * (len(counts["search"]) - 1) and counts["digests"] == [False]
    said = {
        "language models": f"{len(counts['language models'])} matching papers",
        "search": f"{len(counts['search'])} matching papers and pages",
        "digests": "1 matching page",
        "matryoshka": "1 matching paper",
    }
    v = visit()
    home = v.open()
    box, meta = home.locator("input.md-search__input"), home.locator(".md-search-result__meta")
    box.click()
    for query, text in said.items():
        box.fill(query)
        expect(meta).to_have_text(text + " (the first 10 listed)" * (len(counts[query]) > 10), timeout=15_000)
    page = v.open("search/")
    for query, text in said.items():
        page.get_by_label("Words to find").fill(query)
        expect(page.locator("#paper-search-status")).to_have_text(text, timeout=15_000)
    material = v.open(MATERIAL_PAGE + "?q=matryoshka")
    expect(material.locator(".md-search-result__meta")).to_have_text("1 matching document", timeout=15_000)


def test_the_home_page_names_words_too_common_to_search_for_as_the_search_page_does(visit, oracle):
    """The home page's box said "No paper holds “a”; it is left out. No matching documents"
    for "a" (every abstract holds it: a stop word, and one letter) and "6 matching documents"
    for "the" with no word on why (fresh24). Its meta line now says what the search page's
    status line says (the same sentences: partials/search-start.html), and counts as it does."""
    from playwright.sync_api import expect

    docs, search = oracle
    starting = search("the")
    assert 1 < len(starting) < 10 and search("z") == []
    page = visit().open()
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text("Type to start searching", timeout=15_000)
    for query, said in (
            ("a", "“a” is too common to search for; type more letters to find the words that start with it."),
            ("the", f"“the” is too common to search for alone; these papers hold words that start with it. "
                    f"{len(starting)} matching papers"),
            ("the matryoshka", "“the” is too common to search for; it is left out. 1 matching paper"),
            ("twas", "“twas” is too common to search for, and no paper holds a word that starts with it."),
            ("z", "Type more letters to find the words that start with “z” (a single letter is searched only as a "
                  "whole word)."),
            # a letter inside quotes is a phrase's whole word, as every word of a phrase is: it
            # said "Type more letters to find the words that start with “z”" (hostile26)
            ('"matryoshka z"', "No paper matches these words."),
            # no paper holds any word: it said "No paper holds “xyzzy”; it is left out. No paper holds every
            # word; these hold some of them. No matching documents" over an empty list (fresh25)
            ("xyzzy", "No paper matches these words."),
            ("xyzzy qwertyq", "No paper matches these words.")):
        box.fill(query)
        expect(meta).to_have_text(said, timeout=15_000)


def test_the_search_page_names_a_common_word_while_a_rare_words_only_result_is_shown(visit, oracle, search_site):
    """The rare word's only result, shown before the other words' lexicon shards come (held
    here), is said with the query's stop words, as the exact answer says them: the status
    line said "1 result" until the other shards came, and named "the" only then."""
    from playwright.sync_api import expect

    docs, search = oracle
    assert [docs[ref].title for ref, _ in search("the matryoshka language")] == ["2D Matryoshka Sentence Embeddings"]
    first = json.loads((search_site / "search" / "search_index.json").read_text("utf-8"))["config"]["shards"]["first"]
    rare = f"/search/terms/{bisect.bisect_right(first, 'matryoshka') - 1}.json"
    assert rare != f"/search/terms/{bisect.bisect_right(first, 'language') - 1}.json"
    v = visit()
    held, released = [], []
    v.page.route("**/search/terms/**", lambda route: route.continue_()
                 if released or urllib.parse.urlsplit(route.request.url).path.endswith(rare) else held.append(route))
    page = v.open("search/?query=the+matryoshka+language")
    status = page.locator("#paper-search-status")
    expect(status).to_have_text("“the” is too common to search for; it is left out. 1 matching paper", timeout=15_000)
    assert held and search_page_titles(page, 5) == ["2D Matryoshka Sentence Embeddings"]  # "language": not come yet
    came = []
    page.on("requestfinished", lambda request: "/search/terms/" in request.url and came.append(request.url))
    released.append(True)
    for route in held:
        route.continue_()
    deadline = time.monotonic() + 15
    while len(came) < len(held) and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert len(came) == len(held)
    expect(status).to_have_text("“the” is too common to search for; it is left out. 1 matching paper")


def test_automatic_palette_is_resolved_before_the_first_frame(browser, server):
    """A reader who never chose a palette, with a dark system, gets the dark scheme from the
    page's own markup, before any script of Material's runs (its bundle held back here)."""
    for path in ("", "search/"):  # a page with Material's bundle, and the search page (header.js: inline there, so
        # not held back; it sets the same)
        context = browser.new_context(color_scheme="dark")
        try:
            page = context.new_page()
            page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
            page.route("**/assets/javascripts/header.js", lambda route: route.abort())
            page.goto(server.url + path, wait_until="domcontentloaded")
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        finally:
            context.close()
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
        page.goto(server.url, wait_until="domcontentloaded")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    finally:
        context.close()


def test_the_search_page_shows_an_html_title_as_text_and_works_without_javascript_as_a_link_list(visit, browser, server):
    """A digest's title holding markup is text on the search page; without JavaScript the
    page says search needs it and where every paper is reachable instead."""
    v = visit()
    page = v.open("search/?query=" + urllib.parse.quote("prompt injection"))
    assert search_page_titles(page, 1) == [HOSTILE]
    assert page.locator("#paper-search-results img").count() == 0
    context = browser.new_context(java_script_enabled=False)
    try:
        quiet = context.new_page()
        quiet.goto(server.url + "search/")
        assert quiet.locator("#paper-search").is_hidden()  # a form that could do nothing
        assert quiet.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == \
            "rgb(64, 81, 181)"  # styled: the page's inline styles need no script
        note = quiet.locator(".paper-search__noscript")
        assert " ".join(note.inner_text().split()) == (
            "Search needs JavaScript, which is off in this browser. Every paper is still two clicks away: "
            "by day in the archive, by topic in the tags.")
        assert [a.get_attribute("href") for a in note.locator("a").all()] == ["../archive/", "../tags/"]
    finally:
        context.close()


def test_the_date_filter_keeps_a_paper_on_each_day_it_was_listed(real_site, browser):
    """GameWorld is listed on 10 and 16 April 2026: the date filter kept it for its first day
    only ("0 of 1 results match the filters" for the 16th). It is kept for either day now and
    shows the day of the range it was listed on; the button says "Filters: 2 set"."""
    from playwright.sync_api import expect

    with serve(real_site) as server:
        visit = Visit(browser, server, viewport={"width": 1280, "height": 800})
        for day in ("2026-04-16", "2026-04-10"):
            page = visit.open(f"search/?query=GameWorld&from={day}&to={day}")
            status = page.locator("#paper-search-status")
            expect(status).to_have_text("1 matching paper", timeout=15_000)
            result = page.locator(".paper-search__result")
            assert result.locator(".paper-title").inner_text().startswith("GameWorld")
            assert result.locator("time").get_attribute("datetime") == day
            expect(page.get_by_role("button", name="Filters: 2 set")).to_have_attribute("aria-expanded", "true")
        page = visit.open("search/?query=GameWorld&from=2026-04-11&to=2026-04-15")  # between its days: not kept
        expect(page.locator("#paper-search-status")).to_have_text("1 matching paper; the filters keep 0", timeout=15_000)
        page = visit.open("search/?query=GameWorld")
        expect(page.locator("#paper-search-status")).to_have_text("1 matching paper", timeout=15_000)
        assert page.locator(".paper-search__result time").get_attribute("datetime") == "2026-04-10"  # its first day
        assert visit.problems == []


def test_the_organization_a_paper_page_names_finds_the_paper(real_site, browser):
    """GameWorld's page names its organization, National University of Singapore, which no
    other field of it holds: the search page and the home page's box find it, alone."""
    from playwright.sync_api import expect

    with serve(real_site) as server:
        visit = Visit(browser, server)
        page = visit.open("search/?q=" + urllib.parse.quote("National University of Singapore"))
        expect(page.locator("#paper-search-status")).to_have_text(
            "“of” is too common to search for; it is left out. 1 matching paper", timeout=15_000)
        assert page.locator(".paper-search__result .paper-title").inner_text().startswith("GameWorld")
        page = visit.open()
        page.locator("input.md-search__input").click()
        page.keyboard.type("Singapore")
        expect(page.locator(".md-search-result__meta")).to_have_text("1 matching paper", timeout=15_000)
        assert visit.result_titles(2) == ["GameWorld: Towards Standardized and Verifiable Evaluation of Multimodal Game Agents"]
        assert visit.problems == []
