"""Reader for text copied from a papers-listing page (e.g. Hugging Face Daily Papers).

Such a copy holds some page boilerplate, a date line without a year (``Mar 18``), then per
paper a title line and an abstract paragraph, with blank lines between. Around the papers
it often carries vote counts, "Submitted by …", "Published on …" and author lines, and
footer links; those are recognised and dropped (author lines and ``arXiv:`` ids are kept
as metadata, and so are vote counts: see :func:`_vote_count`).

The reader never guesses: when a line could be either a title or an abstract it stops with
the file, the line and what it expected there. A title glued to the abstract above it (the
blank line between them lost) is named at the title's line, whether the abstracts are one
line each or hard-wrapped by an editor (see :func:`_starts_next_paper`).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.arxiv_id import find_arxiv_id
from generator.core.model import Digest, ListedPaper, normalise_whitespace
from generator.core.problems import InputError, Problem, shortened
from generator.inputs.readers.result import ReadResult

FORMAT = "listing-page"

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_DATE_LINE = re.compile(
    r"(?:daily papers\s*[-–—:]?\s*)?(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:(?:st|nd|rd|th)?,?\s+(?P<year>\d{4}))?",
    re.IGNORECASE,
)
_ISO_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")

# Whole lines that listing pages carry around the papers. Matched case-insensitively
# against the whitespace-normalised line.
_BOILERPLATE = re.compile(
    r"""
    (?:new|subscribe|get\ trending\ papers\ in\ your\ email\ inbox!?|by\s?ak\ and\ the\ research\ community
      |daily\ papers|hugging\ face|papers|trending|search|search\ papers|submit(?:\ a)?\ paper
      |previous|next|previous\ day|next\ day|load\ more|view\ more|show\ more|see\ more|back\ to\ top
      |models|datasets|spaces|posts|docs|enterprise|pricing|log\ ?in|sign\ ?up|collections|community
      |daily|weekly|monthly|today|yesterday|upvotes?|votes?|comments?|view\ pdf|pdf|abstract|code|project\ page
      |(?:©|\(c\)|copyright).*|website|twitter|github|system\ theme|company|terms\ of\ service|privacy|about|jobs
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_COUNTS = re.compile(
    r"[▲△⬆↑+·•]?\s*\d[\d,.]*\s*[kK]?(?:\s*(?:upvotes?|votes?|comments?|likes?|stars?|authors?))?"
    r"|(?:upvotes?|votes?)\s*:?\s*\d+|·?\s*\d+\s+authors?|·",
    re.IGNORECASE,
)
_VOTES = re.compile(
    r"[▲△⬆↑]?\s*(?P<count>\d{1,3}(?:,\d{3})*|\d+)(?:\s*(?:upvotes?|votes?))?"
    r"|(?:upvotes?|votes?)\s*:?\s*(?P<labelled>\d{1,3}(?:,\d{3})*|\d+)",
    re.IGNORECASE,
)
# "Submitted by <user>" and "Published on <date>" as a card shows them; nothing longer, so that
# a hard-wrapped abstract line such as "published at CoNLL 2023 (…)" is kept.
_SUBMITTED_OR_PUBLISHED = re.compile(
    r"submitted\s+by\s+(?:@?[\w.\-]+|(?-i:[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){1,2}))"
    r"|(?:published|posted)(?:\s+on)?\s+(?:[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}\s+[a-z]{3,9}\.?(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2}|\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago"
    r"|today|yesterday)",
    re.IGNORECASE,
)
_AUTHORS_LABEL = re.compile(r"(?:authors?|by)\s*:\s*(?P<names>.+)", re.IGNORECASE)
_ARXIV_LINE = re.compile(r"(?:arxiv\s*:?|https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/)\s*\S+", re.IGNORECASE)
_NAME_WORD = re.compile(r"(?:[A-Z\u00C0-\u024F][\w'’.\-]*|[A-Z]\.|de|da|di|del|der|van|von|la|le|du|dos|bin|al|el)", re.UNICODE)

ABSTRACT_MIN_CHARS = 200
"""A paragraph this long (characters) is an abstract, never a title."""
TITLE_MAX_CHARS = 300
"""No title is longer than this (characters)."""


def _is_noise(line: str) -> bool:
    return bool(
        _BOILERPLATE.fullmatch(line) or _COUNTS.fullmatch(line) or _SUBMITTED_OR_PUBLISHED.fullmatch(line)
    )


def _vote_count(line: str) -> int | None:
    """The upvotes a line of a copied page shows, or ``None``: a bare number (``42``), an
    arrow and a number (``▲ 42``), ``42 upvotes`` or ``Upvotes: 42``. A copied Hugging Face
    Daily Papers page shows each paper's count next to its title; counts of comments,
    authors or stars (``3 comments``) are not votes."""
    match = _VOTES.fullmatch(line)
    if not match:
        return None
    return int((match["count"] or match["labelled"]).replace(",", ""))


def _author_names(line: str) -> list[str] | None:
    """The names on an author line (``Authors: A, B`` or ``A, B and C``), else ``None``."""
    labelled = _AUTHORS_LABEL.fullmatch(line)
    text = labelled["names"] if labelled else line
    if not labelled and (line.endswith((".", ":", "?", "!")) or ":" in line):
        return None
    parts = [p.strip() for p in re.split(r",|;|·|\band\b|&", text) if p.strip()]
    parts = [re.sub(r"\bet al\.?$", "", p).strip() for p in parts]
    parts = [p for p in parts if p]
    if not parts or (not labelled and len(parts) < 2):
        return None
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 5 or not all(_NAME_WORD.fullmatch(w) for w in words):
            return None
    return parts


def _ends_sentence(text: str) -> bool:
    return text.rstrip("\"'”’)]").endswith((".", "!", "?", "。"))


@dataclass
class _Paper:
    title: str
    title_line: int
    abstract_lines: list[str] = field(default_factory=list)
    abstract_line: int = 0
    last_line: int = 0
    authors: list[str] = field(default_factory=list)
    arxiv_id: str | None = None
    upvotes: int | None = None


def _ends_like_a_title(text: str) -> bool:
    """True when ``text`` ends a sentence as a title may: asking or exclaiming (``?``, ``!``),
    never stating (``.``)."""
    return text.rstrip("\"'”’)]").endswith(("?", "!", "？", "！"))


def _reads_as_title(previous: str, line: str) -> bool:
    """True when ``line``, following the abstract line ``previous``, could be the next paper's
    title: the abstract so far ends a sentence, and the line is title-long and ends none but
    as a title may (:func:`_ends_like_a_title`: ``Do Listing Pages Dream?``), nor a clause (a
    line ending in ``,`` ``;`` or ``:`` is part of a sentence or a heading)."""
    return (
        _ends_sentence(previous)
        and len(line) < ABSTRACT_MIN_CHARS
        and (not _ends_sentence(line) or _ends_like_a_title(line))
        and not line.endswith((",", ";", ":"))
    )


def _breaks_hard(line: str, after: str, width: int) -> bool:
    """True when the break between ``line`` and ``after`` is a line break of the page, not a
    wrap: the first word of ``after`` would have fitted on ``line`` within ``width``, the
    longest line of the paragraph (an editor that hard-wraps at a column ``>= width`` moves a
    word down only when it does not fit; a line of one word may be longer)."""
    return len(line) + 1 + len(after.split(" ", 1)[0]) <= width


def _starts_next_paper(previous: str, line: str, after: str | None, width: int) -> bool:
    """True when ``line``, inside an abstract paragraph, reads like the next paper's title
    (:func:`_reads_as_title`) and the line ``after`` it starts an abstract: it is
    abstract-long, or the break before it is a line break of the page rather than a wrap
    (:func:`_breaks_hard`; ``width`` is the paragraph's wrap width)."""
    return (
        after is not None
        and _reads_as_title(previous, line)
        and (len(after) >= ABSTRACT_MIN_CHARS or _breaks_hard(line, after, width))
    )


def _reads_as_abstract(following: list[list[tuple[int, str]]]) -> bool:
    """True when the first of the ``following`` paragraphs reads like an abstract rather than
    a title: its first line is abstract-long, or its text ends a sentence as no title does
    (``.``), or it ends one as a title may (``?``, ``!``) and the paragraph after it (if any)
    does not end one (a title ending in ``?`` is followed by its abstract, which ends one; an
    abstract is followed by the next title, which does not)."""
    if not following:
        return False
    first = following[0]
    if len(first[0][1]) >= ABSTRACT_MIN_CHARS:
        return True
    if not _ends_sentence(first[-1][1]):
        return False
    if not _ends_like_a_title(first[-1][1]):
        return True
    return len(following) == 1 or not _ends_sentence(following[1][-1][1])


def _glued_title(path: Path, number: int, line: str, paper: _Paper) -> Problem:
    return Problem(
        path,
        number,
        f"{shortened(line)!r} reads like the title of the next paper, but no blank line separates it from "
        f"the abstract of {shortened(paper.title)!r} (line {paper.title_line}) above it; put a blank line "
        "above this line (if it is the end of that abstract instead, join it to the line above)",
    )


def _resolve_date(path: Path, month: int, day: int, year: int | None, date: dt.date | None, line: int) -> dt.date:
    def refuse(message: str) -> InputError:
        return InputError([Problem(path, line, message)])

    if date is not None:
        if (date.month, date.day) != (month, day) or (year is not None and year != date.year):
            says = f"{year} month {month} day {day}" if year is not None else f"month {month} day {day}"
            raise refuse(f"the page's date line says {says}, but --date is {date}")
        return date
    named = _ISO_DATE_IN_NAME.search(path.name)
    if named:
        from_name = dt.date(*map(int, named.groups()))
        if (from_name.month, from_name.day) != (month, day):
            raise refuse(f"the page's date line says month {month} day {day}, but the file name says {from_name}")
        return from_name
    if year is not None:
        return dt.date(year, month, day)
    raise refuse(
        "the date line has no year; pass --date YYYY-MM-DD or name the file by its date (e.g. 2025-03-18.txt)"
    )


def read(path: Path, text: str, date: dt.date | None = None) -> ReadResult:
    """Read a copied listing page into a :class:`ReadResult` holding one :class:`Digest`.

    ``text`` is the file's text (BOM and CR already handled by
    :func:`generator.inputs.source_text.read_text`); ``date`` is the ``--date`` given, if any. The
    year comes from ``date``, else from an ISO date in the file name, else from a year on the
    date line, never from today.

    Raises :class:`InputError` (file, line, what was expected) when the date cannot be
    settled, when a line cannot be told to be a title or an abstract, or when no paper is
    found.
    """
    lines = [normalise_whitespace(raw) for raw in text.split("\n")]
    start = 0
    found_date: dt.date | None = None
    for number, line in enumerate(lines, start=1):
        match = _DATE_LINE.fullmatch(line)
        if match and match["month"].lower() in _MONTHS and 1 <= int(match["day"]) <= 31:
            year = int(match["year"]) if match["year"] else None
            found_date = _resolve_date(path, _MONTHS[match["month"].lower()], int(match["day"]), year, date, number)
            start = number
            break
    if found_date is None:
        if date is None:
            raise InputError(
                [Problem(path, None, "no date line such as 'Mar 18' found; pass --date YYYY-MM-DD")]
            )
        found_date = date

    # Paragraphs: runs of non-blank lines, boilerplate dropped, with their line numbers.
    paragraphs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    votes: list[tuple[int, int]] = []  # (line, count)
    for number, line in enumerate(lines[start:], start=start + 1):
        count = _vote_count(line) if line else None
        if count is not None:
            votes.append((number, count))
        if not line or _is_noise(line):
            if current and not line:
                paragraphs.append(current)
                current = []
            continue
        current.append((number, line))
    if current:
        paragraphs.append(current)

    problems: list[Problem] = []
    papers: list[_Paper] = []
    pending: _Paper | None = None
    for index, paragraph in enumerate(paragraphs):
        # widths[i]: the longest line from position i on (the wrap width of an abstract from i);
        # a line of one word (a long URL) may be longer than the column the text is wrapped at.
        widths = [len(line) if " " in line else 0 for _, line in paragraph]
        for i in range(len(widths) - 2, -1, -1):
            widths[i] = max(widths[i], widths[i + 1])
        abstract_start = 0
        for position, (number, line) in enumerate(paragraph):
            if pending is None:
                if len(line) >= ABSTRACT_MIN_CHARS or len(line) > TITLE_MAX_CHARS:
                    problems.append(
                        Problem(
                            path,
                            number,
                            f"expected a paper title here, found a {len(line)}-character paragraph that reads "
                            "like an abstract; put its title on a line of its own above it (or delete the "
                            "paragraph if it is no paper's abstract)",
                        )
                    )
                    continue
                pending = _Paper(title=line, title_line=number)
                continue
            if not pending.abstract_lines:
                arxiv_id = find_arxiv_id(line) if _ARXIV_LINE.fullmatch(line) else None
                if arxiv_id:
                    pending.arxiv_id = arxiv_id
                    continue
                names = _author_names(line) if len(line) < ABSTRACT_MIN_CHARS else None
                if names and not pending.authors:
                    pending.authors = names
                    continue
                pending.abstract_line = number
                abstract_start = position
            elif _starts_next_paper(
                pending.abstract_lines[-1],
                line,
                paragraph[position + 1][1] if position + 1 < len(paragraph) else None,
                widths[abstract_start],
            ):
                # Read on with this line as the next title, so that each glued title is one problem.
                problems.append(_glued_title(path, number, line, pending))
                papers.append(pending)
                pending = _Paper(title=line, title_line=number)
                continue
            pending.abstract_lines.append(line)
            pending.last_line = number
        if pending is not None and pending.abstract_lines:
            lines_read = pending.abstract_lines
            if (
                len(lines_read) >= 2
                and _reads_as_title(lines_read[-2], lines_read[-1])
                and _reads_as_abstract(paragraphs[index + 1 : index + 3])
            ):
                # The paragraph ends with the next paper's title; the next paragraph is its abstract.
                title = lines_read.pop()
                problems.append(_glued_title(path, pending.last_line, title, pending))
                papers.append(pending)
                pending = _Paper(title=title, title_line=pending.last_line)
                continue
            abstract = " ".join(pending.abstract_lines)
            if len(abstract) < ABSTRACT_MIN_CHARS and not _ends_sentence(abstract):
                problems.append(
                    Problem(
                        path,
                        pending.abstract_line,
                        f"expected the abstract of {pending.title!r} (line {pending.title_line}), found a short "
                        f"line {abstract[:80]!r} that could be a title; remove stray lines or add the missing abstract "
                        "(if the line continues the title, join the two lines)",
                    )
                )
                # Read on as if that line were the next title, so one stray line is one problem.
                pending = _Paper(title=abstract, title_line=pending.abstract_line)
                continue
            papers.append(pending)
            pending = None
    if pending is not None:
        problems.append(
            Problem(
                path,
                pending.title_line,
                f"{pending.title!r} looks like a title but no abstract follows it; "
                "delete it if it is page boilerplate, or add its abstract",
            )
        )
    if problems:
        raise InputError(problems)
    if not papers:
        raise InputError([Problem(path, None, "no papers found: expected title lines each followed by an abstract")])
    _assign_votes(papers, votes)
    digest = Digest(
        date=found_date,
        papers=[
            ListedPaper(
                title=p.title,
                abstract=" ".join(p.abstract_lines),
                authors=p.authors,
                arxiv_id=p.arxiv_id,
                upvotes=p.upvotes,
            )
            for p in papers
        ],
    )
    return ReadResult(digests=[digest], records=len(papers))


def _assign_votes(papers: list[_Paper], votes: list[tuple[int, int]]) -> None:
    """Give each paper the vote count its card shows. A card shows it beside the title, so in
    the copied text it comes before the paper's abstract: between the end of the paper before
    and the start of its abstract. A page whose counts come after each paper instead shows
    it at its edges: a count after the last paper's abstract and none before the first
    paper's; then each count goes to the paper whose abstract it follows. A paper with two
    different counts gets none: never a guess."""
    before_first = any(line < papers[0].abstract_line for line, _ in votes)
    after_last = any(line > papers[-1].last_line for line, _ in votes)
    if after_last and not before_first:  # the last paper ending before the count
        bounds, shift = [paper.last_line for paper in papers], -1
    else:  # the first paper whose abstract starts after the count
        bounds, shift = [paper.abstract_line for paper in papers], 0
    found: dict[int, set[int]] = {}
    for line, count in votes:
        position = bisect_left(bounds, line) + shift
        if 0 <= position < len(papers):  # none for a count after the last paper, or inside the first abstract
            found.setdefault(position, set()).add(count)
    for position, counts in found.items():
        if len(counts) == 1:
            papers[position].upvotes = counts.pop()


def detect(text: str) -> bool:
    """True for any text that is not structured data (the fallback format)."""
    return not text.lstrip().startswith(("{", "[", "<"))
