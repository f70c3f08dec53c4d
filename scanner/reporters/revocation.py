"""Revocation report of a scan (``--format revocation``): Markdown, live tokens first."""
from __future__ import annotations

from typing import TextIO

from scanner.models import ScanReport
from scanner.remediation.markdown import render
from scanner.remediation.model import group_findings
from scanner.reporters.json_report import report_dict


def write(report: ScanReport, stream: TextIO, *, redact: bool) -> None:
    """Write the report; it always shows tokens redacted, because it is meant to be shared."""
    findings = report_dict(report, redact=True)["findings"]
    stream.write(render(group_findings(findings)))
