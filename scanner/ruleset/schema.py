"""The rule schema: one frozen Rule per detector, built from a TOML table.

Every key a rule file may use is listed in RULE_KEYS with its meaning; the
loader validates each one and rejects unknown keys.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import regex

from scanner.models import Confidence

#: Rule keys and what they mean (shown by the loader when a key is unknown).
RULE_KEYS: dict[str, str] = {
    "id": "stable kebab-case identifier; baselines and ignore files refer to it",
    "description": "one line that says what the rule finds",
    "pattern": "regex (the `regex` module's syntax); ${alphabet} and ${length} are substituted",
    "secret_group": "number or name of the capture group that holds the token (0: whole match)",
    "prefix": "literal start of every token, shown in redacted output",
    "keywords": "strings of which one must occur (case-insensitive) before the pattern runs",
    "alphabet": "body of a regex character class: the characters a token is made of",
    "length": "number of alphabet characters in a token body",
    "min_entropy": "minimum Shannon entropy, in bits per character, of the token body",
    "standalone": "reject candidates that are part of a longer base64 or URL-safe base64 run",
    "hex_requires_context": "report an all-hex body only next to a context pattern",
    "hex_min_entropy": "minimum entropy, in bits per character, of an all-hex body",
    "confidence": "confidence of a finding without context: low, medium or high",
    "context": "regexes; one of them near the token raises the confidence to high",
    "context_lines": "how many lines above and below the token the context search covers",
    "digest_context": "regexes; one of them on the token's line marks the finding low (a checksum)",
    "allowlist": "table with paths, values and stopwords that waive a candidate",
    "examples": "table with positive and negative example lines; see ruleset.examples",
}

ALLOWLIST_KEYS = ("paths", "values", "stopwords")
EXAMPLE_KEYS = ("positive", "negative")


@dataclasses.dataclass(frozen=True)
class Allowlist:
    """Candidates that are never findings.

    ``paths`` match the reported path (``/`` separators), ``values`` match
    the token itself, and ``stopwords`` are substrings compared without case.
    """

    paths: tuple[regex.Pattern[str], ...] = ()
    values: tuple[regex.Pattern[str], ...] = ()
    stopwords: tuple[str, ...] = ()

    def allows_path(self, path: str | None) -> bool:
        return path is not None and any(p.search(path) for p in self.paths)

    def allows_value(self, secret: str) -> bool:
        if any(p.search(secret) for p in self.values):
            return True
        folded = secret.lower()
        return any(word in folded for word in self.stopwords)

    def merged(self, other: Allowlist) -> Allowlist:
        return Allowlist(
            self.paths + other.paths, self.values + other.values, self.stopwords + other.stopwords
        )


@dataclasses.dataclass(frozen=True)
class Rule:
    """A validated, compiled rule. Field meanings are in RULE_KEYS."""

    id: str
    description: str
    pattern: regex.Pattern[bytes]
    secret_group: int | str
    prefix: str
    keywords: tuple[bytes, ...]
    alphabet: str
    length: int | None
    min_entropy: float
    standalone: bool
    hex_requires_context: bool
    hex_min_entropy: float
    confidence: Confidence
    context: tuple[regex.Pattern[bytes], ...]
    context_lines: int
    digest_context: tuple[regex.Pattern[bytes], ...]
    allowlist: Allowlist
    positive_examples: tuple[str, ...]
    negative_examples: tuple[str, ...]
    source_file: str
    alphabet_bytes: bytes = b""

    def to_summary(self) -> dict[str, Any]:
        """Return the fields that `viafoundry-scan rules` lists."""
        return {
            "id": self.id,
            "description": self.description,
            "source_file": self.source_file,
            "alphabet": self.alphabet,
            "length": self.length,
            "min_entropy": self.min_entropy,
            "keywords": [k.decode() for k in self.keywords],
        }
