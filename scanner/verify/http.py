"""Send one HTTP request with the standard library.

http.client is used directly (no third-party HTTP library) because it never
follows redirects, which keeps a token from being forwarded to a host the
user did not configure, and because it adds nothing to the scanner's
start-up. TLS certificates and host names are always verified.
"""
from __future__ import annotations

import dataclasses
import email.utils
import http.client
import socket
import ssl
import time
import urllib.parse

from scanner.verify.urls import is_loopback


@dataclasses.dataclass(frozen=True)
class Response:
    """The parts of a response the verifier needs: the status and ``Retry-After`` in seconds."""

    status: int
    retry_after: float | None


class RequestFailed(Exception):
    """No response arrived; the message names the cause and never contains the token.

    ``timed_out`` is True when the server accepted the connection but did not
    respond in time, a failure not worth retrying within the same run.
    """

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


def send(
    method: str,
    url: str,
    headers: dict[str, str],
    body: bytes | None,
    connect_timeout: float,
    read_timeout: float,
) -> Response:
    """Send the request and return the response status; the body is read and dropped.

    Raises RequestFailed for a refused or timed-out connection, a TLS error
    or a broken response, and for a URL that is neither https nor http to a
    loopback address (a last check before any byte leaves the machine).
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, parts.port, timeout=connect_timeout, context=ssl.create_default_context())
    elif parts.scheme == "http" and is_loopback(host):
        connection = http.client.HTTPConnection(host, parts.port, timeout=connect_timeout)
    else:
        raise RequestFailed(f"will not send a token to {parts.scheme}://{parts.netloc}: only https is allowed (plain http only to a loopback address)")
    target = parts.path or "/"
    try:
        connection.connect()
        if connection.sock is not None:
            connection.sock.settimeout(read_timeout)
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return Response(response.status, parse_retry_after(response.getheader("Retry-After")))
    except ssl.SSLError as error:
        raise RequestFailed(f"TLS error with {parts.netloc}: {error.reason or type(error).__name__}") from None
    except (socket.timeout, TimeoutError):
        phase = "connect" if connection.sock is None else "answer"
        limit = connect_timeout if phase == "connect" else read_timeout
        raise RequestFailed(f"{parts.netloc} did not {phase} within {limit:g} s", timed_out=True) from None
    except (OSError, http.client.HTTPException) as error:
        # NOTE: only the class name and the OS error text are used: an
        # HTTPException's message may quote request lines, and those can hold
        # the token.
        detail = error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__
        raise RequestFailed(f"connection to {parts.netloc} failed: {detail}") from None
    finally:
        connection.close()


def parse_retry_after(value: str | None) -> float | None:
    """Return the delay that a Retry-After header requests, in seconds, or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
