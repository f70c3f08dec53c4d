"""Find candidates: every match of every rule whose prefilter passes."""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

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

    def candidates(self, buffer: bytes) -> list[Candidate]:
        """Return the candidates in ``buffer``, ordered by offset.

        A candidate that lies inside another rule's candidate is dropped, so
        the body of an MCP token is never also a general-token candidate.
        """
        gates = BufferGates(buffer) if self.fast_paths else None
        found: list[Candidate] = []
        for rule, prefilter in zip(self.rules, self.prefilters):
            if gates is not None and not gates.passes(prefilter):
                continue
            for match in rule.pattern.finditer(buffer, overlapped=False):
                start, end = match.span(rule.secret_group)
                if start < 0 or start == end:
                    continue
                secret = buffer[start:end].decode("utf-8", "replace")
                found.append(Candidate(rule, start, end, secret))
        if len(found) < 2:
            return found
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        return _drop_nested(found)


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
