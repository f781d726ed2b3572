"""Tags: the curated taxonomy (``generator/catalog/taxonomy.yml``) and assigning its tags to papers.

The taxonomy has two levels, areas (Vision, Language, Agents…) and their topics (video
generation, 3D reconstruction…), plus kinds of paper (survey, benchmark, dataset, position).

A topic or kind is found in a paper by its phrases. Phrases match as whole words,
case-insensitively, with hyphens read as spaces ("fine-tuning" = "fine tuning") and an
optional final "s"; where phrases overlap the longest one wins, among the phrases that count
in that part of the paper (an abstract phrase never hides a title phrase). Each topic gets a score:

* a phrase (or title phrase) in the **title** counts :data:`TITLE_WEIGHT` and assigns the topic;
* a phrase (or title phrase) in one of the source's **keywords** (Hugging Face's
  ``ai_keywords``) counts :data:`KEYWORD_WEIGHT`;
* a phrase (or abstract phrase) in the **abstract** counts 1.

Some words mean different things in different fields ("TTS" is text-to-speech and
test-time scaling; "memory" and "personalization" are an agent's and a GPU's or a diffusion
model's). A topic's ``ambiguous_phrases`` count as its phrases do, but only in a paper that
also holds one of the topic's ``context`` phrases (title, keywords or abstract; "speech",
"voice" for text-to-speech); a topic with ``context`` has its ``abstract_phrases`` counted
so too. Its unambiguous phrases count everywhere.

A topic without a title match is assigned when keywords and abstract together reach its
``abstract_hits`` (2 unless the taxonomy says otherwise: one mention is often in passing).
A paper then gets at most :data:`MAX_TAGS` tags: its manual tags, its best-scoring topics
(at most :data:`MAX_TOPICS`, each scoring at least :data:`MIN_SHARE_OF_BEST` of the best; a
``broad`` topic, unless its title names it, only where no other topic of its area is found, a ``fallback`` topic only
where no other topic is),
the best kind, then the areas those topics belong to and the area of its primary arXiv
category (``categories:`` of an area in the taxonomy). The most specific come first:
topics, then the kind, then areas.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.core.model import Tag
from generator.core.problems import InputError, Problem

TAXONOMY_PATH = Path(__file__).with_name("taxonomy.yml")
ABSTRACT_MIN_HITS = 2
"""Phrase matches in the abstract alone that assign a topic, unless the topic sets its own
``abstract_hits`` (one mention is often in passing)."""
TITLE_WEIGHT = 4
"""Score of one phrase in the title (it assigns the topic by itself)."""
KEYWORD_WEIGHT = 2
"""Score of one phrase in a source keyword (Hugging Face ``ai_keywords``)."""
MAX_TAGS = 5
"""Tags a paper gets at most (manual tags included), areas included."""
MAX_TOPICS = 3
"""Topics a paper gets at most from its text."""
RESERVED_SLUGS = ("index", "by-count", "trends")
"""Names of the pages beside the tag pages in ``tags/``: no tag may take them."""
MIN_SHARE_OF_BEST = 0.3
"""A topic after the first needs at least this share of the best topic's score."""


_HYPHENS = re.compile(r"[-\u2010\u2011\u2012\u2013]+")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
"""A token: a run of word characters, or one other non-space character (``c++`` is three)."""


def fold(text: str) -> str:
    """Text as phrases are matched: casefolded, hyphens as spaces, whitespace folded."""
    return _SPACES.sub(" ", _HYPHENS.sub(" ", text.casefold()))


def _variants(phrase: str) -> list[str]:
    """A folded phrase and its plural (a final ``s``) where it ends in a letter other than s."""
    folded = fold(phrase).strip()
    if folded[-1:].isalpha() and not folded.endswith("s"):
        return [folded, folded + "s"]
    return [folded]


TITLE, ANYWHERE, ABSTRACT, AMBIGUOUS = "title", "anywhere", "abstract", "ambiguous"


class Taxonomy:
    """The tags of the site in display order (each area followed by its topics, then the
    kinds of paper), their aliases, and the matcher built from their phrases.

    ``tags`` is every :class:`~generator.core.model.Tag`; ``by_slug`` maps slug → tag;
    ``aliases`` maps a former slug → its current slug."""

    def __init__(self, tags: list[Tag]):
        self.tags = tags
        self.by_slug = {tag.slug: tag for tag in tags}
        self.aliases = {alias: tag.slug for tag in tags for alias in tag.aliases}
        self._order = {tag.slug: number for number, tag in enumerate(tags)}
        where: dict[str, list[tuple[str, str]]] = {}
        for tag in tags:
            for kind, phrases in ((ANYWHERE, tag.phrases), (TITLE, tag.title_phrases), (ABSTRACT, tag.abstract_phrases),
                                  (AMBIGUOUS, tag.ambiguous_phrases)):
                for phrase in phrases:
                    for variant in _variants(phrase):
                        entry = (tag.slug, kind)
                        if entry not in where.setdefault(variant, []):
                            where[variant].append(entry)
        self._where = where
        self._context = {
            tag.slug: re.compile(
                r"(?<!\w)(?:" + "|".join(sorted({re.escape(v) for c in tag.context for v in _variants(c)}, key=len, reverse=True))
                + r")(?!\w)"
            )
            for tag in tags
            if tag.context
        }
        self._tables: dict[tuple[str, ...], tuple[dict[tuple[str, ...], str], dict[str, list[int]]]] = {}
        self._category_area: dict[str, str] = {}
        for tag in tags:
            for category in tag.categories:
                self._category_area.setdefault(category, tag.slug)

    # --- the structure ---------------------------------------------------------------------

    @property
    def areas(self) -> list[Tag]:
        """The areas, in display order."""
        return [tag for tag in self.tags if tag.level == "area"]

    @property
    def kinds(self) -> list[Tag]:
        """The kinds of paper (survey, benchmark…), in display order."""
        return [tag for tag in self.tags if tag.level == "kind"]

    def topics_of(self, area: str) -> list[Tag]:
        """The topics of the area with slug ``area``, in display order."""
        return [tag for tag in self.tags if tag.level == "topic" and tag.area == area]

    def area_of(self, slug: str) -> str | None:
        """The area slug of a topic (the slug itself for an area; ``None`` for a kind)."""
        tag = self.by_slug[slug]
        return tag.slug if tag.level == "area" else tag.area

    def area_for_category(self, category: str) -> str | None:
        """The area an arXiv category (``cs.CV``) belongs to, if the taxonomy names one."""
        return self._category_area.get(category)

    def resolve(self, name: str) -> str | None:
        """The current slug for ``name`` (a slug, or a former slug kept as an alias), or ``None``."""
        if name in self.by_slug:
            return name
        return self.aliases.get(name)

    def closest(self, name: str) -> str | None:
        """The known tag slug closest to ``name`` (for "did you mean" hints), or ``None``:
        the tag whose label, or one of whose phrases (``rag``, ``vision-language model``), is
        ``name`` as a whole (first in the taxonomy's order), else the slug spelled most alike.
        Former slugs lead to their current slug."""
        phrase = " ".join(_TOKEN.findall(fold(name.replace("-", " ").replace("_", " "))))
        for tag in self.tags:
            if phrase == " ".join(_TOKEN.findall(fold(tag.label))):
                return tag.slug
        named = [slug for slug, _ in self._where.get(phrase, ()) if slug in self.by_slug]
        if named:
            return min(named, key=self._order.__getitem__)
        known = list(self.by_slug) + list(self.aliases)
        found = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.5)
        return self.resolve(found[0]) if found else None

    # --- matching --------------------------------------------------------------------------

    def _table(self, kinds: tuple[str, ...]) -> tuple[dict[tuple[str, ...], str], dict[str, list[int]]]:
        """The phrases that count in ``kinds`` by their tokens, and for each first token the
        phrase lengths (in tokens) that start with it, longest first: a dictionary look-up
        per token of the text. Made once per ``kinds``."""
        table = self._tables.get(kinds)
        if table is None:
            phrases: dict[tuple[str, ...], str] = {}
            lengths: dict[str, set[int]] = {}
            for phrase, entries in self._where.items():
                if any(kind in kinds for _, kind in entries):
                    tokens = tuple(_TOKEN.findall(phrase))
                    phrases[tokens] = phrase
                    lengths.setdefault(tokens[0], set()).add(len(tokens))
            table = self._tables[kinds] = (phrases, {first: sorted(sizes, reverse=True) for first, sizes in lengths.items()})
        return table

    def phrases_in(self, text: str, kinds: tuple[str, ...] = (ANYWHERE, TITLE, ABSTRACT, AMBIGUOUS)) -> list[str]:
        """The phrases of the taxonomy found in ``text``, left to right, as folded phrases.

        Phrases match whole words (no word character may touch either end) on the folded
        text (:func:`fold`); at each place the longest phrase wins and matches do not overlap.
        Only phrases that count in this part of a paper take part (``kinds``: ``"anywhere"``,
        ``"title"``, ``"abstract"``): in a title, the abstract phrase "streaming video" does not
        hide the phrase "video generation" of "Streaming Video Generation"."""
        phrases, lengths = self._table(kinds)
        folded = fold(text)
        tokens = [(m[0], m.start(), m.end()) for m in _TOKEN.finditer(folded)]
        found = []
        position = 0
        while position < len(tokens):
            token, start, _ = tokens[position]
            step = 1
            if (start == 0 or not (folded[start - 1].isalnum() or folded[start - 1] == "_")) and token in lengths:
                for size in lengths[token]:
                    if position + size > len(tokens):
                        continue
                    key = tuple(t for t, _, _ in tokens[position : position + size])
                    phrase = phrases.get(key)
                    if phrase is None:
                        continue
                    end = tokens[position + size - 1][2]
                    after = folded[end : end + 1]
                    if folded[start:end] == phrase and not (after.isalnum() or after == "_"):
                        found.append(phrase)
                        step = size
                        break
            position += step
        return found

    def _hits(self, text: str, kinds: tuple[str, ...], context: _Context) -> Counter[str]:
        hits: Counter[str] = Counter()
        if not text:
            return hits
        for phrase in self.phrases_in(text, kinds):
            for slug, kind in self._where[phrase]:
                if kind in kinds and (not (kind == AMBIGUOUS or (kind == ABSTRACT and slug in self._context)) or context.holds(slug)):
                    hits[slug] += 1
        return hits

    def matches(self, text: str) -> Counter[str]:
        """How many times each tag's phrases (all four lists) occur in ``text``, the ambiguous
        ones where ``text`` holds the tag's context."""
        return self._hits(text, (ANYWHERE, TITLE, ABSTRACT, AMBIGUOUS), _Context(self._context, text))

    def scores(self, title: str, abstract: str, keywords: tuple[str, ...] = ()) -> dict[str, int]:
        """The score of every topic and kind found in a paper (see the module docstring),
        only those that are assigned on their own (a title match, or keywords and abstract
        reaching the tag's ``abstract_hits``)."""
        return self._scores(title, abstract, keywords)[0]

    def _scores(self, title: str, abstract: str, keywords: tuple[str, ...]) -> tuple[dict[str, int], set[str]]:
        context = _Context(self._context, title, *keywords, abstract)
        in_title = self._hits(title, (ANYWHERE, TITLE, AMBIGUOUS), context)
        in_keywords = self._hits(" | ".join(keywords), (ANYWHERE, TITLE, AMBIGUOUS), context)
        in_abstract = self._hits(abstract, (ANYWHERE, ABSTRACT, AMBIGUOUS), context)
        found: dict[str, int] = {}
        for slug in in_title.keys() | in_keywords.keys() | in_abstract.keys():
            support = KEYWORD_WEIGHT * in_keywords[slug] + in_abstract[slug]
            if in_title[slug] or support >= self.by_slug[slug].abstract_hits:
                found[slug] = TITLE_WEIGHT * in_title[slug] + support
        return found, set(in_title)

    def assign(
        self,
        title: str,
        abstract: str,
        manual: tuple[str, ...] = (),
        categories: tuple[str, ...] = (),
        keywords: tuple[str, ...] = (),
    ) -> tuple[str, ...]:
        """The tag slugs for one paper, most specific first (see the module docstring).

        ``manual`` are slugs or aliases from the digest (unknown names are ignored here;
        :mod:`generator.inputs.digest_files` reports them); ``categories`` are arXiv categories,
        primary first; ``keywords`` the source's own keywords."""
        scores, in_title = self._scores(title, abstract, keywords)
        ranked = sorted(scores, key=lambda slug: (-scores[slug], self._order[slug]))
        topics = [s for s in ranked if self.by_slug[s].level == "topic"]
        specific_areas = {self.by_slug[s].area for s in topics if not self.by_slug[s].broad}
        topics = [
            s for s in topics
            if not (self.by_slug[s].broad and s not in in_title and self.by_slug[s].area in specific_areas)
        ]
        if any(not self.by_slug[s].fallback for s in topics):
            topics = [s for s in topics if not self.by_slug[s].fallback]
        kinds = [s for s in ranked if self.by_slug[s].level == "kind"]

        chosen: list[str] = []
        for name in manual:
            slug = self.resolve(name)
            if slug is not None and slug not in chosen:
                chosen.append(slug)
        manual_count = len(chosen)
        areas = [self.area_of(s) for s in chosen if self.by_slug[s].level != "kind"]
        primary_area = self.area_for_category(categories[0]) if categories else None
        if primary_area:
            areas.append(primary_area)
        wanted_kind = kinds[:1] if not any(self.by_slug[s].level == "kind" for s in chosen) else []

        def size(extra_topics: list[str]) -> int:
            needed_areas = (set(areas) | {self.area_of(s) for s in extra_topics}) - {None}
            return len(set(chosen) | set(extra_topics) | set(wanted_kind) | needed_areas)

        picked: list[str] = []
        best = scores[topics[0]] if topics else 0
        for slug in topics:
            if len(picked) == MAX_TOPICS or scores[slug] < MIN_SHARE_OF_BEST * best:
                break
            if slug in chosen or size(picked + [slug]) > MAX_TAGS:
                continue
            picked.append(slug)

        ordered = chosen[:manual_count] + picked
        specific = [s for s in ordered if self.by_slug[s].level == "topic"]
        kinds_chosen = [s for s in ordered if self.by_slug[s].level == "kind"] + wanted_kind
        area_list = [s for s in ordered if self.by_slug[s].level == "area"]
        for slug in specific:
            area = self.area_of(slug)
            if area and area not in area_list:
                area_list.append(area)
        if primary_area and primary_area not in area_list:
            area_list.append(primary_area)
        result = list(dict.fromkeys(specific + kinds_chosen + area_list))
        return tuple(result[:MAX_TAGS])


class _Context:
    """Whether a paper holds a topic's ``context`` phrases (whole words of its folded title,
    keywords and abstract), asked only of a topic an ambiguous phrase was found for, and
    answered once a paper."""

    def __init__(self, patterns: dict[str, re.Pattern[str]], *texts: str):
        self._patterns = patterns
        self._texts = texts
        self._folded: str | None = None
        self._known: dict[str, bool] = {}

    def holds(self, slug: str) -> bool:
        known = self._known.get(slug)
        if known is None:
            if self._folded is None:
                self._folded = " | ".join(fold(text) for text in self._texts)
            known = self._known[slug] = bool(self._patterns[slug].search(self._folded))
        return known


class _Topic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str
    label: str
    description: str
    phrases: list[str] = Field(default_factory=list)
    title_phrases: list[str] = Field(default_factory=list)
    abstract_phrases: list[str] = Field(default_factory=list)
    ambiguous_phrases: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    abstract_hits: int = Field(default=ABSTRACT_MIN_HITS, ge=1)
    broad: bool = False
    fallback: bool = False
    aliases: list[str] = Field(default_factory=list)


class _Area(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str
    label: str
    description: str
    categories: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    topics: list[_Topic]


class _TaxonomyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    areas: list[_Area]
    kinds: list[_Topic] = Field(default_factory=list)


def _tags_of(data: _TaxonomyFile) -> list[Tag]:
    tags: list[Tag] = []
    for area in data.areas:
        tags.append(
            Tag(slug=area.slug, label=area.label, description=area.description, level="area",
                categories=tuple(area.categories), aliases=tuple(area.aliases))
        )
        for topic in area.topics:
            tags.append(Tag(level="topic", area=area.slug, **_topic_fields(topic)))
    for kind in data.kinds:
        tags.append(Tag(level="kind", **_topic_fields(kind)))
    return tags


def _topic_fields(topic: _Topic) -> dict:
    fields = topic.model_dump()
    for name in ("phrases", "title_phrases", "abstract_phrases", "ambiguous_phrases", "context", "aliases"):
        fields[name] = tuple(fields[name])
    return fields


_LOADED: dict[Path, tuple[bytes, Taxonomy]] = {}
"""The taxonomy last read from each path, with the file's bytes it was read from."""


def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    """Read and validate the taxonomy file (``areas:`` with their ``topics:``, and ``kinds:``).

    Raises :class:`InputError` for YAML errors, schema errors, malformed slugs (a slug is
    lowercase ``a-z``, ``0-9`` and ``-``), a slug or alias defined twice or taken by a page
    (:data:`RESERVED_SLUGS`), and empty phrases, each with its line.

    A file whose bytes are those it held when last read here gives the same
    :class:`Taxonomy` object (a pure function of the bytes; the hook asks twice a build:
    the generator, then the search files' worker, about 0.03 s each time at this size).
    """
    data = path.read_bytes()
    found = _LOADED.get(path)
    if found is not None and found[0] == data:
        return found[1]
    taxonomy = _read_taxonomy(path, data.decode("utf-8"))
    _LOADED[path] = (data, taxonomy)
    return taxonomy


def _read_taxonomy(path: Path, text: str) -> Taxonomy:
    """:func:`load_taxonomy` of the text ``text`` of ``path``, read and validated."""
    # PyYAML's safe loader, in C where libyaml is there (the pure-Python one takes ~0.5 s here)
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_class(text)
        try:
            root = loader.get_single_node()
            raw = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError([Problem(path, mark.line + 1 if mark else None, f"invalid taxonomy: {error}")]) from None

    def line_of(*steps: int | str) -> int | None:  # the line of the node a path of keys and indexes leads to
        node = root
        for step in steps:
            if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            elif isinstance(node, yaml.MappingNode):
                node = next((value for key, value in node.value if key.value == step), node)
        return node.start_mark.line + 1 if node is not None else None

    try:
        data = _TaxonomyFile.model_validate(raw)
    except ValidationError as error:
        raise InputError(
            [
                Problem(path, line_of(*item["loc"]), f"invalid taxonomy: {'.'.join(map(str, item['loc']))}: {item['msg']}")
                for item in error.errors()
            ]
        ) from None
    tags = _tags_of(data)
    places: list[tuple[int | str, ...]] = []  # where each tag is in the file, in the order of tags
    for number, area in enumerate(data.areas):
        places.append(("areas", number))
        places.extend(("areas", number, "topics", inner) for inner in range(len(area.topics)))
    places.extend(("kinds", number) for number in range(len(data.kinds)))
    problems = []
    seen: set[str] = set(RESERVED_SLUGS)
    for tag, place in zip(tags, places):
        line = line_of(*place, "slug")
        for name in (tag.slug, *tag.aliases):
            if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name):
                suggestion = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                problems.append(
                    Problem(
                        path,
                        line,
                        f"tag slug {name!r} must be lowercase a-z, 0-9 and '-'"
                        + (f"; e.g. {suggestion!r}" if suggestion else ""),
                    )
                )
            if name in seen:
                problems.append(Problem(path, line, f"tag slug {name!r} is defined twice; rename or merge one of the two"))
            seen.add(name)
        for phrase in (*tag.phrases, *tag.title_phrases, *tag.abstract_phrases, *tag.ambiguous_phrases, *tag.context):
            if not fold(phrase).strip():
                problems.append(Problem(path, line, f"tag {tag.slug!r} has an empty phrase"))
        if tag.ambiguous_phrases and not tag.context:
            problems.append(Problem(path, line, f"tag {tag.slug!r} has ambiguous_phrases but no context: add the phrases "
                                                "of its field (context: [speech, voice]) that a paper must hold for them to count"))
    if problems:
        raise InputError(problems)
    return Taxonomy(tags)
