"""Reporters: one module per output format, each with a ``write`` function.

A reporter has the signature ``write(report, stream, *, redact)``; it must
write the whole token only when ``redact`` is False.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    # The CLI reads FORMATS while it declares its options, so this module
    # imports nothing at run time that a command might not need.
    from scanner.models import ScanReport

#: Format name -> module that implements it (imported only when used).
FORMATS: dict[str, str] = {
    "text": "scanner.reporters.text",
    "json": "scanner.reporters.json_report",
    "revocation": "scanner.reporters.revocation",
    "jsonl": "scanner.reporters.jsonl",
    "csv": "scanner.reporters.csv_report",
    "sarif": "scanner.reporters.sarif",
    "junit": "scanner.reporters.junit",
    "gitlab": "scanner.reporters.gitlab",
}


class Reporter(Protocol):
    def __call__(self, report: ScanReport, stream: TextIO, *, redact: bool) -> None: ...


def get_reporter(name: str) -> Reporter:
    """Return the ``write`` function of the named format (a key of FORMATS)."""
    module = importlib.import_module(FORMATS[name])
    writer: Reporter = module.write
    return writer
