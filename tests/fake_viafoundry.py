"""A stand-in ViaFoundry server on 127.0.0.1, run in a thread for the verify tests.

It stores a set of live tokens and returns 200 on the check route for them
and 401 for any other bearer token. Tests can queue scripted responses (500,
429 with Retry-After, ...), slow every response down, or make it hang.
"""
from __future__ import annotations

import dataclasses
import http.server
import json
import threading
import time
from typing import Any

CHECK_PATH = "/api/v1/auth/personal-access-token"
REVOKE_PATH = "/api/v1/test/revoke-tokens"


@dataclasses.dataclass
class Scripted:
    """One queued response: a status, extra headers, and an optional delay in seconds."""

    status: int
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    delay: float = 0.0


@dataclasses.dataclass
class Received:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


class FakeViaFoundry:
    """The server's state and its thread; use as a context manager or call start/stop."""

    def __init__(self, live_tokens: set[str] | None = None) -> None:
        self.live_tokens = set(live_tokens or ())
        self.revoked_tokens: set[str] = set()
        self.script: list[Scripted] = []
        self.delay = 0.0
        self.hang = False
        self.redirect_to: str | None = None
        self.requests: list[Received] = []
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.in_flight = 0
        self.max_in_flight = 0
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def netloc(self) -> str:
        return self.url.removeprefix("http://")

    def start(self) -> FakeViaFoundry:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> FakeViaFoundry:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requests_to(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        """Return the status, headers and body for one request (the server's logic)."""
        with self.lock:
            self.requests.append(Received(method, path, headers, body, time.monotonic()))
            scripted = self.script.pop(0) if self.script else None
        if self.hang:
            self.release.wait(30)
        if scripted is not None:
            time.sleep(scripted.delay)
            return scripted.status, scripted.headers, b"{}"
        time.sleep(self.delay)
        if self.redirect_to:
            return 302, {"Location": self.redirect_to + path}, b""
        if path == CHECK_PATH and method == "GET":
            token = headers.get("authorization", "").removeprefix("Bearer ")
            with self.lock:
                live = token in self.live_tokens
            return (200, {}, b'{"tokens": []}') if live else (401, {}, b'{"error": "invalid token"}')
        if path == REVOKE_PATH and method == "POST":
            return self._revoke(body)
        return 404, {}, b'{"error": "not found"}'

    def _revoke(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        try:
            items = json.loads(body)
            tokens = [item["token"] for item in items]
        except (ValueError, TypeError, KeyError):
            return 400, {}, b'{"error": "expected a JSON array of {token, type, url, source}"}'
        with self.lock:
            known = [t for t in tokens if t in self.live_tokens]
            self.live_tokens.difference_update(known)
            self.revoked_tokens.update(known)
        return (200, {}, b'{"revoked": true}') if known else (404, {}, b'{"error": "unknown token"}')


def _handler_for(server: FakeViaFoundry) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            with server.lock:
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                status, extra, payload = server.answer(self.command, self.path, headers, body)
            finally:
                with server.lock:
                    server.in_flight -= 1
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            try:
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (timeout tests)

        do_GET = do_POST = do_DELETE = do_PUT = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


# Fixtures shared by the verify, report, revoke and purge-plan tests; test
# modules import them by name.
import pytest  # noqa: E402


@pytest.fixture
def viafoundry() -> Any:
    """Return a running stand-in server with no live token; stopped after the test."""
    with FakeViaFoundry() as server:
        yield server


@pytest.fixture
def user_config(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Return ``write(text)``, which writes the user config file; the environment points at it.

    It also clears VIAFOUNDRY_URL and points the cache folder into tmp_path.
    """
    home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("VIAFOUNDRY_URL", raising=False)

    def write(text: str) -> Any:
        path = home / "viafoundry-scan" / "config.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    write(FAST_SETTINGS)
    return write


#: Short waits so that fault tests run quickly.
FAST_SETTINGS = """
[verify]
connect_timeout = 2
read_timeout = 1
retries = 2
backoff = 0.01
max_retry_after = 3
"""

REVOKE_SETTINGS = f"""
[revoke]
path = "{REVOKE_PATH}"
"""
