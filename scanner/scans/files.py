"""The files mode: scan paths on disk and standard input."""
from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from scanner.config.settings import Settings
from scanner.constants import STDIN_PATH, SourceKind
from scanner.engine.detector import Detector
from scanner.fingerprints import fingerprint
from scanner.models import ScanReport
from scanner.scans.collector import Collector
from scanner.sources.decoding import SNIFF_BYTES, detect_encoding, utf8_pieces
from scanner.sources.files import WalkCounters, display_base, open_regular_file, walk

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
        identity = _identity_path(target.location)
        try:
            descriptor = open_regular_file(target.location)
        except OSError as error:
            _unreadable(collector, target.display, error)
            continue
        with os.fdopen(descriptor, "rb") as stream:
            try:
                _scan_stream(detector, collector, stream, target.display, SourceKind.FILE.value, identity)
            except OSError as error:
                _unreadable(collector, target.display, error)
    for missing in counters.skipped_paths:
        _unreadable(collector, missing, FileNotFoundError("no such file or directory"))
    for skipped in counters.named_skips:
        collector.warn(skipped)
    stats = collector.stats
    stats.excluded = counters.excluded
    stats.extra.update(
        {"gitignored_skipped": counters.gitignored, "symlinks_skipped": counters.symlinks,
         "special_files_skipped": counters.special}
    )
    report = collector.report("files")
    report.root = str(display_base(disk_paths or ["."]).resolve())
    return report


@functools.lru_cache(maxsize=1024)
def _repository_top(folder: Path) -> Path | None:
    """Return the top folder of the git work tree that contains ``folder``, or None."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _identity_path(location: Path) -> str:
    """Return the path that a finding's fingerprint uses.

    Inside a git work tree that is the path relative to its top, so a
    fingerprint stays the same whichever folder the scan starts from and
    matches the staged and history scans. Outside one it is the absolute
    path, which also does not depend on how the path was typed.
    """
    absolute = Path(os.path.abspath(location))
    top = _repository_top(absolute.parent)
    if top is not None:
        try:
            return absolute.relative_to(top).as_posix()
        except ValueError:
            pass
    return absolute.as_posix()


def _scan_stream(
    detector: Detector,
    collector: Collector,
    stream: BinaryIO,
    display: str,
    source: str,
    identity: str | None = None,
) -> None:
    head = stream.read(SNIFF_BYTES)
    encoding = detect_encoding(head)
    if encoding is None:
        collector.stats.binary_skipped += 1
        log.info("skipped binary file %s", display)
        return
    for finding in detector.scan_chunks(_counting(utf8_pieces(stream, encoding, head), collector), display, source):
        if identity is not None and identity != display:
            finding = finding.replace(fingerprint=fingerprint(finding.rule_id, identity, finding.secret_sha256))
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
