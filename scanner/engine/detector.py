"""The detector: candidates from the matcher, judged by the filters, as Findings."""
from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from scanner.engine.chunks import Window, windows_of
from scanner.engine.matcher import Matcher
from scanner.engine.prefilter import FAST_PATHS_DEFAULT
from scanner.engine.positions import LineCounter, column_at
from scanner.filters.context import line_bounds
from scanner.filters.verdict import judge
from scanner.fingerprints import fingerprint, redact, sha256_hex
from scanner.models import Confidence, Document, Finding
from scanner.ruleset.schema import Allowlist, Rule

log = logging.getLogger(__name__)


class Detector:
    """Scan text with a rule set.

    Findings on lines that carry an allow marker are returned with
    ``allowed=True`` so that callers can count them (and the verifier can
    still report a live one); rejected candidates are not returned.
    """

    def __init__(
        self,
        rules: Sequence[Rule],
        allowlist: Allowlist | None = None,
        allow_markers: Sequence[str] = (),
        fast_paths: bool | None = None,
    ) -> None:
        """``fast_paths`` None follows $VIAFOUNDRY_SCAN_NO_FASTPATH (see engine.prefilter)."""
        self.rules = list(rules)
        self.fast_paths = FAST_PATHS_DEFAULT if fast_paths is None else fast_paths
        self.matcher = Matcher(self.rules, self.fast_paths)
        self.allowlist = allowlist or Allowlist()
        self.allow_markers = tuple(m.encode("utf-8") for m in allow_markers)

    def scan_document(self, document: Document) -> list[Finding]:
        """Return the findings in a whole document held in memory."""
        window = Window(document.data, 0, len(document.data), 1)
        return list(self.scan_window(window, document.path, document.source))

    def scan_chunks(self, chunks: Iterator[bytes], path: str | None, source: str) -> Iterator[Finding]:
        """Yield the findings in text that arrives in pieces (a large file).

        Memory stays bounded by the piece size; see engine.chunks.
        """
        for window in windows_of(chunks):
            yield from self.scan_window(window, path, source)

    def scan_window(self, window: Window, path: str | None, source: str) -> Iterator[Finding]:
        """Yield findings that start inside the window's owned range."""
        buffer = window.buffer
        lines = LineCounter(buffer, window.first_line)
        for candidate in self.matcher.candidates(buffer):
            if not window.owned_start <= candidate.start < window.owned_end:
                continue
            verdict = judge(
                candidate.rule, candidate.secret, buffer, candidate.start, candidate.end, path, self.allowlist
            )
            if verdict.confidence is None:
                log.debug("rejected a %s candidate in %s: %s", candidate.rule.id, path, verdict.reason)
                continue
            finding = self._finding(candidate.rule, candidate.secret, buffer, candidate.start, candidate.end,
                                    lines.line_at(candidate.start), path, source, verdict.confidence,
                                    verdict.reason, verdict.host_hint)
            if window.first_column > 1 and buffer.rfind(b"\n", 0, candidate.start) < 0:
                # The line began in an earlier window: shift the column to the line's start.
                shift = window.first_column - 1
                finding = finding.replace(column=finding.column + shift, end_column=finding.end_column + shift)
            yield finding

    def _finding(
        self,
        rule: Rule,
        secret: str,
        buffer: bytes,
        start: int,
        end: int,
        line: int,
        path: str | None,
        source: str,
        confidence: Confidence,
        reason: str,
        host_hint: str | None,
    ) -> Finding:
        line_start, line_end = line_bounds(buffer, start, end)
        line_text = buffer[line_start:line_end]
        allowed = any(marker in line_text for marker in self.allow_markers)
        secret_sha256 = sha256_hex(secret)
        column = column_at(buffer, start)
        return Finding(
            rule_id=rule.id,
            confidence=confidence,
            reason=reason,
            source=source,
            path=path,
            line=line,
            column=column,
            end_column=column + len(secret),
            secret=secret,
            secret_sha256=secret_sha256,
            fingerprint=fingerprint(rule.id, path, secret_sha256),
            redacted=redact(secret, rule.prefix),
            host_hint=host_hint,
            allowed=allowed,
        )
