"""`purge-plan`: the steps after revocation; the replacements file only on request, mode 0600."""
from __future__ import annotations

import json
import os
import stat

from conftest import git, git_repo, run_cli  # noqa: F401
from test_revoke_cmd import commit_message_finding, commit_with_message, history_finding
from tokens import mcp


def history_report(git_repo, tmp_path):
    (git_repo / "app.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(1)}\n")
    git(git_repo, "add", "app.env")
    git(git_repo, "commit", "-q", "-m", "add")
    commit = git(git_repo, "rev-parse", "HEAD").strip()
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"findings": [history_finding(mcp(1), "app.env", 1, commit)]}))
    return report, commit


def test_plan_without_file(git_repo, tmp_path, run_cli):
    report, commit = history_report(git_repo, tmp_path)
    result = run_cli(["purge-plan", "--from", str(report), "--root", str(git_repo)], exit_code=0)
    assert f"app.env:1 in commit {commit[:12]}" in result.stdout
    assert "not written, because it would hold the token text" in result.stdout
    assert "git filter-repo --replace-text replacements.txt --replace-message replacements.txt" in result.stdout
    assert "git push --force --mirror origin" in result.stdout
    assert "re-clone" in result.stdout
    assert not (tmp_path / "replacements.txt").exists()


def test_writes_replacements_0600(git_repo, tmp_path, run_cli):
    report, _ = history_report(git_repo, tmp_path)
    target = tmp_path / "out" / "repl.txt"
    target.parent.mkdir()
    result = run_cli(["purge-plan", "--from", str(report), "--root", str(git_repo),
                      "--write-replacements", str(target)], exit_code=0)
    assert f"written to {target} with mode 0600. It holds the token text" in result.stdout
    assert target.read_text() == f"{mcp(1)}==>***REMOVED-VIAFOUNDRY-TOKEN***\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert mcp(1).removeprefix("via_mcp_") not in result.stdout


def test_existing_file_not_overwritten(git_repo, tmp_path, run_cli):
    report, _ = history_report(git_repo, tmp_path)
    target = tmp_path / "repl.txt"
    target.write_text("keep me\n")
    result = run_cli(["purge-plan", "--from", str(report), "--root", str(git_repo),
                      "--write-replacements", str(target)], exit_code=4)
    assert "already exists" in result.stderr
    assert target.read_text() == "keep me\n"


def test_no_history_tokens(tmp_path, run_cli):
    finding = dict(history_finding(mcp(2), "a.env", 1, "c" * 40), commit=None, commit_info=None)
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"findings": [finding]}))
    result = run_cli(["purge-plan", "--from", str(report)], exit_code=0)
    assert "no history rewrite is needed" in result.stdout


def test_plan_rewrites_commit_messages(git_repo, tmp_path, run_cli):
    """A token in a commit message is planned for --replace-message, which --replace-text does not cover."""
    commit = commit_with_message(git_repo, f"Add notes\n\ntoken: {mcp(3)}\n")
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"findings": [commit_message_finding(mcp(3), 3, commit)]}))
    target = tmp_path / "repl.txt"
    result = run_cli(["purge-plan", "--from", str(report), "--root", str(git_repo),
                      "--write-replacements", str(target)], exit_code=0)
    assert f"commit message, line 3 in commit {commit[:12]}" in result.stdout
    assert f"git filter-repo --replace-text {target} --replace-message {target}" in result.stdout
    assert target.read_text() == f"{mcp(3)}==>***REMOVED-VIAFOUNDRY-TOKEN***\n"
