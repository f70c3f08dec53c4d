"""Exit codes of every scan mode when run through click's runner (standalone mode)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli.main import cli
from tests.gitrepo import GitRepo, run_scanner
from tests.tokens import alnum


@pytest.fixture()
def leaky_repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.commit_file("deploy.env", f"VIAFOUNDRY_TOKEN={alnum(8101)}\n", "add deploy settings")
    return repo


@pytest.fixture()
def clean_repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.commit_file("README.md", "nothing to see\n", "init")
    return repo


def test_history_findings_exit_one(leaky_repo: GitRepo) -> None:
    result = CliRunner().invoke(cli, ["history", str(leaky_repo.path)])
    assert result.exit_code == 1, result.output


def test_history_clean_exits_zero(clean_repo: GitRepo) -> None:
    result = CliRunner().invoke(cli, ["history", str(clean_repo.path)])
    assert result.exit_code == 0, result.output


def test_history_exit_zero_flag(leaky_repo: GitRepo) -> None:
    result = CliRunner().invoke(cli, ["history", str(leaky_repo.path), "--exit-zero"])
    assert result.exit_code == 0, result.output


def test_history_outside_repo_exits_four(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["history", str(tmp_path)])
    assert result.exit_code == 4, result.output


def test_files_findings_exit_one(leaky_repo: GitRepo) -> None:
    result = CliRunner().invoke(cli, ["files", str(leaky_repo.path)])
    assert result.exit_code == 1, result.output


def test_output_missing_folder_exits_two(leaky_repo: GitRepo, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.json"
    result = CliRunner().invoke(cli, ["files", str(leaky_repo.path), "--output", str(target)])
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.output


def test_output_is_folder_exits_two(leaky_repo: GitRepo, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = CliRunner().invoke(cli, ["files", str(leaky_repo.path), "--output", str(folder)])
    assert result.exit_code == 2, result.output
    assert "is a directory" in result.output


def test_history_missing_repo_exits_two(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["history", str(tmp_path / "missing")])
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.output


def test_commit_msg_missing_file_exits_two(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["commit-msg", str(tmp_path / "MISSING_MSG")])
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.output


def test_unknown_config_key_warned_once(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here\n")
    config = tmp_path / "scan.toml"
    config.write_text("colour = 'blue'\n")
    result = CliRunner().invoke(cli, ["files", str(tmp_path), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert result.output.count("unknown key(s) colour") == 1


def test_pre_push_garbage_input_exits_two(clean_repo: GitRepo) -> None:
    result = run_scanner(clean_repo.path, "pre-push", "origin", "url", env=clean_repo.env, stdin=b"garbage\n")
    assert result.code == 2, result
    assert "is not '<local ref>" in result.stderr
