"""Baselines: old leaks pass the gate, new ones fail it, and the file stays stable and token-free."""
from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest

from scanner.baseline.model import Baseline, identity
from scanner.baseline.store import load_baseline, write_baseline
from scanner.errors import ConfigError
from tests.conftest import git
from tests.reporting import make_finding, run_entry_point
from tests.tokens import alnum, mcp

OLD = mcp(41)
OLD_GENERAL = alnum(42)
NEW = mcp(43)
OTHER = mcp(44)


def _write_repo(repo: Path) -> None:
    (repo / "mcp.json").write_text(
        '{\n  "servers": {\n    "viafoundry": {\n'
        f'      "env": {{"VIAFOUNDRY_MCP_TOKEN": "{OLD}"}}\n'
        "    }\n  }\n}\n",
        encoding="utf-8",
    )
    (repo / "run.sh").write_text(f'#!/bin/sh\nexport VIAFOUNDRY_TOKEN="{OLD_GENERAL}"\n', encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "add old leaks")


@pytest.fixture
def repo_with_baseline(git_repo: Path, run_cli) -> Path:  # type: ignore[no-untyped-def]
    _write_repo(git_repo)
    run_cli(["baseline", "create", "baseline.json"], cwd=git_repo, exit_code=0)
    return git_repo


def test_gate_scenario(repo_with_baseline: Path, run_cli) -> None:
    """Given a baseline of a repository with old leaks, the gate blocks only new ones.

    It passes on the old leaks, fails on a new token, stays passing when the
    old token moves to another line, and fails when the old token's line
    contains another token instead.
    """
    repo = repo_with_baseline
    gate = ["files", ".", "--baseline", "baseline.json", "--format", "json"]
    result = run_cli(gate, cwd=repo, exit_code=0)
    assert json.loads(result.stdout)["stats"]["baselined"] == 2

    (repo / "new.env").write_text(f"VIAFOUNDRY_MCP_TOKEN={NEW}\n", encoding="utf-8")
    result = run_cli(gate, cwd=repo, exit_code=1)
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["new.env"]
    (repo / "new.env").unlink()

    text = (repo / "mcp.json").read_text(encoding="utf-8")
    (repo / "mcp.json").write_text("\n\n\n" + text.replace('"servers"', '"comment": "moved",\n  "servers"'),
                                   encoding="utf-8")
    run_cli(gate, cwd=repo, exit_code=0)

    (repo / "mcp.json").write_text(text.replace(OLD, OTHER), encoding="utf-8")
    result = run_cli(gate, cwd=repo, exit_code=1)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["line"]) for f in findings] == [("mcp.json", 4)]


def test_gate_without_baseline_fails(repo_with_baseline: Path, run_cli) -> None:
    run_cli(["files", "."], cwd=repo_with_baseline, exit_code=1)


def test_baseline_holds_no_token(repo_with_baseline: Path) -> None:
    text = (repo_with_baseline / "baseline.json").read_text(encoding="utf-8")
    for token in (OLD, OLD_GENERAL):
        body = token.removeprefix("via_mcp_")
        assert body not in text
        assert body[:8] not in text
        assert hashlib.sha256(token.encode()).hexdigest() not in text


def test_baseline_metadata_and_identity(repo_with_baseline: Path) -> None:
    document = json.loads((repo_with_baseline / "baseline.json").read_text(encoding="utf-8"))
    assert document["version"] == 1
    key = bytes.fromhex(document["hash"]["key"])
    entries = {entry["path"]: entry for entry in document["entries"]}
    assert entries["mcp.json"]["line"] == 4
    assert entries["mcp.json"]["rule_id"] == "viafoundry-mcp-token"
    expected = hmac.new(key, b"viafoundry-mcp-token\0" + OLD.encode(), hashlib.sha256).hexdigest()
    assert entries["mcp.json"]["identity"] == expected


def test_update_unchanged_not_rewritten(repo_with_baseline: Path, run_cli) -> None:
    target = repo_with_baseline / "baseline.json"
    before = target.stat()
    text = (repo_with_baseline / "mcp.json").read_text(encoding="utf-8")
    (repo_with_baseline / "mcp.json").write_text("\n\n" + text, encoding="utf-8")
    result = run_cli(["baseline", "update", "baseline.json"], cwd=repo_with_baseline, exit_code=0)
    assert "not rewritten" in result.stdout
    after = target.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


def test_update_adds_and_removes(repo_with_baseline: Path, run_cli) -> None:
    repo = repo_with_baseline
    (repo / "run.sh").write_text("#!/bin/sh\nfoundry run\n", encoding="utf-8")
    (repo / "new.env").write_text(f"VIAFOUNDRY_MCP_TOKEN={NEW}\n", encoding="utf-8")
    result = run_cli(["baseline", "update", "baseline.json"], cwd=repo, exit_code=0)
    assert "1 added, 1 removed" in result.stdout
    paths = [entry.path for entry in load_baseline(str(repo / "baseline.json")).entries]
    assert paths == ["mcp.json", "new.env"]


def test_update_keeps_first_seen_line(repo_with_baseline: Path, run_cli) -> None:
    repo = repo_with_baseline
    (repo / "mcp.json").write_text("\n" + (repo / "mcp.json").read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "new.env").write_text(f"VIAFOUNDRY_MCP_TOKEN={NEW}\n", encoding="utf-8")
    run_cli(["baseline", "update", "baseline.json"], cwd=repo, exit_code=0)
    lines = {entry.path: entry.line for entry in load_baseline(str(repo / "baseline.json")).entries}
    assert lines["mcp.json"] == 4


def test_create_refuses_existing(repo_with_baseline: Path, run_cli) -> None:
    result = run_cli(["baseline", "create", "baseline.json"], cwd=repo_with_baseline, exit_code=2)
    assert "baseline update" in result.stderr


def test_entries_sorted_stably(tmp_path: Path) -> None:
    findings = [make_finding(mcp(seed), path=f"f{seed % 3}.env", line=seed) for seed in range(50, 60)]
    first = Baseline.empty().with_findings(findings)
    second = Baseline(key=first.key, entries=()).with_findings(list(reversed(findings)))
    assert first.to_json() == second.to_json()
    keys = [entry.sort_key() for entry in first.entries]
    assert keys == sorted(keys)


def test_identity_ignores_path_and_line() -> None:
    key = b"k" * 32
    secret = mcp(61)
    baseline = Baseline(key=key, entries=())
    in_first_file = make_finding(secret, path="a.env", line=1)
    in_second_file = make_finding(secret, path="b/c.env", line=90)
    assert baseline.identity_of(in_first_file) == baseline.identity_of(in_second_file)
    assert identity(key, "viafoundry-mcp-token", secret) != identity(key, "viafoundry-general-token", secret)
    assert identity(key, "viafoundry-mcp-token", secret) != identity(b"j" * 32, "viafoundry-mcp-token", secret)


def test_write_round_trip(tmp_path: Path) -> None:
    baseline = Baseline.empty().with_findings([make_finding(mcp(62))])
    target = tmp_path / "b.json"
    assert write_baseline(str(target), baseline) is True
    assert write_baseline(str(target), baseline) is False
    assert load_baseline(str(target)) == baseline


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"version": 99, "hash": {}, "entries": []}', "newer than this viafoundry-scan"),
        ('{"version": "one"}', "no valid 'version'"),
        ('{"version": 1, "hash": {"algorithm": "md5", "key": "00"}, "entries": []}', "hmac-sha256"),
        ('{"version": 1, "hash": {"algorithm": "hmac-sha256", "key": "zz"}, "entries": []}', "hash.key"),
        ('{"version": 1, "hash": {"algorithm": "hmac-sha256", "key": "' + "ab" * 32 + '"}, "entries": [{}]}',
         "entry 1: 'identity'"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_corrupt_baseline_exit_3(tmp_path: Path, run_cli, content: str, problem: str) -> None:
    (tmp_path / "scan.txt").write_text("nothing\n", encoding="utf-8")
    (tmp_path / "broken.json").write_text(content, encoding="utf-8")
    result = run_cli(["files", "scan.txt", "--baseline", "broken.json"], cwd=tmp_path, exit_code=3)
    assert "broken.json" in result.stderr
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_baseline_exit_3(tmp_path: Path, run_cli) -> None:
    (tmp_path / "scan.txt").write_text("nothing\n", encoding="utf-8")
    result = run_cli(["files", "scan.txt", "--baseline", "absent.json"], cwd=tmp_path, exit_code=3)
    assert "absent.json" in result.stderr
    assert "baseline create" in result.stderr


def test_load_error_type(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_baseline(str(tmp_path / "absent.json"))


def test_history_baseline(git_repo: Path, run_cli) -> None:
    """A baseline of a history scan suppresses a removed old leak; a later leak still fails."""
    _write_repo(git_repo)
    git(git_repo, "rm", "-q", "run.sh")
    git(git_repo, "commit", "-q", "-m", "remove the script")
    result = run_entry_point(["baseline", "create", "--history", "baseline.json"], git_repo, 0)
    assert "2 entries" in result.stdout
    commits = {entry.commit for entry in load_baseline(str(git_repo / "baseline.json")).entries}
    assert commits == {git(git_repo, "rev-parse", "HEAD~1").strip()}
    run_entry_point(["history", "--baseline", "baseline.json"], git_repo, 0)

    (git_repo / "new.env").write_text(f"VIAFOUNDRY_MCP_TOKEN={NEW}\n", encoding="utf-8")
    git(git_repo, "add", "new.env")
    git(git_repo, "commit", "-q", "-m", "add a new leak")
    result = run_entry_point(["history", "--baseline", "baseline.json", "--format", "json"], git_repo, 1)
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["new.env"]


def test_history_needs_one_path(git_repo: Path, tmp_path: Path, run_cli) -> None:
    result = run_cli(["baseline", "create", "--history", "b.json", str(git_repo), str(tmp_path)], exit_code=2)
    assert "one PATH" in result.stderr


def test_text_summary_counts_baselined(repo_with_baseline: Path, run_cli) -> None:
    result = run_cli(["files", ".", "--baseline", "baseline.json"], cwd=repo_with_baseline, exit_code=0)
    assert "2 in the baseline" in result.stdout
