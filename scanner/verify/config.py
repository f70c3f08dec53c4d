"""The hosts that the live check and the revocation may send tokens to, and how.

Hosts come from, highest first: ``--viafoundry-url``, the VIAFOUNDRY_URL
environment variable, then ``[verify] url`` in a trusted config file. A
trusted file is one given with ``--config`` or VIAFOUNDRY_SCAN_CONFIG, or the
user config file (``$XDG_CONFIG_HOME/viafoundry-scan/config.toml``, by
default under ``~/.config``). A config discovered inside the scanned folder
comes from the authors of the scanned content, so its ``[verify]`` and
``[revoke]`` sections are ignored with a warning.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from scanner.config.settings import Settings
from scanner.errors import ConfigError
from scanner.verify.template import RequestTemplate, parse_check, parse_revoke
from scanner.verify.urls import check_base_url, netloc_of

log = logging.getLogger(__name__)

URL_ENV_VAR = "VIAFOUNDRY_URL"
USER_CONFIG_RELATIVE = Path("viafoundry-scan") / "config.toml"


@dataclasses.dataclass(frozen=True)
class VerifyConfig:
    """Validated settings of the live check and the revocation call.

    ``hosts`` are base URLs every token is checked against; ``allowed_hosts``
    maps ``host[:port]`` to a base URL that may be contacted when the scanned
    content names that host next to a token. ``source_file`` is the trusted
    config file whose sections were read, or None when none was.
    """

    hosts: tuple[str, ...]
    allowed_hosts: dict[str, str]
    check: RequestTemplate
    revoke: RequestTemplate | None
    concurrency: int = 4
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 30.0
    cache_path: Path | None = None
    cache_ttl: float = 3600.0
    location_url: str = "{path}:{line}"
    commit_url: str = "{commit}"
    source_file: str | None = None
    warnings: tuple[str, ...] = ()

    def targets_for(self, host_hints: set[str]) -> list[str]:
        """Return the base URLs to try for a token named near ``host_hints``."""
        targets = list(self.hosts)
        for hint in sorted(host_hints):
            allowed = self.allowed_hosts.get(hint)
            if allowed and allowed not in targets:
                targets.append(allowed)
        return targets


def user_config_path(environ: Mapping[str, str]) -> Path:
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / USER_CONFIG_RELATIVE


def resolve(settings: Settings | None, url_option: str | None, environ: Mapping[str, str] | None = None) -> VerifyConfig:
    """Build the VerifyConfig by the module's precedence.

    Raises ConfigError for an invalid value, naming where it came from.
    """
    env = os.environ if environ is None else environ
    document, origin, warnings = _trusted_sections(settings, env)
    verify = _table(document, "verify", origin)
    if url_option:
        urls, url_origin = [url_option], "--viafoundry-url"
    elif env.get(URL_ENV_VAR):
        urls, url_origin = [env[URL_ENV_VAR]], URL_ENV_VAR
    else:
        urls, url_origin = _urls(verify, origin), f"{origin} [verify] url"
    if url_option:
        try:
            check_base_url(url_option, url_origin)
        except ConfigError as error:
            # A bad command-line value is a usage error (exit 2), not a bad config file.
            raise click.BadParameter(error.problem, param_hint="'--viafoundry-url'") from None
    allowed = {}
    for entry in _strings(verify, "allowed_hosts", origin):
        base = check_base_url(entry, f"{origin} [verify] allowed_hosts")
        allowed[netloc_of(base)] = base
    return VerifyConfig(
        hosts=tuple(check_base_url(url, url_origin) for url in urls),
        allowed_hosts=allowed,
        check=parse_check(_table(verify, "check", origin), origin),
        revoke=parse_revoke(_table(document, "revoke", origin), origin),
        concurrency=int(_number(verify, "concurrency", 4, origin, minimum=1)),
        connect_timeout=_number(verify, "connect_timeout", 5.0, origin),
        read_timeout=_number(verify, "read_timeout", 10.0, origin),
        retries=int(_number(verify, "retries", 3, origin, minimum=0)),
        backoff=_number(verify, "backoff", 0.5, origin, minimum=0),
        max_retry_after=_number(verify, "max_retry_after", 30.0, origin, minimum=0),
        cache_path=_cache_path(verify, env, origin),
        cache_ttl=_number(verify, "cache_ttl", 3600.0, origin, minimum=0),
        location_url=_url_template(_table(document, "revoke", origin), "location_url", "{path}:{line}", origin),
        commit_url=_url_template(_table(document, "revoke", origin), "commit_url", "{commit}", origin),
        source_file=None if origin == "built-in defaults" else origin,
        warnings=tuple(warnings),
    )


def _trusted_sections(settings: Settings | None, env: Mapping[str, str]) -> tuple[dict[str, Any], str, list[str]]:
    """Return the first trusted config that has a verify or revoke section."""
    warnings: list[str] = []
    if settings is not None and settings.source is not None:
        sections: dict[str, Any] = {k: settings.raw[k] for k in ("verify", "revoke") if k in settings.raw}
        if not settings.source.is_in_scanned_content:
            if sections:
                return sections, settings.source.path, warnings
        elif sections:
            warnings.append(f"{settings.source.path}: [verify] and [revoke] are ignored in a config file inside "
                            f"the scanned folder; put them in {user_config_path(env)} or pass --config")
    user_file = user_config_path(env)
    if user_file.is_file():
        try:
            return tomllib.loads(user_file.read_text(encoding="utf-8")), str(user_file), warnings
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(str(user_file), f"cannot read it as TOML: {error}") from None
    return {}, "built-in defaults", warnings


def _table(document: Mapping[str, Any], key: str, origin: str) -> dict[str, Any]:
    value = document.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(origin, f"'{key}' must be a table")
    return value


def _strings(table: Mapping[str, Any], key: str, origin: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(origin, f"[verify] {key} must be a list of URLs")
    return value


def _urls(verify: Mapping[str, Any], origin: str) -> list[str]:
    value = verify.get("url", [])
    return [value] if isinstance(value, str) else _strings(verify, "url", origin)


def _number(table: Mapping[str, Any], key: str, default: float, origin: str, minimum: float = 0.001) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise ConfigError(origin, f"[verify] {key} must be a number of at least {minimum}, not {value!r}")
    return float(value)


def _url_template(revoke: Mapping[str, Any], key: str, default: str, origin: str) -> str:
    """Return the ``[revoke]`` URL template ``key``; it may name only {path}, {line} and {commit}."""
    value = revoke.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(origin, f"[revoke] {key} must be a string, not {value!r}")
    unknown = set(re.findall(r"\{([^{}]*)\}", value)) - {"path", "line", "commit"}
    if unknown:
        raise ConfigError(origin, f"[revoke] {key} may use {{path}}, {{line}} and {{commit}}, "
                          f"not {', '.join('{' + name + '}' for name in sorted(unknown))}")
    return value


def _cache_path(verify: Mapping[str, Any], env: Mapping[str, str], origin: str) -> Path | None:
    value = verify.get("cache", False)
    if value is False:
        return None
    if value is True:
        base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "viafoundry-scan" / "verify-cache.json"
    if isinstance(value, str) and value:
        return Path(value).expanduser()
    raise ConfigError(origin, f"[verify] cache must be true, false or a file path, not {value!r}")
