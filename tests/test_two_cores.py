"""Work done in a second process (issue 8): the paper pages rendered in two halves and the
search terms counted while MkDocs renders give exactly what one process gives."""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys

import pytest

from conftest import REPO, make_project
from generator import parallel
from generator.build import Project, load_catalog
from generator.related import Similarity, related_papers
from generator.search_index import (
    INDEX_PATH,
    BackgroundIndexer,
    _round_3,
    write_search_files,
)
from generator.writers import render_site
from generator.writers.paper_pages import paper_pages


@pytest.fixture(scope="module")
def seed_catalog():
    return load_catalog(Project(REPO))


# The second process ---------------------------------------------------------------------


def test_run_in_fork_returns_what_the_function_returned_in_another_process():
    parent = os.getpid()
    result = parallel.run_in_fork(lambda: {"pid": os.getpid(), "pages": {"papers/a.md": "# A\n"}})
    answer = result()
    assert answer["pages"] == {"papers/a.md": "# A\n"}
    assert answer["pid"] != parent


def test_run_in_fork_raises_the_childs_exception_with_its_traceback():
    def fails():
        raise KeyError("2501.00001")

    result = parallel.run_in_fork(fails)
    with pytest.raises(KeyError, match="2501.00001") as raised:
        result()
    assert any("in the second process" in note and "fails" in note for note in raised.value.__notes__)


def test_run_in_fork_reports_a_child_that_died():
    result = parallel.run_in_fork(lambda: os._exit(3))
    with pytest.raises(parallel.SecondProcessDied, match="exit code 3"):
        result()


def test_ctrl_c_is_left_to_the_parent():
    """The terminal sends Ctrl+C to the whole process group: a child ignores it (no
    traceback of its own) and the parent, which stops the build, decides."""
    import signal
    import time

    started = parallel.run_in_fork(lambda: (time.sleep(1.0), "finished")[1])
    time.sleep(0.3)
    os.kill(started._child.pid, signal.SIGINT)
    assert started() == "finished"


def test_without_fork_the_work_runs_in_this_process(monkeypatch):
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert parallel.run_in_fork(os.getpid)() == os.getpid()


# Digests read by two processes --------------------------------------------------------------


def test_digests_read_by_two_processes_are_those_one_process_reads(tmp_path, monkeypatch):
    from generator.build import _half_of_the_bytes, load_digests
    from generator.problems import InputError
    from generator.tagging import load_taxonomy

    seed = REPO / "digests" / "2025-03-18.yml"
    folder = tmp_path / "digests"
    folder.mkdir()
    for day in ("2025-03-17", "2025-03-18", "2025-03-19"):
        text = seed.read_text(encoding="utf-8").replace("date: 2025-03-18", f"date: {day}", 1)
        (folder / f"{day}.yml").write_text(text, encoding="utf-8")
    (folder / "2025-03-16.yml").write_text("date: 2025-03-16\npapers: []\n", encoding="utf-8")
    paths = sorted(folder.iterdir())
    assert _half_of_the_bytes(paths) == 2 and _half_of_the_bytes(paths[:1]) == 0
    taxonomy = load_taxonomy()
    two = load_digests(folder, taxonomy)
    assert [(str(d.date), len(d.papers)) for d in two] == [
        ("2025-03-16", 0), ("2025-03-17", 31), ("2025-03-18", 31), ("2025-03-19", 31)
    ]
    # Problems of files read by either process come together, in file order.
    (folder / "2025-03-16.yml").write_text("date: 2025-03-16\npapers: [{title: x}]\n", encoding="utf-8")
    (folder / "2025-03-19.yml").write_text("date: 2025-03-20\npapers: []\n", encoding="utf-8")
    with pytest.raises(InputError) as two_processes:
        load_digests(folder, taxonomy)
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    with pytest.raises(InputError) as one_process:
        load_digests(folder, taxonomy)
    assert str(two_processes.value) == str(one_process.value)
    assert [p.path.name for p in two_processes.value.problems] == ["2025-03-16.yml", "2025-03-19.yml"]


# Paper pages in two processes ----------------------------------------------------------------


def test_related_papers_asked_for_a_subset_are_those_of_the_whole(seed_catalog):
    catalog, _ = seed_catalog
    whole = related_papers(catalog.papers)
    similarity = Similarity(catalog.papers)
    odd = [p.key for p in catalog.papers[1::2]]
    assert similarity.related(odd) == {key: whole[key] for key in odd}
    assert len(odd) == 15 and sum(map(len, whole.values())) == 5 * 31


def test_two_processes_render_the_pages_one_process_renders(seed_catalog, monkeypatch):
    catalog, taxonomy = seed_catalog
    two = render_site(catalog, taxonomy)
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    one = render_site(catalog, taxonomy)
    assert two == one
    assert list(two) == sorted(two) and sum(p.startswith("papers/") for p in two) == 31
    first, rest = paper_pages(catalog, taxonomy, papers=catalog.papers[:17]), paper_pages(
        catalog, taxonomy, papers=catalog.papers[17:]
    )
    assert len(first) == 17 and len(rest) == 14 and {**first, **rest} == paper_pages(catalog, taxonomy)


# Search terms counted beside the render ---------------------------------------------------

PAGES = [
    [
        {"location": "papers/a/", "title": "LLaMA-2 &amp; friends", "text": "<p>Ada Lovelace</p>", "tags": ["llm"]},
        {"location": "papers/a/#abstract", "title": "Abstract", "text": "<p>We train 7B models.</p>", "tags": ["llm"]},
    ],
    [{"location": "about/", "title": "About", "text": "<p>Digests of papers, 7B and up.</p>"}],
    [
        {"location": "papers/b/", "title": "GPT-4o: what is RLHF?", "text": "<p>Alan Turing</p>", "tags": ["rlhf"]},
        {"location": "papers/b/#abstract", "title": "Abstract", "text": "<p>Reward models; 530B.</p>", "tags": ["rlhf"]},
    ],
]


def material_site(folder, pages):
    """A site folder holding what Material's search plugin writes for ``pages``."""
    (folder / "search").mkdir(parents=True)
    entries = [entry for page in pages for entry in page]
    index = {"config": {"lang": ["en"], "separator": "[\\s\\-]+"}, "docs": entries}
    (folder / INDEX_PATH).write_text(json.dumps(index), encoding="utf-8")
    return folder


def search_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted((folder / "search").rglob("*.json"))}


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param(PAGES, id="every page as Material indexed it"),
        pytest.param([PAGES[0][:1], PAGES[0][1:], *PAGES[1:]], id="a page in two parts"),
        pytest.param(PAGES[:2], id="a page missed (the file is the truth)"),
        pytest.param([], id="nothing sent"),
    ],
)
def test_background_indexer_writes_what_write_search_files_writes(tmp_path, sent):
    expected = material_site(tmp_path / "expected", PAGES)
    write_search_files(expected)
    site = material_site(tmp_path / "site", PAGES)
    indexer = BackgroundIndexer()
    for entries in sent:
        indexer.add(entries)
    summary = indexer.finish(site)
    assert summary == {"documents": 3, "terms": summary["terms"], "shards": 1, "bytes": summary["bytes"]}
    assert search_files(site) == search_files(expected)
    assert len(search_files(site)) == 3  # the index, one shard, one file of documents


def test_if_the_indexing_process_dies_the_files_are_written_here(tmp_path):
    import signal

    expected = material_site(tmp_path / "expected", PAGES)
    write_search_files(expected)
    site = material_site(tmp_path / "site", PAGES)
    indexer = BackgroundIndexer()
    indexer.add(PAGES[0])
    os.kill(indexer._process.pid, signal.SIGKILL)
    indexer._process.join()
    for entries in PAGES[1:]:
        indexer.add(entries)
    assert indexer.finish(site)["documents"] == 3
    assert search_files(site) == search_files(expected)


def test_background_indexer_raises_what_write_search_files_raises(tmp_path):
    indexer = BackgroundIndexer()
    indexer.add(PAGES[0])
    with pytest.raises(FileNotFoundError, match="search_index.json"):
        indexer.finish(tmp_path)


def test_a_cancelled_indexer_leaves_no_process(tmp_path):
    indexer = BackgroundIndexer()
    process = indexer._process
    assert process is not None and process.is_alive()
    indexer.add(PAGES[0])
    indexer.cancel()
    indexer.cancel()
    assert not process.is_alive()


def test_scores_round_as_pythons_round():
    import numpy as np

    values = [0.0005, 0.0015, 1.0005, 2.675, 2.6745, 10.0625, 1e-9, 0.0, 123.4565, 7.9995]
    generator = random.Random(8)
    values += [generator.uniform(0, 60) for _ in range(20_000)]
    values += [round(generator.uniform(0, 60), 4) for _ in range(20_000)]  # many exact-looking halves
    rounded = _round_3(np.array(values, dtype=np.float64)).tolist()
    assert rounded == [round(v, 3) for v in values]


# MkDocs' Markdown conversion shared with a second process ---------------------------------


def mkdocs_build(project, *, one_process=False, strict=True):
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    if one_process:
        env[parallel.ONE_PROCESS_VARIABLE] = "1"
    command = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else [])]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)


def site_files(site):
    """Every file of a built site, by path; the gzipped sitemap unzipped (gzip records a time)."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


def test_the_site_built_with_two_processes_is_the_site_one_process_builds(tmp_path):
    project = make_project(tmp_path / "project")
    one = mkdocs_build(project, one_process=True)
    assert one.returncode == 0, one.stderr
    alone = site_files(project / "site")
    two = mkdocs_build(project)
    assert two.returncode == 0, two.stderr
    together = site_files(project / "site")
    assert together == alone
    assert len([p for p in together if p.startswith("papers/") and p.endswith("/index.html")]) == 31
    # Only the process count differs between the runs: their logs say the same.
    assert two.stderr.replace("\n", "").count("WARNING") == one.stderr.count("WARNING") == 0


def write_neighbours(project, pages):
    """Hand-written pages under site_src/papers/, ``{name: Markdown}``: named to sort last
    and next to each other in MkDocs' order of pages, so that they fall into both shares."""
    notes = project / "site_src" / "papers"
    notes.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (notes / f"{name}.md").write_text(text, encoding="utf-8")


def test_a_warning_in_a_page_converted_by_the_second_process_fails_a_strict_build(tmp_path):
    project = make_project(tmp_path / "project")
    write_neighbours(
        project, {name: f"# {name}\n\nSee [the missing page](no-such-page.md).\n" for name in ("zz-reading-notes-1", "zz-reading-notes-2")}
    )
    result = mkdocs_build(project)
    assert result.returncode == 1
    for name in ("zz-reading-notes-1", "zz-reading-notes-2"):
        message = f"Doc file 'papers/{name}.md' contains a link 'no-such-page.md', but the target"
        assert result.stderr.count(message) == 1, result.stderr
    assert "Aborted with 2 warnings in strict mode!" in result.stdout + result.stderr
    relaxed = mkdocs_build(project, strict=False)
    assert relaxed.returncode == 0 and relaxed.stderr.count("contains a link 'no-such-page.md'") == 2
    for name in ("zz-reading-notes-1", "zz-reading-notes-2"):
        page = (project / "site" / "papers" / name / "index.html").read_text(encoding="utf-8")
        assert "See <a href=\"no-such-page.md\">the missing page</a>" in page


def test_a_page_the_second_process_cannot_convert_is_converted_as_mkdocs_alone_would(tmp_path):
    """A list nested about 245 deep nears Python-Markdown's recursion limit; the second
    process, whose stack is deeper, may hit it first. The page is then converted in the
    main process: both ways succeed or fail alike, with the same site or the same error."""
    project = make_project(tmp_path / "project")
    deep = "".join("    " * depth + "- a\n" for depth in range(245))
    write_neighbours(project, {name: "# Deep\n\n" + deep for name in ("zz-deep-1", "zz-deep-2")})
    alone = mkdocs_build(project, one_process=True, strict=False)
    alone_site = site_files(project / "site") if alone.returncode == 0 else None
    shared = mkdocs_build(project, strict=False)
    assert shared.returncode == alone.returncode
    assert shared.stderr.count("RecursionError") == alone.stderr.count("RecursionError")
    if alone_site is not None:
        assert site_files(project / "site") == alone_site


def test_a_failed_render_leaves_no_second_process(seed_catalog, monkeypatch):
    import multiprocessing
    import sys as sys_module

    catalog, taxonomy = seed_catalog

    def broken(*_):
        raise RuntimeError("a day page template failed")

    monkeypatch.setattr(sys_module.modules["generator.writers"], "PAGE_WRITERS", (paper_pages, broken))
    with pytest.raises(RuntimeError, match="a day page template failed"):
        render_site(catalog, taxonomy)
    assert multiprocessing.active_children() == []


def test_a_killed_build_leaves_no_second_process(tmp_path):
    """``kill -9`` of MkDocs mid-build: its children see their pipes close and end."""
    import signal
    import time

    project = make_project(tmp_path / "project")
    assert mkdocs_build(project).returncode == 0  # pages generated: the next build is MkDocs' render
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def processes_in_project():
        found = []
        for proc in os.listdir("/proc"):
            try:
                if proc.isdigit() and os.readlink(f"/proc/{proc}/cwd") == str(project):
                    found.append(int(proc))
            except OSError:
                continue
        return found

    deadline = time.monotonic() + 30
    while len(processes_in_project()) < 2 and time.monotonic() < deadline:  # MkDocs and a child
        time.sleep(0.02)
    assert len(processes_in_project()) >= 2
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 20
    while processes_in_project() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_in_project() == []


def add_hook(project, source):
    """Another MkDocs hook for the project, listed before the generator's."""
    (project / "hooks_test.py").write_text(source, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("hooks:\n", "hooks:\n  - hooks_test.py\n", 1), encoding="utf-8")


@pytest.mark.parametrize(
    "event, share, message",
    [
        ("on_nav", "markdown", "generator: the second process stopped converting pages; MkDocs converts the rest here"),
        ("on_env", "templates", "generator: the second process stopped rendering pages; MkDocs renders the rest here"),
    ],
)
def test_if_a_second_process_dies_mkdocs_does_its_pages_here(tmp_path, event, share, message):
    """The child converting (or rendering) a share of the pages is killed, as by the kernel
    when memory runs out: the build still succeeds, with the same site, and says what happened."""
    project = make_project(tmp_path / "project")
    assert mkdocs_build(project, one_process=True).returncode == 0
    alone = site_files(project / "site")
    argument = {"on_nav": "nav", "on_env": "env"}[event]
    add_hook(
        project,
        "import os, signal\n"
        "from mkdocs.plugins import event_priority\n"
        "@event_priority(-200)\n"  # after the generator's hook (-100) started the child
        f"def {event}({argument}, config, files):\n"
        f"    share = config.plugins['generator/mkdocs_hook.py']._built[{share!r}]\n"
        "    os.kill(share._ahead._child.pid, signal.SIGKILL)\n"
        f"    return {argument}\n",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert f"{message} (it ended)" in result.stderr
    assert site_files(project / "site") == alone


# The theme's templates (and Material's search indexing) shared with a second process ------


def test_a_share_alternates_along_the_list():
    assert parallel.alternate(list(range(20)), 0.55) == [1, 3, 5, 7, 9, 10, 12, 14, 16, 18, 19]
    assert parallel.alternate(list(range(6)), 0.5) == [1, 3, 5]
    assert parallel.alternate(list(range(4)), 0) == []


def test_a_template_warning_in_the_second_processs_share_fails_a_strict_build_once(tmp_path):
    """A template that logs a warning: whichever process renders the page, it is logged
    once, in the main process, so ``--strict`` counts it."""
    project = make_project(tmp_path / "project")
    add_hook(
        project,
        "import logging\n"
        "def warn(text):\n"
        "    logging.getLogger('mkdocs.hooks.test').warning('template warning: %s', text)\n"
        "    return text\n"
        "def on_env(env, config, files):\n"
        "    env.filters['warn'] = warn\n"
        "    return env\n",
    )
    (project / "theme" / "warning.html").write_text(
        '{% extends "main.html" %}{% block content %}{{ page.file.src_uri | warn }}{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    write_neighbours(project, {name: f"---\ntemplate: warning.html\n---\n# {name}\n" for name in ("zz-notes-1", "zz-notes-2")})
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert result.stderr.count("template warning: papers/zz-notes-1.md") == 1, result.stderr
    assert result.stderr.count("template warning: papers/zz-notes-2.md") == 1, result.stderr
    assert "Aborted with 2 warnings in strict mode!" in result.stdout + result.stderr
    relaxed = mkdocs_build(project, strict=False)
    assert relaxed.returncode == 0 and relaxed.stderr.count("template warning:") == 2
    assert "papers/zz-notes-2.md" in (project / "site" / "papers" / "zz-notes-2" / "index.html").read_text(encoding="utf-8")


def test_a_page_whose_template_fails_fails_the_build_as_mkdocs_alone_would(tmp_path):
    project = make_project(tmp_path / "project")
    write_neighbours(
        project, {name: f"---\ntemplate: no-such-template.html\n---\n# {name}\n" for name in ("zz-notes-1", "zz-notes-2")}
    )
    alone = mkdocs_build(project, one_process=True)
    shared = mkdocs_build(project)
    assert alone.returncode == shared.returncode == 1
    error = "Error building page 'papers/zz-notes-1.md': 'no-such-template.html' not found"
    assert alone.stderr.count(error) == shared.stderr.count(error) == 1, shared.stderr


def test_results_ahead_are_what_the_work_gives_and_a_failed_key_has_none():
    import logging

    def work(key):
        if key == "b":
            raise ValueError("no b")
        return {"key": key, "text": key * 3}

    ahead = parallel.ResultsAhead(["a", "b", "c"], work, logging.getLogger("test"), "lost")
    try:
        assert bool(ahead) and "a" in ahead and "d" not in ahead
        assert ahead.get("a") == {"key": "a", "text": "aaa"}
        assert ahead.get("b") is None  # its work raised there: the caller does it
        assert ahead.get("c") == {"key": "c", "text": "ccc"}
        assert ahead.get("d") is None  # not one of the keys
    finally:
        ahead.cancel()
    import multiprocessing

    assert multiprocessing.active_children() == []


def test_without_a_temporary_file_the_work_stays_in_this_process(monkeypatch, caplog):
    import logging
    import tempfile

    def no_temporary_file(*_, **__):
        raise FileNotFoundError("No usable temporary directory found")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_temporary_file)
    with caplog.at_level(logging.INFO):
        ahead = parallel.ResultsAhead(["a"], str.upper, logging.getLogger("test"), "lost")
    assert not ahead and ahead.get("a") is None
    assert "no temporary file for a second process (No usable temporary directory found)" in caplog.text
    ahead.cancel()


def add_late_hook(project, source):
    """Another MkDocs hook for the project, listed after the generator's."""
    (project / "hooks_late.py").write_text(source, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = "hooks:\n  - generator/mkdocs_hook.py\n"
    assert hooks in config
    (project / "mkdocs.yml").write_text(config.replace(hooks, hooks + "  - hooks_late.py\n", 1), encoding="utf-8")


def test_hooks_listed_after_the_generators_and_editing_search_entries_give_the_same_site(tmp_path):
    """A hook after the generator's sets state in on_nav and on_env (the second processes
    start after it), and edits Material's search entries in on_page_context (they are
    edited once, whichever process made them)."""
    project = make_project(tmp_path / "project")
    add_late_hook(
        project,
        "KNOWN = {}\n"
        "def on_nav(nav, config, files):\n"
        "    KNOWN['pages'] = len(nav.pages)\n"
        "    return nav\n"
        "def on_env(env, config, files):\n"
        "    env.globals['banner'] = 'BANNER-FROM-LATE-HOOK'\n"
        "    return env\n"
        "def on_page_markdown(markdown, page, **_):\n"
        "    return markdown + f\"\\n\\nNav pages known: {KNOWN.get('pages')}\\n\" if page.file.src_uri.startswith('papers/zz-') else markdown\n"
        "def on_page_context(context, page, config, nav):\n"
        "    for entry in config.plugins['material/search'].search_index.entries:\n"
        "        if entry['location'].startswith(page.url) and page.url.startswith('papers/zz-'):\n"
        "            entry['title'] += ' [tweaked]'\n"
        "    return context\n",
    )
    (project / "theme" / "banner.html").write_text(
        '{% extends "main.html" %}{% block content %}{{ super() }}<p>[{{ banner }}]</p>{% endblock %}', encoding="utf-8"
    )
    write_neighbours(project, {f"zz-{letter}": f"---\ntemplate: banner.html\n---\n# Page {letter}\n" for letter in "abcd"})
    one = mkdocs_build(project, one_process=True)
    assert one.returncode == 0, one.stderr
    alone = site_files(project / "site")
    two = mkdocs_build(project)
    assert two.returncode == 0, two.stderr
    assert site_files(project / "site") == alone
    for letter in "abcd":
        page = alone[f"papers/zz-{letter}/index.html"].decode()
        assert "Nav pages known: 5" in page and "[BANNER-FROM-LATE-HOOK]" in page
    documents = b"".join(data for path, data in alone.items() if path.startswith("search/data/"))
    assert documents.count(b"Page a [tweaked]") == 1 and b"[tweaked] [tweaked]" not in documents


def test_a_stuck_second_process_is_stopped_and_its_work_done_here(monkeypatch, caplog):
    import logging
    import multiprocessing
    import time

    def work(key):
        if key == "b":
            time.sleep(600)  # as a hook waiting for a thread that the fork did not copy
        return key.upper()

    monkeypatch.setattr(parallel, "STALL_SECONDS", 1)
    with caplog.at_level(logging.INFO):
        ahead = parallel.ResultsAhead(["a", "b", "c"], work, logging.getLogger("test"), "lost")
        assert ahead.get("a") == "A"
        started = time.monotonic()
        assert ahead.get("b") is None and ahead.get("c") is None  # done here instead
        assert time.monotonic() - started < 10
    assert "lost (no answer in 1 s)" in caplog.text
    assert multiprocessing.active_children() == []
    ahead.cancel()


def test_a_stuck_second_process_ends_when_its_parent_is_killed(tmp_path):
    """The child of a ``kill -9``-ed parent ends even if it is stuck and never touches
    its pipes again (Linux: PR_SET_PDEATHSIG)."""
    import signal
    import time

    script = tmp_path / "parent.py"
    script.write_text(
        "import logging, sys, time\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from generator import parallel\n"
        "ahead = parallel.ResultsAhead(['a'], lambda key: time.sleep(600), logging.getLogger('x'), 'lost')\n"
        "print(ahead._child.pid, flush=True)\n"
        "time.sleep(600)\n",
        encoding="utf-8",
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    os.kill(child, 0)  # running
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    def running():  # a killed child nobody has reaped yet (a zombie) has ended too
        try:
            with open(f"/proc/{child}/stat", encoding="utf-8") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 10
    while running() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running()
