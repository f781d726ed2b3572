"""Hostile and broken digests: every one ends in a correct, escaped page or a clear refusal."""

from __future__ import annotations

import datetime as dt
from html import unescape
import re
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest

from conftest import REPO, SEED_DIGEST, build_site, made_once, make_project
from generator.build import Project, generate
from generator.catalog.catalog import SLUG_MAX_CHARS
from generator.inputs.digest_files import dump_digest, read_digest
from generator.core.model import Digest, ListedPaper
from generator.core.problems import InputError

ABSTRACT = "An abstract long enough to read as one: it has a sentence. And another sentence follows it here."

HOSTILE_TITLES = [
    '<script>alert("title")</script> Script Paper',
    "<img src=x onerror=alert(1)> Image Paper",
    "Key: Value # not a comment",
    "*Starts with a star",
    "&anchor starts with an ampersand",
    "@at [bracket] {brace} !bang |pipe >gt %percent",
    "\"Quoted\" and 'single' quotes",
    "p<0.05 & a < b > c",
    "<EOS> Tokens Matter",
    "Backslash \\ and `backticks` and _under_ and **bold**",
    "[click me](javascript:alert(1))",
    "--- Dashes Like Front Matter ---",
    "大型语言模型的研究",
    "🚀🔥",
    "../../etc/passwd",
    ".hidden Paper",
    "Case Study",
    "case study!",
    "Long " + "title " * 80,
    "no",
    "1e3",
    "Wide Formula Paper",
]
HOSTILE_ABSTRACTS = [
    "<script>alert('abstract')</script> " + ABSTRACT,
    "Text with --- on a line and `code` and <b>bold</b> and [x](javascript:alert(2)). " + ABSTRACT,
]


TEX_ABSTRACT = (
    "A rule $\\rule{100000em}{1em}$, a sum $\\overline{" + " + ".join(f"x_{{{i}}}" for i in range(300)) + "}$, a macro bomb "
    "$\\def\\a{\\a\\a}\\a$, a link $\\href{javascript:alert(1)}{click}$ and a letter KaTeX warns about in math $é$. " + ABSTRACT
)
"""The abstract of "Wide Formula Paper": TeX that would draw a box thousands of pixels wide,
expand without end, link out, and (in KaTeX's default strict mode) warn on the console."""


def hostile_digest() -> Digest:
    # The two "case study" titles differ only by case and punctuation; distinct arXiv ids make
    # them distinct papers (without ids they would be one paper, matched by normalised title).
    ids = {"Case Study": "2403.00001", "case study!": "2403.00002"}
    papers = [
        ListedPaper(
            title=title,
            abstract=TEX_ABSTRACT if title == "Wide Formula Paper" else HOSTILE_ABSTRACTS[i % 2],
            authors=["<b>Eve</b> O'Hacker", "Null"],
            arxiv_id=ids.get(title),
        )
        for i, title in enumerate(HOSTILE_TITLES)
    ]
    return Digest(date=dt.date(2025, 3, 20), papers=papers)


def test_digest_yaml_round_trips_hostile_text(tmp_path):
    digest = hostile_digest()
    path = tmp_path / "2025-03-20.yml"
    path.write_text(dump_digest(digest), encoding="utf-8")
    assert read_digest(path) == digest


def test_yaml_traps_in_hand_written_digests_get_clear_messages(tmp_path):
    path = tmp_path / "2025-03-20.yml"
    path.write_text(
        "date: 2025-03-20\npapers:\n- title: no\n  abstract: 1e3\n  tags: [yes]\n  authors: [2025-03-20]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_digest(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: papers.0.title: must be text, but YAML read False; put it in quotes",
        f"{path}:5: papers.0.tags.0: must be text, but YAML read True; put it in quotes",
        f"{path}:6: papers.0.authors.0: must be text, but YAML read datetime.date(2025, 3, 20); put it in quotes",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "1: not a digest: expected a YAML mapping with 'date' and 'papers' (see CONTRIBUTING.md)"),
        ("just some text\n", "1: not a digest: expected a YAML mapping with 'date' and 'papers' (see CONTRIBUTING.md)"),
        ("date: 2025-03-20\npapers: [\n", "3: not valid YAML: expected the node content, but found '<stream end>'"
         "; check the quotes and brackets on this line and the lines above it (text starting with [ { * & ! | > or holding ': ' must be quoted)"),
        ("date: 2025-03-20\npapers:\n- title: T\n", "3: papers.0.abstract: is required; add the line `abstract: …` to this paper"),
        ("date: 2025-03-20\npapers:\n- title: T\n  abstract: A\n  extra: 1\n", "5: papers.0.extra: is not a field of a digest; see CONTRIBUTING.md for the schema"),
        ("date: 2025-03-21\npapers: []\n", "1: date 2025-03-21 disagrees with the file name 2025-03-20.yml; rename the file to 2025-03-21.yml or fix the date"),
        ("date: 2025-03-20\npapers:\n- title: T\n  abstract: A\n  arxiv_id: '12345'\n", "5: papers.0.arxiv_id: '12345' is not an arXiv id: expected YYMM.NNNNN (e.g. 2403.12345, optional vN) or archive/YYMMNNN (e.g. hep-th/9901001); write it as arXiv shows it, e.g. '2403.12345' or 'hep-th/9901001', or leave arxiv_id out"),
        ("date: 2025-03-20\npapers:\n- title: T\n  abstract: A\n  links: {code: 'javascript:alert(1)'}\n", "5: papers.0.links.code: 'javascript:alert(1)' is not an absolute http(s) URL (e.g. https://arxiv.org/abs/2403.12345)"),
        ("date: 2025-03-20\npapers:\n- title: \"\\u200b \\u00a0\"\n  abstract: A\n", "3: papers.0.title: must not be empty"),
    ],
)
def test_broken_digests_are_refused_with_file_and_line(tmp_path, text, message):
    path = tmp_path / "2025-03-20.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_digest(path)
    assert str(caught.value.problems[0]) == f"{path}:{message}"


def test_ten_megabyte_abstract_is_refused(tmp_path):
    path = tmp_path / "2025-03-20.yml"
    path.write_text(f"date: 2025-03-20\npapers:\n- title: Big\n  abstract: {'word ' * 2_000_000}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_digest(path)
    assert str(caught.value) == f"{path}:4: papers.0.abstract: is 9,999,999 characters long; at most 20,000 are accepted"


def test_future_date_is_refused(tmp_path):
    future = dt.date.today() + dt.timedelta(days=30)
    path = tmp_path / f"{future}.yml"
    path.write_text(f"date: {future}\npapers: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_digest(path)
    assert str(caught.value) == f"{path}:1: date {future} is in the future; a digest lists a day that has passed"


def test_non_utf8_digest_names_the_byte(tmp_path):
    path = tmp_path / "2025-03-20.yml"
    path.write_bytes(b"date: 2025-03-20\npapers:\n- title: Caf\xe9\n  abstract: A\n")
    with pytest.raises(InputError) as caught:
        read_digest(path)
    assert str(caught.value) == f"{path}:3: byte 37 (0xe9) is not UTF-8; save the file as UTF-8 and try again"


def test_bom_crlf_and_invisible_characters_are_normalised(tmp_path):
    path = tmp_path / "2025-03-20.yml"
    text = "date: 2025-03-20\npapers:\n- title: \"Zero\\u200bWidth\\u00a0and\\tTabs\\u202e\"\n  abstract: A\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert read_digest(path).papers[0].title == "ZeroWidth and Tabs"


def test_joiners_inside_words_are_kept_and_stray_ones_removed(tmp_path):
    # U+200C spells Persian "می‌خواهم", U+200D joins the emoji 👩‍💻 and the Devanagari
    # half-form in "क्‍ष"; at a word's edge or doubled they shape nothing.
    path = tmp_path / "2025-03-20.yml"
    path.write_text(
        "date: 2025-03-20\npapers:\n"
        '- title: "\\u200dمی\\u200cخواهم \\U0001F469\\u200d\\U0001F4BB\\u200d"\n'
        '  abstract: "क्\\u200d\\u200dष \\u200c end"\n'
        '  authors: ["Ali\\u200c", "Zoë"]\n',
        encoding="utf-8",
    )
    paper = read_digest(path).papers[0]
    assert paper.title == "می\u200cخواهم \U0001F469\u200d\U0001F4BB"
    assert paper.abstract == "क्\u200dष end"
    assert paper.authors == ["Ali", "Zoë"]


def test_every_problem_of_a_run_is_reported_at_once(tmp_path):
    project = Project(make_project(tmp_path / "project", digests=[]))
    (project.digests_dir / "2025-03-20.yml").write_text("date: 2025-03-20\npapers:\n- title: T\n", encoding="utf-8")
    (project.digests_dir / "2025-03-21.yml").write_text("date: 2025-03-22\npapers: []\n", encoding="utf-8")
    (project.digests_dir / "2025-03-22.yml").write_text("date: 2025-03-22\npapers: []\n", encoding="utf-8")
    (project.digests_dir / "2025-03-22.yaml").write_text("date: 2025-03-22\npapers: []\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project.root), "generate"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    digests = project.digests_dir
    assert result.stderr.splitlines() == [
        f"error: {digests / '2025-03-20.yml'}:3: papers.0.abstract: is required; add the line `abstract: …` to this paper",
        # 2025-03-22.yml, named by that day, keeps it; the two others are to be merged into it
        f"error: {digests / '2025-03-21.yml'}:1: 2025-03-22 already has a digest in {digests / '2025-03-22.yml'}; "
        "add these papers to that file and delete this one (one file per day)",
        f"error: {digests / '2025-03-21.yml'}:1: date 2025-03-22 disagrees with the file name 2025-03-21.yml; "
        "fix the date, or move these papers into 2025-03-22.yml, the file of 2025-03-22",
        f"error: {digests / '2025-03-22.yaml'}:1: 2025-03-22 already has a digest in {digests / '2025-03-22.yml'}; "
        "add these papers to that file and delete this one (one file per day)",
        "4 problem(s); nothing was written.",
    ]
    assert not (project.docs_dir / "papers").exists()


def test_the_mkdocs_hook_reports_problems_without_a_traceback(tmp_path):
    project = make_project(tmp_path / "project", digests=[])
    (project / "digests" / "2025-03-20.yml").write_text("date: 2025-03-20\npapers:\n- title: T\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # As `validate` words it: `error: ` and the path relative to the project.
    lines = result.stderr.splitlines()
    found = lines.index("ERROR   -  the generator found 1 problem(s); nothing was written:")
    assert lines[found + 1] == (
        "error: digests/2025-03-20.yml:3: papers.0.abstract: is required; add the line `abstract: …` to this paper"
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, worker_id) -> Path:
    def make(folder: Path) -> Path:
        root = make_project(folder / "project", digests=[])
        (root / "digests" / "2025-03-20.yml").write_text(dump_digest(hostile_digest()), encoding="utf-8")
        return build_site(root)

    return made_once(tmp_path_factory, worker_id, "hostile-input", make)


def built_pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_slugs_are_safe_distinct_and_bounded(hostile_site):
    slugs = sorted(p.parent.name for p in (hostile_site / "papers").glob("*/index.html"))
    assert len(slugs) == len(HOSTILE_TITLES)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) for slug in slugs)
    assert all(len(slug) <= SLUG_MAX_CHARS + 7 for slug in slugs)
    assert "da-xing-yu-yan-mo-xing-de-yan-jiu" in slugs
    assert "etc-passwd" in slugs
    assert "hidden-paper" in slugs
    assert "case-study" in slugs
    case_twin = [s for s in slugs if s.startswith("case-study-")]
    assert len(case_twin) == 1 and re.fullmatch(r"case-study-[0-9a-f]{6}", case_twin[0])
    assert len({s.lower() for s in slugs}) == len(slugs)  # distinct on case-insensitive file systems
    assert [s for s in slugs if s.startswith("paper-")] != []  # the emoji-only title
    assert not (hostile_site.parent / "etc").exists()


def test_no_page_carries_markup_from_the_digest(hostile_site):
    for name, html in built_pages(hostile_site).items():
        assert "<script>alert" not in html, name
        assert "<img src=x" not in html, name
        assert "<b>Eve</b>" not in html and "<b>bold</b>" not in html, name
        assert not re.search(r"""href=["']?javascript:""", html, re.IGNORECASE), name
        assert "<EOS>" not in html, name


def test_hostile_text_shows_literally(hostile_site):
    pages = built_pages(hostile_site)
    paper = pages["papers/script-alert-title-script-script-paper/index.html"]
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Script Paper - Paper Digests</title>" in paper
    assert "<p class=\"paper-abstract\">&lt;script&gt;alert('abstract')&lt;/script&gt; An abstract long enough" in paper
    day = pages["days/2025-03-20/index.html"]
    assert "p&lt;0.05 &amp; a &lt; b &gt; c" in day
    assert "Backslash \\ and `backticks` and _under_ and **bold**" in day
    assert "[click me](javascript:alert(1))" in day
    assert "&lt;EOS&gt; Tokens Matter" in day


def test_paper_front_matter_reads_back_what_was_written(tmp_path):
    project = Project(make_project(tmp_path / "project", digests=[]))
    (project.digests_dir / "2025-03-20.yml").write_text(dump_digest(hostile_digest()), encoding="utf-8")
    generate(project)
    titles = set()
    for page in (project.docs_dir / "papers").glob("*.md"):
        post = frontmatter.load(page)
        titles.add(unescape(post["title"]))  # written HTML-escaped (rendering.render_page)
        assert isinstance(post["date"], str) and post["listed_on"] == ["2025-03-20"]
        assert post["authors"] == ["<b>Eve</b> O'Hacker", "Null"]
    assert titles == {" ".join(t.split()) for t in HOSTILE_TITLES}


@pytest.mark.browser
def test_no_injected_script_runs_in_a_browser(hostile_site, browser):
    """Paper, tag, day and search-result views of the hostile site: no dialog, no console
    error, no request leaving 127.0.0.1, and the markup shows as text."""
    from browser import Visit, serve

    with serve(hostile_site) as server:
        visit = Visit(browser, server)
        try:
            page = visit.open("papers/script-alert-title-script-script-paper/")
            assert page.locator("h1").inner_text() == '<script>alert("title")</script> Script Paper'
            page = visit.open("papers/img-src-x-onerror-alert-1-image-paper/")
            assert page.locator("h1").inner_text() == "<img src=x onerror=alert(1)> Image Paper"
            page = visit.open("days/2025-03-20/")
            assert "[click me](javascript:alert(1))" in page.locator("article").inner_text()
            page = visit.open("tags/")
            assert page.locator("h1").inner_text() == "Tags"
            page = visit.open()
            page.locator("input.md-search__input").click()
            page.keyboard.type("Image Paper")
            titles = visit.result_titles(3)
            assert "<img src=x onerror=alert(1)> Image Paper" in titles
            assert page.locator(".md-search-result img").count() == 0
            page.wait_for_timeout(500)  # give an injected handler the chance to fire
        finally:
            visit.context.close()
    assert visit.problems == []


@pytest.mark.browser
def test_tex_renders_within_bounds_in_a_browser(hostile_site, browser):
    """KaTeX's bounds (katex-init.js) and the abstract's box (digests.css): the rule is capped
    at maxSize, the macro bomb stops with KaTeX's error, no link, no console message, and
    neither the abstract nor the page grows wider than the column and the window."""
    from browser import Visit, serve

    with serve(hostile_site) as server:
        visit = Visit(browser, server, viewport={"width": 1280, "height": 900})
        visit.page.on("console", lambda m: m.type not in ("error", "warning") and visit.problems.append(f"{m.type}: {m.text}"))
        try:
            page = visit.open("papers/wide-formula-paper/")
            page.locator(".paper-abstract .katex").first.wait_for()
            found = page.evaluate(
                """() => {
                  const abstract = document.querySelector('.paper-abstract');
                  const rule = abstract.querySelector('.katex .rule');
                  return {
                    page: document.documentElement.scrollWidth, window: window.innerWidth,
                    abstract: abstract.getBoundingClientRect().width,
                    column: abstract.parentElement.getBoundingClientRect().width,
                    scrolls: abstract.scrollWidth > abstract.clientWidth,
                    rule: rule.getBoundingClientRect().width,
                    em: parseFloat(getComputedStyle(rule).fontSize),
                    formulas: abstract.querySelectorAll('.katex').length,
                    errors: [...abstract.querySelectorAll('.katex-error')].map(e => e.title),
                    links: abstract.querySelectorAll('a').length,
                  };
                }"""
            )
        finally:
            visit.context.close()
    assert visit.problems == []
    assert found["page"] <= found["window"] and found["abstract"] <= found["column"]
    assert found["scrolls"]  # the overlined sum (one box, 300 terms) scrolls inside the abstract
    assert 0 < found["rule"] <= 10 * found["em"] + 1  # maxSize: 10 em, not 100,000
    assert found["formulas"] == 4 and found["links"] == 0  # \\href shown as its TeX (trust: false)
    assert len(found["errors"]) == 1 and "Too many expansions" in found["errors"][0], found["errors"]


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        (
            "date: 2025-03-20\npapers:\n- title: First\n  title: Second\n  abstract: A\n",
            ["4: 'title' is given twice here; keep one of them"],
        ),
        (
            "date: 2025-03-20\npapers:\n- title: T\n  abstract: A\n  authors: !!set {Alice Alpha, Bob Beta}\n",
            ["5: papers.0.authors: must be a list"],
        ),
        (
            "date: 2025-03-20\npapers:\n- title: T\n  abstract: A\n  categories: [\"cs.AI\\n<img>\", cs.CL]\n",
            ["5: papers.0.categories.0: 'cs.AI\\n<img>' is not an arXiv category; write it as arXiv does, e.g. cs.CL or hep-th"],
        ),
        (
            "date: 2025-03-20\npapers:\n- title: T\n  abstract: A\n  upvotes: " + "9" * 5000 + "\n",
            [": a value cannot be read (Exceeds the limit (4300 digits) for integer string conversion: value has "
             "5000 digits; use sys.set_int_max_str_digits() to increase the limit); check numbers and dates"],
        ),
    ],
)
def test_yaml_that_would_lose_or_scramble_data_is_refused(tmp_path, text, messages):
    path = tmp_path / "2025-03-20.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_digest(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}{m}" if m.startswith(":") else f"{path}:{m}" for m in messages]


def test_a_date_before_arxiv_is_refused(tmp_path):
    path = tmp_path / "1990-01-01.yml"
    path.write_text("date: 1990-01-01\npapers: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_digest(path)
    assert str(caught.value) == f"{path}:1: date: 1990-01-01 is before 1991-08-14; write the day the papers were listed"


def test_entries_that_are_not_files_are_reported_not_skipped(tmp_path):
    project = Project(make_project(tmp_path / "project", digests=[]))
    (project.digests_dir / "2025-03-20.yml").mkdir()
    with pytest.raises(InputError) as caught:
        generate(project)
    assert str(caught.value) == (
        f"{project.digests_dir / '2025-03-20.yml'}: not a regular file (a folder, a pipe or a broken link); "
        "an input is a text file"
    )


def test_short_and_symbol_titles_are_different_papers(tmp_path):
    from generator.catalog.catalog import build_catalog
    from generator.catalog.tagging import load_taxonomy

    digests = [
        Digest(date=dt.date(2025, 3, 20), papers=[ListedPaper(title="🚀🔥", abstract="Rocket."), ListedPaper(title="C++", abstract="One.")]),
        Digest(date=dt.date(2025, 3, 21), papers=[ListedPaper(title="🎉", abstract="Party."), ListedPaper(title="C#", abstract="Two.")]),
    ]
    catalog = build_catalog(digests, load_taxonomy())
    assert sorted(p.title for p in catalog.papers) == ["C#", "C++", "🎉", "🚀🔥"]
    assert len({p.slug for p in catalog.papers}) == 4


def test_importers_skip_records_with_wrongly_typed_lists(tmp_path):
    from generator.inputs.readers import read_file

    hf = tmp_path / "2025-03-18.json"
    hf.write_text('[{"paper": {"id": "2403.12345", "title": "T", "summary": "A b.", "authors": 5}, "title": "T"}]')
    result = read_file(hf)
    assert result.digests == []
    assert [p.message for p in result.skipped] == [
        "record 1 (2403.12345): authors is int; expected a list of objects with a name"
    ]
    jsonl = tmp_path / "2026-06-28.jsonl"
    jsonl.write_text(
        '{"id": "2403.12345", "title": "T", "summary": "A b.", "authors": "Alice Smith", "categories": "cs.AI"}\n'
        '{"id": "2403.12346", "title": "U", "summary": "C d.", "authors": ["Bob"], "categories": ["cs.AI", "I.2.7"]}\n'
    )
    result = read_file(jsonl)
    assert [str(p) for p in result.skipped] == [
        f"{jsonl}:1: authors is str, categories is str; expected a list of strings"
    ]
    [paper] = result.digests[0].papers
    assert paper.authors == ["Bob"] and paper.categories == ["cs.AI"]


SEED_PAGE = REPO / "tests" / "fixtures" / "seed-listing-page.txt"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def test_import_merges_into_a_day_whose_digest_is_named_yaml(tmp_path):
    """Re-importing a day whose digest is ``.yaml`` merges into that file (0 papers added)
    instead of writing a second ``.yml`` for the same day, which generate would refuse."""
    project = Project(make_project(tmp_path / "project", digests=[]))
    (project.digests_dir / "2025-03-18.YAML").write_bytes(SEED_DIGEST.read_bytes())
    done = run_cli("import", str(SEED_PAGE), "--date", "2025-03-18", cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert "0 paper(s) added, 31 already listed that day" in done.stdout
    assert sorted(p.name for p in project.digests_dir.iterdir()) == ["2025-03-18.YAML"]
    assert run_cli("generate", cwd=project.root).returncode == 0


@pytest.mark.parametrize(
    "date, message",
    [
        ("1990-03-18", "date: 1990-03-18 is before 1991-08-14; write the day the papers were listed"),
        ("2099-03-18", "date 2099-03-18 is in the future; a digest lists a day that has passed (check --date)"),
    ],
)
def test_import_refuses_a_day_no_digest_may_have(tmp_path, date, message):
    project = Project(make_project(tmp_path / "project", digests=[]))
    done = run_cli("import", str(SEED_PAGE), "--date", date, cwd=project.root)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0].endswith(message)
    assert "Traceback" not in done.stderr
    assert list(project.digests_dir.iterdir()) == []


def test_import_date_must_be_written_yyyy_mm_dd(tmp_path):
    done = run_cli("import", str(SEED_PAGE), "--date", "20250318", cwd=tmp_path)
    assert done.returncode == 2
    assert "'20250318' is not a date; expected YYYY-MM-DD, e.g. 2025-03-18" in done.stderr


def test_a_wrong_project_folder_is_named_not_a_traceback(tmp_path):
    """Run outside the project: generate and validate both fail, saying what is missing."""
    for command in ("generate", "validate"):
        done = run_cli(command, cwd=tmp_path)
        assert done.returncode == 1, command
        assert done.stderr.startswith(
            "error: digests: does not exist; run from the project folder (the one with mkdocs.yml and digests/) "
            "or pass --root"
        ), command
    assert list(tmp_path.iterdir()) == []  # no site_src/ made in the wrong place


def test_generate_never_writes_through_a_symbolic_link(tmp_path):
    """A link planted where a generated page or folder goes could lead anywhere: the
    generator refuses, and the linked file stays as it was."""
    project = Project(make_project(tmp_path / "project"))
    outside = tmp_path / "notes.md"
    outside.write_text("my notes\n", encoding="utf-8")
    (project.docs_dir / "index.md").symlink_to(outside)
    with pytest.raises(InputError) as caught:
        generate(project)
    assert f"{project.docs_dir / 'index.md'}: is a symbolic link where the generator writes pages" in str(caught.value)
    assert outside.read_text(encoding="utf-8") == "my notes\n"
    assert not (project.docs_dir / "papers").exists()  # nothing written


def test_generate_never_removes_through_a_linked_folder(tmp_path):
    """A generated folder replaced by a link to a folder elsewhere: when its pages are no
    longer generated, the run refuses instead of deleting the files the link leads to."""
    project = Project(make_project(tmp_path / "project"))
    generate(project)
    elsewhere = tmp_path / "elsewhere"
    (project.docs_dir / "days").rename(elsewhere)
    (project.docs_dir / "days").symlink_to(elsewhere)
    for digest in project.digests_dir.iterdir():
        digest.unlink()
    with pytest.raises(InputError) as caught:
        generate(project)
    assert f"{project.docs_dir / 'days'}: is a symbolic link" in str(caught.value)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["2025-03-18.md"]


def test_a_file_where_a_generated_folder_goes_is_refused_before_writing(tmp_path):
    project = Project(make_project(tmp_path / "project"))
    (project.docs_dir / "tags").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        generate(project)
    assert str(caught.value) == (
        f"{project.docs_dir / 'tags'}: is a file where the generator needs a folder for its pages; move or rename it"
    )
    assert not (project.docs_dir / "papers").exists()


def test_yaml_nested_thousands_deep_is_a_syntax_problem_not_a_crash(tmp_path):
    path = tmp_path / "2025-03-18.yml"
    path.write_text("date: 2025-03-18\npapers: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_digest(path)
    assert str(raised.value) == (
        f"{path}:2: not valid YAML: exceeded maximum nesting depth; check the quotes and brackets on this line "
        "and the lines above it (text starting with [ { * & ! | > or holding ': ' must be quoted)"
    )
