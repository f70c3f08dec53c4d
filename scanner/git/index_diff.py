"""The next commit's changes: the staged diff, parsed into files and added lines.

One ``git diff --cached --raw -p -z -U0`` call lists the changed files with
NUL-separated real paths (the raw part) and, in the same order, their hunks
(the patch part). Paths are taken from the raw part only, because the patch
headers quote unusual names. Line numbers come from the ``+`` side of each
hunk header, so they count lines in the staged blob.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import re
from collections.abc import Sequence

from scanner.errors import ScanFailure
from scanner.git.command import run_git
from scanner.git.repository import Repository

log = logging.getLogger(__name__)

#: File modes of git tree entries that are not regular files.
SYMLINK_MODE = "120000"
GITLINK_MODE = "160000"

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
_DIFF_OPTIONS = ["--no-ext-diff", "--no-textconv", "--no-color", "--no-abbrev", "--ignore-submodules=none",
                 "--find-renames", "--diff-filter=ACMRT", "-U0", "--src-prefix=a/", "--dst-prefix=b/",
                 "--no-relative"]


@dataclasses.dataclass(frozen=True)
class StagedChange:
    """One file the next commit adds or changes.

    ``added_lines`` contains the 1-based numbers of added lines in the staged
    blob, or None when every line counts as added (a new file, or a file git
    diffs as binary, whose lines git does not number).
    """

    path: str
    old_path: str | None
    status: str
    mode: str
    blob: str
    added_lines: frozenset[int] | None


def staged_changes(repository: Repository, paths: Sequence[str] = ()) -> list[StagedChange]:
    """Return the changes staged in the index (GIT_INDEX_FILE when set), against HEAD.

    Without HEAD (the first commit) git diffs against the empty tree, so
    every staged file is added. ``paths`` (relative to the top) limit the
    diff to those files. Raises ScanFailure when git fails.
    """
    # No base commit is named: 'git diff --cached' compares with HEAD, or
    # shows all staged changes when HEAD is unborn, which saves resolving
    # HEAD (and hashing the empty tree) in separate git processes.
    pathspec = [f":(literal){p}" for p in paths]
    result = run_git(["diff", "--cached", "--raw", "-p", "-z", *_DIFF_OPTIONS, "--", *pathspec], repository.cwd)
    entries, patch = _split_raw(result.stdout)
    sections = _patch_sections(patch)
    if len(sections) != len(entries):
        raise ScanFailure(f"could not pair the staged diff's {len(entries)} files with {len(sections)} patches; "
                          "rerun with --debug and report it")
    return [_change(entry, section) for entry, section in zip(entries, sections)]


def _split_raw(output: bytes) -> tuple[list[tuple[str, list[str]]], bytes]:
    """Return the raw records (metadata, paths) and the patch text that follows them."""
    entries: list[tuple[str, list[str]]] = []
    position = 0
    while output.startswith(b":", position):
        end = output.index(b"\0", position)
        meta = output[position:end].decode("ascii")
        count = 2 if meta.split()[-1][:1] in ("R", "C") else 1
        paths = []
        for _ in range(count):
            start = end + 1
            end = output.index(b"\0", start)
            paths.append(os.fsdecode(output[start:end]))
        entries.append((meta, paths))
        position = end + 1
    return entries, output[position:].lstrip(b"\0")


def _patch_sections(patch: bytes) -> list[bytes]:
    if not patch.strip():
        return []
    pieces = re.split(rb"^(?=diff --git )", patch, flags=re.MULTILINE)
    return [piece for piece in pieces if piece.startswith(b"diff --git ")]


def _change(entry: tuple[str, list[str]], section: bytes) -> StagedChange:
    meta, paths = entry
    _old_mode, new_mode, _old_blob, new_blob, status = meta.lstrip(":").split()
    kind = status[:1]
    return StagedChange(
        path=paths[-1],
        old_path=paths[0] if len(paths) == 2 else None,
        status=kind,
        mode=new_mode,
        blob=new_blob,
        added_lines=None if kind == "A" else added_lines(section),
    )


def added_lines(section: bytes) -> frozenset[int] | None:
    """Return the added line numbers of one file's patch, or None when git showed it as binary."""
    header_end = section.find(b"\n@@ ")
    header = section if header_end < 0 else section[:header_end]
    if b"\nBinary files " in header or b"\nGIT binary patch" in header:
        return None
    numbers: set[int] = set()
    for match in _HUNK.finditer(section):
        start = int(match.group(1))
        count = 1 if match.group(2) is None else int(match.group(2))
        numbers.update(range(start, start + count))
    return frozenset(numbers)
