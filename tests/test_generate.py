"""`python -m generator generate`: what it writes into site_src/, and what it never touches."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import frontmatter
import yaml
import pytest

from conftest import REPO, SEED_DIGEST, SEED_PAGE, SEED_PAGES, make_project
from generator.build import Project, generate
from generator.output.docs_dir import MANIFEST_NAME
from generator.core.problems import InputError


def run_cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env=env
    )


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(make_project(tmp_path / "project"))


def test_help_documents_every_command(tmp_path):
    result = run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("import", "generate", "validate"):
        assert command in result.stdout
    for command in ("import", "generate", "validate"):
        assert run_cli(command, "--help", cwd=tmp_path).returncode == 0


def test_import_of_the_seed_reproduces_the_committed_digest(tmp_path):
    seed_page = SEED_PAGE
    result = run_cli("--root", str(tmp_path), "import", str(seed_page), "--date", "2025-03-18", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"wrote {tmp_path / 'digests' / '2025-03-18.yml'}: 31 papers (0 already in this digest; 0 also listed on other days)",
        "1 file(s) read, 31 record(s): 31 paper(s) added, 0 already listed that day, 0 record(s) skipped; "
        "31 distinct paper(s); the 1 digest(s) list 31 paper(s)",
    ]
    written = tmp_path / "digests" / "2025-03-18.yml"
    assert written.read_bytes() == SEED_DIGEST.read_bytes()
    again = run_cli("--root", str(tmp_path), "import", str(seed_page), "--date", "2025-03-18", cwd=REPO)
    assert again.returncode == 0
    assert "0 paper(s) added, 31 already listed that day" in again.stdout
    assert again.stdout.splitlines()[0] == f"unchanged {written}: 31 papers (0 added, 31 already in this digest; 0 also listed on other days)"
    assert written.read_bytes() == SEED_DIGEST.read_bytes()


def test_import_without_a_year_is_refused_with_the_line(tmp_path):
    seed_page = SEED_PAGE
    result = run_cli("--root", str(tmp_path), "import", str(seed_page), cwd=REPO)
    assert result.returncode == 1
    assert f"error: {seed_page}:9: the date line has no year; pass --date YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "digests").exists()


def test_generate_writes_front_matter_that_reads_back(project):
    generate(project)
    post = frontmatter.load(project.docs_dir / "papers" / "yi-open-foundation-models-by-01-ai.md")
    assert post["title"] == "Yi: Open Foundation Models by 01.AI"
    assert post["date"] == "2025-03-18"
    assert post["listed_on"] == ["2025-03-18"]
    assert post["slug"] == "yi-open-foundation-models-by-01-ai"
    assert post["tags"][0] == "pretraining" and "language" in post["tags"]
    assert all(isinstance(tag, str) for tag in post["tags"])


def test_second_run_rewrites_nothing(project):
    _, first = generate(project)
    # 31 papers, 1 day, 43 tag pages (14 areas, 29 topics and kinds) + the tags index by
    # name and by count + trends + tags.json, the archive + 1 year + 1 month, home
    assert len(first.written) == SEED_PAGES
    stamps = {p: p.stat().st_mtime_ns for p in project.docs_dir.rglob("*.md")}
    _, second = generate(project)
    assert second.written == [] and second.removed == []
    assert {p: p.stat().st_mtime_ns for p in project.docs_dir.rglob("*.md")} == stamps


def test_hand_written_pages_are_never_touched(project):
    about = project.docs_dir / "about.md"
    notes = project.docs_dir / "papers" / "notes.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("# My notes\n", encoding="utf-8")
    before = about.read_bytes()
    generate(project)
    (project.digests_dir / "2025-03-18.yml").unlink()
    _, report = generate(project)
    assert about.read_bytes() == before
    assert notes.read_text(encoding="utf-8") == "# My notes\n"
    assert "papers/2d-matryoshka-sentence-embeddings.md" in report.removed
    assert not (project.docs_dir / "papers" / "2d-matryoshka-sentence-embeddings.md").exists()
    assert not (project.docs_dir / "days").exists()


def test_a_hand_written_file_in_the_way_is_reported_not_overwritten(project):
    clash = project.docs_dir / "tags" / "language.md"
    clash.parent.mkdir(parents=True)
    clash.write_text("mine\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        generate(project)
    assert str(caught.value) == (
        f"{clash}: a hand-written file is in the way of a generated page; rename or move the hand-written file"
    )
    assert clash.read_text(encoding="utf-8") == "mine\n"
    assert not (project.docs_dir / "papers").exists()


def test_an_invalid_digest_changes_nothing(project):
    generate(project)
    before = tree(project.docs_dir)
    (project.digests_dir / "2025-03-19.yml").write_text("date: 2025-03-19\npapers:\n- title: Only a title\n")
    result = run_cli("--root", str(project.root), "generate", cwd=REPO)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {project.digests_dir / '2025-03-19.yml'}:3: papers.0.abstract: is required; add the line `abstract: …` to this paper",
        "1 problem(s); nothing was written.",
    ]
    assert tree(project.docs_dir) == before


def test_a_build_lists_every_problem_validate_lists(project):
    """A file with a schema error and a paper listed twice: the build names both at once,
    as `validate` does (the repeat used to show only once the other problem was fixed)."""
    generate(project)
    path = project.digests_dir / "2025-03-19.yml"
    path.write_text(
        "date: 2025-03-19\npapers:\n"
        "- title: A Paper About Ducks\n  abstract: Ducks swim.\n"
        "- title: A Paper About Geese\n  abstract: Geese fly.\n  upvotes: many\n"
        "- title: A paper about ducks!\n  abstract: Ducks swim again.\n"
    )
    expected = [
        f"error: {path}:7: papers.1.upvotes: 'many' is not valid; write a whole number of 0 or more, or leave upvotes out",
        f"error: {path}:8: papers.2 repeats papers.0 (line 3), same title; a day lists a paper once: delete one of the two entries",
        "2 problem(s); nothing was written.",
    ]
    validated = run_cli("--root", str(project.root), "validate", cwd=REPO)
    generated = run_cli("--root", str(project.root), "generate", cwd=REPO)
    assert (generated.returncode, validated.returncode) == (1, 1)
    assert generated.stderr.splitlines() == expected
    assert [line for line in validated.stderr.splitlines() if line.startswith("error:")] == expected[:2]


def test_two_runs_are_byte_identical_whatever_the_hash_seed(tmp_path):
    trees = []
    for seed in ("1", "2"):
        root = make_project(tmp_path / f"p{seed}")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        assert run_cli("--root", str(root), "generate", cwd=REPO, env=env).returncode == 0
        trees.append(tree(root / "site_src"))
    assert trees[0] == trees[1]
    assert MANIFEST_NAME in trees[0]


def test_a_page_replaced_by_hand_is_kept_when_its_paper_goes(project):
    generate(project)
    page = project.docs_dir / "papers" / "2d-matryoshka-sentence-embeddings.md"
    page.write_text("# Withdrawn\n\nThis paper was withdrawn.\n", encoding="utf-8")
    digest = project.digests_dir / "2025-03-18.yml"
    digest.write_text(
        digest.read_text(encoding="utf-8").replace("title: 2D Matryoshka Sentence Embeddings", "title: Renamed Paper"),
        encoding="utf-8",
    )
    _, report = generate(project)
    assert report.kept == ["papers/2d-matryoshka-sentence-embeddings.md"]
    assert page.read_text(encoding="utf-8") == "# Withdrawn\n\nThis paper was withdrawn.\n"
    assert (project.docs_dir / "papers" / "renamed-paper.md").exists()


def test_a_damaged_manifest_cannot_remove_hand_written_pages(project):
    generate(project)
    manifest = project.docs_dir / MANIFEST_NAME
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    recorded["files"]["about.md"] = "0" * 32
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    about = (project.docs_dir / "about.md").read_bytes()
    _, report = generate(project)
    assert report.kept == ["about.md"] and report.removed == []
    assert (project.docs_dir / "about.md").read_bytes() == about


def test_archive_counts_a_paper_listed_on_two_days_once(project):
    """The archive's total, the year's and the month's counts are distinct papers: a paper
    listed on 18 and 19 March counts once in each (the day pages list it on both days)."""
    seed = yaml.safe_load(SEED_DIGEST.read_text(encoding="utf-8"))
    (project.digests_dir / "2025-03-19.yml").write_text(
        yaml.safe_dump({"date": "2025-03-19", "papers": seed["papers"][:1]}, sort_keys=False), encoding="utf-8"
    )
    generate(project)
    archive = (project.docs_dir / "archive" / "index.md").read_text(encoding="utf-8")
    assert "31 papers from 2 days." in archive
    assert "31 papers from 2 days." in archive.split("## [2025]", 1)[1]
    assert "### [March 2025](2025-03.md)\n\n2 days, 31 papers\n" in archive  # the month of its calendar
    assert "31 papers from 2 days." in (project.docs_dir / "archive" / "2025.md").read_text(encoding="utf-8")
    month = (project.docs_dir / "archive" / "2025-03.md").read_text(encoding="utf-8")
    assert "\n31 papers from 2 days. " in month
    assert "| [19 March 2025](../days/2025-03-19.md) | 1 |" in month


def test_reimport_leaves_a_hand_edited_digest_untouched(tmp_path):
    """Nothing new to add: the digest keeps its comments and layout byte for byte, and the
    import says so instead of claiming to have written it."""
    digests = tmp_path / "digests"
    digests.mkdir()
    edited = "# listing copied by hand from the page\n" + SEED_DIGEST.read_text(encoding="utf-8").replace(
        "date: 2025-03-18", "date:    2025-03-18"
    )
    (digests / "2025-03-18.yml").write_text(edited, encoding="utf-8")
    again = run_cli("--root", str(tmp_path), "import", str(SEED_PAGE), "--date", "2025-03-18", cwd=REPO)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == f"unchanged {digests / '2025-03-18.yml'}: 31 papers (0 added, 31 already in this digest; 0 also listed on other days)"
    assert (digests / "2025-03-18.yml").read_text(encoding="utf-8") == edited


def test_a_folder_where_a_page_goes_is_refused_before_writing(project):
    generate(project)
    page = project.docs_dir / "papers" / "2d-matryoshka-sentence-embeddings.md"
    page.unlink()
    page.mkdir()  # where the generator's own page was
    new_page = project.docs_dir / "days" / "2025-03-19.md"
    new_page.mkdir(parents=True)  # where a page of a new day goes
    (project.digests_dir / "2025-03-19.yml").write_text(
        "date: 2025-03-19\npapers:\n- title: A New Paper\n  abstract: One sentence about it.\n", encoding="utf-8"
    )
    before = tree(project.docs_dir)
    with pytest.raises(InputError) as caught:
        generate(project)
    assert str(caught.value).splitlines() == [
        f"{new_page}: is a folder where the generator writes a page; move or rename it",
        f"{page}: is a folder where the generator writes a page; move or rename it",
    ]
    assert tree(project.docs_dir) == before


def test_a_run_cut_short_records_what_it_wrote(project, monkeypatch):
    """A full disk half-way (here: at the first day page): the pages written before it stay
    the generator's, so the next run writes the rest instead of calling them hand-written."""
    (project.digests_dir / "2025-03-19.yml").write_text(
        "date: 2025-03-19\npapers:\n- title: A New Paper\n  abstract: One sentence about it.\n", encoding="utf-8"
    )
    write_bytes = Path.write_bytes

    def full_disk_for_days(path: Path, data: bytes) -> int:
        if path.parent.name == "days":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk_for_days)
    with pytest.raises(OSError, match="No space left"):
        generate(project)
    monkeypatch.undo()
    recorded = json.loads((project.docs_dir / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    written = sorted(path.relative_to(project.docs_dir).as_posix() for path in project.docs_dir.rglob("*.md"))
    assert written == ["about.md", "archive/2025-03.md", "archive/2025.md", "archive/index.md", "search/index.md"]
    assert set(written[1:-1]) <= set(recorded)
    _, report = generate(project)
    assert sorted(path.name for path in (project.docs_dir / "days").iterdir()) == ["2025-03-18.md", "2025-03-19.md"]
    assert (len(report.written), report.unchanged) == (SEED_PAGES - 1, 3)  # the three the run cut short wrote
    assert "papers/a-new-paper.md" in report.written


def test_a_damaged_manifest_says_what_to_delete(project):
    generate(project)
    manifest = project.docs_dir / MANIFEST_NAME
    manifest.write_text("damaged", encoding="utf-8")
    (project.digests_dir / "2025-03-18.yml").write_text(
        SEED_DIGEST.read_text(encoding="utf-8").replace("date: 2025-03-18", "date: 2025-03-18\n# edited"),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        generate(project)
    assert str(caught.value) == (
        f"{manifest}: the generator's manifest is damaged; delete it and the generated pages "
        "(index.md, papers/, tags/, days/, archive/)"
    )


def test_the_garbage_collector_is_paused_while_generating_and_enabled_after(project, monkeypatch):
    import gc

    import generator.build as build

    seen = []
    load_catalog = build._load_catalog
    monkeypatch.setattr(build, "_load_catalog", lambda *a, **k: (seen.append(gc.isenabled()), load_catalog(*a, **k))[1])
    generate(project)
    assert seen == [False] and gc.isenabled()
    (project.digests_dir / "2025-03-19.yml").write_text("date: 2025-03-19\npapers:\n- title: Only a title\n")
    with pytest.raises(InputError):
        generate(project)
    assert seen == [False, False] and gc.isenabled()  # enabled again after a failed run too
    (project.digests_dir / "2025-03-19.yml").unlink()
    gc.disable()
    try:
        generate(project)
        assert not gc.isenabled()  # a caller's choice is left as it was
    finally:
        gc.enable()
