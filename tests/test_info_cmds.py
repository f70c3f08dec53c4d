"""`rules` lists the active rules with their source; `config check` validates the configuration."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reporting import make_finding
from tests.tokens import mcp

EXTRA_RULE = """
disabled_rules = ["viafoundry-general-token"]

[[rules]]
id = "viafoundry-staging-token"
description = "Staging token of a private ViaFoundry deployment"
pattern = '''stg_[A-Za-z0-9]{40}'''
keywords = ["stg_"]
"""


@pytest.fixture
def configured(tmp_path: Path) -> Path:
    (tmp_path / ".viafoundry-scan.toml").write_text(EXTRA_RULE, encoding="utf-8")
    return tmp_path


def test_rules_shipped(tmp_path: Path, run_cli) -> None:
    result = run_cli(["rules", str(tmp_path), "--format", "json"], exit_code=0)
    document = json.loads(result.stdout)
    sources = {rule["id"]: Path(rule["source_file"]).name for rule in document["rules"]}
    assert sources == {
        "viafoundry-mcp-token": "viafoundry-mcp-token.toml",
        "viafoundry-general-token": "viafoundry-general-token.toml",
    }
    assert document["config"].startswith("none")


def test_rules_with_config(configured: Path, run_cli) -> None:
    result = run_cli(["rules", str(configured)], exit_code=0)
    assert "viafoundry-staging-token" in result.stdout
    assert f"source: {configured / '.viafoundry-scan.toml'}" in result.stdout
    assert "viafoundry-general-token" not in result.stdout
    assert "2 active rule(s)" in result.stdout


def test_config_check_valid(configured: Path, run_cli) -> None:
    result = run_cli(["config", "check", str(configured)], cwd=configured, exit_code=0)
    assert "The configuration is valid." in result.stdout
    assert "2 active" in result.stdout


def test_config_check_bad_toml(tmp_path: Path, run_cli) -> None:
    (tmp_path / ".viafoundry-scan.toml").write_text("min_confidence = \n", encoding="utf-8")
    result = run_cli(["config", "check", str(tmp_path)], exit_code=3)
    assert ".viafoundry-scan.toml" in result.stderr
    assert "not valid TOML" in result.stderr


def test_config_check_bad_regex(tmp_path: Path, run_cli) -> None:
    (tmp_path / "custom.toml").write_text(
        '[[rules]]\nid = "broken-rule"\ndescription = "x"\npattern = "(unclosed"\n', encoding="utf-8"
    )
    result = run_cli(["config", "check", "--config", str(tmp_path / "custom.toml")], exit_code=3)
    assert "broken-rule" in result.stderr
    assert "custom.toml" in result.stderr


def test_config_check_failing_example(configured: Path, run_cli) -> None:
    with (configured / ".viafoundry-scan.toml").open("a", encoding="utf-8") as stream:
        stream.write('\n[rules.examples]\npositive = ["stg_tooshort"]\n')
    result = run_cli(["config", "check", str(configured)], exit_code=3)
    assert "positive example is not reported" in result.stderr


def test_config_check_unknown_key_warns(tmp_path: Path, run_cli) -> None:
    (tmp_path / ".viafoundry-scan.toml").write_text("colour = 'blue'\n", encoding="utf-8")
    result = run_cli(["config", "check", str(tmp_path)], exit_code=0)
    assert "colour" in result.stderr


def test_config_check_ignore_file(tmp_path: Path, run_cli) -> None:
    (tmp_path / ".git").mkdir()
    ignore = tmp_path / ".viafoundry-scan-ignore"
    ignore.write_text(make_finding(mcp(81)).fingerprint + "  # fixture\n", encoding="utf-8")
    result = run_cli(["config", "check"], cwd=tmp_path, exit_code=0)
    assert "(1 fingerprints)" in result.stdout
    ignore.write_text("nonsense\n", encoding="utf-8")
    result = run_cli(["config", "check"], cwd=tmp_path, exit_code=3)
    assert "line 1" in result.stderr


def test_config_check_baseline(tmp_path: Path, run_cli) -> None:
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    result = run_cli(["config", "check", str(tmp_path), "--baseline", str(tmp_path / "b.json")], exit_code=3)
    assert "b.json" in result.stderr


def test_config_check_plain_http_verify(tmp_path: Path, run_cli, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (tmp_path / "verify.toml").write_text('[verify]\nurl = "http://example.invalid"\n', encoding="utf-8")
    result = run_cli(["config", "check", str(tmp_path), "--config", str(tmp_path / "verify.toml")], exit_code=3)
    assert "verify.toml" in result.stderr
    assert "plain http" in result.stderr


def test_config_check_broken_user_config(tmp_path: Path, run_cli, monkeypatch) -> None:
    user_file = tmp_path / "xdg" / "viafoundry-scan" / "config.toml"
    user_file.parent.mkdir(parents=True)
    user_file.write_text("[verify\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (tmp_path / "project").mkdir()
    result = run_cli(["config", "check", str(tmp_path / "project")], exit_code=3)
    assert str(user_file) in result.stderr


def test_config_check_reports_verify_hosts(tmp_path: Path, run_cli, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (tmp_path / "verify.toml").write_text('[verify]\nurl = "https://acme.viafoundry.com"\n', encoding="utf-8")
    result = run_cli(["config", "check", str(tmp_path), "--config", str(tmp_path / "verify.toml")], exit_code=0)
    assert "hosts https://acme.viafoundry.com" in result.stdout
