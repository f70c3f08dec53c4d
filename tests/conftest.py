"""Shared fixtures: a CLI runner that shows its output on failure, and real git folders."""
from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from scanner.cli.main import cli

#: Environment for git in tests: no user or system config, fixed identity.
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` with a hermetic environment and return its stdout."""
    env = {**os.environ, **GIT_ENV}
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=True,
    )
    return result.stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """Return an empty git repository in a temporary folder."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "--template=")
    return repo


@pytest.fixture(autouse=True)
def _no_config_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a VIAFOUNDRY_SCAN_CONFIG set in the developer's shell out of the tests."""
    monkeypatch.delenv("VIAFOUNDRY_SCAN_CONFIG", raising=False)


ScanRunner = Callable[..., Result]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> ScanRunner:
    """Return ``run(args, cwd=None, input=None, exit_code=None)`` over the click CLI.

    When ``exit_code`` is given and differs, the assertion message shows the
    captured output, so a failing test explains itself.
    """

    def run(args: Sequence[str], *, cwd: Path | None = None, input: Any = None,
            exit_code: int | None = None, env: dict[str, str] | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        result = CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)
        if exit_code is not None:
            assert result.exit_code == exit_code, (
                f"exit {result.exit_code}, expected {exit_code}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result

    return run


def findings_of(result: Result) -> list[dict[str, Any]]:
    """Return the findings of a ``--format json`` run."""
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings


def scan_folder(folder: Path, *paths: str, **overrides: Any) -> Any:
    """Scan ``paths`` (default: the folder itself) with the shipped rules and no user config.

    ``overrides`` go to Settings.with_overrides (min_confidence, excludes, ...).
    Returns the ScanReport.
    """
    from scanner.config.loader import load_settings
    from scanner.scans.files import scan_paths

    settings = load_settings(None, folder, environ={}).with_overrides(**overrides)
    targets = [str(folder / p) for p in paths] if paths else [str(folder)]
    return scan_paths(targets, settings)


def locate(text: str, needle: str) -> tuple[int, int]:
    """Return the 1-based line and column of the first ``needle`` in ``text``."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
