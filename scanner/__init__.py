"""viafoundry-scan: find leaked ViaFoundry Personal Access Tokens."""
from __future__ import annotations

__version__ = "0.1.0"
