"""The summary line: one sentence under a paper's title saying what the paper does.

In order of preference:

1. Hugging Face's ``ai_summary`` when the paper has one (a machine-written sentence; pages
   label it as such, :attr:`SummaryLine.is_ai`);
2. else the abstract's sentence that states the contribution: the first sentence where the
   authors say "we propose / present / introduce …" or "this work contributes …"
   (:data:`CONTRIBUTION_VERBS`); failing that, the first sentence where they say what else
   they did or found, "we develop / release / show / find / study …" (:data:`OTHER_VERBS`);
3. else the abstract's first sentence.

A structured abstract's section label before the sentence ("Results: We …") is left out.

Abstracts open with background ("Large language models have shown remarkable …") more often
than not, which is why the first sentence comes last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.core.model import Paper

SUMMARY_MAX_CHARS = 300
"""A summary line longer than this (characters) is cut at a word boundary, with ``…``."""

CONTRIBUTION_VERBS = "propose|present|introduce|contribute|put forward|unveil"
"""Verbs by which authors announce their contribution (after "we", or "this paper/work/…")."""
OTHER_VERBS = (
    "develop|design|build|construct|create|release|curate|offer|provide|establish|formulate|"
    "devise|describe|report|show|demonstrate|find|reveal|prove|study|investigate|explore|examine|"
    "analy[sz]e|evaluate|conduct|apply|address|tackle|identify|leverage|systematically"
)
"""Verbs by which authors say what else they made, found or studied: the second choice, taken
in the order of the abstract (a late "we establish a new state of the art" is a result)."""

_SUBJECT = r"(?:\bwe|\b(?:this|the present|our|the)\s+(?:paper|work|article|study|report|letter|thesis|note|survey|review))"
_BETWEEN = r"(?:\s*,?\s+(?:\w+[,]?\s+){0,2}?)"  # "we further propose", "this paper, therefore, presents"


def _pattern(verbs: str) -> re.Pattern[str]:
    return re.compile(rf"{_SUBJECT}{_BETWEEN}(?:{verbs})(?:e?s|d|ed)?\b", re.IGNORECASE)


_CONTRIBUTION = _pattern(CONTRIBUTION_VERBS)
_OTHER = _pattern(OTHER_VERBS)

_ABBREVIATIONS = frozenset(
    "e.g i.e etc al vs cf fig figs eq eqs sec secs ref refs no nos approx resp dr prof mr ms st vol pp ch app tab".split()
)
"""Words after which a period ends no sentence (``e.g.``, ``et al.``, ``Fig.``)."""
_SENTENCE_END = re.compile(r"[.?!][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """``text`` (one line) split into sentences: at ``.``, ``?`` or ``!`` followed by a space
    and a capital letter or digit, except after an abbreviation (:data:`_ABBREVIATIONS`),
    an initial (``J. Smith``) or a one-digit list number after ``:``, ``;``, ``,``, "and" or "or"
    (``strategies: 1. Domain tuning and 2. Routing``)."""
    found: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[match.start()] == ".":
            words = text[start : match.start()].split()
            word = words[-1].lower().lstrip("(") if words else ""
            before = words[-2].lower() if len(words) > 1 else ":"
            list_number = word.isdigit() and len(word) == 1 and (before.endswith((":", ";", ",")) or before in ("and", "or"))
            if word.rstrip(".") in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or list_number:
                continue
        found.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        found.append(rest)
    return found


_SECTION_LABEL = re.compile(
    r"^(?:background|motivation|results?|methods?|purpose|objectives?|aims?|conclusions?|findings|context|"
    r"introduction|summary|availability and implementation)\s*:\s+",
    re.IGNORECASE,
)
"""The section label a structured abstract puts before a sentence (``Results: We …``)."""


def shorten(text: str, max_chars: int = SUMMARY_MAX_CHARS) -> str:
    """``text`` cut at a word boundary to at most ``max_chars`` characters, ending ``…``
    when cut."""
    if len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def contribution_sentence(abstract: str) -> str | None:
    """The first sentence of ``abstract`` that announces the contribution (see the module
    docstring), else the first that says what else the authors did or found, else ``None``."""
    return _contribution(sentences(abstract))


def _contribution(split: list[str]) -> str | None:
    """:func:`contribution_sentence` of an abstract split into ``sentences``."""
    for pattern in (_CONTRIBUTION, _OTHER):
        for sentence in split:
            if pattern.search(sentence):
                return sentence
    return None


@dataclass(frozen=True)
class SummaryLine:
    """A paper's summary line: its ``text`` (at most :data:`SUMMARY_MAX_CHARS` characters)
    and where it comes from, ``source``: ``"ai_summary"`` (Hugging Face's machine summary),
    ``"contribution"`` (the abstract's contribution sentence) or ``"first_sentence"``."""

    text: str
    source: str
    opens_abstract: bool = False
    """Whether ``text`` is the abstract's first sentence (its section label left out, perhaps
    shortened): then a page that shows the abstract says it there already."""

    @property
    def is_ai(self) -> bool:
        """True for Hugging Face's machine-written summary, which pages label as such."""
        return self.source == "ai_summary"


def summary_line(paper: Paper) -> SummaryLine:
    """The summary line of ``paper`` (see the module docstring), with whether it is the
    abstract's opening sentence (:attr:`SummaryLine.opens_abstract`): a contribution sentence
    that comes first, the first sentence, or an ``ai_summary`` that is that sentence word for word."""
    split = sentences(paper.abstract)
    first = shorten(_SECTION_LABEL.sub("", split[0] if split else paper.abstract, count=1))
    if paper.ai_summary:
        text = shorten(paper.ai_summary)
        return SummaryLine(text, "ai_summary", opens_abstract=text == first)
    sentence = _contribution(split)
    if sentence:
        return SummaryLine(shorten(_SECTION_LABEL.sub("", sentence, count=1)), "contribution", opens_abstract=sentence == split[0])
    return SummaryLine(first, "first_sentence", opens_abstract=True)
