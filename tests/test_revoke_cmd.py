"""`revoke --from`: re-reads tokens from the report's locations and revokes exactly the live ones."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import git, git_repo, run_cli  # noqa: F401
from fake_viafoundry import REVOKE_PATH, REVOKE_SETTINGS, FAST_SETTINGS, user_config, viafoundry  # noqa: F401
from scanner.fingerprints import sha256_hex
from tokens import alnum, mcp


def scan_to_json(run_cli, folder, url, report):
    run_cli(["files", str(folder), "--verify", "--viafoundry-url", url, "--format", "json", "-o", str(report)])


def test_revokes_exactly_live_then_nothing(tmp_path, run_cli, viafoundry, user_config):
    """Given two live and one revoked token, revoke sends two revocations; a second run sends none."""
    user_config(FAST_SETTINGS + REVOKE_SETTINGS)
    live_a, live_b, dead = mcp(1), alnum(2), mcp(3)
    viafoundry.live_tokens.update({live_a, live_b})
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "a.env").write_text(f"VIAFOUNDRY_TOKEN={live_a}\nOLD={dead}\n")
    (folder / "b.py").write_text(f'configure_auth_token(hostname="x", token="{live_b}")\n')
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, folder, viafoundry.url, report)

    args = ["revoke", "--from", str(report), "--root", str(folder), "--viafoundry-url", viafoundry.url, "--yes"]
    result = run_cli(args, exit_code=0)
    assert viafoundry.revoked_tokens == {live_a, live_b}
    assert viafoundry.live_tokens == set()
    assert len(viafoundry.requests_to(REVOKE_PATH)) == 2
    assert result.stdout.count(": revoked (on ") == 2
    for token in (live_a, live_b, dead):
        assert token.removeprefix("via_mcp_") not in result.stdout

    result = run_cli(args, exit_code=0)
    assert len(viafoundry.requests_to(REVOKE_PATH)) == 2
    assert "Nothing to revoke" in result.stdout


def test_payload_shape(tmp_path, run_cli, viafoundry, user_config):
    user_config(FAST_SETTINGS + REVOKE_SETTINGS)
    viafoundry.live_tokens.add(mcp(4))
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(4)}\n")
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, tmp_path, viafoundry.url, report)
    run_cli(["revoke", "--from", str(report), "--root", str(tmp_path), "--viafoundry-url", viafoundry.url,
             "--yes"], exit_code=0)
    (request,) = viafoundry.requests_to(REVOKE_PATH)
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == [
        {"token": mcp(4), "type": "viafoundry-mcp-token", "url": "a.env:1", "source": "content"}]


def test_prompt_declined_revokes_nothing(tmp_path, run_cli, viafoundry, user_config):
    user_config(FAST_SETTINGS + REVOKE_SETTINGS)
    viafoundry.live_tokens.add(mcp(5))
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(5)}\n")
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, tmp_path, viafoundry.url, report)
    result = run_cli(["revoke", "--from", str(report), "--root", str(tmp_path), "--viafoundry-url",
                      viafoundry.url], input="n\n", exit_code=0)
    assert "Revoke them now?" in result.stdout
    assert viafoundry.requests_to(REVOKE_PATH) == []
    assert viafoundry.live_tokens == {mcp(5)}


def test_changed_file_is_not_sent(tmp_path, run_cli, viafoundry, user_config):
    """A token replaced in the file after the scan no longer matches the hash and is not sent."""
    user_config(FAST_SETTINGS + REVOKE_SETTINGS)
    viafoundry.live_tokens.add(mcp(6))
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(6)}\n")
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, tmp_path, viafoundry.url, report)
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(7)}\n")
    checks_before = len(viafoundry.requests)
    result = run_cli(["revoke", "--from", str(report), "--root", str(tmp_path), "--viafoundry-url",
                      viafoundry.url, "--yes"], exit_code=4)
    assert "not found" in result.stdout
    assert "may still be live" in result.stderr
    assert len(viafoundry.requests) == checks_before


def test_unchecked_token_fails_revoke(tmp_path, run_cli, viafoundry, user_config):
    """A token the server could not judge (HTTP 500) is 'unknown', not 'not live', and fails the run."""
    from tests.fake_viafoundry import Scripted

    user_config(FAST_SETTINGS + REVOKE_SETTINGS)
    viafoundry.live_tokens.add(mcp(9))
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(9)}\n")
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, tmp_path, viafoundry.url, report)
    viafoundry.script.extend([Scripted(500)] * 3)
    result = run_cli(["revoke", "--from", str(report), "--root", str(tmp_path), "--viafoundry-url",
                      viafoundry.url, "--yes"], exit_code=4)
    assert ": unknown (" in result.stdout
    assert "not live" not in result.stdout
    assert "Nothing to revoke" not in result.stdout
    assert viafoundry.requests_to(REVOKE_PATH) == []


def test_history_location_read_with_git(git_repo, tmp_path, run_cli, viafoundry, user_config):
    """A token that only exists in an old commit is read back with git show COMMIT:PATH."""
    user_config(FAST_SETTINGS + REVOKE_SETTINGS)
    viafoundry.live_tokens.add(mcp(8))
    (git_repo / "config.env").write_text(f"# settings\nVIAFOUNDRY_TOKEN={mcp(8)}\n")
    git(git_repo, "add", "config.env")
    git(git_repo, "commit", "-q", "-m", "add config")
    commit = git(git_repo, "rev-parse", "HEAD").strip()
    git(git_repo, "rm", "-q", "config.env")
    git(git_repo, "commit", "-q", "-m", "remove config")
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"findings": [history_finding(mcp(8), "config.env", 2, commit)]}))
    result = run_cli(["revoke", "--from", str(report), "--root", str(git_repo), "--viafoundry-url",
                      viafoundry.url, "--yes"], exit_code=0)
    assert viafoundry.revoked_tokens == {mcp(8)}
    assert json.loads(viafoundry.requests_to(REVOKE_PATH)[0].body)[0]["source"] == "content"
    assert "revoked" in result.stdout


def test_no_revoke_endpoint_is_config_error(tmp_path, run_cli, viafoundry, user_config):
    viafoundry.live_tokens.add(mcp(9))
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(9)}\n")
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, tmp_path, viafoundry.url, report)
    requests_before = len(viafoundry.requests)
    result = run_cli(["revoke", "--from", str(report), "--root", str(tmp_path), "--viafoundry-url",
                      viafoundry.url, "--yes"], exit_code=3)
    assert "set [revoke] path" in result.stderr
    assert len(viafoundry.requests) == requests_before


def test_no_revoke_endpoint_checked_first(tmp_path, run_cli, viafoundry, user_config):
    """Without [revoke], revoke names the user config file and stops before any request or prompt."""
    config_path = user_config(FAST_SETTINGS)
    viafoundry.live_tokens.add(mcp(23))
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(23)}\n")
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, tmp_path, viafoundry.url, report)
    requests_before = len(viafoundry.requests)
    result = run_cli(["revoke", "--from", str(report), "--root", str(tmp_path), "--viafoundry-url",
                      viafoundry.url], input="y\n", exit_code=3)
    assert f"invalid configuration in {config_path}:" in result.stderr
    assert "Revoke them now?" not in result.stdout
    assert len(viafoundry.requests) == requests_before


def test_closed_stdin_revokes_nothing(tmp_path, run_cli, viafoundry, user_config):
    """With standard input closed and no --yes, the real program exits 2 and points to --yes."""
    user_config(FAST_SETTINGS + REVOKE_SETTINGS)
    viafoundry.live_tokens.add(mcp(24))
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(24)}\n")
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, tmp_path, viafoundry.url, report)
    result = subprocess.run([sys.executable, "-m", "scanner", "revoke", "--from", str(report), "--root",
                             str(tmp_path), "--viafoundry-url", viafoundry.url],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Nothing was revoked" in result.stderr
    assert "--yes" in result.stderr
    assert "interrupted" not in result.stderr
    assert viafoundry.requests_to(REVOKE_PATH) == []
    assert viafoundry.live_tokens == {mcp(24)}


def test_prompt_accepted_revokes(tmp_path, run_cli, viafoundry, user_config):
    user_config(FAST_SETTINGS + REVOKE_SETTINGS)
    viafoundry.live_tokens.add(mcp(25))
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(25)}\n")
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, tmp_path, viafoundry.url, report)
    result = run_cli(["revoke", "--from", str(report), "--root", str(tmp_path), "--viafoundry-url",
                      viafoundry.url], input="maybe\nyes\n", exit_code=0)
    assert "Please answer y or n." in result.stdout
    assert viafoundry.revoked_tokens == {mcp(25)}


def test_failed_revocation_exits_4(tmp_path, run_cli, viafoundry, user_config):
    user_config(FAST_SETTINGS + '[revoke]\npath = "/no-such-route"\nalready_revoked = []\n')
    viafoundry.live_tokens.add(mcp(10))
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(10)}\n")
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, tmp_path, viafoundry.url, report)
    result = run_cli(["revoke", "--from", str(report), "--root", str(tmp_path), "--viafoundry-url",
                      viafoundry.url, "--yes"], exit_code=4)
    assert "failed" in result.stdout


URL_SETTINGS = """location_url = "https://git.example.invalid/repo/blob/{commit}/{path}#L{line}"
commit_url = "https://git.example.invalid/repo/commit/{commit}"
"""


def test_payload_url_without_commit(tmp_path, run_cli, viafoundry, user_config):
    """A files-scan finding has no commit, so a blob URL template gives way to path:line."""
    user_config(FAST_SETTINGS + REVOKE_SETTINGS + URL_SETTINGS)
    viafoundry.live_tokens.add(mcp(19))
    (tmp_path / "a.env").write_text(f"# first\n# second\nVIAFOUNDRY_TOKEN={mcp(19)}\n")
    report = tmp_path / "scan.json"
    scan_to_json(run_cli, tmp_path, viafoundry.url, report)
    run_cli(["revoke", "--from", str(report), "--root", str(tmp_path), "--viafoundry-url", viafoundry.url,
             "--yes"], exit_code=0)
    (item,) = json.loads(viafoundry.requests_to(REVOKE_PATH)[0].body)
    assert item["url"] == "a.env:3"
    assert item["source"] == "content"


def test_payload_url_history_file(git_repo, tmp_path, run_cli, viafoundry, user_config):
    user_config(FAST_SETTINGS + REVOKE_SETTINGS + URL_SETTINGS)
    viafoundry.live_tokens.add(mcp(20))
    (git_repo / "app.env").write_text(f"# settings\nVIAFOUNDRY_TOKEN={mcp(20)}\n")
    git(git_repo, "add", "app.env")
    git(git_repo, "commit", "-q", "-m", "add settings")
    commit = git(git_repo, "rev-parse", "HEAD").strip()
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"findings": [history_finding(mcp(20), "app.env", 2, commit)]}))
    run_cli(["revoke", "--from", str(report), "--root", str(git_repo), "--viafoundry-url", viafoundry.url,
             "--yes"], exit_code=0)
    (item,) = json.loads(viafoundry.requests_to(REVOKE_PATH)[0].body)
    assert item["url"] == f"https://git.example.invalid/repo/blob/{commit}/app.env#L2"
    assert item["source"] == "content"


def test_payload_commit_message(git_repo, tmp_path, run_cli, viafoundry, user_config):
    """A token in a commit message is sent with source 'commit' and the commit's URL."""
    user_config(FAST_SETTINGS + REVOKE_SETTINGS + URL_SETTINGS)
    viafoundry.live_tokens.add(mcp(21))
    commit = commit_with_message(git_repo, f"Add config\n\ntoken: {mcp(21)}\n")
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"findings": [commit_message_finding(mcp(21), 3, commit)]}))
    run_cli(["revoke", "--from", str(report), "--root", str(git_repo), "--viafoundry-url", viafoundry.url,
             "--yes"], exit_code=0)
    (item,) = json.loads(viafoundry.requests_to(REVOKE_PATH)[0].body)
    assert item["url"] == f"https://git.example.invalid/repo/commit/{commit}"
    assert item["source"] == "commit"
    assert viafoundry.revoked_tokens == {mcp(21)}


def test_payload_commit_message_default_url(git_repo, tmp_path, run_cli, viafoundry, user_config):
    """Without commit_url, a commit message gets the commit id, not the file template with an empty path."""
    user_config(FAST_SETTINGS + REVOKE_SETTINGS + URL_SETTINGS.splitlines()[0] + "\n")
    viafoundry.live_tokens.add(mcp(22))
    commit = commit_with_message(git_repo, f"Add config\n\ntoken: {mcp(22)}\n")
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"findings": [commit_message_finding(mcp(22), 3, commit)]}))
    run_cli(["revoke", "--from", str(report), "--root", str(git_repo), "--viafoundry-url", viafoundry.url,
             "--yes"], exit_code=0)
    (item,) = json.loads(viafoundry.requests_to(REVOKE_PATH)[0].body)
    assert item["url"] == commit


def test_unknown_url_placeholder_rejected(tmp_path, run_cli, viafoundry, user_config):
    user_config(FAST_SETTINGS + REVOKE_SETTINGS + 'location_url = "https://x.invalid/{sha}/{path}"\n')
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"findings": []}))
    result = run_cli(["revoke", "--from", str(report), "--root", str(tmp_path), "--viafoundry-url",
                      viafoundry.url, "--yes"], exit_code=3)
    assert "not {sha}" in result.stderr


def commit_with_message(repo, message: str) -> str:
    """Commit a small file with ``message`` and return the commit id."""
    (repo / "notes.txt").write_text(message.splitlines()[0] + "\n")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def commit_message_finding(secret: str, line: int, commit: str) -> dict:
    """Return a finding in a commit message as history mode writes it in a JSON report."""
    return dict(history_finding(secret, "unused", line, commit), path=None, source="commit-message")


def history_finding(secret: str, path: str, line: int, commit: str) -> dict:
    """Return a finding as history mode writes it in a JSON report."""
    return {
        "rule_id": "viafoundry-mcp-token", "secret_sha256": sha256_hex(secret), "redacted": "via_mcp_abcd...wxyz",
        "path": path, "line": line, "column": None, "commit": commit, "source": "file",
        "commit_info": {"sha": commit, "author_name": "Test", "author_email": "test@example.invalid",
                        "date": "2024-01-02T03:04:05+00:00"},
        "other_locations": [], "host_hint": None, "verification": {"status": "live", "reason": "HTTP 200"},
    }
