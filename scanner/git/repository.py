"""Locate a repository and look up the facts every git scan needs."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from scanner.errors import ScanFailure
from scanner.git.command import run_git


#: rev-parse options for the facts every scan needs; git prints one value per line.
_FACTS = ["rev-parse", "--is-bare-repository", "--is-shallow-repository", "--absolute-git-dir"]


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
    # One git process returns all facts for a work tree, the common case. --show-toplevel
    # fails outside a work tree (a bare repository, or inside .git), and a
    # path with a newline makes the lines ambiguous: both take the two-call way.
    result = run_git([*_FACTS, "--show-toplevel"], folder, check=False)
    lines = result.stdout.split(b"\n")
    if result.returncode == 0 and len(lines) == 5 and lines[4] == b"":
        bare, shallow, git_dir = (line.decode("utf-8", "surrogateescape") for line in lines[:3])
        top = Path(os.fsdecode(lines[3])) if bare != "true" and lines[3].strip() else None
    else:
        bare, shallow, git_dir, top = _repository_facts(folder)
    cwd = top if top is not None else Path(git_dir)
    return Repository(cwd=cwd, top=top, git_dir=Path(git_dir), is_bare=top is None, is_shallow=shallow == "true")


def _repository_facts(folder: Path) -> tuple[str, str, str, Path | None]:
    """Return bare, shallow, git dir and top (None outside a work tree) from two rev-parse calls."""
    result = run_git(_FACTS, folder)
    bare, shallow, git_dir = result.stdout.decode("utf-8", "surrogateescape").splitlines()[:3]
    top: Path | None = None
    if bare != "true":
        probe = run_git(["rev-parse", "--show-toplevel"], folder, check=False)
        if probe.returncode == 0 and probe.stdout.strip():
            top = Path(os.fsdecode(probe.stdout.rstrip(b"\n")))
    return bare, shallow, git_dir, top


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
