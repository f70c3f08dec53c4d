"""`viafoundry-scan files` end to end through click's runner, plus a few real processes."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import findings_of
from tests.tokens import alnum, hex_token, mcp

SCANNER = shutil.which("viafoundry-scan") or os.path.join(os.path.dirname(sys.executable), "viafoundry-scan")


@pytest.fixture
def project(tmp_path):
    """A folder with one general token in .env and one MCP token in .cursor/mcp.json."""
    folder = tmp_path / "project"
    (folder / ".cursor").mkdir(parents=True)
    (folder / ".env").write_text(f"A=1\nVIAFOUNDRY_TOKEN={alnum(401)}\n")
    (folder / ".cursor" / "mcp.json").write_text(
        f'{{"mcpServers": {{"viafoundry": {{"env": {{"VIAFOUNDRY_MCP_TOKEN": "{mcp(402)}"}}}}}}}}\n'
    )
    return folder


@pytest.fixture
def clean(tmp_path):
    folder = tmp_path / "clean"
    folder.mkdir()
    (folder / "README.md").write_text("Set VIAFOUNDRY_TOKEN=${VIAFOUNDRY_TOKEN} before running.\n")
    return folder


def test_exit_clean_is_0(run_cli, clean):
    result = run_cli(["files", str(clean)], exit_code=0)
    assert "No ViaFoundry tokens found" in result.stdout


def test_exit_findings_is_1(run_cli, project):
    run_cli(["files", str(project)], exit_code=1)


def test_exit_zero_flag(run_cli, project):
    run_cli(["files", str(project), "--exit-zero"], exit_code=0)


def test_exit_missing_path_is_2(run_cli, tmp_path):
    result = run_cli(["files", str(tmp_path / "nope")], exit_code=2)
    assert "does not exist" in result.stderr


def test_exit_bad_option_is_2(run_cli, clean):
    run_cli(["files", str(clean), "--min-confidence", "extreme"], exit_code=2)


def test_exit_bad_config_is_3(run_cli, clean, tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('[[rules]]\nid = "viafoundry-mcp-token"\npattern = "(via_mcp_"\n')
    result = run_cli(["files", str(clean), "--config", str(config)], exit_code=3)
    assert str(config) in result.stderr
    assert "rule 'viafoundry-mcp-token'" in result.stderr
    assert "not a valid regex" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_exit_unreadable_file_is_4(run_cli, tmp_path):
    """/proc/self/mem is a regular file whose first page cannot be read, even by root."""
    result = run_cli(["files", "/proc/self/mem"], exit_code=4)
    assert "could not read" in result.stderr


def test_text_report_block(run_cli, project):
    result = run_cli(["files", str(project)], exit_code=1)
    token = alnum(401)
    assert ".env:2:18: viafoundry-general-token [high]" in result.stdout
    assert f"token:  {token[:4]}...{token[-4:]}" in result.stdout
    assert "Personal Access Tokens" in result.stdout
    assert "Found 2 ViaFoundry tokens" in result.stdout


def test_text_redacts_by_default(run_cli, project):
    result = run_cli(["files", str(project)], exit_code=1)
    assert alnum(401) not in result.stdout + result.stderr
    assert mcp(402)[8:] not in result.stdout + result.stderr
    assert "via_mcp_" + mcp(402)[8:12] + "..." in result.stdout


def test_json_redacts_by_default(run_cli, project):
    result = run_cli(["files", str(project), "--format", "json"], exit_code=1)
    assert alnum(401) not in result.stdout
    assert mcp(402)[8:] not in result.stdout
    assert all("secret" not in finding for finding in findings_of(result))


def test_debug_log_redacts(run_cli, project):
    result = run_cli(["files", str(project), "--debug", "-v"], exit_code=1)
    assert alnum(401) not in result.stdout + result.stderr


def test_no_redact_shows_token(run_cli, project):
    text = run_cli(["files", str(project), "--no-redact"], exit_code=1)
    report = run_cli(["files", str(project), "--no-redact", "--format", "json"], exit_code=1)
    assert alnum(401) in text.stdout
    assert sorted(f["secret"] for f in findings_of(report)) == sorted([alnum(401), mcp(402)])


def test_json_finding_fields(run_cli, project):
    result = run_cli(["files", str(project), "--format", "json"], exit_code=1)
    document = json.loads(result.stdout)
    by_path = {f["path"]: f for f in document["findings"]}
    general = by_path[".env"]
    assert general["rule_id"] == "viafoundry-general-token"
    assert general["confidence"] == "high"
    assert general["source"] == "file"
    assert (general["line"], general["column"]) == (2, 18)
    assert general["commit"] is None
    assert general["secret_sha256"] == hashlib.sha256(alnum(401).encode()).hexdigest()
    assert len(general["fingerprint"]) >= 16
    assert by_path[".cursor/mcp.json"]["rule_id"] == "viafoundry-mcp-token"
    assert document["stats"]["findings"] == 2


def test_fingerprint_stable_across_line_moves(run_cli, tmp_path):
    token = alnum(403)
    (tmp_path / ".env").write_text(f"VIAFOUNDRY_TOKEN={token}\n")
    before = findings_of(run_cli(["files", str(tmp_path), "--format", "json"], exit_code=1))
    (tmp_path / ".env").write_text(f"# moved\n\nVIAFOUNDRY_TOKEN={token}\n")
    after = findings_of(run_cli(["files", str(tmp_path), "--format", "json"], exit_code=1))
    assert before[0]["fingerprint"] == after[0]["fingerprint"]
    assert before[0]["line"] != after[0]["line"]


def test_fingerprint_not_token_hash(run_cli, project):
    finding = findings_of(run_cli(["files", str(project), "--format", "json"], exit_code=1))[0]
    assert finding["fingerprint"] not in finding["secret_sha256"]


def test_output_file(run_cli, project, tmp_path):
    out = tmp_path / "report.json"
    result = run_cli(["files", str(project), "--format", "json", "--output", str(out)], exit_code=1)
    assert result.stdout == ""
    assert len(json.loads(out.read_text())["findings"]) == 2


def test_stdin_dash(run_cli, tmp_path):
    token = mcp(404)
    data = f"line one\nexport VIAFOUNDRY_MCP_TOKEN={token}\n".encode()
    result = run_cli(["files", "-", "--format", "json"], input=data, cwd=tmp_path, exit_code=1)
    findings = findings_of(result)
    assert [(f["path"], f["source"], f["line"], f["column"]) for f in findings] == [("<stdin>", "stdin", 2, 29)]


def test_stdin_utf16(run_cli, tmp_path):
    data = f"VIAFOUNDRY_TOKEN={alnum(405)}\n".encode("utf-16")
    result = run_cli(["files", "-", "--format", "json"], input=data, cwd=tmp_path, exit_code=1)
    assert [(f["line"], f["column"]) for f in findings_of(result)] == [(1, 18)]


def test_inline_allow_counted(run_cli, tmp_path):
    (tmp_path / ".env").write_text(f"VIAFOUNDRY_TOKEN={alnum(406)}  # viafoundry-scan: allow\n")
    result = run_cli(["files", str(tmp_path), "--format", "json"], exit_code=0)
    document = json.loads(result.stdout)
    assert document["findings"] == []
    assert document["stats"]["allowed"] == 1


def test_other_tool_marker_ignored_by_default(run_cli, tmp_path):
    (tmp_path / ".env").write_text(
        f"A={alnum(407)}  # gitleaks:allow\nB={alnum(408)}  # pragma: allowlist secret\n"
    )
    result = run_cli(["files", str(tmp_path), "--format", "json"], exit_code=1)
    assert len(findings_of(result)) == 2


def test_other_tool_marker_when_configured(run_cli, tmp_path):
    scanned = tmp_path / "scanned"
    scanned.mkdir()
    (scanned / ".env").write_text(
        f"A={alnum(409)}  # gitleaks:allow\nB={alnum(410)}  # pragma: allowlist secret\n"
    )
    config = tmp_path / "c.toml"
    config.write_text('allow_markers = ["gitleaks:allow", "pragma: allowlist secret"]\n')
    result = run_cli(["files", str(scanned), "--config", str(config), "--format", "json"], exit_code=0)
    assert json.loads(result.stdout)["stats"]["allowed"] == 2


def test_min_confidence_low_shows_digest(run_cli, tmp_path):
    (tmp_path / "vectors.txt").write_text(f"{hex_token(411)}\n")
    run_cli(["files", str(tmp_path)], exit_code=0)
    result = run_cli(["files", str(tmp_path), "--min-confidence", "low", "--format", "json"], exit_code=1)
    assert [f["confidence"] for f in findings_of(result)] == ["low"]


def test_min_confidence_high_hides_medium(run_cli, tmp_path):
    (tmp_path / "notes.txt").write_text(f"key {alnum(412)}\n")
    run_cli(["files", str(tmp_path)], exit_code=1)
    result = run_cli(["files", str(tmp_path), "--min-confidence", "high", "--format", "json"], exit_code=0)
    assert json.loads(result.stdout)["stats"]["below_confidence"] == 1


def test_min_confidence_option_beats_config(run_cli, tmp_path):
    (tmp_path / "notes.txt").write_text(f"key {alnum(413)}\n")
    (tmp_path / ".viafoundry-scan.toml").write_text('min_confidence = "high"\n')
    run_cli(["files", str(tmp_path)], exit_code=0)
    run_cli(["files", str(tmp_path), "--min-confidence", "medium"], exit_code=1)


def test_repo_config_file_applies(run_cli, tmp_path):
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / ".env").write_text(f"VIAFOUNDRY_TOKEN={alnum(414)}\n")
    (tmp_path / ".viafoundry-scan.toml").write_text('exclude = ["fixtures/"]\n')
    run_cli(["files", str(tmp_path)], exit_code=0)


def test_pyproject_table_applies(run_cli, tmp_path):
    (tmp_path / ".env").write_text(f"VIAFOUNDRY_TOKEN={alnum(415)}\n")
    (tmp_path / "pyproject.toml").write_text('[tool.viafoundry-scan]\ndisabled_rules = ["viafoundry-general-token"]\n')
    run_cli(["files", str(tmp_path)], exit_code=0)


def test_environment_config_beats_repo_file(run_cli, tmp_path):
    scanned = tmp_path / "scanned"
    scanned.mkdir()
    (scanned / ".env").write_text(f"VIAFOUNDRY_TOKEN={alnum(416)}\n")
    (scanned / ".viafoundry-scan.toml").write_text('exclude = [".env"]\n')
    env_config = tmp_path / "env.toml"
    env_config.write_text('min_confidence = "medium"\n')
    run_cli(["files", str(scanned)], exit_code=0)
    run_cli(["files", str(scanned)], env={"VIAFOUNDRY_SCAN_CONFIG": str(env_config)}, exit_code=1)


def test_config_option_beats_environment(run_cli, tmp_path):
    (tmp_path / "scanned").mkdir()
    (tmp_path / "scanned" / ".env").write_text(f"VIAFOUNDRY_TOKEN={alnum(417)}\n")
    quiet = tmp_path / "quiet.toml"
    quiet.write_text('disabled_rules = ["viafoundry-general-token"]\n')
    loud = tmp_path / "loud.toml"
    loud.write_text('min_confidence = "medium"\n')
    args = ["files", str(tmp_path / "scanned"), "--config", str(quiet)]
    run_cli(args, env={"VIAFOUNDRY_SCAN_CONFIG": str(loud)}, exit_code=0)


def test_user_rule_finds_its_token(run_cli, tmp_path):
    (tmp_path / "scanned").mkdir()
    (tmp_path / "scanned" / "a.txt").write_text("key = ik_" + alnum(420).lower()[:32] + "\n")
    config = tmp_path / "c.toml"
    config.write_text(
        '[[rules]]\nid = "internal-key"\ndescription = "Internal key"\n'
        "pattern = '''(ik_[a-z0-9]{32})'''\nsecret_group = 1\nkeywords = [\"ik_\"]\n"
    )
    result = run_cli(["files", str(tmp_path / "scanned"), "--config", str(config), "--format", "json"], exit_code=1)
    assert [(f["rule_id"], f["column"]) for f in findings_of(result)] == [("internal-key", 7)]


def test_rule_override_allowlist_value(run_cli, tmp_path):
    token = alnum(418)
    (tmp_path / "scanned").mkdir()
    (tmp_path / "scanned" / ".env").write_text(f"VIAFOUNDRY_TOKEN={token}\n")
    config = tmp_path / "c.toml"
    config.write_text(
        f'[[rules]]\nid = "viafoundry-general-token"\n[rules.allowlist]\nvalues = ["^{token[:12]}"]\n'
    )
    run_cli(["files", str(tmp_path / "scanned"), "--config", str(config)], exit_code=0)


def test_help_states_precedence_and_exit_codes(run_cli):
    result = run_cli(["--help"], exit_code=0)
    assert "VIAFOUNDRY_SCAN_CONFIG" in result.stdout
    assert ".viafoundry-scan.toml" in result.stdout
    assert "invalid config or rule file" in result.stdout


def _run_installed(args, cwd, **kwargs):
    return subprocess.run([SCANNER, *args], cwd=cwd, capture_output=True, text=True, timeout=120, **kwargs)


def test_installed_command_reports_findings(project):
    result = _run_installed(["files", ".", "--format", "json"], cwd=project)
    assert result.returncode == 1, result.stderr
    assert sorted(f["path"] for f in json.loads(result.stdout)["findings"]) == [".cursor/mcp.json", ".env"]


def test_installed_command_bad_config_no_traceback(clean, tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("rules = 3\n")
    result = _run_installed(["files", ".", "--config", str(config)], cwd=clean)
    assert result.returncode == 3
    assert str(config) in result.stderr
    assert "Traceback" not in result.stderr


def test_installed_command_stdin(tmp_path):
    result = _run_installed(["files", "-"], cwd=tmp_path, input=f"t={mcp(419)}\n")
    assert result.returncode == 1
    assert "<stdin>:1:3: viafoundry-mcp-token" in result.stdout


def test_exclude_flag(run_cli, project):
    result = run_cli(["files", str(project), "--exclude", ".cursor/", "--format", "json"], exit_code=1)
    assert [f["path"] for f in findings_of(result)] == [".env"]


def test_respect_gitignore_flag(run_cli, git_repo):
    (git_repo / ".gitignore").write_text(".env\n")
    (git_repo / ".env").write_text(f"VIAFOUNDRY_TOKEN={alnum(421)}\n")
    run_cli(["files", str(git_repo)], exit_code=1)
    run_cli(["files", str(git_repo), "--respect-gitignore"], exit_code=0)


def test_verbose_logs_skipped_binary(run_cli, tmp_path):
    (tmp_path / "blob.bin").write_bytes(b"\0\1\2\3" * 100)
    result = run_cli(["files", str(tmp_path), "-v"], exit_code=0)
    assert "skipped binary file blob.bin" in result.stderr


def test_installed_command_interrupted_is_130(tmp_path):
    """An interrupted scan (Ctrl-C while it waits on stdin) exits 130.

    --debug logs the versions before the scan starts, so the first stderr
    line shows that the command runs and waits on stdin.
    """
    import signal

    process = subprocess.Popen([SCANNER, "files", "-", "--debug"], cwd=tmp_path, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first_line = process.stderr.readline()
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert b"viafoundry-scan" in first_line
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr
