"""The hooks installed by the real pre-commit framework into a temporary repository.

pre-commit clones this repository at the sha of its HEAD and installs it with
pip, so the hook files and the scanner must be committed before this runs.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, fake_token

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ["viafoundry-scan", "viafoundry-scan-commit-msg", "viafoundry-scan-push"]


def config_for(sha: str) -> str:
    hooks = "".join(f"      - id: {hook}\n" for hook in HOOKS)
    return f"repos:\n  - repo: {ROOT}\n    rev: {sha}\n    hooks:\n{hooks}"


@pytest.fixture(scope="module")
def hooked(tmp_path_factory):
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    base = tmp_path_factory.mktemp("precommit")
    repo = GitRepo(base / "repo")
    repo.env["PRE_COMMIT_HOME"] = str(base / "cache")
    repo.env["PATH"] = f"{Path(sys.executable).parent}:{repo.env.get('PATH', '')}"
    repo.commit_file(".pre-commit-config.yaml", config_for(sha), "add hooks")
    precommit = [sys.executable, "-m", "pre_commit"]
    for stage in ("pre-commit", "commit-msg", "pre-push"):
        subprocess.run([*precommit, "install", "-t", stage], cwd=repo.path, env=repo.env, check=True,
                       capture_output=True)
    installed = subprocess.run([*precommit, "install-hooks"], cwd=repo.path, env=repo.env, capture_output=True,
                               text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    repo.precommit = precommit
    return repo


def commit(repo, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "commit", *args], cwd=repo.path, env=repo.env, capture_output=True, text=True)


def test_commit_with_token_rejected(hooked):
    hooked.write("leak.env", f"VIAFOUNDRY_TOKEN={fake_token(31)}\n")
    hooked.add("leak.env")
    result = commit(hooked, "-m", "add env")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "leak.env:1:" in output
    assert "viafoundry-general-token" in output
    assert "Found 1 ViaFoundry token" in output
    assert fake_token(31) not in output
    hooked.git("reset", "-q", "HEAD", "--", "leak.env")
    (hooked.path / "leak.env").unlink()


def test_clean_commit_passes(hooked):
    hooked.write("clean.txt", "nothing secret\n")
    hooked.add("clean.txt")
    result = commit(hooked, "-m", "clean change")
    assert result.returncode == 0, result.stdout + result.stderr


def test_commit_all_with_token_rejected(hooked):
    hooked.write("clean.txt", f"nothing secret\ntoken={fake_token(35)}\n")
    result = commit(hooked, "-a", "-m", "edit through commit -a")
    assert result.returncode != 0, result.stdout + result.stderr
    assert "clean.txt:2:" in result.stdout + result.stderr
    hooked.git("checkout", "--", "clean.txt")


def test_commit_message_with_token_rejected(hooked):
    hooked.write("note.txt", "note\n")
    hooked.add("note.txt")
    result = commit(hooked, "-m", f"subject\n\nused {fake_token(32)}")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "commit message" in output
    assert "line 3" in output
    assert commit(hooked, "-m", "plain subject").returncode == 0


def test_run_all_files_and_files_find_committed_token(hooked):
    hooked.write("old.env", f"VIAFOUNDRY_TOKEN={fake_token(33)}\n")
    hooked.add("old.env")
    assert commit(hooked, "--no-verify", "-m", "bypass").returncode == 0
    for selection in (["--all-files"], ["--files", "old.env"]):
        result = subprocess.run([*hooked.precommit, "run", "viafoundry-scan", *selection], cwd=hooked.path,
                                env=hooked.env, capture_output=True, text=True)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "old.env:1:" in result.stdout
    assert hooked.git("status", "--porcelain") == ""


def test_push_with_token_rejected(hooked, tmp_path):
    hooked.write("push.env", f"VIAFOUNDRY_TOKEN={fake_token(34)}\n")
    hooked.add("push.env")
    assert commit(hooked, "--no-verify", "-m", "bypass the commit hooks").returncode == 0
    remote = GitRepo(tmp_path / "remote.git", bare=True)
    hooked.git("remote", "add", "origin", str(remote.path))
    result = subprocess.run(["git", "push", "-q", "origin", "main"], cwd=hooked.path, env=hooked.env,
                            capture_output=True, text=True)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "push.env:1:" in result.stdout + result.stderr
    assert remote.git("for-each-ref") == ""
