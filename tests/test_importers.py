"""The readers for real feeds (Hugging Face daily papers, arXiv Atom, daily arXiv JSONL) and
`python -m generator import` on files and folders, on fixtures cut from the real corpora."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, SEED_DIGEST, SEED_PAGE
from generator.cli import main
from generator.inputs.digest_files import read_digest
from generator.inputs.importing import import_files, merge_into
from generator.core.problems import InputError
from generator.inputs.readers import detect_format, read_file
from generator.inputs.source_text import read_text

HF = FIXTURES / "hf-daily"
ATOM = FIXTURES / "arxiv-atom"
JSONL = FIXTURES / "arxiv-jsonl"


def digest_hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.yml"))}


@pytest.mark.parametrize(
    ("path", "format"),
    [
        (HF / "2024-05-27.json", "hf-daily"),
        (HF / "2024-12-11.json", "hf-daily"),
        (HF / "2025-01-10.json", "hf-daily"),
        (HF / "2026-08-21.json", "hf-daily"),
        (ATOM / "2026_id_list-1707.08567.xml", "arxiv-atom"),
        (ATOM / "2016_id_list-1111.2011v2.xml", "arxiv-atom"),
        (ATOM / "2026_id_list-0000.0000_empty.xml", "arxiv-atom"),
        (ATOM / "2026_id_list-abc_error400.xml", "arxiv-atom"),
        (JSONL / "2026-04-03.jsonl", "arxiv-jsonl"),
        (JSONL / "2026-04-04.jsonl.gz", "arxiv-jsonl"),
        (SEED_PAGE, "listing-page"),
    ],
)
def test_format_is_detected_from_the_content(path, format):
    assert detect_format(read_text(path)) == format


# Hugging Face daily papers ------------------------------------------------------------


def test_hf_repr_string_items_are_read_not_dropped():
    result = read_file(HF / "2024-12-11.json")
    assert (result.records, result.duplicates, result.skipped) == (2, 0, [])
    [digest] = result.digests
    assert digest.date == dt.date(2024, 12, 11)
    assert str(digest.source) == "https://huggingface.co/papers?date=2024-12-11"
    first, second = digest.papers
    assert first.title == "STIV: Scalable Text and Image Conditioned Video Generation"
    assert first.arxiv_id == "2412.07730"
    assert first.authors[:4] == ["Zongyu Lin", "Wei Liu", "Chen Chen", "Jiasen Lu"]
    assert len(first.authors) == 17
    assert first.upvotes == 54
    assert first.keywords == []  # ai_keywords began in 2025-03
    assert first.links.huggingface == "https://huggingface.co/papers/2412.07730"
    assert second.arxiv_id == "2412.05210"


def test_hf_wrapper_object_is_read():
    result = read_file(HF / "2025-01-10.json")
    [digest] = result.digests
    assert digest.date == dt.date(2025, 1, 10)
    assert [p.arxiv_id for p in digest.papers] == ["2501.05441", "2501.05453"]
    assert digest.papers[0].title.startswith("The GAN is dead; long live the GAN! A Mo")
    assert digest.papers[0].upvotes == 51


def test_hf_latest_schema_gives_code_and_project_links():
    [digest] = read_file(HF / "2026-08-21.json").digests
    paper = digest.papers[0]
    assert paper.title == "EnvHarness: Awakening Static Worlds for Agent Learning"
    assert paper.links.code == "https://github.com/google-research/envharness"
    assert paper.links.project == "https://envharness.com/"
    assert paper.links.huggingface == "https://huggingface.co/papers/2608.19880"
    assert (len(paper.authors), paper.authors[-1], paper.upvotes) == (17, "Chen-Yu Lee", 163)
    assert paper.keywords[:3] == ["LLM agents", "Environment Harness", "EnvHarness"]
    assert len(paper.keywords) == 8


def test_hf_top_level_title_is_used_and_hard_wraps_are_joined():
    [digest] = read_file(HF / "2024-05-27.json").digests
    paper = digest.papers[0]
    # paper.title is "…Large Multimodal\n  Models"; the top-level title is clean
    assert paper.title == "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"
    assert paper.abstract.startswith(
        "High-resolution Large Multimodal Models (LMMs) encounter the challenges of excessive visual tokens"
    )
    assert "\n" not in paper.abstract


def test_hf_bad_items_are_skipped_with_record_and_reason_and_code_never_runs(tmp_path):
    items = json.loads((HF / "2026-08-21.json").read_text(encoding="utf-8"))
    broken = [
        items[0],
        "__import__('os').system('touch pwned')",
        42,
        {"paper": {"id": "not-an-id", "title": "X", "summary": "Y"}, "title": "X"},
        {"paper": {"id": "2608.00001", "summary": "An abstract."}, "title": "  "},
        items[0],
    ]
    path = tmp_path / "2026-08-21.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = read_file(path)
    assert not (tmp_path / "pwned").exists()
    assert result.records == 6
    assert result.duplicates == 1
    assert [p.arxiv_id for p in result.digests[0].papers] == ["2608.19880"]
    reasons = [str(p) for p in result.skipped]
    assert reasons[0] == f"{path}: record 2: a string that is not a Python literal (ValueError)"
    assert reasons[1] == f"{path}: record 3: not an object with a 'paper' object"
    assert reasons[2].startswith(f"{path}: record 4 (not-an-id): 'not-an-id' is not an arXiv id")
    assert reasons[3] == f"{path}: record 5 (2608.00001): title: must not be empty"


def test_hf_day_from_submitted_on_daily_at_without_a_dated_name(tmp_path):
    shutil.copy(HF / "2026-08-21.json", tmp_path / "latest.json")
    [digest] = read_file(tmp_path / "latest.json").digests
    assert digest.date == dt.date(2026, 8, 21)
    # the 2024 schema has no submittedOnDailyAt: each record is skipped and says what to do
    shutil.copy(HF / "2024-05-27.json", tmp_path / "old.json")
    result = read_file(tmp_path / "old.json")
    assert result.digests == []
    assert [str(p) for p in result.skipped] == [
        f"{tmp_path / 'old.json'}: record 1 (2405.15738): no day (no date in the file name, no "
        "submittedOnDailyAt); pass --date"
    ]
    [digest] = read_file(tmp_path / "old.json", date=dt.date(2024, 5, 27)).digests
    assert digest.papers[0].arxiv_id == "2405.15738"


def test_hf_link_that_is_not_a_url_is_left_out_with_a_note(tmp_path):
    items = json.loads((HF / "2026-08-21.json").read_text(encoding="utf-8"))[:1]
    items[0]["paper"]["githubRepo"] = "github.com/no-scheme"
    items[0]["paper"]["projectPage"] = " https://envharness.com/ "
    path = tmp_path / "2026-08-21.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    result = read_file(path)
    paper = result.digests[0].papers[0]
    assert paper.links.code is None
    assert paper.links.project == "https://envharness.com/"
    assert [str(n) for n in result.notes] == [
        f"{path}: record 1 (2608.19880): code link 'github.com/no-scheme' is not an http(s) URL; left out"
    ]


# arXiv API Atom ----------------------------------------------------------------------


def test_atom_current_shape():
    result = read_file(ATOM / "2026_id_list-1707.08567.xml")
    [digest] = result.digests
    assert digest.date == dt.date(2017, 7, 27)  # the entry's <published> date
    [paper] = digest.papers
    assert paper.arxiv_id == "1707.08567"
    assert paper.title == "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"
    assert paper.categories == ["cs.IT"]
    assert (len(paper.authors), paper.authors[0]) == (34, "Kees A. Schouhamer Immink")
    assert paper.links.pdf == "https://arxiv.org/pdf/1707.08567"


def test_atom_legacy_shape_joins_wraps_and_keeps_old_style_ids():
    [digest] = read_file(ATOM / "2016_id_list-1111.2011v2.xml").digests
    [paper] = digest.papers
    assert paper.arxiv_id == "1111.2011"
    assert paper.title == "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    assert paper.abstract.startswith("Theoretical description of anisotropic systems, such as layered superconductors")
    result = read_file(ATOM / "2016_search_query-au-del_maestro_cut.xml")
    papers = {p.arxiv_id: (d.date, p) for d in result.digests for p in d.papers}
    day, old = papers["cond-mat/0412498"]
    assert day == dt.date(2004, 12, 19)
    assert old.categories == ["cond-mat.str-el", "cond-mat.stat-mech"]
    assert old.links.arxiv == "https://arxiv.org/abs/cond-mat/0412498"


def test_atom_date_option_files_every_entry_under_that_day():
    result = read_file(ATOM / "2016_search_query-au-del_maestro_cut.xml", date=dt.date(2025, 3, 18))
    assert [(d.date, len(d.papers)) for d in result.digests] == [(dt.date(2025, 3, 18), 2)]


def test_atom_empty_result_gives_a_note_and_no_digest():
    result = read_file(ATOM / "2026_id_list-0000.0000_empty.xml")
    assert (result.digests, result.records, result.skipped) == ([], 0, [])
    assert [n.message for n in result.notes] == ["the arXiv API found nothing (totalResults 0): no papers in this file"]


def test_atom_error_entry_is_an_error_not_a_paper(tmp_path, capsys):
    with pytest.raises(InputError) as raised:
        read_file(ATOM / "2026_id_list-abc_error400.xml")
    assert [p.message for p in raised.value.problems] == [
        "this is arXiv's error answer, not papers: 'incorrect id format for abc'; fix the query and fetch again"
    ]
    assert main(["--root", str(tmp_path), "import", str(ATOM / "2026_id_list-abc_error400.xml")]) == 1
    err = capsys.readouterr().err
    assert "incorrect id format for abc" in err and "Traceback" not in err
    assert not (tmp_path / "digests").exists()


def test_atom_that_is_not_xml_names_the_line(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>arXiv</title>\n<entry>\n</feed>\n')
    with pytest.raises(InputError) as raised:
        read_file(path)
    [problem] = raised.value.problems
    assert problem.line == 3 and problem.message.startswith("not well-formed XML (mismatched tag")


# Daily arXiv JSONL -------------------------------------------------------------------


def test_jsonl_counts_duplicates_within_a_file():
    result = read_file(JSONL / "2026-04-03.jsonl")
    assert (result.records, result.duplicates, result.skipped) == (5, 1, [])
    [digest] = result.digests
    assert [p.arxiv_id for p in digest.papers] == ["2604.01265", "2604.02004", "2604.01234", "2604.01235"]


def test_jsonl_gz_is_read_with_the_date_from_its_name():
    [digest] = read_file(JSONL / "2026-04-04.jsonl.gz").digests
    assert digest.date == dt.date(2026, 4, 4)
    assert [p.arxiv_id for p in digest.papers] == ["2604.01265", "2604.01274"]


# python -m generator import ----------------------------------------------------------


def test_import_folders_and_files_with_summary_and_byte_identical_reimport(tmp_path, capsys):
    args = ["--root", str(tmp_path), "import", str(HF), str(JSONL), str(ATOM / "2026_id_list-0000.0000_empty.xml")]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    days = ["2024-05-27", "2024-12-11", "2025-01-10", "2026-04-03", "2026-04-04", "2026-04-10", "2026-04-16", "2026-08-21"]
    papers = [1, 2, 2, 4, 2, 2, 2, 2]  # 2026-04-03's file repeats one of its papers
    ELSEWHERE = [0, 0, 0, 1, 1, 1, 1, 0]  # 2604.01265 on 3 and 4 April, 2604.07429 on 10 and 16 April
    assert out[:8] == [
        f"wrote {tmp_path / 'digests' / day}.yml: {n} paper{'s' if n > 1 else ''} ({int(day == '2026-04-03')} already in this digest; {elsewhere} also listed on other days)"
        for day, n, elsewhere in zip(days, papers, ELSEWHERE)
    ]
    # A table of what each input file gave, in the order read.
    files = [*sorted(HF.iterdir()), *sorted(JSONL.iterdir()), ATOM / "2026_id_list-0000.0000_empty.xml"]
    width = len(str(files[-1]))
    assert out[8] == f"{'file':<{width}}  records  papers  skipped"
    assert [line.split()[1:] for line in out[9:18]] == [
        ["1", "1", "0"], ["2", "2", "0"], ["2", "2", "0"], ["2", "2", "0"], ["2", "2", "0"], ["2", "2", "0"],
        ["5", "4", "0"], ["2", "2", "0"], ["0", "0", "0"],
    ]
    assert [line.split()[0] for line in out[9:18]] == [str(f) for f in files]
    # HF: 1 + 2 + 2 + 2 + 2 + 2 records; JSONL: 5 + 2; Atom: 0
    assert out[18] == (
        "9 file(s) read, 18 record(s): 17 paper(s) added, 1 already listed that day, 0 record(s) skipped; "
        "15 distinct paper(s); the 8 digest(s) list 17 paper(s)"
    )
    assert out[19:] == [
        f"note: {ATOM / '2026_id_list-0000.0000_empty.xml'}: the arXiv API found nothing (totalResults 0): "
        "no papers in this file"
    ]
    before = digest_hashes(tmp_path / "digests")
    assert len(before) == 8
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"unchanged {tmp_path / 'digests' / '2024-05-27.yml'}: 1 paper (0 added, 1 already in this digest; 0 also listed on other days)"
    assert out[18].startswith("9 file(s) read, 18 record(s): 0 paper(s) added, 18 already listed that day, 0 record(s) skipped")
    assert digest_hashes(tmp_path / "digests") == before


def test_import_counts_the_papers_already_in_the_digest_apart_from_those_listed_on_other_days(tmp_path, capsys):
    # 17 March lists 3 of the seed page's 31 papers (titles only: the same paper by title key).
    digests = tmp_path / "digests"
    digests.mkdir()
    seed = yaml.safe_load(SEED_DIGEST.read_text(encoding="utf-8"))
    earlier = {"date": "2025-03-17", "papers": [seed["papers"][n] for n in (0, 10, 30)]}
    (digests / "2025-03-17.yml").write_text(yaml.safe_dump(earlier, sort_keys=False, allow_unicode=True), encoding="utf-8")
    args = ["--root", str(tmp_path), "import", str(SEED_PAGE), "--date", "2025-03-18"]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"wrote {digests / '2025-03-18.yml'}: 31 papers (0 already in this digest; 3 also listed on other days)"
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"unchanged {digests / '2025-03-18.yml'}: 31 papers (0 added, 31 already in this digest; 3 also listed on other days)"
    )
    # validate's notes count the same three papers.
    assert main(["--root", str(tmp_path), "validate", str(digests / "2025-03-18.yml")]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if "is also listed on 2025-03-17" in line]
    assert len(notes) == 3


def test_import_accounts_for_every_record(tmp_path):
    files = [HF, JSONL, ATOM / "2016_search_query-au-del_maestro_cut.xml"]
    summary = import_files(files, tmp_path / "digests")
    assert summary.records == summary.added + summary.duplicates + len(summary.skipped) == 20
    digests = [read_digest(p) for p in sorted((tmp_path / "digests").glob("*.yml"))]
    assert sum(len(d.papers) for d in digests) == summary.added == summary.papers


def test_import_writes_nothing_when_one_file_is_bad(tmp_path, capsys):
    bad = tmp_path / "2026-01-01.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    missing = tmp_path / "missing.json"
    assert main(["--root", str(tmp_path), "import", str(HF), str(ATOM / "2026_id_list-abc_error400.xml")]) == 1
    assert not (tmp_path / "digests").exists()
    assert main(["--root", str(tmp_path), "import", str(missing)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"error: {missing}: no such file or folder" in err


def test_import_reports_skipped_records_with_file_and_line(tmp_path, capsys):
    lines = (JSONL / "2026-04-03.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "2026-04-03.jsonl"
    path.write_text("\n".join([lines[0], "[1, 2]", '{"id": "2604.99999", "title": "T"}', lines[1]]) + "\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "import", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("1 file(s) read, 4 record(s): 2 paper(s) added, 0 already listed that day, 2 record(s) skipped")
    assert out[2:] == [
        f'skipped {path}:2: not a JSON object; expected one paper a line, {{"id": …, "title": …, "summary": …}}',
        f"skipped {path}:3: summary: missing (or empty); a paper needs it as text",
    ]


def test_import_of_which_every_record_is_skipped_fails_and_writes_nothing(tmp_path, capsys):
    # fresh26: one Hugging Face record with id '2503.1' exited 0 with "1 record(s) skipped",
    # so a script could not tell the import had failed.
    [item] = json.loads((HF / "2026-08-21.json").read_text(encoding="utf-8"))[:1]
    item["paper"]["id"] = "2503.1"
    path = tmp_path / "2026-08-21.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    assert main(["--root", str(tmp_path), "import", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"error: {path}: all 1 record(s) skipped (each named with its reason): no paper to import; "
        "fix them (or the --date or --format they need) and import again",
        f"error: {path}: record 1 (2503.1): '2503.1' is not an arXiv id: expected YYMM.NNNNN (e.g. 2403.12345, "
        "optional vN) or archive/YYMMNNN (e.g. hep-th/9901001)",
        "2 problem(s); nothing was written.",
    ]
    assert not (tmp_path / "digests").exists()
    # every record of two files skipped: each file says so
    old = tmp_path / "old.json"
    shutil.copy(HF / "2024-05-27.json", old)  # no day in its name or records: needs --date
    with pytest.raises(InputError) as raised:
        import_files([path, old], tmp_path / "digests")
    assert [str(p) for p in raised.value.problems if "all 1 record(s) skipped" in p.message] == [
        f"{path}: all 1 record(s) skipped (each named with its reason): no paper to import; fix them (or the "
        "--date or --format they need) and import again",
        f"{old}: all 1 record(s) skipped (each named with its reason): no paper to import; fix them (or the "
        "--date or --format they need) and import again",
    ]
    assert len(raised.value.problems) == 4
    # one good record beside the bad one: imported, the skip said, exit 0 as before
    item_ok = json.loads((HF / "2026-08-21.json").read_text(encoding="utf-8"))[0]
    path.write_text(json.dumps([item, item_ok]), encoding="utf-8")
    assert main(["--root", str(tmp_path), "import", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("1 file(s) read, 2 record(s): 1 paper(s) added, 0 already listed that day, 1 record(s) skipped")
    assert out[2].startswith(f"skipped {path}: record 1 (2503.1): '2503.1' is not an arXiv id")
    assert [p.arxiv_id for p in read_digest(tmp_path / "digests" / "2026-08-21.yml").papers] == ["2608.19880"]
    # a file of no record (an empty arXiv result) is no error: it says so and writes nothing
    assert main(["--root", str(tmp_path), "import", str(ATOM / "2026_id_list-0000.0000_empty.xml")]) == 0
    assert "the arXiv API found nothing" in capsys.readouterr().out


def test_skipped_records_name_the_input_s_own_field_and_what_it_should_be(tmp_path):
    lines = (JSONL / "2026-04-03.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    jsonl = tmp_path / "2026-04-03.jsonl"
    jsonl.write_text("\n".join([lines[1], json.dumps({**record, "title": 42}), lines[2][:100]]) + "\n")
    assert [str(p) for p in read_file(jsonl).skipped] == [
        f"{jsonl}:2: title: 42 is not text",
        f"{jsonl}:3: not valid JSON at column 74: unterminated string; fix the JSON there",
    ]
    atom = tmp_path / "feed.xml"
    text = (ATOM / "2026_id_list-1707.08567.xml").read_text(encoding="utf-8")
    atom.write_text(text.replace("<title>Proceedings of Workshop AEW10: Concepts in Information Theory and Communications</title>", "<title></title>"))
    assert [str(p) for p in read_file(atom).skipped] == [
        f"{atom}: entry 1 (http://arxiv.org/abs/1707.08567v1): <title>: missing (or empty); a paper needs it as text"
    ]


FORMATS = "pass --format (hf-daily, arxiv-atom, arxiv-jsonl, listing-page) if you know it is one of them"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("broken.json", '[\n  {"paper": {"id": "2405.15738"\n    "title": "T"}}\n]\n', ":3: not valid JSON at column 5: expecting ',' delimiter; fix the JSON there"),
        ("cut.json", '[\n  {"paper": {"id": "2405.15738", "title": "T', ":2: not valid JSON at column 43: unterminated string; fix the JSON there"),
        ("2026-04-03.jsonl", '\n{"id": "2604.00001", "title": "T"}\n{"id": "2604.00002"}\n', ":2: JSON Lines whose first record is not an arXiv paper (its keys: 'id', 'title'); expected one object a line with 'id', 'title' and 'summary'; " + FORMATS),
        ("other.json", '{"title": "T"}', ": JSON, but not Hugging Face daily papers (an array of items each with a 'paper' object, or an object whose 'data' is that array); " + FORMATS),
        ("page.xml", "<html><body>T</body></html>", ": XML, but not an arXiv API Atom feed (a <feed> in the Atom namespace, http://www.w3.org/2005/Atom, from export.arxiv.org); " + FORMATS),
    ],
)
def test_a_file_no_reader_knows_says_what_is_wrong_where(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}{message}"]


def test_import_format_option_overrides_detection(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "import", "--format", "arxiv-atom", str(HF / "2024-05-27.json")]) == 1
    assert "not well-formed XML" in capsys.readouterr().err


def test_folders_give_their_input_files_in_name_order(tmp_path):
    from generator.inputs.importing import input_files

    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["b.json", "a.jsonl.gz", "sub/c.xml", "LICENSE", "notes.md", ".hidden.json", ".git/x.json", "d.txt"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in input_files([tmp_path, tmp_path / "b.json"])] == [
        "a.jsonl.gz",
        "b.json",
        "d.txt",
        "sub/c.xml",
    ]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError) as raised:
        input_files([tmp_path / "empty"])
    assert raised.value.problems[0].message == "no input files in this folder (expected .json, .jsonl, .xml, .atom, .txt, or .gz)"


def test_a_merge_keeps_where_the_list_came_from_as_a_pair():
    """A day imported from a pasted listing (no source), then from the Hugging Face API file:
    the source and its name come together; a digest already naming its source keeps it."""
    from generator.core.model import Digest, ListedPaper

    day = dt.date(2024, 12, 11)
    pasted = Digest(date=day, papers=[ListedPaper(title="A pasted paper", abstract="Text.")])
    [api] = read_file(HF / "2024-12-11.json").digests
    merged, _ = merge_into(pasted, api)
    assert (str(merged.source), merged.source_name) == ("https://huggingface.co/papers?date=2024-12-11", "Hugging Face Daily Papers")
    assert [p.title for p in merged.papers][:1] == ["A pasted paper"] and len(merged.papers) == 3
    named = pasted.model_copy(update={"source_name": "Hand-picked by the maintainers"})
    kept, _ = merge_into(named, api)
    assert (kept.source, kept.source_name) == (None, "Hand-picked by the maintainers")


def test_import_names_the_source_of_a_copied_page(tmp_path, capsys):
    """A copied listing says nothing of where it came from: ``--source`` and ``--source-name``
    name it (checked as the schema checks them, before anything is read); a digest that names
    its source keeps it."""
    (tmp_path / "digests").mkdir()
    url = "https://huggingface.co/papers?date=2025-03-18"
    args = ["--root", str(tmp_path), "import", str(SEED_PAGE), "--date", "2025-03-18"]
    assert main([*args, "--source", url, "--source-name", "Hugging Face Daily Papers"]) == 0
    digest = read_digest(tmp_path / "digests" / "2025-03-18.yml")
    assert (digest.source, digest.source_name, len(digest.papers)) == (url, "Hugging Face Daily Papers", 31)
    assert main([*args, "--source", "https://example.org/other", "--source-name", "Other"]) == 0
    assert read_digest(tmp_path / "digests" / "2025-03-18.yml").source_name == "Hugging Face Daily Papers"
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit:
        main([*args, "--source", "huggingface.co/papers"])
    assert exit.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(
        "error: argument --source: 'huggingface.co/papers' is not an absolute http(s) URL (e.g. https://arxiv.org/abs/2403.12345)"
    )


def test_import_says_when_the_file_names_its_own_source(tmp_path, capsys):
    """An input that names where its list came from (a daily arXiv dump names the arXiv
    daily listing) keeps its source; ``--source`` and ``--source-name`` given with it are
    not used, and the import says so (a hostile check: it was silent)."""
    (tmp_path / "digests").mkdir()
    path = JSONL / "2026-04-03.jsonl"
    args = ["--root", str(tmp_path), "import", str(path), "--format", "arxiv-jsonl"]
    assert main([*args, "--source", "https://example.org/list", "--source-name", "Example"]) == 0
    digest = read_digest(tmp_path / "digests" / "2026-04-03.yml")
    assert (digest.source, digest.source_name) == (None, "arXiv daily listing")
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith("note:")]
    assert notes == [
        f"note: {path}: 2026-04-03: the file names its own source_name 'arXiv daily listing', which the digest keeps; "
        "--source and --source-name are not used for it"
    ]
