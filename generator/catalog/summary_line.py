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

A summary line stands alone, under a title, without the sentences before it. A contribution
sentence that leans on the one before ("To address this, we propose …", "However, we show …":
:data:`_LEANING_OPENER`) loses that opening clause when the rest begins with the authors
("We propose …"); one whose rest does not ("However, by comparing …, we find that this …")
gives way to the next contribution sentence that stands alone, and is the line only when
none does. Of the 28,960 distinct abstracts in the corpora the site imports from, 7,959
summary lines opened so (27 %); 17 do now (8,267 lines cut, 6 another sentence).

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
_SENTENCE_END = re.compile(r"[.?!][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|(?<=[a-z)\]])[.?!](?=[A-Z][a-z])")
"""Where a sentence may end: ``.``, ``?`` or ``!`` (and closing quotes or brackets) before a
space and a capital or digit; or, glued without the space, between a lowercase letter or
closing bracket and a capitalised word (``alone.We``, ``(LLM).Our``, ``GPT-4o.Our``)."""


def sentences(text: str) -> list[str]:
    """``text`` (one line) split into sentences: at ``.``, ``?`` or ``!`` followed by a space
    and a capital letter or digit, except after an abbreviation (:data:`_ABBREVIATIONS`),
    an initial (``J. Smith``) or a one-digit list number after ``:``, ``;``, ``,``, "and" or "or"
    (``strategies: 1. Domain tuning and 2. Routing``).

    Abstracts copied with their line breaks lost glue sentences together ("… alone.We
    propose …"): a stop between a lowercase letter or a closing bracket and a capitalised
    word ends a sentence too, except after an abbreviation (``e.g.Goal``, ``Dr.Kernel``) or
    inside a web address (``www.ScheMatiQ``, ``github.com/x.Y``). Not after a digit or a
    capital, where it is a version or a name (``FLUX-1.Dev``, ``Qwen2.5``, ``U.S.``), nor
    before a word in capitals (``Character.AI``, ``cs.CL``). Of the corpora's 28,959 distinct
    abstracts 283 hold such a stop and 277 split differently now; 97 summary lines taken from
    an abstract held two sentences glued so, none do now (109 lines changed)."""
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
        if match.end() < len(text) and not text[match.end()].isspace() and _IN_ADDRESS.search(text, 0, match.start()):
            continue
        found.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        found.append(rest)
    return found


_IN_ADDRESS = re.compile(r"(?:/|@|\bwww\.?|://)\S*$")
"""A web or mail address running up to a glued stop (``www.ScheMatiQ``, ``https://x.org/a.B``)."""


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


_POINTING_BACK = r"\b(?:this|these|those|such|them|their)\b(?!\s+(?:paper|work|study|article|report|letter|thesis|note)\b)"
"""Words pointing back anywhere in an opening clause: "this gap", "these findings", "such a gap"
("this paper" points at itself)."""
_CLAUSE_START = (
    r"(?:To|Building|Based|Motivated|Inspired|Guided|Grounded|Drawing|Informed|Driven|Given|With|Unlike|Despite|For|"
    r"Following|Leveraging|Using|Through|By|In light of|In response to|In contrast to|Towards?|Beyond|Recogni[sz]ing|"
    r"Observing|Noting|Addressing|Tackling)\b"
)
_CLAUSE_END = r"(?:\s*,|(?=\s+we\b))"
_LEANING_OPENER = re.compile(
    r"^(?:(?:However|Therefore|Thus|Hence|Consequently|Accordingly|Nevertheless|Nonetheless|Moreover|Furthermore|"
    r"Additionally|In addition|Further|Also|Instead|Meanwhile|As a result|Specifically|In particular|Finally|Then|Next|"
    r"First|Firstly|Second|Secondly|Third|Thirdly|Lastly|Subsequently|Similarly|Likewise|Conversely|In contrast|"
    rf"By contrast|On the other hand|In turn|To this end|To that end|To do so|To do this|In response|As such){_CLAUSE_END}"
    rf"|{_CLAUSE_START}[^,;:]{{0,100}}?{_POINTING_BACK}[^,;:]{{0,100}}?{_CLAUSE_END}"
    rf"|{_CLAUSE_START}(?:\s+[\w-]+){{0,2}}?\s+(?:it|that)(?:\s+[\w-]+)?{_CLAUSE_END})\s+"
)
"""An opening clause that leans on the sentence before: a connective ("However,",
"Therefore,", "To this end,", "Finally,"), a clause that points back ("To address this gap,",
"Motivated by these findings,", "Unlike them,"), or a short one ending in "it" or "that"
("To address it,", "Based on that,", "To close that gap,"; "that" in a longer clause begins
a clause of its own: "Drawing on the insight that querying a document …, we")."""
_AUTHORS_CLAUSE = re.compile(rf",\s+(?={_SUBJECT})", re.IGNORECASE)
"""Where the authors' clause of a sentence begins after an opening clause ("…, we propose")."""
_AUTHORS_FIRST = re.compile(
    rf"(?:(?:in (?:this|the present|our) (?:paper|work|study|article)|here|to [^,;:]{{1,120}}?)\s*,?\s+)?{_SUBJECT}",
    re.IGNORECASE,
)
"""The rest of a sentence that begins with the authors: "we propose", "in this work, we …",
"here we …", "to make X possible, we …"."""


def standing_alone(sentence: str) -> str | None:
    """``sentence`` as a line that reads without the sentence before it: as it is when it
    does not open with :data:`_LEANING_OPENER`; without such clauses, capitalised, when the
    rest begins with the authors (``"To address this, we propose X."`` → ``"We propose
    X."``; ``"Furthermore, to make X possible, we build Y."`` → ``"To make X possible, we
    build Y."``), or from the authors' clause after the opening ones (``"To this end, for the
    first time, we propose X."`` → ``"We propose X."``); else ``None`` (``"However, SAM is
    tailored for RGB images."``)."""
    while opener := _LEANING_OPENER.match(sentence):
        rest = sentence[opener.end() :]
        if not _AUTHORS_FIRST.match(rest):
            authors = _AUTHORS_CLAUSE.search(sentence)
            if authors is None:
                return None
            rest = sentence[authors.end() :]
        sentence = rest[:1].upper() + rest[1:]
    return sentence


def contribution_sentence(abstract: str) -> str | None:
    """The first sentence of ``abstract`` that announces the contribution (see the module
    docstring), else the first that says what else the authors did or found, else ``None``;
    as it reads alone (:func:`standing_alone`), preferring a sentence that does."""
    found = _contribution(sentences(abstract))
    return found[1] if found else None


def _contribution(split: list[str]) -> tuple[str, str] | None:
    """:func:`contribution_sentence` of an abstract split into ``sentences``: the sentence
    and its line. The first contribution (else other) sentence that stands alone, or cut to
    stand alone; when none does, the first such sentence as it is."""
    leaning = None
    for pattern in (_CONTRIBUTION, _OTHER):
        for sentence in split:
            if pattern.search(sentence):
                line = standing_alone(sentence)
                if line is not None:
                    return sentence, line
                leaning = leaning or (sentence, sentence)
    return leaning


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
    found = _contribution(split)
    if found:
        sentence, line = found
        return SummaryLine(shorten(_SECTION_LABEL.sub("", line, count=1)), "contribution", opens_abstract=sentence == split[0])
    return SummaryLine(first, "first_sentence", opens_abstract=True)
