"""Blockers 1, 2 and 5: bodies read within a cap, requests within a deadline, no cookies.

Each case points a harness at a loopback server that misbehaves one way; today's code read
each body whole (gigabytes), waited per read (forever) or kept the server's cookies.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hostile_server import (
    Behaviour,
    HostileServer,
    answer,
    chunked_forever,
    dripped_headers,
    gzip_bomb,
    huge_content_length,
    trickled_body,
)
from hostile_support import KEY, OpenHarness, RunSuite, assert_honest

from conformance.failures import HarnessError, TargetUnreachable
from conformance.harness import MAX_RESPONSE_BYTES

Start = Callable[[Behaviour], HostileServer]
MiB = 1024 * 1024


@pytest.mark.parametrize(
    "behaviour",
    [chunked_forever, huge_content_length, gzip_bomb()],
    ids=["endless-chunked", "1GB-content-length", "gzip-bomb"],
)
def test_a_body_past_the_cap_is_a_harness_error_in_bounded_memory(
    hostile: Start, harness_on: OpenHarness, memory_peak: Callable[[], int], behaviour: Behaviour
) -> None:
    server = hostile(behaviour)
    harness = harness_on(server.url, timeout_seconds=10.0)
    started = time.monotonic()
    with pytest.raises(HarnessError, match=f"over {MAX_RESPONSE_BYTES} bytes"):
        harness.get("/v1/videos/x")
    assert time.monotonic() - started < 10  # a loaded machine too; before, never
    # The cap plus copies of it: nowhere near the gigabytes the server offered.
    assert memory_peak() < 8 * MAX_RESPONSE_BYTES


def test_a_body_within_the_cap_is_read_whole_and_gzip_is_undone(
    hostile: Start, harness_on: OpenHarness
) -> None:
    """The cap refuses only what passes it: a gzip answer within it is judged decoded, with
    its Content-Encoding header kept as sent."""
    import gzip

    body = b'{"detail": "' + b"x" * (MAX_RESPONSE_BYTES - 100) + b'"}'
    server = hostile(answer(404, raw=gzip.compress(body), headers=[("Content-Encoding", "gzip")]))
    exchange = harness_on(server.url).get("/v1/videos/x")
    assert exchange.response_body == body
    assert exchange.response_header("content-encoding") == "gzip"
    assert server.requests[0].headers["accept-encoding"] == "identity"


@pytest.mark.parametrize(
    "behaviour", [trickled_body, dripped_headers], ids=["trickled-body", "dripped-headers"]
)
def test_a_request_ends_at_its_deadline_whatever_the_server_trickles(
    hostile: Start, harness_on: OpenHarness, behaviour: Behaviour
) -> None:
    """A byte every 0.2 s never trips httpx's 1 s per-read timeout; the deadline ends it."""
    server = hostile(behaviour)
    harness = harness_on(server.url, timeout_seconds=1.0)
    started = time.monotonic()
    with pytest.raises(TargetUnreachable, match="within 1 s"):
        harness.get("/v1/videos/x")
    assert time.monotonic() - started < 4  # the 1 s deadline, and room for a loaded machine


def test_no_cookie_rides_from_one_request_to_the_next(
    hostile: Start, harness_on: OpenHarness
) -> None:
    """A server's Set-Cookie is never sent back: not on a request without credentials, not
    with another key."""
    server = hostile(
        answer(401, {"detail": "no"}, headers=[("Set-Cookie", "session=s3cret; Path=/")])
    )
    harness = harness_on(server.url)
    harness.get("/v1/videos/x")
    harness.get("/v1/videos/x", key=None)
    harness.get("/v1/videos/x", key="kn_" + "f" * 32)
    assert [r.headers.get("cookie") for r in server.requests] == [None, None, None]
    assert server.requests[0].headers["x-api-key"] == KEY


@pytest.mark.parametrize("behaviour", [chunked_forever, trickled_body], ids=["endless", "trickle"])
def test_a_whole_run_against_a_hostile_body_ends_in_errors(
    hostile: Start, run_suite: RunSuite, behaviour: Behaviour
) -> None:
    """The opening GET / included: the run ends within seconds, every judged requirement
    error (the breaker stops it), never a pass or a fail, in bounded memory."""
    server = hostile(behaviour)
    run = run_suite(server.url, timeout=90)
    assert_honest(run)
    assert run.code == 2, run.describe()
    assert set(run.verdicts().values()) <= {"error", "skip", "disabled"}, run.describe()
    assert run.seconds < 45, run.describe()
