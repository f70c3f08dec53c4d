"""Expand and check the positive and negative examples that each rule carries.

Examples may contain generators so that no token-shaped string is stored in
a rule file (where this very scanner would flag it):

- ``{{alnum:N}}``: N random characters of [A-Za-z0-9]
- ``{{hex:N}}``: N random lowercase hex digits
- ``{{base64:N}}``: standard base64 of N random bytes
- ``{{sha512:TEXT}}`` / ``{{SHA512:TEXT}}``: the SHA-512 of TEXT in lower / upper hex
- ``{{repeat:S:N}}``: S repeated and cut to N characters
- ``{{sequence:N}}``: the characters a-z, A-Z, 0-9 in order, repeated and cut to N

Randomness is seeded from the example text, so a failure reproduces.
"""
from __future__ import annotations

import base64
import hashlib
import random
import string
from collections.abc import Iterator

import regex

from scanner.models import Confidence, Document
from scanner.ruleset.schema import Rule

_GENERATOR = regex.compile(r"\{\{(\w+):([^}]*)\}\}")
_ALNUM = string.ascii_letters + string.digits
_SEQUENCE = string.ascii_lowercase + string.ascii_uppercase + string.digits


def expand(example: str) -> str:
    """Return ``example`` with every generator replaced by its text.

    Raises ValueError for an unknown generator or a bad argument.
    """
    rng = random.Random(hashlib.sha256(example.encode("utf-8")).digest())
    return _GENERATOR.sub(lambda match: _generate(match.group(1), match.group(2), rng), example)


def _generate(name: str, argument: str, rng: random.Random) -> str:
    if name == "alnum":
        return "".join(rng.choice(_ALNUM) for _ in range(int(argument)))
    if name == "hex":
        return "".join(rng.choice("0123456789abcdef") for _ in range(int(argument)))
    if name == "base64":
        return base64.b64encode(rng.randbytes(int(argument))).decode("ascii")
    if name in ("sha512", "SHA512"):
        digest = hashlib.sha512(argument.encode("utf-8")).hexdigest()
        return digest.upper() if name == "SHA512" else digest
    if name == "repeat":
        fragment, _, count = argument.rpartition(":")
        return (fragment * int(count))[: int(count)]
    if name == "sequence":
        size = int(argument)
        return (_SEQUENCE * (size // len(_SEQUENCE) + 1))[:size]
    raise ValueError(f"unknown example generator '{name}'")


def check_rule_examples(rule: Rule, min_confidence: Confidence = Confidence.MEDIUM) -> Iterator[str]:
    """Yield one message per example that the rule gets wrong.

    A positive example must give at least one reported finding of this rule
    (at ``min_confidence`` or above, not waived by an allow marker); a
    negative example must give none. The rule runs alone, with the default
    allow marker.
    """
    from scanner.constants import ALLOW_MARKER
    from scanner.engine.detector import Detector

    detector = Detector([rule], allow_markers=[ALLOW_MARKER])
    for expected, examples in ((True, rule.positive_examples), (False, rule.negative_examples)):
        for example in examples:
            try:
                text = expand(example)
            except ValueError as error:
                yield f"{rule.id}: example {example!r}: {error}"
                continue
            findings = detector.scan_document(Document("example.txt", text.encode("utf-8"), "file"))
            reported = [f for f in findings if f.confidence >= min_confidence and not f.allowed]
            if expected and not reported:
                yield f"{rule.id}: positive example is not reported: {example!r}"
            if not expected and reported:
                reasons = "; ".join(f.reason for f in reported)
                yield f"{rule.id}: negative example is reported ({reasons}): {example!r}"
