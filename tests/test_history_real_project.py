"""Scan the history of a real public project with planted commits.

The history is built from three releases of `requests`, downloaded from PyPI
with pip at test time (CI has PyPI access; nothing is committed): each
release is one commit, and tokens are planted in real files of the project
in some commits and removed in later ones. The history scan must report every
planted token at the commit that introduced it, with its path and line in
that commit, and nothing else. If the download fails, the test fails with
pip's message.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, run_scanner
from tests.tokens import alnum, mcp

PROJECT = "requests"
RELEASES = ("2.31.0", "2.32.0", "2.32.3")


@pytest.fixture(scope="module")
def release_trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Download and unpack the releases; return each release's source folder."""
    downloads = tmp_path_factory.mktemp("sdists")
    trees = {}
    for version in RELEASES:
        spec = f"{PROJECT}=={version}"
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-d", str(downloads), spec],
            capture_output=True, text=True, timeout=300,
        )
        if result.returncode != 0:
            pytest.fail(f"could not download {spec} from PyPI (this test needs PyPI access):\n{result.stderr[-2000:]}")
        with tarfile.open(downloads / f"{PROJECT}-{version}.tar.gz") as archive:
            archive.extractall(downloads, filter="data")
        trees[version] = downloads / f"{PROJECT}-{version}"
    return trees


def _replace_tree(repo: GitRepo, source: Path) -> None:
    """Make the work tree hold exactly the release in ``source``."""
    for entry in repo.path.iterdir():
        if entry.name != ".git":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.copytree(source, repo.path, dirs_exist_ok=True)
    repo.git("add", "-A")


def _insert_line(path: Path, after: int, text: str) -> int:
    """Insert ``text`` as a new line after line ``after``; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(after, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return after + 1


def test_history_of_real_project(tmp_path: Path, release_trees: dict[str, Path]) -> None:
    repo = GitRepo(tmp_path / "requests")
    general, readme_token, mcp_token = alnum(9301), alnum(9302), mcp(9303)

    _replace_tree(repo, release_trees["2.31.0"])
    first = repo.commit("requests 2.31.0")

    sessions = repo.path / "requests" / "sessions.py"
    sessions_line = _insert_line(sessions, 30, f'VIAFOUNDRY_TOKEN = "{general}"  # temporary, for the demo')
    repo.write(".cursor/mcp.json", (
        '{\n  "mcpServers": {\n    "viafoundry": {\n      "url": "https://acme.viafoundry.com/mcp",\n'
        f'      "headers": {{"Authorization": "Bearer {mcp_token}"}}\n    }}\n  }}\n}}\n'
    ))
    planted = repo.commit("Try the ViaFoundry client", "requests/sessions.py", ".cursor/mcp.json")

    _replace_tree(repo, release_trees["2.32.0"])
    readme = repo.path / "README.md"
    readme_line = _insert_line(readme, 12, f"    client.configure_auth_token(token=\"{readme_token}\")")
    repo.git("add", "-A")
    upgrade = repo.commit("requests 2.32.0")

    _replace_tree(repo, release_trees["2.32.3"])
    repo.commit("requests 2.32.3")

    result = run_scanner(repo.path, "history")
    assert result.code == 1, result
    found = {(f["rule_id"], f["path"], f["line"], f["commit"]) for f in result.findings}
    expected = {
        ("viafoundry-general-token", "requests/sessions.py", sessions_line, planted),
        ("viafoundry-mcp-token", ".cursor/mcp.json", 5, planted),
        ("viafoundry-general-token", "README.md", readme_line, upgrade),
    }
    assert found == expected
    assert first not in {f["commit"] for f in result.findings}
    assert all(f["commit_info"]["author_name"] for f in result.findings)
