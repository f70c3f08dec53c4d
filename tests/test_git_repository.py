"""open_repository: the facts one or two rev-parse calls return for each kind of folder."""
from __future__ import annotations

import pytest

from scanner.errors import ScanFailure
from scanner.git.repository import open_repository
from tests.gitrepo import GitRepo


def test_work_tree_from_subfolder(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit_file("app/settings.env", "A=1\n", "init")
    opened = open_repository(repo.path / "app")
    assert opened.top == repo.path.resolve()
    assert opened.cwd == repo.path.resolve()
    assert opened.git_dir == (repo.path / ".git").resolve()
    assert not opened.is_bare
    assert not opened.is_shallow


def test_bare_repository_has_no_top(tmp_path):
    repo = GitRepo(tmp_path / "bare.git", bare=True)
    opened = open_repository(repo.path)
    assert opened.top is None
    assert opened.is_bare
    assert opened.cwd == repo.path.resolve()


def test_inside_git_dir_has_no_top(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit_file("README.md", "readme\n", "init")
    opened = open_repository(repo.path / ".git")
    assert opened.top is None
    assert opened.git_dir == (repo.path / ".git").resolve()


def test_top_with_newline_in_name(tmp_path):
    repo = GitRepo(tmp_path / "odd\nname")
    repo.commit_file("README.md", "readme\n", "init")
    assert open_repository(repo.path).top == repo.path.resolve()


def test_not_a_repository_names_folder(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    with pytest.raises(ScanFailure, match="is not a git repository"):
        open_repository(folder)
