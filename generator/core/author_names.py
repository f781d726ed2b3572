"""Author names that are not a person's: teams, labs, consortia and companies.

Digests list authors as sources give them, and sources list organisations among people
("Nex-AGI Team", "Global Radiology Consortium", "Mistral AI"). Such a name has no given
names to shorten to initials (listings would say "N.-A. Team") and no surname (BibTeX's
styles would print "Team, N.-A."): it is kept whole wherever names are shortened or parsed.
"""

from __future__ import annotations

ORGANISATION_WORDS = frozenset(
    """team teams lab labs laboratory laboratories group consortium collaboration contributors authors
    inc ltd llc corp corporation company project initiative foundation institute university research
    society association alliance network council committee community center centre organization
    organisation""".split()
)
"""Words that make a name an organisation's, in any case and anywhere in the name
(``Qwen Team``, ``Team Olmo``, ``SIMA team``, ``LG AI Research``, ``Clark Labs Inc``). None is a
given name or surname in the 91,927 distinct author names of the corpora the site imports from
(Hugging Face Daily Papers 2024-05 → 2026-08, arXiv listings 2026-04 → 2026-07)."""

_AI = frozenset({"AI", "ai"})
"""``AI`` written in capitals or in lower case (``Mistral AI``, ``Sand. ai``); ``Ai`` is a
surname (``Qingyao Ai``, 30 authors in those corpora)."""


def is_organisation(name: str) -> bool:
    """``True`` when the author name ``name`` (str) is an organisation's: one of its
    whitespace-separated words, without a final ``.`` or ``,``, is one of
    :data:`ORGANISATION_WORDS` (any case) or ``AI``/``ai``. ``"Nex-AGI Team"`` → ``True``;
    ``"Qingyao Ai"``, ``"Xianming Li"`` → ``False``."""
    for word in name.split():
        word = word.rstrip(".,")
        if word in _AI or word.casefold() in ORGANISATION_WORDS:
            return True
    return False
