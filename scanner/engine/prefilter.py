"""C-speed gates that decide whether a rule's regex needs to run on a buffer at all.

Most text contains no run of 128 token characters, and most of what does
contains no keyword, so two checks reject it before any Python-level work:
``bytes.translate`` followed by ``bytes.find`` for the run (shared by rules
with the same alphabet and length), then ``bytes.find`` for a keyword. They
only skip work, so findings are the same with or without them.

A rule with an alphabet and a length also gets the windows of the buffer
where its runs are: the spans of at least ``length`` alphabet characters,
widened by WINDOW_MARGIN bytes on each side. Its regex runs only there,
because the token body of such a rule is, by the schema, a run of ``length``
alphabet characters, and its prefix and lookarounds sit within the margin.

The gates (and every other fast path of the engine) can be switched off
with the environment variable named by ``NO_FASTPATH_ENV`` (read once, at
import) or with ``Detector(..., fast_paths=False)``;
tests/test_fastpath_equivalence.py checks that the findings do not change.
"""
from __future__ import annotations

import os

from scanner.filters.shape import BASE64_CHARS
from scanner.ruleset.schema import Rule

#: Set to 1 to run every rule's regex on every buffer (for checking and profiling).
NO_FASTPATH_ENV = "VIAFOUNDRY_SCAN_NO_FASTPATH"
FAST_PATHS_DEFAULT = os.environ.get(NO_FASTPATH_ENV, "").strip().lower() not in ("1", "true", "yes", "on")

_MARK = 1
#: Bytes around a run that a rule's match (prefix, lookbehind, lookahead) may use.
WINDOW_MARGIN = 256


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
        #: Maximum length of a run that can contain a finding, or 0 for no limit. The filters
        #: reject a standalone candidate that touches a base64 character, so a
        #: longer run of such characters never yields one; the extra 1 is the
        #: "n" of a "\n" escape right before the body.
        self.max_run = 0
        if rule.standalone and rule.length and set(rule.alphabet_bytes) <= BASE64_CHARS:
            self.max_run = rule.length + 1
        #: Rules with equal keys share the run check on a buffer.
        self.run_key = (self.table, self.run_needle, self.max_run)


class BufferGates:
    """Lazily computed views of one buffer, shared by all rules' gates."""

    __slots__ = ("buffer", "_lowered", "_runs")

    def __init__(self, buffer: bytes) -> None:
        self.buffer = buffer
        self._lowered: bytes | None = None
        self._runs: dict[tuple[bytes, bytes, int], list[tuple[int, int]]] = {}

    def windows(self, prefilter: Prefilter) -> list[tuple[int, int]]:
        """Return the merged (start, end) spans where the rule's regex must run.

        A rule without an alphabet and a length gets the whole buffer.
        """
        if not prefilter.run_needle:
            return [(0, len(self.buffer))]
        key = prefilter.run_key
        spans = self._runs.get(key)
        if spans is None:
            spans = _run_windows(self.buffer.translate(prefilter.table), prefilter.run_needle, prefilter.max_run)
            self._runs[key] = spans
        return spans

    def passes(self, prefilter: Prefilter) -> bool:
        """Return True when the rule could match in this buffer.

        The run check comes first: it is shared between rules, and text that
        fails it never pays for the lowered copy the keyword check needs.
        """
        if prefilter.run_needle and not self.windows(prefilter):
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


def _run_windows(marked: bytes, needle: bytes, max_run: int = 0) -> list[tuple[int, int]]:
    """Return the merged spans around runs of ``needle``'s byte at least as long as it.

    ``marked`` is the buffer translated so that alphabet bytes are _MARK
    and all others 0; each step is a C-speed ``bytes.find``. Runs longer
    than ``max_run`` (when it is not 0) get no span.
    """
    spans: list[tuple[int, int]] = []
    size = len(marked)
    position = marked.find(needle)
    while position >= 0:
        run_end = marked.find(b"\0", position + len(needle))
        if run_end < 0:
            run_end = size
        if max_run and run_end - position > max_run:
            position = marked.find(needle, run_end)
            continue
        start, end = max(0, position - WINDOW_MARGIN), min(size, run_end + WINDOW_MARGIN)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        position = marked.find(needle, run_end)
    return spans
