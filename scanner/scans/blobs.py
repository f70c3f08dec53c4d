"""Scan blob content read from git, piece by piece.

``scan_blobs`` is the hot loop of a history scan: it reads each unique blob
once through a ``git cat-file --batch`` process and runs the detector over
it. It takes any iterable of targets, so a caller can time it or split the
targets across several readers.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO, NamedTuple, Protocol, cast

from scanner.engine.detector import Detector
from scanner.git.objects import BlobReader
from scanner.models import Finding
from scanner.sources.decoding import SNIFF_BYTES, detect_encoding, utf8_pieces


class Readable(Protocol):
    def read(self, count: int = -1) -> bytes: ...


class BlobTarget(NamedTuple):
    """A unique blob to scan, with the first commit and path that carry it."""

    blob: str
    path: str | None
    commit: str | None


@dataclasses.dataclass
class StreamResult:
    """The result of scanning one piece of content."""

    findings: list[Finding]
    size: int = 0
    binary: bool = False
    missing: bool = False


class BlobResult(NamedTuple):
    target: BlobTarget
    result: StreamResult


def scan_stream(detector: Detector, stream: Readable, path: str | None, source: str) -> StreamResult:
    """Scan text read from ``stream``; binary content (by git's NUL heuristic) is skipped."""
    head = stream.read(SNIFF_BYTES)
    encoding = detect_encoding(head)
    if encoding is None:
        return StreamResult([], len(head), binary=True)
    result = StreamResult([])

    def counted(pieces: Iterator[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            result.size += len(piece)
            yield piece

    pieces = utf8_pieces(cast(BinaryIO, stream), encoding, head)
    result.findings = list(detector.scan_chunks(counted(pieces), path, source))
    return result


def scan_blobs(
    detector: Detector,
    reader: BlobReader,
    targets: Iterable[BlobTarget],
    source: str,
    on_done: Callable[[BlobResult], None] | None = None,
) -> Iterator[BlobResult]:
    """Scan each target's blob once and yield its result, in the order given.

    ``on_done`` is called after each blob (the progress display uses it).
    Raises ScanFailure when the cat-file process fails.
    """
    for target, stream in reader.stream_many(targets, lambda target: target.blob):
        result = StreamResult([], missing=True) if stream is None else scan_stream(
            detector, stream, target.path, source)
        item = BlobResult(target, result)
        if on_done is not None:
            on_done(item)
        yield item
