"""Hypothesis strategies for hostile digest files, and the check every one must pass.

Used by tests/test_fuzz_digests.py (a modest run in CI) and bench/fuzz_digests.py (10,000
examples). A digest is generated as data (the schema's fields with wrong, odd, huge and
empty values, extra keys, shared objects that PyYAML writes as anchors and aliases), dumped
as YAML, and sometimes damaged as text (tabs, a second document, a cut, a merge key). The
check: ``validate`` either accepts the file or reports problems in words, each with the file;
``generate`` refuses exactly what ``validate`` refused, and otherwise writes pages whose
front matter reads back the catalog's values, and search files whose documents read back
the papers' values (the organization is a search field since FORMAT 8); nothing raises
anything else, and no example takes longer than the time bound.
"""

from __future__ import annotations

import datetime as dt
from html import escape
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from collections.abc import Iterator

import frontmatter
import yaml
from hypothesis import strategies as st

from generator.build import Project, generate, load_catalog
from generator.core.problems import InputError
from generator.catalog.tagging import load_taxonomy
from generator.inputs.validation import validate_digests
from generator.output.search_index import SearchDocument, paper_documents, write_index_files
from search_oracle import load_split

TAXONOMY = load_taxonomy()
DAY = dt.date(2025, 3, 20)

odd_text = st.text(alphabet=st.characters(), max_size=30)  # every category, surrogates and controls included
tex_text = st.lists(
    st.sampled_from(list("$\\{}^_()[]&%#~` ab1\n\t") + ["\\frac", "\\rule{9em}{1em}", "$$", "\\(", "\\)", "\\def\\a{\\a\\a}\\a"]),
    max_size=30,
).map("".join)
huge_text = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["a", "word ", "🚀", " ", "$x$ ", "\\", "\u200b", "<b>"]),
    st.sampled_from([300, 1_001, 6_000, 25_000]),
)
text = st.one_of(st.just(""), odd_text, tex_text, huge_text, st.sampled_from(["A Paper", "C++", "C#", "null", "yes", "1e3"]))
scalar = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(), st.dates(),
    st.datetimes(), text,
)
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=3)), max_leaves=8)
arxiv_id = st.one_of(st.sampled_from(["2403.12345", "2403.12345v2", "hep-th/9901001", "2403.1234", "1412.12345"]), text, scalar)
url = st.one_of(
    st.sampled_from(["https://arxiv.org/abs/2403.12345v2", "https://arxiv.org/pdf/2403.12346", "//example.org/x",
                     "javascript:alert(1)", "https://huggingface.co/papers/2403.12345", "example.org"]),
    text,
)


def _optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.just(None), strategy)


good_text = st.one_of(
    st.sampled_from(["A Paper", "Compiling C++", "Compiling C#", "🚀🔥", "Scaling Things", "𝔸lgebra 𠀀", "<b>x</b> & y"]),
    st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(str.strip),
)
GOOD = {
    "title": good_text,
    "abstract": st.one_of(good_text, st.just("An abstract with $x^2$ and \\emph{TeX}."), tex_text.filter(str.strip)),
    "arxiv_id": st.sampled_from(["2403.12345", "2403.12345v2", "hep-th/9901001", "2403.12346"]),
    "authors": st.lists(good_text, max_size=4),
    "links": st.dictionaries(st.sampled_from(["arxiv", "pdf", "code"]), st.sampled_from(
        ["https://arxiv.org/abs/2403.12345v2", "https://arxiv.org/pdf/2403.12346", "https://github.com/a/b"]), max_size=2),
    "categories": st.lists(st.sampled_from(["cs.CL", "hep-th", "cs.AI"]), max_size=3),
    "tags": st.lists(st.sampled_from(sorted(TAXONOMY.by_slug)[:5]), max_size=2),
    "upvotes": st.integers(min_value=0, max_value=10**6),
    "published": st.dates(min_value=dt.date(2000, 1, 1), max_value=DAY),
    "organization": good_text,
    "ai_summary": good_text,
    "github_stars": st.integers(min_value=0, max_value=10**6),
}
BAD = {
    "title": st.one_of(text, scalar),
    "abstract": st.one_of(text, tex_text, scalar),
    "arxiv_id": arxiv_id,
    "authors": st.one_of(st.lists(st.one_of(text, scalar), max_size=4), text, scalar),
    "links": st.one_of(st.dictionaries(st.sampled_from(["arxiv", "pdf", "huggingface", "code", "project", "other"]), url, max_size=3), scalar),
    "categories": st.one_of(st.lists(st.sampled_from(["cs.CL", "hep-th", "cs.AI\n<img>", ""]), max_size=3), scalar),
    "tags": st.one_of(st.lists(st.sampled_from(sorted(TAXONOMY.by_slug)[:5] + ["not-a-tag", ""]), max_size=3), scalar),
    "upvotes": st.one_of(st.integers(min_value=-5, max_value=10**12), scalar),
    "published": st.one_of(st.dates(), scalar),
    "organization": st.one_of(text, scalar),
    "ai_summary": st.one_of(text, scalar),
    "github_stars": st.one_of(st.integers(min_value=-5, max_value=10**12), scalar),
}


@st.composite
def papers(draw: st.DrawFn, clean: bool) -> dict[str, Any]:
    """One entry of ``papers``: the schema's fields, each present or not; valid values for
    a ``clean`` digest, else a tenth of them of any kind (and sometimes an extra key)."""
    paper = {}
    for name in GOOD:
        required = name in ("title", "abstract")
        if (draw(st.integers(0, 19)) > 0 if required else draw(st.booleans())) or (required and clean):
            bad = not clean and draw(st.integers(0, 9)) == 0
            paper[name] = draw(BAD[name] if bad else GOOD[name])
    if not clean and draw(st.integers(0, 9)) == 0:
        paper[draw(text)] = draw(value)
    return paper


@st.composite
def digest_texts(draw: st.DrawFn) -> tuple[str, str]:
    """``(file name, text)`` of one hostile digest file."""
    clean = draw(st.booleans())
    listed = draw(st.lists(papers(clean), max_size=5))
    for position in range(len(listed)):  # shared objects: PyYAML writes &id001 / *id001
        if position and draw(st.integers(0, 5)) == 0:
            listed[position] = listed[draw(st.integers(0, position - 1))]
    data: dict[Any, Any] = {"date": DAY if clean else draw(st.one_of(st.just(DAY), st.dates(), scalar)), "papers": listed}
    if draw(st.booleans()):
        data["source"] = "https://huggingface.co/papers?date=2025-03-20" if clean else draw(url)
    if not clean and draw(st.integers(0, 6)) == 0:
        data[draw(text)] = draw(value)
    if not clean and draw(st.integers(0, 8)) == 0:
        data["papers"] = draw(value)
    try:
        text_out = yaml.dump(data, Dumper=yaml.SafeDumper, allow_unicode=draw(st.booleans()), sort_keys=draw(st.booleans()))
    except yaml.YAMLError:  # keys PyYAML cannot write
        text_out = "date: 2025-03-20\npapers: []\n"
    lines = text_out.splitlines(keepends=True)
    damage = "none" if clean else draw(st.sampled_from(["none", "none", "tab", "second-document", "cut", "merge", "alias-bomb", "null"]))
    where = draw(st.integers(0, max(len(lines) - 1, 0)))
    if damage == "tab" and lines:
        lines[where] = "\t" + lines[where]
    elif damage == "second-document":
        lines += ["---\n", "date: 2025-03-21\n"]
    elif damage == "cut":
        lines = lines[:where] + [lines[where][: len(lines[where]) // 2]] if lines else []
    elif damage == "merge":
        lines = ["base: &base {title: Merged, abstract: Merged.}\n", *lines, "merged: {<<: *base}\n"]
    elif damage == "alias-bomb":
        lines = ["a: &a [x, x, x, x, x, x, x, x]\n", *(f"b{i}: &b{i} [{', '.join(['*a' if i == 0 else f'*b{i - 1}'] * 8)}]\n" for i in range(8)), *lines]
    elif damage == "null" and lines:
        lines.append("- {title: null, abstract: ~}\n")
    date = data["date"] if isinstance(data["date"], dt.date) and not isinstance(data["date"], dt.datetime) else DAY
    return f"{date.isoformat()}.yml", "".join(lines)


class TooSlow(Exception):
    """An example took longer than the time bound."""


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Raise :class:`TooSlow` in the main thread if the block uses more than ``seconds`` of
    CPU time (this process' user and system time: what the work costs, whatever else the
    machine is busy with)."""

    def expire(signum, frame):
        signal.setitimer(signal.ITIMER_PROF, 0.05)  # again soon, should a gc callback swallow this one
        raise TooSlow(f"over {seconds} CPU seconds")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def check_digest_file(root: Path, name: str, text: str) -> str:
    """Put one digest file (``name``, ``text``) alone into the project at ``root``, run
    validate and generate on it and read the pages back. Returns ``"refused"`` or
    ``"generated"``; raises ``AssertionError`` for a wrong outcome, anything else for a crash."""
    digests = root / "digests"
    shutil.rmtree(digests, ignore_errors=True)
    digests.mkdir(parents=True)
    (root / "site_src").mkdir(exist_ok=True)
    (digests / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    report = validate_digests(None, digests, TAXONOMY)
    project = Project(root)
    if not report.ok:
        for problem in report.problems:
            assert problem.path == digests / name and problem.message.strip(), problem
            assert len(problem.message) < 2_000, f"a message of {len(problem.message):,} characters: {problem.message[:300]}"
        try:
            load_catalog(project)
        except InputError as error:
            assert error.problems, "generate refused with no problem"
        else:
            raise AssertionError(f"generate accepted what validate refused: {report.problems}")
        return "refused"
    catalog, _ = generate(project)
    for paper in catalog.papers:
        page = frontmatter.loads((project.docs_dir / "papers" / f"{paper.slug}.md").read_text(encoding="utf-8"))
        assert page["title"] == escape(paper.title) and page.content.strip(), paper.slug
    for day in catalog.day_listing:
        assert (project.docs_dir / "days" / f"{day.isoformat()}.md").is_file()
    documents = paper_documents(catalog, TAXONOMY)   # the search files: every value read back as it was
    shutil.rmtree(root / "site", ignore_errors=True)
    write_index_files(root / "site", documents, {})
    assert [_shown(doc) for doc in load_split(root / "site")[0]] == [_shown(doc) for doc in documents]
    return "generated"


def _shown(doc: SearchDocument) -> tuple[Any, ...]:
    """A search document's values as the worker reads them (its authors one text)."""
    return (doc.location, doc.title, doc.text, ", ".join(doc.authors), doc.tags, doc.date, doc.arxiv_id, doc.also, doc.organization)


def timed_check(root: Path, name: str, text: str, seconds: float) -> tuple[str, float]:
    """:func:`check_digest_file` within ``seconds`` of CPU time; returns its outcome and the
    CPU seconds taken."""
    start = time.process_time()
    with time_bound(seconds):
        outcome = check_digest_file(root, name, text)
    return outcome, time.process_time() - start
