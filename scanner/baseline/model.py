"""The baseline file: its entries, its keyed identity hash, and its JSON form.

An entry is identified by HMAC-SHA256 over the rule id and the token, keyed
with a random key stored in the same file. The identity contains no line number
and no path, so editing a file around an old token, or moving the token,
leaves the entry valid. Path, line and commit are kept only as metadata for
the reader.

NOTE: the key is not a secret: it sits in the baseline next to the hashes.
It exists so that the hashes in one baseline cannot be matched against the
plain ``secret_sha256`` of reports, or against the hashes of another
repository's baseline. The token itself never reaches the file.
"""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import secrets
from typing import Any

from scanner.constants import TOOL_NAME
from scanner.models import Finding

#: Version of the baseline file format; a reader rejects newer versions.
BASELINE_VERSION = 1

#: Name of the identity hash, written into the file so a reader can check it.
HASH_ALGORITHM = "hmac-sha256"

_KEY_BYTES = 32


@dataclasses.dataclass(frozen=True)
class BaselineEntry:
    """One suppressed leak: its identity hash and where it was first seen."""

    identity: str
    rule_id: str
    path: str | None
    line: int
    commit: str | None

    def sort_key(self) -> tuple[str, str, str]:
        """Return the order of entries in the file; it ignores the line on purpose."""
        return (self.path or "", self.rule_id, self.identity)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Baseline:
    """A parsed baseline: the hash key and the entries, in file order."""

    key: bytes
    entries: tuple[BaselineEntry, ...]

    @classmethod
    def empty(cls) -> Baseline:
        """Return a baseline with a fresh random key and no entries."""
        return cls(key=secrets.token_bytes(_KEY_BYTES), entries=())

    def identity_of(self, finding: Finding) -> str:
        """Return the keyed identity of a finding's rule and token."""
        return identity(self.key, finding.rule_id, finding.secret)

    def identities(self) -> frozenset[str]:
        return frozenset(entry.identity for entry in self.entries)

    def with_findings(self, findings: list[Finding]) -> Baseline:
        """Return a baseline whose entries are exactly the leaks in ``findings``.

        An entry whose identity is already present keeps its recorded path,
        line and commit, so that a moved token does not rewrite the file.
        """
        current = {entry.identity: entry for entry in self.entries}
        entries: dict[str, BaselineEntry] = {}
        for finding in findings:
            key = self.identity_of(finding)
            if key in entries:
                continue
            entries[key] = current.get(key) or BaselineEntry(
                identity=key,
                rule_id=finding.rule_id,
                path=finding.path,
                line=finding.line,
                commit=finding.commit.sha if finding.commit else None,
            )
        ordered = tuple(sorted(entries.values(), key=BaselineEntry.sort_key))
        return Baseline(key=self.key, entries=ordered)

    def to_json(self) -> str:
        """Return the file text: sorted keys, two-space indent, a final newline."""
        document = {
            "tool": TOOL_NAME,
            "version": BASELINE_VERSION,
            "hash": {"algorithm": HASH_ALGORITHM, "key": self.key.hex()},
            "entries": [entry.to_dict() for entry in self.entries],
        }
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def identity(key: bytes, rule_id: str, secret: str) -> str:
    """Return HMAC-SHA256(key, rule id, NUL, token) as lowercase hex."""
    message = f"{rule_id}\0{secret}".encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()
