"""C-speed gates that decide whether a rule's regex needs to run on a buffer at all.

Most text holds no run of 128 token characters, and most of what does holds
no keyword, so two checks reject it before any Python-level work:
``bytes.translate`` followed by ``bytes.find`` for the run (shared by rules
with the same alphabet and length), then ``bytes.find`` for a keyword. They
only skip work: a rule whose gate passes runs its regex over the whole
buffer, so findings are the same with or without them.

The gates (and every other fast path of the engine) can be switched off
with the environment variable named by ``NO_FASTPATH_ENV`` (read once, at
import) or with ``Detector(..., fast_paths=False)``;
tests/test_fastpath_equivalence.py checks that the findings do not change.
"""
from __future__ import annotations

import os

from scanner.ruleset.schema import Rule

#: Set to 1 to run every rule's regex on every buffer (for checking and profiling).
NO_FASTPATH_ENV = "VIAFOUNDRY_SCAN_NO_FASTPATH"
FAST_PATHS_DEFAULT = os.environ.get(NO_FASTPATH_ENV, "").strip().lower() not in ("1", "true", "yes", "on")

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
        #: Rules with equal keys share the run check on a buffer.
        self.run_key = (self.table, self.run_needle)


class BufferGates:
    """Lazily computed views of one buffer, shared by all rules' gates."""

    __slots__ = ("buffer", "_lowered", "_runs")

    def __init__(self, buffer: bytes) -> None:
        self.buffer = buffer
        self._lowered: bytes | None = None
        self._runs: dict[tuple[bytes, bytes], bool] = {}

    def passes(self, prefilter: Prefilter) -> bool:
        """Return True when the rule could match in this buffer.

        The run check comes first: it is shared between rules, and text that
        fails it never pays for the lowered copy the keyword check needs.
        """
        if prefilter.run_needle:
            key = prefilter.run_key
            found = self._runs.get(key)
            if found is None:
                found = prefilter.run_needle in self.buffer.translate(prefilter.table)
                self._runs[key] = found
            if not found:
                return False
        if prefilter.keywords:
            buffer = self.buffer
            # A keyword present as written is enough; only its absence needs
            # the case-insensitive comparison on a lowered copy.
            if any(keyword in buffer for keyword in prefilter.keywords):
                return True
            if self._lowered is None:
                self._lowered = buffer.lower()
            return any(keyword in self._lowered for keyword in prefilter.keywords)
        return True
