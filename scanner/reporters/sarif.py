"""SARIF 2.1.0 report, in the shape that GitHub code scanning uploads.

Each finding is one result with a physical location (path, line and
columns) and ``partialFingerprints`` so that code scanning tracks an alert
across commits. A commit-message finding has no file, so it gets a logical
location naming the commit instead. History findings carry their commit in
the result's ``properties``.
"""
from __future__ import annotations

import json
from typing import Any, TextIO
from urllib.parse import quote

from scanner import __version__
from scanner.constants import TOOL_NAME
from scanner.models import Confidence, Finding, ScanReport
from scanner.reporters.rule_info import REMEDIATION, describe

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

#: Keys of ``partialFingerprints``; the version suffix follows SARIF's convention.
FINGERPRINT_KEY = "viafoundryFingerprint/v1"
SECRET_HASH_KEY = "secretSha256/v1"

#: GitHub reads ``security-severity`` (0.0 to 10.0) to rank alerts; 9.0 and up is critical.
_SECURITY_SEVERITY = "9.0"
_PRECISION = {Confidence.HIGH: "very-high", Confidence.MEDIUM: "high", Confidence.LOW: "medium"}


def write(report: ScanReport, stream: TextIO, *, redact: bool) -> None:
    json.dump(sarif_log(report, redact=redact), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def sarif_log(report: ScanReport, *, redact: bool) -> dict[str, Any]:
    """Return the SARIF log object for ``report``."""
    rule_ids = sorted({finding.rule_id for finding in report.findings})
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    run = {
        "tool": {"driver": {
            "name": TOOL_NAME,
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_rule(rule_id) for rule_id in rule_ids],
        }},
        "invocations": [_invocation(report)],
        "results": [_result(finding, index[finding.rule_id], redact) for finding in report.findings],
        "properties": {"mode": report.mode, "stats": report.stats.to_dict()},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule(rule_id: str) -> dict[str, Any]:
    description = describe(rule_id)
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": description},
        "fullDescription": {"text": f"{description}. A leaked token gives its owner's access to ViaFoundry."},
        "help": {"text": REMEDIATION, "markdown": REMEDIATION},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["security", "secret"], "security-severity": _SECURITY_SEVERITY},
    }


def _invocation(report: ScanReport) -> dict[str, Any]:
    return {
        "executionSuccessful": report.stats.unreadable == 0,
        "toolExecutionNotifications": [
            {"level": "warning", "message": {"text": warning}} for warning in report.warnings
        ],
    }


def _result(finding: Finding, rule_index: int, redact: bool) -> dict[str, Any]:
    token = finding.redacted if redact else finding.secret
    properties: dict[str, Any] = {
        "confidence": finding.confidence.label,
        "precision": _PRECISION[finding.confidence],
        "reason": finding.reason,
        "source": finding.source,
        "redacted": finding.redacted,
        "otherLocations": [location.to_dict() for location in finding.other_locations],
    }
    if not redact:
        properties["secret"] = finding.secret
    if finding.commit:
        properties["commit"] = finding.commit.to_dict()
    if finding.host_hint:
        properties["hostHint"] = finding.host_hint
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": f"{describe(finding.rule_id)}: {token}. {REMEDIATION}"},
        "locations": [_location(finding)],
        "partialFingerprints": {
            FINGERPRINT_KEY: finding.fingerprint,
            SECRET_HASH_KEY: finding.secret_sha256,
        },
        "properties": properties,
    }


def _location(finding: Finding) -> dict[str, Any]:
    if finding.path is None:
        sha = finding.commit.sha if finding.commit else "unknown"
        return {
            "logicalLocations": [{
                "name": f"commit message, line {finding.line}",
                "fullyQualifiedName": f"{sha}:message:{finding.line}",
                "kind": "commit-message",
            }],
        }
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(finding.path, safe="/"), "uriBaseId": "%SRCROOT%"},
            "region": {
                "startLine": finding.line,
                "startColumn": finding.column,
                "endLine": finding.line,
                "endColumn": finding.end_column,
            },
        },
    }
