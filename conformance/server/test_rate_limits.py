"""Rate limits (section 3): headers on success, and the 429 -- provoked last, on its own key.

The 429 probes spend a whole window of one bucket, so they use ``keys.rate_limit_probe`` when
configured (the personal key otherwise) and run after every other test.
"""

from __future__ import annotations

import pytest

from ..contract.constants import (
    RATE_LIMIT_DETAIL_PATTERN,
    RATE_LIMIT_HEADERS,
    RATE_LIMIT_LIMIT_HEADER,
    RATE_LIMIT_REMAINING_HEADER,
    RATE_LIMIT_RESET_HEADER,
    RETRY_AFTER_HEADER,
)
from ..exchange import Exchange
from ..failures import ConformanceFailure
from ..harness import Harness
from ..oracles import expect_status
from .bodies import UNKNOWN_ID, edit_path, video_path

requirement = pytest.mark.requirement


def _fail(requirement: str, message: str, exchange: Exchange) -> ConformanceFailure:
    return ConformanceFailure(
        requirement=requirement, title="rate-limit headers break the contract", message=message,
        exchange=exchange,
    )


def _int_header(exchange: Exchange, name: str, requirement: str) -> int:
    value = exchange.response_header(name)
    if value is None or not value.isdigit():
        raise _fail(requirement, f"{name} is {value!r}, not a non-negative integer", exchange)
    return int(value)


@requirement("RATE-001", "RATE-002", "RATE-003", "RATE-004", "RATE-005")
def test_success_carries_the_rate_limit_headers(knowlify: Harness) -> None:
    limits = knowlify.config.rate_limits
    for path, limit, rule in (
        (video_path(knowlify.fixture("videos.complete")), limits.videos, "RATE-002"),
        (edit_path(knowlify.fixture("edits.errored")), limits.edits, "RATE-003"),
    ):
        first = knowlify.get(path)
        expect_status(first, 200, requirement="RATE-001", why="a GET of the caller's own object")
        for name in RATE_LIMIT_HEADERS:
            _int_header(first, name, "RATE-001")
        if int(first.response_header(RATE_LIMIT_LIMIT_HEADER) or -1) != limit:
            raise _fail(rule, f"X-RateLimit-Limit is not the bucket's {limit}", first)
        reset = _int_header(first, RATE_LIMIT_RESET_HEADER, "RATE-004")
        if reset > limits.window_seconds:
            raise _fail("RATE-004", f"X-RateLimit-Reset {reset} is not seconds until reset", first)
        second = knowlify.get(path)
        before = _int_header(first, RATE_LIMIT_REMAINING_HEADER, "RATE-001")
        after = _int_header(second, RATE_LIMIT_REMAINING_HEADER, "RATE-001")
        same_window = after < before or before == 0
        if same_window and after != before - 1:
            raise _fail("RATE-005", f"Remaining went {before} -> {after}, not down by one", second)


@pytest.mark.knowlify_last
@requirement("RATE-008", "RATE-009", "RATE-010", "RATE-011", "RATE-012", "RATE-013")
@pytest.mark.parametrize("bucket", ["edits", "videos"])
def test_the_request_after_the_limit_is_429(knowlify: Harness, bucket: str) -> None:
    key = knowlify.config.fixtures.get("keys.rate_limit_probe") or knowlify.fixture("keys.personal")
    limit = getattr(knowlify.config.rate_limits, bucket)
    path = edit_path(UNKNOWN_ID) if bucket == "edits" else video_path(UNKNOWN_ID)
    rule_for_text = "RATE-011" if bucket == "edits" else "RATE-010"
    first = knowlify.get(path, key=key)  # paced: starts from whatever budget is left
    remaining = _int_header(first, RATE_LIMIT_REMAINING_HEADER, "RATE-001") if (
        first.status_code != 429) else 0
    for _ in range(remaining):
        knowlify.get(path, key=key, pace=False)
    refused = knowlify.get(path, key=key, pace=False)
    expect_status(refused, 429, requirement="RATE-008", why=f"request {limit + 1} in the window")
    retry_after = _int_header(refused, RETRY_AFTER_HEADER, "RATE-009")
    if refused.response_header(RATE_LIMIT_REMAINING_HEADER) != "0":
        raise _fail("RATE-009", "a 429 without X-RateLimit-Remaining: 0", refused)
    reset = _int_header(refused, RATE_LIMIT_RESET_HEADER, "RATE-009")
    _int_header(refused, RATE_LIMIT_LIMIT_HEADER, "RATE-009")
    detail = refused.json().get("detail", "")
    match = RATE_LIMIT_DETAIL_PATTERN.match(detail)
    window = knowlify.config.rate_limits.window_seconds
    if match is None or (int(match["limit"]), int(match["window"])) != (limit, window):
        raise _fail(rule_for_text, f"detail {detail!r} is not the documented text", refused)
    if not retry_after == reset == int(match["seconds"]):
        raise _fail("RATE-012", f"Retry-After {retry_after}, Reset {reset} and detail differ",
                    refused)
    knowlify.target.sleep(retry_after)
    after = knowlify.get(path, key=key, pace=False)
    if after.status_code == 429:
        raise _fail("RATE-013", f"still 429 after waiting Retry-After={retry_after}s", after)
    if _int_header(after, RATE_LIMIT_REMAINING_HEADER, "RATE-013") != limit - 1:
        raise _fail("RATE-013", "the new window does not start at limit - 1", after)
