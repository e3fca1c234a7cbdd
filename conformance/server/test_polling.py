"""GET /v1/videos/{uuid} (section 5.2): the poll's shape, its statuses, and how they move."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from ..contract.constants import (
    TASK_MAX_LENGTH,
    VIDEO_STATUSES,
    VIDEO_STATUSES_SEEN_LIVE,
    VIDEO_TERMINAL_STATUSES,
)
from ..exchange import Exchange
from ..failures import FailureFactory, NotApplicable
from ..harness import Harness
from ..judgement import premise, raise_first
from ..oracles import expect_status
from .bodies import UNKNOWN_ID, VIDEOS, video_item, video_path
from .shapes import judge_shape
from .test_results import check_batch

requirement = pytest.mark.requirement
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")
_LIVE_ONLY_STATUSES = VIDEO_STATUSES_SEEN_LIVE  # its place in the order is unknown
_ALLOWED_STATUSES = (*VIDEO_STATUSES, *_LIVE_ONLY_STATUSES)
# Documented order, `failed` aside: it may follow any stage (section 5.2, lifecycle).
_RANK = {status: rank for rank, status in enumerate(s for s in VIDEO_STATUSES if s != "failed")}
_FIXTURES = ["complete", "errored", "building"]


_fail = FailureFactory("video poll breaks the contract")


def check_video_fields(exchange: Exchange) -> dict[str, Any]:
    """VID-POLL-001: every field, of its type."""
    try:
        body = exchange.json()
    except ValueError:
        raise _fail("VID-POLL-001", "the 200 body is not JSON", exchange) from None
    texts = ("uuid", "status", "task", "created_at", "updated_at")
    fields = {*texts, "is_complete", "is_failed", "progress", "error_message"}
    if not isinstance(body, dict) or not fields <= set(body):
        missing = sorted(fields - set(body)) if isinstance(body, dict) else "all"
        raise _fail("VID-POLL-001", f"missing fields {missing}", exchange)
    wrong = [name for name in texts if not isinstance(body[name], str)]
    wrong += [name for name in ("is_complete", "is_failed") if not isinstance(body[name], bool)]
    if not isinstance(body["progress"], dict):
        wrong.append("progress")
    if not isinstance(body["error_message"], str | None):
        wrong.append("error_message")
    if wrong:
        raise _fail("VID-POLL-001", f"fields of the wrong type: {wrong}", exchange)
    return body


_VIDEO_SHAPE_RULES = ("VID-POLL-002", "VID-POLL-003", "VID-POLL-004", "VID-POLL-005")


def _video_problems(body: dict[str, Any], *, video_uuid: str) -> dict[str, str]:
    """VID-POLL-002..005 on a body with every field of VID-POLL-001: each broken rule's problem."""
    problems: dict[str, str] = {}
    if body["uuid"] != video_uuid:
        problems["VID-POLL-002"] = f"uuid {body['uuid']!r} does not echo {video_uuid!r}"
    status = body["status"]
    if status not in _ALLOWED_STATUSES:
        problems["VID-POLL-003"] = f"status {status!r} is not a documented stage"
    if (
        body["is_complete"] != (status == "complete")
        or body["is_failed"] != (status == "failed")
        or (status != "failed" and body["error_message"] is not None)
    ):
        problems["VID-POLL-004"] = f"flags or error_message disagree with {status!r}"
    for stamp in ("created_at", "updated_at"):
        if not _TIMESTAMP.match(body[stamp]):
            problems.setdefault(
                "VID-POLL-005", f"{stamp} {body[stamp]!r} is not ISO-8601 µs +00:00"
            )
    return problems


def check_video_shape(exchange: Exchange, *, video_uuid: str) -> dict[str, Any]:
    """VID-POLL-001..005 on one 200 of GET /v1/videos/{uuid}: the first broken rule raised."""
    body = check_video_fields(exchange)
    problems = _video_problems(body, video_uuid=video_uuid)
    raise_first(problems, lambda rule, problem: _fail(rule, problem, exchange))
    return body


def _poll(knowlify: Harness, video_uuid: str, rule: str, key: str | None = None) -> str:
    exchange = knowlify.get(video_path(video_uuid), key=key or knowlify.fixture("keys.personal"))
    expect_status(exchange, 200, requirement=rule, why="a GET of the caller's own video")
    return str(check_video_shape(exchange, video_uuid=video_uuid)["status"])


@requirement("VID-POLL-001", "VID-POLL-002", "VID-POLL-003", "VID-POLL-004", "VID-POLL-005")
@pytest.mark.parametrize("video", _FIXTURES)
def test_poll_shape(knowlify: Harness, video: str) -> None:
    video_uuid = knowlify.fixture(f"videos.{video}")
    judge_shape(
        knowlify,
        knowlify.get(video_path(video_uuid)),
        fields_rule="VID-POLL-001",
        why="a GET of the caller's video",
        fields=check_video_fields,
        problems=lambda body: _video_problems(body, video_uuid=video_uuid),
        rules=_VIDEO_SHAPE_RULES,
        failure=_fail,
    )


@requirement("VID-POLL-008")
@pytest.mark.parametrize("video", _FIXTURES)
def test_progress_subfields(knowlify: Harness, video: str) -> None:
    video_uuid = knowlify.fixture(f"videos.{video}")
    exchange = knowlify.get(video_path(video_uuid))
    expect_status(exchange, 200, requirement="VID-POLL-008", why="a GET of the caller's video")
    body = check_video_shape(exchange, video_uuid=video_uuid)
    progress = body["progress"]
    if progress.get("stage") != body["status"]:
        raise _fail(
            "VID-POLL-008",
            f"progress.stage {progress.get('stage')!r} is not the status {body['status']!r}",
            exchange,
        )
    numbers = {name: progress.get(name) for name in ("percent", "current_scene", "total_scenes")}
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in numbers.values()):
        raise _fail("VID-POLL-008", f"progress numbers are not all integers: {numbers}", exchange)
    if not 0 <= numbers["percent"] <= 100:
        raise _fail("VID-POLL-008", f"percent {numbers['percent']} is outside 0-100", exchange)


@requirement("VID-POLL-002")
def test_poll_echoes_the_task(knowlify: Harness) -> None:
    knowlify.spend("a one-item batch to poll")
    # As long as a task may be, so a store that cuts it short is seen.
    opening = f"Explain conformance polling, run {uuid.uuid4()}."
    task = (opening + " Every word of this prompt must come back." * 200)[:TASK_MAX_LENGTH].rstrip()
    created = knowlify.post(VIDEOS, json={"videos": [video_item(task=task)]})
    expect_status(created, 200, requirement="VID-POLL-002", why="a valid one-item batch")
    video_uuid = check_batch(created, items=1)["results"][0].get("uuid")
    if not isinstance(video_uuid, str):
        raise NotApplicable("the accepted row carries no uuid to poll")
    exchange = knowlify.get(video_path(video_uuid))
    expect_status(exchange, 200, requirement="VID-POLL-002", why="a GET of the job just created")
    echoed = check_video_shape(exchange, video_uuid=video_uuid)["task"]
    if echoed != task:
        raise _fail(
            "VID-POLL-002",
            f"task {echoed[:80]!r}... ({len(echoed)} characters) is not the "
            f"{len(task)}-character prompt sent",
            exchange,
        )


@requirement("VID-POLL-006")
@pytest.mark.parametrize("video", ["complete", "errored"])
def test_terminal_status_never_changes(knowlify: Harness, video: str) -> None:
    video_uuid = knowlify.fixture(f"videos.{video}")
    first = _poll(knowlify, video_uuid, "VID-POLL-006")
    if first not in VIDEO_TERMINAL_STATUSES:
        raise NotApplicable(f"fixture videos.{video} polls as {first!r}, not terminal")
    again = _poll(knowlify, video_uuid, "VID-POLL-006")
    if again != first:
        raise _fail(
            "VID-POLL-006", f"terminal status {first!r} became {again!r}", knowlify.exchanges[-1]
        )


def _order_problems(history: list[tuple[str, Exchange]]) -> dict[str, tuple[str, Exchange]]:
    """VID-POLL-006 and -007 over one job's successive polls: each broken rule's first
    problem, with the poll that shows it."""
    problems: dict[str, tuple[str, Exchange]] = {}
    last: str | None = None
    for status, exchange in history:
        if last in VIDEO_TERMINAL_STATUSES and status != last:
            problems.setdefault(
                "VID-POLL-006", (f"terminal status {last!r} became {status!r}", exchange)
            )
        if status == "failed":
            last = status
        elif status in _RANK:
            if last in _RANK and _RANK[status] < _RANK[last]:
                problems.setdefault(
                    "VID-POLL-007", (f"status moved back from {last!r} to {status!r}", exchange)
                )
            last = status
    return problems


_STEP_SECONDS = 5.0
_MAX_POLLS = 60
_SETTLE_SECONDS = 30.0


@requirement("VID-POLL-006", "VID-POLL-007")
def test_status_never_moves_backwards(knowlify: Harness) -> None:
    knowlify.needs_time_to_pass("watching a job render")
    key = knowlify.fixture("keys.polling_probe")
    knowlify.spend("a job to watch (and one the sandbox fails)", requests=2)
    tasks = ["Explain how HTTPS works in 30 seconds"]
    marker = knowlify.config.fixtures.get("markers.render_failure")
    if marker:
        tasks.append(f"Fail while rendering {marker}")
    created = knowlify.post(VIDEOS, key=key, json={"videos": [video_item(task=t) for t in tasks]})
    expect_status(created, 200, requirement="VID-POLL-007", why="a valid batch to watch")
    rows = sorted(check_batch(created, items=len(tasks))["results"], key=lambda r: r["index"])
    uuids = [row.get("uuid") for row in rows]
    if not all(isinstance(u, str) for u in uuids):
        raise NotApplicable("an accepted row carries no uuid to poll")
    histories: dict[str, list[tuple[str, Exchange]]] = {u: [] for u in uuids}
    for _ in range(_MAX_POLLS):
        for video_uuid, history in histories.items():
            # Judged once the jobs are done, each rule on its own (a disabled VID-POLL-007
            # must not stop VID-POLL-006).
            history.append(
                (_poll(knowlify, video_uuid, "VID-POLL-007", key), knowlify.exchanges[-1])
            )
        if all(h[-1][0] in VIDEO_TERMINAL_STATUSES for h in histories.values()):
            break
        knowlify.wait(_STEP_SECONDS)
    else:
        raise NotApplicable(f"the jobs did not finish within {_MAX_POLLS} polls")
    knowlify.wait(_SETTLE_SECONDS)
    problems: dict[str, tuple[str, Exchange]] = {}
    for video_uuid, history in histories.items():
        history.append((_poll(knowlify, video_uuid, "VID-POLL-006", key), knowlify.exchanges[-1]))
        problems = {**_order_problems(history), **problems}
    watched = {status for status, _ in histories[uuids[0]]}
    for rule in ("VID-POLL-006", "VID-POLL-007"):
        with knowlify.judge(rule):
            if rule in problems:
                raise _fail(rule, *problems[rule])
            premise(len(watched) >= 3, f"enough stages to judge order (saw {sorted(watched)})")


@requirement("VID-POLL-009")
def test_poll_of_another_accounts_video_is_403(knowlify: Harness) -> None:
    exchange = knowlify.get(video_path(knowlify.fixture("videos.other_account")))
    expect_status(exchange, 403, requirement="VID-POLL-009", why="a video of another account")


@requirement("VID-POLL-010")
def test_poll_of_unknown_video_is_404(knowlify: Harness) -> None:
    for video_uuid in (str(uuid.uuid4()), str(uuid.uuid4()), UNKNOWN_ID):
        exchange = knowlify.get(video_path(video_uuid))
        expect_status(exchange, 404, requirement="VID-POLL-010", why="a uuid never issued")
