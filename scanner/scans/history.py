"""The history mode: scan every unique blob and commit message of the selected commits.

The walk (one ``git log --raw`` stream) names the blobs that commits write.
Each unique blob is scanned once, in the order of first appearance, with
its content streamed through one ``git cat-file --batch`` process. Only
blobs with findings are kept after scanning. When there are any, a second
walk lists every commit and path that writes those blobs.

NOTE: memory grows with the number of unique blobs (their ids and first
path, about 200 bytes each), never with their content.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from scanner.config.settings import Settings
from scanner.constants import SourceKind
from scanner.git.commits import unreachable_objects
from scanner.git.log_walk import walk_blob_entries, walk_messages
from scanner.git.repository import Repository
from scanner.models import Finding, ScanReport
from scanner.scans.blobs import BlobResult, BlobTarget
from scanner.scans.collector import Collector
from scanner.scans.commit_message import scan_message
from scanner.scans.files import build_detector
from scanner.scans.git_paths import is_excluded_path
from scanner.scans.history_findings import attribute_findings
from scanner.scans.parallel import scan_blobs_in_workers

log = logging.getLogger(__name__)

SHALLOW_WARNING = ("this is a shallow clone: commits before the shallow boundary were not fetched, so the history "
                   "scan is cut there; run 'git fetch --unshallow' to scan the whole history")


def collect_new_blobs(
    repository: Repository, revision_args: Sequence[str], excludes: Sequence[str]
) -> tuple[list[BlobTarget], dict[str, int]]:
    """Return each unique blob of the selected commits once, with the first commit and path that write it.

    Also returns how many (commit, path) entries write each blob, so that the
    attribution walk is needed only for blobs written more than once.
    """
    occurrences: dict[str, int] = {}
    targets: list[BlobTarget] = []
    for entry in walk_blob_entries(repository, revision_args):
        if is_excluded_path(entry.path, excludes):
            continue
        count = occurrences.get(entry.blob, 0)
        occurrences[entry.blob] = count + 1
        if count == 0:
            targets.append(BlobTarget(entry.blob, entry.path, entry.commit))
    return targets, occurrences


def scan_history(
    repository: Repository,
    settings: Settings,
    revision_args: Sequence[str],
    include_unreachable: bool = False,
    on_blob: Callable[[BlobResult], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> ScanReport:
    """Scan the blobs and messages of the commits that ``revision_args`` select.

    With ``include_unreachable``, blobs that no commit reaches are scanned
    too (``revision_args`` should already include the reflog and dangling
    commits, see scans.revisions). Raises ScanFailure when git fails.
    """
    detector = build_detector(settings)
    collector = Collector(settings.min_confidence)
    if repository.is_shallow:
        collector.warn(SHALLOW_WARNING)
    targets, occurrences = collect_new_blobs(repository, revision_args, settings.excludes)
    if include_unreachable:
        targets += _unreachable_blobs(repository, {target.blob for target in targets})
    if on_total is not None:
        on_total(len(targets))

    def done(item: BlobResult) -> None:
        _count(collector, item)
        if on_blob is not None:
            on_blob(item)

    scanned = scan_blobs_in_workers(detector, settings, repository.cwd, targets, SourceKind.FILE.value, done)
    with_findings = [item for item in scanned if item.result.findings]
    messages: list[tuple[str, Finding]] = []
    for sha, message in walk_messages(repository, revision_args):
        collector.stats.extra["commits_scanned"] = collector.stats.extra.get("commits_scanned", 0) + 1
        messages += [(sha, finding) for finding in scan_message(detector, message, sha)]
    repeated = {blob for blob, count in occurrences.items() if count > 1}
    collector.add_all(attribute_findings(repository, revision_args, settings.excludes, with_findings, messages,
                                         repeated))
    if not targets and not collector.stats.extra.get("commits_scanned"):
        collector.warn("nothing was scanned: the selected history has no commits")
    return collector.report("history")


def _count(collector: Collector, item: BlobResult) -> None:
    stats = collector.stats
    if item.result.missing:
        log.info("blob %s is missing (a partial or shallow clone); skipped", item.target.blob)
        stats.extra["blobs_missing"] = stats.extra.get("blobs_missing", 0) + 1
    elif item.result.binary:
        stats.binary_skipped += 1
    else:
        stats.documents_scanned += 1
        stats.bytes_scanned += item.result.size


def _unreachable_blobs(repository: Repository, seen: set[str]) -> list[BlobTarget]:
    _commits, blobs = unreachable_objects(repository)
    return [BlobTarget(blob, unreachable_blob_path(blob), None) for blob in blobs if blob not in seen]


def unreachable_blob_path(blob: str) -> str:
    """Return the path shown for a blob that no commit contains (it has no real path)."""
    return f"<unreachable blob {blob}>"
