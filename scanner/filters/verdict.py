"""Judge a candidate: reject it, or give it a confidence and the reason why."""
from __future__ import annotations

import dataclasses
import functools

import regex

from scanner.filters.context import context_window, has_match, line_bounds
from scanner.filters.randomness import is_hex, is_repetitive, is_sequential, shannon_entropy
from scanner.filters.shape import is_in_base64_block, is_in_jwt, is_standalone
from scanner.models import Confidence
from scanner.ruleset.schema import Allowlist, Rule

# The optional user-info part (user:password@) is skipped: it may be a token,
# and the host hint is printed unredacted.
_URL_HOST = regex.compile(rb"https?://(?:[^\s/@'\"]*@)?([A-Za-z0-9.-]+(?::[0-9]+)?)")


@dataclasses.dataclass(frozen=True)
class Verdict:
    """The outcome for one candidate: ``confidence`` is None when it was rejected."""

    confidence: Confidence | None
    reason: str
    host_hint: str | None = None


def judge(
    rule: Rule,
    secret: str,
    buffer: bytes,
    start: int,
    end: int,
    path: str | None,
    allowlist: Allowlist,
) -> Verdict:
    """Return the verdict for ``secret`` found at ``buffer[start:end]``.

    ``allowlist`` is the user's global allowlist; the rule's own is applied too.
    """
    if rule.allowlist.allows_path(path) or allowlist.allows_path(path):
        return Verdict(None, "path is allowlisted")
    if rule.allowlist.allows_value(secret) or allowlist.allows_value(secret):
        return Verdict(None, "value is allowlisted or contains a stopword")

    body = secret[len(rule.prefix):] if rule.prefix and secret.startswith(rule.prefix) else secret
    hex_body = is_hex(body)
    rejection = _reject_body(body, rule.hex_min_entropy if hex_body else rule.min_entropy)
    if rejection:
        return Verdict(None, rejection)

    line_start, line_end = line_bounds(buffer, start, end)
    if rule.standalone and (
        not is_standalone(buffer, start, end) or is_in_base64_block(buffer, line_start, line_end)
    ):
        return Verdict(None, "part of a longer base64 text")
    if rule.standalone and is_in_jwt(buffer, start, end):
        return Verdict(None, "a segment of a JSON Web Token")

    window = context_window(buffer, start, end, rule.context_lines)
    host_hint = _host_hint(window)
    if has_match(rule.digest_context, buffer[line_start:line_end]):
        return Verdict(Confidence.LOW, "a checksum, digest or signature keyword is on the line", host_hint)
    # Only the file name counts as context (.viaenv, viafoundry.env): a folder
    # such as the SDK's own viafoundry/ package is no sign that a digest in it is a token.
    file_name = (path or "").rsplit("/", 1)[-1]
    context_text = window + b"\n" + file_name.encode("utf-8", "replace")
    has_context = has_match(rule.context, context_text)
    if hex_body and rule.hex_requires_context and not has_context:
        return Verdict(
            Confidence.LOW,
            "all-hex string without ViaFoundry context: more likely a SHA-512 digest or signature",
            host_hint,
        )
    if has_context:
        return Verdict(Confidence.HIGH, "random string next to ViaFoundry context", host_hint)
    if rule.prefix:
        return Verdict(rule.confidence, f"{rule.prefix} prefix with a random body", host_hint)
    return Verdict(rule.confidence, "random string of the token's length, without ViaFoundry context", host_hint)


@functools.lru_cache(maxsize=8192)
def _reject_body(body: str, floor: float) -> str | None:
    """Return why the token body alone is not random enough, or None.

    The result depends only on the body, and a history repeats the same
    digests in many versions of a file, so it is cached.
    """
    entropy = shannon_entropy(body)
    if entropy < floor:
        return f"entropy {entropy:.2f} bits/char is below {floor:.2f}"
    if is_repetitive(body) or is_sequential(body):
        return "repeated or sequential characters"
    return None


def _host_hint(window: bytes) -> str | None:
    """Return the host of a URL near the token, preferring one that names ViaFoundry."""
    hosts = [m.group(1).decode("ascii", "replace").lower() for m in _URL_HOST.finditer(window)]
    for host in hosts:
        if "viafoundry" in host:
            return host
    return hosts[0] if hosts else None
