"""Detect binary content and odd encodings, and turn text into UTF-8 pieces.

The engine works on UTF-8 bytes. UTF-8 and single-byte text (Latin-1,
cp1252) pass through unchanged, because tokens are ASCII and the same bytes
in both; columns on a line that is not valid UTF-8 are counted per byte.
UTF-16 and UTF-32 are decoded and re-encoded, so a token stored as
UTF-16 is found and its line and column refer to the decoded text.
"""
from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

#: Bytes inspected to tell text from binary, like git's own heuristic.
SNIFF_BYTES = 8000
#: Size of the pieces read from a file or pipe.
READ_SIZE = 4 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(head: bytes) -> str | None:
    """Return the codec name for text that starts with ``head``, or None for binary.

    A byte-order mark decides first. Without one, text in which NUL bytes
    sit at every other position is taken as BOM-less UTF-16; any other NUL
    byte means binary.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\0" not in head:
        return "utf-8"
    sample = head[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        half = len(sample) // 2
        if odd_nuls > 0.6 * half and even_nuls < 0.1 * half:
            return "utf-16-le"
        if even_nuls > 0.6 * half and odd_nuls < 0.1 * half:
            return "utf-16-be"
    return None


def utf8_pieces(stream: BinaryIO, encoding: str, head: bytes = b"") -> Iterator[bytes]:
    """Yield the text of ``stream`` as UTF-8 pieces of about READ_SIZE bytes.

    ``head`` contains bytes already read from the stream by the caller.
    """
    passthrough = encoding in ("utf-8", "utf-8-sig")
    decoder = None if passthrough else codecs.getincrementaldecoder(encoding)(errors="replace")
    data = head + stream.read(READ_SIZE)
    first = True
    while data:
        if first and encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        first = False
        yield data if decoder is None else decoder.decode(data).encode("utf-8")
        data = stream.read(READ_SIZE)
    if decoder is not None:
        tail = decoder.decode(b"", final=True).encode("utf-8")
        if tail:
            yield tail


def decode_bytes(data: bytes) -> tuple[bytes, str] | None:
    """Return ``data`` as UTF-8 with its detected encoding, or None when it is binary."""
    encoding = detect_encoding(data[:SNIFF_BYTES])
    if encoding is None:
        return None
    if encoding == "utf-8":
        return data, encoding
    if encoding == "utf-8-sig":
        return data[len(codecs.BOM_UTF8):], encoding
    return data.decode(encoding, errors="replace").encode("utf-8"), encoding

