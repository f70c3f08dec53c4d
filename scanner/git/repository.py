"""Locate a repository and look up the facts every git scan needs."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from scanner.errors import ScanFailure
from scanner.git.command import run_git


@dataclasses.dataclass(frozen=True)
class Repository:
    """A repository, as found from a folder.

    ``cwd`` is where git commands run: the top of the work tree, or the git
    directory of a bare repository. ``top`` is None for a bare repository.
    """

    cwd: Path
    top: Path | None
    git_dir: Path
    is_bare: bool
    is_shallow: bool


def open_repository(path: str | Path = ".") -> Repository:
    """Return the repository that contains ``path``.

    Raises ScanFailure when ``path`` is missing or not inside a repository
    (the message names the case), or when git refuses it (dubious ownership).
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ScanFailure(f"{path} is not a folder; give the path of a git repository")
    result = run_git(["rev-parse", "--is-bare-repository", "--is-shallow-repository", "--absolute-git-dir"], folder)
    bare, shallow, git_dir = result.stdout.decode("utf-8", "surrogateescape").splitlines()[:3]
    top: Path | None = None
    if bare != "true":
        probe = run_git(["rev-parse", "--show-toplevel"], folder, check=False)
        if probe.returncode == 0 and probe.stdout.strip():
            top = Path(os.fsdecode(probe.stdout.rstrip(b"\n")))
    cwd = top if top is not None else Path(git_dir)
    return Repository(cwd=cwd, top=top, git_dir=Path(git_dir), is_bare=top is None, is_shallow=shallow == "true")


def resolve_commit(repository: Repository, revision: str) -> str | None:
    """Return the full sha of the commit ``revision`` names, or None when it names none."""
    if revision.startswith("-"):
        return None
    result = run_git(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"],
                     repository.cwd, check=False)
    text = result.stdout.decode("ascii", "replace").strip()
    return text if result.returncode == 0 and text else None


def empty_tree(repository: Repository) -> str:
    """Return the id of the empty tree in this repository's hash (SHA-1 or SHA-256)."""
    result = run_git(["hash-object", "-t", "tree", "--stdin"], repository.cwd, input_bytes=b"")
    return result.stdout.decode("ascii").strip()


def require_work_tree(repository: Repository) -> Path:
    """Return the work tree top; raise ScanFailure for a bare repository, which has no index to scan."""
    if repository.top is None:
        raise ScanFailure(f"{repository.git_dir} is a bare repository: it has no index or work tree to scan; "
                          "use 'viafoundry-scan history' for its commits")
    return repository.top
