"""GitLab secret-detection report (security report schema 15.x).

GitLab reads it from a job artifact declared under
``artifacts:reports:secret_detection`` and shows each finding in the merge
request's security widget and the vulnerability report.

The schema requires a commit for every finding, and history findings carry
their own. A files or staged scan uses ``$CI_COMMIT_SHA`` (the commit that
the CI job checked out) when it is set. Otherwise it writes ``0000000``,
the placeholder that GitLab's own secrets analyzer writes for a scan
outside git.
"""
from __future__ import annotations

import datetime
import json
import os
import uuid
from typing import Any, TextIO

from scanner import __version__
from scanner.constants import TOOL_NAME
from scanner.models import Confidence, Finding, ScanReport
from scanner.reporters.rule_info import REMEDIATION, describe

#: Schema version declared in the report; GitLab validates the report against it.
SCHEMA_VERSION = "15.2.1"
SCHEMA_URI = (
    "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/"
    f"v{SCHEMA_VERSION}/dist/secret-detection-report-format.json"
)
NO_COMMIT = "0000000"

_SEVERITY = {Confidence.HIGH: "Critical", Confidence.MEDIUM: "High", Confidence.LOW: "Medium"}
# Vulnerability ids must be unique in a report and stable between runs, so
# they are name-based UUIDs under a namespace of our own.
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:viafoundry-scan:gitlab-report")


def write(report: ScanReport, stream: TextIO, *, redact: bool) -> None:
    json.dump(gitlab_report(report, redact=redact), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def gitlab_report(report: ScanReport, *, redact: bool, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Return the report document; ``now`` fixes the scan times in tests."""
    # NOTE: the report does not record when the scan began, so start_time and
    # end_time are both the time the report is written.
    moment = (now or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%S")
    tool = {"id": TOOL_NAME, "name": TOOL_NAME, "version": __version__, "vendor": {"name": TOOL_NAME}}
    return {
        "version": SCHEMA_VERSION,
        "schema": SCHEMA_URI,
        "scan": {
            "analyzer": tool,
            "scanner": dict(tool),
            "type": "secret_detection",
            "start_time": moment,
            "end_time": moment,
            "status": "failure" if report.stats.unreadable else "success",
            "messages": [{"level": "warn", "value": warning} for warning in report.warnings],
        },
        "vulnerabilities": [_vulnerability(finding, redact) for finding in report.findings],
    }


def _vulnerability(finding: Finding, redact: bool) -> dict[str, Any]:
    token = finding.redacted if redact else finding.secret
    sha = finding.commit.sha if finding.commit else os.environ.get("CI_COMMIT_SHA") or NO_COMMIT
    commit: dict[str, Any] = {"sha": sha}
    if finding.commit:
        commit.update(author=f"{finding.commit.author_name} <{finding.commit.author_email}>",
                      date=finding.commit.date)
    location: dict[str, Any] = {"commit": commit}
    if finding.path is not None:
        location.update(file=finding.path, start_line=finding.line, end_line=finding.line)
    else:
        location["file"] = f"commit message of {sha}"
    identity = f"{finding.fingerprint}\0{sha}\0{finding.path}\0{finding.line}\0{finding.column}"
    return {
        "id": str(uuid.uuid5(_ID_NAMESPACE, identity)),
        "name": describe(finding.rule_id)[:255],
        "description": f"{describe(finding.rule_id)}: {token} ({finding.reason}).",
        "solution": REMEDIATION,
        "severity": _SEVERITY[finding.confidence],
        "raw_source_code_extract": token,
        "identifiers": [{
            "type": "viafoundry_scan_rule_id",
            "name": f"{TOOL_NAME} rule {finding.rule_id}",
            "value": finding.rule_id,
        }],
        "location": location,
    }
