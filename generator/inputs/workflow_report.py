"""``validate``'s report for GitHub Actions: annotations on the diff and the job summary.

``python -m generator validate --format github [PATHS]`` prints each problem as a workflow
command, ``::error file=…,line=…::message`` (each note as ``::notice …``), which GitHub
shows on the pull request's diff at that file and line, and appends a Markdown summary of
the checked days (each day, its papers, the other days that list them, the problems) to the
file named by ``GITHUB_STEP_SUMMARY``, which GitHub shows on the run's page.

The escaping rules are GitHub's "Workflow commands for GitHub Actions" (data: ``%``, CR,
LF; properties also ``:`` and ``,``), as its toolkit (``@actions/core``, ``command.ts``)
applies them.
"""

from __future__ import annotations

import html
import re

from generator.core.problems import Problem
from generator.inputs.validation import ValidationReport


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(kind: str, problem: Problem) -> str:
    """One workflow command line: ``kind`` is ``error``, ``warning`` or ``notice``; the
    problem's file (as given, relative to the repository for GitHub to place it), its line
    when it has one, and its message."""
    properties = f"file={_escape_property(str(problem.path))}"
    if problem.line:
        properties += f",line={problem.line}"
    return f"::{kind} {properties}::{_escape_data(problem.message)}"


def annotation_lines(report: ValidationReport) -> list[str]:
    """Every problem of ``report`` as an ``::error`` line, then every note as ``::notice``."""
    return [annotation("error", p) for p in report.problems] + [annotation("notice", n) for n in report.notes]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
"""What could start markup inside a line of GitHub-flavoured Markdown (emphasis, code, links,
table cells, strike-through); ``<`` and ``&`` are HTML-escaped instead."""


def _text(value: str) -> str:
    """Digest text as Markdown text inside a list item: HTML-escaped, the characters of
    :data:`_MARKDOWN_SPECIAL` backslash-escaped, on one line (a title is data, never markup)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(value.split()), quote=False))


def step_summary(report: ValidationReport) -> str:
    """The job summary in Markdown: a table of the checked days (file, day, papers,
    problems), then per day its papers in order (title, arXiv id, the other days listing
    it), then every problem with its file and line."""
    problems_in: dict[str, int] = {}
    for problem in report.problems:
        problems_in[str(problem.path)] = problems_in.get(str(problem.path), 0) + 1
    verdict = "no problems" if report.ok else f"{len(report.problems)} problem(s)"
    lines = [f"## Digests checked: {verdict}", ""]
    lines += ["| Day | File | Papers | Problems |", "| --- | --- | ---: | ---: |"]
    for path in report.checked:
        day = report.days.get(path)
        papers = report.listed.get(path, [])
        lines.append(f"| {day or '?'} | `{path}` | {len(papers)} | {problems_in.get(str(path), 0)} |")
    for path in report.checked:
        listed = report.listed.get(path)
        if not listed:
            continue
        lines += ["", f"### {report.days[path]}: {len(listed)} paper(s) in `{path}`", ""]
        for index, paper in listed:
            item = f"{index + 1}. {_text(paper.title)}"
            if paper.arxiv_id:
                item += f" (arXiv [{paper.arxiv_id}](https://arxiv.org/abs/{paper.arxiv_id}))"
            also = report.also_listed.get((path, index))
            if also:
                item += " — also listed on " + ", ".join(day.isoformat() for day in also)
            lines.append(item)
    if report.problems:
        lines += ["", "### Problems", ""]
        lines += [f"- `{p.path}{f':{p.line}' if p.line else ''}`: {_text(p.message)}" for p in report.problems]
    return "\n".join(lines) + "\n"
