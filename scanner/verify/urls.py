"""Which URLs a token may be sent to: HTTPS, or plain HTTP to a loopback address."""
from __future__ import annotations

import ipaddress
import urllib.parse

from scanner.errors import ConfigError

_LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
    """Return True for localhost, 127.0.0.0/8 and ::1."""
    name = host.strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, origin: str) -> str:
    """Return ``url`` without a trailing slash, after checking that tokens may go there.

    Raises ConfigError (naming ``origin``, where the value came from) for a URL
    that is not https, or http to a host that is not a loopback address, or
    that carries a query, fragment or user name.
    """
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(origin, f"'{url}' is not an https:// URL; give the base URL of your ViaFoundry server")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ConfigError(origin, f"'{url}' uses plain http; tokens are sent only over https "
                          "(plain http is accepted for a loopback address only)")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError(origin, f"'{url}' must not contain a query, fragment or credentials")
    try:
        parts.port
    except ValueError:
        raise ConfigError(origin, f"'{url}' has an invalid port") from None
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc.lower(), parts.path.rstrip("/"), "", ""))


def netloc_of(url: str) -> str:
    """Return ``host[:port]`` of ``url`` in lower case, the form host hints take."""
    return urllib.parse.urlsplit(url).netloc.lower()
