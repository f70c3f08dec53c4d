"""Walk history once with ``git log --raw`` and name the blobs each commit introduces.

``git log --reverse --topo-order --raw -c --no-renames --root -z`` lists, for
every commit, the files whose content it changes, parents before children.
For a merge, ``-c`` lists only the paths whose merged content differs from
every parent. So a blob that appears only in a merge resolution is
attributed to the merge. A blob taken unchanged from one parent is
attributed to the commit that introduced it there. A shallow clone's
boundary commit has no parents, so ``--root`` shows its whole tree as added.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from scanner.git.index_diff import GITLINK_MODE, SYMLINK_MODE
from scanner.git.repository import Repository
from scanner.git.stream import git_records

_LOG_OPTIONS = ["log", "--reverse", "--topo-order", "--raw", "-c", "--no-renames", "--no-abbrev", "--root", "-z",
                "--no-ext-diff", "--no-textconv", "--no-color", "--format=%H", "--ignore-submodules=none"]


class BlobEntry(NamedTuple):
    """A blob that ``commit`` writes at ``path`` (added, changed, or chosen in a merge)."""

    commit: str
    path: str
    blob: str


def walk_blob_entries(repository: Repository, revision_args: Sequence[str]) -> Iterator[BlobEntry]:
    """Yield every regular-file blob that the selected commits write, ancestors first.

    Deletions, symbolic links and submodule entries are left out.
    ``revision_args`` is passed to git log as is (see scans.revisions).
    Raises ScanFailure when git fails.
    """
    records = git_records([*_LOG_OPTIONS, *revision_args, "--"], repository.cwd)
    commit = ""
    for record in records:
        record = record.lstrip(b"\n")
        if not record:
            continue
        if not record.startswith(b":"):
            commit = record.decode("ascii")
            continue
        path = os.fsdecode(next(records))
        fields = record.decode("ascii").lstrip(":").split()
        parents = len(fields[-1])
        mode, blob = fields[parents], fields[-2]
        if blob.strip("0") and mode not in (SYMLINK_MODE, GITLINK_MODE):
            yield BlobEntry(commit, path, blob)


def walk_messages(repository: Repository, revision_args: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """Yield (commit sha, raw message) for each selected commit.

    Raises ScanFailure when git fails.
    """
    for record in git_records(["log", "-z", "--format=%H%n%B", *revision_args, "--"], repository.cwd):
        sha, _, message = record.lstrip(b"\n").partition(b"\n")
        if sha:
            yield sha.decode("ascii"), message
