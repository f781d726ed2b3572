"""One rule for "the same paper" (generator/core/identity.py), as import, validate and the catalog apply it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.build import Project, load_digests
from generator.catalog.catalog import build_catalog
from generator.cli import main
from generator.core.identity import Identity, arxiv_id_of, title_key
from generator.core.model import Digest, ListedPaper
from generator.core.problems import InputError
from generator.catalog.tagging import load_taxonomy

TAXONOMY = load_taxonomy()


def paper(title: str, **fields) -> ListedPaper:
    return ListedPaper(title=title, abstract=f"The abstract of {title}.", **fields)


def test_title_keys_keep_the_symbols_that_tell_titles_apart():
    assert title_key("Compiling C++ to WebAssembly") == "compilingc++towebassembly"
    assert title_key("Compiling C# to WebAssembly") == "compilingc#towebassembly"
    assert title_key("A* Search, Revisited") != title_key("A Search, Revisited")
    # Separators, case and accents still do not matter.
    assert title_key("LLaMA-2: Open “Foundation” Models") == title_key("Llama 2 open foundation models")
    assert title_key("Café – Schrödinger (Revisited)") == title_key("cafe schrodinger revisited")
    assert title_key("...") == "..." and title_key("!!!") == "!!!"


def test_symbol_titles_stay_two_papers_in_the_catalog():
    digests = [
        Digest(date=dt.date(2025, 3, 20), papers=[paper("Compiling C++ to WebAssembly")]),
        Digest(date=dt.date(2025, 3, 21), papers=[paper("Compiling C# to WebAssembly")]),
    ]
    catalog = build_catalog(digests, TAXONOMY)
    assert sorted(p.title for p in catalog.papers) == ["Compiling C# to WebAssembly", "Compiling C++ to WebAssembly"]


def test_the_arxiv_id_comes_from_whatever_field_carries_it():
    assert arxiv_id_of(paper("T", links={"arxiv": "https://arxiv.org/abs/2403.12345v2"})) == "2403.12345"
    assert arxiv_id_of(paper("T", links={"pdf": "https://arxiv.org/pdf/2403.12345v3.pdf"})) == "2403.12345"
    assert arxiv_id_of(paper("T", links={"huggingface": "https://huggingface.co/papers/2403.12345"})) == "2403.12345"
    assert arxiv_id_of(paper("T", links={"pdf": "https://example.org/2403.12345.pdf"})) is None
    assert Identity.of(paper("T", arxiv_id="2403.12345v1")).key == "arxiv:2403.12345"


def test_a_paper_given_by_its_arxiv_link_is_the_paper_with_that_id():
    digests = [
        Digest(date=dt.date(2025, 3, 20), papers=[paper("Scaling Things", arxiv_id="2403.12345")]),
        Digest(
            date=dt.date(2025, 3, 21),
            papers=[paper("Scaling things", links={"arxiv": "https://arxiv.org/abs/2403.12345v2"})],
        ),
    ]
    catalog = build_catalog(digests, TAXONOMY)
    [one] = catalog.papers
    assert one.key == "arxiv:2403.12345" and one.listed_on == (dt.date(2025, 3, 20), dt.date(2025, 3, 21))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


DAY_ONE = """\
date: 2025-03-20
papers:
- title: Compiling C++ to WebAssembly
  abstract: One.
  arxiv_id: '2403.12345'
"""
DAY_TWO = """\
date: 2025-03-21
papers:
- title: Another Paper
  abstract: Two.
- title: Compiling C# to WebAssembly
  abstract: Three.
  links: {arxiv: 'https://arxiv.org/abs/2403.12345v2'}
"""


def test_one_arxiv_id_for_two_titles_is_an_error_naming_both_places(tmp_path, monkeypatch, capsys):
    digests = tmp_path / "digests"
    digests.mkdir()
    write(digests, "2025-03-20.yml", DAY_ONE)
    write(digests, "2025-03-21.yml", DAY_TWO)
    message = (
        "papers.1: arXiv id 2403.12345 is also given to 'Compiling C++ to WebAssembly' ({first}), a different "
        "title than 'Compiling C# to WebAssembly'; one arXiv id is one paper: correct the id or the title that is wrong"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1
    out, err = capsys.readouterr()
    err = err.splitlines()
    assert err[0] == "error: digests/2025-03-21.yml:5: " + message.format(first="digests/2025-03-20.yml:3")
    assert err[1].startswith("1 problem(s)")
    assert "also listed" not in out  # not also "nothing to fix" for the entry in error
    # Checking the earlier day alone names the same pair, from its side.
    assert main(["validate", "digests/2025-03-20.yml"]) == 1
    out, err = capsys.readouterr()
    assert "also listed" not in out
    err = err.splitlines()
    assert err[0].startswith("error: digests/2025-03-20.yml:3: papers.0: arXiv id 2403.12345 is also given to "
                             "'Compiling C# to WebAssembly' (digests/2025-03-21.yml:5)")
    # The file given by its absolute path is named as the other day is: from here.
    assert main(["validate", str(digests / "2025-03-21.yml")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == "error: digests/2025-03-21.yml:5: " + message.format(
        first="digests/2025-03-20.yml:3"
    )
    # From inside digests/ the project is found from the file's place (beside mkdocs.yml),
    # and both days are named from here, as they were typed.
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.chdir(digests)
    assert main(["validate", "2025-03-21.yml"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == "error: 2025-03-21.yml:5: " + message.format(
        first="2025-03-20.yml:3"
    )
    assert main(["--root", "..", "validate", "2025-03-21.yml"]) == 1
    assert "is also given to 'Compiling C++ to WebAssembly'" in capsys.readouterr().err
    # From a folder of no project the other days cannot be read: said, not silently skipped.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere, "2025-03-21.yml", DAY_TWO)
    monkeypatch.chdir(elsewhere)
    assert main(["validate", "2025-03-21.yml"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "info: digests: is not the project's digests folder, so the files checked were not compared with the other days; "
        "run from the project folder (the one with mkdocs.yml and digests/) or pass the project before the command: "
        "python -m generator --root PROJECT validate FILE"
    )
    assert main(["validate", str(digests / "2025-03-21.yml")]) == 1  # a project's file, named from anywhere
    assert "is also given to 'Compiling C++ to WebAssembly'" in capsys.readouterr().err
    # generate (and so every build) refuses it too, with both places.
    with pytest.raises(InputError) as caught:
        load_digests(Project(tmp_path).digests_dir, TAXONOMY)
    assert str(caught.value) == f"{digests / '2025-03-21.yml'}:5: " + message.format(first=f"{digests / '2025-03-20.yml'}:3")
    # As the hook shows it (relative to the project): both places as validate names them.
    [problem] = caught.value.problems
    assert str(problem.relative_to(tmp_path)) == "digests/2025-03-21.yml:5: " + message.format(first="digests/2025-03-20.yml:3")


def test_import_writes_what_validate_accepts(tmp_path, monkeypatch, capsys):
    """A daily-papers file listing one paper with its id and again without it (same title):
    the reader, import and validate all count one paper, so the digest written validates."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "digests").mkdir()
    records = [
        {"title": "Scaling Things", "paper": {"id": "2403.12345", "summary": "About scaling.", "upvotes": 3}},
        {"title": "Scaling things!", "paper": {"summary": "About scaling, again."}},
        {"title": "Another Paper", "paper": {"summary": "Something else."}},
    ]
    source = write(tmp_path, "2025-03-20.json", json.dumps(records))
    assert main(["import", str(source)]) == 0
    out = capsys.readouterr().out
    assert "3 record(s): 2 paper(s) added, 1 already listed that day" in out and "2 distinct paper(s)" in out
    # An existing entry given only by its arXiv link is that paper: re-importing adds nothing.
    digest = tmp_path / "digests" / "2025-03-20.yml"
    text = digest.read_text(encoding="utf-8").replace("arxiv_id: '2403.12345'", "links: {arxiv: 'https://arxiv.org/abs/2403.12345v1'}")
    digest.write_text(text.replace("  links:\n    huggingface: https://huggingface.co/papers/2403.12345\n", ""), encoding="utf-8")
    assert "arxiv_id" not in digest.read_text(encoding="utf-8")
    assert main(["import", str(source)]) == 0
    assert "0 paper(s) added, 3 already listed that day" in capsys.readouterr().out
    assert main(["validate"]) == 0, capsys.readouterr().err
