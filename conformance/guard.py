"""The run budget and the circuit breaker: a hostile or dead target cannot stretch a run.

One ``RunGuard`` serves a run (it lives on the opened target). The harness asks ``check()``
before each request and reports each outcome: a transport failure or an unintended refusal
(a 429 the suite did not mean to provoke) counts towards the breaker, any other answer resets
it. After ``threshold`` in a row, or once the run budget is spent, every later request -- and
so every check still to run -- ends ``error`` with the reason, at once. See docs/safety.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .failures import HarnessError

__all__ = ["RunGuard", "RunStopped"]


class RunStopped(HarnessError):
    """The breaker opened or the run budget is spent: no more requests go out."""


@dataclass
class RunGuard:
    threshold: int
    budget_seconds: float
    monotonic: Callable[[], float] = time.monotonic
    started: float = field(default=-1.0)
    in_a_row: int = 0
    stopped: str | None = None

    def __post_init__(self) -> None:
        if self.started < 0:
            self.started = self.monotonic()

    @property
    def budget_ends_at(self) -> float:
        return self.started + self.budget_seconds

    def check(self) -> None:
        """Raise ``RunStopped`` if the run must not send another request."""
        if self.stopped is None and self.monotonic() > self.budget_ends_at:
            self.stopped = (
                f"the run budget of {self.budget_seconds:g} s is spent "
                "(run_budget_seconds, --budget): the run stopped before this check"
            )
        if self.stopped is not None:
            raise RunStopped(self.stopped)

    def answered(self) -> None:
        self.in_a_row = 0

    def broke(self, why: str) -> None:
        """One transport failure or refusal; the ``threshold``-th in a row opens the breaker."""
        self.in_a_row += 1
        if self.in_a_row >= self.threshold and self.stopped is None:
            self.stopped = (
                f"circuit breaker open after {self.in_a_row} transport errors or refusals in a "
                f"row (breaker_threshold, --breaker); the last: {why}"
            )
