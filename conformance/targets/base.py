"""What every target gives the harness: an HTTP client, fixtures, and a way to wait."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from ..config import SuiteConfig
from ..guard import RunGuard
from ..pacing import Pacer, Waits

__all__ = ["OpenTarget", "SpendLedger"]


@dataclass
class SpendLedger:
    """The ``--allow-spend`` budget of billable requests, and who used it for what."""

    allowance: int
    entries: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def used(self) -> int:
        return sum(count for _, _, count in self.entries)

    def take(self, test: str, what: str, requests: int) -> bool:
        if self.used + requests > self.allowance:
            return False
        self.entries.append((test, what, requests))
        return True


@dataclass
class OpenTarget:
    """A target ready for requests.

    ``sleep`` is how the harness waits for a rate-limit window: real time for live and HTTP
    targets, the reference's manual clock for the embedded one (so pacing costs no time).
    """

    description: str
    client: httpx.Client
    # Kept out of the repr: the config holds the credentials and the pacer is keyed by them,
    # and pytest prints the repr of a failing test's fixtures (whole with -vvv).
    config: SuiteConfig = field(repr=False)
    sleep: Callable[[float], None] = field(default=time.sleep)
    monotonic: Callable[[], float] = field(default=time.monotonic)
    in_process: bool = False
    # True only when ``sleep`` moves the target's own clock (the embedded reference): checks
    # that watch jobs progress run there in no time, and are skipped elsewhere.
    movable_clock: bool = False
    pacer: Pacer = field(init=False, repr=False)
    waits: Waits = field(init=False, repr=False)
    guard: RunGuard = field(init=False, repr=False)
    spending: SpendLedger = field(init=False, repr=False)
    # When a window a test spent on purpose opens again, on the ``monotonic`` clock, keyed by
    # ``(fixture label of the key, bucket)``: the test that needs that fresh window reads it.
    reopens_at: dict[tuple[str, str], float] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.spending = SpendLedger(allowance=self.config.allow_spend)
        self.guard = RunGuard(self.config.breaker_threshold, self.config.run_budget_seconds)
        self.waits = Waits(
            sleep=self.sleep,
            real=not self.movable_clock,
            budget_ends_at=self.guard.budget_ends_at,
        )
        limits = self.config.rate_limits
        self.pacer = Pacer(
            sleep=self.sleep,
            monotonic=self.monotonic,
            limits={
                "videos": (limits.videos, limits.window_seconds),
                "edits": (limits.edits, limits.window_seconds),
            },
            waits=self.waits,
        )

    def close(self) -> None:
        self.client.close()
