"""Request templates: how to ask a deployment whether a token is live, or to revoke it.

No public ViaFoundry document names a token-validity or a revocation
endpoint, so both calls are data in the user's config. A template holds the
method, the path, the headers and which HTTP statuses mean what. Header
values may contain ``{token}`` (the token) and ``{env:NAME}`` (an
environment variable, e.g. an admin credential for the revocation call).
"""
from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from typing import Any

from scanner.errors import ConfigError

_ENV_PLACEHOLDER = re.compile(r"\{env:([A-Za-z_][A-Za-z0-9_]*)\}")
_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")


@dataclasses.dataclass(frozen=True)
class RequestTemplate:
    """One configurable HTTP call.

    ``success`` lists the statuses that mean live (check) or revoked (revoke);
    ``failure`` lists those that mean revoked (check) or already revoked
    (revoke). Any other status is ``unknown``.
    """

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    success: frozenset[int]
    failure: frozenset[int]

    def render_headers(self, token: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        """Return the headers with ``{token}`` and ``{env:NAME}`` filled in.

        Raises ConfigError naming a missing environment variable.
        """
        env = os.environ if environ is None else environ
        rendered = {}
        for name, value in self.headers:
            for variable in _ENV_PLACEHOLDER.findall(value):
                if variable not in env:
                    raise ConfigError("request template", f"header '{name}' needs the environment "
                                      f"variable {variable}; set it or change the header")
            value = _ENV_PLACEHOLDER.sub(lambda match: env[match.group(1)], value)
            rendered[name] = value.replace("{token}", token)
        return rendered


#: The default live check: an authenticated read that a valid token may make.
#: NOTE: this route is an assumption (ViaFoundry documents `POST` on it to
#: create a token, not a read); deployments override it under [verify.check].
DEFAULT_CHECK: dict[str, Any] = {
    "method": "GET",
    "path": "/api/v1/auth/personal-access-token",
    "headers": {"Authorization": "Bearer {token}", "Accept": "application/json"},
    "live": [200],
    "revoked": [401, 403],
}


def parse_check(table: Mapping[str, Any] | None, origin: str) -> RequestTemplate:
    """Build the live-check template from ``[verify.check]`` over the default."""
    merged = {**DEFAULT_CHECK, **(table or {})}
    return _build(merged, "live", "revoked", origin, "[verify.check]")


def parse_revoke(table: Mapping[str, Any] | None, origin: str) -> RequestTemplate | None:
    """Build the revocation template from ``[revoke]``; None when it has no ``path``."""
    if not table or "path" not in table:
        return None
    merged = {"method": "POST", "headers": {"Content-Type": "application/json"},
              "revoked": [200, 201, 202, 204], "already_revoked": [404, 410], **table}
    return _build(merged, "revoked", "already_revoked", origin, "[revoke]")


def _build(table: Mapping[str, Any], success_key: str, failure_key: str, origin: str, section: str) -> RequestTemplate:
    method = str(table.get("method", "")).upper()
    if method not in _METHODS:
        raise ConfigError(origin, f"{section} method must be one of {', '.join(_METHODS)}, not {table.get('method')!r}")
    path = table.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        raise ConfigError(origin, f"{section} path must be a string that starts with '/', not {path!r}")
    headers = table.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise ConfigError(origin, f"{section} headers must be a table of strings")
    return RequestTemplate(
        method=method,
        path=path,
        headers=tuple((str(k), v) for k, v in headers.items()),
        success=_statuses(table, success_key, origin, section),
        failure=_statuses(table, failure_key, origin, section),
    )


def _statuses(table: Mapping[str, Any], key: str, origin: str, section: str) -> frozenset[int]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, int) and 100 <= v <= 599 for v in value):
        raise ConfigError(origin, f"{section} {key} must be a list of HTTP status codes, not {value!r}")
    return frozenset(value)
