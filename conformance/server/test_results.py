"""The 200 of POST /v1/videos (sections 3.4, 4.2, 5.1): counters, rows, per-item errors, parking.

Every check here creates jobs, so each spends. Parking depends on how many jobs the caller
already has, so each parking check uses an identity no other check touches
(``keys.parking_probe``, ``keys.promotion_probe``, ``keys.pools_*``): its pools start empty.
"""

from __future__ import annotations

import re
from typing import Any, TypeGuard

import pytest

from ..contract.constants import (
    ITEM_FAILED_CODE,
    MAX_ACTIVE_JOBS,
    RESULT_ROW_STATUSES,
    VIDEO_TERMINAL_STATUSES,
)
from ..exchange import Exchange
from ..failures import FailureFactory, NotApplicable
from ..harness import Harness
from ..judgement import premise, raise_first
from ..oracles import expect_status
from .bodies import VIDEOS, video_item, video_path, videos_body
from .shapes import judge_shape

requirement = pytest.mark.requirement
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_COUNTERS = ("total", "enqueued", "parked", "errors")


_fail = FailureFactory("batch result breaks the contract")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_uuid(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and _UUID.match(value) is not None


def check_batch(exchange: Exchange, *, items: int) -> dict[str, Any]:
    """VID-ROW-001..005 on the 200 of a batch of ``items`` items: the first broken rule raised."""
    body = check_batch_fields(exchange)
    raise_first(
        _batch_problems(body, items=items), lambda rule, problem: _fail(rule, problem, exchange)
    )
    return body


def check_batch_fields(exchange: Exchange) -> dict[str, Any]:
    """VID-ROW-001: every field, of its type."""
    try:
        body = exchange.json()
    except ValueError:
        raise _fail("VID-ROW-001", "the 200 body is not JSON", exchange) from None
    if not isinstance(body, dict):
        raise _fail("VID-ROW-001", f"the 200 body is a JSON {type(body).__name__}", exchange)
    fields = {*_COUNTERS, "status", "user_id", "org_id", "results"}
    if not fields <= set(body):
        raise _fail("VID-ROW-001", f"missing fields {sorted(fields - set(body))}", exchange)
    if body["status"] != "ok":
        raise _fail("VID-ROW-001", f"status is {body['status']!r}, not 'ok'", exchange)
    counters = {name: body[name] for name in _COUNTERS}
    if not all(_is_int(value) for value in counters.values()):
        raise _fail("VID-ROW-001", f"counters are not all integers: {counters}", exchange)
    if not isinstance(body["user_id"], str) or not isinstance(body["org_id"], str | None):
        raise _fail("VID-ROW-001", "user_id is not a string or org_id not a string/null", exchange)
    rows = body["results"]
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise _fail("VID-ROW-001", "results is not an array of objects", exchange)
    return body


_BATCH_RULES = ("VID-ROW-002", "VID-ROW-004", "VID-ROW-003", "VID-ROW-005")


def _batch_problems(body: dict[str, Any], *, items: int) -> dict[str, str]:
    """VID-ROW-002..005 on a body with every field of VID-ROW-001: each broken rule's problem."""
    problems: dict[str, str] = {}
    rows = body["results"]
    if body["total"] != items or len(rows) != items:
        problems["VID-ROW-002"] = f"{items} items sent; total {body['total']}, {len(rows)} rows"
    statuses = [row.get("status") for row in rows]
    if any(status not in RESULT_ROW_STATUSES for status in statuses):
        problems["VID-ROW-004"] = f"row statuses {statuses} outside {RESULT_ROW_STATUSES}"
    counted = {
        name: statuses.count(status)
        for name, status in zip(_COUNTERS[1:], RESULT_ROW_STATUSES, strict=True)
    }
    answered = {name: body[name] for name in _COUNTERS[1:]}
    if answered != counted or body["total"] != sum(answered.values()):
        problems["VID-ROW-003"] = (
            f"counters {answered} (total {body['total']}) but rows give {counted}"
        )
    indexes = [row.get("index") for row in rows]
    if not all(_is_int(index) for index in indexes) or sorted(indexes) != list(range(items)):
        problems["VID-ROW-005"] = f"row indexes {indexes} are not 0..{items - 1}"
    return problems


def _create(knowlify: Harness, key: str, body: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    """POST a batch that must be accepted; its rows in index order."""
    exchange = knowlify.post(VIDEOS, key=key, json=body)
    expect_status(exchange, 200, requirement=rule, why="a valid batch")
    rows = check_batch(exchange, items=len(body["videos"]))["results"]
    return sorted(rows, key=lambda row: int(row["index"]))


@requirement("VID-ROW-001", "VID-ROW-002", "VID-ROW-003", "VID-ROW-004", "VID-ROW-005",
             "VID-ROW-006")  # fmt: skip
def test_accepted_batch_has_the_documented_shape(knowlify: Harness) -> None:
    key = knowlify.fixture("keys.results_probe")
    knowlify.spend("a two-item batch")
    exchange = knowlify.post(VIDEOS, key=key, json=videos_body(2))
    body = judge_shape(
        knowlify,
        exchange,
        fields_rule="VID-ROW-001",
        why="a valid two-item batch",
        fields=check_batch_fields,
        problems=lambda found: _batch_problems(found, items=2),
        rules=_BATCH_RULES,
        failure=_fail,
    )
    with knowlify.judge("VID-ROW-006"):
        queued = [row for row in body["results"] if row.get("status") == "queued"]
        premise(bool(queued), "a queued row (keys.results_probe is a fresh account)")
        for row in queued:
            if not _is_uuid(row.get("uuid")):
                raise _fail("VID-ROW-006", f"queued row {row} has no UUID-string uuid", exchange)


def _marker_batch(knowlify: Harness, *tasks: str) -> tuple[Exchange, list[dict[str, Any]]]:
    knowlify.sandbox_only("a per-item failure")
    marker = knowlify.fixture("markers.item_failure")
    knowlify.spend("a batch with a per-item failure")
    body = {"videos": [video_item(task=t.format(marker=marker)) for t in tasks]}
    exchange = knowlify.post(VIDEOS, json=body)
    expect_status(
        exchange,
        200,
        requirement="VID-ROW-007",
        why="a valid batch whose item the sandbox fails at queueing",
    )
    rows = check_batch(exchange, items=len(tasks))["results"]
    return exchange, sorted(rows, key=lambda row: int(row["index"]))


@requirement("VID-ROW-007", "VID-ROW-008")
def test_failed_item_is_an_error_row_and_the_rest_proceed(knowlify: Harness) -> None:
    exchange, rows = _marker_batch(knowlify, "First item", "Fail here {marker}", "Third item")
    statuses = [row["status"] for row in rows]
    with knowlify.judge("VID-ROW-007"):
        if statuses[1] != "error" or not {statuses[0], statuses[2]} <= {"queued", "parked"}:
            raise _fail(
                "VID-ROW-007",
                f"rows are {statuses}: expected the middle item to fail and the others to proceed",
                exchange,
            )
    with knowlify.judge("VID-ROW-008"):
        failed = rows[1]
        premise(statuses[1] == "error", "the middle item's row is an error row")
        if failed.get("code") != ITEM_FAILED_CODE:
            raise _fail("VID-ROW-008", f"code is {failed.get('code')!r}", exchange)
        message = failed.get("message")
        if not isinstance(message, str) or not message.strip():
            raise _fail("VID-ROW-008", f"message is {message!r}, not non-empty text", exchange)
        if failed.get("index") != 1:
            raise _fail("VID-ROW-008", f"index {failed.get('index')!r} is not 1", exchange)


@requirement("VID-ROW-009")
def test_failed_row_optional_fields_are_typed(knowlify: Harness) -> None:
    exchange, rows = _marker_batch(knowlify, "Fail here {marker}")
    failed = rows[0]
    present = [name for name in ("uuid", "session_id", "chat_url") if name in failed]
    if not present:
        raise NotApplicable("the failed row carries none of uuid, session_id, chat_url")
    if "uuid" in failed and not _is_uuid(failed["uuid"]):
        raise _fail("VID-ROW-009", f"uuid {failed['uuid']!r} is not a UUID string", exchange)
    for name in ("session_id", "chat_url"):
        if name in failed and not isinstance(failed[name], str):
            raise _fail("VID-ROW-009", f"{name} {failed[name]!r} is not a string", exchange)


# --- parking ----------------------------------------------------------------------------------
def _poll_status(knowlify: Harness, key: str, video_uuid: str, rule: str) -> str:
    exchange = knowlify.get(video_path(video_uuid), key=key)
    expect_status(exchange, 200, requirement=rule, why="a GET of the caller's own job")
    status = exchange.json().get("status")
    if not isinstance(status, str):
        raise _fail(rule, f"the poll's status is {status!r}", exchange)
    return status


@requirement("VID-PARK-001", "VID-PARK-002", "VID-PARK-003", "VID-PARK-006")
def test_items_beyond_three_active_are_parked(knowlify: Harness) -> None:
    key = knowlify.fixture("keys.parking_probe")
    knowlify.spend("a five-item batch and one more item", requests=2)
    count = MAX_ACTIVE_JOBS + 2
    exchange = knowlify.post(VIDEOS, key=key, json=videos_body(count))
    if exchange.status_code != 200:  # VID-BATCH-003 judges a valid batch's answer
        raise NotApplicable(f"premise not observed: a valid {count}-item batch answered 200 "
                            f"(it got {exchange.status_code})")  # fmt: skip
    rows = sorted(check_batch(exchange, items=count)["results"], key=lambda row: row["index"])
    if any(row["status"] == "error" for row in rows):
        raise NotApplicable("the server failed an item; parking cannot be judged")
    parked = [row for row in rows if row["status"] == "parked"]
    with knowlify.judge("VID-PARK-002"):
        premise(bool(parked), "a parked row to read")
        for row in parked:
            if not _is_uuid(row.get("uuid")) or not _is_int(row.get("queue_position")):
                raise _fail(
                    "VID-PARK-002",
                    f"parked row {row} lacks a UUID uuid or an integer queue_position",
                    exchange,
                )
    with knowlify.judge("VID-PARK-001"):
        if len(parked) != count - MAX_ACTIVE_JOBS:
            raise _fail(
                "VID-PARK-001",
                f"{len(parked)} of {count} items parked with none active; "
                f"expected {count - MAX_ACTIVE_JOBS}",
                exchange,
            )
    with knowlify.judge("VID-PARK-003"):
        premise(bool(parked), "a parked row to read")
        positions = {row["index"]: row.get("queue_position") for row in parked}
        expected = {MAX_ACTIVE_JOBS + n: n + 1 for n in range(count - MAX_ACTIVE_JOBS)}
        if positions != expected:
            raise _fail(
                "VID-PARK-003",
                f"index -> queue_position is {positions}, expected {expected}",
                exchange,
            )
    later = knowlify.post(VIDEOS, key=key, json=videos_body())
    with knowlify.judge("VID-PARK-001"):
        premise(later.status_code == 200, f"one more valid item answered 200 "
                f"(it got {later.status_code})")  # fmt: skip
        if check_batch(later, items=1)["results"][0]["status"] != "parked":
            raise _fail("VID-PARK-001", "an item sent while 3 jobs render was not parked", later)
    with knowlify.judge("VID-PARK-006"):
        premise(bool(parked), "a parked job to poll")
        for row in parked:
            premise(_is_uuid(row.get("uuid")), "a parked row with a uuid to poll")
            status = _poll_status(knowlify, key, row["uuid"], "VID-PARK-006")
            if status != "pending":
                raise _fail(
                    "VID-PARK-006",
                    f"parked job {row['index']} polls as {status!r}",
                    knowlify.exchanges[-1],
                )


# Promotion order is judged from polls, so the three active jobs must free their slots one at
# a time, and the polls must come closer together than the slots free. Both spacings come from
# the target: the time its first job takes to show progress (its first status change), seen
# by polling in small steps -- never a fixed stagger that a fast renderer outruns.
_FIRST_STEP_SECONDS = 0.5
_MAX_POLLS = 40


def _time_to_progress(knowlify: Harness, key: str, video_uuid: str) -> float:
    """Clock seconds until the job's status first changes (polled every half second)."""
    first = _poll_status(knowlify, key, video_uuid, "VID-PARK-004")
    for step in range(1, _MAX_POLLS + 1):
        knowlify.wait(_FIRST_STEP_SECONDS)
        if _poll_status(knowlify, key, video_uuid, "VID-PARK-004") != first:
            return step * _FIRST_STEP_SECONDS
    raise NotApplicable(
        f"premise not observed: a job's status changed within {_MAX_POLLS} polls (stayed {first!r})"
    )


@requirement("VID-PARK-004")
def test_parked_jobs_are_promoted_in_fifo_order(knowlify: Harness) -> None:
    knowlify.needs_time_to_pass("watching promotions")
    key = knowlify.fixture("keys.promotion_probe")
    knowlify.spend("three one-item batches and a two-item batch", requests=4)
    stagger = step = 0.0
    first = ""
    for started in range(MAX_ACTIVE_JOBS):
        if started:
            knowlify.wait(stagger)
        row = _create(knowlify, key, videos_body(), "VID-PARK-004")[0]
        if row["status"] != "queued":
            raise NotApplicable("keys.promotion_probe already had active jobs")
        if not started:
            premise(_is_uuid(row.get("uuid")), "a queued row with a uuid to poll")
            # The first phase thrice: the slots free well apart, and all three jobs are still
            # active when the next two items come (a render has more phases than that).
            step = _time_to_progress(knowlify, key, row["uuid"])
            stagger = 3 * step
            first = row["uuid"]
    rows = _create(knowlify, key, videos_body(2), "VID-PARK-004")
    if [row["status"] for row in rows] != ["parked", "parked"]:
        raise NotApplicable(
            "premise not observed: the two items sent while 3 jobs were active were parked "
            f"(got {[row['status'] for row in rows]}; the first job took {step:g} s to "
            "progress; see VID-PARK-001)"
        )
    ahead, behind = (row.get("uuid") for row in rows)
    if not (_is_uuid(ahead) and _is_uuid(behind)):
        raise NotApplicable("a parked row has no UUID-string uuid to poll (see VID-PARK-002)")
    # The first job ends first and frees the first slot; the second ends a stagger later. Polls
    # of the first job closer together than that find its end while the second still renders:
    # then exactly one parked job has been promoted, and which one shows the order.
    for _ in range(_MAX_POLLS):
        knowlify.wait(2 * step)
        if _poll_status(knowlify, key, first, "VID-PARK-004") in VIDEO_TERMINAL_STATUSES:
            break
    else:
        raise NotApplicable(f"premise not observed: the first job ended within {_MAX_POLLS} polls")
    behind_left = _poll_status(knowlify, key, behind, "VID-PARK-004") != "pending"
    ahead_left = _poll_status(knowlify, key, ahead, "VID-PARK-004") != "pending"
    if behind_left and not ahead_left:
        raise _fail(
            "VID-PARK-004",
            "the job parked second left pending before the job parked first",
            knowlify.exchanges[-1],
        )
    premise(
        ahead_left and not behind_left,
        "one slot freed: exactly one parked job promoted when the first job ended "
        f"(ahead {'promoted' if ahead_left else 'pending'}, "
        f"behind {'promoted' if behind_left else 'pending'})",
    )


@requirement("VID-PARK-005")
def test_personal_and_org_pools_are_independent(knowlify: Harness) -> None:
    personal, org = knowlify.fixture("keys.pools_personal"), knowlify.fixture("keys.pools_org")
    knowlify.spend("three personal jobs and one org job", requests=2)
    rows = _create(knowlify, personal, videos_body(MAX_ACTIVE_JOBS), "VID-PARK-005")
    if any(row["status"] == "error" for row in rows):
        raise NotApplicable("a personal item failed, so the personal pool may not be full")
    exchange = knowlify.post(VIDEOS, key=org, json=videos_body())
    expect_status(exchange, 200, requirement="VID-PARK-005", why="an org key's one-item batch")
    status = check_batch(exchange, items=1)["results"][0]["status"]
    if status != "queued":
        raise _fail(
            "VID-PARK-005", f"with 3 personal jobs active the org item is {status!r}", exchange
        )
