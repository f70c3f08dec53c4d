"""Drop findings that the ignore file or the baseline lists, and count them."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.baseline.ignore import find_ignore_file, load_ignore_file

if TYPE_CHECKING:
    from scanner.baseline.model import Baseline
    from scanner.models import Finding, ScanReport

log = logging.getLogger(__name__)


def apply_ignore_file(report: ScanReport, start: Path) -> None:
    """Remove findings whose fingerprint the nearest ignore file lists.

    Raises ConfigError when that file is unreadable or malformed.
    """
    path = find_ignore_file(start)
    if path is None:
        return
    ignored = load_ignore_file(path)
    remaining = [finding for finding in report.findings if finding.fingerprint not in ignored]
    report.stats.ignored += len(report.findings) - len(remaining)
    report.findings = remaining
    report.stats.findings = len(remaining)


def apply_baseline(report: ScanReport, baseline_path: str) -> None:
    """Remove findings whose rule and token the baseline file records.

    Raises ConfigError when the baseline file is missing or invalid, so a
    gate run with a baseline fails rather than ignoring it.
    """
    # Imported here because every scan applies the ignore file, but only a
    # scan run with --baseline needs the baseline's model and JSON store.
    from scanner.baseline.store import load_baseline

    baseline = load_baseline(baseline_path)
    report.findings = filter_baselined(report, baseline)
    report.stats.findings = len(report.findings)


def filter_baselined(report: ScanReport, baseline: Baseline) -> list[Finding]:
    """Return the findings the baseline does not record; count the others as baselined."""
    known = baseline.identities()
    remaining = [finding for finding in report.findings if baseline.identity_of(finding) not in known]
    report.stats.baselined += len(report.findings) - len(remaining)
    log.info("baseline suppressed %d finding(s)", len(report.findings) - len(remaining))
    return remaining
