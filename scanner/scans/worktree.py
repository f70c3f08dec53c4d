"""Scan one work-tree file named by pre-commit that has no staged change."""
from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from scanner.config.settings import Settings
from scanner.constants import SourceKind
from scanner.engine.detector import Detector
from scanner.scans.blobs import scan_stream
from scanner.scans.collector import Collector
from scanner.scans.git_paths import is_excluded_path
from scanner.sources.files import open_regular_file

log = logging.getLogger(__name__)


def scan_worktree_file(top: Path, path: str, detector: Detector, collector: Collector, settings: Settings) -> None:
    """Scan the whole file ``path`` (relative to ``top``); links, FIFOs and devices are skipped, never opened.

    A missing or unreadable file is counted as unreadable, which fails the scan.
    """
    stats = collector.stats
    location = top / path
    if is_excluded_path(path, settings.excludes):
        stats.excluded += 1
        return
    try:
        mode = os.lstat(location).st_mode
        if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
            log.info("skipped %s: not a regular file (links are never followed)", path)
            key = "symlinks_skipped" if stat.S_ISLNK(mode) else "special_files_skipped"
            stats.extra[key] = stats.extra.get(key, 0) + 1
            return
        with os.fdopen(open_regular_file(location), "rb") as stream:
            result = scan_stream(detector, stream, path, SourceKind.FILE.value)
    except OSError as error:
        stats.unreadable += 1
        collector.warn(f"could not read {path}: {error.strerror or error}")
        return
    if result.binary:
        stats.binary_skipped += 1
        return
    stats.documents_scanned += 1
    stats.bytes_scanned += result.size
    collector.add_all(result.findings)
