"""Commit metadata, and the objects that no ref reaches."""
from __future__ import annotations

from collections.abc import Iterable

from scanner.git.command import run_git
from scanner.git.repository import Repository
from scanner.models import CommitInfo


def commit_infos(repository: Repository, shas: Iterable[str]) -> dict[str, CommitInfo]:
    """Return author name, email and date (ISO 8601) for each commit in ``shas``.

    Raises ScanFailure when git fails (for example on an unknown sha).
    """
    wanted = sorted(set(shas))
    if not wanted:
        return {}
    payload = "".join(sha + "\n" for sha in wanted).encode("ascii")
    result = run_git(["log", "--no-walk=unsorted", "--stdin", "--format=%H%x00%an%x00%ae%x00%aI%x00"],
                     repository.cwd, input_bytes=payload)
    fields = [field.lstrip(b"\n").decode("utf-8", "replace") for field in result.stdout.split(b"\0")]
    infos: dict[str, CommitInfo] = {}
    for start in range(0, len(fields) - 3, 4):
        sha, name, email, date = fields[start:start + 4]
        infos[sha] = CommitInfo(sha=sha, author_name=name, author_email=email, date=date)
    return infos


def unreachable_objects(repository: Repository) -> tuple[list[str], list[str]]:
    """Return the (commits, blobs) that neither a ref nor a reflog reaches.

    They stay in the object database until garbage collection, for example
    after ``commit --amend``, a rebase or ``stash drop``. git fsck exits
    non-zero when it finds corruption. The objects it
    could list are still returned, because a partial list is better than none.
    """
    result = run_git(["fsck", "--unreachable", "--connectivity-only", "--no-progress"], repository.cwd, check=False)
    commits: list[str] = []
    blobs: list[str] = []
    for line in result.stdout.decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "unreachable":
            if parts[1] == "commit":
                commits.append(parts[2])
            elif parts[1] == "blob":
                blobs.append(parts[2])
    return commits, blobs
