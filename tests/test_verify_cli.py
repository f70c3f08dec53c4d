"""--verify through the CLI: which hosts are contacted, gating and inline allow markers."""
from __future__ import annotations

import json

from conftest import findings_of, run_cli  # noqa: F401
from fake_viafoundry import CHECK_PATH, FAST_SETTINGS, FakeViaFoundry, Scripted, user_config, viafoundry  # noqa: F401
from tokens import alnum, mcp


def test_hint_host_not_contacted(tmp_path, run_cli, viafoundry, user_config):
    """Given a token next to the URL of a second server, only the configured server is asked."""
    with FakeViaFoundry({mcp(1)}) as second:
        (tmp_path / "mcp.json").write_text(
            json.dumps({"url": second.url + "/mcp", "env": {"VIAFOUNDRY_TOKEN": mcp(1)}}))
        result = run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url,
                          "--format", "json"], exit_code=1)
        assert second.requests == []
    assert len(viafoundry.requests_to(CHECK_PATH)) == 1
    verification = findings_of(result)[0]["verification"]
    assert verification["status"] == "revoked"
    assert second.netloc in verification["hint_not_contacted"]


def test_allowed_host_is_contacted(tmp_path, run_cli, viafoundry, user_config):
    with FakeViaFoundry({mcp(1)}) as second:
        user_config(f'[verify]\nallowed_hosts = ["{second.url}"]\nbackoff = 0.01\n')
        (tmp_path / "a.env").write_text(f"VIAFOUNDRY_HOST={second.url}\nVIAFOUNDRY_TOKEN={mcp(1)}\n")
        result = run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url,
                          "--format", "json"], exit_code=1)
        assert len(second.requests) == 1
    verification = findings_of(result)[0]["verification"]
    assert verification["status"] == "live"
    assert verification["host"] == second.url


def test_repo_config_cannot_add_hosts(tmp_path, run_cli, viafoundry, user_config):
    with FakeViaFoundry({mcp(1)}) as second:
        (tmp_path / ".viafoundry-scan.toml").write_text(
            f'[verify]\nurl = "{second.url}"\nallowed_hosts = ["{second.url}"]\n')
        (tmp_path / "a.env").write_text(f"URL={second.url}\nVIAFOUNDRY_TOKEN={mcp(1)}\n")
        result = run_cli(["files", str(tmp_path), "--verify", "--format", "json"], exit_code=1)
        assert second.requests == []
    assert "are ignored in a config file inside the scanned folder" in result.stderr
    assert findings_of(result)[0]["verification"]["status"] == "not_checked"


def test_url_from_environment(tmp_path, run_cli, viafoundry, user_config, monkeypatch):
    viafoundry.live_tokens.add(mcp(2))
    monkeypatch.setenv("VIAFOUNDRY_URL", viafoundry.url)
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(2)}\n")
    result = run_cli(["files", str(tmp_path), "--verify", "--format", "json"], exit_code=1)
    assert findings_of(result)[0]["verification"]["status"] == "live"


def test_plain_http_to_other_host_rejected(tmp_path, run_cli, user_config):
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(2)}\n")
    result = run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", "http://viafoundry.example"],
                     exit_code=2)
    assert "'http://viafoundry.example' uses plain http" in result.stderr


def test_plain_http_in_config_is_config_error(tmp_path, run_cli, user_config):
    user_config('[verify]\nurl = "http://viafoundry.example"\n')
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(2)}\n")
    result = run_cli(["files", str(tmp_path), "--verify"], exit_code=3)
    assert "uses plain http" in result.stderr


def test_only_live_needs_verify(tmp_path, run_cli):
    result = run_cli(["files", str(tmp_path), "--only-live"], exit_code=2)
    assert "need --verify" in result.stderr


def test_no_request_without_verify(tmp_path, run_cli, viafoundry, user_config, monkeypatch):
    monkeypatch.setenv("VIAFOUNDRY_URL", viafoundry.url)
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(2)}\n")
    run_cli(["files", str(tmp_path)], exit_code=1)
    assert viafoundry.requests == []


def test_only_live_and_fail_on_live(tmp_path, run_cli, viafoundry, user_config):
    viafoundry.live_tokens.add(mcp(3))
    (tmp_path / "live.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(3)}\n")
    (tmp_path / "old.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(4)}\n")
    base = ["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url, "--format", "json"]
    result = run_cli(base + ["--only-live"], exit_code=1)
    assert [f["path"] for f in findings_of(result)] == ["live.env"]
    (tmp_path / "live.env").unlink()
    result = run_cli(base + ["--fail-on", "live"], exit_code=0)
    assert findings_of(result)[0]["verification"]["status"] == "revoked"
    run_cli(base + ["--fail-on", "any"], exit_code=1)


def test_fail_on_live_fails_closed_on_unknown(tmp_path, run_cli, viafoundry, user_config):
    viafoundry.hang = True
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(3)}\n")
    result = run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url,
                      "--fail-on", "live", "--format", "json"], exit_code=1)
    assert findings_of(result)[0]["verification"]["status"] == "unknown"


def test_allow_marker_does_not_waive_live(tmp_path, run_cli, viafoundry, user_config):
    viafoundry.live_tokens.add(mcp(5))
    (tmp_path / "live.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(5)}  # viafoundry-scan: allow\n")
    (tmp_path / "old.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(6)}  # viafoundry-scan: allow\n")
    result = run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url,
                      "--format", "json"], exit_code=1)
    findings = findings_of(result)
    assert [f["path"] for f in findings] == ["live.env"]
    assert "inline allow marker" in findings[0]["verification"]["note"]
    assert json.loads(result.stdout)["stats"]["allowed"] == 1


def test_one_request_per_distinct_token(tmp_path, run_cli, viafoundry, user_config):
    for name in ("a.env", "b.env", "c.env"):
        (tmp_path / name).write_text(f"VIAFOUNDRY_TOKEN={alnum(7)}\n")
    result = run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url,
                      "--format", "json"], exit_code=1)
    assert len(findings_of(result)) == 3
    assert len(viafoundry.requests) == 1


def test_only_live_gate_counts_unknown(tmp_path, run_cli, viafoundry, user_config):
    """--only-live hides two unchecked tokens (500 and 429 responses), yet --fail-on live still fails."""
    user_config(FAST_SETTINGS.replace("[verify]", "[verify]\nconcurrency = 1"))
    viafoundry.script.extend([Scripted(500)] * 3 + [Scripted(429, {"Retry-After": "0"})] * 3)
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(11)}\n")
    (tmp_path / "b.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(12)}\n")
    base = ["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url, "--fail-on", "live"]
    result = run_cli(base + ["--only-live"], exit_code=1)
    assert "No ViaFoundry tokens found" in result.stdout
    assert "2 tokens not shown: 2 unknown (could not be checked); drop --only-live" in result.stderr
    assert viafoundry.script == []


def test_only_live_names_hidden_statuses(tmp_path, run_cli, viafoundry, user_config):
    """Given one unknown and one revoked token, --only-live counts both on stderr and the scan fails."""
    user_config(FAST_SETTINGS.replace("[verify]", "[verify]\nconcurrency = 1"))
    viafoundry.script.extend([Scripted(500)] * 3)
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(13)}\n")
    (tmp_path / "b.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(14)}\n")
    base = ["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url, "--only-live"]
    result = run_cli(base + ["--fail-on", "live"], exit_code=1)
    assert "2 tokens not shown: 1 unknown (could not be checked), 1 revoked;" in result.stderr
    assert mcp(13).removeprefix("via_mcp_") not in result.stderr
    viafoundry.script.extend([Scripted(500)] * 3)
    run_cli(base, exit_code=1)


def test_only_live_all_revoked_passes(tmp_path, run_cli, viafoundry, user_config):
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(15)}\n")
    base = ["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url, "--only-live"]
    result = run_cli(base + ["--fail-on", "live"], exit_code=0)
    assert "1 token not shown: 1 revoked; drop --only-live to see them" in result.stderr


def test_text_revoked_token_wording(tmp_path, run_cli, viafoundry, user_config):
    """A revoked token is shown under 'check:', and its advice does not ask to revoke it again."""
    (tmp_path / "old.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(16)}\n")
    result = run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url], exit_code=1)
    assert "    check:  revoked (HTTP 401)" in result.stdout
    assert "live:" not in result.stdout
    fix = next(line for line in result.stdout.splitlines() if line.startswith("    fix:"))
    assert "revoke it" not in fix
    assert "already rejects this token" in fix
    assert "git history" in fix


def test_text_live_token_keeps_advice(tmp_path, run_cli, viafoundry, user_config):
    viafoundry.live_tokens.add(mcp(17))
    (tmp_path / "live.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(17)}\n")
    result = run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url], exit_code=1)
    assert "    check:  live (HTTP 200)" in result.stdout
    assert "    fix:    revoke it in ViaFoundry" in result.stdout


def test_text_allowed_live_token_explained(tmp_path, run_cli, viafoundry, user_config):
    """A live token on a line with an allow marker is explained in the text report."""
    viafoundry.live_tokens.add(mcp(18))
    (tmp_path / "live.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(18)}  # viafoundry-scan: allow\n")
    result = run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url], exit_code=1)
    assert "    note:   the line carries an inline allow marker, but a live token is always reported" in result.stdout
