"""Digest files: ``digests/YYYY-MM-DD.yml``, one per day, read and written here.

A digest file is YAML with the shape of :class:`generator.core.model.Digest`::

    date: 2025-03-18
    source: https://huggingface.co/papers?date=2025-03-18   # optional
    source_name: Hugging Face Daily Papers                   # optional
    papers:
      - title: 2D Matryoshka Sentence Embeddings
        abstract: Common approaches rely on fixed-length embedding vectors ...
        arxiv_id: '2402.14776'        # optional, versionless
        authors: [Xianming Li, ...]  # optional
        links: {code: https://github.com/...}  # optional: arxiv, pdf, huggingface, code, project
        published: 2024-02-22        # optional; also upvotes, ai_summary, github_stars, organization
        tags: [embeddings]           # optional manual tags, slugs of generator/catalog/taxonomy.yml

Reading validates against that schema and reports every problem with its line number.
Writing uses PyYAML's safe dumper (libyaml's when available), so any text round-trips exactly.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator.core.arxiv_id import ArxivIdError, parse_arxiv_id
from generator.core.model import TAG_MAX_CHARS, Digest, Links, ListedPaper
from generator.core.problems import InputError, Problem, shortened
from generator.inputs.project import digest_paths
from generator.inputs.source_text import read_text
from generator.catalog.tagging import Taxonomy

DIGEST_NAME = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})\.(?i:ya?ml)")
"""Digest files are named by their ISO date: ``2025-03-18.yml`` (``.yaml``, in any case,
also accepted, as :func:`generator.inputs.project.digest_paths` lists them)."""


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, on libyaml when PyYAML has it (about ten times faster; the same
data and line numbers)."""
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""PyYAML's safe dumper, backed by libyaml when available (same text for digests, about ten
times faster)."""


def dump_yaml(data: Any, **options: Any) -> str:
    """``data`` as YAML text (``str``), by PyYAML's safe dumper with ``options`` (those of
    ``yaml.dump``), every character written as itself: libyaml's emitter writes characters
    beyond U+FFFF (emoji, mathematical letters, rare CJK) as ``\\U0001F680`` escapes even
    with ``allow_unicode``, so text where it wrote one is dumped again by PyYAML's own
    emitter, which writes them as UTF-8. Deterministic: the same data gives the same text."""
    options = {"allow_unicode": True, **options}
    text = yaml.dump(data, Dumper=SAFE_DUMPER, **options)
    if "\\U" in text and SAFE_DUMPER is not yaml.SafeDumper:
        text = yaml.dump(data, Dumper=yaml.SafeDumper, **options)
    return text


class AliasError(ValueError):
    """Raised by :func:`parse_yaml` for YAML text that uses an alias (``*name``); ``line`` is
    the alias' 1-based line and ``name`` its anchor's name."""

    def __init__(self, line: int, name: str):
        super().__init__(f"line {line}: alias *{name}")
        self.line, self.name = line, name


def parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse ``text`` once with :data:`SAFE_LOADER`; returns its node tree (for line numbers,
    ``None`` for an empty document) and the data built from it. Raises ``yaml.YAMLError``,
    and :class:`AliasError` for text that uses YAML aliases: a few hundred bytes of nested
    aliases (or ``<<`` merges of them) stand for billions of values, which any walk over the
    data, or PyYAML's own merging, would spend hours on. No digest needs them."""
    loader = SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        if root is not None and _shares_nodes(root):
            alias = next(event for event in yaml.parse(text, Loader=SAFE_LOADER) if isinstance(event, yaml.AliasEvent))
            raise AliasError(alias.start_mark.line + 1, alias.anchor)
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def _shares_nodes(root: yaml.Node) -> bool:
    """Whether a node occurs twice under ``root`` (what an alias makes); visits each node once."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return False


def in_the_future(day: dt.date) -> bool:
    """Whether a digest's ``day`` is later than tomorrow on this machine's clock (a day of
    slack for time zones ahead of it): no digest may list such a day."""
    return day > dt.date.today() + dt.timedelta(days=1)


def digest_files_by_day(digests_dir: Path) -> dict[dt.date, Path]:
    """The digest file of each day in ``digests_dir``, by the ISO date in its name (``.yml``
    or ``.yaml``, any case; the first in name order if a day has two). Empty when the folder
    does not exist."""
    found: dict[dt.date, Path] = {}
    for path in digest_paths(digests_dir) if digests_dir.is_dir() else []:
        day = _day_in_name(path)
        if day is not None:
            found.setdefault(day, path)
    return found


def _day_in_name(path: Path) -> dt.date | None:
    """The day a digest file's name gives (``2025-03-18.yml``), or ``None`` if it gives none."""
    named = DIGEST_NAME.fullmatch(path.name)
    try:
        return dt.date.fromisoformat(named["date"]) if named else None
    except ValueError:  # 2025-02-30
        return None


def _node_at(node: yaml.Node, loc: tuple[Any, ...]) -> yaml.Node:
    """The deepest YAML node along a pydantic error location (for its line number)."""
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == step:
                    node = value
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return node
    return node


def _key_at(root: yaml.Node, loc: tuple[Any, ...]) -> yaml.Node | None:
    """The key node of the field at ``loc`` (a misspelled field is reported on its key's
    line, not on its value's, which for a list starts a line later), or ``None``."""
    parent = _node_at(root, loc[:-1]) if loc else None
    if isinstance(parent, yaml.MappingNode):
        for key, _value in parent.value:
            if key.value == loc[-1]:
                return key
    return None


_FIXES = {
    "date": "write the day as YYYY-MM-DD, e.g. 2025-03-18",
    "arxiv_id": "write it as arXiv shows it, e.g. '2403.12345' or 'hep-th/9901001', or leave arxiv_id out",
    "upvotes": "write a whole number of 0 or more, or leave upvotes out",
}
"""How to fix a wrong value, by field name (the last step of the error location)."""


_SCHEME = re.compile(r"\s*[a-zA-Z][a-zA-Z0-9+.-]*:")
"""A URL scheme (``https:``, ``ftp:``, ``javascript:``): a value without one is offered ``https://``."""


def _misplaced_field(loc: tuple[Any, ...]) -> str | None:
    """Where a field given at the wrong level of a digest belongs (a paper's ``abstract`` at
    the top of the file, a link beside the paper's fields instead of under its ``links:``, the
    digest's ``source`` inside a paper), in words; ``None`` for a name no level has."""
    name, depth = loc[-1], len(loc)
    if depth == 1 and name in ListedPaper.model_fields:
        return f"is a field of a paper, not of the file: indent `{name}:` like the `title` of the paper it belongs to"
    if depth == 3 and name in Links.model_fields:
        return f"is a link: put it under the paper's `links:`, indented by two more spaces (`links:` then `  {name}: https://…`)"
    if depth == 3 and name in Digest.model_fields:
        return f"is a field of the file, not of a paper: move `{name}:` to the top of the file, not indented"
    return None


def _explain(error: Mapping[str, Any]) -> str:
    """One pydantic error in a contributor's words: the field path, what is wrong, and how
    to write it instead (for YAML's usual surprises, quoting; for URLs without a scheme,
    the URL with ``https://``)."""
    loc = error["loc"]
    where = ".".join(shortened(str(step), 40) for step in loc) or "the file"
    message = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    field = next((step for step in reversed(loc) if isinstance(step, str)), "")
    kind = error["type"]
    if kind == "extra_forbidden":
        message = _misplaced_field(loc) or "is not a field of a digest; see CONTRIBUTING.md for the schema"
    elif kind == "missing":
        where_to_add = "to this paper" if any(isinstance(step, int) for step in loc) else "at the top of the file"
        message = f"is required; add the line `{field}: …` {where_to_add}"
    elif value is None and kind.endswith("_type"):  # `null`, `~` or nothing after the colon
        if isinstance(loc[-1], int):
            fix = "write the entry or delete it"
        elif field in ("title", "abstract", "date", "papers"):
            fix = f"write the {field} here"
        else:
            fix = "write the value or delete the line"
        message = f"is empty (YAML reads `null`, `~` and nothing at all as no value); {fix} (the word null itself goes in quotes: 'null')"
    elif kind.startswith("date_") and isinstance(value, dt.datetime):
        message = (
            f"{value.isoformat(sep=' ')} is a date with a time; `{field}:` takes the day alone: "
            f"write {value.date().isoformat()}"
        )
    elif isinstance(value, bool) and kind.startswith("int_"):
        message = (
            f"YAML read {str(value).lower()} (yes/no, on/off and true/false are truth values, not numbers); "
            f"{_FIXES.get(field, 'write a whole number')}"
        )
    elif kind == "string_type" and isinstance(value, (bool, int, float, dt.date)):
        message = f"must be text, but YAML read {shortened(repr(value))}; put it in quotes"
        if field == "arxiv_id" and isinstance(value, float):
            message = _arxiv_id_number_message(value)
    elif kind == "list_type":
        message = f"must be a list, e.g. [{shortened(value)}]" if isinstance(value, str) else "must be a list"
    elif kind == "less_than_equal":
        message = f"{shortened(repr(value))} is more than the {error['ctx']['le']:,} accepted"
    elif kind.startswith(("date_", "int_", "greater_than")) and field in _FIXES:
        message = f"{shortened(repr(value))} is not valid; {_FIXES[field]}"
    elif kind == "value_error" and field == "arxiv_id":
        message = f"{message}; {_FIXES['arxiv_id']}"
    elif kind == "value_error" and "http(s) URL" in message and isinstance(value, str) and value.strip().startswith("//"):
        message = (
            f"{shortened(repr(value))} has no scheme (a link starting with // takes the page's own); "
            f"write it in full: {shortened(repr('https:' + value.strip()))}"
        )
    elif kind == "value_error" and "http(s) URL" in message and isinstance(value, str) and not _SCHEME.match(value):
        message = f"{shortened(repr(value))} is not an absolute http(s) URL; did you mean {shortened(repr('https://' + value.strip()))}?"
    return f"{where}: {message}"


SYMLINK_PROBLEM = (
    "is a symbolic link; a digest is a regular file, never a link, which could lead out of the project "
    "(and import would write there): replace the link by a copy of the file"
)


def read_digest(path: Path, taxonomy: Taxonomy | None = None) -> Digest:
    """Read and validate one digest file; see :func:`read_digest_with_lines`."""
    return read_digest_with_lines(path, taxonomy)[0]


def read_digest_with_lines(path: Path, taxonomy: Taxonomy | None = None) -> tuple[Digest, list[int]]:
    """Read and validate one digest file; returns the digest and the 1-based line where each
    entry of its ``papers`` starts (from the same parse, for messages about papers).

    Raises :class:`InputError` listing every problem :func:`check_digest` finds.
    """
    checked = check_digest(path, taxonomy)
    if checked.problems or checked.digest is None:
        raise InputError(checked.problems)
    return checked.digest, checked.lines


@dataclass
class DigestCheck:
    """What :func:`check_digest` found in one digest file.

    ``digest`` is the :class:`Digest` when the file has no problem, else ``None``; ``day``
    its date, or when that is not readable the day its file name gives (``None`` if
    neither); ``lines`` the 1-based line of each entry of ``papers``; ``papers`` its
    entries as ``(index in papers, line, paper)``, so that later checks (a paper listed
    twice) run on a file with other problems too: every entry when ``digest`` is set, else
    those valid by themselves, and for the others a stand-in made of their ``title`` and
    ``arxiv_id`` alone (all a paper's identity needs) when those two are valid;
    ``problems`` every problem, sorted by line; ``date_line`` the 1-based line of its
    ``date`` key (``None`` when it has none), for messages about its day.
    """

    path: Path
    digest: Digest | None = None
    day: dt.date | None = None
    lines: list[int] = field(default_factory=list)
    papers: list[tuple[int, int, ListedPaper]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    date_line: int | None = None


def _arxiv_id_number_message(value: float) -> str:
    """What to say of an unquoted ``arxiv_id`` that YAML read as the number ``value``: a
    number drops leading and trailing zeros (``0812.1234`` is read ``812.1234``,
    ``2503.01230`` ``2503.0123``), so the id it was is suggested in quotes when putting zeros
    back (the year and month to 4 digits, the number after the dot to 4 or 5) makes one; else
    it is no arXiv id quoted either, and arXiv's grammar
    (:func:`~generator.core.arxiv_id.parse_arxiv_id`) is said too, so that one fix is enough."""
    written = repr(value)
    whole, _, fraction = written.partition(".")
    if whole.isdigit() and fraction.isdigit():
        for width in (4, 5):
            candidate = f"{whole.zfill(4)}.{fraction.ljust(width, '0')}"
            try:
                arxiv_id = parse_arxiv_id(candidate)
            except ArxivIdError:
                continue
            if candidate == written:
                return f"must be text, but YAML read the number {written}; put it in quotes: '{arxiv_id}'"
            return (f"must be text, but YAML read the number {written}; put it in quotes as arXiv writes it, "
                    f"with the zeros a number loses, e.g. '{arxiv_id}'")
    try:
        return f"must be text, but YAML read the number {written}; put it in quotes: '{parse_arxiv_id(written)}'"
    except ArxivIdError as error:
        reason = str(error).split(" is not an arXiv id: ", 1)[-1]
    return (f"must be text, but YAML read the number {written}, which is no arXiv id either: {reason}; "
            f"{_FIXES['arxiv_id']}")


def check_digest(path: Path, taxonomy: Taxonomy | None = None) -> DigestCheck:
    """Check one digest file and report every problem of it at once, each with its line and
    how to fix it: text that is not UTF-8, YAML syntax errors, dates that do not exist
    (``2025-02-30``), schema errors (the line of the value at fault; a misspelled field
    gets the field it resembles, ``did you mean `abstract`?``, and no second message about
    the missing field), a ``date`` in the future, a file name that is not the ISO date of
    ``date``, and, when ``taxonomy`` is given, manual tags it does not know (with the
    closest known tag suggested).

    Only a file that cannot be parsed at all (not UTF-8, a YAML syntax error, not a
    mapping) stops at its first problem. Raises only ``OSError`` (the file cannot be read).
    """
    checked = DigestCheck(path)
    if path.is_symlink():
        checked.problems = [Problem(path, None, SYMLINK_PROBLEM)]
        return checked
    try:
        text = read_text(path)
    except InputError as error:
        checked.problems = error.problems
        return checked
    try:
        root, data, impossible = _parse_digest_yaml(path, text)
    except InputError as error:
        checked.problems = error.problems
        return checked
    if not isinstance(data, dict):
        checked.problems = [
            Problem(path, 1, "not a digest: expected a YAML mapping with 'date' and 'papers' (see CONTRIBUTING.md)")
        ]
        return checked
    problems: list[Problem] = list(_repeated_keys(path, root))
    try:
        checked.digest = Digest.model_validate(data)
    except ValidationError as error:
        problems.extend(_schema_problems(path, root, error.errors(), impossible))
    day = checked.digest.date if checked.digest else data.get("date")
    checked.day = day if isinstance(day, dt.date) and not isinstance(day, dt.datetime) else None
    date_key = next((k for k, _ in root.value if k.value == "date"), None) if isinstance(root, yaml.MappingNode) else None
    checked.date_line = date_key.start_mark.line + 1 if date_key is not None else None
    if checked.day is not None and in_the_future(checked.day):
        problems.append(Problem(path, checked.date_line, f"date {checked.day} is in the future; a digest lists a day that has passed"))
    problems.extend(_file_name_problems(path, checked.date_line, checked.day))
    checked.day = checked.day or _day_in_name(path)
    if taxonomy is not None:
        problems.extend(_tag_problems(path, root, data, taxonomy))
    papers = next((v for k, v in root.value if k.value == "papers"), None) if isinstance(root, yaml.MappingNode) else None
    checked.lines = [item.start_mark.line + 1 for item in papers.value] if isinstance(papers, yaml.SequenceNode) else []
    if checked.digest is not None:
        checked.papers = list(zip(range(len(checked.lines)), checked.lines, checked.digest.papers))
    elif isinstance(data.get("papers"), list) and len(data["papers"]) == len(checked.lines):
        for index, (line, entry) in enumerate(zip(checked.lines, data["papers"])):
            if not isinstance(entry, dict):
                continue
            identity = {"title": entry.get("title"), "abstract": "-", "arxiv_id": entry.get("arxiv_id")}
            for candidate in (entry, identity):
                try:
                    checked.papers.append((index, line, ListedPaper.model_validate(candidate)))
                    break
                except ValidationError:
                    pass  # its problems are reported above
    if problems:
        checked.digest = None
    checked.problems = sorted(problems, key=lambda p: (p.line or 0, p.message))
    return checked


def _parse_digest_yaml(path: Path, text: str) -> tuple[yaml.Node | None, Any, set[int]]:
    """Parse a digest's text; returns its node tree, its data and the ids of the nodes that
    looked like dates but are no real day (``2025-02-30``): those are read as text, for the
    schema check to report where a date is wanted. Raises :class:`InputError` for a YAML
    syntax error (the one problem that stops the check of a file)."""
    try:
        root, data = parse_yaml(text)
        return root, data, set()
    except AliasError as alias:
        raise InputError(
            [
                Problem(
                    path,
                    alias.line,
                    f"*{alias.name} is a YAML alias; a digest uses no anchors (&) or aliases (*): write the value "
                    "out in full (and put text that starts with * or & in quotes)",
                )
            ]
        ) from None
    except yaml.YAMLError as libyaml_error:
        error = libyaml_error
        try:  # PyYAML's own parser words syntax errors more precisely than libyaml
            yaml.safe_load(text)
        except yaml.YAMLError as detailed:
            error = detailed
        except RecursionError:  # nesting too deep for the pure-Python parser: libyaml's words
            pass
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise InputError([Problem(path, mark.line + 1 if mark else None, _syntax_advice(text, mark, problem))]) from None
    except ValueError as error:  # PyYAML builds dates and integers itself and fails on some
        root = yaml.compose(text, Loader=SAFE_LOADER)
        impossible = list(_impossible_dates(root))
        if not impossible:
            raise InputError([Problem(path, None, f"a value cannot be read ({error}); check numbers and dates")]) from None
        for node in impossible:
            node.tag = "tag:yaml.org,2002:str"
        return root, SAFE_LOADER("").construct_document(root), {id(node) for node in impossible}


def _syntax_advice(text: str, mark: yaml.Mark | None, problem: str) -> str:
    """A YAML syntax error in words, with the fix for the usual causes: a tab used to indent
    (YAML indents with spaces only), a second document after ``---`` (a digest is one), and
    otherwise quoting."""
    lines = text.split("\n")
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent or "'\\t'" in problem:
        if "\t" in indent or "\t" not in line:
            where = f"{'s' if indent.count(chr(9)) > 1 else ''} at the start of this line"
        else:
            where = f" after `{line[: line.index(chr(9))].strip()}`"
        return f"not valid YAML: {problem}; YAML indents with spaces, never tabs: replace the tab{where} with spaces"
    if (indentation := _indentation_advice(lines, mark.line if mark else None)) is not None:
        return f"not valid YAML: {problem}; {indentation}"
    if "another document" in problem:
        return (
            f"not valid YAML: {problem}; a digest is one YAML document: delete the `---` line and what follows "
            "it, or move that day into its own file (one file per day)"
        )
    return (
        f"not valid YAML: {problem}; check the quotes and brackets on this line and the lines above it "
        "(text starting with [ { * & ! | > or holding ': ' must be quoted)"
    )


_KEY_LINE = re.compile(r"(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?: |$)")
"""A line holding a field (``  abstract: …``), perhaps the first of a list entry (``- title: …``)."""


def _indentation_advice(lines: list[str], at: int | None) -> str | None:
    """The fix when line ``at`` (0-based) of a digest holds a field or a list entry indented
    unlike every field (or entry) above it, the usual cause of PyYAML's "mapping values are
    not allowed here" and "expected <block end>": the advice says which indentation the
    lines above use. ``None`` when the line is indented like others (the error is elsewhere)."""
    if at is None or at >= len(lines) or not (this := _KEY_LINE.match(lines[at])):
        return None
    keys: list[int] = []  # the columns where the fields above start, nearest last
    dashes: list[int] = []  # the columns of the list entries' dashes above
    for line in lines[:at]:
        if above := _KEY_LINE.match(line):
            if above["dash"]:
                dashes.append(len(above["indent"]))
            keys.append(len(above["indent"]) + len(above["dash"] or ""))
    column = len(this["indent"])

    def spaces(count: int) -> str:
        return f"{count} space{'' if count == 1 else 's'}"

    if this["dash"]:
        if not dashes or column in dashes:
            return None
        return (f"this paper's `- ` is indented by {spaces(column)}, the papers above by {spaces(dashes[-1])}: "
                "line up each paper's `- ` under the first one")
    if not keys or column in keys:
        return None
    if this["key"] in Digest.model_fields and column > 0:
        return f"`{this['key']}:` is a field of the file: write it at the start of the line, not indented"
    return (f"this field is indented by {spaces(column)}, unlike every field above it: a paper's fields "
            f"line up under its `title` (the field above starts after {spaces(keys[-1])})")


def _schema_problems(
    path: Path, root: yaml.Node, errors: Sequence[Mapping[str, Any]], impossible: set[int]
) -> list[Problem]:
    """The pydantic ``errors`` of a digest as problems: one per error, except that a field
    given under a misspelled name (``abstrat``) is one problem naming the right field, not a
    second one saying the right field is missing. ``impossible`` are the ids of the nodes
    that held no real date (see :func:`_parse_digest_yaml`)."""
    missing = {tuple(item["loc"]) for item in errors if item["type"] == "missing"}
    meant: dict[tuple[Any, ...], str] = {}  # the loc of a misspelled field -> the field it resembles
    for item in errors:
        loc = tuple(item["loc"])
        if item["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            close = _closest_field(loc[:-1], loc[-1])
            if close:
                meant[loc] = close
    replaced = {loc[:-1] + (field,) for loc, field in meant.items()}
    problems = []
    for item in errors:
        loc = tuple(item["loc"])
        node = _node_at(root, loc)
        key = _key_at(root, loc) if item["type"] == "extra_forbidden" else None
        line = (key or node).start_mark.line + 1
        if item["type"] == "missing" and loc in replaced:
            continue
        if id(node) in impossible and isinstance(node, yaml.ScalarNode):
            why = "no such day"
            try:
                dt.date.fromisoformat(node.value)
            except ValueError as error:
                why = str(error)
            where = ".".join(str(step) for step in loc)
            problems.append(
                Problem(path, line, f"{where}: {node.value} is not a real date ({why}); write the day as YYYY-MM-DD, e.g. 2025-03-18")
            )
            continue
        message = _explain(item)
        if loc in meant:
            right = meant[loc]
            message = f"{'.'.join(str(step) for step in loc)}: is not a field of a digest; did you mean `{right}`?"
            if loc[:-1] + (right,) in missing:
                message += f" (rename it: `{right}` is required)"
        problems.append(Problem(path, line, message))
    return problems


def _closest_field(parent: tuple[Any, ...], name: str) -> str | None:
    """The field of the model at ``parent`` (the digest, a paper, a paper's links) that
    ``name`` most resembles (difflib ratio of at least 0.75, ignoring case), or ``None``."""
    model: type[BaseModel]
    if parent == ():
        model = Digest
    elif len(parent) == 2 and parent[0] == "papers":
        model = ListedPaper
    elif len(parent) == 3 and parent[0] == "papers" and parent[2] == "links":
        model = Links
    else:
        return None
    fields = {known.lower(): known for known in model.model_fields}
    close = difflib.get_close_matches(name.lower(), list(fields), n=1, cutoff=0.75)
    return fields[close[0]] if close else None


def _repeated_keys(path: Path, node: yaml.Node | None):
    """A :class:`Problem` for every key given twice in one YAML mapping under ``node`` (YAML
    would silently keep the last value and lose the first)."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        yield Problem(
                            path, key.start_mark.line + 1, f"{shortened(repr(key.value))} is given twice here; keep one of them"
                        )
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def _impossible_dates(node: yaml.Node | None):
    """Every YAML timestamp under ``node`` that is no real date (``2025-02-30``), in order."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(node)
            except ValueError:
                yield node
        return
    children = node.value if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) else []
    for child in children:
        for item in child if isinstance(child, tuple) else (child,):
            yield from _impossible_dates(item)


def _file_name_problems(path: Path, date_line: int | None, day: dt.date | None) -> list[Problem]:
    """The file name must be the ISO date of the digest's ``date`` (``2025-03-18.yml``);
    ``day`` is that date, or ``None`` when the digest has no valid one; ``date_line`` the
    line of its ``date`` key. A name that is no
    ISO date, beside the file its date names (``2025-3-18.yml`` next to ``2025-03-18.yml``),
    gets no advice here: renaming would overwrite that file, and the one-file-per-day rule
    (:mod:`generator.inputs.validation`, the catalog) says to merge them."""
    named = _day_in_name(path)
    wanted = f"{day.isoformat()}.yml" if day else "YYYY-MM-DD.yml, e.g. 2025-03-18.yml"
    if named is None:
        if day is not None and (path.parent / wanted).exists():
            return []  # renaming would overwrite that day's file: one file per day says to merge them
        return [Problem(path, None, f"the file name is not an ISO date; a digest is named by its date: {wanted}")]
    if day is not None and named != day:
        fix = (f"fix the date, or move these papers into {wanted}, the file of {day}" if (path.parent / wanted).exists()
               else f"rename the file to {wanted} or fix the date")
        return [Problem(path, date_line, f"date {day} disagrees with the file name {path.name}; {fix}")]
    return []


def _tag_problems(path: Path, root: yaml.Node, data: dict, taxonomy: Taxonomy) -> list[Problem]:
    """Manual tags (``papers[].tags``) that the taxonomy does not know, with the closest
    known slug suggested (:meth:`Taxonomy.closest`). Former slugs kept as aliases in the
    taxonomy are known. Works on the raw YAML data, so it reports unknown tags even in a
    digest with schema errors."""
    problems = []
    papers = data.get("papers")
    for number, paper in enumerate(papers if isinstance(papers, list) else []):
        tags = paper.get("tags") if isinstance(paper, dict) else None
        for position, tag in enumerate(tags if isinstance(tags, list) else []):
            if not isinstance(tag, str) or taxonomy.resolve(tag) is not None or len(tag) > TAG_MAX_CHARS:
                continue  # a known tag (or a former slug kept as an alias); or not text, or too long: the schema check reports it
            hint = taxonomy.closest(tag)
            line = _node_at(root, ("papers", number, "tags", position)).start_mark.line + 1
            problems.append(
                Problem(
                    path,
                    line,
                    f"papers.{number}.tags: unknown tag {tag!r}; "
                    + (f"did you mean {hint!r}? " if hint else "")
                    + "tags are the slugs in generator/catalog/taxonomy.yml",
                )
            )
    return problems


def dump_digest(digest: Digest) -> str:
    """The YAML text of ``digest``: keys in schema order, empty optional fields left out,
    written by PyYAML's safe dumper so that :func:`read_digest` reads back the same digest."""
    data = digest.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["date"] = digest.date  # a real YAML date, unquoted
    for paper in data.get("papers", []):
        if not paper.get("links"):
            paper.pop("links", None)
    return dump_yaml(data, sort_keys=False, width=100, default_flow_style=False)


def write_digest(digest: Digest, digests_dir: Path, path: Path | None = None) -> Path:
    """Write ``digest`` to ``path`` (default ``digests_dir/YYYY-MM-DD.yml``) and return it.

    The file is rewritten only if its text changes, so importing the same input twice
    leaves it byte-identical.
    """
    digests_dir.mkdir(parents=True, exist_ok=True)
    path = path or digests_dir / f"{digest.date.isoformat()}.yml"
    if path.is_symlink():  # never written through (read_digest refuses links too)
        raise InputError([Problem(path, None, SYMLINK_PROBLEM)])
    text = dump_digest(digest)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
