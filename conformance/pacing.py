"""Pacing: wait for a fresh rate-limit window instead of running into a 429.

The pacer keeps, per (credential, bucket), how many requests the current window has left and
when it resets. It learns both from ``X-RateLimit-Remaining`` / ``X-RateLimit-Reset`` (or
``Retry-After`` on a 429) when a response carries them. Headers are only promised on 2xx
answers, so between readings it counts requests itself from the declared limit; a window it
did not see open is assumed to close one window after the request that opened it, which a
fixed window always honours. A budget whose window has closed is forgotten. A target that
never sent the headers is not paced at all: an unintended 429 from it is waited out by the
harness. One pacer serves a whole run.

Every wait the suite takes, the pacer's included, goes through ``Waits.wait``: capped (by the
declared window, ``max_wait_seconds`` or the run budget), named in a progress line when it
costs real time ("waiting 41 s for the edits window"), and refused past its cap: a number a
server sent that would make the suite wait longer is a verdict on the server, not a wait.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .contract.constants import (
    RATE_LIMIT_REMAINING_HEADER,
    RATE_LIMIT_RESET_HEADER,
    RETRY_AFTER_HEADER,
)
from .exchange import Exchange
from .failures import HarnessError

__all__ = ["Pacer", "RunBudgetSpent", "WaitRefused", "Waits"]


class WaitRefused(HarnessError):
    """A wait longer than its cap was asked for: the suite does not take it."""


class RunBudgetSpent(HarnessError):
    """The run's time budget (``run_budget_seconds``) is spent, or a wait would pass it."""


@dataclass
class Waits:
    """The one way the suite waits.

    ``sleep`` is the target's (real time, or the embedded reference's movable clock: then
    ``real`` is False, nothing is announced and the run budget is not charged).
    ``budget_ends_at`` is when the run budget ends, on ``time.monotonic``; ``announce``
    prints a progress line.
    """

    sleep: Callable[[float], None] = time.sleep
    real: bool = True
    budget_ends_at: float | None = None
    announce: Callable[[str], None] | None = None
    waited_seconds: float = 0.0

    def wait(self, seconds: float, what: str, *, cap: float) -> None:
        """Wait ``seconds`` for ``what`` ("the edits window"); never more than ``cap``."""
        if not math.isfinite(seconds) or seconds > cap:
            raise WaitRefused(
                f"refused to wait {seconds:g} s for {what}: more than its cap of {cap:g} s"
            )
        if seconds <= 0:
            return
        if self.real:
            ends = time.monotonic() + seconds
            if self.budget_ends_at is not None and ends > self.budget_ends_at:
                raise RunBudgetSpent(
                    f"waiting {seconds:.0f} s for {what} would pass the run budget "
                    "(run_budget_seconds, --budget): the run stops here"
                )
            if self.announce is not None and seconds >= 0.5:
                self.announce(f"waiting {seconds:.0f} s for {what}")
        self.sleep(seconds)
        self.waited_seconds += seconds


@dataclass
class _Budget:
    remaining: int
    resets_at: float


@dataclass
class Pacer:
    """``limits`` maps a bucket name to its (limit, window seconds), as the config declares."""

    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    limits: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    waited_seconds: float = 0.0
    #: The run's ``Waits``; one over ``sleep`` alone when none is given.
    waits: Waits | None = None
    _budgets: dict[tuple[str, str], _Budget] = field(default_factory=dict, repr=False)
    _announced: set[str] = field(default_factory=set, repr=False)

    def _current(self, key: tuple[str, str]) -> _Budget | None:
        """The stored budget, unless its window has closed since (then nothing is known)."""
        budget = self._budgets.get(key)
        if budget is not None and self.monotonic() >= budget.resets_at:
            del self._budgets[key]
            return None
        return budget

    def before(self, credential: str, bucket: str, *, need: int = 1) -> None:
        """Block until the bucket has budget for ``need`` more requests in one window."""
        budget = self._current((credential, bucket))
        if budget is None or budget.remaining >= need:
            return
        wait = budget.resets_at - self.monotonic()
        if wait > 0:
            waits = self.waits or Waits(sleep=self.sleep)
            window = self.limits[bucket][1] if bucket in self.limits else wait
            waits.wait(wait, f"the {bucket} window", cap=float(window))
            self.waited_seconds += wait
        del self._budgets[(credential, bucket)]

    def after(self, credential: str, bucket: str, exchange: Exchange) -> None:
        """Learn the bucket's state from a response: its headers, or one more request counted."""
        remaining = exchange.response_header(RATE_LIMIT_REMAINING_HEADER)
        reset = exchange.response_header(RATE_LIMIT_RESET_HEADER)
        if exchange.status_code == 429:
            remaining = "0"
            reset = exchange.response_header(RETRY_AFTER_HEADER) or reset
        key = (credential, bucket)
        if remaining is not None and not (remaining.isascii() and remaining.isdigit()):
            remaining = None  # "-1", "lots": RATE-001's to judge, nothing to pace by
        if remaining is not None and reset is not None:
            try:
                seconds = self._credible(bucket, float(reset))
                self._budgets[key] = _Budget(int(remaining), self.monotonic() + seconds)
                self._announced.add(bucket)
                return
            except ValueError:
                pass
        known = self._current(key)
        if known is not None:
            known.remaining = max(0, known.remaining - 1)
        elif bucket in self._announced and bucket in self.limits:
            # A window closed since the last reading: this request opened a fresh one at the
            # latest now, so it closes a window from now at the latest.
            limit, window = self.limits[bucket]
            self._budgets[key] = _Budget(limit - 1, self.monotonic() + window)

    def _credible(self, bucket: str, seconds: float) -> float:
        """A reset no later than one declared window from now: a fixed window cannot reset
        later, and a wrong header (an epoch, milliseconds; RATE-004's to judge) must not stall
        the run or fling a movable clock years ahead."""
        if not math.isfinite(seconds):
            raise ValueError(f"reset {seconds} is not a number of seconds")
        window = self.limits[bucket][1] if bucket in self.limits else None
        return max(0.0, seconds if window is None else min(seconds, float(window)))
