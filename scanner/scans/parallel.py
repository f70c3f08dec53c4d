"""Scan blobs in two worker processes when a history is large enough to pay for them.

The engine's Python-level work (windows, candidates, filters) holds the
GIL, so threads would not help. Each worker process has its own detector
and its own ``git cat-file --batch`` process. Batches go out and come back in
order, so the results, and therefore the report, are the same as a scan in
one process.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from scanner.config.settings import Settings
from scanner.engine.detector import Detector
from scanner.git.objects import BlobReader
from scanner.scans.blobs import BlobResult, BlobTarget, scan_blobs

log = logging.getLogger(__name__)

#: Fewer unique blobs than this scan in one process: starting workers costs more.
MIN_BLOBS_FOR_WORKERS = 2000
#: Blobs per batch sent to a worker.
BATCH_SIZE = 200
#: Environment variable that sets the number of worker processes (1 turns them off).
WORKERS_ENV = "VIAFOUNDRY_SCAN_WORKERS"

_worker_detector: Detector | None = None
_worker_reader: BlobReader | None = None


def worker_count(blob_count: int) -> int:
    """Return how many processes should scan ``blob_count`` blobs."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured.isdigit() and int(configured) >= 1:
        return int(configured)
    if blob_count < MIN_BLOBS_FOR_WORKERS:
        return 1
    return max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def scan_blobs_in_workers(
    detector: Detector,
    settings: Settings,
    cwd: str | Path,
    targets: Sequence[BlobTarget],
    source: str,
    on_done: Callable[[BlobResult], None] | None = None,
) -> Iterator[BlobResult]:
    """Yield the result of every target, in order, scanning in worker processes when it pays.

    Raises ScanFailure when a cat-file process fails (in this process or a worker).
    """
    workers = worker_count(len(targets))
    if workers < 2:
        with BlobReader(cwd) as reader:
            yield from scan_blobs(detector, reader, targets, source, on_done)
        return
    log.info("scanning %d blobs in %d worker processes", len(targets), workers)
    batches = [list(targets[start : start + BATCH_SIZE]) for start in range(0, len(targets), BATCH_SIZE)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(settings, str(cwd))) as pool:
        for results in pool.map(_scan_batch, batches, [source] * len(batches)):
            for item in results:
                if on_done is not None:
                    on_done(item)
                yield item


def _start_worker(settings: Settings, cwd: str) -> None:
    """Build this worker's detector and cat-file reader once."""
    global _worker_detector, _worker_reader
    from scanner.scans.files import build_detector

    _worker_detector = build_detector(settings)
    _worker_reader = BlobReader(cwd)


def _scan_batch(batch: list[BlobTarget], source: str) -> list[BlobResult]:
    """Scan one batch in a worker; only blobs with findings carry them back."""
    assert _worker_detector is not None and _worker_reader is not None
    return list(scan_blobs(_worker_detector, _worker_reader, batch, source))
