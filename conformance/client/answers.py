"""Drawn server answers: Hypothesis strategies of scripted answer sequences, one operation each.

Where ``scenarios.yaml`` holds hand-picked answers (the explicit examples), these strategies
draw them: documented error statuses of each operation with drawn ``detail`` texts (Unicode,
quotes, newlines, 1 to 5000 characters), 429s whose ``Retry-After`` lies beyond any fixed 2-3 s
backoff, streaks of 500s, batches with drawn failed indexes, codes and messages, and bodies that
are not JSON or carry no text ``detail``. Each draw is a one-session ``Scenario`` whose
``expect`` block and ``proves`` list follow from the answers, so the existing client oracles
judge it unchanged. ``AnswerBudget`` bounds what costs real time through an adapter.

Examples shrink towards one short answer: the smallest status, a one-character detail, the
shortest ``Retry-After`` of the range, one 500, a one-item batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from hypothesis import strategies as st

from ..contract.constants import (
    EDIT_STATUSES,
    ENDPOINTS,
    ITEM_FAILED_CODE,
    RETRY_AFTER_HEADER,
    VIDEO_STATUSES,
)
from .scenarios import Expectation, Scenario, ScriptedResponse, Step, with_retry_bound

__all__ = ["ADAPTER", "IN_PROCESS", "KINDS", "AnswerBudget", "answer_sequences"]

#: Requests the operations take (valid for any client that validates what it sends).
_ARGUMENTS: Final[Mapping[str, Mapping[str, Any]]] = {
    "create_videos": {"videos": [{"task": "Explain HTTPS"}]},
    "get_video": {"uuid": "550e8400-e29b-41d4-a716-446655440000"},
    "create_edit": {
        "video_uuid": "550e8400-e29b-41d4-a716-446655440000",
        "edit_request": "Make the intro shorter",
    },
    "get_edit": {"edit_id": "e942890a-7776-4029-82d6-ce733d0a2cb2"},
    "revert_edit": {"edit_id": "e942890a-7776-4029-82d6-ce733d0a2cb2"},
}
_OPERATION_IDS: Final = {
    "create_videos": "createVideos",
    "get_video": "getVideo",
    "create_edit": "createEdit",
    "get_edit": "getEdit",
    "revert_edit": "revertEdit",
}
_ENDPOINTS: Final = {e.operation_id: e for e in ENDPOINTS}
#: The retry rule each request-fault status falls under.
_NOT_RETRIED: Final = {
    400: "CLI-RETRY-001", 401: "CLI-RETRY-001", 403: "CLI-RETRY-001", 422: "CLI-RETRY-001",
    402: "CLI-RETRY-002", 404: "CLI-RETRY-003", 409: "CLI-RETRY-003", 415: "CLI-RETRY-003",
}  # fmt: skip
_JSON: Final = (("Content-Type", "application/json"),)
_USER_ID: Final = "8d0c5d52-2f0e-4a8f-9d1b-3f5b8f7a9c01"
_SPECIAL: Final = "\"'\\\n\r\t <>&{}é進✓\u2028😀"


@dataclass(frozen=True, slots=True)
class AnswerBudget:
    """What a drawn sequence may cost: the ``Retry-After`` range (whole seconds, its lower
    end above any fixed 2-3 s backoff) and the longest streak of 500s before a 200."""

    retry_after: tuple[int, int]
    max_streak: int


#: In process the clock is virtual: waits cost nothing.
IN_PROCESS: Final = AnswerBudget(retry_after=(4, 120), max_streak=3)
#: Through an adapter every wait is real.
ADAPTER: Final = AnswerBudget(retry_after=(4, 6), max_streak=2)


def details(max_size: int = 5000) -> st.SearchStrategy[str]:
    """``detail`` texts of 1 to ``max_size`` characters: any Unicode, quotes, newlines, and
    long repeats of a short unit; shrinks towards one character."""
    unit = st.text(st.sampled_from(_SPECIAL) | st.characters(codec="utf-8"), min_size=1)
    return st.one_of(
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=200),
        st.text(st.sampled_from(_SPECIAL), min_size=1, max_size=50),
        st.builds(lambda text, n: (text * n)[:n], unit, st.integers(1, max_size)),
    )


def _json(status: int, body: Any, headers: tuple[tuple[str, str], ...] = ()) -> ScriptedResponse:
    return ScriptedResponse(status, (*headers, *_JSON), json.dumps(body).encode("utf-8"))


def _scenario(kind: str, proves: set[str], *steps: Step) -> Scenario:
    return Scenario(
        f"SCN-DRAWN-{kind.upper()}", f"drawn {kind} answers", tuple(sorted(proves)), steps
    )


def _step(
    operation: str,
    responses: tuple[ScriptedResponse, ...],
    expect: Expectation,
    options: Mapping[str, Any] | None = None,
    arguments: Mapping[str, Any] | None = None,
) -> Step:
    expect = with_retry_bound(expect, responses)
    args = _ARGUMENTS[operation] if arguments is None else arguments
    return Step(operation, args, dict(options or {}), responses, (), expect)


@st.composite
def _error_answers(draw: st.DrawFn, budget: AnswerBudget) -> Scenario:
    operation = draw(st.sampled_from(sorted(_OPERATION_IDS)))
    statuses = sorted(_ENDPOINTS[_OPERATION_IDS[operation]].error_statuses & set(_NOT_RETRIED))
    status = draw(st.sampled_from(statuses))
    detail = draw(details())
    expect = Expectation(outcome="error", error_status=status, error_detail=detail, attempts=1)
    step = _step(operation, (_json(status, {"detail": detail}),), expect)
    proves = {"CLI-ERR-001", _NOT_RETRIED[status], "CLI-SEC-001", "CLI-SEC-003"}
    return _scenario("error", proves, step)


@st.composite
def _success(draw: st.DrawFn, operation: str) -> tuple[ScriptedResponse, Expectation, set[str]]:
    """A 200 for ``operation`` and what the client must show of it."""
    ident = str(draw(st.uuids()))
    if operation == "create_videos":
        row = {"index": 0, "uuid": ident, "status": "queued"}
        body = _batch_body([row])
        rows = ({"index": 0, "status": "queued"},)
        return _json(200, body), Expectation(outcome="ok", rows=rows), {"CLI-ITEM-006"}
    if operation == "get_video":
        status = draw(st.sampled_from(VIDEO_STATUSES))
        body = {"uuid": ident, "status": status, "is_complete": status == "complete",
                "is_failed": status == "failed", "progress": {}, "error_message": None,
                "task": "t", "created_at": "2026-04-25T12:34:56.789012+00:00",
                "updated_at": "2026-04-25T12:34:56.789012+00:00"}  # fmt: skip
        return (
            _json(200, body),
            Expectation(outcome="ok", result={"uuid": ident, "status": status}),
            {"CLI-RES-001"},
        )
    choices = {"create_edit": ("queued", "processing"), "revert_edit": ("reverted",)}
    status = draw(st.sampled_from(choices.get(operation, EDIT_STATUSES)))
    done = status in ("complete", "reverted")
    body = {"edit_id": ident, "video_uuid": _ARGUMENTS["get_video"]["uuid"], "status": status,
            "is_complete": done, "is_failed": status == "error", "progress": {},
            "result": {"link": "https://cdn.knowlify.com/v/1.mp4"} if done else None,
            "error_message": "failed" if status == "error" else None,
            "created_at": "2026-04-25T12:40:00.000001+00:00",
            "updated_at": "2026-04-25T12:40:00.000001+00:00"}  # fmt: skip
    expect = Expectation(outcome="ok", result={"edit_id": ident, "status": status})
    return _json(200, body), expect, {"CLI-RES-001"}


def _retried_proves(operation: str) -> set[str]:
    proves = {"CLI-SEC-001"}
    if operation == "create_edit":
        proves |= {"CLI-IDEM-001", "CLI-IDEM-003"}
    return proves


@st.composite
def _rate_limited(draw: st.DrawFn, budget: AnswerBudget) -> Scenario:
    operation = draw(st.sampled_from(sorted(_OPERATION_IDS)))
    bucket = _ENDPOINTS[_OPERATION_IDS[operation]].bucket
    low, high = budget.retry_after
    waits = draw(st.lists(st.integers(low, high), min_size=1, max_size=2))
    limited = tuple(
        _json(
            429,
            {"detail": f"Rate limit exceeded: {bucket.limit} requests per "
                       f"{bucket.window_seconds}s. Retry in {wait}s."},
            ((RETRY_AFTER_HEADER, str(wait)), ("X-RateLimit-Limit", str(bucket.limit)),
             ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", str(wait))),
        )
        for wait in waits
    )  # fmt: skip
    answer, expect, proves = draw(_success(operation))
    timeout = float(sum(waits) + 20)
    expect = _with(expect, attempts=len(waits) + 1, timeout_seconds=timeout)
    step = _step(operation, (*limited, answer), expect)
    return _scenario("rate-limit", {"CLI-RETRY-004", *proves, *_retried_proves(operation)}, step)


@st.composite
def _server_errors(draw: st.DrawFn, budget: AnswerBudget) -> Scenario:
    operation = draw(st.sampled_from(sorted(_OPERATION_IDS)))
    streak = tuple(
        _json(500, {"detail": text})
        for text in draw(st.lists(details(200), min_size=1, max_size=budget.max_streak))
    )
    if draw(st.booleans()):  # endless: the last 500 answers every further attempt
        last = json.loads(streak[-1].body)["detail"]
        expect = Expectation(outcome="error", error_status=500, error_detail=last,
                             min_attempts=2, timeout_seconds=90.0)  # fmt: skip
        step = _step(operation, streak, expect, options={"max_attempts": 3})
        proves = {"CLI-RETRY-005", "CLI-RETRY-006", "CLI-ERR-001", "CLI-SEC-001"}
        return _scenario("server-error", proves, step)
    answer, expect, proves = draw(_success(operation))
    expect = _with(expect, attempts=len(streak) + 1, timeout_seconds=90.0)
    step = _step(operation, (*streak, answer), expect, options={"max_attempts": len(streak) + 1})
    proves |= {"CLI-RETRY-005", *_retried_proves(operation)}
    return _scenario("server-error", proves, step)


_ODD_BODIES: Final = (
    ("", None, "CLI-ERR-002"),
    ("<html><body><h1>Bad Gateway</h1></body></html>", "text/html", "CLI-ERR-002"),
    ("Service Unavailable\n", "text/plain", "CLI-ERR-002"),
    ('{"detail": "trunc', "application/json", "CLI-ERR-002"),
    ("{}", "application/json", "CLI-ERR-003"),
    ("[]", "application/json", "CLI-ERR-003"),
    ('{"detail": null}', "application/json", "CLI-ERR-003"),
    ('{"detail": 42}', "application/json", "CLI-ERR-003"),
    ('{"detail": [{"loc": ["body"], "msg": "x", "type": "value_error"}]}', "application/json",
     "CLI-ERR-003"),
    ('{"detail": {"message": "nested"}}', "application/json", "CLI-ERR-003"),
)  # fmt: skip


@st.composite
def _odd_bodies(draw: st.DrawFn, budget: AnswerBudget) -> Scenario:
    operation = draw(st.sampled_from(sorted(_OPERATION_IDS)))
    faults = sorted(_ENDPOINTS[_OPERATION_IDS[operation]].error_statuses & set(_NOT_RETRIED))
    status = draw(st.sampled_from([*faults, 500, 502, 503, 504]))
    body, content_type, rule = draw(st.sampled_from(_ODD_BODIES))
    headers = (("Content-Type", content_type),) if content_type else ()
    answer = ScriptedResponse(status, headers, body.encode("utf-8"))
    proves = {rule, "CLI-SEC-001"}
    if status in _NOT_RETRIED:
        expect = Expectation(outcome="error", error_status=status, attempts=1)
        proves.add(_NOT_RETRIED[status])
    else:
        expect = Expectation(outcome="error", error_status=status, timeout_seconds=90.0)
    step = _step(operation, (answer,), expect, options={"max_attempts": 2})
    return _scenario("odd-body", proves, step)


@st.composite
def _batches(draw: st.DrawFn, budget: AnswerBudget) -> Scenario:
    size = draw(st.integers(1, 8))
    failed = draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=size, unique=True))
    failed.sort()
    # The documented codes: ITEM_FAILED is "the only value emitted today" (a row with another
    # code breaks the documented schema, and a client may refuse it).
    codes = st.sampled_from((ITEM_FAILED_CODE,))
    rows, expected_rows, exposed, parked = [], [], [], 0
    for index in range(size):
        if index in failed:
            code, message = draw(codes), draw(details(300))
            rows.append({"index": index, "status": "error", "code": code, "message": message})
            exposed.append({"index": index, "code": code, "message": message})
            expected_rows.append({"index": index, "status": "error"})
        elif draw(st.booleans()):
            parked += 1
            rows.append({"index": index, "uuid": str(draw(st.uuids())), "status": "parked",
                         "queue_position": parked})  # fmt: skip
            expected_rows.append({"index": index, "status": "parked", "queue_position": parked})
        else:
            rows.append({"index": index, "uuid": str(draw(st.uuids())), "status": "queued"})
            expected_rows.append({"index": index, "status": "queued"})
    videos = [{"task": f"Explain topic {index}"} for index in range(size)]
    first = _step(
        "create_videos",
        (_json(200, _batch_body(rows)),),
        Expectation(outcome="ok", failed=tuple(exposed), rows=tuple(expected_rows), attempts=1),
        arguments={"videos": videos},
    )
    again = [draw(st.sampled_from(("queued", "error"))) for _ in failed]
    new_rows: list[dict[str, Any]] = []
    for n, status in enumerate(again):
        row: dict[str, Any] = {"index": n, "status": status}
        if status == "error":
            row |= {"code": ITEM_FAILED_CODE, "message": "again"}
        else:
            row["uuid"] = str(draw(st.uuids()))
        new_rows.append(row)
    mapped = tuple({"index": failed[n], "status": status} for n, status in enumerate(again))
    second = _step(
        "resubmit_failed",
        (_json(200, _batch_body(new_rows)),),
        Expectation(outcome="ok", rows=mapped, resend_of=tuple(failed), attempts=1),
        arguments={},
    )
    proves = {"CLI-ITEM-001", "CLI-ITEM-002", "CLI-ITEM-003", "CLI-ITEM-006", "CLI-SEC-001"}
    return _scenario("batch", proves, first, second)


def _batch_body(rows: list[dict[str, Any]]) -> dict[str, Any]:
    errors = sum(1 for row in rows if row["status"] == "error")
    parked = sum(1 for row in rows if row["status"] == "parked")
    return {"status": "ok", "total": len(rows), "enqueued": len(rows) - errors - parked,
            "parked": parked, "errors": errors, "user_id": _USER_ID, "org_id": None,
            "results": rows}  # fmt: skip


def _with(expect: Expectation, **changes: Any) -> Expectation:
    import dataclasses

    return dataclasses.replace(expect, **changes)


#: Each kind of drawn answers: its strategy, and the requirements its scenarios may prove.
_Kind = tuple[Callable[[AnswerBudget], st.SearchStrategy[Scenario]], frozenset[str]]
KINDS: Final[Mapping[str, _Kind]] = {
    "error": (_error_answers, frozenset({"CLI-ERR-001", "CLI-RETRY-001", "CLI-RETRY-002",
                                         "CLI-RETRY-003", "CLI-SEC-001", "CLI-SEC-003"})),
    "rate-limit": (_rate_limited, frozenset({"CLI-RETRY-004", "CLI-RES-001", "CLI-ITEM-006",
                                             "CLI-IDEM-001", "CLI-IDEM-003", "CLI-SEC-001"})),
    "server-error": (_server_errors, frozenset({"CLI-RETRY-005", "CLI-RETRY-006", "CLI-ERR-001",
                                                "CLI-RES-001", "CLI-ITEM-006", "CLI-IDEM-001",
                                                "CLI-IDEM-003", "CLI-SEC-001"})),
    "odd-body": (_odd_bodies, frozenset({"CLI-ERR-002", "CLI-ERR-003", "CLI-RETRY-001",
                                         "CLI-RETRY-002", "CLI-RETRY-003", "CLI-SEC-001"})),
    "batch": (_batches, frozenset({"CLI-ITEM-001", "CLI-ITEM-002", "CLI-ITEM-003",
                                   "CLI-ITEM-006", "CLI-SEC-001"})),
}  # fmt: skip


def answer_sequences(
    kind: str, *, budget: AnswerBudget = IN_PROCESS
) -> st.SearchStrategy[Scenario]:
    """One-session scenarios of drawn answers of ``kind`` (a key of ``KINDS``), within
    ``budget``; shrinks towards one short answer."""
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r} is not one of {sorted(KINDS)}")
    return KINDS[kind][0](budget)
