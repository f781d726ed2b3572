"""`python -m generator validate [PATHS]`: one test per kind of problem, with the exact message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEED_DIGEST
from generator.cli import main


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder (the current directory) holding the seed digest of 2025-03-18."""
    (tmp_path / "digests").mkdir()
    shutil.copy(SEED_DIGEST, tmp_path / "digests" / SEED_DIGEST.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(project: Path, name: str, text: str) -> Path:
    path = project / "digests" / name
    path.write_text(text, encoding="utf-8")
    return path


def validate(capsys, *paths: str) -> tuple[int, list[str], list[str]]:
    code = main(["validate", *paths])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


DAY = """\
date: 2025-03-19
papers:
- title: A Study of Things
  abstract: We study things.
  arxiv_id: '2503.01234'
- title: Another Study
  abstract: We study more things.
"""


def test_valid_digests_pass(project, capsys):
    write(project, "2025-03-19.yml", DAY)
    code, out, err = validate(capsys)
    assert code == 0
    assert err == []
    assert out == ["ok: 2 digest file(s) checked, 33 paper(s) in 2 valid digest(s), 0 note(s)"]


def test_schema_error_names_line_and_field(project, capsys):
    write(project, "2025-03-19.yml", DAY.replace("  abstract: We study more things.\n", "  upvotes: -1\n  pages: 3\n"))
    code, out, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err == [
        "error: digests/2025-03-19.yml:6: papers.1.abstract: is required; add the line `abstract: …` to this paper",
        "error: digests/2025-03-19.yml:7: papers.1.upvotes: -1 is not valid; write a whole number of 0 or more, "
        "or leave upvotes out",
        "error: digests/2025-03-19.yml:8: papers.1.pages: is not a field of a digest; see CONTRIBUTING.md for the schema",
        "3 problem(s) in 1 file(s): 1 digest file(s) checked, 0 paper(s) in 0 valid digest(s), 0 note(s)",
    ]


def test_yaml_surprises_ask_for_quotes(project, capsys):
    write(project, "2025-03-19.yml", DAY.replace("title: Another Study", "title: no").replace("'2503.01234'", "2503.01230"))
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err[:2] == [
        "error: digests/2025-03-19.yml:5: papers.0.arxiv_id: must be text, but YAML read the number 2503.0123; "
        "put it in quotes as arXiv writes it, with the zeros a number loses, e.g. '2503.01230'",
        "error: digests/2025-03-19.yml:6: papers.1.title: must be text, but YAML read False; put it in quotes",
    ]


def test_file_name_must_agree_with_the_date(project, capsys):
    write(project, "2025-03-19.yml", DAY.replace("date: 2025-03-19", "date: 2025-03-20"))
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err[0] == (
        "error: digests/2025-03-19.yml:1: date 2025-03-20 disagrees with the file name 2025-03-19.yml; "
        "rename the file to 2025-03-20.yml or fix the date"
    )


@pytest.mark.parametrize("name", ["march19.yml", "2025-02-30.yml"])
def test_file_name_must_be_an_iso_date(project, capsys, name):
    write(project, name, DAY)
    code, _, err = validate(capsys, f"digests/{name}")
    assert code == 1
    assert err[0] == (
        f"error: digests/{name}: the file name is not an ISO date; a digest is named by its date: 2025-03-19.yml"
    )


def test_a_day_has_one_file(project, capsys):
    write(project, "2025-03-18.yaml", DAY.replace("2025-03-19", "2025-03-18"))
    code, _, err = validate(capsys, "digests/2025-03-18.yaml")
    assert code == 1
    assert err[0] == (
        "error: digests/2025-03-18.yaml:1: 2025-03-18 already has a digest in digests/2025-03-18.yml; "
        "add these papers to that file and delete this one (one file per day)"
    )


@pytest.mark.parametrize("checked", [[], ["digests/2025-03-18-extra.yml"], ["digests/2025-03-18.yml"]])
def test_the_file_named_by_its_day_keeps_the_day(project, capsys, checked):
    """Stray second files of a day (2025-03-1.yml sorts before the day's own 2025-03-18.yml)
    are the ones to merge and delete, whichever file is checked: the day's own file is never
    named as the one to delete."""
    write(project, "2025-03-18-extra.yml", "date: 2025-03-18\npapers:\n- title: Lone\n  abstract: Lone.\n")
    write(project, "2025-03-1.yml", "date: 2025-03-18\npapers:\n- title: Lone two\n  abstract: Lone.\n")
    code, _, err = validate(capsys, *checked)
    assert code == 1
    clashes = [line for line in err if "already has a digest" in line]
    expected = [
        f"error: digests/{name}:1: 2025-03-18 already has a digest in digests/2025-03-18.yml; "
        "add these papers to that file and delete this one (one file per day)"
        for name in ("2025-03-1.yml", "2025-03-18-extra.yml")
    ]
    assert clashes == (expected if checked != ["digests/2025-03-18-extra.yml"] else expected[1:])


def test_a_second_file_of_a_day_is_still_compared_with_the_other_days(project, capsys):
    """The "one file per day" problem (at the date's line) does not hide the file's other
    problems with the other days: fixing its day must reveal nothing new."""
    write(project, "2025-03-19.yml", DAY)
    clash = DAY.replace("2025-03-19", "2025-03-18").replace("A Study of Things", "A Different Paper")
    write(project, "2025-03-18.yaml", "# a second file of the 18th\n" + clash)
    code, _, err = validate(capsys, "digests/2025-03-18.yaml")
    assert code == 1
    assert err[:2] == [
        "error: digests/2025-03-18.yaml:2: 2025-03-18 already has a digest in digests/2025-03-18.yml; "
        "add these papers to that file and delete this one (one file per day)",
        "error: digests/2025-03-18.yaml:4: papers.0: arXiv id 2503.01234 is also given to 'A Study of Things' "
        "(digests/2025-03-19.yml:3), a different title than 'A Different Paper'; one arXiv id is one paper: "
        "correct the id or the title that is wrong",
    ]


def test_a_misnamed_second_file_of_a_day_gets_one_piece_of_advice(project, capsys):
    """Renaming 2025-3-18.yml to 2025-03-18.yml would overwrite that day's file: the one
    message says to merge them, none says to rename."""
    write(project, "2025-3-18.yml", DAY.replace("2025-03-19", "2025-03-18"))
    code, _, err = validate(capsys, "digests/2025-3-18.yml")
    assert code == 1
    assert err == [
        "error: digests/2025-3-18.yml:1: 2025-03-18 already has a digest in digests/2025-03-18.yml; "
        "add these papers to that file and delete this one (one file per day)",
        "1 problem(s) in 1 file(s): 1 digest file(s) checked, 0 paper(s) in 0 valid digest(s), 0 note(s)",
    ]


def test_duplicate_paper_within_a_day_by_arxiv_id(project, capsys):
    write(project, "2025-03-19.yml", DAY + "- title: A study of things\n  abstract: Again.\n  arxiv_id: 2503.01234v2\n")
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err == [
        "error: digests/2025-03-19.yml:8: papers.2 repeats papers.0 (line 3), same arXiv id 2503.01234; "
        "a day lists a paper once: delete one of the two entries",
        "1 problem(s) in 1 file(s): 1 digest file(s) checked, 0 paper(s) in 0 valid digest(s), 0 note(s)",
    ]


def test_duplicate_paper_within_a_day_by_title(project, capsys):
    write(project, "2025-03-19.yml", DAY + "- title: 'ANOTHER study!'\n  abstract: Again.\n")
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err[0] == (
        "error: digests/2025-03-19.yml:8: papers.2 repeats papers.1 (line 6), same title; "
        "a day lists a paper once: delete one of the two entries"
    )


def test_paper_listed_on_another_day_is_information(project, capsys):
    write(
        project,
        "2025-03-19.yml",
        DAY + "- title: Neural locality-sensitive hashing for entity blocking\n  abstract: Again.\n",
    )
    code, out, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 0
    assert err == []
    assert out == [
        "info: digests/2025-03-19.yml:8: papers.2 'Neural locality-sensitive hashing for entity blocking' is also "
        "listed on 2025-03-18 (digests/2025-03-18.yml:80); nothing to fix if this day lists it again: "
        "its paper page links every day",
        "ok: 1 digest file(s) checked, 3 paper(s) in 1 valid digest(s), 1 note(s)",
    ]


def test_unknown_tag_suggests_the_closest(project, capsys):
    write(project, "2025-03-19.yml", DAY + "  tags: [llm, embedings, zzzz]\n")
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err[:2] == [
        "error: digests/2025-03-19.yml:8: papers.1.tags: unknown tag 'embedings'; did you mean 'embeddings'? "
        "tags are the slugs in generator/catalog/taxonomy.yml",
        "error: digests/2025-03-19.yml:8: papers.1.tags: unknown tag 'zzzz'; tags are the slugs in generator/catalog/taxonomy.yml",
    ]


def test_malformed_arxiv_id(project, capsys):
    write(project, "2025-03-19.yml", DAY.replace("'2503.01234'", "'2503.1234'"))
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err[0] == (
        "error: digests/2025-03-19.yml:5: papers.0.arxiv_id: '2503.1234' is not an arXiv id: ids from 2503 have "
        "5 digits after the dot; write it as arXiv shows it, e.g. '2403.12345' or 'hep-th/9901001', "
        "or leave arxiv_id out"
    )


def test_malformed_urls(project, capsys):
    text = DAY.replace(
        "date: 2025-03-19\n", "date: 2025-03-19\nsource: huggingface.co/papers?date=2025-03-19\n"
    ) + "  links:\n    code: 'ftp://example.org/x'\n"
    write(project, "2025-03-19.yml", text)
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err[:2] == [
        "error: digests/2025-03-19.yml:2: source: 'huggingface.co/papers?date=2025-03-19' is not an absolute "
        "http(s) URL; did you mean 'https://huggingface.co/papers?date=2025-03-19'?",
        "error: digests/2025-03-19.yml:10: papers.1.links.code: 'ftp://example.org/x' is not an absolute http(s) URL "
        "(e.g. https://arxiv.org/abs/2403.12345)",
    ]


def test_yaml_syntax_error(project, capsys):
    write(project, "2025-03-19.yml", DAY.replace("  abstract: We study things.", "  abstract: [We study things."))
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err[0] == (
        "error: digests/2025-03-19.yml:5: not valid YAML: expected ',' or ']', but got ':'; check the "
        "quotes and brackets on this line and the lines above it (text starting with [ { * & ! | > or holding ': ' "
        "must be quoted)"
    )


def test_missing_path(project, capsys):
    code, _, err = validate(capsys, "digests/2025-03-20.yml")
    assert code == 1
    assert err[0] == "error: digests/2025-03-20.yml: no such file; give the path of a digest, e.g. digests/2025-03-18.yml"


def test_a_project_path_given_from_inside_digests_is_named_as_it_should_be(project, capsys, monkeypatch):
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.chdir(project / "digests")
    code, _, err = validate(capsys, "digests/2025-03-18.yml")
    assert code == 1
    assert err[0] == "error: digests/2025-03-18.yml: no such file; this is inside digests/ already: name it 2025-03-18.yml"
    code, _, err = validate(capsys)
    assert code == 1
    assert err[0] == (
        "error: digests: does not exist: this is the project's digests/ folder itself; run from the project folder "
        "(cd ..), or name the files to check here (validate 2025-03-18.yml)"
    )
    assert validate(capsys, "2025-03-18.yml")[0] == 0


def test_a_dated_file_that_is_not_yaml_is_not_left_out_silently(project, capsys):
    write(project, "2025-03-19.txt", DAY)
    write(project, "2025-03-18.yml.txt", DAY)
    write(project, "README.md", "# Digests\n")  # not named by a day: no digest, left alone
    write(project, "2025-03-20.yml~", DAY)  # an editor's backup: left alone
    code, out, err = validate(capsys)
    assert code == 1
    assert err == [
        "error: digests/2025-03-18.yml.txt: is not read: a digest's name ends in .yml; rename it to 2025-03-18.yml "
        "(or merge its papers into that file)",
        "error: digests/2025-03-19.txt: is not read: a digest's name ends in .yml; rename it to 2025-03-19.yml",
        "2 problem(s) in 2 file(s): 1 digest file(s) checked, 31 paper(s) in 1 valid digest(s), 0 note(s)",
    ]
    assert validate(capsys, "digests")[2][:2] == err[:2]  # the folder named: the same


def test_default_checks_every_digest_and_reports_all_files(project, capsys):
    write(project, "2025-03-19.yml", DAY.replace("'2503.01234'", "'2503.1234'"))
    write(project, "2025-03-20.yml", DAY.replace("2025-03-19", "2025-03-20") + "  tags: [embedings]\n")
    code, _, err = validate(capsys)
    assert code == 1
    assert [line.split(":")[1] for line in err[:-1]] == [" digests/2025-03-19.yml", " digests/2025-03-20.yml"]
    # A file with problems is still compared: the 20th's papers are noted as listed on the 19th too.
    assert err[-1] == "2 problem(s) in 2 file(s): 3 digest file(s) checked, 31 paper(s) in 1 valid digest(s), 1 note(s)"


def test_given_paths_still_compare_with_an_unreadable_other_day(project, capsys):
    write(project, "2025-03-17.yml", "date: 2025-03-17\npapers: nope\n")
    write(project, "2025-03-19.yml", DAY)
    code, out, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 0
    assert out[0] == (
        "info: digests/2025-03-17.yml: not compared with: it has 1 problem(s) of its own; "
        "run `python -m generator validate digests/2025-03-17.yml` to see them"
    )


def test_every_digest_notes_each_repeat_once_on_its_later_day(project, capsys):
    write(project, "2025-03-17.yml", DAY.replace("2025-03-19", "2025-03-17"))
    write(project, "2025-03-19.yml", DAY)
    code, out, err = validate(capsys)
    assert (code, err) == (0, [])
    assert out == [
        "info: digests/2025-03-19.yml:3: papers.0 'A Study of Things' is also listed on 2025-03-17 "
        "(digests/2025-03-17.yml:3); nothing to fix if this day lists it again: its paper page links every day",
        "info: digests/2025-03-19.yml:6: papers.1 'Another Study' is also listed on 2025-03-17 "
        "(digests/2025-03-17.yml:6); nothing to fix if this day lists it again: its paper page links every day",
        "ok: 3 digest file(s) checked, 33 paper(s) (35 listings) in 3 valid digest(s), 2 note(s)",
    ]
    # Checking the earlier day alone names the later one.
    code, out, _ = validate(capsys, "digests/2025-03-17.yml")
    assert out[0] == (
        "info: digests/2025-03-17.yml:3: papers.0 'A Study of Things' is also listed on 2025-03-19 "
        "(digests/2025-03-19.yml:3); nothing to fix if this day lists it again: its paper page links every day"
    )


def test_impossible_date_is_a_problem_not_a_traceback(project, capsys):
    write(project, "2025-03-19.yml", DAY.replace("date: 2025-03-19", "date: 2025-02-30"))
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err == [
        "error: digests/2025-03-19.yml:1: date: 2025-02-30 is not a real date (day is out of range for month); "
        "write the day as YYYY-MM-DD, e.g. 2025-03-18",
        "1 problem(s) in 1 file(s): 1 digest file(s) checked, 0 paper(s) in 0 valid digest(s), 0 note(s)",
    ]


def test_a_url_with_another_scheme_gets_no_https_suggestion(project, capsys):
    write(project, "2025-03-19.yml", DAY + "  links:\n    code: 'javascript:alert(1)'\n")
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err[0] == (
        "error: digests/2025-03-19.yml:9: papers.1.links.code: 'javascript:alert(1)' is not an absolute http(s) URL "
        "(e.g. https://arxiv.org/abs/2403.12345)"
    )


BROKEN = """\
date: 2025-02-30
papers:
- title: A Study of Things
  abstrat: We study things.
  arxiv_id: '2503.01234'
- title: Another Study
  tags: [embedings]
- title: A study of things!
  abstract: Again.
"""


def test_every_problem_of_a_file_in_one_run(project, capsys):
    """An impossible date, a misspelled field, a missing field, an unknown tag and a paper
    listed twice: five problems, five messages, from one run."""
    write(project, "2025-03-19.yml", BROKEN)
    code, out, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert out == []
    assert err == [
        "error: digests/2025-03-19.yml:1: date: 2025-02-30 is not a real date (day is out of range for month); "
        "write the day as YYYY-MM-DD, e.g. 2025-03-18",
        "error: digests/2025-03-19.yml:4: papers.0.abstrat: is not a field of a digest; did you mean `abstract`? "
        "(rename it: `abstract` is required)",
        "error: digests/2025-03-19.yml:6: papers.1.abstract: is required; add the line `abstract: …` to this paper",
        "error: digests/2025-03-19.yml:7: papers.1.tags: unknown tag 'embedings'; did you mean 'embeddings'? "
        "tags are the slugs in generator/catalog/taxonomy.yml",
        "error: digests/2025-03-19.yml:8: papers.2 repeats papers.0 (line 3), same title; "
        "a day lists a paper once: delete one of the two entries",
        "5 problem(s) in 1 file(s): 1 digest file(s) checked, 0 paper(s) in 0 valid digest(s), 0 note(s)",
    ]


@pytest.mark.parametrize(
    ("typo", "field", "extra"),
    [
        ("Abstract", "abstract", " (rename it: `abstract` is required)"),
        ("titel", "title", " (rename it: `title` is required)"),
        ("upvote", "upvotes", ""),
        ("author", "authors", ""),
    ],
)
def test_a_misspelled_field_gives_one_message_naming_the_field(project, capsys, typo, field, extra):
    paper = {"title": "A Study of Things", "abstract": "We study things.", "upvotes": 3, "authors": "[A. Author]"}
    text = "date: 2025-03-19\npapers:\n- " + "\n  ".join(
        f"{typo if key == field else key}: {value}" for key, value in paper.items()
    ) + "\n"
    write(project, "2025-03-19.yml", text)
    line = 3 + list(paper).index(field)
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err == [
        f"error: digests/2025-03-19.yml:{line}: papers.0.{typo}: is not a field of a digest; did you mean `{field}`?{extra}",
        "1 problem(s) in 1 file(s): 1 digest file(s) checked, 0 paper(s) in 0 valid digest(s), 0 note(s)",
    ]


def test_a_misspelled_field_holding_a_block_list_is_reported_on_its_own_line(project, capsys):
    text = (
        "date: 2025-03-19\npapers:\n- title: A Study of Things\n  abstract: We study things.\n"
        "  autors:\n  - A. Author\n  - B. Author\n"
    )
    write(project, "2025-03-19.yml", text)
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert err[0] == (
        "error: digests/2025-03-19.yml:5: papers.0.autors: is not a field of a digest; did you mean `authors`?"
    )


def test_a_summary_counts_only_files_without_problems_as_valid(project, capsys):
    write(project, "2025-03-19.yml", DAY + "- title: 'ANOTHER study!'\n  abstract: Again.\n")
    write(project, "2025-03-20.yml", "date: 2025-03-20\npapers:\n- title: A Third Study\n  abstract: Third.\n"
          "- title: A Fourth Study\n  abstract: Fourth.\n")
    code, _, err = validate(capsys, "digests/2025-03-19.yml", "digests/2025-03-20.yml")
    assert code == 1
    assert err[-1] == "1 problem(s) in 1 file(s): 2 digest file(s) checked, 2 paper(s) in 1 valid digest(s), 0 note(s)"


def test_only_a_yaml_syntax_error_stops_at_its_file(project, capsys):
    write(project, "2025-03-19.yml", BROKEN.replace("- title: Another Study", "- title: [Another Study"))
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert code == 1
    assert len(err) == 2 and "not valid YAML" in err[0]


def test_an_unquoted_number_that_is_no_arxiv_id_says_both(project, capsys):
    """One run says all a contributor must fix: the quotes, and that ``99.1`` is no id quoted either."""
    write(project, "2025-03-19.yml", DAY.replace("'2503.01234'", "99.1"))
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert (code, err[0]) == (1, (
        "error: digests/2025-03-19.yml:5: papers.0.arxiv_id: must be text, but YAML read the number 99.1, which is no "
        "arXiv id either: expected YYMM.NNNNN (e.g. 2403.12345, optional vN) or archive/YYMMNNN (e.g. hep-th/9901001); "
        "write it as arXiv shows it, e.g. '2403.12345' or 'hep-th/9901001', or leave arxiv_id out"
    ))


def test_an_unquoted_id_of_2007_to_2009_gets_its_leading_zero_back(project, capsys):
    """YAML reads ``0812.1234`` as the number 812.1234: the id is given back as written."""
    write(project, "2025-03-19.yml", DAY.replace("'2503.01234'", "0812.1234"))
    code, _, err = validate(capsys, "digests/2025-03-19.yml")
    assert (code, err[0]) == (1, (
        "error: digests/2025-03-19.yml:5: papers.0.arxiv_id: must be text, but YAML read the number 812.1234; "
        "put it in quotes as arXiv writes it, with the zeros a number loses, e.g. '0812.1234'"
    ))


def test_a_day_without_papers_is_noted(project, capsys):
    write(project, "2025-03-19.yml", "date: 2025-03-19\npapers: []\n")
    code, out, err = validate(capsys, "digests/2025-03-19.yml")
    assert (code, err) == (0, [])
    assert out == [
        "info: digests/2025-03-19.yml:1: lists no papers: its day page will say that none were listed; "
        "add the day's papers, or delete the file if the day has none",
        "ok: 1 digest file(s) checked, 0 paper(s) in 1 valid digest(s), 1 note(s)",
    ]


def test_one_title_under_two_arxiv_ids_is_noted_once_at_the_later_listing(project, capsys):
    """Two ids are two papers (the identity rule), so both stay; the note says one id may be wrong."""
    write(project, "2025-03-17.yml", DAY.replace("2025-03-19", "2025-03-17").replace("Another Study", "Unrelated"))
    write(project, "2025-03-19.yml", DAY.replace("title: A Study of Things", "title: A study of things!").replace("2503.01234", "2503.05678"))
    code, out, err = validate(capsys)
    assert (code, err) == (0, [])
    assert out[0] == (
        "info: digests/2025-03-19.yml:3: papers.0 'A study of things!' has the title of digests/2025-03-17.yml:3 "
        "('A Study of Things') under another arXiv id (2503.05678 here, 2503.01234 there), so the site shows two papers; "
        "if they are one paper, give both the same id"
    )
    assert [line for line in out if "under another arXiv id" in line] == out[:1]


def test_the_same_title_note_shortens_long_titles(project, capsys):
    title = "A " + "very " * 150 + "long title"
    write(project, "2025-03-17.yml", DAY.replace("2025-03-19", "2025-03-17").replace("A Study of Things", title))
    write(project, "2025-03-19.yml", DAY.replace("A Study of Things", title).replace("2503.01234", "2503.05678"))
    _, out, _ = validate(capsys)
    note = next(line for line in out if "under another arXiv id" in line)
    assert note.count(f"… ({len(repr(title)):,} characters)") == 2 and len(note) < 500
