"""Run the shared scenario cases of the files and stdin modes through the installed scanner.

The cases live in a ``shared`` folder beside the repository; set
VIAFOUNDRY_SCAN_CASES to a cases folder to use another copy. A missing
folder fails the test, because skipping it would hide a broken gate.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
CASES = Path(os.environ.get("VIAFOUNDRY_SCAN_CASES", SHARED / "cases"))
SCANNER = str(Path(sys.executable).with_name("viafoundry-scan"))


def _run(mode: str) -> subprocess.CompletedProcess[str]:
    runner = CASES / "run.py"
    assert runner.is_file(), f"scenario runner not found at {runner}; set VIAFOUNDRY_SCAN_CASES to the cases folder"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [sys.executable, str(runner), "--cases", str(CASES), "--scanner", SCANNER, "--mode", mode],
        capture_output=True, text=True, timeout=600, env=env,
    )


@pytest.mark.parametrize("mode", ["files", "stdin"])
def test_shared_cases_pass(mode):
    result = _run(mode)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = re.search(r"(\d+) passed, (\d+) failed", result.stdout)
    assert summary, result.stdout
    assert summary.group(2) == "0", result.stdout


def test_shared_files_cases_exist():
    result = _run("files")
    summary = re.search(r"(\d+) passed", result.stdout)
    assert summary and int(summary.group(1)) >= 1, result.stdout
