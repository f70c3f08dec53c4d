"""Read a token again from a location a scan report names, and check it against the recorded hash.

A report stores only hashes, so ``revoke`` and ``purge-plan`` recover the
token text from the files on disk, from ``git show COMMIT:PATH`` for history
findings, or from the commit message. A token is accepted only when its
SHA-256 equals the recorded one, so an edited file can never make the
commands send some other string.
"""
from __future__ import annotations

import logging
from pathlib import Path

from scanner.errors import ScanFailure
from scanner.fingerprints import sha256_hex
from scanner.remediation.model import LeakedToken, TokenLocation
from scanner.sources.decoding import decode_bytes

log = logging.getLogger(__name__)


def recover_token(token: LeakedToken, root: Path) -> str | None:
    """Return the token text from the first location that still contains it, or None."""
    length = _token_length(token)
    for location in token.locations:
        try:
            text = _read_location(location, root)
        except (OSError, ScanFailure) as error:
            log.info("cannot read %s: %s", location.describe(), error)
            continue
        if text is None:
            continue
        found = find_in_line(text, location.line, location.column, length, token.secret_sha256)
        if found is not None:
            return found
        log.info("the token of %s is no longer at %s", token.redacted, location.describe())
    return None


def find_in_line(text: str, line: int, column: int | None, length: int, secret_sha256: str) -> str | None:
    """Return the substring of line ``line`` whose hash is ``secret_sha256``, or None.

    Tries the recorded column first, then every window of the token's length
    on that line (other locations carry no column, and lines move).
    """
    lines = text.split("\n")  # the scanner counts lines by "\n" alone
    if not 1 <= line <= len(lines):
        return None
    row = lines[line - 1].removesuffix("\r")
    if column is not None:
        candidate = row[column - 1: column - 1 + length]
        if sha256_hex(candidate) == secret_sha256:
            return candidate
    for start in range(0, len(row) - length + 1):
        candidate = row[start:start + length]
        if sha256_hex(candidate) == secret_sha256:
            return candidate
    # NOTE: a token stored encoded (base64, percent escapes) is not recovered here.
    return None


def _token_length(token: LeakedToken) -> int:
    # The redacted form keeps the prefix, so the prefix shows the length.
    return 128 + (len("via_mcp_") if token.redacted.startswith("via_mcp_") else 0)


def _read_location(location: TokenLocation, root: Path) -> str | None:
    from scanner.git.command import run_git

    if location.commit and location.path is None:
        result = run_git(["log", "-1", "--format=%B", location.commit, "--"], root)
        return result.stdout.decode("utf-8", "replace")
    if location.path is None or location.path.startswith("<"):
        return None  # standard input cannot be read again
    if location.commit:
        data = run_git(["show", f"{location.commit}:{location.path}"], root).stdout
    else:
        data = (root / location.path).read_bytes()
    decoded = decode_bytes(data)
    if decoded is None:
        return None
    return decoded[0].decode("utf-8", "replace")
