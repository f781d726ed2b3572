"""The typed model every reader returns and every writer consumes.

* :class:`ListedPaper` — one paper as one digest lists it (title, abstract, optional
  metadata). This is also the schema of a paper in a digest file.
* :class:`Digest` — one day's list of papers: the schema of ``digests/YYYY-MM-DD.yml``.
* :class:`Paper` — one paper of the site, merged across every day that listed it, with
  its slug and tags. Built by :mod:`generator.catalog.catalog`.
* :class:`Tag` — one entry of the curated taxonomy (:mod:`generator.catalog.tagging`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StrictInt,
    StrictStr,
    Strict,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from generator.core.arxiv_id import is_arxiv_category, parse_arxiv_id

# Characters that carry no text: zero-width space, word joiner, BOM, soft hyphen, and the
# bidirectional embeddings/overrides/isolates (which can make text display in another order
# than it reads).
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    None,
)

_STRAY_JOINERS = re.compile(r"(?<!\S)[\u200c\u200d]+|[\u200c\u200d]+(?!\S)|(?<=[\u200c\u200d])[\u200c\u200d]+")
"""Zero-width non-joiners and joiners (U+200C, U+200D) that shape nothing: at the start or
end of a word, or after another one. Inside a word they are kept, because they are spelling:
Persian writes ``می‌خواهم`` with a non-joiner, Indic scripts choose a conjunct's form with
them, and emoji sequences (👩‍💻) are joined by U+200D (Unicode Standard, section 23.2)."""

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
"""The control characters (Unicode category Cc: U+0000–U+001F and U+007F–U+009F)."""


def normalise_whitespace(text: str) -> str:
    """Return ``text`` as one line: NFC-normalised, invisible characters (zero-width space,
    word joiner, BOM, soft hyphen, bidi controls), control characters and joiners that join
    nothing (:data:`_STRAY_JOINERS`) removed, every run of whitespace (including
    non-breaking spaces, tabs and hard line wraps) folded to one space, and the ends
    stripped."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    if "\u200c" in text or "\u200d" in text:
        text = _STRAY_JOINERS.sub("", text)
    words = text.split()
    line = " ".join(words)
    if _CONTROL.search(line):  # a C-level scan: this runs for every title and abstract
        words = ["".join(c for c in word if unicodedata.category(c) != "Cc") for word in words]
        line = " ".join(word for word in words if word)
    return line


TITLE_MAX_CHARS = 1_000
"""The longest title accepted (characters); arXiv's longest are a few hundred."""
ABSTRACT_MAX_CHARS = 20_000
"""The longest abstract accepted (characters); arXiv caps abstracts at 1,920."""
AI_SUMMARY_MAX_CHARS = 2_000
"""The longest ``ai_summary`` accepted (characters); Hugging Face's are one sentence, under 500."""
NAME_MAX_CHARS = 300
"""The longest organization or source name accepted (characters)."""


AUTHOR_MAX_CHARS = 300
"""The longest author name accepted (characters); collaboration names stay far below it."""
AUTHORS_MAX = 6_000
"""The most authors one paper may list; arXiv's longest author lists hold a little over 5,000."""
URL_MAX_CHARS = 2_000
"""The longest link or ``source`` URL accepted (characters), as sitemaps and common browsers take."""
ARXIV_ID_MAX_CHARS = 100
"""The longest ``arxiv_id`` value accepted (characters), ``https://arxiv.org/abs/`` prefix included."""
CATEGORIES_MAX = 20
"""The most arXiv categories one paper may list (arXiv's cross-lists are a handful)."""
CATEGORY_MAX_CHARS = 40
"""The longest arXiv category accepted (characters; ``physics.comp-ph`` has 15)."""
TAGS_MAX = 30
"""The most manual tags one paper may list."""
TAG_MAX_CHARS = 60
"""The longest manual tag accepted (characters; tags are slugs of generator/catalog/taxonomy.yml)."""
KEYWORDS_MAX = 100
"""The most keywords one paper may carry."""
KEYWORD_MAX_CHARS = 100
"""The longest keyword accepted (characters)."""
UPVOTES_MAX = 1_000_000_000
"""The largest upvote (and GitHub star) count accepted."""
PAPERS_MAX = 5_000
"""The most papers one digest may list; arXiv announces a few hundred to a few thousand a day."""


def _no_surrogates(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(
            f"holds {text[error.start]!r} at character {error.start:,}, half of a UTF-16 surrogate pair, which is "
            "no character; write the whole character (e.g. 🚀, in YAML \\U0001F680, in JSON the pair \\ud83d\\ude80)"
        ) from None
    return text


def _one_line(text: str) -> str:
    text = normalise_whitespace(_no_surrogates(text))
    if not text:
        raise ValueError("must not be empty")
    return text


def _limit(max_chars: int):
    def check(text: str) -> str:
        if len(text) > max_chars:
            raise ValueError(f"is {len(text):,} characters long; at most {max_chars:,} are accepted")
        return text

    return AfterValidator(check)


def _at_most(max_items: int, what: str):
    """A check, before the items are validated one by one, that a list holds at most ``max_items``."""

    def check(items: Any) -> Any:
        if isinstance(items, list) and len(items) > max_items:
            raise ValueError(f"lists {len(items):,} {what}; at most {max_items:,} are accepted")
        return items

    return BeforeValidator(check)


OneLine = Annotated[StrictStr, AfterValidator(_one_line)]
"""A non-empty string, whitespace-normalised to one line."""
Title = Annotated[OneLine, _limit(TITLE_MAX_CHARS)]
"""A paper title: one line, at most :data:`TITLE_MAX_CHARS` characters."""
Abstract = Annotated[OneLine, _limit(ABSTRACT_MAX_CHARS)]
"""An abstract: one line (hard wraps joined), at most :data:`ABSTRACT_MAX_CHARS` characters."""
AiSummary = Annotated[OneLine, _limit(AI_SUMMARY_MAX_CHARS)]
"""A one-line machine summary (Hugging Face's ``ai_summary``), at most :data:`AI_SUMMARY_MAX_CHARS` characters."""
Name = Annotated[OneLine, _limit(NAME_MAX_CHARS)]
"""A short name (an organization, a source): one line, at most :data:`NAME_MAX_CHARS` characters."""
Author = Annotated[OneLine, _limit(AUTHOR_MAX_CHARS)]
"""An author's name: one line, at most :data:`AUTHOR_MAX_CHARS` characters."""
Keyword = Annotated[OneLine, _limit(KEYWORD_MAX_CHARS)]
"""A keyword: one line, at most :data:`KEYWORD_MAX_CHARS` characters."""


_HTTP_URL = TypeAdapter(HttpUrl)


def _check_url(value: str) -> str:
    try:
        return str(_HTTP_URL.validate_python(value.strip()))
    except ValidationError:
        raise ValueError(f"{value!r} is not an absolute http(s) URL (e.g. https://arxiv.org/abs/2403.12345)") from None


Url = Annotated[StrictStr, _limit(URL_MAX_CHARS), AfterValidator(_check_url)]
"""An absolute ``http(s)://`` URL, checked by pydantic's ``HttpUrl`` and kept as a string;
at most :data:`URL_MAX_CHARS` characters."""


def _check_category(value: str) -> str:
    if not is_arxiv_category(value):
        raise ValueError(f"{value!r} is not an arXiv category; write it as arXiv does, e.g. cs.CL or hep-th")
    return value


ArxivCategory = Annotated[StrictStr, _limit(CATEGORY_MAX_CHARS), AfterValidator(_check_category)]
"""An arXiv category such as ``cs.CL``, ``hep-th`` or ``physics.comp-ph``."""


class Links(BaseModel):
    """Links about a paper, each an absolute http(s) URL; all optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    arxiv: Url | None = None
    pdf: Url | None = None
    huggingface: Url | None = None
    code: Url | None = None
    project: Url | None = None


class ListedPaper(BaseModel):
    """A paper as one digest lists it.

    ``title`` and ``abstract`` are required; everything else is optional. ``arxiv_id`` is
    stored versionless (see :func:`generator.core.arxiv_id.parse_arxiv_id`); ``tags`` are
    manual tags, which must name tags of the taxonomy; ``keywords`` are the source's own
    keywords for the paper (Hugging Face's ``ai_keywords``), a signal for tagging. What the
    sources add when they have it: ``published`` (the day arXiv published the first
    version), ``upvotes`` (on Hugging Face Daily Papers), ``ai_summary`` (Hugging Face's one-sentence machine summary),
    ``github_stars`` (of the code repository in ``links.code``) and ``organization`` (the
    name Hugging Face shows for the authors' organization).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Title
    abstract: Abstract
    arxiv_id: Annotated[StrictStr, _limit(ARXIV_ID_MAX_CHARS)] | None = None
    authors: Annotated[list[Author], Strict(), _at_most(AUTHORS_MAX, "authors")] = Field(default_factory=list)
    links: Links = Field(default_factory=Links)
    categories: Annotated[list[ArxivCategory], Strict(), _at_most(CATEGORIES_MAX, "categories")] = Field(
        default_factory=list
    )
    tags: Annotated[list[Annotated[StrictStr, _limit(TAG_MAX_CHARS)]], Strict(), _at_most(TAGS_MAX, "tags")] = Field(
        default_factory=list
    )
    keywords: Annotated[list[Keyword], Strict(), _at_most(KEYWORDS_MAX, "keywords")] = Field(default_factory=list)
    published: dt.date | None = None
    upvotes: StrictInt | None = Field(default=None, ge=0, le=UPVOTES_MAX)
    ai_summary: AiSummary | None = None
    github_stars: StrictInt | None = Field(default=None, ge=0, le=UPVOTES_MAX)
    organization: Name | None = None

    @field_validator("arxiv_id")
    @classmethod
    def _versionless_arxiv_id(cls, value: str | None) -> str | None:
        return None if value is None else parse_arxiv_id(value)


EARLIEST_DIGEST_DATE = dt.date(1991, 8, 14)
"""No digest is older than arXiv (its first papers were listed on 14 August 1991)."""


class Digest(BaseModel):
    """One day's list of papers, the content of ``digests/YYYY-MM-DD.yml``: its ``date``,
    optionally where the list came from (``source``, the URL of the listing, and
    ``source_name``, what readers see, e.g. "Hugging Face Daily Papers"), and its papers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    source: Url | None = None
    source_name: Name | None = None
    papers: Annotated[list[ListedPaper], Strict(), _at_most(PAPERS_MAX, "papers")]

    @property
    def names_source(self) -> bool:
        """Whether the digest says where its list came from (its ``source``, its ``source_name`` or both)."""
        return bool(self.source or self.source_name)

    @field_validator("date")
    @classmethod
    def _not_before_preprints(cls, value: dt.date) -> dt.date:
        if value < EARLIEST_DIGEST_DATE:
            raise ValueError(f"{value} is before {EARLIEST_DIGEST_DATE}; write the day the papers were listed")
        return value


class Tag(BaseModel):
    """A tag of the curated taxonomy (``generator/catalog/taxonomy.yml``, read by
    :func:`generator.catalog.tagging.load_taxonomy`).

    ``slug`` is its URL and its name in digests, ``label`` what readers see, ``level`` one of
    ``"area"`` (a field, such as Vision), ``"topic"`` (inside the area named by ``area``) or
    ``"kind"`` (a kind of paper: survey, benchmark, dataset, position). A topic or kind is
    assigned by its ``phrases`` (title, keywords and abstract), ``title_phrases`` (title and
    keywords only), ``abstract_phrases`` (abstract only) and ``ambiguous_phrases`` (anywhere,
    but only in a paper holding one of its ``context`` phrases, which gate its
    ``abstract_phrases`` too), the abstract needing ``abstract_hits`` occurrences; an area by its topics and by the arXiv ``categories`` of a
    paper's primary category. A ``broad`` topic gives way to a more specific topic of its
    area found in the same paper; a ``fallback`` topic only goes to papers with no other topic.
    ``aliases`` are former slugs still accepted in digests.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str
    label: str
    description: str = ""
    level: Literal["area", "topic", "kind"] = "topic"
    area: str | None = None
    phrases: tuple[str, ...] = ()
    title_phrases: tuple[str, ...] = ()
    abstract_phrases: tuple[str, ...] = ()
    ambiguous_phrases: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    abstract_hits: int = Field(default=2, ge=1)
    broad: bool = False
    fallback: bool = False
    categories: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


class Paper(BaseModel):
    """One paper of the site, merged across all the days that listed it.

    ``key`` is its identity (``arxiv:<id>`` or ``title:<title_key>``); ``listed_on`` holds
    every day that listed it, oldest first; ``tags`` are tag slugs in taxonomy order. The
    other fields are those of :class:`ListedPaper`.
    """

    model_config = ConfigDict(frozen=True)

    key: str
    slug: str
    title: str
    abstract: str
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    links: Links = Links()
    categories: tuple[str, ...] = ()
    published: dt.date | None = None
    upvotes: int | None = None
    keywords: tuple[str, ...] = ()
    ai_summary: str | None = None
    github_stars: int | None = None
    organization: str | None = None
    tags: tuple[str, ...] = ()
    listed_on: tuple[dt.date, ...]

    @property
    def first_listed(self) -> dt.date:
        """The first day a digest listed this paper."""
        return self.listed_on[0]
