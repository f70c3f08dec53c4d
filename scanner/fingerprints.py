"""Hashes and redaction: the only forms in which a token leaves memory."""
from __future__ import annotations

import hashlib

#: Characters shown at each end of a redacted token.
REDACT_VISIBLE = 4


def sha256_hex(secret: str) -> str:
    """Return the SHA-256 of the token's UTF-8 bytes, as lowercase hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def fingerprint(rule_id: str, path: str | None, secret_sha256: str) -> str:
    """Return the identity of a finding: rule, path and token hash.

    It stays the same when the token moves to another line, and changes when
    another token appears in its place. It is computed from the token's hash,
    so it cannot be turned back into the token.
    """
    # surrogateescape: a file name that is not valid UTF-8 reaches here with
    # the undecodable bytes as surrogates, and must not abort the scan.
    material = f"{rule_id}\0{path or ''}\0{secret_sha256}".encode("utf-8", "surrogateescape")
    return hashlib.sha256(material).hexdigest()[:32]


def redact(secret: str, prefix: str = "") -> str:
    """Return the token with its body hidden: the prefix and 4 characters at each end.

    A body too short to hide anything after showing both ends is hidden whole.
    """
    body = secret[len(prefix):] if prefix and secret.startswith(prefix) else secret
    shown_prefix = secret[: len(secret) - len(body)]
    if len(body) <= REDACT_VISIBLE * 4:
        return f"{shown_prefix}{'*' * 8}"
    return f"{shown_prefix}{body[:REDACT_VISIBLE]}...{body[-REDACT_VISIBLE:]}"


def printable_path(path: str | None) -> str | None:
    """Return ``path`` with bytes that are not valid UTF-8 shown as ``\\xNN`` escapes.

    File names come from the file system or git as bytes; undecodable bytes
    arrive as surrogates, which no report encoding can write.
    """
    if path is None or path.isascii():
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
