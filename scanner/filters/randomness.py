"""Predicates on the token body alone: entropy, hex, repetition and sequences.

A real token is 128 independent random characters. These checks reject the
strings that have the right shape but not that randomness: masks such as
128 'x', repeated fragments and alphabet fillers.
"""
from __future__ import annotations

import math
from collections import Counter

_HEX_LOWER = frozenset("0123456789abcdef")
_HEX_UPPER = frozenset("0123456789ABCDEF")


def shannon_entropy(text: str) -> float:
    """Return the Shannon entropy of ``text`` in bits per character (0 for '')."""
    if not text:
        return 0.0
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in Counter(text).values())


def is_hex(text: str) -> bool:
    """Return True when ``text`` is all lowercase or all uppercase hex digits."""
    chars = set(text)
    return chars <= _HEX_LOWER or chars <= _HEX_UPPER


def is_repetitive(text: str, max_period_fraction: float = 0.5, min_agreement: float = 0.9) -> bool:
    """Return True when ``text`` repeats a fragment no longer than half its length.

    ``min_agreement`` is the share of positions that must equal the character
    one period earlier; a random string of 62 symbols scores about 0.02.
    """
    data = _ascii_bytes(text)
    size = len(data)
    max_period = int(size * max_period_fraction)
    if _too_many_trigrams(data, max_period, min_agreement):
        return False
    distinct = len(set(data))
    for period in range(1, max_period + 1):
        # Each character beyond the first period that breaks the repetition can
        # add one new symbol, so a repetitive text has at most this many
        # distinct ones: shorter periods cannot pass and are skipped.
        if period + (1 - min_agreement) * (size - period) < distinct - 1e-9:
            continue
        if _count_equal(data[period:], data[: size - period]) >= min_agreement * (size - period):
            return True
    return False


def _too_many_trigrams(data: bytes, max_period: int, min_agreement: float) -> bool:
    """Return True when ``data`` has too many distinct 3-grams to repeat with any period.

    With period p, a 3-gram at offset j >= p equals the one at j - p unless
    one of its three characters breaks the repetition. At most
    (1 - min_agreement) * (size - p) characters do, so at most
    p + 3 * (1 - min_agreement) * (size - p) distinct 3-grams exist. Random
    strings have nearly one per offset and fail that bound at once, which
    spares them the per-period comparison.
    """
    size = len(data)
    if size < 3 or max_period < 1:
        return False
    slack = 1 - min_agreement
    bound = max(period + 3 * slack * (size - period) for period in (1, max_period))
    distinct = len({data[index : index + 3] for index in range(size - 2)})
    return distinct > bound + 1e-9


def is_sequential(text: str, min_share: float = 0.5) -> bool:
    """Return True when most neighbouring characters are consecutive code points.

    This catches fillers such as ``abc...xyzABC...`` whose entropy is high but
    whose characters step by one; random strings step by one about 3% of the time.
    """
    data = _ascii_bytes(text)
    if len(data) < 2:
        return False
    head, tail = data[:-1], data[1:]
    steps = _count_equal(head.translate(_NEXT_BYTE), tail) + _count_equal(head.translate(_PREVIOUS_BYTE), tail)
    return steps >= min_share * (len(data) - 1)


#: Byte tables that add or subtract one, for comparing neighbours in C.
_NEXT_BYTE = bytes((value + 1) % 256 for value in range(256))
_PREVIOUS_BYTE = bytes((value - 1) % 256 for value in range(256))


def _ascii_bytes(text: str) -> bytes:
    """Return ``text`` as one byte per character (code points above 255 fold to 255).

    Token bodies are ASCII; the fold only keeps odd input from raising.
    """
    if text.isascii():
        return text.encode("ascii")
    return bytes(min(ord(character), 255) for character in text)


def _count_equal(left: bytes, right: bytes) -> int:
    """Return how many positions hold the same byte in two equally long strings.

    The XOR of the two strings read as integers has a zero byte exactly where
    they agree, and counting zero bytes runs in C.
    """
    size = len(left)
    difference = int.from_bytes(left, "big") ^ int.from_bytes(right, "big")
    return difference.to_bytes(size, "big").count(0)
