"""arXiv identifiers: arXiv's grammar, the versionless form, and URLs."""

from __future__ import annotations

import pytest

from generator.core.arxiv_id import ArxivIdError, abs_url, find_arxiv_id, parse_arxiv_id, parse_pasted_arxiv_id, pdf_url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # new style, 4 digits (2007-04 … 2014-12) and 5 digits (2015-01 on), with and without vN
        ("0704.0001", "0704.0001"),
        ("1412.9999v3", "1412.9999"),
        ("1501.00001", "1501.00001"),
        ("2402.14776v1", "2402.14776"),
        ("2606.27412v12", "2606.27412"),
        # old style: archive/YYMMNNN, archive.SUBJ/YYMMNNN, hyphenated archives
        ("hep-th/9901001", "hep-th/9901001"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("solv-int/9901001", "solv-int/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("cond-mat/0412498v1", "cond-mat/0412498"),
        # prefixes and URLs
        ("arXiv:2402.14776", "2402.14776"),
        ("  arxiv:hep-th/9901001v1 ", "hep-th/9901001"),
        ("https://arxiv.org/abs/2402.14776v2", "2402.14776"),
        ("http://arxiv.org/abs/cond-mat/0412498v1", "cond-mat/0412498"),
        ("https://arxiv.org/pdf/2402.14776.pdf", "2402.14776"),
        ("https://export.arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
    ],
)
def test_valid_ids_are_stored_versionless(text, expected):
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1501.0001", "have 5 digits after the dot"),  # 4 digits after 2014
        ("1412.00001", "have 4 digits after the dot"),  # 5 digits before 2015
        ("0703.0001", "new-style ids start in 0704"),
        ("2413.12345", "expected YYMM.NNNNN"),  # month 13
        ("2400.12345", "expected YYMM.NNNNN"),  # month 00
        ("2402.123456", "expected YYMM.NNNNN"),
        ("2402.12345v0", "expected YYMM.NNNNN"),
        ("2402.12345v", "expected YYMM.NNNNN"),
        ("hep-th/990100", "expected YYMM.NNNNN"),  # 6 digits
        ("hep-th/99010011", "expected YYMM.NNNNN"),
        ("HEP-TH/9901001", "expected YYMM.NNNNN"),  # archives are lowercase
        ("math.gt/0309136", "expected YYMM.NNNNN"),  # subject classes are upper case
        ("hep-th9901001", "expected YYMM.NNNNN"),
        ("abc", "expected YYMM.NNNNN"),
        ("0000.0000", "expected YYMM.NNNNN"),
        ("", "expected YYMM.NNNNN"),
        # arXiv's digits are ASCII: other scripts' digits (which Python's \d takes) are no id
        ("\u0662\u066401.12345", "expected YYMM.NNNNN"),  # Arabic-Indic year
        ("2401.\u0661\u0662\u0663\u0664\u0665", "expected YYMM.NNNNN"),
        ("\uff12\uff1401.12345", "expected YYMM.NNNNN"),  # fullwidth
        ("hep-th/99010\u0660\u0661", "expected YYMM.NNNNN"),
        ("2401.12345v\u0662", "expected YYMM.NNNNN"),
        ("2401.12345v1\u0662", "expected YYMM.NNNNN"),
    ],
)
def test_invalid_ids_are_refused_with_the_reason(text, reason):
    with pytest.raises(ArxivIdError) as raised:
        parse_arxiv_id(text)
    assert reason in str(raised.value)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(2401.12345)", "2401.12345"),
        ("2401.12345,", "2401.12345"),
        ("ARXIV:2401.12345", "2401.12345"),
        ("arXiv:2401.12345.", "2401.12345"),
        ("<https://arxiv.org/abs/2401.12345v2>", "2401.12345"),
        ("\u201chep-th/9901001v1\u201d;", "hep-th/9901001"),
        ("\uff08math.GT/0309136\uff09\u3002", "math.GT/0309136"),  # fullwidth brackets, ideographic full stop
        ("\ufeff2401.12345", "2401.12345"),  # a byte order mark is no letter
    ],
)
def test_a_pasted_id_is_read_without_the_punctuation_around_it(text, expected):
    assert parse_pasted_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text",
    ["x(2401.12345)", "_2401.12345", "2401.12345_", "\u06622401.12345", "(2401.\u0661\u0662\u0663\u0664\u0665)",
     "(HEP-TH/9901001)", "2401.12345(v2)", "(" * 90 + "2401.12345" + ")", ""],
)
def test_a_pasted_id_keeps_arxivs_grammar(text):
    """Only what is no letter, digit or ``_`` (of any script) is left out around the id, and
    only at its ends; a word of over 100 characters is no id; a digest's id is read strictly."""
    with pytest.raises(ArxivIdError):
        parse_pasted_arxiv_id(text)


@pytest.mark.parametrize("text", ["(2401.12345)", "2401.12345,", "arXiv:2401.12345."])
def test_a_digests_id_is_read_without_leaving_anything_out(text):
    with pytest.raises(ArxivIdError):
        parse_arxiv_id(text)


def test_find_arxiv_id_in_text():
    assert find_arxiv_id("see arXiv: 2402.14776v3 for details") == "2402.14776"
    assert find_arxiv_id("https://arxiv.org/abs/hep-th/9901001v2") == "hep-th/9901001"
    assert find_arxiv_id("version 2402.14776 without a prefix") is None
    assert find_arxiv_id("arXiv:1501.0001") is None  # grammar says 5 digits from 2015


def test_urls_keep_the_old_style_slash():
    # arXiv serves old-style ids with their '/' in the path; it is not a separate path segment
    # of ours, and no file name is built from an id (paper pages are named by title slug).
    assert abs_url("hep-th/9901001") == "https://arxiv.org/abs/hep-th/9901001"
    assert pdf_url("math.GT/0309136") == "https://arxiv.org/pdf/math.GT/0309136"
    assert abs_url("2402.14776") == "https://arxiv.org/abs/2402.14776"
