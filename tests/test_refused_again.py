"""A 429 the suite did not provoke is waited out once; a second 429 is judged by who could
have spent the window: RATE-013 where the suite alone uses the key, the harness elsewhere."""

from __future__ import annotations

import httpx
import pytest

from conformance.config import Fixtures, SuiteConfig
from conformance.failures import ConformanceFailure, HarnessError
from conformance.harness import Harness
from conformance.targets import OpenTarget

KEY = "kn_" + "a" * 32
VIDEO = "/v1/videos/00000000-0000-4000-8000-000000000000"
REFUSED = {"Retry-After": "45", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "45"}


def _harness(*, sandbox: bool, movable_clock: bool, retry_after: str = "45") -> Harness:
    def always_429(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={**REFUSED, "Retry-After": retry_after},
                              json={"detail": "Rate limit exceeded"})  # fmt: skip

    slept: list[float] = []
    config = SuiteConfig(
        target="http://127.0.0.1:9", sandbox=sandbox, fixtures=Fixtures({"keys": {"personal": KEY}})
    )
    target = OpenTarget(
        description="a target that refuses everything",
        client=httpx.Client(transport=httpx.MockTransport(always_429), base_url="http://t.test"),
        config=config,
        sleep=slept.append,
        monotonic=lambda: float(sum(slept)),
        movable_clock=movable_clock,
    )
    return Harness(target)


@pytest.mark.parametrize(("sandbox", "movable_clock"), [(True, False), (False, True)])
def test_a_fresh_window_refusing_again_fails_rate_013(sandbox: bool, movable_clock: bool) -> None:
    with pytest.raises(ConformanceFailure) as raised:
        _harness(sandbox=sandbox, movable_clock=movable_clock).get(VIDEO)
    assert raised.value.requirement == "RATE-013"
    assert "waited the 45 s" in str(raised.value)
    assert KEY not in str(raised.value)


def test_on_a_live_api_a_second_429_blames_no_one() -> None:
    with pytest.raises(HarnessError, match="another client may be using this key"):
        _harness(sandbox=False, movable_clock=False).get(VIDEO)


@pytest.mark.parametrize("retry_after", ["", "soon", "3600"])
def test_a_wait_the_suite_could_not_honour_blames_no_one(retry_after: str) -> None:
    # No usable Retry-After, or one past a window (the pacer waits one window at most): the
    # suite did not wait what the server asked, so RATE-013's premise does not hold.
    with pytest.raises(HarnessError):
        _harness(sandbox=True, movable_clock=True, retry_after=retry_after).get(VIDEO)
