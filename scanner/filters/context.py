"""Predicates on the text around a candidate: ViaFoundry context and digests."""
from __future__ import annotations

from collections.abc import Sequence

import regex

#: Upper bound, in bytes, of the context searched on each side of a token, so
#: that a minified file with one huge line costs the same as a normal file.
MAX_CONTEXT_BYTES = 512


def line_bounds(buffer: bytes, start: int, end: int) -> tuple[int, int]:
    """Return the start and end offsets of the line(s) that hold ``buffer[start:end]``."""
    line_start = buffer.rfind(b"\n", 0, start) + 1
    line_end = buffer.find(b"\n", end)
    return line_start, len(buffer) if line_end < 0 else line_end


def context_window(buffer: bytes, start: int, end: int, lines: int) -> bytes:
    """Return up to ``lines`` lines on each side of the token, clipped to MAX_CONTEXT_BYTES."""
    low = max(0, start - MAX_CONTEXT_BYTES)
    high = min(len(buffer), end + MAX_CONTEXT_BYTES)
    window_start, window_end = line_bounds(buffer, start, end)
    for _ in range(lines):
        if window_start <= low:
            break
        window_start = buffer.rfind(b"\n", 0, window_start - 1) + 1
    for _ in range(lines):
        if window_end >= high:
            break
        following = buffer.find(b"\n", window_end + 1)
        window_end = len(buffer) if following < 0 else following
    return buffer[max(window_start, low) : min(window_end, high)]


def has_match(patterns: Sequence[regex.Pattern[bytes]], text: bytes) -> bool:
    """Return True when any of ``patterns`` occurs in ``text``."""
    return any(pattern.search(text) for pattern in patterns)
