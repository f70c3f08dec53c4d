"""The staged mode against real repositories: what the next commit adds, read from the index."""
from __future__ import annotations

import pytest

from tests.gitrepo import GitRepo, fake_token, run_scanner

GENERAL = "viafoundry-general-token"


@pytest.fixture
def repo(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit_file("README.md", "readme\n", "init")
    return repo


def env_line(seed: int) -> str:
    return f"VIAFOUNDRY_TOKEN={fake_token(seed)}\n"


def test_first_commit_without_head(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write("viaenv.json", f'{{\n  "hostname": "h",\n  "bearer_token": "{fake_token(1)}"\n}}\n')
    repo.add("viaenv.json")
    result = run_scanner(repo.path, "staged", env=repo.env)
    assert result.code == 1, result
    assert [(f["path"], f["line"], f["commit"]) for f in result.findings] == [("viaenv.json", 3, None)]


def test_only_added_lines_reported(repo):
    repo.commit_file("app.env", env_line(1) + "A=1\n", "old token")
    repo.write("app.env", env_line(1) + "A=1\n" + env_line(2))
    repo.add("app.env")
    result = run_scanner(repo.path, "staged", env=repo.env)
    assert result.code == 1, result
    assert [(f["path"], f["line"]) for f in result.findings] == [("app.env", 3)]
    assert result.findings[0]["secret_sha256"] != ""


def test_partial_staging_reads_the_index(repo):
    repo.write("a.env", "A=1\n" + env_line(3))
    repo.add("a.env")
    repo.write("a.env", env_line(4) + "A=1\n" + env_line(3))
    result = run_scanner(repo.path, "staged", env=repo.env)
    assert [(f["path"], f["line"]) for f in result.findings] == [("a.env", 2)], result


def test_temporary_index_file_is_used(repo):
    repo.write("b.env", env_line(5))
    index = repo.path / ".git" / "next-index"
    repo.git("read-tree", "HEAD", env={"GIT_INDEX_FILE": str(index)})
    repo.git("add", "b.env", env={"GIT_INDEX_FILE": str(index)})
    with_index = run_scanner(repo.path, "staged", env={**repo.env, "GIT_INDEX_FILE": str(index)})
    default_index = run_scanner(repo.path, "staged", env=repo.env)
    assert [f["path"] for f in with_index.findings] == ["b.env"], with_index
    assert default_index.findings == []
    assert "nothing was scanned" in default_index.stderr


def test_pure_rename_adds_nothing_but_copy_does(repo):
    repo.commit_file("config.py", f'TOKEN = "{fake_token(6)}"\n', "config")
    repo.git("mv", "config.py", "settings.py")
    renamed = run_scanner(repo.path, "staged", env=repo.env)
    assert renamed.code == 0, renamed
    assert renamed.findings == [], renamed
    repo.write("copy.py", (repo.path / "settings.py").read_text())
    repo.add("copy.py")
    copied = run_scanner(repo.path, "staged", env=repo.env)
    # Two identical files replace one: git pairs either with the old path, the other is the new location.
    assert [f["line"] for f in copied.findings] == [1], copied
    assert copied.findings[0]["path"] in ("copy.py", "settings.py")


@pytest.mark.parametrize("name", ["secret file.env", "odd\tname.env", "geheimnis-ü.env", "-dash.env",
                                  "dir with space/ä b.env"])
def test_odd_file_names(repo, name):
    repo.write(name, "x=1\n" + env_line(7))
    repo.add(name)
    result = run_scanner(repo.path, "staged", env=repo.env)
    assert [(f["path"], f["line"]) for f in result.findings] == [(name, 2)], result
    named = run_scanner(repo.path, "staged", "--format", "json", "--", name, env=repo.env, json_format=False)
    assert [(f["path"], f["line"]) for f in named.findings] == [(name, 2)], named


def test_binary_skipped_and_utf16_decoded(repo):
    repo.write("blob.bin", b"\0\1\2" + env_line(8).encode())
    repo.write("wide.txt", ("\ufeff" + "x\n" + env_line(9)).encode("utf-16-le"))
    repo.add("blob.bin", "wide.txt")
    result = run_scanner(repo.path, "staged", env=repo.env)
    assert [(f["path"], f["line"]) for f in result.findings] == [("wide.txt", 2)], result
    text = run_scanner(repo.path, "staged", env=repo.env, json_format=False)
    assert "1 binary skipped" in text.stdout


def test_symlink_is_not_followed(repo, tmp_path):
    outside = tmp_path / "outside.env"
    outside.write_text(env_line(10))
    (repo.path / "link.env").symlink_to(outside)
    repo.add("link.env")
    result = run_scanner(repo.path, "staged", env=repo.env)
    assert result.code == 0, result
    assert result.findings == [], result
    named = run_scanner(repo.path, "staged", "link.env", env=repo.env)
    assert named.code == 0, named
    assert named.findings == [], named


def test_submodule_skipped_with_note(repo):
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{repo.sha('HEAD')},vendor/lib")
    result = run_scanner(repo.path, "staged", env=repo.env)
    assert result.code == 0, result
    assert "skipped submodule vendor/lib" in result.stderr


def test_nothing_staged_says_so(repo):
    result = run_scanner(repo.path, "staged", env=repo.env)
    assert result.code == 0, result
    assert "nothing was scanned: no changes are staged" in result.stderr


def test_named_unchanged_file_scanned_whole(repo):
    repo.commit_file("old.env", "x=1\n" + env_line(11), "committed with a token")
    result = run_scanner(repo.path, "staged", "old.env", "README.md", env=repo.env)
    assert [(f["path"], f["line"]) for f in result.findings] == [("old.env", 2)], result


def test_named_missing_file_fails_closed(repo):
    result = run_scanner(repo.path, "staged", "gone.env", env=repo.env)
    assert result.code == 4, result
    assert "could not read gone.env" in result.stderr


def test_mistyped_option_is_usage_error(repo):
    result = run_scanner(repo.path, "staged", "--formatt", env=repo.env)
    assert result.code == 2, result
    assert "--formatt" in result.stderr


def test_subfolder_paths_relative_to_top(repo):
    repo.write("sub/deep.env", env_line(12))
    repo.add("sub/deep.env")
    result = run_scanner(repo.path / "sub", "staged", "deep.env", env=repo.env)
    assert [(f["path"], f["line"]) for f in result.findings] == [("sub/deep.env", 1)], result


def test_bare_repository_rejected(tmp_path):
    bare = GitRepo(tmp_path / "bare.git", bare=True)
    result = run_scanner(bare.path, "staged", env=bare.env)
    assert result.code == 4, result
    assert "bare repository" in result.stderr


def test_outside_repository_rejected(tmp_path):
    repo = GitRepo(tmp_path / "unused")
    folder = tmp_path / "plain"
    folder.mkdir()
    result = run_scanner(folder, "staged", env={**repo.env, "GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.code == 4, result
    assert "not a git repository" in result.stderr
