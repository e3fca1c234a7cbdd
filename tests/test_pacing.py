"""The pacer: budgets from headers, counted budgets without them, and closed windows forgotten."""

from __future__ import annotations

import httpx

from conformance.exchange import Exchange
from conformance.pacing import Pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def answer(status: int = 200, **headers: str) -> Exchange:
    request = httpx.Request("GET", "http://t.invalid/v1/videos/x")
    return Exchange.from_httpx(httpx.Response(status, headers=headers, request=request))


def pacer(clock: FakeTime) -> Pacer:
    return Pacer(sleep=clock.sleep, monotonic=lambda: clock.now, limits={"videos": (3, 60)})


def test_waits_for_the_reset_the_headers_announce() -> None:
    clock = FakeTime()
    subject = pacer(clock)
    subject.after("k", "videos", answer(**{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "7"}))
    subject.before("k", "videos")
    assert clock.slept == [7.0]


def test_counts_requests_without_headers_after_a_reading() -> None:
    clock = FakeTime()
    subject = pacer(clock)
    subject.after(
        "k", "videos", answer(**{"X-RateLimit-Remaining": "1", "X-RateLimit-Reset": "30"})
    )
    subject.after("k", "videos", answer(404))  # an error without headers still counts
    subject.before("k", "videos")
    assert clock.slept == [30.0]


def test_a_closed_window_is_forgotten() -> None:
    clock = FakeTime()
    subject = pacer(clock)
    subject.after("k", "videos", answer(**{"X-RateLimit-Remaining": "1", "X-RateLimit-Reset": "5"}))
    clock.now = 100.0  # long after that window closed
    subject.after("k", "videos", answer(404))  # opens a fresh window: 2 left of 3
    subject.after("k", "videos", answer(404))
    subject.before("k", "videos")
    assert clock.slept == []
    subject.after("k", "videos", answer(404))
    subject.before("k", "videos")
    assert clock.slept == [60.0]  # the fresh window closes one window after it opened


def test_a_target_without_headers_is_not_paced() -> None:
    clock = FakeTime()
    subject = pacer(clock)
    for _ in range(10):
        subject.after("k", "videos", answer(404))
        subject.before("k", "videos")
    assert clock.slept == []


def test_a_reset_beyond_one_window_is_not_believed() -> None:
    # An epoch timestamp where seconds are due: wait one declared window, not 14,000 years.
    clock = FakeTime()
    subject = pacer(clock)
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1777111260"}
    subject.after("k", "videos", answer(**headers))
    subject.before("k", "videos")
    assert clock.slept == [60.0]


def test_a_reset_that_is_not_a_finite_number_is_ignored() -> None:
    clock = FakeTime()
    subject = pacer(clock)
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "inf"}
    subject.after("k", "videos", answer(**headers))
    subject.before("k", "videos")
    assert clock.slept == []
