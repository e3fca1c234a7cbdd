"""Pacing: wait for a fresh rate-limit window instead of running into a 429.

The pacer remembers, per (credential, bucket), what the target last said through
``X-RateLimit-Remaining`` / ``X-RateLimit-Reset`` (or ``Retry-After`` on a 429). When the
budget is spent it waits until the window has reset. One pacer serves a whole run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .contract.constants import (
    RATE_LIMIT_REMAINING_HEADER,
    RATE_LIMIT_RESET_HEADER,
    RETRY_AFTER_HEADER,
)
from .exchange import Exchange

__all__ = ["Pacer"]


@dataclass
class _Budget:
    remaining: int
    resets_at: float


@dataclass
class Pacer:
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    waited_seconds: float = 0.0
    _budgets: dict[tuple[str, str], _Budget] = field(default_factory=dict)

    def before(self, credential: str, bucket: str, *, need: int = 1) -> None:
        """Block until the bucket has budget for ``need`` more requests in one window."""
        budget = self._budgets.get((credential, bucket))
        if budget is None or budget.remaining >= need:
            return
        wait = budget.resets_at - self.monotonic()
        if wait > 0:
            self.sleep(wait)
            self.waited_seconds += wait
        del self._budgets[(credential, bucket)]

    def after(self, credential: str, bucket: str, exchange: Exchange) -> None:
        """Learn the bucket's state from a response's headers."""
        remaining = exchange.response_header(RATE_LIMIT_REMAINING_HEADER)
        reset = exchange.response_header(RATE_LIMIT_RESET_HEADER)
        if exchange.status_code == 429:
            remaining = "0"
            reset = exchange.response_header(RETRY_AFTER_HEADER) or reset
        if remaining is None or reset is None:
            return
        try:
            self._budgets[(credential, bucket)] = _Budget(
                int(remaining), self.monotonic() + float(reset)
            )
        except ValueError:
            return
