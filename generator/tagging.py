"""Tags: the curated taxonomy (``generator/taxonomy.yml``) and assigning its tags to papers.

A tag is assigned to a paper when one of its phrases occurs in the title, when its phrases
occur at least :data:`ABSTRACT_MIN_HITS` times in the abstract, when one of its arXiv
categories is the paper's, or when a digest lists it as a manual tag. Phrases match as whole
words, case-insensitively, and where phrases overlap the longest one wins ("large language
model" is an LLM match, not also a "language model" match).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from collections.abc import Iterable

import yaml
from pydantic import TypeAdapter, ValidationError

from generator.model import Tag
from generator.problems import InputError, Problem

TAXONOMY_PATH = Path(__file__).with_name("taxonomy.yml")
ABSTRACT_MIN_HITS = 2
"""Phrase matches in the abstract alone that assign a tag (one mention is often in passing)."""


def phrase_trie_pattern(phrases: Iterable[str]) -> str:
    """A regular expression (without flags) matching any of ``phrases``, preferring the
    longest where one phrase starts another.

    The phrases are merged into a trie (``ab(?:c(?:d)?|x)`` for ``ab``-less ``abc``,
    ``abcd``, ``abx``), so at each position of the text the engine follows one branch
    instead of trying every phrase in turn: it matches what the plain alternation of the
    phrases, longest first, matches, about ten times faster for the taxonomy's ~300 phrases.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(trie) + ")"


class Taxonomy:
    """The tags of the site, in display order, and the matcher built from their phrases."""

    def __init__(self, tags: list[Tag]):
        self.tags = tags
        self.by_slug = {tag.slug: tag for tag in tags}
        phrase_to_slug: dict[str, str] = {}
        for tag in tags:
            for phrase in tag.phrases:
                phrase_to_slug.setdefault(phrase.casefold(), tag.slug)
        self._phrase_to_slug = phrase_to_slug
        # Whole words: no word character may touch either end of the phrase. Matched against
        # casefolded text (3x faster than re.IGNORECASE on real abstracts, same tags).
        self._pattern = re.compile(
            r"(?<!\w)" + phrase_trie_pattern(phrase_to_slug) + r"(?!\w)"
        ) if phrase_to_slug else None
        self._category_to_slugs: dict[str, list[str]] = {}
        for tag in tags:
            for category in tag.categories:
                self._category_to_slugs.setdefault(category, []).append(tag.slug)

    def matches(self, text: str) -> Counter[str]:
        """How many times each tag's phrases occur in ``text`` (longest phrase first; both
        casefolded, so ``LLM``, ``llm`` and ``Llm`` are one phrase)."""
        if self._pattern is None:
            return Counter()
        return Counter(self._phrase_to_slug[m[0]] for m in self._pattern.finditer(text.casefold()))

    def assign(
        self, title: str, abstract: str, manual: tuple[str, ...] = (), categories: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        """The tag slugs for one paper, in taxonomy order (see the module docstring)."""
        chosen = set(manual)
        chosen.update(self.matches(title))
        chosen.update(slug for slug, hits in self.matches(abstract).items() if hits >= ABSTRACT_MIN_HITS)
        for category in categories:
            chosen.update(self._category_to_slugs.get(category, ()))
        return tuple(tag.slug for tag in self.tags if tag.slug in chosen)

    def closest(self, name: str) -> str | None:
        """The known tag slug closest to ``name`` (for "did you mean" hints), or ``None``."""
        import difflib

        found = difflib.get_close_matches(name.lower(), list(self.by_slug), n=1, cutoff=0.5)
        return found[0] if found else None


def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    """Read and validate the taxonomy file.

    Raises :class:`InputError` for YAML errors, schema errors, and duplicate or malformed
    slugs (a slug is lowercase ``a-z``, ``0-9`` and ``-``), each with its line.
    """
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_class(path.read_text(encoding="utf-8"))
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
        tags = TypeAdapter(list[Tag]).validate_python(raw)
    except ValidationError as error:
        raise InputError(
            [
                Problem(path, line_of(*item["loc"]), f"invalid taxonomy: {'.'.join(map(str, item['loc']))}: {item['msg']}")
                for item in error.errors()
            ]
        ) from None
    problems = []
    seen: set[str] = set()
    for number, tag in enumerate(tags):
        line = line_of(number, "slug")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", tag.slug):
            suggestion = re.sub(r"[^a-z0-9]+", "-", tag.slug.lower()).strip("-")
            problems.append(
                Problem(
                    path,
                    line,
                    f"tag slug {tag.slug!r} must be lowercase a-z, 0-9 and '-'"
                    + (f"; e.g. {suggestion!r}" if suggestion else ""),
                )
            )
        if tag.slug in seen:
            problems.append(Problem(path, line, f"tag slug {tag.slug!r} is defined twice; rename or merge one of the two"))
        seen.add(tag.slug)
    if problems:
        raise InputError(problems)
    return Taxonomy(tags)
