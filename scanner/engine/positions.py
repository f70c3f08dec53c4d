"""Turn byte offsets in UTF-8 text into 1-based lines and character columns."""
from __future__ import annotations


class LineCounter:
    """Count lines incrementally for offsets that arrive in increasing order.

    ``first_line`` is the line number of ``buffer[0]``, for buffers that are
    a window of a larger file.
    """

    def __init__(self, buffer: bytes, first_line: int = 1) -> None:
        self.buffer = buffer
        self._first_line = first_line
        self._offset = 0
        self._line = first_line

    def line_at(self, offset: int) -> int:
        if offset < self._offset:
            self._offset, self._line = 0, self._first_line
        self._line += self.buffer.count(b"\n", self._offset, offset)
        self._offset = offset
        return self._line


def column_at(buffer: bytes, offset: int) -> int:
    """Return the 1-based character column of ``offset`` in its line.

    Text that is not valid UTF-8 was Latin-1 (or similar single-byte text),
    so each byte counts as one character there.
    """
    line_start = buffer.rfind(b"\n", 0, offset) + 1
    prefix = buffer[line_start:offset]
    try:
        return len(prefix.decode("utf-8")) + 1
    except UnicodeDecodeError:
        return len(prefix) + 1
