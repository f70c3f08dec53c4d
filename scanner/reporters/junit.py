"""JUnit XML report for the test tabs of GitLab, Jenkins and Azure Pipelines.

Layout: ``<testsuites>`` holding one ``<testsuite>`` whose ``<testcase>``
elements are the findings, each with a ``<failure>``. A clean scan gets one
passing test case, because several CI systems treat a report without any
test case as a broken report.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from typing import TextIO

from scanner.constants import TOOL_NAME
from scanner.models import Finding, ScanReport
from scanner.reporters.rule_info import REMEDIATION

#: Characters that XML 1.0 forbids even when escaped; a path may contain them.
_XML_INVALID = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def write(report: ScanReport, stream: TextIO, *, redact: bool) -> None:
    failures = str(len(report.findings))
    cases = [_case(finding, redact) for finding in report.findings] or [_clean_case()]
    tests = str(len(cases))
    root = ElementTree.Element("testsuites", name=TOOL_NAME, tests=tests, failures=failures, errors="0")
    suite = ElementTree.SubElement(
        root, "testsuite", name=f"{TOOL_NAME} {report.mode}", tests=tests, failures=failures,
        errors="0", skipped="0",
    )
    suite.extend(cases)
    if report.warnings:
        system_err = ElementTree.SubElement(suite, "system-err")
        system_err.text = _clean("\n".join(report.warnings))
    ElementTree.indent(root)
    stream.write(ElementTree.tostring(root, encoding="unicode", xml_declaration=True))
    stream.write("\n")


def _case(finding: Finding, redact: bool) -> ElementTree.Element:
    token = finding.redacted if redact else finding.secret
    where = _where(finding)
    case = ElementTree.Element(
        "testcase", classname=f"{TOOL_NAME}.{finding.rule_id}", name=_clean(where),
        file=_clean(finding.path or ""), line=str(finding.line),
    )
    failure = ElementTree.SubElement(
        case, "failure", type=finding.rule_id,
        message=_clean(f"{finding.rule_id} at {where}: {token}"),
    )
    details = [
        f"token:       {token}",
        f"confidence:  {finding.confidence.label}",
        f"why:         {finding.reason}",
        f"fingerprint: {finding.fingerprint}",
    ]
    if finding.commit:
        details.append(f"commit:      {finding.commit.sha} by {finding.commit.author_email} on {finding.commit.date}")
    details.append(f"fix:         {REMEDIATION}")
    failure.text = _clean("\n".join(details))
    return case


def _clean_case() -> ElementTree.Element:
    return ElementTree.Element("testcase", classname=TOOL_NAME, name="no ViaFoundry tokens found")


def _where(finding: Finding) -> str:
    if finding.path is None:
        if finding.commit is None:
            return f"commit message, line {finding.line}"
        return f"commit message of {finding.commit.sha[:12]}, line {finding.line}"
    suffix = f" in {finding.commit.sha[:12]}" if finding.commit else ""
    return f"{finding.path}:{finding.line}:{finding.column}{suffix}"


def _clean(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)
