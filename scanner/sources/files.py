"""Files and directories on disk: walk them safely and read them as text.

The walk never follows a symbolic link, never opens a FIFO, socket or
device, and skips `.git` folders. Files that git ignores are scanned unless
the user opts out, because an ignored `.env` or `.viaenv` is exactly where
live tokens sit.
"""
from __future__ import annotations

import dataclasses
import fnmatch
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from scanner.git.command import ignored_paths

log = logging.getLogger(__name__)

_SKIPPED_DIRECTORIES = frozenset({".git"})


@dataclasses.dataclass(frozen=True)
class FileTarget:
    """A regular file to scan: where it is, and the path that reports show."""

    location: Path
    display: str


@dataclasses.dataclass
class WalkCounters:
    """Counters of the paths the walk skipped, for the scan statistics."""

    excluded: int = 0
    gitignored: int = 0
    symlinks: int = 0
    special: int = 0
    skipped_paths: list[str] = dataclasses.field(default_factory=list)
    #: Paths named on the command line that were not read, with the reason.
    named_skips: list[str] = dataclasses.field(default_factory=list)


def display_base(paths: Sequence[str]) -> Path:
    """Return the folder that reported paths are relative to.

    That is the single PATH when it is a directory (or a link to one), else
    the current directory.
    """
    if len(paths) == 1 and Path(paths[0]).is_dir():
        return Path(paths[0])
    return Path(".")


def walk(
    paths: Sequence[str],
    excludes: Sequence[str],
    respect_gitignore: bool,
    counters: WalkCounters,
) -> Iterator[FileTarget]:
    """Yield the regular files below ``paths`` in a stable (sorted) order."""
    base = display_base(paths)
    for argument in paths:
        root = Path(argument)
        location = root
        kind = _kind(root)
        if kind == "symlink":
            # NOTE: a link named on the command line is followed, as find -H
            # does, because skipping it would pass a scan that read no file
            # (a ~/.viaenv kept by a dotfile manager is such a link). Links
            # met inside a folder are never followed.
            location = root.resolve()
            kind = _kind(location)
        if kind == "dir":
            yield from _walk_directory(root, base, excludes, respect_gitignore, counters)
        elif kind == "file":
            display = _display(root, base)
            if _is_excluded(display, excludes):
                counters.excluded += 1
            else:
                yield FileTarget(location, display)
        elif kind == "special":
            counters.special += 1
            counters.named_skips.append(f"{argument}: not a regular file (FIFO, socket or device), not read")
        else:
            _count_skip(counters, kind, argument)


def _walk_directory(
    root: Path, base: Path, excludes: Sequence[str], respect_gitignore: bool, counters: WalkCounters
) -> Iterator[FileTarget]:
    batch: list[FileTarget] = []
    for folder, subfolders, names in os.walk(root, followlinks=False):
        kept_folders = [d for d in subfolders if d not in _SKIPPED_DIRECTORIES]
        included = [d for d in kept_folders if not _is_excluded(_display(Path(folder, d), base) + "/", excludes)]
        counters.excluded += len(kept_folders) - len(included)  # a folder counts once, not per file
        subfolders[:] = sorted(included)
        for name in sorted(names):
            location = Path(folder, name)
            kind = _kind(location)
            display = _display(location, base)
            if kind != "file":
                _count_skip(counters, kind, display)
            elif _is_excluded(display, excludes):
                counters.excluded += 1
            else:
                batch.append(FileTarget(location, display))
    if respect_gitignore and batch:
        ignored = ignored_paths(root, [os.path.relpath(t.location, root) for t in batch])
        kept = [t for t in batch if os.path.relpath(t.location, root) not in ignored]
        counters.gitignored += len(batch) - len(kept)
        batch = kept
    yield from batch


def _kind(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "missing"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    return "special"


def _count_skip(counters: WalkCounters, kind: str, display: str) -> None:
    if kind == "symlink":
        counters.symlinks += 1
        log.info("skipped symbolic link %s (links are never followed)", display)
    elif kind == "special":
        counters.special += 1
        log.info("skipped %s: not a regular file (FIFO, socket or device)", display)
    else:
        counters.skipped_paths.append(display)


def _display(location: Path, base: Path) -> str:
    if base == Path("."):
        text = os.path.normpath(location)
    else:
        text = os.path.relpath(location, base)
    return text.replace(os.sep, "/")


def _is_excluded(display: str, patterns: Sequence[str]) -> bool:
    """Return True when a glob matches the path, its file name or one of its folders."""
    if not patterns:
        return False
    parts = display.rstrip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        bare = pattern.rstrip("/")
        if fnmatch.fnmatchcase(display.rstrip("/"), bare) or fnmatch.fnmatchcase(parts[-1], bare):
            return True
        if any(fnmatch.fnmatchcase(prefix, bare) or fnmatch.fnmatchcase(prefix + "/", pattern) for prefix in prefixes):
            return True
    return False


def open_regular_file(location: Path) -> int:
    """Open ``location`` for reading without following links or blocking on a FIFO.

    Returns the file descriptor. Raises OSError when the path is no longer a
    regular file (it changed between the walk and the open).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(location, flags)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(f"{location} is not a regular file")
    return descriptor
