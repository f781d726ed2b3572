"""The code's shape and lint: the generator's modules grouped by pipeline stage, each stage
importing only the stages it builds on; no import cycle among the modules; ruff and mypy
(configured in pyproject.toml) find nothing."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each generator module → the generator modules it imports, at the top or inside a
    function (an import deferred into a function is still a dependency)."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module)
                imported.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
        graph[name] = {module for module in imported if module in modules and module != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_the_generators_modules():
    graph = import_graph()
    assert "generator.inputs.project" in graph["generator.build"]
    assert cycles(graph) == []


TOP_LEVEL = {"__init__.py", "__main__.py", "build.py", "cli.py", "mkdocs_hook.py"}
"""The only modules directly in generator/: the pipeline, the CLI and the MkDocs hook."""

STAGES = {
    "core": set(),
    "catalog": {"core"},
    "inputs": {"core", "catalog"},  # the taxonomy (catalog.tagging) checks digests' manual tags
    "pages": {"core", "catalog", "inputs"},  # digest_files.dump_yaml, project.code_fingerprint
    "output": {"core", "catalog", "pages"},  # pages.paths: where each page lives
}
"""Each stage package of the generator → the stages it may import (build, cli and the hook,
at the top, may import any)."""


def test_the_generator_is_grouped_by_stage():
    top = {path.name for path in PACKAGE.iterdir() if path.suffix == ".py"}
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"}
    assert top == TOP_LEVEL, "put a new module in its stage's folder: " + ", ".join(sorted(STAGES))
    assert folders == set(STAGES)


def test_each_stage_imports_only_the_stages_it_builds_on():
    wrong = []
    for module, imported in import_graph().items():
        parts = module.split(".")
        if len(parts) < 3 or parts[1] not in STAGES:
            continue
        for other in imported:
            stage = other.split(".")[1] if other.count(".") else ""
            if stage != parts[1] and stage not in STAGES[parts[1]]:
                wrong.append(f"{module} imports {other}")
    assert wrong == []


def run_tool(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = run_tool("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_generator():
    result = run_tool("mypy")  # files and settings: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
