"""Fixed-window rate limiting per caller identity and bucket (contract.md §3).

A window opens with the identity's first request in that bucket and lasts ``window_seconds``
(Redis ``INCR`` + ``EXPIRE``). Every authenticated request counts, whatever its outcome.
``X-RateLimit-Reset`` and ``Retry-After`` are whole seconds until the window closes, never 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..contract.constants import (
    RATE_LIMIT_DETAIL_TEMPLATE,
    RATE_LIMIT_LIMIT_HEADER,
    RATE_LIMIT_REMAINING_HEADER,
    RATE_LIMIT_RESET_HEADER,
    RETRY_AFTER_HEADER,
    RateBucket,
)
from .clock import Clock
from .errors import APIError

__all__ = ["FixedWindowLimiter", "RateDecision"]


@dataclass(frozen=True, slots=True)
class RateDecision:
    """The limiter's answer to one request."""

    bucket: RateBucket
    allowed: bool
    remaining: int
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        return {
            RATE_LIMIT_LIMIT_HEADER: str(self.bucket.limit),
            RATE_LIMIT_REMAINING_HEADER: str(self.remaining),
            RATE_LIMIT_RESET_HEADER: str(self.reset_seconds),
        }

    def refusal(self) -> APIError:
        """The documented 429: ``Retry-After`` equals the reset and the number in ``detail``."""
        detail = RATE_LIMIT_DETAIL_TEMPLATE.format(
            limit=self.bucket.limit,
            window=self.bucket.window_seconds,
            seconds=self.reset_seconds,
        )
        headers = {**self.headers(), RETRY_AFTER_HEADER: str(self.reset_seconds)}
        return APIError(429, detail, headers=headers)


@dataclass(slots=True)
class _Window:
    opened_at: float
    count: int


class FixedWindowLimiter:
    """Counts requests per (identity, bucket) in fixed windows read from an injected clock."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._windows: dict[tuple[str, str], _Window] = {}

    def hit(self, identity: str, bucket: RateBucket) -> RateDecision:
        now = self._clock.now()
        key = (identity, bucket.name)
        window = self._windows.get(key)
        if window is None or now >= window.opened_at + bucket.window_seconds:
            window = self._windows[key] = _Window(opened_at=now, count=0)
        window.count += 1
        closes_in = window.opened_at + bucket.window_seconds - now
        return RateDecision(
            bucket=bucket,
            allowed=window.count <= bucket.limit,
            remaining=max(0, bucket.limit - window.count),
            reset_seconds=max(1, math.ceil(closes_in)),
        )
