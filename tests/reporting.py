"""Shared set-up for report and baseline tests: a folder with known leaks, and hand-built findings."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scanner.fingerprints import fingerprint, redact, sha256_hex
from scanner.models import CommitInfo, Confidence, Finding, ScanReport, ScanStats
from tests.conftest import GIT_ENV
from tests.tokens import alnum, mcp

#: The tokens that ``write_leaky_folder`` puts on disk, by file name.
LEAKS = {
    ".env": mcp(11),
    "deploy/run.sh": alnum(12),
    "=cmd.env": mcp(13),
}


def write_leaky_folder(folder: Path) -> dict[str, str]:
    """Write three files that each hold one token; return path -> token."""
    (folder / "deploy").mkdir(parents=True, exist_ok=True)
    (folder / ".env").write_text(f"# settings\nVIAFOUNDRY_MCP_TOKEN={LEAKS['.env']}\n", encoding="utf-8")
    (folder / "deploy/run.sh").write_text(
        f'#!/bin/sh\nexport VIAFOUNDRY_TOKEN="{LEAKS["deploy/run.sh"]}"\nfoundry run\n', encoding="utf-8"
    )
    (folder / "=cmd.env").write_text(f"TOKEN={LEAKS['=cmd.env']}\n", encoding="utf-8")
    return dict(LEAKS)


def make_finding(secret: str, *, path: str | None = "app.env", line: int = 3, column: int = 7,
                 commit: CommitInfo | None = None, rule_id: str = "viafoundry-mcp-token") -> Finding:
    """Return a finding as the engine would build it for ``secret``."""
    digest = sha256_hex(secret)
    return Finding(
        rule_id=rule_id, confidence=Confidence.HIGH, reason="via_mcp_ prefix with a random body",
        source="commit-message" if path is None else "file", path=path, line=line, column=column,
        end_column=column + len(secret), secret=secret, secret_sha256=digest,
        fingerprint=fingerprint(rule_id, path, digest), redacted=redact(secret, "via_mcp_"), commit=commit,
    )


HISTORY_COMMIT = CommitInfo(
    sha="3f2a9c1d5e7b8a6c4d2e0f1a3b5c7d9e1f2a4b6c", author_name="Ada Lovelace",
    author_email="ada@example.invalid", date="2026-11-30T10:15:00+00:00",
)


def history_report() -> ScanReport:
    """Return a history report: one leak in a file and one in a commit message."""
    findings = [
        make_finding(mcp(21), path="config/mcp.json", line=4, column=21, commit=HISTORY_COMMIT),
        make_finding(mcp(22), path=None, line=2, column=1, commit=HISTORY_COMMIT),
    ]
    return ScanReport(findings=findings, stats=ScanStats(documents_scanned=2, findings=2), mode="history")


def run_entry_point(args: list[str], cwd: Path, exit_code: int) -> subprocess.CompletedProcess[str]:
    """Run ``python -m scanner ARGS`` in ``cwd``: the real entry point and its exit code.

    Used for git scans, whose commands return their exit code rather than
    raising it, so only the real entry point (not click's test runner) exits with it.
    """
    environ = {**os.environ, **GIT_ENV}
    environ.pop("VIAFOUNDRY_SCAN_CONFIG", None)
    result = subprocess.run([sys.executable, "-m", "scanner", *args], cwd=cwd, env=environ,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == exit_code, (
        f"exit {result.returncode}, expected {exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    return result
