"""Fake ViaFoundry tokens for tests, generated at run time from a seed.

No token-shaped string is stored in the repository: every test builds its
tokens here, with ``random.Random(seed)``, so a failure reproduces exactly.
"""
from __future__ import annotations

import hashlib
import random
import string

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
MCP_PREFIX = "via_mcp_"
TOKEN_LENGTH = 128


def alnum(seed: int, length: int = TOKEN_LENGTH) -> str:
    """Return ``length`` random characters of [A-Za-z0-9]."""
    rng = random.Random(seed)
    return "".join(rng.choice(ALNUM) for _ in range(length))


def hex_token(seed: int, length: int = TOKEN_LENGTH) -> str:
    """Return ``length`` random lowercase hex digits."""
    rng = random.Random(seed)
    return "".join(rng.choice(HEX) for _ in range(length))


def mcp(seed: int, body: str | None = None) -> str:
    """Return an MCP token: the prefix and a random alnum body (or ``body``)."""
    return MCP_PREFIX + (alnum(seed) if body is None else body)


def sha512_hex(text: str) -> str:
    """Return the SHA-512 digest of ``text`` in lowercase hex (128 characters)."""
    return hashlib.sha512(text.encode("utf-8")).hexdigest()


def random_bytes(seed: int, size: int) -> bytes:
    """Return ``size`` seeded random bytes (for base64 blobs and signatures)."""
    return random.Random(seed).randbytes(size)


def jwt_with_token_sized_payload(seed: int) -> str:
    """Return an unsigned-looking JWT whose payload segment is exactly 128 letters and digits.

    The subject is lengthened until the base64url payload has that shape, so
    the payload alone looks like a General Purpose token.
    """
    import base64
    import json

    def b64url(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

    header = b64url(b'{"alg":"HS256","typ":"JWT"}')
    for attempt in range(seed, seed + 10_000):
        for size in range(60, 80):
            claims = {"sub": alnum(attempt, size), "iat": 1700000000}
            payload = b64url(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
            if len(payload) == TOKEN_LENGTH and payload.isalnum():
                return f"{header}.{payload}.{b64url(random_bytes(attempt, 32))}"
    raise RuntimeError("no JWT payload of 128 letters and digits found")
