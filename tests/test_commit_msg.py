"""The commit-msg mode: the message file git hands to the hook."""
from __future__ import annotations

from tests.gitrepo import GitRepo, fake_token, run_scanner


def write_message(tmp_path, text: str):
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_text(text)
    return path


def test_token_in_message_body(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    message = write_message(tmp_path, f"Configure client\n\nTested with {fake_token(20)}\n")
    result = run_scanner(repo.path, "commit-msg", str(message), env=repo.env)
    assert result.code == 1, result
    assert [(f["path"], f["line"], f["source"], f["commit"]) for f in result.findings] == \
        [(None, 3, "commit-message", None)]


def test_comments_and_verbose_diff_ignored(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    text = (f"Subject\n# token in a comment {fake_token(21)}\n"
            "# ------------------------ >8 ------------------------\n"
            f"diff --git a/x b/x\n+TOKEN={fake_token(22)}\n")
    result = run_scanner(repo.path, "commit-msg", str(write_message(tmp_path, text)), env=repo.env)
    assert result.code == 0, result
    assert result.findings == [], result


def test_mcp_token_in_subject(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    message = write_message(tmp_path, f"use {fake_token(23, mcp=True)}\n")
    result = run_scanner(repo.path, "commit-msg", str(message), env=repo.env)
    assert [(f["rule_id"], f["line"]) for f in result.findings] == [("viafoundry-mcp-token", 1)], result


def test_missing_message_file(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    result = run_scanner(repo.path, "commit-msg", str(tmp_path / "nope"), env=repo.env)
    assert result.code == 2, result
    assert "does not exist" in result.stderr
