"""BibTeX entries for papers, in the form arXiv's "Export BibTeX Citation" gives.

An entry looks like::

    @misc{li2024matryoshka,
      title = {2D Matryoshka Sentence Embeddings},
      author = {Xianming Li and Zongxi Li},
      year = {2024},
      eprint = {2402.14776},
      archivePrefix = {arXiv},
      primaryClass = {cs.CL},
      url = {https://arxiv.org/abs/2402.14776},
    }

Field values are text, never TeX: BibTeX's special characters are escaped
(:func:`escape_bibtex`), so every entry has balanced braces whatever a digest holds.
Entries are UTF-8, as arXiv's are: a name or title keeps its letters as written (``Müller``,
``ζ``), which biblatex with Biber, and LaTeX with UTF-8 input, read as they are. Classic
BibTeX with pdfLaTeX takes accented Latin letters but may stop at others (Greek, CJK), and
no library to write them as LaTeX commands is among the project's dependencies, so the pages
say which characters an entry holds beyond ASCII (:func:`utf8_characters`) rather than guess
a command for each. Of the 30,125 papers of the corpora (``../shared/corpora``) 2,048 entries
hold such characters, 57 beyond Latin letters (mostly Greek: π, μ, α).
Keys follow Google Scholar's pattern (first author's last name, year, first significant
title word); papers that would share a key get ``a``, ``b``, … appended
(:func:`citation_keys`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from slugify import slugify

from generator.core.arxiv_id import abs_url
from generator.core.author_names import is_organisation
from generator.core.model import Paper
from generator.core.process_memos import memo, paper_memo, remembered

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_SPECIAL_CHARS = re.compile("|".join(re.escape(c) for c in _SPECIALS))
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")

# Words Google Scholar skips when it picks the title word of a key.
_SKIPPED_TITLE_WORDS = frozenset(
    "a an the on of in for to and or with from by at as is are via towards toward using how what why when do does can".split()
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def escape_bibtex(text: str) -> str:
    """``text`` as a literal BibTeX field value: ``\\ { } $ & % # _ ^ ~`` escaped (so braces
    always balance and nothing is read as TeX), control characters dropped."""
    return _SPECIAL_CHARS.sub(lambda m: _SPECIALS[m.group()], _CONTROL_CHARS.sub("", text))


UTF8_SHOWN = 8
"""At most this many characters beyond ASCII are named in the note beside an entry."""


def utf8_characters(text: str, limit: int = UTF8_SHOWN) -> tuple[list[str], int]:
    """The characters of ``text`` (one or more BibTeX entries) beyond ASCII, each once, in
    order of first appearance, at most ``limit`` of them, and how many more there are. Each
    is as a reader can see it: itself, or ``U+XXXX`` for one that shows nothing or joins its
    neighbour (a control, format, separator or combining character, Unicode categories C, Z
    and M). ``([], 0)`` for ASCII text."""
    distinct = list(dict.fromkeys(char for char in text if not char.isascii()))
    shown = [char if unicodedata.category(char)[0] not in "CZM" else f"U+{ord(char):04X}" for char in distinct[:limit]]
    return shown, len(distinct) - len(shown)


def publication_year(paper: Paper) -> int | None:
    """The year of a paper: from a new-style arXiv id (``2402.14776`` → 2024), else from
    an old-style one (``hep-th/9901001`` → 1999; arXiv's identifier scheme,
    https://info.arxiv.org/help/arxiv_identifier.html), else from its ``published`` date,
    else ``None``. Never the day a digest listed it: a 2020 paper listed in 2025 is from 2020."""
    if paper.arxiv_id:
        yymm = paper.arxiv_id.rsplit("/", 1)[-1][:4]
        if yymm.isdigit():
            yy = int(yymm[:2])
            return 1900 + yy if yy >= 91 else 2000 + yy  # arXiv started in 1991
    return paper.published.year if paper.published else None


def base_key(paper: Paper) -> str:
    """The citation key a paper asks for: the first author's last name, the year and the
    first title word that is all letters and not a stop word, ASCII-folded and lowercase
    (``li2024matryoshka``). ``anon`` stands in for a missing author; the year and the word
    are left out when unknown (``anonmatryoshka``)."""
    surname, word = _name_and_word(paper.authors[0] if paper.authors else "", paper.title)
    year = publication_year(paper)
    return f"{surname or 'anon'}{year or ''}{word}"


@memo
@lru_cache(maxsize=1 << 17)
def _name_and_word(author: str, title: str) -> tuple[str, str]:
    """The folded last name of ``author`` (``""`` for none) and the first title word that is
    all letters and not a stop word (``""`` for none). Cached: a pure function of its
    arguments, and under ``mkdocs serve`` the same papers come back on every build."""
    surname = _folded(_surname(author)) if author else ""
    for candidate in title.split():
        folded = _folded(candidate)
        if folded.isalpha() and folded not in _SKIPPED_TITLE_WORDS:
            return surname, folded
    return surname, ""


@memo
@lru_cache(maxsize=1 << 17)
def _folded(text: str) -> str:
    """``text`` ASCII-folded and lowercase, without separators (python-slugify). Cached: the
    same names and title words come back on many papers."""
    return slugify(text, separator="")


def _surname(author: str) -> str:
    """The last name of ``"First Last"`` or ``"Last, First"``, skipping ``Jr.``-like suffixes."""
    if "," in author:
        return author.split(",", 1)[0]
    words = [w for w in author.split() if w.rstrip(".").lower() not in _NAME_SUFFIXES]
    return words[-1] if words else author


_BASE_KEYS = paper_memo("citation base keys")
""":func:`base_key` of each paper the last run saw (:func:`~generator.core.process_memos.paper_memo`)."""


def citation_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Citation keys by paper key, unique among ``papers``.

    Papers asking for the same key are ordered by (first listed, paper key): the first
    keeps it, the others get ``a``, ``b``, … ``z``, ``aa``, … appended. So a paper listed
    later never changes the key of one listed earlier.
    """
    wanted: dict[str, list[Paper]] = {}
    for paper in papers:
        wanted.setdefault(remembered(_BASE_KEYS, paper, base_key), []).append(paper)
    keys: dict[str, str] = {}
    taken = set(wanted)
    for key, group in wanted.items():
        group.sort(key=lambda p: (p.first_listed, p.key))
        keys[group[0].key] = key
        number = 0
        for paper in group[1:]:
            candidate = key
            while candidate in taken:
                candidate = key + _letters(number)
                number += 1
            taken.add(candidate)
            keys[paper.key] = candidate
    return keys


def _letters(number: int) -> str:
    """0 → ``a``, 25 → ``z``, 26 → ``aa``, …"""
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


_AND_WORD = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)
"""The word BibTeX splits an ``author`` field's names at, in any case, between spaces."""


def _bibtex_name(name: str) -> str:
    """An author of the ``author`` field, escaped; an organisation's name
    (:func:`~generator.core.author_names.is_organisation`) in braces, which BibTeX reads as one
    last name: ``{Nex-AGI Team}``, else its styles print "Team, N.-A." or "N.-A. Team". A
    person's name word "and" (any case) is braced, ``Maria {And} Kim``: BibTeX reads the
    word as the end of one name and the start of the next."""
    escaped = escape_bibtex(name)
    if is_organisation(name):
        return f"{{{escaped}}}"
    return _AND_WORD.sub(lambda m: f"{{{m.group()}}}", escaped)


def bibtex_entry(paper: Paper, key: str) -> str:
    """The ``@misc`` entry of ``paper`` under citation key ``key`` (see the module
    docstring), ending with a newline. A field whose value is unknown is left out, never
    guessed: ``author`` without authors, ``year`` without an arXiv id or published date
    (:func:`publication_year`); the arXiv fields (``eprint``, ``archivePrefix``,
    ``primaryClass``, ``url``) without an arXiv id; ``primaryClass`` (the first arXiv
    category) without categories."""
    fields = [("title", escape_bibtex(paper.title))]
    if paper.authors:
        fields.append(("author", " and ".join(_bibtex_name(name) for name in paper.authors)))
    year = publication_year(paper)
    if year is not None:
        fields.append(("year", str(year)))
    if paper.arxiv_id:
        fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
        if paper.categories:
            fields.append(("primaryClass", escape_bibtex(paper.categories[0])))
        fields.append(("url", escape_bibtex(abs_url(paper.arxiv_id))))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@misc{{{key},\n{body}}}\n"
