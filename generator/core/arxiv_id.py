"""arXiv identifiers: parsing, normalising to the versionless form, and URLs.

The grammar is arXiv's own (https://info.arxiv.org/help/arxiv_identifier.html):

* new style, since April 2007: ``YYMM.NNNN`` (2007-04 … 2014-12) and ``YYMM.NNNNN``
  (2015-01 on), optionally followed by a version ``vN``;
* old style, before April 2007: ``archive(.SUBJ)/YYMMNNN``, e.g. ``hep-th/9901001`` or
  ``math.GT/0309136``, optionally followed by ``vN``.

We store the versionless form everywhere (digests, front matter, links), because a
paper's page is about the paper, not one revision of it.
"""

from __future__ import annotations

import re

_NEW_STYLE = re.compile(r"(?P<yymm>\d{2}(?:0[1-9]|1[0-2]))\.(?P<number>\d{4,5})(?:v(?P<version>[1-9]\d*))?", re.ASCII)
_OLD_STYLE = re.compile(
    r"(?P<archive>[a-z]+(?:-[a-z]+)*)(?:\.(?P<subject>[A-Z]{2}))?/(?P<yymm>\d{2}(?:0[1-9]|1[0-2]))(?P<number>\d{3})"
    r"(?:v(?P<version>[1-9]\d*))?",
    re.ASCII,
)
_PREFIXES = re.compile(
    r"^(?:arxiv:|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE | re.ASCII
)


class ArxivIdError(ValueError):
    """Raised for text that is not an arXiv identifier; the message says what was expected."""


def parse_arxiv_id(text: str) -> str:
    """Return the versionless arXiv id in ``text``.

    ``text`` may be a bare id (``2403.12345v2``, ``hep-th/9901001``), an ``arXiv:`` id, or
    an ``arxiv.org/abs/…`` or ``/pdf/…`` URL (a trailing ``.pdf`` is allowed).

    Returns the id without version, e.g. ``"2403.12345"`` or ``"hep-th/9901001"``.
    Raises :class:`ArxivIdError` if ``text`` does not follow arXiv's identifier grammar
    (see the module docstring); new-style 4-digit numbers are only valid up to 1412 and
    5-digit numbers only from 1501, as arXiv switched in January 2015.
    """
    if len(text) > 100:  # the longest form, an https://export.arxiv.org/pdf/… URL, has about 60 characters
        raise ArxivIdError(f"{text[:40]!r}… ({len(text):,} characters) is not an arXiv id: far too long")
    candidate = _PREFIXES.sub("", text.strip())
    if candidate.lower().endswith(".pdf"):
        candidate = candidate[:-4]
    match = _NEW_STYLE.fullmatch(candidate)
    if match:
        yymm, number = match["yymm"], match["number"]
        if len(number) == 4 and yymm > "1412" or len(number) == 5 and yymm < "1501":
            raise ArxivIdError(
                f"{text!r} is not an arXiv id: ids from {yymm[:2]}{yymm[2:]} have "
                f"{'5' if yymm > '1412' else '4'} digits after the dot"
            )
        if yymm < "0704":
            raise ArxivIdError(f"{text!r} is not an arXiv id: new-style ids start in 0704 (April 2007)")
        return f"{yymm}.{number}"
    match = _OLD_STYLE.fullmatch(candidate)
    if match:
        subject = f".{match['subject']}" if match["subject"] else ""
        return f"{match['archive']}{subject}/{match['yymm']}{match['number']}"
    raise ArxivIdError(
        f"{text!r} is not an arXiv id: expected YYMM.NNNNN (e.g. 2403.12345, optional vN) "
        "or archive/YYMMNNN (e.g. hep-th/9901001)"
    )


_AROUND = re.compile(r"\W*(.*?)\W*", re.DOTALL)
"""A word and the non-word characters around it (``\\W``: not a letter, digit or ``_`` of any
script, as the search index's tokens read them), which group 1 leaves out."""


def parse_pasted_arxiv_id(text: str) -> str:
    """Return the versionless arXiv id of a word as a reader pastes it from prose or a link:
    :func:`parse_arxiv_id` of ``text`` without the characters around it that are no letter,
    digit or ``_`` (brackets, quotes, a sentence's comma or dot: ``(2401.12345)``,
    ``arXiv:2401.12345.``, ``<https://arxiv.org/abs/2401.12345>``, ``“2401.12345”,``). The
    id itself must follow arXiv's grammar as in :func:`parse_arxiv_id` (ASCII digits: a
    digit of another script is a letter or digit, so it is kept, and no id). For search
    queries (the worker's ``parseArxivId`` mirrors it); a digest's ``arxiv_id`` is read by
    :func:`parse_arxiv_id` alone.

    Raises :class:`ArxivIdError` as :func:`parse_arxiv_id` does (text of over 100
    characters, before anything is left out, is no id)."""
    if len(text) > 100:
        return parse_arxiv_id(text)
    match = _AROUND.fullmatch(text)
    assert match is not None  # every text matches: both runs may be empty
    return parse_arxiv_id(match[1])


def find_arxiv_id(text: str) -> str | None:
    """Return the first versionless arXiv id mentioned in ``text`` (an ``arXiv:`` id or an
    arxiv.org abs/pdf URL), or ``None`` when there is none."""
    match = re.search(
        r"(?:arxiv:\s*|arxiv\.org/(?:abs|pdf)/)([a-z\-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?",
        text,
        re.IGNORECASE,
    )
    if not match:
        return None
    try:
        return parse_arxiv_id(match[1])
    except ArxivIdError:
        return None


_CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[a-z]+)*)?")


def is_arxiv_category(text: str) -> bool:
    """True for an arXiv category name: an archive (``hep-th``, ``cs``) optionally followed by
    ``.`` and a subject class (``cs.CL``, ``math.GT``, ``physics.comp-ph``), as in arXiv's
    category taxonomy (https://arxiv.org/category_taxonomy)."""
    return bool(_CATEGORY.fullmatch(text))


def abs_url(arxiv_id: str) -> str:
    """The arXiv abstract page of a versionless id (old-style ``/`` kept, as arXiv serves it)."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def pdf_url(arxiv_id: str) -> str:
    """The arXiv PDF of a versionless id."""
    return f"https://arxiv.org/pdf/{arxiv_id}"
