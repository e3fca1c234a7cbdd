"""The harness a server conformance test talks through.

It sends requests to the open target, records each one as a redacted ``Exchange`` (the global
envelope check reads them), paces itself from ``X-RateLimit-Remaining`` / ``X-RateLimit-Reset``
so a run never meets a 429 it did not mean to provoke, and maps transport faults to
``HarnessError``s: a broken connection is the harness's problem, never the implementation's.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Final

import httpx

from .config import SuiteConfig
from .contract.catalogue import load_catalogue
from .contract.constants import (
    API_KEY_HEADER,
    IDEMPOTENCY_KEY_HEADER,
    RETRY_AFTER_HEADER,
)
from .exchange import Exchange
from .failures import (
    ConformanceFailure,
    FailureFactory,
    HarnessError,
    NotApplicable,
    TargetUnreachable,
)
from .judgement import Judgements
from .oracles import endpoint_of
from .selection import disabled_requirements
from .targets import OpenTarget
from .targets.transport import MAX_RESPONSE_BYTES, ResponseTooLarge

__all__ = ["DEFAULT_KEY", "MAX_RESPONSE_BYTES", "Harness"]


class _DefaultKey:
    def __repr__(self) -> str:
        return "DEFAULT_KEY"


DEFAULT_KEY: Final = _DefaultKey()

_fail = FailureFactory("a fresh rate-limit window refused a request")
_fail_reset = FailureFactory("rate-limit headers break the contract")
_RATE_013 = "RATE-013"


@dataclass
class Harness:
    """One test's view of the target; ``exchanges`` holds everything it sent."""

    target: OpenTarget
    exchanges: list[Exchange] = field(default_factory=list)
    unintended_429s: int = 0
    test_id: str = ""
    waited_seconds: float = 0.0
    judgements: Judgements = field(default_factory=Judgements)

    def __post_init__(self) -> None:
        self.judgements.test = self.test_id

    def judge(self, requirement: str) -> AbstractContextManager[None]:
        """``with knowlify.judge(ID):`` -- record ID's own outcome and go on (see judgement)."""
        return self.judgements(requirement)

    @property
    def config(self) -> SuiteConfig:
        return self.target.config

    def fixture(self, dotted: str) -> str:
        """A configured fixture value; a missing one makes the calling check ``skip``."""
        value = self.config.fixtures.get(dotted)
        if value in (None, ""):
            raise NotApplicable(f"fixture 'fixtures.{dotted}' is not configured for this target")
        return str(value)

    def sandbox_only(self, what: str) -> None:
        if not self.config.sandbox:
            raise NotApplicable(f"{what} needs the sandbox (config 'sandbox: true')")

    def needs_time_to_pass(self, what: str) -> None:
        """Checks that watch jobs progress run on the embedded reference (the harness moves its
        clock) and on a sandbox (real waits, bounded by ``max_wait_seconds``); on a live API,
        where a render takes minutes, they are ``skip``."""
        if self.target.movable_clock:
            return
        if not self.config.sandbox or self.config.max_wait_seconds <= 0:
            raise NotApplicable(
                f"{what} needs time to pass: the embedded reference, or a sandbox with "
                "max_wait_seconds above 0"
            )

    def wait(self, seconds: float, what: str = "the job to progress") -> None:
        """Let ``seconds`` of job time pass (scaled by ``time_scale`` on a real-time sandbox);
        past ``max_wait_seconds`` of real waiting the calling check is ``skip``."""
        if self.target.movable_clock:
            self.target.waits.wait(seconds, what, cap=seconds)
            return
        real = seconds * self.config.time_scale
        allowed = self.config.max_wait_seconds
        if self.waited_seconds + real > allowed:
            raise NotApplicable(
                f"waited {self.waited_seconds:.0f} s without seeing the change; "
                f"max_wait_seconds is {allowed:g}"
            )
        self.waited_seconds += real
        self.target.waits.wait(real, what, cap=allowed)

    def wait_for_reset(
        self, seconds: float, *, bucket: str, told_by: Exchange, header: str, extra: float = 0.0
    ) -> None:
        """Wait the ``seconds`` a server's ``header`` gave until ``bucket``'s window resets
        (plus ``extra``). More than one declared window is not seconds until a reset: that is
        a verdict on the server (RATE-004 fails on ``told_by``), never a wait."""
        self._check_reset(seconds, told_by=told_by, header=header)
        window = self.config.rate_limits.window_seconds
        self.target.waits.wait(seconds + extra, f"the {bucket} window", cap=window + extra)

    def _check_reset(self, seconds: float, *, told_by: Exchange, header: str) -> None:
        window = self.config.rate_limits.window_seconds
        if not 0 <= seconds <= window:
            raise _fail_reset(
                "RATE-004",
                f"{header} is {seconds:g}: more than one {window} s window, so not the seconds "
                "until the window resets (an epoch time? milliseconds?); the suite does not "
                "wait on it",
                told_by,
            )

    def spend(self, what: str, requests: int = 1) -> None:
        """Allow ``requests`` requests that a conformant server would accept and bill.

        Free on a sandbox; elsewhere each is taken from the ``--allow-spend`` budget and listed
        in the report. Without budget the calling check is ``skip``.
        """
        if self.config.sandbox:
            return
        ledger = self.target.spending
        if not ledger.take(self.test_id, what, requests):
            raise NotApplicable(
                f"{what}: {requests} billable request(s), and the --allow-spend budget "
                f"({ledger.used} of {ledger.allowance} used) does not cover them"
            )

    # --- requests ------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        key: str | _DefaultKey | None = DEFAULT_KEY,
        json: Any = None,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        pace: bool = True,
    ) -> Exchange:
        """Send one request and return its redacted exchange.

        ``key`` defaults to the personal API key; ``None`` sends no credentials. ``pace=False``
        skips the wait for a fresh window (for checks that mean to provoke a 429).
        """
        api_key = self.fixture("keys.personal") if isinstance(key, _DefaultKey) else key
        send_headers = dict(headers or {})
        if api_key is not None:
            send_headers.setdefault(API_KEY_HEADER, api_key)
        if idempotency_key is not None:
            send_headers[IDEMPOTENCY_KEY_HEADER] = idempotency_key
        endpoint = endpoint_of(method, path)
        bucket = endpoint.bucket.name if endpoint is not None else None
        if pace and bucket is not None and api_key is not None:
            self.target.pacer.before(api_key, bucket)
        exchange = self._send(method, path, json, content, send_headers, bucket, api_key)
        if pace and exchange.status_code == 429 and bucket is not None and api_key is not None:
            # A 429 nobody meant to provoke: the pacer now knows the reset, so wait and send
            # once more. The implementation is judged on the second answer, never on this one.
            self.unintended_429s += 1
            self.target.guard.broke(f"{method} {path}: an unintended 429")
            first = exchange
            told = first.response_header(RETRY_AFTER_HEADER) or ""
            if told.isascii() and told.isdigit():
                # Waited out by the pacer (capped at a window); a longer one is a verdict.
                self._check_reset(int(told), told_by=first, header=RETRY_AFTER_HEADER)
            self.target.pacer.before(api_key, bucket)
            exchange = self._send(method, path, json, content, send_headers, bucket, api_key)
            if exchange.status_code == 429:
                self.target.guard.broke(f"{method} {path}: 429 again after waiting")
                raise self._refused_again(method, path, first, exchange)
        return exchange

    def _refused_again(
        self, method: str, path: str, first: Exchange, second: Exchange
    ) -> ConformanceFailure | HarnessError:
        """A 429 on the request sent after waiting out an unintended 429.

        On the embedded reference (its own clock, one per process, no other client), if the
        first 429 said how long to wait, the fresh window refused the request: RATE-013 fails
        (a limiter that charges a batch per video refuses a 50-item batch in any window).
        Anywhere else another client may share the key's window, or the clocks may differ: the
        harness cannot blame the server. Nor can it where the run does not judge RATE-013.
        """
        told = first.response_header(RETRY_AFTER_HEADER) or ""
        window = self.config.rate_limits.window_seconds
        waited_it_out = told.isascii() and told.isdigit() and int(told) <= window
        judged = _RATE_013 not in disabled_requirements(self.config, load_catalogue())
        if waited_it_out and judged and self.target.movable_clock:
            why = (
                f"{method} {path} got 429 again after the suite waited the {told} s its first "
                "429's Retry-After asked for: a fresh window must admit it"
            )
            return _fail(_RATE_013, why, second)
        return HarnessError(
            f"{method} {path}: 429 again after waiting for the window to reset; another client "
            "may be using this key, or the limits differ from rate_limits in the config"
        )

    def _send(
        self,
        method: str,
        path: str,
        json: Any,
        content: bytes | str | None,
        headers: dict[str, str],
        bucket: str | None,
        api_key: str | None,
    ) -> Exchange:
        guard = self.target.guard
        guard.check()
        try:
            response = self._transmit(
                self.target.client.build_request(
                    method, path, json=json, content=content, headers=headers
                )
            )
        except HarnessError as exc:
            guard.broke(str(exc))
            raise
        if response.status_code != 429:  # a 429 is counted, or not, by who asked (request)
            guard.answered()
        exchange = Exchange.from_httpx(response, secrets=self.config.secrets())
        self.exchanges.append(exchange)
        if bucket is not None and api_key is not None:
            self.target.pacer.after(api_key, bucket, exchange)
        return exchange

    def _transmit(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``; transport faults become harness errors naming it."""
        method, path = request.method, request.url.path
        try:
            return self.target.client.send(request)
        except httpx.TimeoutException:
            raise TargetUnreachable(
                f"{method} {path}: no complete answer within {self.config.timeout_seconds:g} s"
            ) from None
        except ResponseTooLarge as exc:
            raise HarnessError(f"{method} {path}: {exc}; the suite reads no further") from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise TargetUnreachable(f"{method} {path}: transport failure ({exc})") from None

    def reserve(self, bucket: str, requests: int, *, key: str | None = None) -> None:
        """Wait, if need be, until ``requests`` more fit in one window of ``bucket``.

        For checks whose premise needs several requests close together in time (an edit is
        still in flight when the next arrives): pacing must not slip a wait between them.
        """
        credential = key if key is not None else self.fixture("keys.personal")
        self.target.pacer.before(credential, bucket, need=requests)

    def get(self, path: str, **kwargs: Any) -> Exchange:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Exchange:
        return self.request("POST", path, **kwargs)
