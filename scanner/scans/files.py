"""The files mode: scan paths on disk and standard input."""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from scanner.config.settings import Settings
from scanner.constants import STDIN_PATH, SourceKind
from scanner.engine.detector import Detector
from scanner.models import ScanReport
from scanner.scans.collector import Collector
from scanner.sources.decoding import SNIFF_BYTES, detect_encoding, utf8_pieces
from scanner.sources.files import WalkCounters, open_regular_file, walk

log = logging.getLogger(__name__)


def build_detector(settings: Settings) -> Detector:
    """Return a detector for the settings' rules, allowlist and allow markers."""
    return Detector(settings.rules, settings.allowlist, settings.allow_markers)


def scan_paths(paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None) -> ScanReport:
    """Scan files, directories and (for the path ``-``) ``stdin``.

    Unreadable files are counted and named in the report's warnings; the
    caller turns them into a failing exit code.
    """
    detector = build_detector(settings)
    collector = Collector(settings.min_confidence)
    counters = WalkCounters()
    disk_paths = [p for p in paths if p != "-"]
    if "-" in paths and stdin is not None:
        _scan_stream(detector, collector, stdin, STDIN_PATH, SourceKind.STDIN.value)
    for target in walk(disk_paths, settings.excludes, settings.respect_gitignore, counters):
        try:
            descriptor = open_regular_file(target.location)
        except OSError as error:
            _unreadable(collector, target.display, error)
            continue
        with os.fdopen(descriptor, "rb") as stream:
            try:
                _scan_stream(detector, collector, stream, target.display, SourceKind.FILE.value)
            except OSError as error:
                _unreadable(collector, target.display, error)
    for missing in counters.skipped_paths:
        _unreadable(collector, missing, FileNotFoundError("no such file or directory"))
    stats = collector.stats
    stats.excluded = counters.excluded
    stats.extra.update(
        {"gitignored_skipped": counters.gitignored, "symlinks_skipped": counters.symlinks,
         "special_files_skipped": counters.special}
    )
    return collector.report("files")


def _scan_stream(detector: Detector, collector: Collector, stream: BinaryIO, display: str, source: str) -> None:
    head = stream.read(SNIFF_BYTES)
    encoding = detect_encoding(head)
    if encoding is None:
        collector.stats.binary_skipped += 1
        log.info("skipped binary file %s", display)
        return
    for finding in detector.scan_chunks(_counting(utf8_pieces(stream, encoding, head), collector), display, source):
        collector.add(finding)
    collector.stats.documents_scanned += 1
    if encoding not in ("utf-8", "utf-8-sig"):
        log.info("decoded %s as %s", display, encoding)


def _counting(pieces: Iterator[bytes], collector: Collector) -> Iterator[bytes]:
    for piece in pieces:
        collector.stats.bytes_scanned += len(piece)
        yield piece


def _unreadable(collector: Collector, display: str, error: OSError) -> None:
    reason = error.strerror or str(error)
    collector.stats.unreadable += 1
    collector.warn(f"could not read {display}: {reason}")
