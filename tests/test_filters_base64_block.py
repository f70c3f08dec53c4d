"""The wrapped-base64 filter must not swallow tokens on neighbouring lines."""
from __future__ import annotations

import base64
import random
from pathlib import Path

from click.testing import CliRunner

from scanner.cli.main import cli
from tests.tokens import alnum, mcp


def _scan_json(path: Path) -> list[dict]:
    import json

    result = CliRunner().invoke(cli, ["files", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def test_env_token_above_mcp_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        f"VIAFOUNDRY_TOKEN={alnum(9101)}\nVIAFOUNDRY_MCP_TOKEN={mcp(9102)}\n"
    )
    rules = sorted(f["rule_id"] for f in _scan_json(tmp_path))
    assert rules == ["viafoundry-general-token", "viafoundry-mcp-token"]


def test_bare_token_list_found(tmp_path: Path) -> None:
    (tmp_path / "tokens.txt").write_text(f"{alnum(9103)}\n{alnum(9104)}\n{mcp(9105)}\n")
    lines = sorted(f["line"] for f in _scan_json(tmp_path))
    assert lines == [1, 2, 3]


def test_wrapped_base64_line_quiet(tmp_path: Path) -> None:
    rng = random.Random(9106)
    plain = alnum(9107)
    before = base64.b64encode(rng.randbytes(96)).decode()
    after = base64.b64encode(rng.randbytes(96)).decode()
    assert "+" in before + after or "/" in before + after
    (tmp_path / "blob.txt").write_text(f"-----BEGIN DATA-----\n{before}\n{plain}\n{after}\n-----END DATA-----\n")
    assert _scan_json(tmp_path) == []
