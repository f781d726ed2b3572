"""Digest files: ``digests/YYYY-MM-DD.yml``, one per day, read and written here.

A digest file is YAML with the shape of :class:`generator.model.Digest`::

    date: 2025-03-18
    source: https://huggingface.co/papers?date=2025-03-18   # optional
    papers:
      - title: 2D Matryoshka Sentence Embeddings
        abstract: Common approaches rely on fixed-length embedding vectors ...
        arxiv_id: '2402.14776'        # optional, versionless
        authors: [Xianming Li, ...]  # optional
        links: {code: https://github.com/...}  # optional: arxiv, pdf, huggingface, code, project
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
from generator.source_text import read_text
from generator.tagging import Taxonomy

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, backed by libyaml when PyYAML was built with it (about ten times
faster than the pure-Python loader, which reads the same YAML into the same values)."""
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""PyYAML's safe dumper, backed by libyaml when available (same text for digests, about ten
times faster)."""

DIGEST_NAME = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})\.ya?ml")
"""Digest files are named by their ISO date: ``2025-03-18.yml`` (``.yaml`` also accepted)."""


def digest_paths(digests_dir: Path) -> list[Path]:
    """Every ``*.yml``/``*.yaml`` file directly in ``digests_dir``, sorted by name."""
    return sorted(p for p in digests_dir.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


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


def _explain(error: dict[str, Any]) -> str:
    """One pydantic error in a contributor's words: the field path, what is wrong, and,
    for YAML's usual surprises, how to write it instead."""
    where = ".".join(str(step) for step in error["loc"]) or "the file"
    message = error["msg"]
    value = error.get("input")
    if error["type"] == "value_error":
        message = message.removeprefix("Value error, ")
    elif error["type"] == "extra_forbidden":
        message = "is not a field of a digest; see CONTRIBUTING.md for the schema"
    elif error["type"] == "missing":
        message = "is required"
    elif error["type"] == "string_type" and isinstance(value, (bool, int, float, dt.date)):
        message = f"must be text, but YAML read {value!r}; put it in quotes"
    return f"{where}: {message}"


def _raise_syntax_error(path: Path, text: str) -> None:
    """Raise :class:`InputError` for the YAML syntax error in ``text``, with its line.

    The error is reported as the pure-Python loader words it (the same messages whatever
    PyYAML was built with)."""
    try:
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise InputError([Problem(path, mark.line + 1 if mark else None, f"not valid YAML: {problem}")]) from None
    raise InputError([Problem(path, None, "not valid YAML")])  # libyaml refused what PyYAML reads


def read_digest(path: Path, taxonomy: Taxonomy | None = None) -> Digest:
    """Read and validate one digest file.

    Returns the :class:`Digest`. Raises :class:`InputError` listing every problem: text
    that is not UTF-8, YAML syntax errors, schema errors (each with the line of the value at
    fault), a ``date`` in the future or disagreeing with the file name, and, when ``taxonomy`` is given,
    manual tags it does not know (with the closest known tag suggested).
    """
    text = read_text(path)
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        _raise_syntax_error(path, text)
    if not isinstance(data, dict):
        raise InputError(
            [Problem(path, 1, "not a digest: expected a YAML mapping with 'date' and 'papers' (see CONTRIBUTING.md)")]
        )
    tree: list[yaml.Node] = []

    def line_of(loc: tuple[Any, ...]) -> int:
        # The node tree (for line numbers) is composed only when a problem is reported.
        if not tree:
            tree.append(yaml.compose(text, Loader=SAFE_LOADER))
        return _node_at(tree[0], loc).start_mark.line + 1

    problems: list[Problem] = []
    try:
        digest = Digest.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            problems.append(Problem(path, line_of(item["loc"]), _explain(item)))
        raise InputError(problems) from None
    if digest.date > dt.date.today() + dt.timedelta(days=1):
        problems.append(
            Problem(path, line_of(("date",)), f"date {digest.date} is in the future; a digest lists a day that has passed")
        )
    named = DIGEST_NAME.fullmatch(path.name)
    if not named:
        problems.append(Problem(path, None, "a digest file is named by its date, e.g. 2025-03-18.yml"))
    elif named["date"] != digest.date.isoformat():
        problems.append(
            Problem(path, line_of(("date",)), f"date {digest.date} disagrees with the file name; rename the file or fix the date")
        )
    if taxonomy is not None:
        for number, paper in enumerate(digest.papers):
            for position, tag in enumerate(paper.tags):
                if tag not in taxonomy.by_slug:
                    hint = taxonomy.closest(tag)
                    line = line_of(("papers", number, "tags", position))
                    problems.append(
                        Problem(
                            path,
                            line,
                            f"papers.{number}.tags: unknown tag {tag!r}; "
                            + (f"did you mean {hint!r}?" if hint else "see generator/taxonomy.yml for the tags"),
                        )
                    )
    if problems:
        raise InputError(problems)
    return digest


def dump_digest(digest: Digest) -> str:
    """The YAML text of ``digest``: keys in schema order, empty optional fields left out,
    written by PyYAML's safe dumper so that :func:`read_digest` reads back the same digest."""
    data = digest.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["date"] = digest.date  # a real YAML date, unquoted
    for paper in data.get("papers", []):
        if not paper.get("links"):
            paper.pop("links", None)
    return yaml.dump(data, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def write_digest(digest: Digest, digests_dir: Path) -> Path:
    """Write ``digest`` to ``digests_dir/YYYY-MM-DD.yml`` and return that path.

    The file is rewritten only if its text changes, so importing the same input twice
    leaves it byte-identical.
    """
    digests_dir.mkdir(parents=True, exist_ok=True)
    path = digests_dir / f"{digest.date.isoformat()}.yml"
    text = dump_digest(digest)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
