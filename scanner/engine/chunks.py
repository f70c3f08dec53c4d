"""Cut a stream of text into overlapping windows so large files scan in bounded memory.

Each window owns a range of offsets: a match is reported by the window in
whose owned range it starts. The overlap on both sides is far longer than a
token plus its context, so a token that crosses a piece boundary is seen
whole, and a long run of token characters cut at the edge of a window is
never mistaken for a token of the right length.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator

#: Bytes of text kept on each side of the owned range.
OVERLAP = 64 * 1024


@dataclasses.dataclass(frozen=True)
class Window:
    """``buffer`` with the owned range, and the line and column of ``buffer[0]``.

    ``first_column`` is more than 1 only when ``buffer[0]`` is in the middle
    of a line that began in an earlier window (a long minified line).
    """

    buffer: bytes
    owned_start: int
    owned_end: int
    first_line: int
    first_column: int = 1


def windows_of(chunks: Iterator[bytes], overlap: int = OVERLAP) -> Iterator[Window]:
    """Yield windows over the concatenation of ``chunks``.

    A window's buffer is up to ``overlap`` bytes of the previous text, the
    owned text, and up to ``overlap`` bytes of what follows.
    """
    before = b""  # text before the owned range, for lookbehind and context
    first_line = 1  # line number of before[0]
    first_column = 1  # character column of before[0]
    pending = b""  # owned text that waits for its lookahead
    for chunk in chunks:
        pending += chunk
        if len(pending) <= 2 * overlap:
            continue
        owned, after = pending[:-overlap], pending[-overlap:]
        buffer = before + owned + after
        yield Window(buffer, len(before), len(before) + len(owned), first_line, first_column)
        joined = before + owned
        kept = joined[-overlap:]
        cut = len(joined) - len(kept)
        first_line += joined.count(b"\n", 0, cut)
        last_newline = joined.rfind(b"\n", 0, cut)
        if last_newline < 0:
            first_column += _characters(joined[:cut])
        else:
            first_column = 1 + _characters(joined[last_newline + 1 : cut])
        before, pending = kept, after
    buffer = before + pending
    yield Window(buffer, len(before), len(buffer), first_line, first_column)


_UTF8_CONTINUATION = bytes(range(0x80, 0xC0))


def _characters(text: bytes) -> int:
    """Return the number of UTF-8 characters in ``text`` (bytes that start one)."""
    return len(text.translate(None, _UTF8_CONTINUATION))
