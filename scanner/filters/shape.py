"""Predicates on the bytes around a candidate: does it stand alone?"""
from __future__ import annotations

import regex

_BASE64_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
_ESCAPES = (b"\\n", b"\\t", b"\\r")
_BASE64_LINE = regex.compile(rb"[A-Za-z0-9+/=_-]{40,}")


def is_standalone(buffer: bytes, start: int, end: int) -> bool:
    """Return True unless the token touches base64 characters on either side.

    A JSON or shell escape (``\\n``, ``\\t``, ``\\r``) right before the token
    counts as a boundary, and so does an ``=`` before it (an assignment) or
    the ``://`` of a URL whose user name is the token; an ``=`` after it is
    base64 padding.
    """
    if (
        start > 0
        and buffer[start - 1] in _BASE64_CHARS
        and buffer[max(0, start - 2) : start] not in _ESCAPES
        and buffer[max(0, start - 3) : start] != b"://"
    ):
        return False
    if end < len(buffer) and (buffer[end] in _BASE64_CHARS or buffer[end] == ord("=")):
        return False
    return True


def is_in_base64_block(buffer: bytes, line_start: int, line_end: int) -> bool:
    """Return True when the line and a neighbouring line are nothing but base64 text.

    Wrapped base64 (certificates, embedded files) puts one long run on each
    line; a token on its own line between two ordinary lines does not match.
    """
    if not _BASE64_LINE.fullmatch(buffer[line_start:line_end].strip()):
        return False
    previous_start = buffer.rfind(b"\n", 0, max(0, line_start - 1)) + 1
    previous = buffer[previous_start : max(previous_start, line_start - 1)].strip()
    next_end = buffer.find(b"\n", line_end + 1)
    following = buffer[line_end + 1 : len(buffer) if next_end < 0 else next_end].strip()
    return any(_BASE64_LINE.fullmatch(neighbour) for neighbour in (previous, following) if neighbour)
