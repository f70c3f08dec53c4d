"""An optional on-disk cache of check results, so repeated scans do not re-send tokens.

NOTE: entries are keyed by SHA-256 over the host and the token's own SHA-256,
never by the token, and only ``live`` and ``revoked`` results are kept: an
``unknown`` result says nothing that should outlive the run.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from scanner.verify.results import LIVE, REVOKED, Verification

log = logging.getLogger(__name__)

CACHE_VERSION = 1


def cache_key(host: str, token_sha256: str) -> str:
    """Return the key of one token's result on one host."""
    return hashlib.sha256(f"{host}\0{token_sha256}".encode("utf-8")).hexdigest()


class ResultCache:
    """Results read from and written to one JSON file, expiring after ``ttl`` seconds."""

    def __init__(self, path: Path, ttl: float, now: float | None = None) -> None:
        self.path = path
        self.ttl = ttl
        self.now = time.time() if now is None else now
        self.entries: dict[str, dict[str, Any]] = self._load()

    def get(self, host: str, token_sha256: str) -> Verification | None:
        entry = self.entries.get(cache_key(host, token_sha256))
        if entry is None or self.now - float(entry.get("checked_at", 0)) > self.ttl:
            return None
        return Verification(entry["status"], f"{entry['reason']} (cached)", host, entry.get("http_status"))

    def put(self, token_sha256: str, result: Verification) -> None:
        if result.status not in (LIVE, REVOKED) or result.host is None:
            return
        self.entries[cache_key(result.host, token_sha256)] = {
            "status": result.status, "reason": result.reason, "http_status": result.http_status,
            "checked_at": self.now,
        }

    def save(self) -> None:
        """Write the live entries atomically, readable by the owner only; a failure is only logged."""
        fresh = {k: v for k, v in self.entries.items() if self.now - float(v.get("checked_at", 0)) <= self.ttl}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".verify-cache.")
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                json.dump({"version": CACHE_VERSION, "entries": fresh}, stream, indent=1)
            os.chmod(temporary, 0o600)
            os.replace(temporary, self.path)
        except OSError as error:
            log.warning("could not write the verify cache %s: %s", self.path, error.strerror or error)

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("ignoring the unreadable verify cache %s: %s", self.path, error)
            return {}
        if not isinstance(document, dict) or document.get("version") != CACHE_VERSION:
            log.warning("ignoring the verify cache %s: unknown format", self.path)
            return {}
        entries = document.get("entries", {})
        return entries if isinstance(entries, dict) else {}
