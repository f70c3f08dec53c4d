"""`report --from` and `--format revocation`: live tokens first, with host, locations and steps."""
from __future__ import annotations

import json

from conftest import run_cli  # noqa: F401
from fake_viafoundry import user_config, viafoundry  # noqa: F401
from test_revoke_cmd import history_finding
from tokens import alnum, mcp


def scan(tmp_path, run_cli, viafoundry, *extra):
    viafoundry.live_tokens.add(mcp(1))
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(1)}\n")
    (folder / "b.env").write_text(f"# again\nVIAFOUNDRY_TOKEN={mcp(1)}\n")
    (folder / "c.py").write_text(f'configure_auth_token(token="{alnum(2)}")\n')
    return run_cli(["files", str(folder), "--verify", "--viafoundry-url", viafoundry.url, *extra])


def test_markdown_report(tmp_path, run_cli, viafoundry, user_config):
    report = tmp_path / "scan.json"
    scan(tmp_path, run_cli, viafoundry, "--format", "json", "-o", str(report))
    result = run_cli(["report", "--from", str(report)], exit_code=0)
    text = result.stdout
    assert text.startswith("# ViaFoundry token revocation report")
    assert "1 live token(s) to revoke now; 0 unknown, 0 not checked, 1 already revoked or invalid." in text
    live_section = text.split("## 1. ")[1].split("## Tokens not confirmed live")[0]
    assert f"Live on: {viafoundry.url} (HTTP 200)" in live_section
    assert "`a.env:1`" in live_section
    assert "`b.env:2`" in live_section
    assert "Steps to revoke:" in live_section
    assert "| revoked | HTTP 401 |" in text
    assert mcp(1).removeprefix("via_mcp_") not in text


def test_json_report(tmp_path, run_cli, viafoundry, user_config):
    report = tmp_path / "scan.json"
    scan(tmp_path, run_cli, viafoundry, "--format", "json", "-o", str(report))
    data = json.loads(run_cli(["report", "--from", str(report), "--format", "json"], exit_code=0).stdout)
    statuses = [token["status"] for token in data["tokens"]]
    assert statuses == ["live", "revoked"]
    assert data["tokens"][0]["type"] == "MCP"
    assert len(data["tokens"][0]["locations"]) == 2


def test_first_commit_shown(tmp_path, run_cli):
    older = history_finding(mcp(3), "x.env", 1, "a" * 40)
    newer = dict(history_finding(mcp(3), "y.env", 4, "b" * 40),
                 commit_info={"sha": "b" * 40, "author_name": "Later", "author_email": "l@example.invalid",
                              "date": "2025-05-05T00:00:00+00:00"})
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"findings": [newer, older]}))
    text = run_cli(["report", "--from", str(report)], exit_code=0).stdout
    assert "First leaked in: commit `aaaaaaaaaaaa` on 2024-01-02T03:04:05+00:00 by Test" in text
    assert "`y.env:4 in commit bbbbbbbbbbbb`" in text


def test_revocation_format_on_scan(tmp_path, run_cli, viafoundry, user_config):
    result = scan(tmp_path, run_cli, viafoundry, "--format", "revocation")
    assert result.exit_code == 1
    assert "## 1. `via_mcp_" in result.stdout


def test_bad_report_file(tmp_path, run_cli):
    missing = run_cli(["report", "--from", str(tmp_path / "nope.json")], exit_code=2)
    assert "nope.json: file not found" in missing.stderr
    (tmp_path / "bad.json").write_text('{"findings": [{"line": 1}]}')
    bad = run_cli(["report", "--from", str(tmp_path / "bad.json")], exit_code=2)
    assert "finding 1 lacks rule_id, secret_sha256, redacted" in bad.stderr


def test_copied_file_listed_once(tmp_path, run_cli):
    """A history token in a file and its copy lists each place once in the revocation report."""
    from gitrepo import GitRepo

    repo = GitRepo(tmp_path / "repo")
    token = alnum(9901)
    repo.commit_file("deploy.env", f"VIAFOUNDRY_TOKEN={token}\n", "add deploy settings")
    repo.commit_file("deploy2.env", f"VIAFOUNDRY_TOKEN={token}\n", "copy deploy settings")
    report = tmp_path / "scan.json"
    run_cli(["history", str(repo.path), "--format", "json", "-o", str(report)], exit_code=1)
    result = run_cli(["report", "--from", str(report), "--format", "json"], exit_code=0)
    (entry,) = json.loads(result.stdout)["tokens"]
    places = [(location["path"], location["line"]) for location in entry["locations"]]
    assert sorted(places) == [("deploy.env", 1), ("deploy2.env", 1)]
