"""Read blobs through one persistent ``git cat-file --batch`` process.

Starting git once per blob would cost more than scanning most blobs, so one
process serves a whole scan. Each blob's content is handed out as a
file-like stream bounded by the blob's size, so large blobs are scanned in
pieces rather than loaded whole.
"""
from __future__ import annotations

import logging
import queue
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, TypeVar, cast

from scanner.errors import ScanFailure
from scanner.git.command import git_argv, neutral_environment

log = logging.getLogger(__name__)

T = TypeVar("T")
_END = object()


class BlobStream:
    """The content of one blob, readable once, up to its size."""

    def __init__(self, pipe: IO[bytes], size: int) -> None:
        self._pipe = pipe
        self.size = size
        self._left = size

    def read(self, count: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        wanted = self._left if count < 0 else min(count, self._left)
        data = self._pipe.read(wanted)
        if len(data) < wanted:
            raise ScanFailure("git cat-file ended in the middle of a blob; the repository may be corrupt")
        self._left -= len(data)
        return data

    def drain(self) -> None:
        """Skip what was not read, and the newline git writes after each blob."""
        while self._left > 0:
            self.read(1024 * 1024)
        self._pipe.read(1)


class BlobReader:
    """A ``git cat-file --batch`` process for one repository; use as a context manager."""

    def __init__(self, cwd: str | Path) -> None:
        self.cwd = cwd
        try:
            self._process = subprocess.Popen(
                git_argv(["cat-file", "--batch"]), cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=neutral_environment(),
            )
        except FileNotFoundError:
            raise ScanFailure("git was not found on PATH; install git and try again") from None
        self._current: BlobStream | None = None

    def open(self, sha: str) -> BlobStream | None:
        """Return the content of blob ``sha``, or None when it is missing or not a blob.

        The previous stream is drained first, so only one is readable at a time.
        Raises ScanFailure when the git process died.
        """
        if self._current is not None:
            self._current.drain()
            self._current = None
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(sha.encode("ascii") + b"\n")
            process.stdin.flush()
        except BrokenPipeError:
            raise ScanFailure(f"git cat-file stopped unexpectedly in {self.cwd}") from None
        return self._read_response(sha)

    def stream_many(self, items: Iterable[T], sha_of: Callable[[T], str]) -> Iterator[tuple[T, BlobStream | None]]:
        """Yield each item with its blob's content (or None), in the order given.

        A thread writes the requests ahead while the caller reads, so the scan
        does not pay one request-response round trip per blob. Do not call
        ``open`` until this iterator is exhausted. Raises ScanFailure when the git process died.
        """
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        stdin, stdout = process.stdin, process.stdout
        pending: queue.Queue[object] = queue.Queue()

        def feed() -> None:
            try:
                for item in items:
                    stdin.write(sha_of(item).encode("ascii") + b"\n")
                    stdin.flush()
                    pending.put(item)
            except (BrokenPipeError, ValueError, OSError) as error:
                log.debug("stopped sending blob requests: %s", error)
            except BaseException as error:  # handed to the reading side, which re-raises it
                pending.put(error)
            finally:
                pending.put(_END)

        writer = threading.Thread(target=feed, name="cat-file-feeder", daemon=True)
        writer.start()
        while True:
            entry = pending.get()
            if entry is _END:
                break
            if isinstance(entry, BaseException):
                raise entry
            if self._current is not None:
                self._current.drain()
                self._current = None
            item = cast(T, entry)
            yield item, self._read_response(sha_of(item))
        if self._current is not None:
            self._current.drain()
            self._current = None

    def _read_response(self, sha: str) -> BlobStream | None:
        """Read one response header and return the blob's stream, or None."""
        assert self._process.stdout is not None
        header = self._process.stdout.readline().split()
        if len(header) == 3:
            self._current = BlobStream(self._process.stdout, int(header[2]))
            if header[1] == b"blob":
                return self._current
            log.debug("object %s is a %s, not a blob", sha, header[1].decode())
            return None
        if header[-1:] == [b"missing"]:
            log.info("object %s is missing from the repository", sha)
            return None
        raise ScanFailure(f"git cat-file stopped unexpectedly in {self.cwd}")

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        if self._process.stdout is not None:
            self._process.stdout.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
