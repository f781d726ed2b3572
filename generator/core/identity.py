"""The one rule for "the same paper", used by every reader's de-duplication, ``import``,
``validate`` and the catalog.

Two listings are the same paper when:

1. both carry an arXiv id and the versionless ids agree. The id is taken from whichever
   field carries it (:func:`arxiv_id_of`): ``arxiv_id``, else ``links.arxiv``, ``links.pdf``
   (arxiv.org abs/pdf URLs, any version) or ``links.huggingface``
   (``huggingface.co/papers/<id>``). Different ids are different papers, whatever their
   titles;
2. otherwise (one or both carry no id), their title keys agree (:func:`title_key`); a listing
   without an id is the earliest paper with its title key, and a listing with an id is the
   earliest paper with its title key that has no id yet (which thereby gains that id).

One arXiv id given to two titles whose keys differ is a *conflict*: one of the two is
wrong, and nothing may be merged silently (:func:`conflicting_listings` reports both
places). One title key under two ids is two papers by rule 1 (:func:`shared_titles` finds
them, for ``validate``'s note). arXiv's identifier grammar is in :mod:`generator.core.arxiv_id`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Generic, TypeVar
from collections.abc import Iterable

from generator.core.arxiv_id import ArxivIdError, parse_arxiv_id
from generator.core.process_memos import memo

if TYPE_CHECKING:
    from generator.core.model import ListedPaper

_ASCII_SEPARATORS = re.compile(r"""[\s!"'(),\-./:;?\[\\\]_{}]+""")
"""ASCII characters that only separate words (spaces, dashes, quotes, brackets, sentence
punctuation): left out of title keys. Symbols that name things are kept: ``+ # * & @ % $ =
< > ^ | ~ `` ` ``."""
_SEPARATOR_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf"})
"""Unicode categories left out of title keys: spaces, controls and format characters,
connector and dash punctuation, brackets and quotes. Other punctuation (``Po``) is left out
too except the ASCII symbols :data:`_KEPT_PUNCTUATION`; every symbol (``S*``) is kept."""
_KEPT_PUNCTUATION = frozenset("#%&*@")


@memo
@lru_cache(maxsize=1 << 17)
def title_key(title: str) -> str:
    """The identity of a title, for listings without an arXiv id (``str`` in, ``str`` out):
    casefolded, accents removed (NFKD; ``𝔸`` is ``a``), word separators removed (spaces,
    dashes, quotes, brackets, ``. , : ; ! ?``), symbols kept. So ``"LLaMA-2: Open…"`` and
    ``"Llama 2 open…"`` agree, while ``"Compiling C++ to WebAssembly"`` and ``"Compiling C#
    to WebAssembly"``, or ``"A* Search"`` and ``"A Search"``, do not. A title made of
    separators only (``"..."``) is its own key, casefolded with whitespace folded. Cached
    (a pure function of the title): a paper listed on many days, and every paper under
    ``mkdocs serve``, comes back with the same title."""
    folded = title.casefold()
    if folded.isascii():  # most titles: one C-level pass
        key = _ASCII_SEPARATORS.sub("", folded)
    else:
        folded = unicodedata.normalize("NFKD", folded)
        key = "".join(
            c
            for c in folded
            if not unicodedata.combining(c)
            and not c.isspace()
            and (category := unicodedata.category(c)) not in _SEPARATOR_CATEGORIES
            and (category != "Po" or c in _KEPT_PUNCTUATION)
        ).casefold()  # NFKD can give letters with another case fold (ﬁ, ẞ)
    return key or " ".join(title.casefold().split())


_HUGGING_FACE_PAPER = re.compile(r"https?://(?:www\.)?huggingface\.co/papers/(?P<id>[^/?#]+)/?(?:[?#].*)?", re.IGNORECASE)


def _id_in_url(url: str | None, kind: str) -> str | None:
    if not url:
        return None
    if kind == "huggingface":
        match = _HUGGING_FACE_PAPER.fullmatch(url.strip())
        url = match["id"] if match else None
        if url is None:
            return None
    elif "arxiv.org/" not in url.lower():
        return None
    try:
        return parse_arxiv_id(url.split("?")[0].split("#")[0].rstrip("/"))
    except ArxivIdError:
        return None


ID_FIELDS = ("arxiv_id", "links.arxiv", "links.pdf", "links.huggingface")
"""The fields an arXiv id is taken from, in this order (:func:`arxiv_id_of`)."""


def arxiv_ids_given(paper: ListedPaper) -> dict[str, str]:
    """The versionless arXiv id each field of ``paper`` gives, by field name (of
    :data:`ID_FIELDS`; a link that is no arXiv or Hugging Face paper URL gives none)."""
    found = {"arxiv_id": paper.arxiv_id} if paper.arxiv_id else {}
    for kind in ("arxiv", "pdf", "huggingface"):
        arxiv_id = _id_in_url(getattr(paper.links, kind), kind)
        if arxiv_id:
            found[f"links.{kind}"] = arxiv_id
    return found


def arxiv_id_of(paper: ListedPaper) -> str | None:
    """The versionless arXiv id of ``paper``: from the first of :data:`ID_FIELDS` that gives
    one, else ``None``."""
    if paper.arxiv_id:  # the first of ID_FIELDS: the links need not be parsed
        return paper.arxiv_id
    return next(iter(arxiv_ids_given(paper).values()), None)


@dataclass(frozen=True)
class Identity:
    """What identifies one listing: its versionless ``arxiv_id`` (or ``None``) and the
    :func:`title_key` of its title."""

    arxiv_id: str | None
    title_key: str

    @classmethod
    def of(cls, paper: ListedPaper) -> Identity:
        return cls(arxiv_id_of(paper), title_key(paper.title))

    @property
    def key(self) -> str:
        """A paper's key: ``arxiv:<id>``, or ``title:<title key>`` without an id."""
        return f"arxiv:{self.arxiv_id}" if self.arxiv_id else f"title:{self.title_key}"


T = TypeVar("T")


class PaperIndex(Generic[T]):
    """Papers seen so far, each under a key of the caller's (hashable, compared with ``==``),
    found again by the rule of this module. Deterministic: the earliest added wins ties."""

    def __init__(self) -> None:
        self._by_id: dict[str, tuple[Identity, T]] = {}
        self._by_title: dict[str, list[list]] = {}  # title key -> [[arxiv id or None, value], …] in order added

    def find(self, identity: Identity) -> T | None:
        """The paper ``identity`` is the same paper as, or ``None`` for a new paper."""
        if identity.arxiv_id and identity.arxiv_id in self._by_id:
            return self._by_id[identity.arxiv_id][1]
        for arxiv_id, value in self._by_title.get(identity.title_key, ()):
            if identity.arxiv_id is None or arxiv_id is None:
                return value
        return None

    def conflict(self, identity: Identity) -> T | None:
        """The paper listed earlier under ``identity``'s arXiv id with a title whose key
        differs (one id, two titles), or ``None``."""
        if identity.arxiv_id and identity.arxiv_id in self._by_id:
            first, value = self._by_id[identity.arxiv_id]
            if first.title_key != identity.title_key:
                return value
        return None

    def add(self, identity: Identity, value: T) -> None:
        """Record that ``identity`` lists the paper ``value`` (a new paper, or one that
        :meth:`find` returned: then an id it lacked is recorded for it)."""
        if identity.arxiv_id:
            self._by_id.setdefault(identity.arxiv_id, (identity, value))
        entries = self._by_title.setdefault(identity.title_key, [])
        for entry in entries:
            if entry[1] == value:
                if entry[0] is None:
                    entry[0] = identity.arxiv_id
                return
        entries.append([identity.arxiv_id, value])


P = TypeVar("P")


def conflicting_listings(listings: Iterable[tuple[P, ListedPaper]]) -> list[tuple[P, P, str]]:
    """The conflicts among ``listings`` (each a place of the caller's, such as a file and
    line, and the paper listed there), in the order given: for every listing that gives an
    arXiv id to a title other than the one the first listing of that id has, ``(first place,
    this place, arxiv id)``."""
    first: dict[str, tuple[str, P]] = {}
    found: list[tuple[P, P, str]] = []
    for place, paper in listings:
        identity = Identity.of(paper)
        if identity.arxiv_id is None:
            continue
        earlier = first.setdefault(identity.arxiv_id, (identity.title_key, place))
        if earlier[0] != identity.title_key:
            found.append((earlier[1], place, identity.arxiv_id))
    return found


def shared_titles(listings: Iterable[tuple[P, ListedPaper]]) -> list[tuple[P, P, str, str]]:
    """One title under two arXiv ids among ``listings`` (each a place of the caller's and the
    paper listed there, in the order given), the mirror of :func:`conflicting_listings`: by
    this module's rule two papers, though often one of the ids is wrong. For each listing
    with an id, ``(earlier place, this place, earlier id, this id)`` for every earlier
    listing with an id whose title key is this one's and whose id is not, earliest first."""
    earlier: dict[str, list[tuple[P, str]]] = {}
    found: list[tuple[P, P, str, str]] = []
    for place, paper in listings:
        identity = Identity.of(paper)
        if identity.arxiv_id is None:
            continue
        same_title = earlier.setdefault(identity.title_key, [])
        found.extend((other, place, other_id, identity.arxiv_id) for other, other_id in same_title if other_id != identity.arxiv_id)
        same_title.append((place, identity.arxiv_id))
    return found


def conflict_message(index: int, title: str, arxiv_id: str, other_title: str, other_place: str) -> str:
    """The words for a conflict: ``papers.<index>`` titled ``title`` gives ``arxiv_id``, which
    ``other_place`` (``file:line``) gives to ``other_title``."""
    return (
        f"papers.{index}: arXiv id {arxiv_id} is also given to {other_title!r} ({other_place}), a different title "
        f"than {title!r}; one arXiv id is one paper: correct the id or the title that is wrong"
    )


class SeenPapers:
    """De-duplication of one stream of listings (a reader's records of one day, an
    import's papers), by this module's rule."""

    def __init__(self) -> None:
        self._index: PaperIndex[int] = PaperIndex()
        self.count = 0
        """How many different papers have been seen."""

    def number(self, paper: ListedPaper) -> int:
        """The number of ``paper``'s paper among those seen, in the order first seen (0 for
        the first, then 1, …): a new number when it is no paper seen before. Records it."""
        identity = Identity.of(paper)
        found = self._index.find(identity)
        if found is None:
            found = self.count
            self.count += 1
        self._index.add(identity, found)
        return found

    def again(self, paper: ListedPaper) -> bool:
        """Whether ``paper`` is the same paper as one seen before; records it either way."""
        before = self.count
        self.number(paper)
        return self.count == before


def distinct_papers(papers: Iterable[ListedPaper]) -> int:
    """How many different papers ``papers`` holds, by this module's rule."""
    seen = SeenPapers()
    for paper in papers:
        seen.again(paper)
    return seen.count
