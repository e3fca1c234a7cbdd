"""Idempotency-Key on POST /v1/edits (section 6.1): replays return the original."""

from __future__ import annotations

import uuid

import pytest

from ..failures import ConformanceFailure
from ..harness import Harness
from ..oracles import expect_status
from .bodies import EDITS, edit_body

requirement = pytest.mark.requirement


@requirement("IDEM-001", "IDEM-002", "IDEM-003", "IDEM-004")
def test_replay_returns_the_original_and_creates_nothing(knowlify: Harness) -> None:
    knowlify.spend("two edits and a replay", requests=3)
    video = knowlify.fixture("videos.complete")
    key = f"conformance-{uuid.uuid4()}"
    first = knowlify.post(EDITS, json=edit_body(video), idempotency_key=key)
    expect_status(first, 200, requirement="IDEM-001", why="the first request of an operation")
    replay = knowlify.post(EDITS, json=edit_body(video), idempotency_key=key)
    expect_status(replay, first.status_code, requirement="IDEM-001", why="a replay of the same key")
    if replay.json().get("edit_id") != first.json().get("edit_id"):
        raise ConformanceFailure(
            requirement="IDEM-002",
            title="replay created an edit",
            message="the replay answered a new edit_id",
            exchange=replay,
        )
    if replay.json() != first.json():
        raise ConformanceFailure(
            requirement="IDEM-001",
            title="replay differs",
            message="the replay's body is not the original's",
            exchange=replay,
        )
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
