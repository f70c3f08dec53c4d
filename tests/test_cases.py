"""Run the shared scenario cases (files, stdin, staged, history) inside the suite.

The cases live in ``shared/cases`` beside the repository; set
VIAFOUNDRY_SCAN_CASES to another cases folder to use a different copy. A
missing folder fails the test, because skipping it would hide a broken gate.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CASES_ENV = "VIAFOUNDRY_SCAN_CASES"
CASES = Path(os.environ.get(CASES_ENV) or Path(__file__).resolve().parents[2] / "shared" / "cases")


def _run(mode: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    runner = CASES / "run.py"
    assert runner.is_file(), f"scenario runner not found at {runner}; set {CASES_ENV} to the cases folder"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["TMPDIR"] = str(tmp_path)
    scanner = f"{sys.executable} -P -m scanner"
    return subprocess.run(
        [sys.executable, str(runner), "--cases", str(CASES), "--scanner", scanner, "--mode", mode],
        capture_output=True, text=True, timeout=600, env=env,
    )


@pytest.mark.parametrize("mode", ["files", "stdin", "staged", "history"])
def test_shared_cases_pass(mode: str, tmp_path: Path) -> None:
    result = _run(mode, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = re.search(r"(\d+) passed, (\d+) failed", result.stdout)
    assert summary, result.stdout
    assert summary.group(2) == "0", result.stdout
    if mode != "stdin":  # the shared set has no stdin case yet
        assert int(summary.group(1)) >= 1, result.stdout
