"""The theme's templates compiled once and kept between builds, with Jinja's own bytecode cache.

MkDocs makes a new Jinja environment for every build (``mkdocs build`` once, ``mkdocs
serve`` once per rebuild), and Jinja compiles each template it loads into Python code: the
about 55 templates of a page of this site (Material's ``base.html`` and partials, the theme's
overrides and wrappers) took about 0.5 CPU seconds of every build, as much for a rebuild after
one edited abstract as for a cold build. The hook gives the environment a
:class:`TemplateBytecode` in MkDocs' documented ``on_env`` event (Jinja's documented
``bytecode_cache`` setting; https://jinja.palletsprojects.com/en/stable/api/#bytecode-cache),
so a template is compiled when it is new or changed, and loaded (``marshal``) otherwise.

Jinja finds a template's compiled code by its name and file and checks it against the
template's source (a SHA-1 of it), and against Jinja's and Python's versions. The code also
depends on the environment: its syntax and whitespace settings, its autoescaping, its
extensions, and its filters and tests (Jinja evaluates a filter of constants while
compiling). :func:`environment_key` is all of those, and is part of each entry's key, so an
entry is only ever used by an environment that would compile the template to the same code;
a changed template, a user's hook changing the environment, another Jinja: a new entry.
Nothing depends on the cache being there: deleting it costs one slower build.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

THEME_TEMPLATES = "templates"
"""The folder of the theme's compiled templates (MkDocs' environment, the hook) in the
generator's cache folder (``.cache/paper-digests/``)."""

_SETTINGS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "is_async",
)
"""The environment's settings (Jinja's ``Environment`` arguments) that change the code a
template compiles to."""


def _callable_key(function: Any) -> str:
    """What identifies ``function`` for the code a template compiles to: its module and name,
    and the bytes of its Python code when it has some (a filter edited under the same name
    folds constants differently)."""
    named = f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', type(function).__qualname__)}"
    code = getattr(function, "__code__", None)
    return named + (hashlib.sha256(marshal.dumps(code)).hexdigest() if code is not None else "")


def environment_key(environment: jinja2.Environment) -> str:
    """The SHA-256 (hex) of what in ``environment`` makes a template compile to one code or
    another (besides the template's source and Jinja's version, which Jinja checks itself):
    the settings of :data:`_SETTINGS`, ``autoescape``, ``finalize``, the extensions, and the
    filters and tests by name (:func:`_callable_key`), and Jinja's version."""
    parts: list[str] = [jinja2.__version__]
    parts += [f"{name}={getattr(environment, name)!r}" for name in _SETTINGS]
    for name in ("autoescape", "finalize"):
        value = getattr(environment, name)
        parts.append(f"{name}={_callable_key(value) if callable(value) else repr(value)}")
    parts += [f"extension {name}" for name in sorted(environment.extensions)]
    for kind, functions in (("filter", environment.filters), ("test", environment.tests)):
        parts += [f"{kind} {name}={_callable_key(function)}" for name, function in sorted(functions.items())]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class TemplateBytecode(jinja2.FileSystemBytecodeCache):
    """Jinja's file-system bytecode cache in ``directory`` for the templates of
    ``environment``: each entry's key is the template's name and file and the environment's
    :func:`environment_key`, taken at the first template loaded (after every hook's
    ``on_env``, as MkDocs loads templates after that event). An entry that cannot be read
    counts as missing (Jinja's behaviour); one that cannot be written is left out, nothing is
    raised (only slower)."""

    def __init__(self, directory: Path, environment: jinja2.Environment) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory))
        self._key: Callable[[], str] = lambda: environment_key(environment)
        self._environment_key: str | None = None

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        if self._environment_key is None:
            self._environment_key = self._key()
        return hashlib.sha256(f"{self._environment_key}\0{name}\0{filename or ''}".encode()).hexdigest()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def keep_compiled_templates(environment: jinja2.Environment, directory: Path) -> None:
    """Have ``environment`` keep its compiled templates in the folder ``directory`` (made if
    missing; :class:`TemplateBytecode`), one folder per environment (the theme's:
    :data:`THEME_TEMPLATES` in the cache folder); when the folder cannot be made, nothing
    changes."""
    try:
        environment.bytecode_cache = TemplateBytecode(directory, environment)
    except OSError:
        pass
