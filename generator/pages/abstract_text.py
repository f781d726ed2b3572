"""Abstract text: an abstract as arXiv writes it (plain text with bits of TeX) turned into
safe HTML for a paper page, where it stands as a raw HTML block that Markdown leaves alone
(Python-Markdown passes block-level HTML through; converting the same text as escaped
Markdown took about a quarter of a paper page's Markdown time, bench/README.md).

* TeX math — ``$…$``, ``\\(…\\)``, and ``$$…$$`` / ``\\[…\\]`` (shown inline) — becomes
  ``<span class="arithmatex">\\(…\\)</span>``, what ``pymdownx.arithmatex`` (generic mode;
  mkdocs.yml) makes of ``$…$`` elsewhere; KaTeX, shipped under ``site_src/assets/katex/``,
  renders it in the browser. A ``$`` opens math only when a non-space follows it and closes
  it only after a non-space (arithmatex's "smart dollar" rule), so ``$5 and $10`` stays
  text. A formula KaTeX cannot parse is shown as its raw TeX.
* ``\\emph{…}``/``\\textit{…}`` become ``<em>``, ``\\textbf{…}`` ``<strong>``, other text
  commands (``\\texttt``, ``\\textrm``, ``\\text``, ``\\mbox``, ``\\url``) their text; TeX
  accents (``\\'e``, ``{\\"o}``, ``\\c{c}``…) and letters (``\\ss``, ``\\o``…) become Unicode;
  ``\\%``, ``\\&``, ``\\$``, ``\\_``, ``\\#`` their character; ````…''`` curly quotes.
* All text, the TeX of formulas included, is HTML-escaped (``&``, ``<``, ``>``), so no
  markup gets through; the HTML is what Python-Markdown made of the escaped Markdown before
  (the tests hold the same outputs).

Hard line wraps are already joined by the model (:func:`generator.core.model.normalise_whitespace`).
Rules from the TeX book's accent table and arXiv's abstract guidelines
(https://info.arxiv.org/help/prep.html#abstracts).
"""

from __future__ import annotations

import html
import re
import unicodedata

from markupsafe import Markup

_MATH_OR_ESCAPE = re.compile(
    r"""
    \\(?P<char>[$%&\#_{}])                                  # \$ \% \& \# \_ \{ \}: the character
    | \$\$(?P<display_dollar>.+?)\$\$                       # $$…$$
    | \\\[(?P<display_bracket>.+?)\\\]                      # \[…\]
    | \\\((?P<bracket>.+?)\\\)                              # \(…\)
    | (?<![\\$])\$(?P<dollar>(?!\s)(?:\\.|[^\\$])+?(?<!\s))\$   # $…$, smart-dollar rule
    """,
    re.VERBOSE,
)
_FORMATTING = re.compile(r"\\(?P<command>emph|textit|textsl|textbf|texttt|textrm|textsf|textsc|textup|textnormal|text|mbox|url)\s*\{(?P<body>[^{}]*)\}")
_EMPHASIS = {"emph": "em", "textit": "em", "textsl": "em", "textbf": "strong"}

_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323",
    "b": "\u0331",
}
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}
# \'e  \'{e}  {\'e}  \"{\i}  \c{c}  \c c  (letter accents need a brace or a space)
_ACCENTED = re.compile(
    r"""
    (?P<open>\{)?
    \\(?:(?P<symbol>['`^"~=.])|(?P<letter>[uvHckrdb])(?=[\s{]))
    \s*
    (?:\{\s*(?P<braced>\\[ij]|[A-Za-z])\s*\}|(?P<bare>\\[ij](?![A-Za-z])|[A-Za-z]))
    (?(open)\})
    """,
    re.VERBOSE,
)
# \ss  {\o}  \aa{}  ("\ss e" is "ße": the space ending a bare command is TeX's, not a word break)
_LETTER_COMMAND = re.compile(r"(?P<open>\{)?\\(?P<name>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?(open)\}|(?:\{\}| )?)")


# Text macros common in abstracts: \eg, \ie, \etal (author macros many papers define),
# {\deg}, \ldots, thin and control spaces.
_TEXT_MACROS = {
    "eg": "e.g.", "ie": "i.e.", "etal": "et al.", "deg": "°", "textdegree": "°", "ldots": "…", "dots": "…",
    "textasciitilde": "~", "textendash": "–", "textemdash": "—",
}
_TEXT_MACRO = re.compile(
    r"(?P<open>\{)?\\(?P<name>" + "|".join(sorted(_TEXT_MACROS, key=len, reverse=True)) + r")(?![A-Za-z])(?(open)\}|(?:\{\})?)"
)
_TEX_SPACES = {"\\,": "\u202f", "\\ ": " ", "\\;": " ", "\\:": " "}


def _accent(match: re.Match[str]) -> str:
    mark = _ACCENTS[match["symbol"] or match["letter"]]
    base = match["braced"] or match["bare"]
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + mark)


def _letter(match: re.Match[str]) -> str:
    return _LETTERS[match["name"]]


def tex_to_text(text: str) -> str:
    """TeX accents and letters in ``text`` as Unicode (``Schr\\"odinger`` → ``Schrödinger``,
    ``\\c{c}`` → ``ç``, ``\\ss`` → ``ß``), a few text macros (``\\eg`` → ``e.g.``, ``{\\deg}`` →
    ``°``, ``\\ldots`` → ``…``), TeX spaces (``\\,``) and TeX quotes as Unicode; other text unchanged."""
    text = _ACCENTED.sub(_accent, text)
    text = _LETTER_COMMAND.sub(_letter, text)
    text = _TEXT_MACRO.sub(lambda m: _TEXT_MACROS[m["name"]], text)
    for command, space in _TEX_SPACES.items():
        text = text.replace(command, space)
    return text.replace("``", "\u201c").replace("''", "\u201d")


def _escape(text: str) -> str:
    """``text`` as HTML text: ``&``, ``<`` and ``>`` escaped (quotes need not be, outside
    attributes; Python-Markdown leaves them too)."""
    return html.escape(text, quote=False)


def _text_html(text: str) -> str:
    """HTML for a stretch of abstract outside math: formatting commands applied, the rest
    escaped."""
    parts: list[str] = []
    position = 0
    for match in _FORMATTING.finditer(text):
        parts.append(_escape(tex_to_text(text[position : match.start()])))
        body = tex_to_text(match["body"])
        kind = _EMPHASIS.get(match["command"])
        stripped = body.strip()
        if kind and stripped:
            lead = " " if body[:1].isspace() else ""
            trail = " " if body[-1:].isspace() else ""
            parts.append(f"{lead}<{kind}>{_escape(stripped)}</{kind}>{trail}")
        else:
            parts.append(_escape(body))
        position = match.end()
    parts.append(_escape(tex_to_text(text[position:])))
    return "".join(parts)


def _math_html(tex: str) -> str | None:
    """The arithmatex span for one formula, or ``None`` when it cannot be delimited safely
    (an unescaped ``$`` or a backtick inside, which arithmatex's dollar syntax would not
    take either); the caller then shows it as text."""
    tex = tex.strip()
    if not tex or "`" in tex or re.search(r"(?<!\\)\$", tex):
        return None
    return f'<span class="arithmatex">\\({_escape(tex)}\\)</span>'


def abstract_html(abstract: str) -> Markup:
    """The HTML of ``abstract`` (one line, as the model stores it) for the paragraph of a
    paper page: math for KaTeX, TeX text commands and accents as text, everything else
    escaped (see the module docstring). Never raises on odd TeX: unmatched delimiters stay
    text."""
    parts: list[str] = []
    position = 0
    for match in _MATH_OR_ESCAPE.finditer(abstract):
        parts.append(_text_html(abstract[position : match.start()]))
        position = match.end()
        if match["char"]:
            parts.append(_escape(match["char"]))
            continue
        tex = next(match[name] for name in ("display_dollar", "display_bracket", "bracket", "dollar") if match[name])
        math = _math_html(tex)
        parts.append(math if math is not None else _escape(match[0]))
    parts.append(_text_html(abstract[position:]))
    return Markup("".join(parts))


_CODE_URL = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com)/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^\s)\]}>\"',;]*)?")


def code_url_in_abstract(abstract: str) -> str | None:
    """The first GitHub or GitLab repository URL in ``abstract`` (``https://github.com/owner/
    repo…``), without the sentence punctuation that often follows it, or ``None``."""
    match = _CODE_URL.search(abstract)
    if not match:
        return None
    return match[0].rstrip(".:;!?")
