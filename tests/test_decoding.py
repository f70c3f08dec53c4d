"""Encodings, line endings, binary files and large files: tokens at the right line and column."""
from __future__ import annotations

import codecs

import pytest

from scanner.sources.decoding import READ_SIZE, SNIFF_BYTES, decode_bytes, detect_encoding
from tests.conftest import locate, scan_folder
from tests.tokens import alnum, mcp


FIRST_PIECE = SNIFF_BYTES + READ_SIZE


def _positions(report):
    return [(f.path, f.line, f.column, f.rule_id) for f in report.findings]


def test_latin1_file_found(tmp_path):
    token = alnum(201)
    text = f"# Schlüssel für café\nVIAFOUNDRY_TOKEN={token}\n"
    (tmp_path / "conf.env").write_bytes(text.encode("latin-1"))
    report = scan_folder(tmp_path)
    assert _positions(report) == [("conf.env", 2, 18, "viafoundry-general-token")]


def test_latin1_column_counts_bytes_as_characters(tmp_path):
    token = mcp(202)
    text = f"clé = {token}\n"
    (tmp_path / "a.txt").write_bytes(text.encode("latin-1"))
    report = scan_folder(tmp_path)
    assert [(f.line, f.column) for f in report.findings] == [locate(text, token)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_file_found(tmp_path, encoding):
    token = alnum(203)
    text = f"# réglages\r\nA=1\r\nVIAFOUNDRY_TOKEN={token}\r\n"
    (tmp_path / "win.env").write_bytes(text.encode(encoding))
    report = scan_folder(tmp_path)
    assert _positions(report) == [("win.env", 3, 18, "viafoundry-general-token")]


def test_utf8_bom_column_ignores_bom(tmp_path):
    token = mcp(204)
    (tmp_path / "bom.json").write_bytes(codecs.BOM_UTF8 + f'{{"t": "{token}"}}\n'.encode())
    report = scan_folder(tmp_path)
    assert [(f.line, f.column) for f in report.findings] == [(1, 8)]


def test_crlf_lines_and_columns(tmp_path):
    first, second = alnum(205), mcp(206)
    text = f"a=1\r\nVIAFOUNDRY_TOKEN={first}\r\n\r\n  mcp: {second}\r\n"
    (tmp_path / "crlf.yml").write_bytes(text.encode())
    report = scan_folder(tmp_path)
    assert [(f.line, f.column) for f in report.findings] == [(2, 18), (4, 8)]


def test_missing_final_newline(tmp_path):
    token = alnum(207)
    (tmp_path / ".env").write_bytes(f"X=1\nVIAFOUNDRY_TOKEN={token}".encode())
    report = scan_folder(tmp_path)
    assert [(f.line, f.column) for f in report.findings] == [(2, 18)]


def test_binary_file_skipped_and_counted(tmp_path):
    token = alnum(208)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + token.encode() + b"\0" * 50)
    report = scan_folder(tmp_path)
    assert report.findings == []
    assert report.stats.binary_skipped == 1
    assert report.stats.documents_scanned == 0


def test_detect_encoding_binary_is_none():
    assert detect_encoding(b"abc\0def\x01\x02\0\0\0xyz") is None


def test_detect_encoding_bomless_utf16le():
    assert detect_encoding("hello world".encode("utf-16-le")) == "utf-16-le"


def test_detect_encoding_bomless_utf16be():
    assert detect_encoding("hello world".encode("utf-16-be")) == "utf-16-be"


def test_decode_bytes_utf16_to_utf8():
    assert decode_bytes("héllo".encode("utf-16")) == ("héllo".encode("utf-8"), "utf-16")


def test_long_minified_line(tmp_path):
    token = mcp(209)
    filler = "function(a){return a+1};" * 6000  # about 150 KB on one line
    text = filler + f'var k="{token}";' + filler + "\n"
    (tmp_path / "app.min.js").write_text(text)
    report = scan_folder(tmp_path)
    assert [(f.line, f.column) for f in report.findings] == [locate(text, token)]


def test_long_line_across_read_boundary(tmp_path):
    """A token on a 6 MB single line, past the first 4 MiB piece, gets its real column."""
    token = mcp(210)
    filler = "var a=1;" * (6 * 1024 * 1024 // 8)
    cut = READ_SIZE + 300_000
    text = filler[:cut] + " " + token + " " + filler[cut:]
    (tmp_path / "bundle.js").write_text(text)
    report = scan_folder(tmp_path)
    assert [(f.line, f.column) for f in report.findings] == [(1, cut + 2)]


def _ten_megabytes_with_tokens(tokens):
    """Return about 10 MB of log lines with tokens at the start, middle, first read boundary and end.

    The first piece read from a file is the sniffed head plus READ_SIZE bytes,
    so the boundary token starts 60 bytes before that offset.
    """
    line = "2024-01-01T00:00:00Z INFO request handled path=/api/projects status=200 ms=12\n"
    start_token, middle_token, boundary_token, end_token = tokens
    head = f"VIAFOUNDRY_TOKEN={start_token}\n"
    label = "header: Authorization: Bearer "
    boundary_line_start = FIRST_PIECE - 60 - len(label)
    filler = line * ((boundary_line_start - len(head)) // len(line))
    padding = "#" * (boundary_line_start - len(head) - len(filler) - 1) + "\n"
    rest = line * ((10 * 1024 * 1024 - FIRST_PIECE) // len(line))
    middle = len(rest) // 2 - (len(rest) // 2) % len(line)
    return "".join([
        head, filler, padding,
        label, boundary_token, " via https://demo.viafoundry.com\n",
        rest[:middle], f"  mcp = {middle_token}\n", rest[middle:],
        f"export VIAFOUNDRY_TOKEN={end_token}",
    ])


def test_ten_megabyte_file(tmp_path):
    tokens = (alnum(211), mcp(212), alnum(213), alnum(214))
    text = _ten_megabytes_with_tokens(tokens)
    (tmp_path / "big.log").write_text(text)
    report = scan_folder(tmp_path)
    expected = sorted(locate(text, token) for token in tokens)
    assert [(f.line, f.column) for f in report.findings] == expected
    assert [f.secret for f in report.findings] == [tokens[0], tokens[2], tokens[1], tokens[3]]


def test_ten_megabyte_boundary_token_crosses_read_size():
    tokens = (alnum(211), mcp(212), alnum(213), alnum(214))
    text = _ten_megabytes_with_tokens(tokens)
    offset = text.index(tokens[2])
    assert offset < FIRST_PIECE < offset + len(tokens[2])


def test_ten_megabyte_utf16_file(tmp_path):
    tokens = (alnum(215), mcp(216), alnum(217), alnum(218))
    text = _ten_megabytes_with_tokens(tokens)[: 5 * 1024 * 1024]
    kept = [t for t in tokens if t in text]
    (tmp_path / "big16.log").write_bytes(text.encode("utf-16"))
    report = scan_folder(tmp_path)
    assert [(f.line, f.column) for f in report.findings] == sorted(locate(text, t) for t in kept)
