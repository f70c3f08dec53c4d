"""C-speed gates that decide whether a rule's regex needs to run on a buffer at all.

Most text holds neither a keyword nor a run of 128 token characters, so
these two checks (``bytes.find`` on the lowercased text, and
``bytes.translate`` followed by ``bytes.find``) reject it before any
Python-level work. They only skip work: a rule whose gate passes runs its
regex over the whole buffer, so findings are the same with or without them.
"""
from __future__ import annotations

from scanner.ruleset.schema import Rule

_MARK = 1


class Prefilter:
    """Per-rule gates, built once per rule set."""

    def __init__(self, rule: Rule) -> None:
        self.keywords = rule.keywords
        self.run_needle = b""
        self.table = b""
        if rule.alphabet_bytes and rule.length:
            members = set(rule.alphabet_bytes)
            self.table = bytes(_MARK if b in members else 0 for b in range(256))
            self.run_needle = bytes([_MARK]) * rule.length


class BufferGates:
    """Lazily computed views of one buffer, shared by all rules' gates."""

    def __init__(self, buffer: bytes) -> None:
        self.buffer = buffer
        self._lowered: bytes | None = None
        self._runs: dict[bytes, bool] = {}

    def passes(self, prefilter: Prefilter) -> bool:
        """Return True when the rule could match in this buffer."""
        if prefilter.keywords:
            if self._lowered is None:
                self._lowered = self.buffer.lower()
            if not any(keyword in self._lowered for keyword in prefilter.keywords):
                return False
        if prefilter.run_needle:
            key = prefilter.table + prefilter.run_needle
            if key not in self._runs:
                marked = self.buffer.translate(prefilter.table)
                self._runs[key] = prefilter.run_needle in marked
            return self._runs[key]
        return True
