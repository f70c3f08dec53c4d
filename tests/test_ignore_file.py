"""The .viafoundry-scan-ignore file: fingerprints with reasons, found from the current folder."""
from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import git
from tests.tokens import mcp

FIRST = mcp(71)
SECOND = mcp(72)


def _fingerprints(run_cli, cwd: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    result = run_cli(["files", ".", "--format", "json"], cwd=cwd)
    return {f["path"]: f["fingerprint"] for f in json.loads(result.stdout)["findings"]}


def test_ignored_fingerprint_not_reported(git_repo: Path, run_cli) -> None:
    (git_repo / "a.env").write_text(f"TOKEN={FIRST}\n", encoding="utf-8")
    (git_repo / "b.env").write_text(f"TOKEN={SECOND}\n", encoding="utf-8")
    prints = _fingerprints(run_cli, git_repo)
    (git_repo / ".viafoundry-scan-ignore").write_text(
        f"# test fixture token, revoked 2026-11-01\n{prints['a.env']}  # a.env: revoked\n\n", encoding="utf-8"
    )
    result = run_cli(["files", ".", "--format", "json"], cwd=git_repo, exit_code=1)
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["findings"]] == ["b.env"]
    assert report["stats"]["ignored"] == 1


def test_all_ignored_passes(git_repo: Path, run_cli) -> None:
    (git_repo / "a.env").write_text(f"TOKEN={FIRST}\n", encoding="utf-8")
    prints = _fingerprints(run_cli, git_repo)
    (git_repo / ".viafoundry-scan-ignore").write_text(prints["a.env"].upper() + "\n", encoding="utf-8")
    run_cli(["files", "."], cwd=git_repo, exit_code=0)


def test_other_token_same_line_reported(git_repo: Path, run_cli) -> None:
    (git_repo / "a.env").write_text(f"TOKEN={FIRST}\n", encoding="utf-8")
    prints = _fingerprints(run_cli, git_repo)
    (git_repo / ".viafoundry-scan-ignore").write_text(prints["a.env"] + "\n", encoding="utf-8")
    (git_repo / "a.env").write_text(f"TOKEN={SECOND}\n", encoding="utf-8")
    result = run_cli(["files", ".", "--format", "json"], cwd=git_repo, exit_code=1)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["line"]) for f in findings] == [("a.env", 1)]


def test_found_from_subfolder(git_repo: Path, run_cli) -> None:
    sub = git_repo / "app"
    sub.mkdir()
    (sub / "a.env").write_text(f"TOKEN={FIRST}\n", encoding="utf-8")
    prints = _fingerprints(run_cli, sub)
    (git_repo / ".viafoundry-scan-ignore").write_text(prints["a.env"] + "\n", encoding="utf-8")
    run_cli(["files", "."], cwd=sub, exit_code=0)


def test_not_read_above_repository(tmp_path: Path, run_cli) -> None:
    repo = tmp_path / "outer" / "repo"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "--template=")
    (repo / "a.env").write_text(f"TOKEN={FIRST}\n", encoding="utf-8")
    prints = _fingerprints(run_cli, repo)
    (tmp_path / "outer" / ".viafoundry-scan-ignore").write_text(prints["a.env"] + "\n", encoding="utf-8")
    run_cli(["files", "."], cwd=repo, exit_code=1)


def test_invalid_line_exit_3(git_repo: Path, run_cli) -> None:
    (git_repo / "a.env").write_text("nothing\n", encoding="utf-8")
    (git_repo / ".viafoundry-scan-ignore").write_text("# ok\nvia_mcp_not-a-fingerprint\n", encoding="utf-8")
    result = run_cli(["files", "."], cwd=git_repo, exit_code=3)
    assert ".viafoundry-scan-ignore" in result.stderr
    assert "line 2" in result.stderr


def test_text_summary_counts_ignored(git_repo: Path, run_cli) -> None:
    (git_repo / "a.env").write_text(f"TOKEN={FIRST}\n", encoding="utf-8")
    prints = _fingerprints(run_cli, git_repo)
    (git_repo / ".viafoundry-scan-ignore").write_text(prints["a.env"] + "\n", encoding="utf-8")
    result = run_cli(["files", "."], cwd=git_repo, exit_code=0)
    assert "1 ignored by .viafoundry-scan-ignore" in result.stdout
