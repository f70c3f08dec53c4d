"""The staged mode: scan what the next commit adds, read from the index.

Only findings on lines the staged diff adds are reported: a token that
was already committed elsewhere in the file is the history scan's job.
Files named on the command line (pre-commit passes them) narrow the scan.
A named file with no staged change is scanned whole from the work tree,
so that ``pre-commit run --all-files`` and ``--files X`` check the files
they name instead of passing silently.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

from scanner.config.settings import Settings
from scanner.constants import SourceKind
from scanner.engine.detector import Detector
from scanner.git.index_diff import GITLINK_MODE, SYMLINK_MODE, StagedChange, staged_changes
from scanner.git.objects import BlobReader
from scanner.git.repository import Repository, require_work_tree
from scanner.models import ScanReport
from scanner.scans.blobs import scan_stream
from scanner.scans.collector import Collector
from scanner.scans.files import build_detector
from scanner.scans.git_paths import is_excluded_path, top_relative
from scanner.scans.worktree import scan_worktree_file

log = logging.getLogger(__name__)

FILE = SourceKind.FILE.value


def scan_staged(repository: Repository, settings: Settings, files: Sequence[str] = ()) -> ScanReport:
    """Scan the staged changes, or only those of ``files`` (paths relative to the current folder).

    Raises ScanFailure for a bare repository or when git fails.
    """
    top = require_work_tree(repository)
    detector = build_detector(settings)
    collector = Collector(settings.min_confidence)
    changes = staged_changes(repository)
    named = [top_relative(top, name) for name in files]
    if files:
        wanted = set(named)
        changes = [change for change in changes if change.path in wanted]
    with BlobReader(repository.cwd) as reader:
        for change in changes:
            _scan_change(change, reader, detector, collector, settings)
    staged_paths = {change.path for change in changes}
    for path in named:
        if path not in staged_paths:
            scan_worktree_file(top, path, detector, collector, settings)
    if collector.stats.documents_scanned == 0:
        collector.warn(_nothing_scanned(files, changes))
    return collector.report("staged")


def _scan_change(change: StagedChange, reader: BlobReader, detector: Detector, collector: Collector,
                 settings: Settings) -> None:
    stats = collector.stats
    if change.mode == GITLINK_MODE:
        collector.warn(f"skipped submodule {change.path}: run the scan inside the submodule to check its files")
        stats.extra["submodules_skipped"] = stats.extra.get("submodules_skipped", 0) + 1
        return
    if change.mode == SYMLINK_MODE:
        log.info("skipped symbolic link %s (links are never followed)", change.path)
        stats.extra["symlinks_skipped"] = stats.extra.get("symlinks_skipped", 0) + 1
        return
    if is_excluded_path(change.path, settings.excludes):
        stats.excluded += 1
        return
    if change.added_lines is not None and not change.added_lines:
        log.info("%s: the staged change adds no lines (%s)", change.path, change.status)
        return
    stream = reader.open(change.blob)
    if stream is None:
        stats.unreadable += 1
        collector.warn(f"could not read the staged content of {change.path}: blob {change.blob} is missing")
        return
    result = scan_stream(detector, stream, change.path, FILE)
    if result.binary:
        stats.binary_skipped += 1
        return
    stats.documents_scanned += 1
    stats.bytes_scanned += result.size
    for finding in result.findings:
        if change.added_lines is None or finding.line in change.added_lines:
            collector.add(finding)


def _nothing_scanned(files: Sequence[str], changes: Sequence[StagedChange]) -> str:
    if files:
        return "nothing was scanned: none of the named files has text content to check"
    if changes:
        return "nothing was scanned: the staged changes add no text lines (only deletions, renames or binary files)"
    return "nothing was scanned: no changes are staged (run 'git add' first, or use 'viafoundry-scan files')"
