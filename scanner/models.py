"""Value types that flow from sources through the engine to reporters."""
from __future__ import annotations

import dataclasses
import enum
from typing import Any


class Confidence(enum.IntEnum):
    """Confidence that a candidate is a real token."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Confidence:
        """Return the member named by ``value`` (``low``, ``medium`` or ``high``).

        Raises ValueError for any other name.
        """
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown confidence '{value}' (expected low, medium or high)") from None


@dataclasses.dataclass(frozen=True)
class Document:
    """One piece of text to scan.

    ``data`` is the text encoded as UTF-8, whatever the original encoding was,
    so that byte offsets map to lines and columns of the decoded text.
    ``encoding`` names the encoding the source had.
    """

    path: str | None
    data: bytes
    source: str
    encoding: str = "utf-8"
    commit: str | None = None


@dataclasses.dataclass(frozen=True)
class CommitInfo:
    """The commit that introduced a finding (history scans only)."""

    sha: str
    author_name: str
    author_email: str
    date: str  # ISO 8601 author date

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Location:
    """Another place that carries the same secret (history scans)."""

    path: str | None
    line: int
    commit: str | None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Finding:
    """A token found at one location.

    NOTE: ``secret`` contains the whole token in memory so that the verifier can
    use it; it is excluded from ``repr`` and every report writes only
    ``redacted`` and the hashes unless the user passes ``--no-redact``.
    """

    rule_id: str
    confidence: Confidence
    reason: str
    source: str
    path: str | None
    line: int
    column: int
    end_column: int
    secret: str = dataclasses.field(repr=False)
    secret_sha256: str
    fingerprint: str
    redacted: str
    commit: CommitInfo | None = None
    other_locations: tuple[Location, ...] = ()
    host_hint: str | None = None
    verification: dict[str, Any] | None = None
    allowed: bool = False  # the line carries an inline allow marker

    def replace(self, **changes: Any) -> Finding:
        return dataclasses.replace(self, **changes)

    def to_dict(self, *, show_secret: bool = False) -> dict[str, Any]:
        """Return the JSON-ready form; the whole token only when ``show_secret``."""
        data: dict[str, Any] = {
            "rule_id": self.rule_id,
            "confidence": self.confidence.label,
            "reason": self.reason,
            "source": self.source,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_column": self.end_column,
            "commit": self.commit.sha if self.commit else None,
            "commit_info": self.commit.to_dict() if self.commit else None,
            "redacted": self.redacted,
            "secret_sha256": self.secret_sha256,
            "fingerprint": self.fingerprint,
            "other_locations": [loc.to_dict() for loc in self.other_locations],
            "host_hint": self.host_hint,
            "verification": self.verification,
        }
        if show_secret:
            data["secret"] = self.secret
        return data


@dataclasses.dataclass
class ScanStats:
    """Counters that every scan mode fills and every report prints."""

    documents_scanned: int = 0
    bytes_scanned: int = 0
    binary_skipped: int = 0
    excluded: int = 0
    unreadable: int = 0
    allowed: int = 0
    below_confidence: int = 0
    ignored: int = 0
    baselined: int = 0
    findings: int = 0
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        extra = data.pop("extra")
        data.update(extra)
        return data


@dataclasses.dataclass
class ScanReport:
    """Findings of one run, with the counters and warnings to show beside them."""

    findings: list[Finding]
    stats: ScanStats
    warnings: list[str] = dataclasses.field(default_factory=list)
    mode: str = "files"
    #: Findings waived by an inline allow marker; ``--verify`` checks them too,
    #: because a token that verifies live is reported even on an allowed line.
    waived: list[Finding] = dataclasses.field(default_factory=list)
    #: Folder the scan's paths are relative to (the ignore file is looked up from here).
    root: str | None = None

    def make_paths_printable(self) -> None:
        """Replace undecodable bytes in every path with escapes, for writing reports."""
        from scanner.fingerprints import printable_path

        def fix(finding: Finding) -> Finding:
            if finding.path is None or finding.path.isascii() and all(
                loc.path is None or loc.path.isascii() for loc in finding.other_locations
            ):
                return finding
            others = tuple(dataclasses.replace(loc, path=printable_path(loc.path)) for loc in finding.other_locations)
            return finding.replace(path=printable_path(finding.path), other_locations=others)

        self.findings = [fix(finding) for finding in self.findings]
