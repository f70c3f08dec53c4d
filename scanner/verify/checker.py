"""Check distinct tokens against the configured hosts, concurrently."""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from scanner.verify.cache import ResultCache
from scanner.verify.client import TemplateClient
from scanner.verify.config import VerifyConfig
from scanner.verify.results import LIVE, NOT_CHECKED, REVOKED, UNKNOWN, Verification

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class TokenToCheck:
    """One distinct token: its text (memory only), redacted label and the host hints near it."""

    secret: str = dataclasses.field(repr=False)
    label: str
    host_hints: frozenset[str] = frozenset()


def check_tokens(
    tokens: Mapping[str, TokenToCheck], config: VerifyConfig, client: TemplateClient | None = None
) -> dict[str, Verification]:
    """Return a Verification per token hash; each token is sent at most once per host.

    Runs at most ``config.concurrency`` requests at a time.
    """
    client = client or TemplateClient(config)
    cache = ResultCache(config.cache_path, config.cache_ttl) if config.cache_path else None
    results: dict[str, Verification] = {}
    with ThreadPoolExecutor(max_workers=config.concurrency, thread_name_prefix="verify") as pool:
        futures = {sha: pool.submit(_check_one, sha, token, config, client, cache) for sha, token in tokens.items()}
        for sha, future in futures.items():
            results[sha] = future.result()
    if cache is not None:
        for sha, result in results.items():
            cache.put(sha, result)
        cache.save()
    return results


def _check_one(sha: str, token: TokenToCheck, config: VerifyConfig, client: TemplateClient,
               cache: ResultCache | None) -> Verification:
    """Try each target host until one reports the token live; otherwise keep the most specific result."""
    targets = config.targets_for(set(token.host_hints))
    if not targets:
        return Verification(NOT_CHECKED, "no ViaFoundry URL is configured for this token")
    answers = []
    for host in targets:
        cached = cache.get(host, sha) if cache is not None else None
        answer = cached or check_on_host(client, config, token, host)
        if answer.status == LIVE:
            return answer
        answers.append(answer)
    revoked = [a for a in answers if a.status == REVOKED]
    unknown = [a for a in answers if a.status == UNKNOWN]
    # One unknown host could still accept the token, so unknown wins over revoked.
    return unknown[0] if unknown else revoked[0]


def check_on_host(client: TemplateClient, config: VerifyConfig, token: TokenToCheck, host: str) -> Verification:
    """Return the result of checking ``token`` on ``host`` with the check template."""
    outcome = client.call(config.check, host, token.secret, token.label)
    if outcome.status in config.check.success:
        status = LIVE
    elif outcome.status in config.check.failure:
        status = REVOKED
    else:
        status = UNKNOWN
    reason = outcome.reason
    if outcome.status == 404:
        reason = "HTTP 404: the check route is not on this server; set [verify.check] path for your deployment"
    log.info("%s on %s: %s (%s)", token.label, host, status, reason)
    return Verification(status, reason, host, outcome.status)
