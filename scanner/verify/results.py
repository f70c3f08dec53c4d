"""The outcome of checking one token: live, revoked, unknown or not_checked."""
from __future__ import annotations

import dataclasses
from typing import Any

LIVE = "live"
REVOKED = "revoked"
UNKNOWN = "unknown"
NOT_CHECKED = "not_checked"

#: Every status, in the order reports sort them (most urgent first).
STATUSES = (LIVE, UNKNOWN, NOT_CHECKED, REVOKED)


@dataclasses.dataclass(frozen=True)
class Verification:
    """What the server said about one token.

    ``host`` is the base URL that gave the answer (None when none did);
    ``reason`` explains the status in words, e.g. ``HTTP 401`` or ``timed out
    after 5 s``. It never contains the token.
    """

    status: str
    reason: str
    host: str | None = None
    http_status: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verification:
        return cls(
            status=str(data.get("status", NOT_CHECKED)),
            reason=str(data.get("reason", "")),
            host=data.get("host"),
            http_status=data.get("http_status"),
        )
