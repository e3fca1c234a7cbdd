"""POST /v1/edits/{edit_id}/revert (section 6.4): the not-revertable 409, three guards, LIFO."""

from __future__ import annotations

import pytest

from ..contract.constants import EDIT_NOT_FOUND_DETAIL, EDIT_NOT_OWNED_DETAIL
from ..exchange import Exchange
from ..failures import ConformanceFailure, FailureFactory, NotApplicable
from ..harness import Harness
from ..judgement import premise
from ..oracles import expect_status
from .bodies import UNKNOWN_ID, edit_path, revert_path
from .fresh_edits import revertable_edit
from .test_edits import check_edit_shape_fields

requirement = pytest.mark.requirement
_NOT_REVERTABLE_PREFIX = "edit is not in a revertable state (status="


def _detail(exchange: Exchange) -> str:
    body = exchange.json()
    return str(body.get("detail", "")) if isinstance(body, dict) else ""


_fail = FailureFactory("revert breaks the contract")


def check_not_revertable(knowlify: Harness, edit_id: str, *, why: str) -> None:
    """Revert ``edit_id``, whose status is not ``complete``: the answer must be the 409 whose
    detail names the edit's current status (REV-004..006)."""
    exchange = knowlify.post(revert_path(edit_id))  # no body, no Content-Type
    with knowlify.judge("REV-004"):
        expect_status(exchange, 409, requirement="REV-004", why=why)
    if exchange.status_code != 409:
        raise NotApplicable(
            f"premise not observed: the revert was refused 409 (got {exchange.status_code})"
        )
    detail = _detail(exchange)
    with knowlify.judge("REV-005"):
        if not detail.startswith(_NOT_REVERTABLE_PREFIX):
            raise _fail("REV-005", f"detail {detail!r} is not the documented text", exchange)
    with knowlify.judge("REV-006"):
        polled = knowlify.get(edit_path(edit_id))
        # The GET's own rules judge that answer.
        premise(
            polled.status_code == 200, f"a GET of the edit answered 200 (got {polled.status_code})"
        )
        current = polled.json().get("status")
        premise(
            detail.startswith(_NOT_REVERTABLE_PREFIX),
            "the documented 409 text, to read the status in",
        )
        if detail != f"{_NOT_REVERTABLE_PREFIX}{current})":
            raise _fail(
                "REV-006",
                f"detail {detail!r} does not name the current status {current!r}",
                exchange,
            )


@requirement("REV-001", "REV-002", "REV-003", "REV-004")
def test_revert_of_the_latest_complete_edit(knowlify: Harness) -> None:
    edit_id = revertable_edit(knowlify, "revertable")
    before = knowlify.get(edit_path(edit_id))
    exchange = knowlify.post(revert_path(edit_id))  # no body, no Content-Type
    with knowlify.judge("REV-003"):
        expect_status(
            exchange, 200, requirement="REV-003", why="a bodiless revert of a revertable edit"
        )
    if exchange.status_code != 200:
        raise NotApplicable(
            f"premise not observed: the revert answered 200 (got {exchange.status_code})"
        )
    # The fields are the premise; the shape's other rules (timestamps, echo) are EDIT-0xx's.
    body = check_edit_shape_fields(exchange)
    with knowlify.judge("REV-001"):
        if body["status"] != "reverted" or body["is_complete"] is not True:
            raise _fail("REV-001", f"status {body['status']!r} after a successful revert", exchange)
        after = knowlify.get(edit_path(edit_id))
        if after.json().get("status") != "reverted":
            raise _fail("REV-001", "a later GET does not show 'reverted'", after)
    with knowlify.judge("REV-002"):
        original, result = before.json().get("result") or {}, body.get("result") or {}
        if "revert_diff" not in result:
            raise _fail("REV-002", "result has no revert_diff", exchange)
        changed = {k for k, v in original.items() if result.get(k) != v}
        if changed:
            raise _fail("REV-002", f"the revert changed result keys {sorted(changed)}", exchange)
    # Only the status is judged: which 409 detail a reverted edit gets is not stated (the
    # status guard's, or guard 3's if that runs first; contract.md §9, q. 15).
    with knowlify.judge("REV-004"):
        premise(body["status"] == "reverted", "the edit reverted, to revert it again")
        again = knowlify.post(revert_path(edit_id))
        expect_status(again, 409, requirement="REV-004", why="a second revert of an edit reverted")


@requirement("REV-004", "REV-005", "REV-006")
def test_revert_of_a_failed_edit_is_409_not_revertable(knowlify: Harness) -> None:
    edit_id = knowlify.fixture("edits.errored")
    before = knowlify.get(edit_path(edit_id))
    if before.status_code == 200 and before.json().get("status") != "error":
        # Only a request earlier in the run can have moved it: EDIT-022 judges that move.
        raise NotApplicable(
            f"fixture edits.errored is {before.json().get('status')!r}, not 'error'"
        )
    check_not_revertable(knowlify, edit_id, why="an edit whose status is error")


GUARDS = {
    "REV-007": ("edits.blocked_by_active_edit", "another edit on the video is still active"),
    "REV-008": ("edits.blocked_by_newer_edit", "a newer complete edit exists"),
    "REV-010": ("edits.blocked_by_dashboard_snapshot", "a dashboard snapshot landed after it"),
}


@pytest.mark.parametrize(
    ("rule", "fixture", "why"),
    [pytest.param(rule, *case, marks=requirement(rule), id=rule) for rule, case in GUARDS.items()],
)
def test_revert_guard_refuses_with_409(
    knowlify: Harness, rule: str, fixture: str, why: str
) -> None:
    exchange = knowlify.post(revert_path(knowlify.fixture(fixture)))
    expect_status(exchange, 409, requirement=rule, why=why)


@requirement("REV-011")
def test_each_guard_names_its_rule(knowlify: Harness) -> None:
    details = {}
    for rule, (fixture, _) in GUARDS.items():
        exchange = knowlify.post(revert_path(knowlify.fixture(fixture)))
        expect_status(exchange, 409, requirement="REV-011", why=f"the {rule} guard")
        details[rule] = _detail(exchange)
        if details[rule].startswith(_NOT_REVERTABLE_PREFIX):
            raise _fail("REV-011", f"{rule} answers the not-revertable text", exchange)
    if len(set(details.values())) != len(details):
        raise ConformanceFailure(
            requirement="REV-011",
            title="guards share a detail",
            message=f"the three guards' details are not distinct: {details}",
        )


@requirement("REV-012")
def test_revert_of_unknown_edit_is_404(knowlify: Harness) -> None:
    exchange = knowlify.post(revert_path(UNKNOWN_ID))
    expect_status(exchange, 404, requirement="REV-012", why="an edit_id that does not exist")
    if _detail(exchange) != EDIT_NOT_FOUND_DETAIL:
        raise _fail(
            "REV-012", f"detail {_detail(exchange)!r} != {EDIT_NOT_FOUND_DETAIL!r}", exchange
        )


@requirement("REV-013")
def test_revert_of_another_accounts_edit_is_403(knowlify: Harness) -> None:
    exchange = knowlify.post(revert_path(knowlify.fixture("edits.other_account")))
    expect_status(exchange, 403, requirement="REV-013", why="an edit submitted by another account")
    if _detail(exchange) != EDIT_NOT_OWNED_DETAIL:
        raise _fail(
            "REV-013", f"detail {_detail(exchange)!r} != {EDIT_NOT_OWNED_DETAIL!r}", exchange
        )
