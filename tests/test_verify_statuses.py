"""Each answer and fault of the server maps to live, revoked or unknown with a reason."""
from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import pytest

from fake_viafoundry import CHECK_PATH, FakeViaFoundry, Scripted, viafoundry  # noqa: F401
from scanner.config.loader import load_settings
from scanner.config.settings import ConfigSource
from scanner.verify.checker import TokenToCheck, check_tokens
from scanner.verify.config import resolve
from scanner.verify.results import LIVE, NOT_CHECKED, REVOKED, UNKNOWN
from tokens import alnum, mcp


def config_for(url: str, **verify: object) -> object:
    table = {"connect_timeout": 2, "read_timeout": 1, "retries": 2, "backoff": 0.01, "max_retry_after": 3,
             **verify}
    settings = dataclasses.replace(load_settings(None, Path("/"), environ={}), raw={"verify": table},
                                   source=ConfigSource("test.toml", "option"))
    return resolve(settings, url, environ={})


def check_one(url: str, secret: str, **verify: object):
    config = config_for(url, **verify)
    return check_tokens({"sha": TokenToCheck(secret, "label")}, config)["sha"]


def test_live_token(viafoundry):
    viafoundry.live_tokens.add(mcp(1))
    result = check_one(viafoundry.url, mcp(1))
    assert result.status == LIVE
    assert result.http_status == 200
    assert result.host == viafoundry.url
    assert viafoundry.requests[0].headers["authorization"] == "Bearer " + mcp(1)


@pytest.mark.parametrize("status", [401, 403])
def test_unauthorized_is_revoked(viafoundry, status):
    viafoundry.script.append(Scripted(status))
    result = check_one(viafoundry.url, alnum(2))
    assert result.status == REVOKED
    assert result.reason == f"HTTP {status}"


def test_unknown_token_gets_401(viafoundry):
    viafoundry.live_tokens.add(mcp(1))
    assert check_one(viafoundry.url, alnum(2)).status == REVOKED


def test_flaky_500_then_live(viafoundry):
    viafoundry.live_tokens.add(mcp(3))
    viafoundry.script.append(Scripted(500))
    result = check_one(viafoundry.url, mcp(3))
    assert result.status == LIVE
    assert len(viafoundry.requests) == 2


def test_persistent_500_is_unknown(viafoundry):
    viafoundry.script.extend([Scripted(500)] * 3)
    result = check_one(viafoundry.url, mcp(3))
    assert result.status == UNKNOWN
    assert result.reason == "server error (HTTP 500) after 3 attempt(s)"
    assert len(viafoundry.requests) == 3


def test_429_waits_for_retry_after(viafoundry):
    viafoundry.live_tokens.add(mcp(4))
    viafoundry.script.append(Scripted(429, {"Retry-After": "1"}))
    result = check_one(viafoundry.url, mcp(4))
    assert result.status == LIVE
    first, second = viafoundry.requests
    assert second.at - first.at >= 0.95


def test_429_after_retries_is_unknown(viafoundry):
    viafoundry.script.extend([Scripted(429, {"Retry-After": "0"})] * 3)
    result = check_one(viafoundry.url, mcp(4))
    assert result.status == UNKNOWN
    assert "rate limited (HTTP 429, Retry-After 0 s)" in result.reason


def test_retry_after_beyond_limit_gives_up(viafoundry):
    viafoundry.script.append(Scripted(503, {"Retry-After": "600"}))
    result = check_one(viafoundry.url, mcp(4))
    assert result.status == UNKNOWN
    assert len(viafoundry.requests) == 1


def test_slow_answer_within_timeout(viafoundry):
    viafoundry.live_tokens.add(mcp(5))
    viafoundry.delay = 0.3
    assert check_one(viafoundry.url, mcp(5)).status == LIVE


def test_hanging_server_times_out(viafoundry):
    viafoundry.hang = True
    result = check_one(viafoundry.url, mcp(5), read_timeout=0.5)
    assert result.status == UNKNOWN
    assert result.reason == f"{viafoundry.netloc} did not answer within 0.5 s"
    assert len(viafoundry.requests) == 1


def test_refused_connection_is_unknown():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = check_one(f"http://127.0.0.1:{port}", mcp(6))
    assert result.status == UNKNOWN
    assert result.reason.startswith(f"connection to 127.0.0.1:{port} failed")


def test_tls_error_is_unknown(viafoundry):
    https_url = viafoundry.url.replace("http://", "https://")
    result = check_one(https_url, mcp(6), retries=0)
    assert result.status == UNKNOWN
    assert result.reason.startswith(f"TLS error with {viafoundry.netloc}"), result.reason


def test_missing_route_is_unknown_with_advice(viafoundry):
    result = check_one(viafoundry.url + "/prefix", mcp(6))
    assert result.status == UNKNOWN
    assert "set [verify.check] path" in result.reason


def test_redirect_not_followed(viafoundry):
    with FakeViaFoundry({mcp(7)}) as target:
        viafoundry.redirect_to = target.url
        result = check_one(viafoundry.url, mcp(7))
        assert result.status == UNKNOWN
        assert result.reason == "HTTP 302"
        assert target.requests == []


def test_custom_template(viafoundry):
    viafoundry.live_tokens.add(mcp(8))
    viafoundry.script.append(Scripted(204))
    result = check_one(viafoundry.url, mcp(8), check={"path": "/custom", "live": [204], "revoked": [401]})
    assert result.status == LIVE
    assert viafoundry.requests[0].path == "/custom"


def test_no_host_is_not_checked():
    assert check_one("", mcp(9)).status == NOT_CHECKED


def test_concurrency_limit(viafoundry):
    viafoundry.delay = 0.2
    config = config_for(viafoundry.url, concurrency=2)
    tokens = {str(i): TokenToCheck(alnum(100 + i), f"t{i}") for i in range(6)}
    results = check_tokens(tokens, config)
    assert {r.status for r in results.values()} == {REVOKED}
    assert viafoundry.max_in_flight == 2
    assert len(viafoundry.requests) == 6
