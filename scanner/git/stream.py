"""Stream the output of a long git command as NUL-separated records.

History scans read `git log` output that can run to gigabytes on a large
repository, so it is read in pieces and never held whole. Standard error
goes to a temporary file: a pipe could fill up and stall git while we are
still reading standard output.
"""
from __future__ import annotations

import logging
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from scanner.errors import ScanFailure
from scanner.git.command import explain_git_error, git_argv, neutral_environment

log = logging.getLogger(__name__)

READ_SIZE = 1024 * 1024


def git_records(args: Sequence[str], cwd: str | Path, separator: bytes = b"\0") -> Iterator[bytes]:
    """Yield the records of ``git args`` output, split at ``separator``.

    The last record is yielded even when the output does not end with the
    separator. Raises ScanFailure when git is missing or exits non-zero
    (after every record was yielded). Closing the generator early ends git.
    """
    with tempfile.TemporaryFile() as errors:
        log.debug("streaming git %s in %s", " ".join(args), cwd)
        try:
            process = subprocess.Popen(
                git_argv(args), cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors,
                env=neutral_environment(),
            )
        except FileNotFoundError:
            raise ScanFailure("git was not found on PATH; install git and try again") from None
        assert process.stdout is not None
        try:
            yield from _split(process.stdout, separator)
        finally:
            if process.poll() is None:
                process.kill()
            process.stdout.close()
            code = process.wait()
        if code != 0:
            errors.seek(0)
            raise ScanFailure(explain_git_error(args, cwd, errors.read().decode("utf-8", "replace")))


def _split(stream: object, separator: bytes) -> Iterator[bytes]:
    pending = b""
    read = getattr(stream, "read")
    while True:
        piece = read(READ_SIZE)
        if not piece:
            break
        pending += piece
        records = pending.split(separator)
        pending = records.pop()
        yield from records
    if pending:
        yield pending
