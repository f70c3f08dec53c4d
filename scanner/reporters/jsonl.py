"""JSON Lines report: one finding per line, in the json report's finding form.

Each line is written and flushed as soon as it is formatted, so a consumer
reading a pipe receives findings while the rest are still being written. A clean
scan writes nothing. The counters are only in the json format.
"""
from __future__ import annotations

import json
from typing import TextIO

from scanner.models import ScanReport


def write(report: ScanReport, stream: TextIO, *, redact: bool) -> None:
    for finding in report.findings:
        stream.write(json.dumps(finding.to_dict(show_secret=not redact), ensure_ascii=False, sort_keys=True))
        stream.write("\n")
        stream.flush()
