"""Idempotency-Key on POST /v1/edits (section 6.1): replays return the original."""

from __future__ import annotations

import uuid

import pytest

from ..contract.constants import EDIT_ACCEPTED_STATUSES
from ..exchange import Exchange
from ..failures import ConformanceFailure, NotApplicable
from ..harness import Harness
from ..judgement import premise
from ..oracles import expect_status
from .bodies import EDITS, edit_body, edit_path, revert_path

requirement = pytest.mark.requirement


def _first_edit(knowlify: Harness, video: str, key: str) -> Exchange:
    """The first request of a keyed edit; one not accepted leaves nothing to replay (the edit's
    own rules, EDIT-012 and on, judge that answer)."""
    first = knowlify.post(EDITS, json=edit_body(video), idempotency_key=key)
    if first.status_code not in EDIT_ACCEPTED_STATUSES:
        raise NotApplicable(
            f"premise not observed: the first keyed edit was accepted (it got {first.status_code})"
        )
    return first


@requirement("IDEM-001", "IDEM-002", "IDEM-003", "IDEM-004")
def test_replay_returns_the_original_and_creates_nothing(knowlify: Harness) -> None:
    knowlify.spend("two edits and a replay", requests=3)
    video = knowlify.fixture("videos.complete")
    key = f"conformance-{uuid.uuid4()}"
    first = _first_edit(knowlify, video, key)
    replay = knowlify.post(EDITS, json=edit_body(video), idempotency_key=key)
    _expect_the_original(knowlify, replay, first, "the replay")
    other = knowlify.post(EDITS, json=edit_body(video), idempotency_key=f"{key}-other")
    with knowlify.judge("IDEM-003"):
        premise(
            other.status_code in EDIT_ACCEPTED_STATUSES,
            f"the edit under another key was accepted (it got {other.status_code})",
        )
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
    with knowlify.judge("IDEM-004"):
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
    first = _first_edit(knowlify, video, key)
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
    _expect_the_original(knowlify, late, first, "a replay after the edit moved on")
    with knowlify.judge("IDEM-002"):
        premise(status == "complete", f"the edit completed, to be reverted (it ended {status!r})")
        _expect_revertable(knowlify, edit_id)


def _expect_revertable(knowlify: Harness, edit_id: str) -> None:
    revert = knowlify.post(revert_path(edit_id))
    if revert.status_code == 409:
        raise ConformanceFailure(
            requirement="IDEM-002",
            title="replay created an edit",
            message="the original edit cannot be reverted after its replay (409): an edit "
            "newer than it exists on a video nothing else edits",
            exchange=revert,
        )
    premise(revert.status_code == 200, f"the revert answered 200 (it got {revert.status_code})")


def _expect_the_original(knowlify: Harness, replay: Exchange, first: Exchange, which: str) -> None:
    """A replay answers the first request's status and body, whenever it comes (24 h), and
    creates no second edit: IDEM-001 and IDEM-002 judged apart."""
    with knowlify.judge("IDEM-002"):
        premise(
            replay.status_code in EDIT_ACCEPTED_STATUSES,
            f"{which} answered an edit, whose edit_id shows whether it is a new one "
            f"(it got {replay.status_code})",
        )
        if replay.json().get("edit_id") != first.json().get("edit_id"):
            raise ConformanceFailure(
                requirement="IDEM-002",
                title="replay created an edit",
                message=f"{which} answered a new edit_id",
                exchange=replay,
            )
    with knowlify.judge("IDEM-001"):
        expect_status(replay, first.status_code, requirement="IDEM-001", why=f"{which} of the key")
        if replay.json() != first.json():
            raise ConformanceFailure(
                requirement="IDEM-001",
                title="replay differs",
                message=f"the body of {which} is not the original's",
                exchange=replay,
            )
