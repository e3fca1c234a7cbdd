"""Rate limits (section 3): headers on success, and the 429 -- provoked on a key of its own.

The 429 probes spend a whole window of each bucket, so they use ``keys.rate_limit_probe`` when
configured: the spending test then runs first and the test that needs a fresh window runs
last, when that window has long reopened (no whole-window wait). Without that key they spend
the personal key's window, and both run after every other test.
"""

from __future__ import annotations

from collections.abc import Callable

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
from ..failures import FailureFactory, NotApplicable
from ..harness import Harness
from ..judgement import premise
from ..oracles import expect_status
from .bodies import (
    EDITS,
    UNKNOWN_ID,
    VIDEOS,
    edit_body,
    edit_path,
    revert_path,
    video_path,
    videos_body,
)

requirement = pytest.mark.requirement
_MIN_RESET_SECONDS = 5  # room for a short sequence to finish inside one window


_fail = FailureFactory("rate-limit headers break the contract")


def _int_header(exchange: Exchange, name: str, requirement: str) -> int:
    value = exchange.response_header(name)
    if value is None or not (value.isascii() and value.isdigit()):
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
        with knowlify.judge("RATE-001"):
            premise(first.status_code == 200, f"a GET of the caller's own object answered 200 "
                    f"(got {first.status_code})")  # fmt: skip
            for name in RATE_LIMIT_HEADERS:
                _int_header(first, name, "RATE-001")
        with knowlify.judge(rule):
            premise(first.status_code == 200, "a 200 to read X-RateLimit-Limit on")
            seen = _int_header(first, RATE_LIMIT_LIMIT_HEADER, rule)
            if seen != limit:
                raise _fail(rule, f"X-RateLimit-Limit is {seen}, not the bucket's {limit}", first)
        with knowlify.judge("RATE-004"):
            premise(first.status_code == 200, "a 200 to read X-RateLimit-Reset on")
            reset = _int_header(first, RATE_LIMIT_RESET_HEADER, "RATE-004")
            if reset > limits.window_seconds:
                raise _fail(
                    "RATE-004", f"X-RateLimit-Reset {reset} is not seconds until reset", first
                )
        with knowlify.judge("RATE-005"):
            _check_one_request_costs_one(knowlify, path)


def _check_one_request_costs_one(knowlify: Harness, path: str) -> None:
    """RATE-005 on two back-to-back GETs."""
    bucket = "videos" if "/videos/" in path else "edits"

    def two_gets() -> tuple[Exchange, Exchange]:
        sent = (knowlify.get(path), knowlify.get(path))
        for exchange in sent:  # headers are promised on 2xx only: a 404 fixture judges nothing
            premise(exchange.status_code == 200, f"a GET of the caller's own object answered "
                    f"200 (got {exchange.status_code})")  # fmt: skip
        return sent

    before, after, second = _in_one_window(knowlify, bucket, None, two_gets)
    if after != before - 1:
        raise _fail("RATE-005", f"Remaining went {before} -> {after}, not down by one", second)


BATCH_PROBE_KEY = "keys.batch_probe"


@requirement("RATE-005")
def test_a_batch_counts_as_one_request(knowlify: Harness) -> None:
    """RATE-005 on a batch: a one-item POST, then a two-item POST. A limiter that charges per
    video would drop Remaining by two (section 3.3: "prefer one batched call")."""
    key = knowlify.fixture(BATCH_PROBE_KEY)

    def single_then_batch() -> tuple[Exchange, Exchange]:
        knowlify.spend("a one-item and a two-item batch", requests=2)
        sent = (
            knowlify.post(VIDEOS, key=key, json=videos_body(1)),
            knowlify.post(VIDEOS, key=key, json=videos_body(2)),
        )
        for exchange in sent:
            if exchange.status_code != 200:  # not this rule's premise: other checks judge it
                raise NotApplicable(f"a valid batch got {exchange.status_code}, not 200")
        return sent

    before, after, batch = _in_one_window(knowlify, "videos", key, single_then_batch)
    if after != before - 1:
        why = f"a two-item batch took Remaining {before} -> {after}, not down by one"
        raise _fail("RATE-005", why, batch)


def _in_one_window(
    knowlify: Harness,
    bucket: str,
    key: str | None,
    send_two: Callable[[], tuple[Exchange, Exchange]],
) -> tuple[int, int, Exchange]:
    """``X-RateLimit-Remaining`` of two requests sent back to back that landed in one window,
    with time to spare, and the second exchange. A window that closes between the two (the
    second's Reset is later than the first's) gets a second try."""
    for _ in range(2):
        knowlify.reserve(bucket, 2, key=key)
        first, second = send_two()
        before = _int_header(first, RATE_LIMIT_REMAINING_HEADER, "RATE-001")
        after = _int_header(second, RATE_LIMIT_REMAINING_HEADER, "RATE-001")
        opened = _int_header(first, RATE_LIMIT_RESET_HEADER, "RATE-004")
        if opened < _MIN_RESET_SECONDS:  # start in the next window
            knowlify.wait_for_reset(
                opened, bucket=bucket, told_by=first, header=RATE_LIMIT_RESET_HEADER, extra=1
            )
            continue
        if _int_header(second, RATE_LIMIT_RESET_HEADER, "RATE-004") > opened:
            continue  # a new window opened between the two
        return before, after, second
    raise NotApplicable("no two requests landed in one window with time to spare")


PROBE_KEY = "keys.rate_limit_probe"


@pytest.mark.knowlify_opening(PROBE_KEY)
@requirement("RATE-008", "RATE-009", "RATE-012")
@pytest.mark.parametrize(
    "bucket",
    [
        pytest.param("edits", marks=requirement("RATE-011"), id="edits"),
        pytest.param("videos", marks=requirement("RATE-010"), id="videos"),
    ],
)
def test_the_request_after_a_spent_window_is_429(knowlify: Harness, bucket: str) -> None:
    label, key = _probe_key(knowlify)
    _spend_window(knowlify, label, key, bucket)


@pytest.mark.knowlify_last
@requirement("RATE-008", "RATE-013")
@pytest.mark.parametrize("bucket", ["edits", "videos"])
def test_a_fresh_window_admits_exactly_the_limit(knowlify: Harness, bucket: str) -> None:
    label, key = _probe_key(knowlify)
    limit = getattr(knowlify.config.rate_limits, bucket)
    path = _probe_path(bucket)
    reopens_at = knowlify.target.reopens_at.get((label, bucket))
    if reopens_at is None:  # the spending test did not run in this process: spend here
        reopens_at = _spend_window(knowlify, label, key, bucket)
    window = knowlify.config.rate_limits.window_seconds
    knowlify.target.waits.wait(
        max(0.0, reopens_at - knowlify.target.monotonic()),
        f"the {bucket} window to reopen",
        cap=window,
    )
    admitted = 0
    with knowlify.judge("RATE-013"):
        for _ in range(2):
            first = knowlify.get(path, key=key, pace=False)
            if first.status_code == 429:
                raise _fail("RATE-013", "429 on the first request after Retry-After passed", first)
            # Headers are promised on 2xx only (these GETs are 404s): without one, trust the wait.
            reset = first.response_header(RATE_LIMIT_RESET_HEADER)
            if reset is None or not (reset.isascii() and reset.isdigit()):
                break
            if int(reset) >= _MIN_RESET_SECONDS:
                break
            # A window aligned to the clock may be about to close: start in the next one.
            knowlify.wait_for_reset(
                int(reset), bucket=bucket, told_by=first, header=RATE_LIMIT_RESET_HEADER
            )
        else:
            raise NotApplicable("no rate-limit window with room for the sequence")
        admitted = 1
        remaining = first.response_header(RATE_LIMIT_REMAINING_HEADER)
        if remaining is not None and remaining != str(limit - 1):
            raise _fail("RATE-013", f"a new window starts at Remaining {remaining}", first)
        for sent in range(2, limit + 1):
            exchange = knowlify.get(path, key=key, pace=False)
            if exchange.status_code == 429:
                raise _fail(
                    "RATE-013",
                    f"429 on request {sent} of a fresh window (limit {limit})",
                    exchange,
                )
            admitted = sent
    with knowlify.judge("RATE-008"):
        premise(admitted == limit, f"{limit} requests admitted in one fresh window")
        over = knowlify.get(path, key=key, pace=False)
        expect_status(over, 429, requirement="RATE-008", why=f"request {limit + 1} in one window")


def _probe_key(knowlify: Harness) -> tuple[str, str]:
    """The key the 429 probes spend: their own when configured, the personal one otherwise."""
    key = knowlify.config.fixtures.get(PROBE_KEY)
    if key:
        return PROBE_KEY, str(key)
    return "keys.personal", knowlify.fixture("keys.personal")


def _probe_path(bucket: str) -> str:
    return edit_path(UNKNOWN_ID) if bucket == "edits" else video_path(UNKNOWN_ID)


def _spend_window(knowlify: Harness, label: str, key: str, bucket: str) -> float:
    """Spend the rest of ``key``'s window to its 429, judge that 429, note when it reopens."""
    limit = getattr(knowlify.config.rate_limits, bucket)
    # No headers are read on the way (they are only promised on 2xx): 2 x (limit + 1) requests
    # in a row must meet a 429 in any fixed window.
    cap = 2 * (limit + 1)
    refused = _first_429(knowlify, _probe_path(bucket), key, cap)
    with knowlify.judge("RATE-008"):
        if refused.status_code != 429:
            raise _fail("RATE-008", f"no 429 after {cap} requests in a row", refused)
    if refused.status_code != 429:
        raise NotApplicable(f"premise not observed: a 429 to judge (none in {cap} requests)")
    wait = _check_429(knowlify, refused, limit, "RATE-011" if bucket == "edits" else "RATE-010")
    reopens_at = knowlify.target.monotonic() + wait
    knowlify.target.reopens_at[(label, bucket)] = reopens_at
    return reopens_at


def _first_429(knowlify: Harness, path: str, key: str, cap: int) -> Exchange:
    """The first 429 within ``cap`` requests in a row, or the last answer if none came."""
    last = None
    for _ in range(cap):
        last = knowlify.get(path, key=key, pace=False)
        if last.status_code == 429:
            break
    assert last is not None
    return last


def _whole_seconds(value: str | None) -> int | None:
    return int(value) if value is not None and value.isascii() and value.isdigit() else None


def _check_429(knowlify: Harness, refused: Exchange, limit: int, rule_for_text: str) -> float:
    """RATE-009, the detail text and RATE-012 on one 429, each judged on its own.

    Returns how long to wait for the window to reopen: ``Retry-After`` when it is whole
    seconds within one window, else the window itself (a fixed window has reset by then).
    """
    window = knowlify.config.rate_limits.window_seconds
    retry_after = _whole_seconds(refused.response_header(RETRY_AFTER_HEADER))
    reset = _whole_seconds(refused.response_header(RATE_LIMIT_RESET_HEADER))
    with knowlify.judge("RATE-009"):
        _int_header(refused, RETRY_AFTER_HEADER, "RATE-009")
    with knowlify.judge("RATE-004"):
        # The 429's own Reset: seconds until a fixed window resets, so within one window (an
        # epoch or a day is a verdict here, never a wait; waits below are capped by the window).
        premise(reset is not None, "a 429 X-RateLimit-Reset in whole seconds")
        if reset is not None and reset > window:
            raise _fail(
                "RATE-004",
                f"X-RateLimit-Reset {reset} on a 429 is more than one {window} s window: not the "
                "seconds until the window resets",
                refused,
            )
    with knowlify.judge("RATE-009"):
        if refused.response_header(RATE_LIMIT_REMAINING_HEADER) != "0":
            raise _fail("RATE-009", "a 429 without X-RateLimit-Remaining: 0", refused)
        _int_header(refused, RATE_LIMIT_RESET_HEADER, "RATE-009")
        _int_header(refused, RATE_LIMIT_LIMIT_HEADER, "RATE-009")
    match = None
    with knowlify.judge(rule_for_text):
        detail = refused.json().get("detail", "")
        match = RATE_LIMIT_DETAIL_PATTERN.match(detail) if isinstance(detail, str) else None
        if match is None or (int(match["limit"]), int(match["window"])) != (limit, window):
            raise _fail(rule_for_text, f"detail {detail!r} is not the documented text", refused)
    with knowlify.judge("RATE-012"):
        premise(match is not None, "a 429 detail with a number of seconds in it")
        assert match is not None
        if not retry_after == reset == int(match["seconds"]):
            raise _fail(
                "RATE-012",
                f"Retry-After {refused.response_header(RETRY_AFTER_HEADER)!r}, Reset "
                f"{refused.response_header(RATE_LIMIT_RESET_HEADER)!r} and the detail's "
                f"{match['seconds']} s differ",
                refused,
            )
    if retry_after is not None and retry_after <= window:
        return float(retry_after)
    return float(window)


# --- counters: which requests share one ----------------------------------------------------------


def _baseline(knowlify: Harness, probes: list[tuple[str, str]], need: int) -> list[int]:
    """``X-RateLimit-Remaining`` after one GET of each (path, key), all in windows with room.

    When a window is nearly spent or about to close, wait for it to reset and read again; when
    the pacer waited in the middle of a round, an earlier reading may be stale: read again. The
    sequence that follows then cannot straddle a reset.
    """
    for _ in range(3):
        waited = knowlify.target.pacer.waited_seconds
        readings = []
        for path, key in probes:
            exchange = knowlify.get(path, key=key)
            expect_status(exchange, 200, requirement="RATE-001", why="a GET of the caller's own")
            readings.append(
                (
                    _int_header(exchange, RATE_LIMIT_REMAINING_HEADER, "RATE-001"),
                    _int_header(exchange, RATE_LIMIT_RESET_HEADER, "RATE-001"),
                    exchange,
                )
            )
        if knowlify.target.pacer.waited_seconds != waited:
            continue
        if all(left >= need and reset >= _MIN_RESET_SECONDS for left, reset, _ in readings):
            return [left for left, _, _ in readings]
        _, reset, told_by = max(readings, key=lambda reading: reading[1])
        bucket = "edits" if "/edits/" in told_by.url else "videos"
        knowlify.wait_for_reset(
            reset, bucket=bucket, told_by=told_by, header=RATE_LIMIT_RESET_HEADER
        )
    raise NotApplicable("no rate-limit window with room for the sequence")


def _refused(exchange: Exchange, what: str) -> None:
    """The premise of a counting probe: the request was refused (any 4xx but 429)."""
    if not 400 <= exchange.status_code < 500 or exchange.status_code == 429:
        raise NotApplicable(
            f"premise not observed: {what} was refused (it got {exchange.status_code})"
        )


def _counter_moved(before: int, after: int, what: str) -> None:
    """The premise of every counter comparison: the counter fell when it was meant to (a frozen
    ``X-RateLimit-Remaining`` is RATE-005's fault, and no comparison rests on it)."""
    if after >= before:
        raise NotApplicable(
            f"premise not observed: X-RateLimit-Remaining fell across {what} ({before} -> {after})"
        )


def _remaining(knowlify: Harness, path: str, key: str) -> int:
    exchange = knowlify.get(path, key=key)
    expect_status(exchange, 200, requirement="RATE-001", why="a GET of the caller's own object")
    return _int_header(exchange, RATE_LIMIT_REMAINING_HEADER, "RATE-001")


@requirement("RATE-006")
def test_post_and_get_share_the_videos_counter(knowlify: Harness) -> None:
    key, path = knowlify.fixture("keys.personal"), video_path(knowlify.fixture("videos.complete"))
    (before,) = _baseline(knowlify, [(path, key)], need=3)
    probe = knowlify.post(VIDEOS, key=key, json=videos_body(task=""))
    # Which 4xx an empty task gets is VID-VAL-001's to judge; here the POST must be refused.
    _refused(probe, "the POST probe (an empty task)")
    after = _remaining(knowlify, path, key)
    _counter_moved(before, after, "the GET after it")
    if after == before - 2:
        return  # the refused POST was counted in the GETs' counter
    if after != before - 1:
        raise _fail(
            "RATE-006",
            f"Remaining went {before} -> {after} over GET, POST, GET",
            knowlify.exchanges[-1],
        )
    # The refused POST was not counted (allowed: RATE-015 is an option); an accepted one must be.
    knowlify.spend("an accepted POST /v1/videos, which the videos counter must count")
    (before,) = _baseline(knowlify, [(path, key)], need=3)
    created = knowlify.post(VIDEOS, key=key, json=videos_body())
    if created.status_code != 200:  # VID-BATCH-003 judges a valid batch's answer
        raise NotApplicable(
            f"premise not observed: a valid one-item batch answered 200 (got {created.status_code})"
        )
    middle = _int_header(created, RATE_LIMIT_REMAINING_HEADER, "RATE-001")
    after = _remaining(knowlify, path, key)
    if (middle, after) != (before - 1, before - 2):
        raise _fail(
            "RATE-006",
            f"Remaining went {before} -> {middle} -> {after} over GET, POST, GET: not one counter",
            knowlify.exchanges[-1],
        )


@requirement("RATE-007")
def test_videos_and_edits_keep_separate_counters(knowlify: Harness) -> None:
    key = knowlify.fixture("keys.personal")
    video = video_path(knowlify.fixture("videos.complete"))
    edit = edit_path(knowlify.fixture("edits.errored"))
    _check_separate_counters(knowlify, ("videos", video, key), ("edits", edit, key), "RATE-007")


@requirement("RATE-014")
def test_org_and_personal_identities_keep_separate_counters(knowlify: Harness) -> None:
    personal = (
        "personal",
        video_path(knowlify.fixture("videos.complete")),
        knowlify.fixture("keys.personal"),
    )
    org = ("org", video_path(knowlify.fixture("videos.org_complete")), knowlify.fixture("keys.org"))
    _check_separate_counters(knowlify, personal, org, "RATE-014")


def _check_separate_counters(
    knowlify: Harness, one: tuple[str, str, str], other: tuple[str, str, str], requirement: str
) -> None:
    """Requests counted by ``other`` leave ``one``'s counter alone, and vice versa.

    Each counter's fall across two of the other's requests and one of its own is compared with
    its fall across one of its own alone: a counter that also counts the other's requests falls
    further. Comparing falls, not expecting one per request, leaves a request counted twice
    to RATE-005. Each argument is (name, path, key) of a GET that the counter counts.
    """
    (one_name, one_path, one_key), (other_name, other_path, other_key) = one, other
    one_0, other_0 = _baseline(knowlify, [(one_path, one_key), (other_path, other_key)], need=3)
    other_1 = _remaining(knowlify, other_path, other_key)
    one_1 = _remaining(knowlify, one_path, one_key)
    one_2 = _remaining(knowlify, one_path, one_key)
    other_2 = _remaining(knowlify, other_path, other_key)
    # A counter that never falls keeps "the other's requests left it alone" trivially true.
    _counter_moved(one_1, one_2, f"one {one_name} request")
    _counter_moved(other_0, other_1, f"one {other_name} request")
    for name, across, alone, foreign in (
        (one_name, one_0 - one_1, one_1 - one_2, other_name),
        (other_name, other_1 - other_2, other_0 - other_1, one_name),
    ):
        if across != alone:
            raise _fail(
                requirement,
                f"{name} Remaining fell by {across} across two {foreign} requests and one "
                f"{name} request, but by {alone} across one {name} request alone: "
                "the counters are not separate",
                knowlify.exchanges[-1],
            )


@requirement("RATE-015")
def test_refused_requests_count(knowlify: Harness) -> None:
    key, path = knowlify.fixture("keys.personal"), video_path(knowlify.fixture("videos.complete"))
    (before,) = _baseline(knowlify, [(path, key)], need=4)
    invalid = knowlify.post(VIDEOS, key=key, json=videos_body(task=""))
    not_json = knowlify.post(
        VIDEOS, key=key, content=b'{"videos": [', headers={"Content-Type": "application/json"}
    )
    for refused, what in ((invalid, "an empty task"), (not_json, "a body that is not JSON")):
        # Which 4xx each gets is VID-VAL-001's and VID-VAL-012's to judge; here it must be refused.
        _refused(refused, what)
    after = _remaining(knowlify, path, key)
    _counter_moved(before, after, "the GET after them")
    if after != before - 3:
        raise _fail(
            "RATE-015",
            f"Remaining went {before} -> {after} across a {invalid.status_code}, a "
            f"{not_json.status_code} and a GET: the refused requests were not counted",
            knowlify.exchanges[-1],
        )


# (expected status, request) -- authenticated errors other than 429.
_NOT_JSON = {"Content-Type": "application/json"}
ERRORS: dict[str, tuple[int, Callable[[Harness], Exchange]]] = {
    "400": (400, lambda k: k.post(VIDEOS, json=videos_body(task=""))),
    "422": (422, lambda k: k.post(VIDEOS, content=b"{", headers=_NOT_JSON)),
    "404-video": (404, lambda k: k.get(video_path(UNKNOWN_ID))),
    "403-video": (403, lambda k: k.get(video_path(k.fixture("videos.other_account")))),
    "404-edit": (404, lambda k: k.get(edit_path(UNKNOWN_ID))),
    "409-edit": (409, lambda k: k.post(EDITS, json=edit_body(k.fixture("videos.building")))),
    "402-edit": (402, lambda k: k.post(EDITS, key=k.fixture("keys.low_balance"),
                                       json=edit_body(k.fixture("videos.low_balance_complete")))),
    "409-revert": (409, lambda k: k.post(revert_path(k.fixture("edits.errored")))),
}  # fmt: skip


@requirement("RATE-016")
@pytest.mark.parametrize(("status", "send"), ERRORS.values(), ids=ERRORS.keys())
def test_errors_carry_the_rate_limit_headers(
    knowlify: Harness, status: int, send: Callable[[Harness], Exchange]
) -> None:
    exchange = send(knowlify)
    if exchange.status_code != status:
        # The status itself is another requirement's to judge; RATE-016 needs the error.
        raise NotApplicable(
            f"the probe for a {status} was answered {exchange.status_code}: no {status} to judge"
        )
    for name in RATE_LIMIT_HEADERS:
        _int_header(exchange, name, "RATE-016")
