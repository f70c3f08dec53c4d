"""Sort findings into reported, waived and below-threshold, and count them."""
from __future__ import annotations

from collections.abc import Iterable

from scanner.models import Confidence, Finding, ScanReport, ScanStats


class Collector:
    """Gathers one run's findings.

    Waived findings (inline allow markers) are kept in ``waived`` rather than
    dropped, because a later step may still report them (a token that
    verifies live is reported even when its line carries an allow marker).
    """

    def __init__(self, min_confidence: Confidence, stats: ScanStats | None = None) -> None:
        self.min_confidence = min_confidence
        self.stats = stats or ScanStats()
        self.findings: list[Finding] = []
        self.waived: list[Finding] = []
        self.warnings: list[str] = []

    def add(self, finding: Finding) -> None:
        if finding.confidence < self.min_confidence:
            self.stats.below_confidence += 1
        elif finding.allowed:
            self.stats.allowed += 1
            self.waived.append(finding)
        else:
            self.findings.append(finding)

    def add_all(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def report(self, mode: str) -> ScanReport:
        self.stats.findings = len(self.findings)
        return ScanReport(findings=list(self.findings), stats=self.stats, warnings=list(self.warnings), mode=mode,
                          waived=list(self.waived))
