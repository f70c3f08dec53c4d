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
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from scanner.errors import ConfigError
from scanner.remediation.model import LeakedToken, TokenLocation
from scanner.remediation.reread import recover_token
from scanner.verify.checker import TokenToCheck, check_on_host
from scanner.verify.client import TemplateClient
from scanner.verify.config import VerifyConfig, user_config_path
from scanner.verify.results import LIVE, REVOKED

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A token that is live now, ready to revoke (its text stays in memory only)."""

    token: LeakedToken
    secret: str = dataclasses.field(repr=False)
    host: str


@dataclasses.dataclass(frozen=True)
class Outcome:
    """Outcome for one token: ``revoked``, ``not live``, ``unknown``, ``not found`` or ``failed``.

    ``unknown`` and ``not found`` mean the token may still be live: the
    server did not return a result, or no location still contains it.
    """

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
            skipped.append(Outcome(token, "not found", "no location still contains a string with the recorded hash"))
            continue
        check = TokenToCheck(secret, token.redacted, frozenset(token.host_hints))
        answers = [check_on_host(client, config, check, host) for host in config.targets_for(set(token.host_hints))]
        live = next((a for a in answers if a.status == LIVE), None)
        if live is None or live.host is None:
            detail = "; ".join(f"{a.host}: {a.status} ({a.reason})" for a in answers) or "no host configured"
            all_revoked = bool(answers) and all(a.status == REVOKED for a in answers)
            skipped.append(Outcome(token, "not live" if all_revoked else "unknown", detail))
        else:
            candidates.append(Candidate(token, secret, live.host))
    return candidates, skipped


def require_revoke_endpoint(config: VerifyConfig, environ: Mapping[str, str] | None = None) -> None:
    """Raise ConfigError when ``[revoke]`` sets no path; it names the config file to edit.

    The file is the trusted config that was read, else the user config file.
    """
    if config.revoke is not None:
        return
    env = os.environ if environ is None else environ
    target = Path(config.source_file) if config.source_file else user_config_path(env)
    exists = "" if target.is_file() else " (the file does not exist yet: create it)"
    raise ConfigError(str(target), "no revocation endpoint is configured, so nothing was checked or sent. "
                      "ViaFoundry documents no revocation route, so set [revoke] path to your deployment's "
                      f"route (and method, headers if it needs them) in this file{exists}")


def revoke_all(candidates: Sequence[Candidate], config: VerifyConfig, client: TemplateClient,
               report: Callable[[Outcome], None]) -> list[Outcome]:
    """Send one revocation per candidate and call ``report`` with each outcome."""
    require_revoke_endpoint(config)
    assert config.revoke is not None  # for the type checker: the call above raised otherwise
    outcomes = []
    for candidate in candidates:
        body = json.dumps([payload(candidate, config)]).encode("utf-8")
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


def payload(candidate: Candidate, config: VerifyConfig) -> dict[str, str]:
    """Return one partner-program-shaped item: token, type, url and source.

    ``source`` uses the partner program's values: ``commit`` for a commit
    message, ``content`` for a line of a file (in the working tree or in a
    commit).
    """
    location = candidate.token.locations[0]
    return {
        "token": candidate.secret,
        "type": candidate.token.rule_id,
        "url": location_url(location, config.location_url, config.commit_url),
        "source": "commit" if _is_commit_message(location) else "content",
    }


def location_url(location: TokenLocation, file_template: str, commit_template: str) -> str:
    """Fill the URL template for ``location``: ``commit_template`` for a commit message, else ``file_template``.

    A template that names a part the location lacks (``{commit}`` for a
    working-tree file, ``{path}`` for a commit message) is not used, so no
    URL has an empty segment. The plain ``{path}:{line}`` (a file) or
    ``{commit}`` (a commit message) is used instead.
    """
    if _is_commit_message(location):
        values = {"commit": location.commit, "line": str(location.line)}
        template, fallback = commit_template, "{commit}"
    else:
        values = {"path": location.path, "line": str(location.line), "commit": location.commit}
        template, fallback = file_template, "{path}:{line}"
    missing = [name for name in _PLACEHOLDER.findall(template) if values.get(name) is None]
    if missing:
        log.debug("the URL template needs %s, which %s lacks; using %s", ", ".join(missing),
                  location.describe(), fallback)
        template = fallback
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)] or "", template)


_PLACEHOLDER = re.compile(r"\{(path|line|commit)\}")


def _is_commit_message(location: TokenLocation) -> bool:
    return location.path is None and location.commit is not None
