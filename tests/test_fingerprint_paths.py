"""A finding's fingerprint does not depend on the folder a scan starts from."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scanner.cli.main import cli
from tests.gitrepo import GitRepo, run_scanner
from tests.tokens import alnum


def _fingerprints(*args: str) -> set[str]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 1, result.output
    return {finding["fingerprint"] for finding in json.loads(result.output)["findings"]}


def test_files_fingerprint_same_from_subfolder(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("src/app/settings.env", f"VIAFOUNDRY_TOKEN={alnum(9401)}\n")
    from_top = _fingerprints("files", str(repo.path))
    from_folder = _fingerprints("files", str(repo.path / "src"))
    from_file = _fingerprints("files", str(repo.path / "src" / "app" / "settings.env"))
    assert from_top == from_folder
    assert from_top == from_file


def test_files_fingerprint_matches_history(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit_file("src/app/settings.env", f"VIAFOUNDRY_TOKEN={alnum(9402)}\n", "add settings")
    history = run_scanner(repo.path, "history")
    assert history.code == 1, history
    assert {f["fingerprint"] for f in history.findings} == _fingerprints("files", str(repo.path / "src"))


def test_ignore_file_found_from_scanned_folder(tmp_path: Path, monkeypatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("deploy.env", f"VIAFOUNDRY_TOKEN={alnum(9403)}\n")
    (fingerprint,) = _fingerprints("files", str(repo.path))
    repo.write(".viafoundry-scan-ignore", f"{fingerprint}  # revoked, kept as a fixture\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["files", str(repo.path)])
    assert result.exit_code == 0, result.output


def test_fingerprint_outside_repository_stable(tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "plain-folder"
    project.mkdir()
    (project / ".env").write_text(f"VIAFOUNDRY_TOKEN={alnum(9404)}\n")
    monkeypatch.chdir(project)
    from_dot = _fingerprints("files", ".")
    from_file = _fingerprints("files", ".env")
    monkeypatch.chdir(tmp_path)
    from_parent = _fingerprints("files", "plain-folder/.env")
    from_absolute = _fingerprints("files", str(project / ".env"))
    assert from_dot == from_file
    assert from_dot == from_parent
    assert from_dot == from_absolute
