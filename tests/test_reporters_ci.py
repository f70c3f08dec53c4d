"""The GitHub action and the GitLab CI template: their shell steps run against a real repository.

Only the steps' own scripts run here, with the variables each CI system sets.
Installing the package and uploading the report are left to the CI systems.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from tests.conftest import GIT_ENV, git
from tests.tokens import mcp

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
GITLAB = yaml.safe_load((ROOT / "ci/gitlab/viafoundry-scan.gitlab-ci.yml").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GITLAB_REQUIRED = json.loads((DATA / "gitlab-secret-detection-required.schema.json").read_text(encoding="utf-8"))


def _history(repo: Path, old_leak: bool) -> tuple[str, str]:
    """Commit a base (with a leak when ``old_leak``), then a branch commit with a new leak.

    Returns the base sha and the new token.
    """
    (repo / "README").write_text("project\n", encoding="utf-8")
    if old_leak:
        (repo / "old.env").write_text(f"VIAFOUNDRY_MCP_TOKEN={mcp(91)}\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    token = mcp(92)
    (repo / "new.env").write_text(f"VIAFOUNDRY_MCP_TOKEN={token}\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "feature")
    return base, token


def _run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    environ = {**os.environ, **GIT_ENV, **env, "PATH": bin_dir + os.pathsep + os.environ["PATH"]}
    environ.pop("VIAFOUNDRY_SCAN_CONFIG", None)
    bash = shutil.which("bash") or "/bin/bash"
    return subprocess.run([bash, "-e", "-c", script], cwd=cwd, env=environ, capture_output=True, text=True,
                          timeout=300)


def _action_step(step_id_or_name: str) -> str:
    for step in ACTION["runs"]["steps"]:
        if step_id_or_name in (step.get("id"), step.get("name")):
            return str(step["run"])
    raise AssertionError(f"no step {step_id_or_name} in action.yml")


def _action_env(pr_base: str, output: Path, since: str = "") -> dict[str, str]:
    return {"SINCE_INPUT": since, "PR_BASE": pr_base, "PUSH_BEFORE": "", "BASELINE": "", "EXTRA_ARGS": "",
            "SARIF_FILE": "out.sarif", "GITHUB_OUTPUT": str(output)}


def test_action_scans_pr_commits(git_repo: Path, tmp_path: Path) -> None:
    base, token = _history(git_repo, old_leak=True)
    output = tmp_path / "github_output"
    result = _run(_action_step("scan"), git_repo, _action_env(base, output))
    assert output.read_text(encoding="utf-8").strip() == "exit-code=1", result.stderr
    document = json.loads((git_repo / "out.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)
    paths = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]]
    assert paths == ["new.env"]
    assert "::error file=new.env,line=1::viafoundry-mcp-token" in result.stdout
    assert token.removeprefix("via_mcp_") not in result.stdout + (git_repo / "out.sarif").read_text(encoding="utf-8")


def test_action_clean_pr(git_repo: Path, tmp_path: Path) -> None:
    _history(git_repo, old_leak=False)
    head = git(git_repo, "rev-parse", "HEAD").strip()
    output = tmp_path / "github_output"
    _run(_action_step("scan"), git_repo, _action_env(head, output))
    assert output.read_text(encoding="utf-8").strip() == "exit-code=0"


def test_action_fail_step() -> None:
    script = _action_step("Fail on tokens or scan errors")
    cwd = Path.cwd()
    assert _run(script, cwd, {"CODE": "0"}).returncode == 0
    assert _run(script, cwd, {"CODE": "1"}).returncode == 1
    assert _run(script, cwd, {"CODE": "4"}).returncode == 4


def test_action_uploads_sarif_file() -> None:
    upload = next(step for step in ACTION["runs"]["steps"] if "upload-sarif" in str(step.get("uses", "")))
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert "always()" in upload["if"]


def test_gitlab_template_reports(git_repo: Path) -> None:
    base, token = _history(git_repo, old_leak=True)
    job = GITLAB["viafoundry-scan"]
    env = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "VIAFOUNDRY_SCAN_ARGS": "", "CI_COMMIT_SHA": "unused"}
    result = _run("\n".join(job["script"]), git_repo, env)
    assert result.returncode == 1, result.stdout + result.stderr
    reports = job["artifacts"]["reports"]
    document = json.loads((git_repo / reports["secret_detection"]).read_text(encoding="utf-8"))
    jsonschema.validate(document, GITLAB_REQUIRED)
    assert [v["location"]["file"] for v in document["vulnerabilities"]] == ["new.env"]
    junit = (git_repo / reports["junit"]).read_text(encoding="utf-8")
    assert "new.env" in junit
    assert token.removeprefix("via_mcp_") not in junit


def test_gitlab_template_push_without_base(git_repo: Path) -> None:
    _history(git_repo, old_leak=True)
    env = {"CI_COMMIT_BEFORE_SHA": "0" * 40, "VIAFOUNDRY_SCAN_ARGS": "--min-confidence high"}
    result = _run("\n".join(GITLAB["viafoundry-scan"]["script"]), git_repo, env)
    assert result.returncode == 1
    document = json.loads((git_repo / "gl-secret-detection-report.json").read_text(encoding="utf-8"))
    assert sorted(v["location"]["file"] for v in document["vulnerabilities"]) == ["new.env", "old.env"]
