"""Where a project's inputs and outputs live, what its generated pages are made from (the
input fingerprint), and the short cut that skips generating when none of that changed.

Light on purpose: ``python -m generator generate`` on an unchanged project imports this
module and :mod:`generator.output.docs_dir` only (not pydantic, Jinja or the writers), hashes the
inputs, finds the pages current and stops (:func:`generator.cli.regenerate`); the full
pipeline (:mod:`generator.build`, which imports this module) is imported only when there
is something to generate.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

from generator.core.problems import Problem


@dataclass(frozen=True)
class Project:
    """Where a site's inputs and outputs live: ``root`` holds ``digests/``, ``site_src/`` and
    ``mkdocs.yml``. ``directory_urls`` is how MkDocs will serve the pages (its
    ``use_directory_urls``; the MkDocs hook passes the build's setting); ``None`` reads it
    from mkdocs.yml (:func:`directory_urls_setting`)."""

    root: Path
    directory_urls: bool | None = None

    @property
    def use_directory_urls(self) -> bool:
        """Whether MkDocs serves ``papers/a.md`` at ``papers/a/`` (true) or ``papers/a.html``."""
        if self.directory_urls is not None:
            return self.directory_urls
        return directory_urls_setting(self.root / "mkdocs.yml")

    @property
    def digests_dir(self) -> Path:
        return self.root / "digests"

    @property
    def docs_dir(self) -> Path:
        return self.root / "site_src"

    @property
    def cache_dir(self) -> Path:
        """The generator's cache (parsed digests, the page ledger): ``.cache/paper-digests/``,
        git-ignored; deleting it costs one slower run, never a wrong page."""
        return self.root / ".cache" / "paper-digests"


class _SettingsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader that reads MkDocs' own tags (``!ENV``, ``!relative``,
    ``!!python/name:``) as ``None`` instead of failing on them."""


_SettingsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_SettingsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def directory_urls_setting(config_file: Path) -> bool:
    """``use_directory_urls`` of the MkDocs configuration ``config_file``: true unless the
    file sets it false (MkDocs' default,
    https://www.mkdocs.org/user-guide/configuration/#use_directory_urls); a missing or
    unreadable file counts as true (``mkdocs build`` reports what is wrong with it)."""
    try:
        settings = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_SettingsLoader)
    except (OSError, UnicodeError, yaml.YAMLError):
        return True
    return not (isinstance(settings, dict) and settings.get("use_directory_urls") is False)


def leads_outside(path: Path, root: Path) -> bool:
    """Whether ``path`` (under ``root``), with every symbolic link on the way followed, is
    somewhere outside ``root``: the generator neither reads nor writes there."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def digests_dir_problem(digests_dir: Path) -> Problem | None:
    """The problem when ``digests_dir`` is missing or not a folder (most often a wrong working
    directory or ``--root``), or a symbolic link that leads out of the project (the folder
    holding it), else ``None``."""
    if digests_dir.is_symlink() and leads_outside(digests_dir, digests_dir.parent):
        return Problem(
            digests_dir,
            None,
            "is a symbolic link that leads out of the project; nothing outside the project is read: "
            "make digests/ a folder of the project (copy the digests into it)",
        )
    if digests_dir.is_dir():
        return None
    if not digests_dir.exists() and is_digests_folder(digests_dir.parent):
        return Problem(
            digests_dir,
            None,
            "does not exist: this is the project's digests/ folder itself; run from the project folder "
            "(cd ..), or name the files to check here (validate 2025-03-18.yml)",
        )
    what = "is not a folder" if digests_dir.exists() else "does not exist"
    return Problem(
        digests_dir,
        None,
        f"{what}; run from the project folder (the one with mkdocs.yml and digests/) or pass --root "
        "(an empty digests/ folder makes a site with no papers)",
    )


def is_digests_folder(folder: Path) -> bool:
    """Whether ``folder`` is a project's ``digests/`` (named so, beside an ``mkdocs.yml``;
    made absolute without following symbolic links)."""
    folder = Path(os.path.abspath(folder))
    return folder.name == "digests" and (folder.parent / "mkdocs.yml").is_file()


def inside_digests_advice(path: Path) -> str | None:
    """For a file ``path`` that does not exist, given as ``digests/NAME`` from inside a
    project's ``digests/`` folder where ``NAME`` exists: how to name it (``"this is inside
    digests/ already: name it 2025-03-18.yml"``); else ``None``."""
    if path.is_absolute() or path.parts[:1] != ("digests",) or not is_digests_folder(Path.cwd()):
        return None
    rest = Path(*path.parts[1:]) if len(path.parts) > 1 else None
    if rest is None or not rest.exists():
        return None
    return f"this is inside digests/ already: name it {rest.as_posix()}"


def folder_problems(project: Project) -> list[Problem]:
    """What is wrong with ``project``'s folders for generating: ``digests/`` (see
    :func:`digests_dir_problem`), ``site_src/`` when it exists but is not a folder (a
    missing one is made) or leads out of the project, and the cache folder
    (:attr:`Project.cache_dir`) when a symbolic link on its way leads out of the project."""
    problems = []
    if (missing := digests_dir_problem(project.digests_dir)) is not None:
        problems.append(missing)
    if project.docs_dir.exists() and not project.docs_dir.is_dir():
        problems.append(Problem(project.docs_dir, None, "is not a folder; site_src/ is MkDocs' docs_dir, a folder"))
    elif project.docs_dir.is_symlink() and leads_outside(project.docs_dir, project.root):
        problems.append(
            Problem(
                project.docs_dir,
                None,
                "is a symbolic link that leads out of the project; the generator writes nothing outside it: "
                "make site_src/ a folder of the project",
            )
        )
    if leads_outside(project.cache_dir, project.root):
        problems.append(
            Problem(
                project.cache_dir,
                None,
                "leads out of the project (a symbolic link on the way); the generator writes nothing outside it: "
                "delete the link (the cache is rebuilt on the next run)",
            )
        )
    return problems


def ignored_file(name: str) -> bool:
    """Whether every command leaves a file called ``name`` alone, as if it were not there:
    hidden files (``.name``, among them editors' lock links ``.#name``, macOS' ``._name``
    and Vim's ``.name.swp``), backups (``name~``) and Emacs' autosaves (``#name#``)."""
    return name.startswith(".") or name.endswith("~") or (name.startswith("#") and name.endswith("#"))


DIGEST_SUFFIXES = (".yml", ".yaml")
"""The endings of a digest file's name (lower-cased), as :func:`digest_paths` lists them."""


def digest_paths(digests_dir: Path) -> list[Path]:
    """Every entry named ``*.yml``/``*.yaml`` (any case) directly in ``digests_dir``, sorted
    by name, except the files :func:`ignored_file` names; entries that are not regular files
    (symbolic links among them) are included so that reading them reports them
    (:func:`generator.inputs.digest_files.read_digest`)."""
    return sorted(
        p for p in digests_dir.iterdir() if p.suffix.lower() in DIGEST_SUFFIXES and not ignored_file(p.name)
    )


_DATED_NAME = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2}).*")
"""A file name that starts with an ISO date."""


def unread_dated_files(digests_dir: Path) -> list[Problem]:
    """A problem for each file directly in ``digests_dir`` named like a day's digest but not
    read as one, because its name does not end in ``.yml``/``.yaml`` (a digest saved as
    ``.txt`` or without an extension would otherwise leave its day out without a word);
    files :func:`ignored_file` names are left alone. Sorted by name."""
    return [
        Problem(
            path,
            None,
            f"is not read: a digest's name ends in .yml; rename it to {match['date']}.yml"
            + (" (or merge its papers into that file)" if (digests_dir / f"{match['date']}.yml").exists() else ""),
        )
        for path in sorted(digests_dir.iterdir())
        if (match := _DATED_NAME.fullmatch(path.name))
        and path.suffix.lower() not in DIGEST_SUFFIXES
        and not ignored_file(path.name)
        and not path.is_dir()
    ]


GENERATOR_DIR = Path(__file__).resolve().parent.parent
RENDERING_LIBRARIES = (
    "Jinja2", "MarkupSafe", "PyYAML", "python-frontmatter", "pydantic",
    "python-slugify", "text-unidecode", "Unidecode",  # slugs (python-slugify folds with either)
    "numpy", "scipy",  # related papers
)
"""The libraries whose versions can change the generated text (part of the fingerprint; a
library that is not installed counts as version "")."""


@functools.cache
def _code_digest(generator_dir: Path) -> str:
    # Hashed once per process: a long-running `mkdocs serve` keeps running the code it
    # imported, so its pages must be recorded as made by that code, not by edits since.
    digest = hashlib.sha256()
    for path in sorted(generator_dir.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(generator_dir).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _hash_parts(parts: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for label, data in parts:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _code_parts() -> list[tuple[str, bytes]]:
    parts = [("python", sys.version.encode())]
    for name in RENDERING_LIBRARIES:
        try:
            parts.append((name, metadata.version(name).encode()))
        except metadata.PackageNotFoundError:
            parts.append((name, b""))
    parts.append(("code", _code_digest(GENERATOR_DIR).encode()))
    return parts


def code_fingerprint() -> str:
    """The SHA-256 (hex) of the generator's Python code (as it was when this process first
    asked) and the versions of Python and of :data:`RENDERING_LIBRARIES`: the part of
    :func:`generator_fingerprint` that every page depends on (templates and the taxonomy
    left out; pages name the ones they use)."""
    return _hash_parts(_code_parts())


def _generator_parts() -> list[tuple[str, bytes]]:
    parts = _code_parts()
    for path in sorted(GENERATOR_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py":
            parts.append((f"generator/{path.relative_to(GENERATOR_DIR).as_posix()}", path.read_bytes()))
    return parts


def generator_fingerprint() -> str:
    """The SHA-256 (hex) of the generator itself: every file of the generator package (its
    templates and taxonomy as they are now; its Python code as it was when this process
    first asked, since that is the code that runs), and the versions of Python and of
    :data:`RENDERING_LIBRARIES`. What the digest cache and the page ledger are valid for."""
    return _hash_parts(_generator_parts())


def input_fingerprint(project: Project) -> str:
    """The SHA-256 (hex) of everything the generated pages are made from: the generator
    (:func:`generator_fingerprint`'s parts), the form of the site's URLs
    (:attr:`Project.use_directory_urls`) and the name and bytes of every digest file.

    Equal fingerprints give byte-identical pages. Reads the digests as bytes only (no YAML
    parsing), so it costs a small fraction of a generation.
    """
    parts = [*_generator_parts(), ("use_directory_urls", str(project.use_directory_urls).encode())]
    if project.digests_dir.is_dir():
        for path in digest_paths(project.digests_dir):
            # Not a regular file: never read (a pipe would block, a link could lead anywhere);
            # reading it later reports it.
            regular = path.is_file() and not path.is_symlink()
            parts.append((f"digests/{path.name}", path.read_bytes() if regular else b"not a file"))
    return _hash_parts(parts)
