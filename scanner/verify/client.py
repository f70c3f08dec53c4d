"""Call a request template against one host, with retries and backoff."""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable

from scanner.verify.config import VerifyConfig
from scanner.verify.http import RequestFailed, Response, send
from scanner.verify.template import RequestTemplate

log = logging.getLogger(__name__)

#: Statuses after which the same request may succeed a little later.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Outcome:
    """The final response status of a call, or the reason none arrived."""

    def __init__(self, status: int | None, reason: str) -> None:
        self.status = status
        self.reason = reason


class TemplateClient:
    """Sends templated requests; ``sleep`` is a parameter so tests can run the clock."""

    def __init__(self, config: VerifyConfig, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.sleep = sleep

    def call(self, template: RequestTemplate, base_url: str, token: str, label: str,
             body: bytes | None = None) -> Outcome:
        """Send ``template`` for ``token`` to ``base_url`` and return the final outcome.

        Retries connection failures and the statuses in RETRY_STATUSES, waiting
        for the server's Retry-After (429 and 503) or an exponential backoff.
        ``label`` names the token in log lines (its redacted form).
        """
        url = base_url + template.path
        headers = template.render_headers(token)
        attempts = self.config.retries + 1
        outcome = Outcome(None, "not sent")
        for attempt in range(attempts):
            try:
                response = send(template.method, url, headers, body,
                                self.config.connect_timeout, self.config.read_timeout)
            except RequestFailed as error:
                log.info("%s %s for %s: %s", template.method, url, label, error)
                outcome = Outcome(None, str(error))
                if error.timed_out:
                    return outcome
                delay: float | None = self._backoff(attempt)
            else:
                log.debug("%s %s for %s: HTTP %d", template.method, url, label, response.status)
                if response.status not in RETRY_STATUSES:
                    return Outcome(response.status, f"HTTP {response.status}")
                outcome = Outcome(response.status, _retry_reason(response, attempt + 1))
                delay = self._delay_for(response, attempt)
            if delay is None or attempt + 1 == attempts:
                return outcome
            log.info("retrying %s for %s in %.2f s (attempt %d of %d)", url, label, delay, attempt + 2, attempts)
            self.sleep(delay)
        return outcome

    def _delay_for(self, response: Response, attempt: int) -> float | None:
        """Return the wait before the next attempt, or None to give up now."""
        if response.status in (429, 503) and response.retry_after is not None:
            if response.retry_after > self.config.max_retry_after:
                log.info("Retry-After of %.0f s exceeds max_retry_after; giving up", response.retry_after)
                return None
            return response.retry_after
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        # Jitter spreads the retries of concurrent workers apart.
        return float(self.config.backoff * (2 ** attempt) * (1 + random.random() / 2))


def _retry_reason(response: Response, attempts: int) -> str:
    if response.status == 429:
        wait = f", Retry-After {response.retry_after:g} s" if response.retry_after is not None else ""
        return f"rate limited (HTTP 429{wait}) after {attempts} attempt(s)"
    return f"server error (HTTP {response.status}) after {attempts} attempt(s)"
