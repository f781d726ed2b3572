"""Reproducible installs: constraints.txt pins every package, and every install uses it."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO


def pins() -> dict[str, str]:
    """constraints.txt as {normalised name: version}."""
    found = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            found[re.sub(r"[-_.]+", "-", name).lower()] = version
    return found


def test_every_dependency_and_test_extra_is_pinned():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    names = {re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", item)[0]).lower() for item in wanted}
    pinned = pins()
    assert {"mkdocs", "mkdocs-material", "lunr", "pytest", "ruff", "mypy"} <= names
    assert sorted(names - pinned.keys()) == []
    assert "markdown" in pinned and "mkdocs-material" in pinned  # what MkDocs brings, pinned too


def test_every_install_command_uses_the_constraints():
    places = [REPO / "README.md", REPO / "CONTRIBUTING.md", REPO / ".ci" / "run",
              *sorted((REPO / ".github" / "workflows").glob("*.yml")), *sorted(REPO.glob("scripts/*"))]
    installs = [(path.name, line) for path in places if path.is_file()
                for line in path.read_text(encoding="utf-8").splitlines() if re.search(r"pip install .*-e ", line)]
    assert len(installs) >= 5
    assert [install for install in installs if "-c constraints.txt" not in install[1]] == []
