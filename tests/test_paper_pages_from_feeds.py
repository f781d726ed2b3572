"""One paper across days, and the paper pages of a site built from imported real feeds."""

from __future__ import annotations

import datetime as dt
import re
import pytest

from conftest import FIXTURES, build_site, made_once, make_project
from generator.catalog.catalog import build_catalog
from generator.inputs.importing import import_files
from generator.core.model import Digest, ListedPaper
from generator.catalog.tagging import load_taxonomy

ABSTRACT = "An abstract that is long enough to be an abstract of a paper about something."


def listed(title, arxiv_id=None, **extra):
    return ListedPaper(title=title, abstract=ABSTRACT, arxiv_id=arxiv_id, **extra)


def test_same_arxiv_id_on_two_days_is_one_paper_listed_on_both():
    digests = [
        Digest(date=dt.date(2026, 4, 16), papers=[listed("GameWorld (revised title)", "2604.07429v2", upvotes=42)]),
        Digest(date=dt.date(2026, 4, 10), papers=[listed("GameWorld", "2604.07429", upvotes=2), listed("Other")]),
    ]
    catalog = build_catalog(digests, load_taxonomy())
    assert len(catalog.papers) == 2
    paper = catalog.by_key["arxiv:2604.07429"]
    assert paper.title == "GameWorld"  # from the first listing
    assert paper.listed_on == (dt.date(2026, 4, 10), dt.date(2026, 4, 16))
    assert paper.upvotes == 42
    assert [p.key for p in catalog.papers_on(dt.date(2026, 4, 16))] == ["arxiv:2604.07429"]


def test_same_normalised_title_on_two_days_is_one_paper():
    digests = [
        Digest(date=dt.date(2025, 3, 18), papers=[listed("LLaMA-2: Open Foundation Models")]),
        Digest(date=dt.date(2025, 3, 19), papers=[listed("Llama 2 — open foundation models", "2307.09288")]),
        Digest(date=dt.date(2025, 3, 20), papers=[listed("llama 2: OPEN foundation models!")]),
    ]
    catalog = build_catalog(digests, load_taxonomy())
    [paper] = catalog.papers
    assert paper.listed_on == (dt.date(2025, 3, 18), dt.date(2025, 3, 19), dt.date(2025, 3, 20))
    assert paper.arxiv_id == "2307.09288"  # filled in from the later listing
    assert paper.slug == "llama-2-open-foundation-models"


def test_same_title_different_arxiv_ids_are_two_papers():
    digests = [
        Digest(date=dt.date(2025, 3, 18), papers=[listed("Attention Is All You Need", "1706.03762")]),
        Digest(date=dt.date(2025, 3, 19), papers=[listed("Attention is all you need", "2501.00001")]),
    ]
    catalog = build_catalog(digests, load_taxonomy())
    assert sorted(p.arxiv_id for p in catalog.papers) == ["1706.03762", "2501.00001"]
    assert sorted(p.slug for p in catalog.papers) == [
        "attention-is-all-you-need",
        "attention-is-all-you-need-" + catalog.by_key["arxiv:2501.00001"].slug.rsplit("-", 1)[1],
    ]


@pytest.fixture(scope="module")
def feed_site(tmp_path_factory, worker_id):
    return made_once(tmp_path_factory, worker_id, "feeds", make_feed_site)


def make_feed_site(folder):
    project = make_project(folder / "project", digests=[])
    import_files(
        [FIXTURES / "hf-daily", FIXTURES / "arxiv-jsonl", FIXTURES / "arxiv-atom" / "2016_search_query-au-del_maestro_cut.xml"],
        project / "digests",
    )
    (project / "digests" / "2026-01-01.yml").write_text(
        "date: 2026-01-01\npapers:\n- title: Broken math stays readable\n"
        "  abstract: 'We bound $O(n \\log n)$ but $\\frac{a}{b$ is not TeX KaTeX can parse; the text goes on.'\n",
        encoding="utf-8",
    )
    return build_site(project)


def page(site, slug):
    return (site / "papers" / slug / "index.html").read_text(encoding="utf-8")


def article(site, slug):
    html = page(site, slug)
    return html[html.index("<h1") : html.index("</article>")]


def test_paper_on_two_days_says_first_listed_and_other_days(feed_site):
    html = article(feed_site, "gameworld-towards-standardized-and-verifiable-evaluation-of-multimodal-game")
    assert (
        'First listed on <a href="../../days/2026-04-10/">10 April 2026</a>; also listed on '
        '<a href="../../days/2026-04-16/">16 April 2026</a>.'
    ) in html
    for day in ("2026-04-10", "2026-04-16"):
        listing = (feed_site / "days" / day / "index.html").read_text(encoding="utf-8")
        assert 'href="../../papers/gameworld-towards-standardized-and-verifiable-evaluation-of-multimodal-game/"' in listing


def test_paper_page_shows_authors_links_and_upvotes(feed_site):
    html = article(feed_site, "envharness-awakening-static-worlds-for-agent-learning")
    assert (
        '<p class="paper-authors">Chengsong Huang, Zifeng Wang, Rujun Han, Jun Yan, Yanfei Chen, Zoey CuiZhu, '
        "Ke Jiang, Peng Xia, Han Yu, Yufan Zhuang, Yifei Ming, Jiaqi Pan and 5 more</p>"
    ) in html  # a dozen named, the rest collapsed
    details = re.search(r'<details class="paper-authors">\s*<summary>Show all 17 authors</summary>\s*<p>(.*?)</p>', html)
    assert details and details[1].endswith("Tomas Pfister, Chen-Yu Lee")
    links = re.findall(r'<a class="md-button[^"]*" href="([^"]+)">([^<]+)</a>', html)
    assert links == [
        ("https://arxiv.org/abs/2608.19880", "arXiv"),
        ("https://arxiv.org/pdf/2608.19880", "PDF"),
        ("https://huggingface.co/papers/2608.19880", "Hugging Face"),
        ("https://github.com/google-research/envharness", "Code (8 stars)"),
        ("https://envharness.com/", "Project page"),
    ]
    assert (
        '<p class="paper-meta"><span class="paper-meta__votes">163 upvotes on Hugging Face</span> <span>Google</span> '
        "<span>Published 20 August 2026</span></p>"
    ) in html


def test_short_author_list_has_no_details(feed_site):
    html = article(feed_site, "a-luttinger-liquid-core-inside-helium-4-filled-nanopores")
    assert "<details" not in html


def test_code_link_found_in_the_abstract(feed_site):
    html = article(feed_site, "convllava-hierarchical-backbones-as-visual-encoder-for-large-multimodal-models")
    assert '<a class="md-button" href="https://github.com/alibaba/conv-llava">Code</a>' in html


def test_categories_link_to_the_tags_they_map_to(feed_site):
    html = article(feed_site, "clpips-a-personalized-metric-for-ai-generated-image-similarity")
    meta = re.search(r'<p class="paper-meta">(.*?)</p>', html)[1]
    assert '<span>arXiv categories: cs.CV (<a href="../../tags/vision/">Vision</a>)' in meta


def test_old_style_arxiv_id_links_keep_the_slash(feed_site):
    html = article(feed_site, "thermal-melting-of-density-waves-on-the-square-lattice")
    assert 'href="https://arxiv.org/abs/cond-mat/0412498">arXiv</a>' in html
    assert 'href="https://arxiv.org/pdf/cond-mat/0412498">PDF</a>' in html
    assert "arXiv categories: cond-mat.str-el, cond-mat.stat-mech" in html


def test_abstract_math_is_marked_for_katex_and_katex_ships_with_the_site(feed_site):
    html = article(feed_site, "on-the-existence-of-linear-rank-metric-intersecting-codes")
    assert '<span class="arithmatex">\\([n,k,d]_{q^m/q}\\)</span>' in html
    assert "rank-metric intersecting code must satisfy <span class=\"arithmatex\">\\(2k-1 \\le n \\le 2m-3\\)</span>" in html
    full = page(feed_site, "on-the-existence-of-linear-rank-metric-intersecting-codes")
    assert '<script src="../../assets/katex/katex.min.js"></script>' in full
    assert (feed_site / "assets" / "katex" / "katex.min.js").stat().st_size > 200_000
    assert (feed_site / "assets" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").exists()
    assert not re.search(r'<script src="(?:https?:)?//|<link rel="stylesheet" href="(?:https?:)?//', full)  # no CDN


def test_katex_is_loaded_only_on_pages_with_math(feed_site):
    math_page = page(feed_site, "on-the-existence-of-linear-rank-metric-intersecting-codes")
    assert '<link rel="stylesheet" href="../../assets/katex/katex.min.css">' in math_page
    assert '<script src="../../assets/javascripts/katex-init.js"></script>' in math_page
    plain_page = page(feed_site, "thermal-melting-of-density-waves-on-the-square-lattice")
    assert 'class="arithmatex"' not in plain_page
    assert "katex" not in plain_page
    assert "katex" not in (feed_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_katex_renders_math_and_shows_raw_tex_on_error(feed_site, browser):
    from browser import Visit, serve

    with serve(feed_site) as server:
        visit = Visit(browser, server)
        failed = []
        # a request the next page's navigation cut short is no failure (the first page's
        # favicon.png, under load: fresh25 saw it fail the suite once)
        visit.page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED" and failed.append(request.url))
        try:
            tab = visit.open("papers/broken-math-stays-readable/")
            tab.wait_for_selector(".arithmatex .katex")
            abstract = tab.locator(".paper-abstract")
            assert abstract.locator(".arithmatex .katex").count() == 1
            assert abstract.locator(".katex-error").inner_text() == "\\frac{a}{b"
            assert abstract.inner_text().endswith("\\frac{a}{b is not TeX KaTeX can parse; the text goes on.")
            # the summary line (here the whole one-sentence abstract, so the paper page leaves it
            # out) shows its TeX the same way where it is listed: on its day's page
            assert tab.locator(".paper-summary").count() == 0
            day = tab.locator(".paper-listed a").first.get_attribute("href")
            tab = visit.open("papers/broken-math-stays-readable/" + day)
            tab.wait_for_selector(".arithmatex .katex")
            entry = tab.locator(".listed-paper", has=tab.locator('a[href$="/broken-math-stays-readable/"]'))
            summary = entry.locator(".paper-summary")
            assert summary.locator(".arithmatex .katex").count() == 1
            assert summary.locator(".katex-error").inner_text() == "\\frac{a}{b"
        finally:
            visit.context.close()
    assert failed == []
    assert visit.problems == []
