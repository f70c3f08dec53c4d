"""Predicates on the bytes around a candidate: does it stand alone?"""
from __future__ import annotations

import regex

BASE64_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
_ESCAPES = (b"\\n", b"\\t", b"\\r")
# One line of wrapped standard base64 (PEM, MIME), and the characters that
# mark it as base64 rather than a list of tokens: "+", "/" or "=" padding.
_BASE64_LINE = regex.compile(rb"[A-Za-z0-9+/]{40,}={0,2}")
_BASE64_MARK = regex.compile(rb"[+/]|=\Z")
# A JSON Web Token: base64url header, payload and signature joined by dots.
# The header is base64 of JSON, so it starts with "eyJ" (the encoding of '{"').
_JWT = regex.compile(rb"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
#: Bytes searched on each side of a candidate for a JWT that contains it.
_JWT_REACH = 4096


def is_standalone(buffer: bytes, start: int, end: int) -> bool:
    """Return True unless the token touches base64 characters on either side.

    A JSON or shell escape (``\\n``, ``\\t``, ``\\r``) right before the token
    counts as a boundary. So do an ``=`` before it (an assignment) and the
    ``://`` of a URL whose user name is the token. An ``=`` after it is
    base64 padding.
    """
    if (
        start > 0
        and buffer[start - 1] in BASE64_CHARS
        and buffer[max(0, start - 2) : start] not in _ESCAPES
        and buffer[max(0, start - 3) : start] != b"://"
    ):
        return False
    if end < len(buffer) and (buffer[end] in BASE64_CHARS or buffer[end] == ord("=")):
        return False
    return True


def is_in_base64_block(buffer: bytes, line_start: int, line_end: int) -> bool:
    """Return True when the line and a neighbouring line are wrapped base64 text.

    Wrapped base64 (certificates, embedded files) puts one long run on each
    line. A line of bare tokens next to another token or a ``KEY=value``
    line does not count, because one of the two lines must show a base64
    mark (``+``, ``/`` or ``=`` padding).
    """
    line = buffer[line_start:line_end].strip()
    if not _BASE64_LINE.fullmatch(line):
        return False
    previous_start = buffer.rfind(b"\n", 0, max(0, line_start - 1)) + 1
    previous = buffer[previous_start : max(previous_start, line_start - 1)].strip()
    next_end = buffer.find(b"\n", line_end + 1)
    following = buffer[line_end + 1 : len(buffer) if next_end < 0 else next_end].strip()
    for neighbour in (previous, following):
        if neighbour and _BASE64_LINE.fullmatch(neighbour) and (
            _BASE64_MARK.search(neighbour) or _BASE64_MARK.search(line)
        ):
            return True
    return False


def is_in_jwt(buffer: bytes, start: int, end: int) -> bool:
    """Return True when ``buffer[start:end]`` is a segment of a JSON Web Token.

    A JWT payload segment is plain base64url and can be exactly 128 letters
    and digits long, with dots as its neighbours.
    """
    low = max(0, start - _JWT_REACH)
    high = min(len(buffer), end + _JWT_REACH)
    return any(m.start() <= start and end <= m.end() for m in _JWT.finditer(buffer, low, high))
