"""POST /v1/edits and GET /v1/edits/{edit_id} (section 6.1, 6.3): faults, credits, shape."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ..contract.constants import (
    EDIT_ACCEPTED_STATUSES,
    EDIT_ACTIVE_STATUSES,
    EDIT_REQUEST_MAX_LENGTH,
    EDIT_REQUEST_MIN_LENGTH,
    EDIT_STATUSES,
    INSUFFICIENT_CREDITS_PATTERN,
    REFERENCE_IMAGE_URLS_MAX,
)
from ..exchange import Exchange
from ..failures import ConformanceFailure, FailureFactory, NotApplicable
from ..harness import Harness
from ..judgement import premise, raise_first
from ..oracles import expect_status
from .bodies import EDITS, UNKNOWN_ID, edit_body, edit_path
from .shapes import judge_shape

requirement = pytest.mark.requirement
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")


_fail = FailureFactory("edit body breaks the contract")
_refused = FailureFactory("a valid edit request is refused")
_OK_URL = "https://images.example/a.png"
_URLS_MAX = REFERENCE_IMAGE_URLS_MAX

# The bodies that must be refused (400) are the bad-input families, sent by test_bad_input.py;
# the hand-picked ones are their explicit examples (families.py).


# Answers that refuse the body itself; any other refusal (402, 429 ...) is about something else.
_BODY_REFUSED = {400, 413, 422}


@requirement("EDIT-001")
@pytest.mark.parametrize("length", [EDIT_REQUEST_MIN_LENGTH, EDIT_REQUEST_MAX_LENGTH])
def test_edit_request_at_its_length_bounds_is_accepted(knowlify: Harness, length: int) -> None:
    knowlify.spend(f"an edit whose edit_request has {length} character(s)")
    body = edit_body(knowlify.fixture("videos.complete"), edit_request="x" * length)
    exchange = knowlify.post(EDITS, json=body)
    if exchange.status_code in _BODY_REFUSED:
        raise _refused(
            "EDIT-001",
            f"an edit_request of {length} character(s) is within 1-5000 but got "
            f"{exchange.status_code}",
            exchange,
        )
    if exchange.status_code not in EDIT_ACCEPTED_STATUSES:
        raise NotApplicable(f"the edit was answered {exchange.status_code}: not about its length")


@requirement("EDIT-007")
def test_edit_body_that_is_not_json_is_422(knowlify: Harness) -> None:
    exchange = knowlify.post(
        EDITS, content=b'{"video_uuid": ', headers={"Content-Type": "application/json"}
    )
    expect_status(exchange, 422, requirement="EDIT-007", why="a truncated JSON body")


@requirement("EDIT-008")
def test_empty_edit_body_is_422(knowlify: Harness) -> None:
    exchange = knowlify.post(EDITS, content=b"", headers={"Content-Type": "application/json"})
    expect_status(exchange, 422, requirement="EDIT-008", why="an empty body")


@requirement("EDIT-009")
def test_edit_of_unknown_video_is_404(knowlify: Harness) -> None:
    exchange = knowlify.post(EDITS, json=edit_body(UNKNOWN_ID))
    expect_status(exchange, 404, requirement="EDIT-009", why="a video_uuid that does not exist")


@requirement("EDIT-010")
def test_edit_of_another_accounts_video_is_403(knowlify: Harness) -> None:
    exchange = knowlify.post(EDITS, json=edit_body(knowlify.fixture("videos.other_account")))
    expect_status(exchange, 403, requirement="EDIT-010", why="a video owned by another account")


@requirement("EDIT-011")
@pytest.mark.parametrize("video", ["building", "errored"])
def test_edit_of_an_unfinished_video_is_409(knowlify: Harness, video: str) -> None:
    exchange = knowlify.post(EDITS, json=edit_body(knowlify.fixture(f"videos.{video}")))
    expect_status(exchange, 409, requirement="EDIT-011", why=f"a video that is {video}")


def check_edit_shape(exchange: Exchange, *, edit_id: str | None = None) -> dict[str, Any]:
    """EDIT-016..EDIT-021 on one GET-shaped edit body: the first broken rule is raised."""
    body = check_edit_shape_fields(exchange)
    problems = _edit_problems(body, edit_id=edit_id)
    raise_first(problems, lambda rule, problem: _fail(rule, problem, exchange))
    return body


def check_edit_shape_fields(exchange: Exchange) -> dict[str, Any]:
    """EDIT-016: every field, of its type."""
    body = exchange.json()
    fields = {"edit_id", "video_uuid", "status", "is_complete", "is_failed", "progress",
              "error_message", "created_at", "updated_at"}  # fmt: skip
    if not isinstance(body, dict) or not fields <= set(body):
        missing = sorted(fields - set(body)) if isinstance(body, dict) else "all"
        raise _fail("EDIT-016", f"missing fields {missing}", exchange)
    if not isinstance(body["is_complete"], bool) or not isinstance(body["is_failed"], bool):
        raise _fail("EDIT-016", "is_complete / is_failed are not booleans", exchange)
    if not isinstance(body["progress"], dict):
        raise _fail("EDIT-016", "progress is not an object", exchange)
    return body


_EDIT_SHAPE_RULES = ("EDIT-017", "EDIT-018", "EDIT-019", "EDIT-020", "EDIT-021")


def _edit_problems(body: dict[str, Any], *, edit_id: str | None) -> dict[str, str]:
    """EDIT-017..021 on a body with every field of EDIT-016: each broken rule's problem."""
    problems: dict[str, str] = {}
    if edit_id is not None and body["edit_id"] != edit_id:
        problems["EDIT-017"] = f"edit_id {body['edit_id']!r} does not echo {edit_id!r}"
    status = body["status"]
    if status not in EDIT_STATUSES:
        problems["EDIT-018"] = f"status {status!r} is not a documented edit status"
    if (
        body["is_complete"] != (status in {"complete", "reverted"})
        or body["is_failed"] != (status == "error")
        or (status != "error" and body["error_message"] is not None)
    ):
        problems["EDIT-019"] = f"flags disagree with status {status!r}"
    if status in {"complete", "reverted"} and not isinstance(body.get("result"), dict):
        problems["EDIT-020"] = f"status {status!r} but result is {body.get('result')!r}"
    for stamp in ("created_at", "updated_at"):
        if not isinstance(body[stamp], str) or not _TIMESTAMP.match(body[stamp]):
            problems.setdefault("EDIT-021", f"{stamp} {body[stamp]!r} is not ISO-8601 µs +00:00")
    return problems


@requirement("EDIT-016", "EDIT-017", "EDIT-018", "EDIT-019", "EDIT-020", "EDIT-021")
@pytest.mark.parametrize("edit", ["revertable", "errored"])
def test_get_edit_shape(knowlify: Harness, edit: str) -> None:
    edit_id = knowlify.fixture(f"edits.{edit}")
    judge_shape(
        knowlify,
        knowlify.get(edit_path(edit_id)),
        fields_rule="EDIT-016",
        why="GET of the caller's own edit",
        fields=check_edit_shape_fields,
        problems=lambda body: _edit_problems(body, edit_id=edit_id),
        rules=_EDIT_SHAPE_RULES,
        failure=_fail,
        # EDIT-020 is about the result of a complete or reverted edit: only such an edit shows it.
        unobserved=lambda body: (
            {}
            if body["status"] in {"complete", "reverted"}
            else {"EDIT-020": f"a complete or reverted edit to read result on ({body['status']!r})"}
        ),
    )


@requirement("EDIT-023")
def test_get_of_another_accounts_edit_is_403(knowlify: Harness) -> None:
    exchange = knowlify.get(edit_path(knowlify.fixture("edits.other_account")))
    expect_status(exchange, 403, requirement="EDIT-023", why="an edit submitted by another account")


@requirement("EDIT-024")
def test_get_of_unknown_edit_is_404(knowlify: Harness) -> None:
    expect_status(
        knowlify.get(edit_path(UNKNOWN_ID)),
        404,
        requirement="EDIT-024",
        why="an edit_id that does not exist",
    )


@requirement("EDIT-012", "EDIT-013", "EDIT-015")
def test_accepted_edits_are_serialized_per_video(knowlify: Harness) -> None:
    knowlify.spend("creating two edits", requests=2)
    knowlify.reserve("edits", 3)  # no pacing wait may let the first edit finish in between
    video = knowlify.fixture("videos.complete")
    first = knowlify.post(EDITS, json=edit_body(video))
    with knowlify.judge("EDIT-012"):
        expect_status(
            first, EDIT_ACCEPTED_STATUSES, requirement="EDIT-012", why="an own video's edit"
        )
        edit_id = first.json().get("edit_id")
        if not isinstance(edit_id, str) or not _UUID.match(edit_id):
            raise _fail("EDIT-012", f"edit_id {edit_id!r} is not a UUID string", first)
    if first.status_code not in EDIT_ACCEPTED_STATUSES:
        raise NotApplicable(f"premise not observed: an accepted edit (got {first.status_code})")
    body = first.json()
    with knowlify.judge("EDIT-013"):
        if body.get("status") not in {"queued", "processing"}:
            raise _fail("EDIT-013", f"a new edit is {body.get('status')!r}", first)
    with knowlify.judge("EDIT-015"):
        premise(isinstance(body.get("edit_id"), str), "the first edit's edit_id, to poll it")
        second = knowlify.post(EDITS, json=edit_body(video))
        if second.json().get("status") == "queued":
            return
        still = knowlify.get(edit_path(str(body["edit_id"]))).json().get("status")
        premise(still in EDIT_ACTIVE_STATUSES, f"the first edit still active when the second "
                f"arrived (it was {still!r})")  # fmt: skip
        raise _fail(
            "EDIT-015",
            f"a second edit is {second.json().get('status')!r} while the first is {still!r}",
            second,
        )


@requirement("EDIT-014")
def test_accepted_edit_has_the_get_shape(knowlify: Harness) -> None:
    knowlify.spend("creating an edit")
    exchange = knowlify.post(EDITS, json=edit_body(knowlify.fixture("videos.complete")))
    expect_status(exchange, 200, requirement="EDIT-014", why="an accepted edit")
    try:
        check_edit_shape(exchange)
    except ConformanceFailure as failure:
        raise _fail("EDIT-014", f"not the GET shape: {failure.message}", exchange) from None


@requirement("CRED-001", "CRED-002", "CRED-003", "CRED-004")
def test_balance_below_worst_case_is_402(knowlify: Harness) -> None:
    key = knowlify.fixture("keys.low_balance")
    video = knowlify.fixture("videos.low_balance_complete")
    exchange = knowlify.post(EDITS, key=key, json=edit_body(video))
    with knowlify.judge("CRED-001"):
        expect_status(exchange, 402, requirement="CRED-001", why="an account below the edit's cost")
    if exchange.status_code != 402:
        raise NotApplicable(f"premise not observed: a 402 to read (got {exchange.status_code})")
    detail = str(exchange.json().get("detail", ""))
    loose = re.match(r"^INSUFFICIENT_CREDITS: edit could cost up to (\S+), have (\S+)$", detail)
    with knowlify.judge("CRED-002"):
        if loose is None:
            raise _fail("CRED-002", f"detail {detail!r} is not the documented text", exchange)
        cost, balance = (float(g) for g in loose.groups())
        if not balance < cost:
            raise _fail("CRED-002", f"balance {balance} is not below cost {cost}", exchange)
    with knowlify.judge("CRED-003"):
        premise(loose is not None, "the documented 402 text, to read N and M in")
        if not INSUFFICIENT_CREDITS_PATTERN.match(detail):
            raise _fail("CRED-003", f"N or M in {detail!r} is not an integer", exchange)
    with knowlify.judge("CRED-004"):
        if "edit_id" in exchange.json():
            raise _fail("CRED-004", "a 402 body carries an edit_id", exchange)
