"""Submit live tokens to the deployment's revocation endpoint.

The request body has the shape that token issuers receive from GitHub's
secret scanning partner program: a JSON array of objects with ``token``,
``type``, ``url`` and ``source``. Each token is checked again first, so a
second run finds nothing live and sends no revocation: the command is
idempotent.
"""
from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from scanner.errors import ConfigError
from scanner.remediation.model import LeakedToken, TokenLocation
from scanner.remediation.reread import recover_token
from scanner.verify.checker import TokenToCheck, check_on_host
from scanner.verify.client import TemplateClient
from scanner.verify.config import VerifyConfig
from scanner.verify.results import LIVE

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A token that is live now, ready to revoke (its text stays in memory only)."""

    token: LeakedToken
    secret: str = dataclasses.field(repr=False)
    host: str


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What happened to one token: ``revoked``, ``not live``, ``not found`` or ``failed``."""

    token: LeakedToken
    result: str
    detail: str


def find_live(tokens: Sequence[LeakedToken], config: VerifyConfig, root: Path,
              client: TemplateClient) -> tuple[list[Candidate], list[Outcome]]:
    """Return the tokens that are live now, and an Outcome for each of the others."""
    candidates, skipped = [], []
    for token in tokens:
        secret = recover_token(token, root)
        if secret is None:
            skipped.append(Outcome(token, "not found", "no location still holds a string with the recorded hash"))
            continue
        check = TokenToCheck(secret, token.redacted, frozenset(token.host_hints))
        answers = [check_on_host(client, config, check, host) for host in config.targets_for(set(token.host_hints))]
        live = next((a for a in answers if a.status == LIVE), None)
        if live is None or live.host is None:
            detail = "; ".join(f"{a.host}: {a.status} ({a.reason})" for a in answers) or "no host configured"
            skipped.append(Outcome(token, "not live", detail))
        else:
            candidates.append(Candidate(token, secret, live.host))
    return candidates, skipped


def revoke_all(candidates: Sequence[Candidate], config: VerifyConfig, client: TemplateClient,
               report: Callable[[Outcome], None]) -> list[Outcome]:
    """Send one revocation per candidate and call ``report`` with each outcome."""
    if config.revoke is None:
        raise ConfigError("revoke settings", "no revocation endpoint is configured; ViaFoundry documents none, "
                          "so set [revoke] path (and method, headers) in your user config")
    outcomes = []
    for candidate in candidates:
        body = json.dumps([payload(candidate, config.location_url)]).encode("utf-8")
        answer = client.call(config.revoke, candidate.host, candidate.secret, candidate.token.redacted, body)
        if answer.status in config.revoke.success:
            outcome = Outcome(candidate.token, "revoked", f"on {candidate.host} ({answer.reason})")
        elif answer.status in config.revoke.failure:
            outcome = Outcome(candidate.token, "not live", f"{candidate.host} says already revoked ({answer.reason})")
        else:
            outcome = Outcome(candidate.token, "failed", f"{candidate.host}: {answer.reason}")
        log.info("revocation of %s: %s", candidate.token.redacted, outcome.result)
        report(outcome)
        outcomes.append(outcome)
    return outcomes


def payload(candidate: Candidate, location_url: str) -> dict[str, str]:
    """Return one partner-program-shaped item: token, type, url and source."""
    location = candidate.token.locations[0]
    return {
        "token": candidate.secret,
        "type": candidate.token.rule_id,
        "url": _location_url(location, location_url),
        "source": "commit" if location.commit else "content",
    }


def _location_url(location: TokenLocation, template: str) -> str:
    return (template.replace("{path}", location.path or "")
            .replace("{line}", str(location.line))
            .replace("{commit}", location.commit or ""))
