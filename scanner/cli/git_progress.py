"""A progress bar for history scans: on stderr, only at a terminal and never in CI."""
from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any

import click

from scanner.scans.blobs import BlobResult


def progress_wanted() -> bool:
    """Return True when stderr is a terminal and the CI variable is unset."""
    return sys.stderr.isatty() and not os.environ.get("CI")


class BlobProgress:
    """Shows blobs and megabytes scanned; does nothing unless ``enabled``."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bytes = 0
        self._bar: Any = None

    def start(self, total: int) -> None:
        if self.enabled and total:
            self._bar = click.progressbar(length=total, label="Scanning blobs", file=sys.stderr,
                                          item_show_func=self._describe, show_pos=True)
            self._bar.__enter__()

    def advance(self, item: BlobResult) -> None:
        self.bytes += item.result.size
        if self._bar is not None:
            self._bar.update(1, item)

    def _describe(self, item: BlobResult | None) -> str:
        return f"{self.bytes / 1e6:.1f} MB"

    def __enter__(self) -> BlobProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, value, trace)
