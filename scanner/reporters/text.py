"""Human-readable report: one block per finding, then a summary line."""
from __future__ import annotations

from typing import TextIO

from scanner.models import Finding, ScanReport

REVOKE_ADVICE = (
    "revoke it in ViaFoundry (Profile > Personal Access Tokens), then remove it from the "
    "file and its git history"
)

#: Advice for a token the server rejected (status ``revoked``): nothing is left to revoke.
REVOKED_ADVICE = (
    "the server already rejects this token (revoked, expired or invalid), so there is nothing to revoke; "
    "remove it from the file and its git history so that it stops being reported"
)


def write(report: ScanReport, stream: TextIO, *, redact: bool) -> None:
    for finding in report.findings:
        stream.write(format_finding(finding, redact=redact))
        stream.write("\n")
    stream.write(summary_line(report) + "\n")


def format_finding(finding: Finding, *, redact: bool) -> str:
    """Return the block of lines that shows one finding."""
    token = finding.redacted if redact else finding.secret
    lines = [
        f"{_location(finding)}: {finding.rule_id} [{finding.confidence.label}]",
        f"    token:  {token}",
        f"    why:    {finding.reason}",
    ]
    if finding.commit:
        lines.append(
            f"    commit: {finding.commit.sha[:12]} by {finding.commit.author_name} "
            f"<{finding.commit.author_email}> on {finding.commit.date}"
        )
    for other in finding.other_locations:
        where = f"{other.path}:{other.line}" if other.path else f"commit message, line {other.line}"
        lines.append(f"    also:   {where}" + (f" in {other.commit[:12]}" if other.commit else ""))
    if finding.host_hint:
        lines.append(f"    host:   {finding.host_hint} (named near the token)")
    verification = finding.verification or {}
    if verification:
        lines.append(f"    check:  {verification.get('status')} ({verification.get('reason', '')})")
    if verification.get("note"):
        lines.append(f"    note:   {verification['note']}")
    lines.append(f"    fix:    {REVOKED_ADVICE if verification.get('status') == 'revoked' else REVOKE_ADVICE}")
    return "\n".join(lines) + "\n"


def summary_line(report: ScanReport) -> str:
    """Return one line that counts findings, scanned input and what was skipped."""
    stats = report.stats
    nouns = {"commit-msg": "commit message", "history": "blob"}
    noun = nouns.get(report.mode, "file")
    parts = [f"{stats.documents_scanned} {noun}{'' if stats.documents_scanned == 1 else 's'} scanned"]
    if stats.binary_skipped:
        parts.append(f"{stats.binary_skipped} binary skipped")
    skipped = (
        (stats.excluded, "excluded"),
        (stats.extra.get("gitignored_skipped", 0), "ignored by git"),
        (stats.extra.get("symlinks_skipped", 0), "symbolic links skipped"),
        (stats.extra.get("special_files_skipped", 0), "FIFOs or devices skipped"),
    )
    parts += [f"{count} {label}" for count, label in skipped if count]
    if stats.allowed:
        parts.append(f"{stats.allowed} allowed inline")
    if stats.below_confidence:
        parts.append(f"{stats.below_confidence} below the confidence threshold")
    if stats.unreadable:
        parts.append(f"{stats.unreadable} unreadable")
    if stats.ignored:
        parts.append(f"{stats.ignored} ignored by .viafoundry-scan-ignore")
    if stats.baselined:
        parts.append(f"{stats.baselined} in the baseline")
    count = len(report.findings)
    token_noun = "token" if count == 1 else "tokens"
    head = f"Found {count} ViaFoundry {token_noun}" if count else "No ViaFoundry tokens found"
    return f"{head} ({', '.join(parts)})."


def _location(finding: Finding) -> str:
    if finding.path is None:
        if finding.commit is None:  # the message of a commit being made (commit-msg hook)
            return f"commit message, line {finding.line}"
        return f"commit message of {finding.commit.sha[:12]}, line {finding.line}"
    # A control character in a file name would split the header line.
    path = "".join(c if c.isprintable() else repr(c)[1:-1] for c in finding.path)
    return f"{path}:{finding.line}:{finding.column}"
