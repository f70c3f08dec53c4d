"""Leaked tokens grouped from a scan report's findings: one entry per distinct token."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

#: Status order in reports: the most urgent first.
STATUS_ORDER = ("live", "unknown", "not_checked", "revoked")

TOKEN_TYPES = {"viafoundry-mcp-token": "MCP", "viafoundry-general-token": "General Purpose"}


@dataclasses.dataclass(frozen=True)
class TokenLocation:
    """One place that contains the token: a file line, a line in a commit's blob, or a commit message."""

    path: str | None
    line: int
    commit: str | None
    column: int | None = None
    source: str = "file"

    def describe(self) -> str:
        where = f"{self.path}:{self.line}" if self.path else f"commit message, line {self.line}"
        return f"{where} in commit {self.commit[:12]}" if self.commit else where


@dataclasses.dataclass(frozen=True)
class LeakedToken:
    """A distinct token (by hash) with its check result and every location that contains it."""

    secret_sha256: str
    rule_id: str
    redacted: str
    status: str
    reason: str
    host: str | None
    host_hints: tuple[str, ...]
    locations: tuple[TokenLocation, ...]
    first_commit: dict[str, Any] | None

    @property
    def token_type(self) -> str:
        return TOKEN_TYPES.get(self.rule_id, self.rule_id)

    @property
    def in_history(self) -> bool:
        return any(location.commit for location in self.locations)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["type"] = self.token_type
        return data


def group_findings(findings: Iterable[dict[str, Any]]) -> list[LeakedToken]:
    """Return one LeakedToken per ``secret_sha256``, most urgent status first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        groups.setdefault(str(finding["secret_sha256"]), []).append(finding)
    tokens = [_merge(sha, items) for sha, items in groups.items()]
    return sorted(tokens, key=lambda t: (STATUS_ORDER.index(t.status) if t.status in STATUS_ORDER else 9,
                                        t.rule_id, t.redacted))


def _unique_locations(locations: list[TokenLocation]) -> tuple[TokenLocation, ...]:
    """Return each (path, line, commit) once, keeping the entry that has its column.

    A finding's own location has a column, and the same place listed among
    another finding's other locations has none, so whole-tuple equality
    would keep both.
    """
    chosen: dict[tuple[Any, ...], TokenLocation] = {}
    for location in locations:
        key = (location.path, location.line, location.commit)
        if key not in chosen or (chosen[key].column is None and location.column is not None):
            chosen[key] = location
    return tuple(chosen.values())


def _merge(sha: str, items: list[dict[str, Any]]) -> LeakedToken:
    first = items[0]
    checked = [f["verification"] for f in items if f.get("verification")]
    verification = next((v for v in checked if v.get("status") == "live"), checked[0] if checked else {})
    locations: list[TokenLocation] = []
    for finding in items:
        locations.append(TokenLocation(finding.get("path"), int(finding["line"]), finding.get("commit"),
                                       finding.get("column"), str(finding.get("source", "file"))))
        for other in finding.get("other_locations") or []:
            locations.append(TokenLocation(other.get("path"), int(other["line"]), other.get("commit"),
                                           source="commit-message" if other.get("path") is None else "file"))
    commits = [f["commit_info"] for f in items if f.get("commit_info")]
    return LeakedToken(
        secret_sha256=sha,
        rule_id=str(first["rule_id"]),
        redacted=str(first["redacted"]),
        status=str(verification.get("status", "not_checked")),
        reason=str(verification.get("reason", "the scan ran without --verify")),
        host=verification.get("host"),
        host_hints=tuple(sorted({str(f["host_hint"]) for f in items if f.get("host_hint")})),
        locations=_unique_locations(locations),
        first_commit=min(commits, key=lambda c: str(c.get("date", ""))) if commits else None,
    )
