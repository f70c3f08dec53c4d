"""No token text in logs (at --debug), reports, the cache, or error messages."""
from __future__ import annotations

import json
import logging
import os
import stat

import pytest

from conftest import run_cli  # noqa: F401
from fake_viafoundry import FakeViaFoundry, Scripted, user_config, viafoundry  # noqa: F401
from scanner.errors import ConfigError
from scanner.verify.template import parse_revoke
from tokens import alnum, mcp


def _body(token: str) -> str:
    return token.removeprefix("via_mcp_")


def test_debug_logs_report_and_cache_hold_no_token(tmp_path, run_cli, viafoundry, user_config, capfd):
    """Given live, revoked and flaky tokens, when scanning with --debug and a cache, no token text leaks."""
    live, dead, flaky = mcp(1), alnum(2), mcp(3)
    viafoundry.live_tokens.add(live)
    viafoundry.script.append(Scripted(429, {"Retry-After": "0"}))
    cache = tmp_path / "cache.json"
    user_config(f'[verify]\nbackoff = 0.01\ncache = "{cache}"\n')
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "a.env").write_text(f"VIAFOUNDRY_TOKEN={live}\nVIAFOUNDRY_TOKEN={flaky}\n")
    (folder / "b.py").write_text(f'configure_auth_token(token="{dead}")\n')
    outputs = []
    for output_format in ("json", "text", "revocation", "sarif"):
        result = run_cli(["files", str(folder), "--verify", "--viafoundry-url", viafoundry.url, "--debug",
                          "--format", output_format], exit_code=1)
        outputs += [result.stdout, result.stderr]
    captured = capfd.readouterr()
    outputs += [captured.out, captured.err, cache.read_text()]
    assert "DEBUG" in "".join(outputs)
    for token in (live, dead, flaky):
        for text in outputs:
            assert _body(token) not in text
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o600


def test_log_records_hold_no_token(tmp_path, run_cli, viafoundry, user_config, caplog):
    viafoundry.script.extend([Scripted(500), Scripted(503, {"Retry-After": "0"})])
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(4)}\n")
    # --debug resets the handlers of the "scanner" logger, so listen one level below it.
    verify_logger = logging.getLogger("scanner.verify")
    verify_logger.addHandler(caplog.handler)
    try:
        run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", viafoundry.url, "--debug"], exit_code=1)
    finally:
        verify_logger.removeHandler(caplog.handler)
    messages = [record.getMessage() for record in caplog.records]
    assert any("retrying" in message for message in messages)
    assert all(_body(mcp(4)) not in message for message in messages)


def test_failure_reasons_hold_no_token(tmp_path, run_cli, user_config):
    """A connection that breaks mid-request gives a reason without the token."""
    with FakeViaFoundry() as server:
        url = server.url
    (tmp_path / "a.env").write_text(f"VIAFOUNDRY_TOKEN={mcp(5)}\n")
    result = run_cli(["files", str(tmp_path), "--verify", "--viafoundry-url", url, "--no-redact",
                      "--format", "json"], exit_code=1)
    verification = json.dumps(json.loads(result.stdout)["findings"][0]["verification"])
    assert "failed" in verification
    assert _body(mcp(5)) not in verification


def test_missing_env_in_header_names_variable_only():
    template = parse_revoke({"path": "/r", "headers": {"Authorization": "Admin {env:NO_SUCH_VAR_X}"}}, "cfg")
    assert template is not None
    with pytest.raises(ConfigError) as raised:
        template.render_headers(mcp(6), environ={})
    assert "NO_SUCH_VAR_X" in str(raised.value)
    assert _body(mcp(6)) not in str(raised.value)
