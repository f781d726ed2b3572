"""A Python-Markdown extension (``generator.pages.raw_blocks`` in mkdocs.yml's
``markdown_extensions``) that takes a page's plain raw-HTML blocks out of the text as the
HTML they are, before Python-Markdown's HTML block parser (and MkDocs' scan of raw HTML for
anchor ids) parse them tag by tag.

The generator writes every list of papers (home, day and tag pages), trend chart and most of
a paper page as raw HTML blocks (:mod:`generator.pages.listing`): balanced, every value
escaped. Python-Markdown passes such a block through unchanged, but finds where it ends by
feeding the whole page to an HTML parser (``md_in_html``'s, else the ``html_block``
preprocessor's), and MkDocs feeds the page to another to collect the ids that links may
point at: at 10,000 papers, about two thirds of converting an added day's pages
(bench/README.md). Here a block is recognised by its text instead, and stored in the
Markdown instance's ``htmlStash`` (Python-Markdown's documented way for an extension to keep
raw HTML), leaving the same placeholder at the same place the HTML block parser would; the
page's HTML is byte for byte what it was (tested on every kind of generated page and on
hand-written Markdown).

Only a page whose raw HTML is all such blocks is changed: a block starts at the beginning of
a line with a block-level tag (``Markdown.is_block_level``) and ends at the end of the line
holding its first matching end tag, with no other tag of its name inside; every ``<`` in it
opens a plain start or end tag (double-quoted attributes only, no comment, no ``<!``/``<?``,
no ``script``/``style``) and every character reference ends with ``;``. A page with any other
raw-HTML block at the start of a line, or with a ``markdown`` attribute (``md_in_html``),
is left whole to Python-Markdown.

MkDocs still learns the blocks' anchor ids (a link to ``days/….md#paper-…`` is checked as
before): the ids' start tags, reduced to ``<a id="…">``, are put on one marked line at the
end of the text, which MkDocs' scan (a preprocessor of priority 21) reads, and which
:class:`DropIdsLine` removes before the HTML block parser (priority 20) sees it. Without
MkDocs (``python -m markdown``, another engine that runs Python-Markdown extensions) the
output is the same.
"""

from __future__ import annotations

import functools
import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.util import ETX, STX

STASH_PRIORITY = 22
"""After ``normalize_whitespace`` (30) and fenced code (25), before MkDocs' raw-HTML scan
(21) and Python-Markdown's HTML block parser (20)."""
DROP_PRIORITY = 20.5
"""After MkDocs' raw-HTML scan (21), before the HTML block parser (20)."""

IDS_LINE = f"{STX}raw-blocks-ids{ETX}"
"""Starts the line of anchor ids; ``normalize_whitespace`` strips STX and ETX from the
source, so no line of a page can start with it."""

_LINE_START_TAG = re.compile(r"^( {0,3})<([!?/]?)([a-zA-Z][a-zA-Z0-9-]*)?", re.M)
_ATTRIBUTES = r"""(?:\s++[a-zA-Z_:][-a-zA-Z0-9_:.]*+(?:="[^"<>`]*+")?+)*+\s*+"""
_PLAIN = re.compile(
    r"(?:[^<&]++"
    r"|&(?:#[0-9]++|#[xX][0-9a-fA-F]++|[a-zA-Z][-.a-zA-Z0-9]*+);"
    rf"|</?+(?!(?:script|style)(?![a-zA-Z0-9-]))[a-zA-Z][a-zA-Z0-9-]*+{_ATTRIBUTES}/?>)*+",
    re.I,
)
"""Text, complete character references, and start and end tags whose attributes are all
double-quoted (no ``<``, ``>`` or backtick in a value), nothing else."""
_ANCHOR_TAG = re.compile(rf"<([a-zA-Z][a-zA-Z0-9-]*+)({_ATTRIBUTES})/?>", re.I)
_ATTRIBUTE = re.compile(r"""\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=("[^"]*"))?""")
_ANCHOR_ATTRIBUTE = re.compile(r"\s(?:id|name)=", re.I)
_MARKDOWN_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\smarkdown(?=[\s=>/])", re.I)
_BLANK_LINE = re.compile(r"([ ]*\n){2}")
"""As Python-Markdown's ``htmlparser.blank_line_re``: a raw block followed by a blank line
keeps one newline at its end."""
_NOT_PLAIN = frozenset({"script", "style"})


@functools.cache
def _closing(name: str) -> re.Pattern[str]:
    """Finds the next tag named ``name``: an end tag (group 1 set) or any other (group 1 None)."""
    escaped = re.escape(name)
    return re.compile(rf"</{escaped}\s*>()|</?{escaped}(?![a-zA-Z0-9-])", re.I)


def plain_block_end(text: str, start: int, tag: str, lowered: str | None = None) -> tuple[int, list[str]] | None:
    """Where the plain raw-HTML block opened by ``<tag`` at ``start`` (the start of a line)
    ends: the index just past its end tag, and the start tags in it that carry an anchor id
    (``id``, or ``name`` on ``a``), each as ``<a id="…">``; ``None`` when the block is not
    plain (see the module docstring), so that Python-Markdown must parse it. ``lowered``:
    ``text.lower()`` when it is as long as ``text`` (each character lowered to one), which
    finds the anchor attributes by plain string search instead of a regular expression
    tried at every character (:func:`_anchor_attribute_starts`)."""
    name = tag.lower()
    if name in _NOT_PLAIN:
        return None
    found_close = _closing(name).search(text, start + 1)
    if found_close is None or found_close.group(1) is None:
        return None  # no end tag, or another tag of its name (a nested block) comes first
    end = found_close.end()
    if end != len(text) and text[end] != "\n":
        return None
    if _PLAIN.fullmatch(text, start, end) is None or text[text.index(">", start) - 1] == "/":
        return None
    ids: list[str] = []
    position = start
    for anchor in _anchor_attribute_starts(text, lowered, start, end):
        if anchor < position:
            continue  # in the tag whose ids were just taken
        tag_start = text.rindex("<", start, anchor)
        found = _ANCHOR_TAG.match(text, tag_start)
        if found is None or found.end() <= anchor:
            continue  # ' id=' in the text, not in a tag
        position = found.end()
        found_name = found.group(1).lower()
        for attribute, value in _ATTRIBUTE.findall(found.group(2)):
            attribute = attribute.lower()
            if value and (attribute == "id" or (attribute == "name" and found_name == "a")):
                ids.append(f"<a {attribute}={value}>")
    return end, ids


def _anchor_attribute_starts(text: str, lowered: str | None, start: int, end: int) -> list[int]:
    """Where ``_ANCHOR_ATTRIBUTE`` (whitespace, ``id`` or ``name`` in any case, ``=``) matches
    in ``text[start:end]``, in order: the indices of the whitespace. With ``lowered``
    (``text.lower()``, as long as ``text``) by ``str.find`` of ``id=`` and ``name=``: the
    only characters lowered to ``i``, ``d``, ``n``, ``a``, ``m`` or ``e`` in one character are
    their two ASCII cases, so the same places as the expression's, bar the non-ASCII letters
    it also takes for them under ``re.I`` (``ı``, ``ſ``: never an anchor attribute's name)."""
    if lowered is None:
        return [found.start() for found in _ANCHOR_ATTRIBUTE.finditer(text, start, end)]
    starts: list[int] = []
    for name in ("id=", "name="):
        at = lowered.find(name, start + 1, end)
        while at != -1:
            if lowered[at - 1].isspace():  # as the expression's \s (str.isspace, Unicode)
                starts.append(at - 1)
            at = lowered.find(name, at + 1, end)
    starts.sort()
    return starts


class StashPlainBlocks(Preprocessor):
    """Stores each plain raw-HTML block of a page in ``md.htmlStash`` and leaves the
    placeholder Python-Markdown's HTML block parser would leave; appends the line of anchor
    ids (:data:`IDS_LINE`). Returns the lines unchanged when the page has raw HTML it cannot
    take whole (module docstring)."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "<" not in text or _MARKDOWN_ATTRIBUTE.search(text):
            return lines
        lower = text.lower()
        # None when a character lowers to more than one (İ): the anchors are then found by regex
        lowered = lower if len(lower) == len(text) else None
        blocks: list[tuple[int, int, list[str]]] = []
        position = 0
        while (found := _LINE_START_TAG.search(text, position)) is not None:
            indent, mark, name = found.groups()
            if mark in ("!", "?"):
                return lines  # a comment, declaration or processing instruction starts a raw block
            if mark == "/" or not name or not self.md.is_block_level(name):
                position = found.end()  # an end tag or an inline tag: no raw block starts
                continue
            if indent:
                return lines
            ended = plain_block_end(text, found.start(), name, lowered)
            if ended is None:
                return lines
            blocks.append((found.start(), ended[0], ended[1]))
            position = ended[0]
        if not blocks:
            return lines
        # Blocks one blank line apart (or none) are stored as one: Python-Markdown would
        # put each on its own line, as apart as they are (one newline kept at a block's end
        # when a blank line follows it, and blocks joined by a newline).
        runs: list[tuple[int, int]] = []
        ids: list[str] = []
        for start, end, block_ids in blocks:
            if runs and text[runs[-1][1] : start] in ("\n", "\n\n"):
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
            ids += block_ids
        parts: list[str] = []
        last = 0
        for start, end in runs:
            html = text[start:end] + ("\n" if _BLANK_LINE.match(text, end) else "")
            parts += [text[last:start], "\n", self.md.htmlStash.store(html), "\n\n"]
            last = end
        parts.append(text[last:])
        result = "".join(parts).split("\n")
        if ids:
            result.append(IDS_LINE + "".join(ids))
        return result


class DropIdsLine(Preprocessor):
    """Removes the line of anchor ids :class:`StashPlainBlocks` appended."""

    def run(self, lines: list[str]) -> list[str]:
        if lines and lines[-1].startswith(IDS_LINE):
            return lines[:-1]
        return lines


class RawBlocksExtension(Extension):
    """Registers :class:`StashPlainBlocks` and :class:`DropIdsLine`."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(StashPlainBlocks(md), "raw_blocks", STASH_PRIORITY)
        md.preprocessors.register(DropIdsLine(md), "raw_blocks_ids", DROP_PRIORITY)


def makeExtension(**kwargs) -> RawBlocksExtension:  # noqa: N802 (Python-Markdown's name)
    """The extension, as Python-Markdown loads it by module name."""
    return RawBlocksExtension(**kwargs)
