"""Rules as data: the schema, the TOML loader and the example checker."""
from __future__ import annotations

from scanner.ruleset.schema import Allowlist, Rule

__all__ = ["Allowlist", "Rule"]
