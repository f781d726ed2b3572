"""Hostile input, round two (issue 20): each class of input gets a clear error or correct
output, quickly, and nothing outside the project is read or written."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest

from conftest import REPO
from generator.build import Project, generate
from generator.inputs.digest_files import dump_digest, read_digest
from generator.core.model import Digest, ListedPaper
from generator.core.problems import InputError
from generator.inputs.readers import read_file
from generator.catalog.tagging import load_taxonomy

TAXONOMY = load_taxonomy()
DAY = "date: 2025-03-20\npapers:\n- title: A Paper\n  abstract: An abstract.\n"


def run_cli(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command line in a child process; ``timeout`` only guards against a hang."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )


def small_project(root: Path, *digests: tuple[str, str]) -> Project:
    """A project folder with ``digests`` (file name, text) in digests/ and an empty site_src/."""
    (root / "digests").mkdir(parents=True)
    (root / "site_src").mkdir()
    for name, text in digests:
        (root / "digests" / name).write_text(text, encoding="utf-8")
    return Project(root)


# -- YAML aliases -------------------------------------------------------------------------

LIST_BOMB = "date: 2025-03-20\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
) + "papers: []\n"
MERGE_BOMB = "date: 2025-03-20\nm0: &m0 {k: v}\n" + "".join(
    f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 9)}]}}\n" for i in range(1, 10)
) + "papers: []\n"


@pytest.mark.parametrize("bomb, line", [(LIST_BOMB, 3), (MERGE_BOMB, 3)], ids=["nested-lists", "merge-keys"])
def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path, bomb, line):
    assert len(bomb.encode()) < 700  # billions of values once expanded
    project = small_project(tmp_path, ("2025-03-20.yml", bomb))
    done = run_cli("validate", cwd=project.root)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"error: digests/2025-03-20.yml:{line}: *{'a0' if bomb is LIST_BOMB else 'm0'} is a YAML alias; a digest "
        "uses no anchors (&) or aliases (*): write the value out in full (and put text that starts with * or & in quotes)"
    )


def test_an_anchor_without_alias_is_harmless(tmp_path):
    path = tmp_path / "2025-03-20.yml"
    path.write_text(DAY.replace("- title:", "- &first title:"), encoding="utf-8")
    assert read_digest(path).papers[0].title == "A Paper"


# -- Symbolic links -----------------------------------------------------------------------

SECRET = "date: 2025-03-20\npapers:\n- title: SECRET OUTSIDE TITLE\n  abstract: Outside.\n"


def test_a_digest_that_is_a_symbolic_link_is_refused_by_every_command(tmp_path):
    outside = tmp_path / "outside" / "2025-03-20.yml"
    outside.parent.mkdir()
    outside.write_text(SECRET, encoding="utf-8")
    project = small_project(tmp_path / "project")
    link = project.digests_dir / "2025-03-20.yml"
    link.symlink_to(outside)
    message = (
        f"{link}: is a symbolic link; a digest is a regular file, never a link, which could lead out of the project "
        "(and import would write there): replace the link by a copy of the file"
    )
    with pytest.raises(InputError) as caught:
        generate(project)
    assert str(caught.value) == message
    assert not (project.docs_dir / "papers").exists()
    done = run_cli("--root", str(project.root), "validate", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.splitlines()[0] == f"error: {message}"
    seed = tmp_path / "2025-03-20.json"
    seed.write_text(json.dumps([{"title": "Imported", "paper": {"id": "2403.12345", "summary": "Text."}}]))
    done = run_cli("--root", str(project.root), "import", str(seed), cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.splitlines()[0] == f"error: {message}"
    assert "SECRET" not in done.stdout + done.stderr
    assert outside.read_text(encoding="utf-8") == SECRET  # import did not write through the link


def test_import_never_writes_through_a_broken_link(tmp_path):
    project = small_project(tmp_path / "project")
    target = tmp_path / "elsewhere.yml"
    (project.digests_dir / "2025-03-20.yml").symlink_to(target)
    seed = tmp_path / "2025-03-20.json"
    seed.write_text(json.dumps([{"title": "Imported", "paper": {"id": "2403.12345", "summary": "Text."}}]))
    done = run_cli("--root", str(project.root), "import", str(seed), cwd=tmp_path)
    assert done.returncode == 1 and "is a symbolic link" in done.stderr
    assert not target.exists()


def test_folders_that_lead_out_of_the_project_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2025-03-20.yml").write_text(SECRET, encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    (root / "digests").symlink_to(outside)
    for command in ("validate", "generate"):
        done = run_cli("--root", str(root), command, cwd=tmp_path)
        assert done.returncode == 1, command
        assert done.stderr.splitlines()[0] == (
            f"error: {root / 'digests'}: is a symbolic link that leads out of the project; nothing outside the project "
            "is read: make digests/ a folder of the project (copy the digests into it)"
        )
        assert "SECRET" not in done.stdout + done.stderr
    (root / "digests").unlink()
    small_project(tmp_path / "inside", ("2025-03-20.yml", DAY))
    (root / "digests").symlink_to(tmp_path / "inside" / "digests")
    (root / "site_src").symlink_to(outside)
    with pytest.raises(InputError) as caught:
        generate(Project(root))
    assert "site_src: is a symbolic link that leads out of the project" in str(caught.value)
    assert sorted(p.name for p in outside.iterdir()) == ["2025-03-20.yml"]


def test_import_reads_no_link_inside_a_folder(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "2025-03-20.json").write_text(json.dumps([{"title": "Kept", "paper": {"summary": "Text."}}]))
    (tmp_path / "secret.json").write_text(json.dumps([{"title": "SECRET", "paper": {"summary": "Text."}}]))
    (folder / "2025-03-21.json").symlink_to(tmp_path / "secret.json")
    project = small_project(tmp_path / "project")
    done = run_cli("--root", str(project.root), "import", str(folder), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"error: {folder / '2025-03-21.json'}: is a symbolic link inside a folder to import; name the file it leads to instead"
    )
    assert list(project.digests_dir.iterdir()) == []


# -- Hidden and editor files --------------------------------------------------------------


def test_hidden_and_editor_files_are_ignored_by_every_command(tmp_path):
    project = small_project(tmp_path / "project", ("2025-03-20.yml", DAY))
    digests = project.digests_dir
    (digests / ".#2025-03-20.yml").symlink_to("someone@host.1234:1700000000")  # Emacs' lock link (broken)
    (digests / "._2025-03-20.yml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")  # AppleDouble
    (digests / ".2025-03-20.yml.swp").write_bytes(b"b0VIM 9.0")
    (digests / "2025-03-20.yml~").write_text("date: 1990-01-01\n", encoding="utf-8")
    (digests / "#2025-03-20.yml#").write_text("not: [yaml\n", encoding="utf-8")
    done = run_cli("--root", str(project.root), "validate", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "ok: 1 digest file(s) checked, 1 paper(s) in 1 valid digest(s), 0 note(s)\n")
    generate(project)
    assert [p.name for p in (project.docs_dir / "papers").iterdir()] == ["a-paper.md"]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    record = json.dumps([{"title": "Imported Paper", "paper": {"summary": "Text."}}])
    (inputs / "2025-03-21.json").write_text(record)
    for leftover in (".#2025-03-22.json", "._2025-03-22.json", "2025-03-22.json~", "#2025-03-22.json#"):
        (inputs / leftover).write_text("junk")
    done = run_cli("--root", str(project.root), "import", str(inputs), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in digests.iterdir() if not p.name.startswith((".", "#")) and "~" not in p.name) == [
        "2025-03-20.yml",
        "2025-03-21.yml",
    ]


# -- Readable UTF-8 output ----------------------------------------------------------------

OUTSIDE_BMP = "Rockets 🚀 over 𝔸lgebra and 𠀀 Characters"


def test_characters_beyond_the_bmp_are_written_as_themselves(tmp_path):
    digest = Digest(
        date="2025-03-20",
        papers=[ListedPaper(title=OUTSIDE_BMP, abstract="About 🚀.", authors=["Ann 𝔸"], arxiv_id="2403.12345")],
    )
    text = dump_digest(digest)
    assert OUTSIDE_BMP in text and "Ann 𝔸" in text and "\\U" not in text
    project = small_project(tmp_path, ("2025-03-20.yml", text))
    assert read_digest(project.digests_dir / "2025-03-20.yml") == digest
    generate(project)
    page = project.docs_dir / "papers" / "rockets-over-algebra-and-characters.md"
    raw = page.read_text(encoding="utf-8")
    assert f"title: {OUTSIDE_BMP}\n" in raw and "\\U" not in raw.split("\n---\n")[0]
    assert frontmatter.loads(raw)["title"] == OUTSIDE_BMP


# -- Limits -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("authors", "[" + "x" * 5_000_000 + "]", "papers.0.authors.0: is 5,000,000 characters long; at most 300 are accepted"),
        ("authors", "[" + ", ".join(["Ann Lee"] * 6_001) + "]", "papers.0.authors: lists 6,001 authors; at most 6,000 are accepted"),
        ("tags", "[" + "t" * 1_000 + "]", "papers.0.tags.0: is 1,000 characters long; at most 60 are accepted"),
        ("categories", "[" + ", ".join(["cs.AI"] * 21) + "]", "papers.0.categories: lists 21 categories; at most 20 are accepted"),
        ("links", "{code: 'https://example.org/" + "a" * 3000 + "'}", "papers.0.links.code: is 3,020 characters long; at most 2,000 are accepted"),
        ("arxiv_id", "'" + "1" * 200 + "'", "papers.0.arxiv_id: is 200 characters long; at most 100 are accepted"),
        ("upvotes", "2000000000", "papers.0.upvotes: 2000000000 is more than the 1,000,000,000 accepted"),
    ],
    ids=["author-5MB", "authors-count", "tag", "categories", "link", "arxiv-id", "upvotes"],
)
def test_every_field_has_a_limit(tmp_path, field, value, message):
    path = tmp_path / "2025-03-20.yml"
    path.write_text(f"{DAY}  {field}: {value}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_digest(path, TAXONOMY)
    assert str(caught.value.problems[0]).startswith(f"{path}:5: {message}")
    assert len(str(caught.value)) < 1_000  # the value is not repeated into the message


def test_a_source_url_and_the_number_of_papers_are_bounded(tmp_path):
    path = tmp_path / "2025-03-20.yml"
    path.write_text("date: 2025-03-20\nsource: https://example.org/" + "s" * 2_000 + "\npapers: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_digest(path)
    assert str(caught.value) == f"{path}:2: source: is 2,020 characters long; at most 2,000 are accepted"
    path.write_text("date: 2025-03-20\npapers:\n" + "- {title: T, abstract: A}\n" * 5_001, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_digest(path)
    assert str(caught.value) == f"{path}:3: papers: lists 5,001 papers; at most 5,000 are accepted"


# -- Tracebacks become messages -----------------------------------------------------------


def test_a_compressed_input_expanding_to_a_gigabyte_is_refused(tmp_path):
    member = gzip.compress(b" " * 2**26, compresslevel=9)  # 64 MiB of spaces in about 64 kB
    bomb = tmp_path / "2025-03-20.json.gz"
    bomb.write_bytes(b"".join([gzip.compress(b"[")] + [member] * 16))  # gzip members concatenate: 1 GiB
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(InputError) as caught:
        read_file(bomb)
    assert str(caught.value) == (
        f"{bomb}: holds more than 64 MiB once decompressed; one file holds one day of papers (a few MB at most): "
        "split it by day, or check it is the file you meant"
    )


SURROGATE = "half of a UTF-16 surrogate pair, which is no character; write the whole character (e.g. 🚀, in YAML \\U0001F680, in JSON the pair \\ud83d\\ude80)"


def test_lone_surrogates_in_json_input_are_reported_records(tmp_path):
    hf = tmp_path / "2025-03-20.json"
    hf.write_text('[{"title": "Rocket \\ud83d Launch", "paper": {"id": "2403.12345", "summary": "Lift off."}},'
                  ' {"title": "Whole \\ud83d\\ude80 Rocket", "paper": {"id": "2403.12346", "summary": "Fine."}}]')
    result = read_file(hf)
    assert [p.message for p in result.skipped] == [f"record 1 (2403.12345): title: holds '\\ud83d' at character 7, {SURROGATE}"]
    assert [p.title for p in result.digests[0].papers] == ["Whole 🚀 Rocket"]
    jsonl = tmp_path / "2025-03-20.jsonl"
    jsonl.write_text('{"id": "2403.12345", "title": "T", "summary": "Lift \\udc00 off.", "authors": ["A \\ud800"]}\n')
    result = read_file(jsonl)
    assert [str(p) for p in result.skipped] == [
        f"{jsonl}:1: summary: holds '\\udc00' at character 5, {SURROGATE}; "
        f"authors.0: holds '\\ud800' at character 2, {SURROGATE}"
    ]


# -- Loose values -------------------------------------------------------------------------


def test_upvotes_are_a_strict_whole_number(tmp_path):
    path = tmp_path / "2025-03-20.yml"
    for value in ("yes", "'12'", "1.5"):
        path.write_text(f"{DAY}  upvotes: {value}\n", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            read_digest(path)
        assert str(caught.value).startswith(f"{path}:5: papers.0.upvotes: "), value
    hf = tmp_path / "2025-03-21.json"
    hf.write_text(json.dumps([
        {"title": "Yes Votes", "paper": {"id": "2403.12345", "summary": "A.", "upvotes": True}},
        {"title": "Negative Votes", "paper": {"id": "2403.12346", "summary": "B.", "upvotes": -3}},
        {"title": "Good Votes", "paper": {"id": "2403.12347", "summary": "C.", "upvotes": 7}},
    ]))
    result = read_file(hf)
    assert [p.upvotes for p in result.digests[0].papers] == [None, None, 7]
    assert [p.message for p in result.notes] == [
        "record 1 (2403.12345): upvotes True is not a whole number of 0 or more; left out",
        "record 2 (2403.12346): upvotes -3 is not a whole number of 0 or more; left out",
    ]


# -- Messages with the right advice -------------------------------------------------------

NULL_FIX = "(YAML reads `null`, `~` and nothing at all as no value)"


@pytest.mark.parametrize(
    "text, message",
    [
        ("date: 2025-03-20\npapers:\n- title: null\n  abstract: A.\n",
         f"3: papers.0.title: is empty {NULL_FIX}; write the title here (the word null itself goes in quotes: 'null')"),
        ("date: 2025-03-20\npapers:\n- title: T\n  abstract: A.\n  authors: [Ann Lee, ~]\n",
         f"5: papers.0.authors.1: is empty {NULL_FIX}; write the entry or delete it (the word null itself goes in quotes: 'null')"),
        ("date: 2025-03-20 10:30:00\npapers: []\n",
         "1: date: 2025-03-20 10:30:00 is a date with a time; `date:` takes the day alone: write 2025-03-20"),
        ("date: 2025-03-20\nsource: //huggingface.co/papers\npapers: []\n",
         "2: source: '//huggingface.co/papers' has no scheme (a link starting with // takes the page's own); "
         "write it in full: 'https://huggingface.co/papers'"),
        ("date: 2025-03-20\npapers:\n- title: T\n\tabstract: A.\n",
         "4: not valid YAML: found character '\\t' that cannot start any token; YAML indents with spaces, never tabs: "
         "replace the tab at the start of this line with spaces"),
        ("date: 2025-03-20\npapers:\n-\ttitle: T\n  abstract: A.\n",
         "3: not valid YAML: found character '\\t' that cannot start any token; YAML indents with spaces, never tabs: "
         "replace the tab after `-` with spaces"),
        ("date: 2025-03-20\npapers: []\n---\ndate: 2025-03-21\npapers: []\n",
         "3: not valid YAML: but found another document; a digest is one YAML document: delete the `---` line and "
         "what follows it, or move that day into its own file (one file per day)"),
        ("date: 2025-03-20\npapers:\n- title: T\n   abstract: A.\n",
         "4: not valid YAML: mapping values are not allowed here; this field is indented by 3 spaces, unlike every "
         "field above it: a paper's fields line up under its `title` (the field above starts after 2 spaces)"),
        ("date: 2025-03-20\npapers:\n- title: T\n  abstract: A.\n - title: U\n  abstract: B.\n",
         "5: not valid YAML: expected <block end>, but found '<block sequence start>'; this paper's `- ` is indented "
         "by 1 space, the papers above by 0 spaces: line up each paper's `- ` under the first one"),
        ("date: 2025-03-20\n  papers:\n- title: T\n  abstract: A.\n",
         "2: not valid YAML: mapping values are not allowed here; `papers:` is a field of the file: write it at the "
         "start of the line, not indented"),
        ("date: 2025-03-20\npapers:\n- title: T\n  abstract: A.\n  pdf: https://arxiv.org/pdf/2501.00001\n",
         "5: papers.0.pdf: is a link: put it under the paper's `links:`, indented by two more spaces "
         "(`links:` then `  pdf: https://…`)"),
        ("date: 2025-03-20\npapers:\n- title: T\n  abstract: A.\n  source: https://example.org\n",
         "5: papers.0.source: is a field of the file, not of a paper: move `source:` to the top of the file, not indented"),
        ("date: 2025-03-20\npapers:\n- title: 'T: U'\n  abstract: A: B\n",
         "4: not valid YAML: mapping values are not allowed here; check the quotes and brackets on this line and "
         "the lines above it (text starting with [ { * & ! | > or holding ': ' must be quoted)"),
        (DAY + "  upvotes: yes\n",
         "5: papers.0.upvotes: YAML read true (yes/no, on/off and true/false are truth values, not numbers); "
         "write a whole number of 0 or more, or leave upvotes out"),
    ],
    ids=["null-title", "null-author", "date-with-time", "scheme-relative-url", "tab", "tab-after-dash", "second-document",
         "field-indented-unlike-others", "paper-indented-unlike-others", "top-level-field-indented", "link-beside-fields",
         "file-field-in-a-paper", "colon-unquoted", "upvotes-yes"],
)
def test_messages_give_the_right_advice(tmp_path, text, message):
    path = tmp_path / "2025-03-20.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_digest(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:{message}"]


def test_a_cache_that_leads_out_of_the_project_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    project = small_project(tmp_path / "project", ("2025-03-20.yml", DAY))
    (project.root / ".cache").symlink_to(outside)
    done = run_cli("--root", str(project.root), "generate", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"error: {project.cache_dir}: leads out of the project (a symbolic link on the way); the generator writes "
        "nothing outside it: delete the link (the cache is rebuilt on the next run)"
    )
    assert list(outside.iterdir()) == []
    (project.root / ".cache").unlink()
    assert run_cli("--root", str(project.root), "generate", cwd=tmp_path).returncode == 0
    assert (project.cache_dir / "digests").is_dir()
