"""The no-op fast path: an unchanged project is not re-rendered, and any change still is."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.build
import generator.inputs.project
from conftest import REPO, SEED_PAGES, make_project
from generator.build import generate
from generator.cli import regenerate
from generator.inputs.project import Project, input_fingerprint
from generator.output.docs_dir import FINGERPRINT_NAME, MANIFEST_NAME
from generator.catalog.tagging import Taxonomy, load_taxonomy
from generator.core.model import Tag

PAPER = "papers/yi-open-foundation-models-by-01-ai.md"


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Project:
    project = Project(make_project(tmp_path / "project"))
    generate(project)
    return project


def test_an_unchanged_project_is_not_read_again(project, monkeypatch):
    before = tree(project.docs_dir)
    monkeypatch.setattr(generator.build, "_load_catalog", lambda *_, **__: pytest.fail("digests were read again"))
    report = regenerate(project)
    assert (report.written, report.removed, report.unchanged) == ([], [], SEED_PAGES)
    assert tree(project.docs_dir) == before


def test_the_fingerprint_sits_next_to_the_manifest_and_is_deterministic(project, tmp_path):
    stamp = project.docs_dir / FINGERPRINT_NAME
    assert stamp.read_text(encoding="utf-8") == f'{{"inputs": "{input_fingerprint(project)}"}}\n'
    other = Project(make_project(tmp_path / "other"))
    generate(other)
    assert (other.docs_dir / FINGERPRINT_NAME).read_bytes() == stamp.read_bytes()
    assert (other.docs_dir / MANIFEST_NAME).read_bytes() == (project.docs_dir / MANIFEST_NAME).read_bytes()


def test_a_changed_digest_after_a_no_op_run_is_picked_up(project):
    regenerate(project)
    digest = project.digests_dir / "2025-03-18.yml"
    digest.write_text(
        digest.read_text(encoding="utf-8").replace(
            "title: 'Yi: Open Foundation Models by 01.AI'", "title: 'Yi: Open Foundation Models by 01.AI, Revised'"
        ),
        encoding="utf-8",
    )
    report = regenerate(project)
    assert "papers/yi-open-foundation-models-by-01-ai-revised.md" in report.written
    assert PAPER in report.removed
    assert "Yi: Open Foundation Models by 01.AI, Revised" in (
        project.docs_dir / "papers" / "yi-open-foundation-models-by-01-ai-revised.md"
    ).read_text(encoding="utf-8")
    assert regenerate(project).written == []


def test_a_new_digest_after_a_no_op_run_is_picked_up(project):
    regenerate(project)
    (project.digests_dir / "2025-03-19.yml").write_text(
        "date: 2025-03-19\npapers:\n- title: A Later Paper\n  abstract: It came a day later.\n", encoding="utf-8"
    )
    report = regenerate(project)
    assert {"papers/a-later-paper.md", "days/2025-03-19.md"} <= set(report.written)


def test_an_invalid_digest_after_a_no_op_run_still_changes_nothing(project):
    regenerate(project)
    before = tree(project.docs_dir)
    bad = project.digests_dir / "2025-03-19.yml"
    bad.write_text("date: 2025-03-19\npapers:\n- title: Only a title\n", encoding="utf-8")
    for _ in range(2):  # and the refusal is not remembered as a success
        result = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(project.root), "generate"],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            f"error: {bad}:3: papers.0.abstract: is required; add the line `abstract: …` to this paper",
            "1 problem(s); nothing was written.",
        ]
        assert tree(project.docs_dir) == before
    bad.unlink()
    assert regenerate(project).written == []


def test_an_edited_or_deleted_generated_page_is_restored(project):
    page = project.docs_dir / PAPER
    original = page.read_bytes()
    page.write_bytes(original.replace(b"Yi: Open", b"Yo: Open"))
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    assert regenerate(project).written == [PAPER]
    assert page.read_bytes() == original
    page.unlink()
    assert regenerate(project).written == [PAPER]
    assert page.read_bytes() == original
    assert regenerate(project).written == []


def test_hand_written_pages_are_never_touched_by_the_fast_path(project):
    about = project.docs_dir / "about.md"
    about.write_text("# About, edited by hand\n", encoding="utf-8")
    notes = project.docs_dir / "papers" / "notes.md"
    notes.write_text("# My notes\n", encoding="utf-8")
    report = regenerate(project)
    assert (report.written, report.removed) == ([], [])
    assert about.read_text(encoding="utf-8") == "# About, edited by hand\n"
    assert notes.read_text(encoding="utf-8") == "# My notes\n"


def test_a_deleted_manifest_or_fingerprint_means_a_full_run(project):
    (project.docs_dir / FINGERPRINT_NAME).unlink()
    report = regenerate(project)
    assert (report.written, report.unchanged) == ([], SEED_PAGES)
    assert (project.docs_dir / FINGERPRINT_NAME).exists()


def test_the_fingerprint_covers_templates_taxonomy_and_code(project, tmp_path, monkeypatch):
    copy = tmp_path / "generator-copy"
    shutil.copytree(REPO / "generator", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(generator.inputs.project, "GENERATOR_DIR", copy)
    seen = [input_fingerprint(project)]
    for relative in ("pages/templates/paper.md.j2", "catalog/taxonomy.yml"):
        path = copy / relative
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        seen.append(input_fingerprint(project))
    code = copy / "pages" / "tag_pages.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen.append(input_fingerprint(project))  # this process still runs the code it imported
    generator.inputs.project._code_digest.cache_clear()  # as a new process would see it
    seen.append(input_fingerprint(project))
    (project.digests_dir / "2025-03-18.yml").rename(project.digests_dir / "2025-03-18.yaml")
    seen.append(input_fingerprint(project))
    assert len(set(seen)) == 5 and seen[2] == seen[3]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Large Language Models and language models", {"llm": 1, "lm": 1}),
        ("LLMs, LLM-based agents; an LLMx", {"llm": 2}),
        ("language modelling with a large language model", {"llm": 1}),
        ("GPT-4o beats GPT-4 and GPT-40", {"gpt4o": 1, "gpt4": 1}),
        ("", {}),
    ],
)
def test_the_phrase_trie_prefers_the_longest_whole_word_phrase(text, expected):
    taxonomy = Taxonomy(
        [
            Tag(slug="llm", label="LLM", phrases=("large language model", "large language models", "LLM", "LLMs")),
            Tag(slug="lm", label="LM", phrases=("language model", "language models")),
            Tag(slug="gpt4", label="GPT-4", phrases=("GPT-4",)),
            Tag(slug="gpt4o", label="GPT-4o", phrases=("GPT-4o",)),
        ]
    )
    assert dict(taxonomy.matches(text)) == expected


def test_the_real_taxonomy_still_tags_the_seed(project):
    taxonomy = load_taxonomy()
    assert taxonomy.assign("Yi: Open Foundation Models by 01.AI", "") == ("language-models", "language")


NO_OP_IMPORTS = """
import sys
from generator.cli import main
code = main(["--root", sys.argv[1], "generate"])
heavy = sorted(m for m in ("pydantic", "jinja2", "frontmatter", "sklearn", "generator.catalog.catalog", "generator.inputs.readers") if m in sys.modules)
print(code, heavy)
"""


def test_an_unchanged_project_costs_no_heavy_imports(project):
    """`python -m generator generate` on an unchanged project loads neither the model
    (pydantic), the writers (Jinja, python-frontmatter), related papers (scikit-learn) nor
    the readers: importing them took about half of a no-op's time at 10,000 papers."""
    done = subprocess.run(
        [sys.executable, "-c", NO_OP_IMPORTS, str(project.root)], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "0 []"
    assert done.stdout.splitlines()[0] == f"site_src: 0 page(s) written, {SEED_PAGES} unchanged, 0 removed"
