"""Run the shared scenario cases for the staged and history modes inside the suite."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SHARED_ENV = "VIAFOUNDRY_SHARED_DIR"


def shared_folder() -> Path:
    """Return the shared folder: $VIAFOUNDRY_SHARED_DIR, else the sibling of the repository root."""
    return Path(os.environ.get(SHARED_ENV) or Path(__file__).resolve().parents[2] / "shared")


@pytest.mark.parametrize("mode", ["staged", "history"])
def test_shared_cases(mode, tmp_path):
    runner = shared_folder() / "cases" / "run.py"
    assert runner.is_file(), f"{runner} is missing; set {SHARED_ENV} to the folder that holds cases/run.py"
    scanner = f"{sys.executable} -P -m scanner"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["TMPDIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, str(runner), "--mode", mode, "--scanner", scanner],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout.splitlines()[-1]
