"""JSON report: ``{"findings": [...], "stats": {...}, "warnings": [...]}``."""
from __future__ import annotations

import json
from typing import Any, TextIO

from scanner import __version__
from scanner.models import ScanReport


def report_dict(report: ScanReport, *, redact: bool) -> dict[str, Any]:
    """Return the JSON document for ``report``; shared by formats built on it."""
    return {
        "tool": {"name": "viafoundry-scan", "version": __version__},
        "mode": report.mode,
        "findings": [finding.to_dict(show_secret=not redact) for finding in report.findings],
        "stats": report.stats.to_dict(),
        "warnings": report.warnings,
    }


def write(report: ScanReport, stream: TextIO, *, redact: bool) -> None:
    json.dump(report_dict(report, redact=redact), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
