"""Paper pages and listings a reader can act on (issue 16, items 3–5): listings, paper pages,
feeds, sources and the archive. Unit tests on catalogs made in memory from real fixture
records, then a few browser checks on ``real_site`` (the pasted seed day plus real Hugging
Face API days, tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.request
from pathlib import Path

import pytest


from conftest import FIXTURES
from generator.catalog.catalog import build_catalog
from generator.core.model import Digest, ListedPaper
from generator.inputs.readers import read_file
from generator.catalog.tagging import load_taxonomy
from generator.pages.archive_pages import archive_pages, most_upvoted
from generator.pages.day_pages import day_pages
from generator.pages.listing import day_order, first_authors, initialled
from generator.pages.paper_pages import link_buttons, render_paper
from generator.pages.tag_pages import tag_pages

TAXONOMY = load_taxonomy()
HF_0416 = FIXTURES / "hf-daily" / "2026-04-16.json"
RATIONAL = "papers/rationalrewards-reasoning-rewards-scale-visual-generation-both-training-and-test/"
ABSTRACT = "We propose a thing that does what it says. " * 6


def test_first_authors_are_initialled_then_et_al():
    assert initialled("Xianming Li") == "X. Li"
    assert initialled("Li, Xianming") == "X. Li"
    assert initialled("Peter H. N. de With") == "P. H. N. de With"
    assert initialled("Ken-ichi Iwata") == "K. Iwata"
    assert initialled("Plato") == "Plato"
    assert initialled("Jean-Luc Godard") == "J.-L. Godard"
    assert initialled("J.R.R. Tolkien") == "J.R.R. Tolkien"
    assert initialled("Émile Zola") == "É. Zola"
    # No initial is guessed for a given name without case or with markup: the name stays whole.
    assert initialled("李 明") == "李 明"
    assert initialled("<b>Evil</b> Person") == "<b>Evil</b> Person"
    assert initialled('"Bob" Smith') == '"Bob" Smith'
    assert first_authors(("Haozhe Wang", "Cong Wei", "Weiming Ren")) == "H. Wang, C. Wei et al."
    assert first_authors(("Haozhe Wang", "Cong Wei")) == "H. Wang, C. Wei"
    assert first_authors(()) == ""


def test_an_organisation_among_the_authors_is_never_initialled():
    # Real author names of the corpora (Hugging Face Daily Papers, 5 Dec 2025: Nex-N1,
    # 2512.04987, is by "Nex-AGI Team, Yuxuan Cai, …"); listings said "N.-A. Team".
    assert first_authors(("Nex-AGI Team", "Yuxuan Cai", "Lu Chen")) == "Nex-AGI Team, Y. Cai et al."
    for name in ("Qwen Team", "Team Olmo", "The IntFold Team", "SIMA team", "Global Radiology Consortium",
                 "Mind Lab", "Clark Labs Inc", "LG AI Research", "Mistral AI", "Sand. ai", "Lanser Contributors"):
        assert initialled(name) == name
    # "Ai" is a surname, "AI" inside a hyphenated surname is not a word of its own.
    assert initialled("Qingyao Ai") == "Q. Ai"
    assert initialled("Ayoub AI-Hamadi") == "A. AI-Hamadi"


def test_given_names_in_capitals_are_initials_kept_as_written():
    # Real author names of the corpora: "ZY Cui" was "Z. Cui", "Marco AF Pimentel" "M. A. Pimentel".
    assert initialled("ZY Cui") == "ZY Cui"
    assert initialled("Marco AF Pimentel") == "M. AF Pimentel"
    assert initialled("ASM Mobarak Hossain") == "ASM M. Hossain"
    assert initialled("Mark CW van Rossum") == "M. CW van Rossum"
    assert initialled("Yubo Huang") == "Y. Huang"


def _hf_day_reversed(tmp_path: Path) -> Digest:
    """The real 2026-04-16 HF day with its two records in reverse order (fewer upvotes first)."""
    records = json.loads(HF_0416.read_text(encoding="utf-8"))
    reversed_day = tmp_path / "2026-04-16.json"
    reversed_day.write_text(json.dumps(records[::-1]), encoding="utf-8")
    return read_file(reversed_day).digests[0]


def test_a_day_with_upvotes_is_listed_by_upvotes_with_summary_lines(tmp_path):
    digest = _hf_day_reversed(tmp_path)
    assert [p.upvotes for p in digest.papers] == [42, 64]
    catalog = build_catalog([digest], TAXONOMY)
    assert [p.upvotes for p in day_order(catalog.papers_on(digest.date))] == [64, 42]
    page = day_pages(catalog, TAXONOMY)["days/2026-04-16.md"]
    titles = re.findall(r'^<h2 class="paper-title" id="[^"]+"><a href="\.\./\.\./papers/[^"]+/">(.+?)</a>', page, re.M)
    assert titles[0].startswith("RationalRewards") and titles[1].startswith("GameWorld")
    assert "2 papers from [Hugging Face Daily Papers](https://huggingface.co/papers?date=2026-04-16), most upvoted first." in page
    assert page.count('<span class="summary-label"') == 2
    assert '<span class="paper-byline__votes">64 upvotes</span>' in page
    assert '<span class="paper-byline__authors">H. Wang, C. Wei et al.</span>' in page
    bibtex = page[page.index("```text") :]
    assert bibtex.index("@misc{wang2026rationalrewards") < bibtex.index("@misc{ouyang2026gameworld")


def test_a_tag_page_lists_the_newest_day_first_and_a_day_as_its_day_page_does():
    def day(n: int, *papers: tuple[str, int | None]) -> Digest:
        listed = [ListedPaper(title=f"{title} dense retrieval paper", abstract="Dense retrieval for search engines.",
                              upvotes=votes) for title, votes in papers]
        return Digest(date=dt.date(2025, 3, n), papers=listed)

    catalog = build_catalog([day(18, ("Beta", None), ("Alpha", None)), day(19, ("Apple", 3), ("Zebra", 90), ("Mango", 12))],
                            TAXONOMY)
    page = tag_pages(catalog, TAXONOMY)["tags/search-and-recommendation.md"]
    titles = re.findall(r'^<h3 class="paper-title" [^>]+><a [^>]+>(\w+) dense retrieval paper</a>', page, re.M)
    # 19 March by upvotes (its day page's order, not by title), then 18 March in the digest's order
    assert titles == ["Zebra", "Mango", "Apple", "Beta", "Alpha"]
    day_page = day_pages(catalog, TAXONOMY)["days/2025-03-19.md"]
    assert re.findall(r'^<h2 class="paper-title" [^>]+><a [^>]+>(\w+) dense', day_page, re.M) == ["Zebra", "Mango", "Apple"]


def test_a_day_without_upvotes_keeps_its_order_and_shows_at_most_three_tags():
    papers = [ListedPaper(title=f"Paper number {n} about language models and retrieval and reasoning", abstract=ABSTRACT) for n in (3, 1, 2)]
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=papers)], TAXONOMY)
    page = day_pages(catalog, TAXONOMY)["days/2025-03-18.md"]
    assert re.findall(r'^<h2 class="paper-title" [^>]+><a [^>]+>Paper number (\d)', page, re.M) == ["3", "1", "2"]
    assert "most upvoted" not in page and "summary-label" not in page
    for item in page.split('<div class="listed-paper">')[1:4]:
        assert item.count('<a class="md-tag"') <= 3


def test_a_day_page_and_the_tags_index_keep_the_blank_line_after_their_heading():
    # A block tag ending the heading's line ate its newline under trim_blocks (as on trends.md.j2).
    papers = [ListedPaper(title="Paper number 1 about language models", abstract=ABSTRACT)]
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=papers)], TAXONOMY)
    day = day_pages(catalog, TAXONOMY)["days/2025-03-18.md"]
    assert "\n# Papers of 18 March 2025\n\n1 paper. " in day
    tags = tag_pages(catalog, TAXONOMY)
    assert "\n# Tags\n\nEvery tag that papers carry" in tags["tags/index.md"]
    assert "\n# Tags by number of papers\n\nEvery tag that papers carry" in tags["tags/by-count.md"]


def test_the_tags_indexes_link_no_tag_without_papers():
    """The tags indexes listed every area, those no paper carries too ("Robotics and embodied
    AI (0)"), linking to a page that says it has no paper. They list the tags papers carry
    only; an area no paper carries has no page, but one a paper's arXiv category links to."""
    papers = [ListedPaper(title="Long Contexts", abstract=ABSTRACT, tags=["long-context"], categories=["cs.CL", "cs.RO"])]
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=papers)], TAXONOMY)
    pages = tag_pages(catalog, TAXONOMY)
    assert set(catalog.papers[0].tags) == {"long-context", "language"}
    assert '(<a href="../../tags/robotics/">Robotics and embodied AI</a>)' in render_paper(catalog.papers[0], TAXONOMY)
    assert {path for path in pages if path.count("/") == 1} == {
        "tags/language.md", "tags/long-context.md", "tags/robotics.md",
        "tags/index.md", "tags/by-count.md", "tags/trends.md", "tags/tags.json",
    }
    for index in ("tags/index.md", "tags/by-count.md"):
        areas, table = pages[index].split("## Areas")[1].split("## All tags")
        assert re.findall(r"\[([^]]+)\]\(([^)]+)\) \((\d+)\)", areas) == [("Language", "language.md", "1")]
        assert re.findall(r'<tr>\n<td><a href="([^"]+)">', table) == (
            ["language/", "long-context/"] if index == "tags/index.md" else ["../language/", "../long-context/"]
        )
        assert "Robotics" not in pages[index] and "(0)" not in pages[index]
    assert "No paper carries this tag yet." in pages["tags/robotics.md"]  # the category's link leads somewhere
    assert "tags/agents.md" not in pages and "tags/pretraining.md" not in pages  # no paper, no link: no page


def test_a_summary_line_shows_its_tex_as_the_abstract_does_and_escapes_the_rest():
    """A listing's summary line is a sentence of the abstract: its math goes to KaTeX (an
    arithmatex span, which makes the page load KaTeX), its TeX text commands become text, and
    nothing in it is Markdown or HTML."""
    abstract = (
        "We introduce a sorter in $\\mathcal{O}(n \\log n)$ time for \\emph{any} input, *not* "
        "<b>bold</b> [a](b) and 5 \\% faster. It is tested on lists of integers and strings."
    )
    papers = [ListedPaper(title="A Sorter", abstract=abstract)]
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=papers)], TAXONOMY)
    page = day_pages(catalog, TAXONOMY)["days/2025-03-18.md"]
    summary = re.search(r'^<p class="paper-summary">(.*)</p>$', page, re.M)
    assert summary is not None
    assert summary[1] == (
        'We introduce a sorter in <span class="arithmatex">\\(\\mathcal{O}(n \\log n)\\)</span> time for '
        "<em>any</em> input, *not* &lt;b&gt;bold&lt;/b&gt; [a](b) and 5 % faster."
    )


def test_a_tag_page_lists_its_papers_as_day_pages_do_with_built_urls_and_tex_for_katex():
    """Tag pages list papers as raw HTML (``_listed_paper.md.j2``, as day pages do), with the
    day each was first listed; links are the built URLs for either ``use_directory_urls``."""
    abstract = "We introduce a dense retriever in $\\mathcal{O}(n)$ time for \\emph{any} query, *not* <b>bold</b>. It is tested."
    listed = ListedPaper(title="Dense Retrieval <Fast> & Sound", abstract=abstract, authors=["Ada Lovelace", "Alan Turing", "Grace Hopper"], upvotes=3)
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=[listed])], TAXONOMY)
    summary = (
        '<p class="paper-summary">We introduce a dense retriever in <span class="arithmatex">\\(\\mathcal{O}(n)\\)</span> '
        "time for <em>any</em> query, *not* &lt;b&gt;bold&lt;/b&gt;.</p>"
    )
    byline = '<p class="paper-byline"><span class="paper-byline__day">18 Mar 2025</span> <span class="paper-byline__authors">A. Lovelace, A. Turing et al.</span> <span class="paper-byline__votes">3 upvotes</span> '
    for directory_urls, paper_url, tags in (
        (True, "../../papers/dense-retrieval-fast-sound/", '<a class="md-tag" href="./">Search, ranking and recommendation</a> <a class="md-tag" href="../language/">Language</a>'),
        (False, "../papers/dense-retrieval-fast-sound.html", '<a class="md-tag" href="search-and-recommendation.html">Search, ranking and recommendation</a> <a class="md-tag" href="language.html">Language</a>'),
    ):
        page = tag_pages(catalog, TAXONOMY, directory_urls=directory_urls)["tags/search-and-recommendation.md"]
        listing = page[page.index("## Papers\n") :]
        assert listing.endswith(
            f'<div class="listed-paper">\n<h3 class="paper-title" id="paper-dense-retrieval-fast-sound"><a href="{paper_url}">Dense Retrieval &lt;Fast&gt; &amp; Sound</a></h3>\n'
            f"{summary}\n{byline}{tags}</p>\n</div>\n"
        )


def test_home_shows_the_latest_day_and_the_weeks_most_upvoted():
    days = [read_file(FIXTURES / "hf-daily" / name).digests[0] for name in ("2026-04-10.json", "2026-04-16.json")]
    old = Digest(date=dt.date(2026, 4, 1), papers=[ListedPaper(title="An Older Popular Paper", abstract=ABSTRACT, upvotes=500)])
    catalog = build_catalog([old, *days], TAXONOMY)
    top = most_upvoted(catalog, dt.date(2026, 4, 16))
    # 2026-04-01 is more than seven days before: its 500 upvotes do not count
    assert [(item["paper"].upvotes, item["day"]) for item in top] == [
        (108, dt.date(2026, 4, 10)),
        (64, dt.date(2026, 4, 16)),
        (42, dt.date(2026, 4, 16)),
    ]
    home = archive_pages(catalog, TAXONOMY)["index.md"]
    assert home.index("## Most upvoted in the week to 16 April 2026") < home.index("## Latest: [16 April 2026]")
    assert "An Older Popular Paper" not in home
    # A week whose only day is the latest: its most upvoted would be the top of "Latest" again
    alone = archive_pages(build_catalog([days[1]], TAXONOMY), TAXONOMY)["index.md"]
    assert "## Most upvoted" not in alone
    assert "Most upvoted first." in alone and "## Latest: [16 April 2026]" in alone
    assert "feed: feeds/latest.xml" in home  # front matter: the theme shows the feed link


def test_archive_index_has_a_calendar_linking_every_day():
    days = [
        Digest(date=dt.date(2025, 3, 18), papers=[ListedPaper(title="A paper of March", abstract=ABSTRACT)]),
        Digest(date=dt.date(2025, 7, 8), papers=[ListedPaper(title="A paper of July", abstract=ABSTRACT)]),
    ]
    archive = archive_pages(build_catalog(days, TAXONOMY), TAXONOMY)["archive/index.md"]
    assert "| Mon | Tue | Wed | Thu | Fri | Sat | Sun | " in archive
    assert "| 17 | [18](../days/2025-03-18.md) | 19 |" in archive
    assert "| 7 | [8](../days/2025-07-08.md) | 9 |" in archive
    assert archive.index("### [July 2025](2025-07.md)") < archive.index("### [March 2025](2025-03.md)")


def test_paper_page_links_authors_and_metadata():
    digest = read_file(HF_0416).digests[0]
    catalog = build_catalog([digest], TAXONOMY)
    rational = catalog.papers_on(digest.date)[0]
    labels = [b["label"] for b in link_buttons(rational)]
    assert labels == ["arXiv", "PDF", "Hugging Face", "Code (33 stars)", "Project page"]
    page = render_paper(rational, TAXONOMY)
    assert "hide:\n- navigation\n" in page
    assert '<p class="paper-authors">Haozhe Wang, Cong Wei, Weiming Ren, Jiaming Liu, Fangzhen Lin, Wenhu Chen</p>' in page
    assert '<span class="paper-meta__votes">64 upvotes on Hugging Face</span>' in page
    assert "<span>Published 13 April 2026</span>" in page
    assert 'AI summary</span> Training reward models to generate multi' in page


def test_paper_page_collapses_authors_past_a_dozen_and_names_the_organization():
    authors = [f"Author Number{n}" for n in range(1, 23)]
    listed = ListedPaper(title="A Paper With Many Authors", abstract=ABSTRACT, authors=authors, organization="Google")
    paper = build_catalog([Digest(date=dt.date(2025, 7, 8), papers=[listed])], TAXONOMY).papers[0]
    page = render_paper(paper, TAXONOMY)
    assert "Author Number12 and 10 more</p>" in page and "Author Number13 and" not in page
    assert '<details class="paper-authors">\n<summary>Show all 22 authors</summary>\n<p>Author Number1, ' in page
    assert "<span>Google</span>" in page


def test_a_paper_without_an_id_gets_searches_by_title():
    listed = ListedPaper(title="Neural Rankers & <Search>", abstract=ABSTRACT)
    paper = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=[listed])], TAXONOMY).papers[0]
    assert [(b["label"], str(b["url"])) for b in link_buttons(paper)] == [
        ("Search arXiv by title", "https://arxiv.org/search/?searchtype=title&query=Neural+Rankers+%26+%3CSearch%3E"),
        ("Search Hugging Face by title", "https://huggingface.co/papers?q=Neural+Rankers+%26+%3CSearch%3E"),
    ]


# In the browser, on the site of real days ------------------------------------------------


def test_real_site_in_the_browser(real_site, browser):
    from browser import Visit, serve

    with serve(real_site) as server:
        visit = Visit(browser, server, viewport={"width": 1280, "height": 800})
        page = visit.open(RATIONAL)
        links = page.locator(".paper-links a")
        assert links.all_inner_texts() == ["arXiv", "PDF", "Hugging Face", "Code (33 stars)", "Project page"]
        assert links.first.get_attribute("href") == "https://arxiv.org/abs/2604.11626"
        assert page.locator(".paper-authors").first.inner_text() == (
            "Haozhe Wang, Cong Wei, Weiming Ren, Jiaming Liu, Fangzhen Lin, Wenhu Chen"
        )
        assert not page.locator(".md-sidebar--primary").is_visible()  # no empty sidebar
        cite = page.locator("#cite + pre code").inner_text()
        assert cite.startswith("@misc{wang2026rationalrewards,")
        assert "  author = {Haozhe Wang and Cong Wei and Weiming Ren and Jiaming Liu and Fangzhen Lin and Wenhu Chen},\n" in cite
        assert "  year = {2026},\n  eprint = {2604.11626},\n  archivePrefix = {arXiv},\n" in cite
        assert page.locator("#cite + pre button[data-md-type=copy]").get_attribute("title") == "Copy to clipboard"

        page = visit.open("days/2026-04-10/")
        assert page.locator(".day-source a").first.inner_text() == "Hugging Face Daily Papers"
        titles = page.locator(".listed-paper .paper-title").all_inner_texts()
        votes = [int(v.split()[0]) for v in page.locator(".paper-byline__votes").all_inner_texts()]
        assert titles[0].startswith("SkillClaw") and votes == sorted(votes, reverse=True) == [108, 42]

        page = visit.open("days/2025-07-08/")  # one of its three papers has no ai_summary
        summaries = page.locator(".listed-paper .paper-summary").all_inner_texts()
        assert sum(s.startswith("AI SUMMARY") for s in summaries) == 2
        mod_x = next(s for s in summaries if not s.startswith("AI SUMMARY"))
        assert mod_x.startswith("This paper introduces MOD-X (Modular Open Decentralized eXchange), a novel")

        page = visit.open("days/2025-03-18/")  # the pasted day: no id, so searches by title
        assert page.locator(".listed-paper").count() == 31
        listing_end = page.evaluate(
            "Math.max(...[...document.querySelectorAll('.listed-paper')].map(e => e.getBoundingClientRect().bottom + scrollY))"
        )
        assert listing_end < 3.5 * 800  # 31 papers in about three screens (bench/screenshots.py prints it)
        page.locator(".listed-paper .paper-title a").first.click()
        page.wait_for_url(re.compile(r"/papers/"))  # the click only starts the navigation
        assert page.locator(".paper-links a").all_inner_texts() == ["Search arXiv by title", "Search Hugging Face by title"]

        tag = page.locator(".md-tags a.md-tag").first.get_attribute("href").strip("/").rsplit("/", 1)[-1]
        for path, feed in (("", "feeds/latest.xml"), (f"tags/{tag}/", f"feeds/tag-{tag}.xml")):
            page = visit.open(path)
            link = page.locator("a.feed-link")
            assert link.is_visible() and link.inner_text() == "Subscribe (Atom feed)"
            assert link.get_attribute("href").endswith(feed)
            with urllib.request.urlopen(server.url + feed) as answer:
                assert answer.status == 200 and b"<feed" in answer.read(300)

        # every day is two clicks away from any page: the Archive tab, then the day
        page = visit.open(RATIONAL)
        page.locator(".md-tabs__link", has_text="Archive").click()
        page.wait_for_url(re.compile(r"/archive/$"))
        page.locator(".archive-month a", has_text=re.compile(r"^18$")).click()
        page.wait_for_url(server.url + "days/2025-03-18/")
        assert visit.problems == []


def test_a_listed_papers_id_never_equals_a_headings_id_on_its_page():
    """A paper titled as a heading of the page that lists it (the tag page "Reinforcement
    learning", a day page's "Cite" section) keeps the page's ids unique once Python-Markdown's
    toc has given every Markdown heading its id, as MkDocs converts the page."""
    import markdown
    from frontmatter import loads

    papers = [
        ListedPaper(title="Reinforcement learning", abstract="We study reinforcement learning for robots. " * 4),
        ListedPaper(title="Cite", abstract="We study reinforcement learning for citations. " * 4),
    ]
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=papers)], TAXONOMY)
    pages = {
        "tags/reinforcement-learning.md": tag_pages(catalog, TAXONOMY)["tags/reinforcement-learning.md"],
        "days/2025-03-18.md": day_pages(catalog, TAXONOMY)["days/2025-03-18.md"],
    }
    for name, text in pages.items():
        html = markdown.markdown(loads(text).content, extensions=["attr_list", "md_in_html", "toc"])
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), (name, sorted(ids))
        if name.startswith("tags/"):
            assert ids[0] == "reinforcement-learning"  # the page's h1, by the toc
            assert "paper-reinforcement-learning" in ids


def test_a_listing_says_how_many_more_tags_a_paper_has_and_links_to_them():
    """A listing shows three tags of a paper; one with more said nothing of them (a reader took
    three for all). "+2 more" follows, a link to the tags on the paper's page (``#tags``), the
    other labels in its title; a paper of three tags or fewer has no such link."""
    many = ListedPaper(
        title="Many Tags", abstract=ABSTRACT, tags=["pretraining", "long-context", "visual-representation", "language", "vision"]
    )
    few = ListedPaper(title="Few Tags", abstract=ABSTRACT, tags=["pretraining", "long-context", "language"])
    catalog = build_catalog([Digest(date=dt.date(2025, 3, 18), papers=[many, few])], TAXONOMY)
    paper = catalog.by_key[next(p.key for p in catalog.papers if p.title == "Many Tags")]
    shown, rest = paper.tags[:3], paper.tags[3:]
    assert len(paper.tags) == 5
    labels = [TAXONOMY.by_slug[slug].label for slug in rest]
    day = day_pages(catalog, TAXONOMY)["days/2025-03-18.md"]
    home = archive_pages(catalog, TAXONOMY)["index.md"]
    tag = tag_pages(catalog, TAXONOMY)[f"tags/{shown[0]}.md"]
    for page, to_paper in ((day, "../../papers/many-tags/"), (home, "papers/many-tags/"), (tag, "../../papers/many-tags/")):
        entries = {m[1]: m[0] for m in re.finditer(r'<div class="listed-paper">\n<h\d [^>]+><a [^>]+>([^<]+)</a>.*?</div>', page, re.S)}
        assert entries["Many Tags"].count('<a class="md-tag"') == 3
        assert entries["Many Tags"].endswith(
            f' <a class="paper-byline__more" href="{to_paper}#tags" title="Also tagged: {"; ".join(labels)}">+2 more</a></p>\n</div>'
        )
        assert entries["Few Tags"].count('<a class="md-tag"') == 3 and "paper-byline__more" not in entries["Few Tags"]
    paper_page = render_paper(paper, TAXONOMY)
    assert paper_page.count('<p class="md-tags" id="tags">') == 1
    assert re.search(r'<p class="md-tags" id="tags">(.*)</p>', paper_page)[1].count('<a class="md-tag"') == 5


LINE_STARTS = """() => [...document.querySelectorAll(".listed-paper")].map(entry => {
  const text = entry.querySelector(".paper-summary").getClientRects()[0].left
  const starts = new Map()   /* each line of the byline: the left of its first box */
  for (const box of entry.querySelectorAll(".paper-byline > *")) {
    const rect = box.getBoundingClientRect()
    if (!starts.has(Math.round(rect.top))) starts.set(Math.round(rect.top), rect.left)
  }
  const lines = entry.querySelector(".paper-summary").getClientRects()
  const below = lines[lines.length - 1].bottom - 1
  return [...starts].filter(([top]) => top >= below).map(([top, left]) => left - text)
})"""
"""For each listed paper, how far right of its summary's left edge each line of its byline
below the summary's last line starts (px)."""


def test_wrapped_bylines_line_up_and_a_phone_gives_the_title_its_width(real_site, browser):
    """The chips of a byline that wraps start where the summary's lines start (the byline's
    start margin put its first wrapped line 5 px right of them); on a phone the feed link
    takes a line above the title (floated beside it, it squeezed "Research paper digests"
    into a third of the width), on a desktop it stays beside it; "+1 more" leads to the
    paper's tags."""
    from browser import Visit, serve

    with serve(real_site) as server:
        for width in (390, 1280):
            visit = Visit(browser, server, viewport={"width": width, "height": 800})
            offsets = {path: visit.open(path).evaluate(LINE_STARTS) for path in ("", "days/2025-03-18/")}
            assert sum(len(lines) for found in offsets.values() for lines in found) >= (20 if width == 390 else 2)  # lines that wrap
            assert all(abs(offset) < 0.5 for found in offsets.values() for lines in found for offset in lines), (width, offsets)
            page = visit.open("")
            link, title = page.locator("a.feed-link").bounding_box(), page.locator("article h1").bounding_box()
            content = page.locator("article").bounding_box()
            if width == 390:
                assert link["y"] + link["height"] <= title["y"]
                assert link["x"] + link["width"] == pytest.approx(content["x"] + content["width"], abs=1)  # at the right
                assert title["height"] < 50  # one line: "Research paper digests"
            else:
                assert link["y"] < title["y"] + title["height"] and title["y"] < link["y"] + link["height"]
            assert visit.problems == []
        more = page.locator(".paper-byline__more").first
        assert re.fullmatch(r"\+\d more", more.inner_text())
        more.click()
        page.wait_for_url(re.compile(r"/papers/[^/]+/#tags$"))
        tags = page.locator("#tags")
        assert tags.locator(".md-tag").count() > 3 and tags.is_visible()
        assert 0 <= tags.bounding_box()["y"] < 800


TAGS_TABLE = """() => {
  const table = document.querySelector("article table"), wrap = table.closest(".md-typeset__scrollwrap")
  const cells = [...table.querySelectorAll("tbody td")].map(td => td.getBoundingClientRect())
  const abouts = [...table.querySelectorAll("tbody td:nth-child(4)")].map(td => td.getBoundingClientRect().width)
  const row = table.querySelector("tbody tr").getBoundingClientRect()
  const [tag, count] = ["td:nth-child(1)", "td:nth-child(3)"].map(cell => table.querySelector("tbody tr " + cell).getBoundingClientRect())
  return { overflow: wrap.scrollWidth - wrap.clientWidth, right: Math.max(...cells.map(box => box.right)),
           display: getComputedStyle(table.querySelector("tbody tr")).display, about: Math.min(...abouts),
           countBesideTag: Math.abs(count.top - tag.top) < 1 && count.left > tag.left, countAtRight: row.right - count.right }
}"""
"""The tags index's table: how far it scrolls sideways in its wrapper (px), its cells' rightmost
edge (px), how a row is displayed, the narrowest About cell (px), whether the first row's count
is on its tag's line, and how far left of its row's right edge it ends (px)."""


def test_the_tags_index_is_read_without_sideways_scrolling_on_a_phone(real_site, browser):
    """At 390 px the four columns of "All tags" were wider than the screen: the About column
    cut at its edge, scrolled sideways inside the table, rows 168 px tall (fresh26). There each
    row is stacked (the tag and its count, its area, what it is about, the table's width; the
    header row the same, a key), a table still for screen readers; at 1280 px it is the table
    it was."""
    from browser import Visit, serve

    with serve(real_site) as server:
        for path in ("tags/", "tags/by-count/"):
            phone = Visit(browser, server, viewport={"width": 390, "height": 844})
            page = phone.open(path)
            found = page.evaluate(TAGS_TABLE)
            assert found["overflow"] <= 0 and found["right"] <= 390 - 16, found  # within the page's margin
            assert found["display"] == "grid" and found["about"] > 300 and found["countBesideTag"], found
            assert found["countAtRight"] < 30, found
            rows = page.locator("article tbody tr").count()
            table = page.get_by_role("table")
            assert table.get_by_role("row").count() == rows + 1  # the header row too
            assert table.get_by_role("columnheader").all_inner_texts() == ["Tag", "Area", "Papers", "About"]
            assert table.get_by_role("cell").count() == 4 * rows
            desktop = Visit(browser, server, viewport={"width": 1280, "height": 800})
            found = desktop.open(path).evaluate(TAGS_TABLE)
            assert found["display"] == "table-row" and found["overflow"] <= 0, found
            assert phone.problems == desktop.problems == []
            phone.context.close()
            desktop.context.close()
