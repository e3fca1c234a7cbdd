"""Blocker 3 and major 6: every wait capped and named, a budget and a breaker for the run.

Rate-limit numbers from a hostile server (a Reset given as an epoch, a consistent Retry-After
of a day, 99999999999, Remaining -1) are verdicts on the server or ignored, never waits; a
server that cuts every connection or answers slowly ends the run within its budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hostile_server import Behaviour, HostileServer, answer, refuse_unless_root, slow
from hostile_support import KEY, OpenHarness, RunSuite, assert_honest

from conformance.config import RateLimits

Start = Callable[[Behaviour], HostileServer]

_LIMIT_HEADERS = [("X-RateLimit-Limit", "30")]
_WINDOW = {"window_seconds": 1}


def _rate_limited(seconds: str) -> Behaviour:
    """Every request 429, consistent: Retry-After, Reset and the detail all say ``seconds``."""
    detail = f"Rate limit exceeded: 30 requests per 60s. Retry in {seconds}s."
    headers = [*_LIMIT_HEADERS, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", seconds),
               ("Retry-After", seconds)]  # fmt: skip
    return answer(429, {"detail": detail}, headers=headers)


def _headers(remaining: str, reset: str) -> Behaviour:
    headers = [*_LIMIT_HEADERS, ("X-RateLimit-Remaining", remaining), ("X-RateLimit-Reset", reset)]
    return answer(200, {"uuid": "x", "status": "complete"}, headers=headers)


def test_a_negative_remaining_is_not_waited_on(hostile: Start, harness_on: OpenHarness) -> None:
    server = hostile(_headers("-1", "60"))
    harness = harness_on(server.url)
    started = time.monotonic()
    for _ in range(3):
        harness.get("/v1/videos/x")
    assert time.monotonic() - started < 10  # it waited a 60 s window before each
    assert harness.target.waits.waited_seconds == 0


def test_an_epoch_reset_is_waited_one_declared_window_at_most_and_named(
    hostile: Start, harness_on: OpenHarness
) -> None:
    server = hostile(_headers("0", str(int(time.time()) + 60)))
    harness = harness_on(server.url, rate_limits=RateLimits(window_seconds=1))
    lines: list[str] = []
    harness.target.waits.announce = lines.append
    harness.get("/v1/videos/x")
    harness.get("/v1/videos/x")
    assert 0 < harness.target.waits.waited_seconds <= 1
    assert lines == ["waiting 1 s for the videos window"]


@pytest.mark.parametrize("seconds", [86400.0, 99999999999.0, float("inf"), float("nan")])
def test_waits_are_refused_past_their_cap(seconds: float) -> None:
    from conformance.pacing import WaitRefused, Waits

    slept: list[float] = []
    with pytest.raises(WaitRefused, match="refused to wait"):
        Waits(sleep=slept.append).wait(seconds, "the edits window", cap=60)
    assert slept == []


def test_a_day_long_retry_after_is_a_rate_004_failure_not_a_wait(
    hostile: Start, run_suite: RunSuite
) -> None:
    """Each unintended 429 is waited out a declared window at most (2 s here, 60 s by default)
    and counted by the breaker: the run ends after a few, never a day later."""
    server = hostile(_rate_limited("86400"))
    run = run_suite(server.url, "-k", "test_rate_limits", timeout=40, rate_limits=_WINDOW)
    assert_honest(run)
    assert run.seconds < 30, run.describe()
    verdicts = run.verdicts()
    assert verdicts["RATE-004"] == "fail", run.describe()
    assert "86400" in next(
        row["reason"] for row in run.results["requirements"] if row["id"] == "RATE-004"
    )


def test_a_reset_of_99999999999_is_a_verdict_not_an_overflow(
    hostile: Start, run_suite: RunSuite
) -> None:
    # Remaining 1: the pacer sends on, and the check that needs 3 waits for the reset.
    server = hostile(_headers("1", "99999999999"))
    run = run_suite(server.url, "-k", "test_rate_limits", timeout=40, rate_limits=_WINDOW)
    assert_honest(run)
    assert "OverflowError" not in run.out + run.err + str(run.results)
    assert run.verdicts()["RATE-004"] == "fail", run.describe()


def test_a_target_cutting_every_connection_trips_the_breaker(
    hostile: Start, run_suite: RunSuite
) -> None:
    """The whole suite: after 3 transport errors in a row every check left is error at once."""
    server = hostile(refuse_unless_root(answer(404, {"detail": "Not Found"})))
    run = run_suite(server.url, "--breaker", "3", timeout=60)
    assert_honest(run)
    assert run.code == 2, run.describe()
    verdicts = run.verdicts()
    assert "pass" not in verdicts.values(), run.describe()
    assert "fail" not in verdicts.values(), run.describe()
    reasons = [row["reason"] for row in run.results["requirements"] if row["verdict"] == "error"]
    assert any("circuit breaker open after 3" in reason for reason in reasons)
    assert len(server.requests) < 10  # 3 cut off, then nothing more was sent
    assert KEY not in str(run.results)


def test_a_slow_target_ends_at_the_run_budget(hostile: Start, run_suite: RunSuite) -> None:
    server = hostile(slow(answer(404, {"detail": "Not Found"}), 0.3))
    run = run_suite(server.url, "--budget", "2", "-k", "test_auth or test_envelope", timeout=60)
    assert_honest(run)
    assert run.code == 2, run.describe()
    assert run.seconds < 40, run.describe()  # startup included, on a loaded machine
    reasons = [row["reason"] for row in run.results["requirements"] if row["verdict"] == "error"]
    assert any("run budget of 2 s is spent" in reason for reason in reasons), run.describe()
