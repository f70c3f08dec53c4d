"""Check found tokens against the user's ViaFoundry server (live, revoked or unknown)."""
from __future__ import annotations
