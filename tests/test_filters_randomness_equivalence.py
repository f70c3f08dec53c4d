"""The C-speed repetition and sequence checks agree with plain per-character versions."""
from __future__ import annotations

import random
import string

from scanner.filters.randomness import is_repetitive, is_sequential

ALPHABETS = (string.ascii_letters + string.digits, "0123456789abcdef", "xX", "abc")


def _plain_repetitive(text: str, max_period_fraction: float = 0.5, min_agreement: float = 0.9) -> bool:
    size = len(text)
    for period in range(1, int(size * max_period_fraction) + 1):
        same = sum(1 for i in range(period, size) if text[i] == text[i - period])
        if same >= min_agreement * (size - period):
            return True
    return False


def _plain_sequential(text: str, min_share: float = 0.5) -> bool:
    if len(text) < 2:
        return False
    steps = sum(1 for a, b in zip(text, text[1:]) if abs(ord(b) - ord(a)) == 1)
    return steps >= min_share * (len(text) - 1)


def _samples() -> list[str]:
    rng = random.Random(7301)
    samples = []
    for _ in range(3000):
        alphabet = rng.choice(ALPHABETS)
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 140)))
        if rng.random() < 0.3 and body:
            period = rng.randint(1, 40)
            body = (body[:period] * 200)[: len(body)]
            body = "".join(c if rng.random() > 0.05 else rng.choice(alphabet) for c in body)
        samples.append(body)
    sequence = string.ascii_lowercase + string.ascii_uppercase + string.digits
    samples += [(sequence * 3)[:128], sequence[::-1] * 2, "0" * 128, ""]
    return samples


def test_repetitive_matches_plain_version() -> None:
    for text in _samples():
        assert is_repetitive(text) == _plain_repetitive(text), text


def test_sequential_matches_plain_version() -> None:
    for text in _samples():
        assert is_sequential(text) == _plain_sequential(text), text


def test_samples_cover_both_answers() -> None:
    samples = _samples()
    assert any(map(_plain_repetitive, samples))
    assert not all(map(_plain_repetitive, samples))
    assert any(map(_plain_sequential, samples))
