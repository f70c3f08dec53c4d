"""The ``--verify`` step of a scan: check each distinct token and mark its findings."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scanner.config.settings import Settings
from scanner.models import Finding, ScanReport
from scanner.verify.checker import TokenToCheck, check_tokens
from scanner.verify.config import VerifyConfig, resolve
from scanner.verify.results import LIVE, NOT_CHECKED, REVOKED, STATUSES, UNKNOWN, Verification
from scanner.verify.urls import netloc_of

log = logging.getLogger(__name__)

ALLOWED_BUT_LIVE = "the line carries an inline allow marker, but a live token is always reported"


def verify_report(report: ScanReport, settings: Settings, url_option: str | None) -> VerifyConfig:
    """Check the report's tokens (reported and waived) and record the results on each finding.

    Waived findings whose token is live move into ``report.findings``.
    Raises ConfigError when the verify settings are invalid.
    """
    config = resolve(settings, url_option)
    report.warnings.extend(config.warnings)
    if not config.hosts and not config.allowed_hosts:
        report.warnings.append("--verify: no ViaFoundry URL is configured, so no token was checked; "
                               "pass --viafoundry-url or set VIAFOUNDRY_URL")
    tokens = distinct_tokens([*report.findings, *report.waived])
    log.info("checking %d distinct token(s) against %s", len(tokens), ", ".join(config.hosts) or "no host")
    results = check_tokens(tokens, config)
    report.findings = [_annotate(finding, results[finding.secret_sha256], config) for finding in report.findings]
    live_waived = [f for f in report.waived if results[f.secret_sha256].status == LIVE]
    report.waived = [f for f in report.waived if results[f.secret_sha256].status != LIVE]
    for finding in live_waived:
        annotated = _annotate(finding, results[finding.secret_sha256], config)
        verification = dict(annotated.verification or {}, note=ALLOWED_BUT_LIVE)
        report.findings.append(annotated.replace(verification=verification))
    report.stats.allowed -= len(live_waived)
    report.stats.findings = len(report.findings)
    report.stats.extra["verified"] = _counts(results.values())
    return config


def distinct_tokens(findings: Iterable[Finding]) -> dict[str, TokenToCheck]:
    """Return one TokenToCheck per token hash, with the host hints of all its findings."""
    hints: dict[str, set[str]] = {}
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.secret_sha256, finding)
        if finding.host_hint:
            hints.setdefault(finding.secret_sha256, set()).add(finding.host_hint.lower())
    return {
        sha: TokenToCheck(finding.secret, finding.redacted, frozenset(hints.get(sha, ())))
        for sha, finding in first.items()
    }


def _annotate(finding: Finding, result: Verification, config: VerifyConfig) -> Finding:
    verification: dict[str, Any] = result.to_dict()
    hint = (finding.host_hint or "").lower()
    if hint and hint not in config.allowed_hosts and hint not in {netloc_of(h) for h in config.hosts}:
        verification["hint_not_contacted"] = (
            f"{finding.host_hint} is named near the token but was not contacted: add it to [verify] allowed_hosts")
    return finding.replace(verification=verification)


def _counts(results: Iterable[Verification]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    return counts


def keep_only_live(report: ScanReport) -> list[Finding]:
    """Drop every finding whose token did not verify live (for ``--only-live``), and return the dropped ones.

    The caller still needs the dropped findings: ``--only-live`` changes what
    the report shows, never what fails the scan.
    """
    hidden = [f for f in report.findings if (f.verification or {}).get("status") != LIVE]
    report.findings = [f for f in report.findings if (f.verification or {}).get("status") == LIVE]
    report.stats.findings = len(report.findings)
    return hidden


def describe_hidden(hidden: Iterable[Finding]) -> str:
    """Return one line that counts the distinct tokens ``--only-live`` hid, by status; empty when none."""
    status_of = {f.secret_sha256: str((f.verification or {}).get("status", NOT_CHECKED)) for f in hidden}
    if not status_of:
        return ""
    counts = _counts(Verification(status, "") for status in status_of.values())
    parts = [f"{counts[status]} {_HIDDEN_LABELS.get(status, status)}" for status in STATUSES if status in counts]
    parts += [f"{count} {status}" for status, count in counts.items() if status not in STATUSES]
    noun = "token" if len(status_of) == 1 else "tokens"
    return f"{len(status_of)} {noun} not shown: {', '.join(parts)}; drop --only-live to see them"


_HIDDEN_LABELS = {
    UNKNOWN: "unknown (could not be checked)",
    NOT_CHECKED: "not checked (no server configured)",
    REVOKED: "revoked",
}


def has_possibly_live(findings: Iterable[Finding]) -> bool:
    """Return True when a finding is live, or could not be checked and so may be live."""
    return any((f.verification or {}).get("status") != REVOKED for f in findings)
