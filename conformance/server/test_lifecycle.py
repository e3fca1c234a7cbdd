"""How edits move over time (sections 6.3, 6.4): the status lifecycle, and LIFO reverts.

Both need time to pass, so they run only against in-process targets, whose clock the harness
moves with ``target.sleep``; on a live target each edit would take minutes of real time. Each
check creates edits, so each spends.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from ..contract.constants import EDIT_ACCEPTED_STATUSES, EDIT_STATUSES
from ..exchange import Exchange
from ..failures import FailureFactory, NotApplicable
from ..harness import Harness
from ..oracles import expect_status
from .bodies import EDITS, edit_body, edit_path, revert_path
from .test_edits import check_edit_shape
from .test_revert import check_not_revertable

requirement = pytest.mark.requirement

# One step of the documented lifecycle (section 6.3): (queued ->) processing -> applying ->
# complete | error, and only complete moves on, to reverted. Polls may skip steps, so a poll
# may show any status reachable from the previous one.
_STEPS = {
    "queued": {"processing"},
    "processing": {"applying", "error"},
    "applying": {"complete", "error"},
    "complete": {"reverted"},
    "error": set(),
    "reverted": set(),
}
assert set(_STEPS) == set(EDIT_STATUSES)


def _reachable(status: str) -> set[str]:
    found, frontier = {status}, [status]
    while frontier:
        for following in _STEPS[frontier.pop()] - found:
            found.add(following)
            frontier.append(following)
    return found


_REACHABLE = {status: _reachable(status) for status in EDIT_STATUSES}
_STEP_SECONDS = 3.0
_MAX_POLLS = 40
_SETTLE_SECONDS = 30.0
History = list[tuple[str, Exchange]]


_fail = FailureFactory("edit lifecycle breaks the contract")


def _needs_clock(knowlify: Harness, what: str) -> None:
    knowlify.needs_time_to_pass(what)


def _check_transitions(history: History) -> None:
    for (before, _), (after, exchange) in pairwise(history):
        if after not in _REACHABLE[before]:
            raise _fail("EDIT-022", f"status moved from {before!r} to {after!r}", exchange)


def _create(knowlify: Harness, video: str, rule: str, **fields: str) -> tuple[str, History]:
    exchange = knowlify.post(EDITS, json=edit_body(video, **fields))
    expect_status(
        exchange, EDIT_ACCEPTED_STATUSES, requirement=rule, why="an edit of the caller's own video"
    )
    body = check_edit_shape(exchange)
    return str(body["edit_id"]), [(str(body["status"]), exchange)]


def _poll(knowlify: Harness, edit_id: str, history: History, rule: str) -> str:
    exchange = knowlify.get(edit_path(edit_id))
    expect_status(exchange, 200, requirement=rule, why="a GET of the caller's own edit")
    history.append((str(check_edit_shape(exchange, edit_id=edit_id)["status"]), exchange))
    _check_transitions(history)
    return history[-1][0]


def _watch(knowlify: Harness, edit_id: str, history: History, rule: str) -> str:
    """Poll until the edit is complete or in error; its last status."""
    for _ in range(_MAX_POLLS):
        if history[-1][0] in {"complete", "error"}:
            return history[-1][0]
        knowlify.wait(_STEP_SECONDS)
        _poll(knowlify, edit_id, history, rule)
    raise NotApplicable(f"edit still {history[-1][0]!r} after {_MAX_POLLS} polls")


@requirement("EDIT-022")
@pytest.mark.parametrize(
    "ending",
    [
        "complete",
        pytest.param("error", marks=requirement("REV-004", "REV-005", "REV-006")),
        "reverted",
    ],
)
def test_edit_status_follows_the_lifecycle(knowlify: Harness, ending: str) -> None:
    _needs_clock(knowlify, "watching an edit run")
    video = knowlify.fixture("videos.edit_lifecycle")
    fields: dict[str, str] = {}
    if ending == "error":
        knowlify.sandbox_only("an edit that fails")
        fields["edit_request"] = f"Fail this edit {knowlify.fixture('markers.edit_failure')}"
    knowlify.spend(f"an edit that ends {ending}")
    edit_id, history = _create(knowlify, video, "EDIT-022", **fields)
    reached = _watch(knowlify, edit_id, history, "EDIT-022")
    if reached != ("error" if ending == "error" else "complete"):
        raise NotApplicable(f"the edit ended {reached!r}; this case watches one that ends {ending}")
    if ending == "error":
        check_not_revertable(knowlify, edit_id, why="an edit this run saw end in error")
    if ending == "reverted":
        exchange = knowlify.post(revert_path(edit_id))
        if exchange.status_code != 200:
            raise NotApplicable("the latest complete edit could not be reverted (see REV-001)")
        history.append((str(check_edit_shape(exchange, edit_id=edit_id)["status"]), exchange))
        _check_transitions(history)
    if len({status for status, _ in history}) < 2:
        raise NotApplicable(f"only {history[0][0]!r} was ever seen: no transition to judge")
    final = history[-1][0]
    knowlify.wait(_SETTLE_SECONDS)
    if _poll(knowlify, edit_id, history, "EDIT-022") != final:
        raise _fail("EDIT-022", f"{final!r} changed by itself", history[-1][1])


@requirement("REV-009")
@pytest.mark.parametrize("newer", ["reverted", "errored"])
def test_older_edit_reverts_once_newer_ones_are_gone(knowlify: Harness, newer: str) -> None:
    _needs_clock(knowlify, "waiting for two edits to finish")
    video = knowlify.fixture("videos.revert_lifo")
    fields: dict[str, str] = {}
    if newer == "errored":
        knowlify.sandbox_only("a newer edit that fails")
        fields["edit_request"] = f"Fail this edit {knowlify.fixture('markers.edit_failure')}"
    knowlify.spend("two edits of one video", requests=2)
    older_id, older = _create(knowlify, video, "REV-009")
    newer_id, history = _create(knowlify, video, "REV-009", **fields)
    expected = "error" if newer == "errored" else "complete"
    if _watch(knowlify, newer_id, history, "REV-009") != expected:
        raise NotApplicable(f"the newer edit ended {history[-1][0]!r}, not {expected!r}")
    if _poll(knowlify, older_id, older, "REV-009") != "complete":
        raise NotApplicable(f"the older edit is {older[-1][0]!r}, not complete")
    if newer == "reverted":
        early = knowlify.post(revert_path(older_id))
        expect_status(
            early,
            409,
            requirement="REV-008",
            why="the older edit while a newer complete edit exists",
        )
        undo = knowlify.post(revert_path(newer_id))
        expect_status(undo, 200, requirement="REV-009", why="the newest complete edit")
    final = knowlify.post(revert_path(older_id))
    expect_status(
        final, 200, requirement="REV-009", why=f"the older edit once the newer one is {newer}"
    )
    status = check_edit_shape(final, edit_id=older_id)["status"]
    if status != "reverted":
        raise _fail("REV-009", f"the revert's 200 shows {status!r}", final)
