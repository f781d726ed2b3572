"""Digest files: ``digests/YYYY-MM-DD.yml``, one per day, read and written here.

A digest file is YAML with the shape of :class:`generator.model.Digest`::

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
        tags: [embeddings]           # optional manual tags, slugs of generator/taxonomy.yml

Reading validates against that schema and reports every problem with its line number.
Writing uses PyYAML's safe dumper (libyaml's when available), so any text round-trips exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.model import Digest
from generator.problems import InputError, Problem
from generator.project import digest_paths
from generator.source_text import read_text
from generator.tagging import Taxonomy

DIGEST_NAME = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})\.(?i:ya?ml)")
"""Digest files are named by their ISO date: ``2025-03-18.yml`` (``.yaml``, in any case,
also accepted, as :func:`generator.project.digest_paths` lists them)."""


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, on libyaml when PyYAML has it (about ten times faster; the same
data and line numbers)."""
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""PyYAML's safe dumper, backed by libyaml when available (same text for digests, about ten
times faster)."""


def parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse ``text`` once with :data:`SAFE_LOADER`; returns its node tree (for line numbers,
    ``None`` for an empty document) and the data built from it. Raises ``yaml.YAMLError``."""
    loader = SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


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


_FIXES = {
    "date": "write the day as YYYY-MM-DD, e.g. 2025-03-18",
    "arxiv_id": "write it as arXiv shows it, e.g. '2403.12345' or 'hep-th/9901001', or leave arxiv_id out",
    "upvotes": "write a whole number of 0 or more, or leave upvotes out",
}
"""How to fix a wrong value, by field name (the last step of the error location)."""


_SCHEME = re.compile(r"\s*[a-zA-Z][a-zA-Z0-9+.-]*:")
"""A URL scheme (``https:``, ``ftp:``, ``javascript:``): a value without one is offered ``https://``."""


def _explain(error: dict[str, Any]) -> str:
    """One pydantic error in a contributor's words: the field path, what is wrong, and how
    to write it instead (for YAML's usual surprises, quoting; for URLs without a scheme,
    the URL with ``https://``)."""
    loc = error["loc"]
    where = ".".join(str(step) for step in loc) or "the file"
    message = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    field = next((step for step in reversed(loc) if isinstance(step, str)), "")
    kind = error["type"]
    if kind == "extra_forbidden":
        message = "is not a field of a digest; see CONTRIBUTING.md for the schema"
    elif kind == "missing":
        where_to_add = "to this paper" if any(isinstance(step, int) for step in loc) else "at the top of the file"
        message = f"is required; add the line `{field}: …` {where_to_add}"
    elif kind == "string_type" and isinstance(value, (bool, int, float, dt.date)):
        message = f"must be text, but YAML read {value!r}; put it in quotes"
        if field == "arxiv_id" and isinstance(value, float):
            message = f"must be text, but YAML read the number {value!r}; put it in quotes, e.g. '2402.14776'"
    elif kind == "list_type":
        message = f"must be a list, e.g. [{value}]" if isinstance(value, str) else "must be a list"
    elif kind.startswith(("date_", "int_", "greater_than")) and field in _FIXES:
        message = f"{value!r} is not valid; {_FIXES[field]}"
    elif kind == "value_error" and field == "arxiv_id":
        message = f"{message}; {_FIXES['arxiv_id']}"
    elif kind == "value_error" and "http(s) URL" in message and isinstance(value, str) and not _SCHEME.match(value):
        message = f"{value!r} is not an absolute http(s) URL; did you mean 'https://{value.strip()}'?"
    return f"{where}: {message}"


def read_digest(path: Path, taxonomy: Taxonomy | None = None) -> Digest:
    """Read and validate one digest file; see :func:`read_digest_with_lines`."""
    return read_digest_with_lines(path, taxonomy)[0]


def read_digest_with_lines(path: Path, taxonomy: Taxonomy | None = None) -> tuple[Digest, list[int]]:
    """Read and validate one digest file; returns the digest and the 1-based line where each
    entry of its ``papers`` starts (from the same parse, for messages about papers).

    Returns the :class:`Digest`. Raises :class:`InputError` listing every problem, each
    with its line and how to fix it: text that is not UTF-8, YAML syntax errors, schema
    errors (the line of the value at fault), a ``date`` in the future, a file name that is
    not the ISO date of ``date``, and, when ``taxonomy`` is given, manual tags it does not
    know (with the closest known tag suggested). The file-name and tag checks run even when
    the schema check fails.
    """
    text = read_text(path)
    try:
        root, data = parse_yaml(text)
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
        raise InputError(
            [
                Problem(
                    path,
                    mark.line + 1 if mark else None,
                    f"not valid YAML: {problem}; check the quotes and brackets on this line and the lines above it "
                    "(text starting with [ { * & ! | > or holding ': ' must be quoted)",
                )
            ]
        ) from None
    except ValueError as error:  # PyYAML builds dates and integers itself and fails on some
        node = _impossible_date(yaml.compose(text, Loader=SAFE_LOADER))
        if node is None:
            raise InputError([Problem(path, None, f"a value cannot be read ({error}); check numbers and dates")]) from None
        raise InputError(
            [
                Problem(
                    path,
                    node.start_mark.line + 1,
                    f"{node.value} is not a real date ({error}); write the day as YYYY-MM-DD, e.g. 2025-03-18",
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            [Problem(path, 1, "not a digest: expected a YAML mapping with 'date' and 'papers' (see CONTRIBUTING.md)")]
        )
    problems: list[Problem] = list(_repeated_keys(path, root))
    digest: Digest | None = None
    try:
        digest = Digest.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            node = _node_at(root, item["loc"])
            problems.append(Problem(path, node.start_mark.line + 1, _explain(item)))
    if digest is not None and in_the_future(digest.date):
        line = _node_at(root, ("date",)).start_mark.line + 1
        problems.append(Problem(path, line, f"date {digest.date} is in the future; a digest lists a day that has passed"))
    day = digest.date if digest else data.get("date")
    problems.extend(_file_name_problems(path, root, day if isinstance(day, dt.date) else None))
    if taxonomy is not None:
        problems.extend(_tag_problems(path, root, data, taxonomy))
    if problems or digest is None:
        raise InputError(problems)
    papers = next((v for k, v in root.value if k.value == "papers"), None) if isinstance(root, yaml.MappingNode) else None
    lines = [item.start_mark.line + 1 for item in papers.value] if isinstance(papers, yaml.SequenceNode) else []
    return digest, lines


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
                            path, key.start_mark.line + 1, f"{key.value!r} is given twice here; keep one of them"
                        )
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def _impossible_date(node: yaml.Node | None) -> yaml.ScalarNode | None:
    """The first YAML timestamp under ``node`` that is no real date (``2025-02-30``), if any."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(node)
            except ValueError:
                return node
        return None
    children = node.value if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) else []
    for child in children:
        for item in child if isinstance(child, tuple) else (child,):
            found = _impossible_date(item)
            if found:
                return found
    return None


def _file_name_problems(path: Path, root: yaml.Node, day: dt.date | None) -> list[Problem]:
    """The file name must be the ISO date of the digest's ``date`` (``2025-03-18.yml``);
    ``day`` is that date, or ``None`` when the digest has no valid one."""
    named = _day_in_name(path)
    wanted = f"{day.isoformat()}.yml" if day else "YYYY-MM-DD.yml, e.g. 2025-03-18.yml"
    if named is None:
        return [Problem(path, None, f"the file name is not an ISO date; a digest is named by its date: {wanted}")]
    if day is not None and named != day:
        line = _node_at(root, ("date",)).start_mark.line + 1
        return [
            Problem(
                path,
                line,
                f"date {day} disagrees with the file name {path.name}; "
                f"rename the file to {wanted} or fix the date",
            )
        ]
    return []


def _tag_problems(path: Path, root: yaml.Node, data: dict, taxonomy: Taxonomy) -> list[Problem]:
    """Manual tags (``papers[].tags``) that the taxonomy does not know, with the closest
    known slug suggested (:meth:`Taxonomy.closest`). Works on the raw YAML data, so it
    reports unknown tags even in a digest with schema errors."""
    problems = []
    papers = data.get("papers")
    for number, paper in enumerate(papers if isinstance(papers, list) else []):
        tags = paper.get("tags") if isinstance(paper, dict) else None
        for position, tag in enumerate(tags if isinstance(tags, list) else []):
            if not isinstance(tag, str) or tag in taxonomy.by_slug:
                continue
            hint = taxonomy.closest(tag)
            line = _node_at(root, ("papers", number, "tags", position)).start_mark.line + 1
            problems.append(
                Problem(
                    path,
                    line,
                    f"papers.{number}.tags: unknown tag {tag!r}; "
                    + (f"did you mean {hint!r}? " if hint else "")
                    + "tags are the slugs in generator/taxonomy.yml",
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
    return yaml.dump(data, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def write_digest(digest: Digest, digests_dir: Path, path: Path | None = None) -> Path:
    """Write ``digest`` to ``path`` (default ``digests_dir/YYYY-MM-DD.yml``) and return it.

    The file is rewritten only if its text changes, so importing the same input twice
    leaves it byte-identical.
    """
    digests_dir.mkdir(parents=True, exist_ok=True)
    path = path or digests_dir / f"{digest.date.isoformat()}.yml"
    text = dump_digest(digest)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
