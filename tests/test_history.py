"""The history mode against real repositories: introducing commits, messages, selections."""
from __future__ import annotations

import pytest

from tests.gitrepo import AUTHOR, DATE, GitRepo, fake_token, run_scanner


def env_line(seed: int) -> str:
    return f"VIAFOUNDRY_TOKEN={fake_token(seed)}\n"


@pytest.fixture
def repo(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit_file("README.md", "readme\n", "init")
    return repo


def places(result):
    return sorted((f["path"], f["line"], f["commit"]) for f in result.findings)


def test_introducing_commit_and_copies(repo):
    added = repo.commit_file("config.py", "HOST = 1\n" + env_line(1), "add config")
    repo.commit_file("config.py", "HOST = 2\n" + env_line(1), "edit host")
    copied = repo.commit_file("copy.py", "HOST = 1\n" + env_line(1), "copy config")
    repo.git("rm", "-q", "config.py", "copy.py")
    repo.commit("remove")
    result = run_scanner(repo.path, "history", env=repo.env)
    assert result.code == 1, result
    assert places(result) == sorted([("config.py", 2, added), ("copy.py", 2, copied)])
    first = result.at("config.py", 2)[0]
    assert first["commit_info"] == {"sha": added, "author_name": AUTHOR[0], "author_email": AUTHOR[1],
                                    "date": DATE.replace("Z", "+00:00")}
    others = {(o["path"], o["commit"]) for o in first["other_locations"]}
    assert ("copy.py", copied) in others
    assert ("config.py", repo.sha("HEAD~2")) in others


def test_commit_message_scanned(repo):
    repo.commit_file("a.txt", "a\n", f"Configure\n\nwith token {fake_token(2)}\n")
    result = run_scanner(repo.path, "history", env=repo.env)
    assert [(f["path"], f["line"], f["source"], f["commit"]) for f in result.findings] == \
        [(None, 3, "commit-message", repo.sha("HEAD"))], result


def test_branch_since_and_range(repo):
    base = repo.sha("HEAD")
    repo.git("checkout", "-q", "-b", "feature")
    feature = repo.commit_file("f.env", env_line(3), "feature token")
    repo.git("checkout", "-q", "main")
    main_commit = repo.commit_file("m.env", env_line(4), "main token")
    assert places(run_scanner(repo.path, "history", env=repo.env)) == \
        sorted([("f.env", 1, feature), ("m.env", 1, main_commit)])
    assert places(run_scanner(repo.path, "history", "--branch", "feature", env=repo.env)) == [("f.env", 1, feature)]
    assert places(run_scanner(repo.path, "history", "--since", "main", env=repo.env)) == [("f.env", 1, feature)]
    assert places(run_scanner(repo.path, "history", "--range", f"{base}..main", env=repo.env)) == \
        [("m.env", 1, main_commit)]


@pytest.mark.parametrize("option, value", [("--since", "no-such-ref"), ("--branch", "--all"), ("--range", "main")])
def test_bad_revision_is_usage_error(repo, option, value):
    result = run_scanner(repo.path, "history", option, value, env=repo.env)
    assert result.code == 2, result
    assert value in result.stderr


def test_merge_resolution_attributed_to_merge(repo):
    repo.git("checkout", "-q", "-b", "side")
    repo.commit_file("conf.env", "A=side\n", "side")
    repo.git("checkout", "-q", "main")
    repo.commit_file("conf.env", "A=main\n", "main")
    with pytest.raises(Exception):
        repo.git("merge", "-q", "side")
    repo.write("conf.env", "A=merged\n" + env_line(5))
    repo.add("conf.env")
    merge = repo.commit("merge side")
    result = run_scanner(repo.path, "history", env=repo.env)
    assert places(result) == [("conf.env", 2, merge)], result


def test_shallow_clone_warns(repo, tmp_path):
    repo.commit_file("old.env", env_line(6), "old")
    repo.commit_file("new.env", env_line(7), "new")
    clone = GitRepo(tmp_path / "clone", init=False)
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone.path))
    result = run_scanner(clone.path, "history", env=clone.env)
    assert "shallow" in result.stderr
    assert ("new.env", 1, clone.sha("HEAD")) in places(result)
    assert ("old.env", 1, clone.sha("HEAD")) in places(result)


def test_detached_head_bare_and_worktree(repo, tmp_path):
    repo.git("checkout", "-q", "--detach")
    detached = repo.commit_file("d.env", env_line(8), "detached")
    assert places(run_scanner(repo.path, "history", env=repo.env)) == [("d.env", 1, detached)]
    repo.git("branch", "keep", detached)
    bare = tmp_path / "bare.git"
    repo.git("clone", "-q", "--bare", str(repo.path), str(bare))
    assert places(run_scanner(bare, "history", env=repo.env)) == [("d.env", 1, detached)]
    repo.git("worktree", "add", "-q", str(tmp_path / "tree"), "main")
    assert places(run_scanner(tmp_path / "tree", "history", env=repo.env)) == [("d.env", 1, detached)]
    assert places(run_scanner(tmp_path, "history", str(bare), env=repo.env)) == [("d.env", 1, detached)]


def test_empty_repository(tmp_path):
    empty = GitRepo(tmp_path / "empty")
    result = run_scanner(empty.path, "history", env=empty.env)
    assert result.code == 0, result
    assert result.findings == [], result
    assert "nothing was scanned" in result.stderr


def test_unreachable_objects(repo):
    repo.commit_file("amended.env", env_line(9), "token by mistake")
    repo.write("amended.env", "VIAFOUNDRY_TOKEN=\n")
    repo.git("commit", "-q", "--amend", "-a", "-m", "fixed")
    repo.write("README.md", "readme\n" + env_line(10))
    repo.git("stash", "-q")
    repo.write("loose.txt", env_line(11))
    loose = repo.git("hash-object", "-w", "loose.txt").strip()
    (repo.path / "loose.txt").unlink()
    assert run_scanner(repo.path, "history", env=repo.env).findings == []
    result = run_scanner(repo.path, "history", "--include-unreachable", env=repo.env)
    found = {(f["path"], f["line"]) for f in result.findings}
    assert ("amended.env", 1) in found, result
    assert ("README.md", 2) in found
    assert (f"<unreachable blob {loose}>", 1) in found


def test_deletion_not_reported(repo):
    added = repo.commit_file("gone.env", env_line(12), "add")
    repo.git("rm", "-q", "gone.env")
    repo.commit("delete")
    assert places(run_scanner(repo.path, "history", env=repo.env)) == [("gone.env", 1, added)]


def test_pre_push_from_pre_commit_env_and_stdin(repo, tmp_path):
    remote = GitRepo(tmp_path / "remote.git", bare=True)
    repo.git("remote", "add", "origin", str(remote.path))
    repo.git("push", "-q", "origin", "main")
    pushed = repo.sha("HEAD")
    new = repo.commit_file("p.env", env_line(13), "to push")
    env = {**repo.env, "PRE_COMMIT_FROM_REF": pushed, "PRE_COMMIT_TO_REF": new, "PRE_COMMIT_REMOTE_NAME": "origin"}
    assert places(run_scanner(repo.path, "pre-push", env=env)) == [("p.env", 1, new)]
    line = f"refs/heads/main {new} refs/heads/main {pushed}\n".encode()
    assert places(run_scanner(repo.path, "pre-push", "origin", "url", env=repo.env, stdin=line)) == \
        [("p.env", 1, new)]
    nothing = run_scanner(repo.path, "pre-push", "origin", "url", env=repo.env, stdin=b"")
    assert nothing.code == 0
    assert "nothing was scanned" in nothing.stderr


def test_not_a_repository(tmp_path):
    repo = GitRepo(tmp_path / "unused")
    folder = tmp_path / "plain"
    folder.mkdir()
    result = run_scanner(folder, "history", env={**repo.env, "GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.code == 4, result
    assert "not a git repository" in result.stderr, result
