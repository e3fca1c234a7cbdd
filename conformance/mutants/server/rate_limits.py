"""Rate-limit faults: a missing or wrong header, a window that closes one request early."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from ...contract.constants import (
    RATE_LIMIT_LIMIT_HEADER,
    RATE_LIMIT_REMAINING_HEADER,
    RATE_LIMIT_RESET_HEADER,
    RETRY_AFTER_HEADER,
    RateBucket,
)
from ...reference.clock import Clock
from ...reference.errors import APIError
from ...reference.ratelimit import FixedWindowLimiter, RateDecision
from ...reference.state import ReferenceState
from ..rewrite import Answer
from ._build import server_mutant

__all__ = ["MUTANTS"]


# The base is a slotted dataclass: zero-argument super() does not work in its subclasses.
@dataclass(frozen=True, slots=True)
class _NoRetryAfter(RateDecision):
    def refusal(self) -> APIError:
        refused = RateDecision.refusal(self)
        refused.headers.pop(RETRY_AFTER_HEADER, None)
        return refused


@dataclass(frozen=True, slots=True)
class _EpochReset(RateDecision):
    """``X-RateLimit-Reset`` as the Unix time the window closes (a common convention)."""

    now: float = 0.0

    def headers(self) -> dict[str, str]:
        headers = RateDecision.headers(self)
        headers[RATE_LIMIT_RESET_HEADER] = str(math.ceil(self.now) + self.reset_seconds)
        return headers


class _Limiter(FixedWindowLimiter):
    """The reference limiter whose decisions are rebuilt by ``decide``."""

    def __init__(self, clock: Clock, decide: Callable[[RateDecision, float], RateDecision]) -> None:
        super().__init__(clock)
        self._clock_of_decisions = clock
        self._decide = decide

    def hit(self, identity: str, bucket: RateBucket) -> RateDecision:
        return self._decide(super().hit(identity, bucket), self._clock_of_decisions.now())


def _without_retry_after(decision: RateDecision, now: float) -> RateDecision:
    return _NoRetryAfter(
        decision.bucket, decision.allowed, decision.remaining, decision.reset_seconds
    )


def _epoch_reset(decision: RateDecision, now: float) -> RateDecision:
    return _EpochReset(
        decision.bucket, decision.allowed, decision.remaining, decision.reset_seconds, now
    )


def _one_early(decision: RateDecision, now: float) -> RateDecision:
    # ``count < limit`` where ``count <= limit`` was meant: the limit-th request is refused.
    return RateDecision(
        decision.bucket, decision.allowed and decision.remaining > 0, decision.remaining,
        decision.reset_seconds,
    )  # fmt: skip


def _limiter(
    decide: Callable[[RateDecision, float], RateDecision],
) -> Callable[[ReferenceState], None]:
    def prepare(state: ReferenceState) -> None:
        state.limiter = _Limiter(state.clock, decide)

    return prepare


_RATE_HEADERS = (RATE_LIMIT_LIMIT_HEADER, RATE_LIMIT_REMAINING_HEADER, RATE_LIMIT_RESET_HEADER)


def _no_headers_on_success(answer: Answer) -> Answer:
    return answer.without_headers(*_RATE_HEADERS) if 200 <= answer.status < 300 else answer


MUTANTS = (
    server_mutant(
        "no-retry-after",
        "a 429 carries no Retry-After header",
        breaks={"RATE-009", "RATE-012"},
        proves={"RATE-009"},
        prepare=_limiter(_without_retry_after),
    ),
    server_mutant(
        "reset-as-epoch",
        "X-RateLimit-Reset is the Unix time the window closes, not the seconds left",
        breaks={"RATE-004", "RATE-012"},
        prepare=_limiter(_epoch_reset),
    ),
    server_mutant(
        "window-off-by-one",
        "the limit-th request of a window is already refused with 429",
        breaks={"RATE-013"},
        prepare=_limiter(_one_early),
    ),
    server_mutant(
        "rate-headers-missing-on-success",
        "2xx answers carry no X-RateLimit-* headers (only errors do)",
        breaks={"RATE-001"},
        rewrite=_no_headers_on_success,
    ),
)
