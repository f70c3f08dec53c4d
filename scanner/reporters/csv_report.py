"""CSV report: a header row, then one row per finding (RFC 4180 quoting, LF line ends).

Text cells that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return) get a leading apostrophe,
because file names and commit authors come from the scanned repository,
which anyone may have written.
"""
from __future__ import annotations

import csv
from typing import TextIO

from scanner.models import Finding, ScanReport

COLUMNS = (
    "rule_id", "confidence", "path", "line", "column", "end_column", "source", "commit",
    "author_email", "date", "redacted", "fingerprint", "secret_sha256", "reason",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write(report: ScanReport, stream: TextIO, *, redact: bool) -> None:
    columns = COLUMNS if redact else (*COLUMNS, "secret")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for finding in report.findings:
        row = _row(finding)
        if not redact:
            row.append(finding.secret)
        writer.writerow(row)


def _row(finding: Finding) -> list[str]:
    commit = finding.commit
    return [
        finding.rule_id,
        finding.confidence.label,
        _safe(finding.path or ""),
        str(finding.line),
        str(finding.column),
        str(finding.end_column),
        finding.source,
        commit.sha if commit else "",
        _safe(commit.author_email) if commit else "",
        commit.date if commit else "",
        finding.redacted,
        finding.fingerprint,
        finding.secret_sha256,
        finding.reason,
    ]


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
