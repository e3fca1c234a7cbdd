"""A 429 the suite did not provoke is waited out once; a second 429 is judged by who could
have spent the window: RATE-013 on the embedded reference (its own clock, no other client),
a harness error anywhere else."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from conformance.config import Fixtures, SuiteConfig
from conformance.failures import ConformanceFailure, HarnessError
from conformance.harness import Harness
from conformance.targets import OpenTarget

KEY = "kn_" + "a" * 32
VIDEO = "/v1/videos/00000000-0000-4000-8000-000000000000"
REFUSED = {"Retry-After": "45", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "45"}


@contextmanager
def _harness(
    *, sandbox: bool = False, movable_clock: bool = True, retry_after: str = "45",
    disabled: frozenset[str] = frozenset(),
) -> Iterator[Harness]:  # fmt: skip
    def always_429(request: httpx.Request) -> httpx.Response:
        headers = {**REFUSED, "Retry-After": retry_after}
        raw = [(name.encode(), value.encode("latin-1")) for name, value in headers.items()]
        return httpx.Response(429, headers=raw, json={"detail": "Rate limit exceeded"})

    slept: list[float] = []
    config = SuiteConfig(
        target="http://127.0.0.1:9",
        sandbox=sandbox,
        fixtures=Fixtures({"keys": {"personal": KEY}}),
        disabled_features=disabled,
    )
    transport = httpx.MockTransport(always_429)
    with httpx.Client(transport=transport, base_url="http://t.test") as client:
        yield Harness(
            OpenTarget(
                description="a target that refuses everything",
                client=client,
                config=config,
                sleep=slept.append,
                monotonic=lambda: float(sum(slept)),
                movable_clock=movable_clock,
            )
        )


def test_a_fresh_window_of_the_reference_refusing_again_fails_rate_013() -> None:
    with _harness() as harness, pytest.raises(ConformanceFailure) as raised:
        harness.get(VIDEO)
    assert raised.value.requirement == "RATE-013"
    assert "waited the 45 s" in str(raised.value)
    assert KEY not in str(raised.value)
    assert KEY not in repr(raised.value.exchange)


@pytest.mark.parametrize("sandbox", [True, False], ids=["sandbox", "live"])
def test_where_another_client_may_share_the_key_a_second_429_blames_no_one(
    sandbox: bool,
) -> None:
    with (
        _harness(sandbox=sandbox, movable_clock=False) as harness,
        pytest.raises(HarnessError, match="another client may be using this key"),
    ):
        harness.get(VIDEO)


@pytest.mark.parametrize("retry_after", ["", "soon", "\u00b2"])
def test_a_wait_the_suite_could_not_honour_blames_no_one(retry_after: str) -> None:
    # No usable Retry-After: the suite did not wait what the server asked, so RATE-013's
    # premise does not hold.
    with _harness(retry_after=retry_after) as harness, pytest.raises(HarnessError):
        harness.get(VIDEO)


@pytest.mark.parametrize("retry_after", ["3600", "99999999999"])
def test_a_retry_after_past_a_window_is_a_verdict_not_a_wait(retry_after: str) -> None:
    # More than one declared window cannot be the seconds until the window resets: RATE-004
    # fails on that 429, and the suite waits nothing.
    with _harness(retry_after=retry_after) as harness, pytest.raises(ConformanceFailure) as raised:
        harness.get(VIDEO)
    assert raised.value.requirement == "RATE-004"
    assert harness.target.waits.waited_seconds == 0


def test_a_run_that_does_not_judge_rate_013_gets_a_harness_error() -> None:
    # With rate limits turned off a RATE-013 failure would be rolled up as "disabled" and the
    # test's own requirements as "not judged": the run would pass over a broken request.
    disabled = frozenset({"rate_limits"})
    with _harness(disabled=disabled) as harness, pytest.raises(HarnessError):
        harness.get(VIDEO)
