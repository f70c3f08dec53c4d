"""Find candidates: every match of every rule whose prefilter passes."""
from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Sequence
from typing import Any

import regex

from scanner.engine.prefilter import FAST_PATHS_DEFAULT, BufferGates, Prefilter
from scanner.ruleset.schema import Rule


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A rule match: ``buffer[start:end]`` is the token."""

    rule: Rule
    start: int
    end: int
    secret: str


class Matcher:
    """Run a fixed set of rules over buffers.

    With ``fast_paths`` off, every rule's regex runs on every buffer; the
    candidates are the same either way (the gates only skip hopeless work).
    """

    def __init__(self, rules: Sequence[Rule], fast_paths: bool = FAST_PATHS_DEFAULT) -> None:
        self.rules = list(rules)
        self.prefilters = [Prefilter(rule) for rule in self.rules]
        self.fast_paths = fast_paths
        self.searchers = [stdlib_twin(rule.pattern) if fast_paths else rule.pattern for rule in self.rules]

    def candidates(self, buffer: bytes) -> list[Candidate]:
        """Return the candidates in ``buffer``, ordered by offset.

        A candidate that lies inside another rule's candidate is dropped, so
        the body of an MCP token is never also a general-token candidate.
        """
        gates = BufferGates(buffer) if self.fast_paths else None
        whole = [(0, len(buffer))]
        found: list[Candidate] = []
        for rule, prefilter, searcher in zip(self.rules, self.prefilters, self.searchers):
            if gates is not None and not gates.passes(prefilter):
                continue
            for window_start, window_end in whole if gates is None else gates.windows(prefilter):
                for match in searcher.finditer(buffer, window_start, window_end):
                    start, end = match.span(rule.secret_group)
                    if start < 0 or start == end:
                        continue
                    secret = buffer[start:end].decode("utf-8", "replace")
                    found.append(Candidate(rule, start, end, secret))
        if len(found) < 2:
            return found
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        return _drop_nested(found)


#: regex flags that mean the same in stdlib re (plus regex's defaults for bytes).
_SHARED_FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL | regex.VERBOSE
_DEFAULT_FLAGS = regex.ASCII | regex.VERSION0


def stdlib_twin(pattern: regex.Pattern[bytes]) -> Any:
    """Return a stdlib ``re`` pattern that matches like ``pattern``, or ``pattern`` itself.

    On the patterns rules use (classes, bounded repeats, lookarounds), the
    stdlib engine runs several times faster than ``regex`` (about 13 against
    3 MB/s on hex-heavy text; see docs/performance.md). Only a plain
    version-0 pattern is translated, and anything stdlib ``re`` rejects or
    warns about (POSIX classes, ``\\p{...}``, variable-width lookbehind, nested
    sets) keeps the ``regex`` pattern, as does a difference in groups.
    """
    if pattern.flags & ~(_SHARED_FLAGS | _DEFAULT_FLAGS):
        return pattern
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            twin = re.compile(pattern.pattern, pattern.flags & _SHARED_FLAGS)
    except (re.error, Warning, TypeError, ValueError, OverflowError, RecursionError):
        return pattern
    if twin.groups != pattern.groups or dict(twin.groupindex) != dict(pattern.groupindex):
        return pattern
    return twin


def _drop_nested(ordered: list[Candidate]) -> list[Candidate]:
    """Drop candidates contained in an earlier, longer candidate of another rule."""
    kept: list[Candidate] = []
    cover_end = -1
    cover_rule = ""
    for candidate in ordered:
        if candidate.end <= cover_end and candidate.rule.id != cover_rule:
            continue
        kept.append(candidate)
        if candidate.end > cover_end:
            cover_end, cover_rule = candidate.end, candidate.rule.id
    return kept
