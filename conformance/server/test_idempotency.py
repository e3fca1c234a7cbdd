"""Idempotency-Key on POST /v1/edits (section 6.1): replays return the original."""

from __future__ import annotations

import uuid

import pytest

from ..contract.constants import EDIT_ACCEPTED_STATUSES
from ..exchange import Exchange
from ..failures import ConformanceFailure, NotApplicable
from ..harness import Harness
from ..oracles import expect_status
from .bodies import EDITS, edit_body, edit_path, revert_path

requirement = pytest.mark.requirement


@requirement("IDEM-001", "IDEM-002", "IDEM-003", "IDEM-004")
def test_replay_returns_the_original_and_creates_nothing(knowlify: Harness) -> None:
    knowlify.spend("two edits and a replay", requests=3)
    video = knowlify.fixture("videos.complete")
    key = f"conformance-{uuid.uuid4()}"
    first = knowlify.post(EDITS, json=edit_body(video), idempotency_key=key)
    expect_status(
        first, EDIT_ACCEPTED_STATUSES, requirement="IDEM-001", why="the first request of an edit"
    )
    replay = knowlify.post(EDITS, json=edit_body(video), idempotency_key=key)
    _expect_the_original(replay, first, "the replay")
    other = knowlify.post(EDITS, json=edit_body(video), idempotency_key=f"{key}-other")
    if other.json().get("edit_id") == first.json().get("edit_id"):
        raise ConformanceFailure(
            requirement="IDEM-003",
            title="keys collide",
            message="a different key returned the same edit",
            exchange=other,
        )
    changed = knowlify.post(
        EDITS, json=edit_body(video, edit_request="Something else"), idempotency_key=key
    )
    expect_status(
        changed,
        range(400, 500),
        requirement="IDEM-004",
        why="the same Idempotency-Key with a different body",
    )


_STEP_SECONDS = 3.0
_MAX_POLLS = 40


@requirement("IDEM-001", "IDEM-002")
def test_a_replay_leaves_no_hidden_edit_behind(knowlify: Harness) -> None:
    # A replay may answer the original and still create an edit behind it. That edit shows
    # once the original completes: reverting the original then meets an active or newer edit.
    # A replay once the edit has moved on must still be the original answer, not its state now.
    knowlify.needs_time_to_pass("waiting for the edit to complete")
    video = knowlify.fixture("videos.idempotency_probe")
    knowlify.spend("an edit and its replays", requests=3)
    key = f"conformance-{uuid.uuid4()}"
    first = knowlify.post(EDITS, json=edit_body(video), idempotency_key=key)
    expect_status(
        first, EDIT_ACCEPTED_STATUSES, requirement="IDEM-001", why="the first request of an edit"
    )
    edit_id = str(first.json().get("edit_id"))
    knowlify.post(EDITS, json=edit_body(video), idempotency_key=key)
    status = str(first.json().get("status"))
    for _ in range(_MAX_POLLS):
        if status in {"complete", "error"}:
            break
        knowlify.wait(_STEP_SECONDS)
        polled = knowlify.get(edit_path(edit_id))
        if polled.status_code != 200:  # the GET's own rules judge that answer
            raise NotApplicable(f"GET of the edit answered {polled.status_code}")
        status = str(polled.json().get("status"))
    late = knowlify.post(EDITS, json=edit_body(video), idempotency_key=key)
    _expect_the_original(late, first, "a replay after the edit moved on")
    if status != "complete":
        raise NotApplicable(f"the edit ended {status!r}, not complete: nothing to revert")
    revert = knowlify.post(revert_path(edit_id))
    if revert.status_code == 409:
        raise ConformanceFailure(
            requirement="IDEM-002",
            title="replay created an edit",
            message="the original edit cannot be reverted after its replay (409): an edit "
            "newer than it exists on a video nothing else edits",
            exchange=revert,
        )
    if revert.status_code != 200:
        raise NotApplicable(f"the revert answered {revert.status_code} (see REV-001)")


def _expect_the_original(replay: Exchange, first: Exchange, which: str) -> None:
    """A replay answers the first request's status and body, whenever it comes (24 h)."""
    expect_status(replay, first.status_code, requirement="IDEM-001", why=f"{which} of the key")
    if replay.json().get("edit_id") != first.json().get("edit_id"):
        raise ConformanceFailure(
            requirement="IDEM-002",
            title="replay created an edit",
            message=f"{which} answered a new edit_id",
            exchange=replay,
        )
    if replay.json() != first.json():
        raise ConformanceFailure(
            requirement="IDEM-001",
            title="replay differs",
            message=f"the body of {which} is not the original's",
            exchange=replay,
        )
